package scaffold

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/format"
)

// TestFiles: the files a new finding aid gets, in order, each YAML file in
// fonds fmt's layout with its schema line, and the schema files last.
// (pkg/cli's TestNew checks, builds and validates what they make.)
func TestFiles(t *testing.T) {
	files, err := Files(Options{Name: "my fonds", Series: 2, Reels: true, Chronology: true, Date: "2025"})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	want := "fonds.yaml authorities.yaml reels.yaml chronology.yaml series/01.yaml series/02.yaml " +
		"schema/fonds.schema.json schema/series.schema.json schema/parts.schema.json schema/authorities.schema.json schema/reels.schema.json schema/chronology.schema.json"
	if got := strings.Join(paths, " "); got != want {
		t.Fatalf("files:\n%s\nwant:\n%s", got, want)
	}
	kinds := map[string]string{"fonds.yaml": "fonds", "authorities.yaml": "authorities", "reels.yaml": "reels",
		"chronology.yaml": "chronology", "series/01.yaml": "series", "series/02.yaml": "series"}
	for _, f := range files[:6] {
		again, err := format.Source(f.Data, kinds[f.Path])
		if err != nil || !bytes.Equal(again, f.Data) {
			t.Errorf("%s is not in fonds fmt's layout: %v", f.Path, err)
		}
		wantLine := "# yaml-language-server: $schema=" + strings.Repeat("../", strings.Count(f.Path, "/")) + "schema/"
		if !bytes.HasPrefix(f.Data, []byte(wantLine)) {
			t.Errorf("%s starts %.60q", f.Path, f.Data)
		}
	}
	for _, want := range []string{"reference_code: MY-FONDS", "  id: MY-FONDS", `  date: "2025"`, "  - include: series/02.yaml", "reels: reels.yaml", "chronology: chronology.yaml", "isil: NL-EXAMPLE"} {
		if !bytes.Contains(files[0].Data, []byte(want)) {
			t.Errorf("fonds.yaml lacks %q", want)
		}
	}
	if !bytes.Contains(files[2].Data, []byte("{reel: 1, items: 1-2}")) {
		t.Errorf("reels.yaml:\n%s", files[2].Data)
	}
}

func TestFilesRefused(t *testing.T) {
	for _, tt := range []struct {
		opt  Options
		want string
	}{
		{Options{Series: 0, Date: "2025"}, "--series must be 1 to 99, not 0"},
		{Options{Series: 100, Date: "2025"}, "--series must be 1 to 99, not 100"},
		{Options{Series: 1}, "no date"},
		{Options{Series: 1, Date: "2025", ISIL: "OCLC-123"}, "name the repository's country with --country"},
	} {
		if _, err := Files(tt.opt); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.opt, err, tt.want)
		}
	}
}

func TestReferenceCode(t *testing.T) {
	for in, want := range map[string]string{"my-fonds": "MY-FONDS", "my fonds": "MY-FONDS", "Archiv Müller": "ARCHIV-MULLER", "arch01483": "ARCH01483", "Архив": "ARHIV", "élan/x": "ELAN-X"} {
		if got := ReferenceCode(in); got != want {
			t.Errorf("ReferenceCode(%q) = %q, want %q", in, got, want)
		}
	}
}
