package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/schema"
)

// TestNew runs fonds new in a temporary folder, then fonds check (strict:
// no warning either), fonds build, and validates the EAD with xmllint; the
// files are in fonds fmt's layout, and each file's schema line leads to a
// schema file beside the sources that accepts the file.
func TestNew(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string // files besides fonds.yaml and authorities.yaml
	}{
		{"plain", nil, []string{"series/01.yaml"}},
		{"everything", []string{"--series", "3", "--reels", "--chronology"},
			[]string{"reels.yaml", "chronology.yaml", "series/01.yaml", "series/02.yaml", "series/03.yaml"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "my fonds")
			args := append(append([]string{"new", "--date", "2025"}, tt.args...), dir)
			code, out, errs := run(t, args...)
			if code != ExitOK {
				t.Fatalf("fonds new: exit %d\n%s%s", code, out, errs)
			}
			if !strings.Contains(out, "fonds check "+filepath.ToSlash(dir)) {
				t.Errorf("fonds new does not say what to do next:\n%s", out)
			}
			for _, f := range append([]string{"fonds.yaml", "authorities.yaml"}, tt.want...) {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s not written", f)
				}
			}
			code, out, errs = run(t, "check", "--strict", dir)
			if code != ExitOK || errs != "" {
				t.Fatalf("fonds check --strict: exit %d\n%s%s", code, out, errs)
			}
			if !strings.Contains(out, "MY-FONDS — Title of the fonds (ok)") {
				t.Errorf("summary:\n%s", out)
			}
			dist := filepath.Join(t.TempDir(), "dist")
			code, out, errs = run(t, "build", "--strict", "-o", dist, dir)
			if code != ExitOK {
				t.Fatalf("fonds build: exit %d\n%s%s", code, out, errs)
			}
			testtool.ValidateEAD(t, filepath.Join(dist, "my-fonds", "my-fonds.xml"))
			code, out, errs = run(t, "fmt", "-l", dir)
			if code != ExitOK || out != "" || errs != "" {
				t.Errorf("fonds fmt -l: exit %d, files not in fonds fmt's layout:\n%s%s", code, out, errs)
			}
			checkSchemaLines(t, dir)
		})
	}
}

// checkSchemaLines checks that every source file of the finding aid in dir
// starts with a yaml-language-server line whose path, relative to the
// file, leads to a schema of the file's kind that accepts the file on its
// own: what an editor anywhere reads.
func checkSchemaLines(t *testing.T, dir string) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	set, diags := load.Parse(root.FS(), "", load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	const prefix = "# yaml-language-server: $schema="
	for _, doc := range set.Docs {
		first, _, _ := bytes.Cut(doc.Data, []byte("\n"))
		ref, ok := strings.CutPrefix(string(first), prefix)
		if !ok {
			t.Errorf("%s: first line %q", doc.Rel, first)
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(doc.Rel), "..", filepath.FromSlash(ref))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: schema line leads nowhere: %v", doc.Rel, err)
			continue
		}
		want, _ := schema.Bundle(doc.Kind)
		if !bytes.Equal(data, want) {
			t.Errorf("%s: %s is not the %s schema", doc.Rel, ref, doc.Kind)
		}
		s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(data))
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		res, err := s.Validate(gojsonschema.NewGoLoader(doc.Value))
		if err != nil || !res.Valid() {
			t.Errorf("%s: refused by %s: %v %v", doc.Rel, ref, err, res.Errors())
		}
	}
}

func TestNewOptions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "iish")
	code, out, errs := run(t, "new", "--title", "Papers of A. Smith: letters", "--repository", "International Institute of Social History",
		"--isil", "NL-AmISG", "--date", "1999", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "fonds.yaml"))
	for _, want := range []string{
		`title: "Papers of A. Smith: letters"` + "\n",
		"  name: International Institute of Social History\n",
		"  isil: NL-AmISG  # ISIL (ISO 15511)\n",
		"  country: NL     # ISO 3166-1\n",
		`  date: "1999"`,
		"reference_code: IISH",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("fonds.yaml lacks %q:\n%s", want, data)
		}
	}
	if code, out, errs := run(t, "check", "--strict", "--profile", "ape", dir); code != ExitOK {
		t.Errorf("check: exit %d\n%s%s", code, out, errs)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "946684800") // 2000-01-01
	dir2 := filepath.Join(t.TempDir(), "x")
	if code, _, errs := run(t, "new", dir2); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, _ = os.ReadFile(filepath.Join(dir2, "fonds.yaml"))
	if !strings.Contains(string(data), `  date: "2000"`) {
		t.Errorf("SOURCE_DATE_EPOCH not used:\n%s", data)
	}
}

// TestNewRefuses: a folder that holds anything, a file, and wrong
// options are refused with exit status 2, and nothing is written.
func TestNewRefuses(t *testing.T) {
	tmp := t.TempDir()
	full := filepath.Join(tmp, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644)
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{full}, "is not empty; fonds new starts a finding aid in a new or empty folder"},
		{[]string{file}, "exists and is not a folder"},
		{[]string{"--series", "0", filepath.Join(tmp, "a")}, "--series must be 1 to 99, not 0"},
		{[]string{"--isil", "OCLC-12", filepath.Join(tmp, "b")}, "name the repository's country with --country"},
		{nil, "usage: fonds new"},
		{[]string{filepath.Join(tmp, "c"), filepath.Join(tmp, "d")}, "usage: fonds new"},
	} {
		code, _, errs := run(t, append([]string{"new", "--date", "2025"}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tt.msg) {
			t.Errorf("fonds new %v: exit %d\n%s", tt.args, code, errs)
		}
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 2 {
		t.Errorf("fonds new left files behind: %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(full, "notes.txt")); string(data) != "mine" {
		t.Error("a refused folder was changed")
	}
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	if code, _, errs := run(t, "new", "--date", "2025", empty); code != ExitOK {
		t.Errorf("an empty folder refused: %s", errs)
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := run(t, "schema", "series")
	if code != ExitOK || !strings.Contains(out, `"$ref": "#/definitions/component"`) || !strings.Contains(out, `"definitions": {`) {
		t.Errorf("fonds schema series: exit %d\n%.300s", code, out)
	}
	code, out, _ = run(t, "schema")
	main, _ := schema.Files.ReadFile(schema.Main)
	if code != ExitOK || out != string(main) {
		t.Errorf("fonds schema does not print %s", schema.Main)
	}
	dir := filepath.Join(t.TempDir(), "s")
	code, out, _ = run(t, "schema", "--write", dir)
	if code != ExitOK || !strings.Contains(out, "wrote fonds.schema.json, series.schema.json, parts.schema.json, authorities.schema.json, reels.schema.json, chronology.schema.json into") {
		t.Errorf("fonds schema --write: exit %d\n%s", code, out)
	}
	for _, kind := range schema.KindNames() {
		data, err := os.ReadFile(filepath.Join(dir, schema.Kinds[kind].File))
		want, _ := schema.Bundle(kind)
		if err != nil || !bytes.Equal(data, want) {
			t.Errorf("%s: %v", kind, err)
		}
	}
	if code, _, errs := run(t, "schema", "reel"); code != ExitUsage || !strings.Contains(errs, `unknown kind "reel" (want one of fonds, series, parts, authorities, reels, chronology)`) {
		t.Errorf("unknown kind: exit %d %s", code, errs)
	}
}
