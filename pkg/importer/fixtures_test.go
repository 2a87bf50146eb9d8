package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtures imports the fictional EAD files of testdata/ (OAI-PMH
// wrapper, windows-1252, DTD-style links, named entities, vendor
// attributes, invalid ids, twelve numbered levels, malformed XML) and
// compares the sources and the report with the golden files beside them
// (rewritten with UPDATE_GOLDEN=1). Every fixture that imports also makes
// the round trip.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".xml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			res, err := Import(bytes.NewReader(data), filepath.Base(f), Options{})
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) || se.Line == 0 || se.Col == 0 {
					t.Errorf("error %v has no line and column", err)
				}
				got.WriteString("error: " + err.Error() + "\n")
			} else {
				for _, p := range res.Paths() {
					got.WriteString("=== " + p + "\n")
					got.Write(res.Files[p])
				}
				got.WriteString("=== report\n")
				res.Report.WriteTo(&got)
				roundTrip(t, name, data)
			}
			golden(t, strings.TrimSuffix(f, ".xml")+".golden", got.Bytes())
		})
	}
}

// golden compares got with a golden file; UPDATE_GOLDEN=1 rewrites it. On
// a mismatch it writes <file>.got beside it and shows where they part.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to write it)", err)
	}
	if bytes.Equal(got, want) {
		os.Remove(file + ".got")
		return
	}
	os.WriteFile(file+".got", got, 0o644)
	line, w, g := firstDiff(want, got)
	t.Fatalf("%s differs at line %d (got written to %s.got):\nwant: %s\ngot:  %s", file, line, file, w, g)
}

// firstDiff returns the first line where two texts differ, and the line
// of each; 0 when they are the same.
func firstDiff(want, got []byte) (line int, w, g string) {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		w, g = "", ""
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return i + 1, w, g
		}
	}
	return 0, "", ""
}
