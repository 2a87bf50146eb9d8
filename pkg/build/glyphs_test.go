package build

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/source"
	"unicode"
)

// TestGlyphs checks the warnings of what the PDF's fonts cannot draw, with
// a stand-in for the fonts that draws Latin letters only: each character
// once per file, at its own line and column (after a byte order mark,
// inside a block of Markdown), never in a comment, ten at most per file,
// and only when the sources have no error.
func TestGlyphs(t *testing.T) {
	latin := Glyphs{Printable: func(r rune) bool { return unicode.Is(unicode.Latin, r) }}
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte("\xEF\xBB\xBF" + `reference_code: T
title: Letters to Davidovič and Τρότσκι   # Ψ in a comment is not read
dates: "1930"
extent: 1 box
repository: {name: R}
finding_aid: {id: t, date: "2020", language: eng}
scope_and_content: |
  Mostly Latin, and τ again;
  then Ω, # not a comment inside Markdown
contents:
  - include: s.yaml
`)},
		"s.yaml": {Data: []byte("id: s\ntitle: " + "αβγδεζηθικλμ" + "\n")},
	}
	res := CheckFS(fsys, "fa", Options{Checkers: []Checker{latin}})
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.Error())
	}
	want := []string{
		`fa/fonds.yaml:2:33: warning: the PDF's fonts have no glyph for 'Τ' (U+03A4, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:34: warning: the PDF's fonts have no glyph for 'ρ' (U+03C1, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:35: warning: the PDF's fonts have no glyph for 'ό' (U+03CC, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:36: warning: the PDF's fonts have no glyph for 'τ' (U+03C4, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:37: warning: the PDF's fonts have no glyph for 'σ' (U+03C3, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:38: warning: the PDF's fonts have no glyph for 'κ' (U+03BA, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:2:39: warning: the PDF's fonts have no glyph for 'ι' (U+03B9, Greek); it prints there as an empty box (the EAD and the website show it)`,
		`fa/fonds.yaml:9:8: warning: the PDF's fonts have no glyph for 'Ω' (U+03A9, Greek); it prints there as an empty box (the EAD and the website show it)`,
	}
	for i, r := range []rune("αβγδεζηθικ") {
		want = append(want, fmt.Sprintf("fa/s.yaml:2:%d: warning: the PDF's fonts have no glyph for %q", 8+i, r))
	}
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s", got[i], want[i])
		}
	}

	// An error found in loading (the schema's), and one found only when
	// the model is resolved, while the glyphs are looked at beside it.
	for what, c := range map[string]struct{ src, want string }{
		"inv: x":            {"id: s\ntitle: Ψ\ninv: x\n", "inv"},
		"an unknown person": {"id: s\ntitle: Ψ\nscope_and_content: \"[X](person:nobody)\"\n", `unknown person "nobody"`},
	} {
		fsys["s.yaml"] = &fstest.MapFile{Data: []byte(c.src)}
		res = CheckFS(fsys, "fa", Options{Checkers: []Checker{latin}})
		found := false
		for _, d := range res.Diags {
			if strings.Contains(d.Error(), "no glyph") {
				t.Errorf("%s: warned of glyphs in sources with an error: %s", what, d.Error())
			}
			found = found || d.Severity == source.Error && strings.Contains(d.Error(), c.want)
		}
		if !found {
			t.Errorf("no error for %s naming %q: %v", what, c.want, res.Diags)
		}
	}
}
