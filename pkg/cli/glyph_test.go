package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnprintableWarned: a character the PDF's fonts cannot draw is warned
// of where it stands, once, by check and by a build with the PDF, not by a
// build without it; Latin, Greek and Cyrillic are not; comments are not read.
func TestUnprintableWarned(t *testing.T) {
	root, err := filepath.Abs("../../testdata/fixtures/minimal")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	copyDir(t, root, "ex")
	data, err := os.ReadFile("ex/fonds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "title: A minimal finding aid (fictional test fixture)",
		"title: Letters to Davidovič, Τρότσκι, Троцкий and שלום שלום # 中文 in a comment", 1)
	write(t, "ex", "fonds.yaml", src)
	want := `ex/fonds.yaml:4:51: warning: the PDF's fonts have no glyph for 'ש' (U+05E9, Hebrew); it prints there as an empty box (the EAD and the website show it)`
	for _, args := range [][]string{{"check", "ex"}, {"build", "-o", "out", "ex"}} {
		code, _, stderr := run(t, args...)
		if code != ExitOK || !strings.Contains(stderr, want) {
			t.Errorf("fonds %s: exit %d; want %s in\n%s", args[0], code, want, stderr)
		}
		if n := strings.Count(stderr, "no glyph"); n != 4 {
			t.Errorf("fonds %s: %d warnings of glyphs, want 4 (ש ל ו ם, once each):\n%s", args[0], n, stderr)
		}
	}
	if _, _, stderr := run(t, "build", "--only", "ead", "-o", "out2", "ex"); strings.Contains(stderr, "no glyph") {
		t.Errorf("a build without the PDF warns of its glyphs:\n%s", stderr)
	}
}
