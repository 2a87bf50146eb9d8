package build

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Glyphs is the Checker of the printed inventory's fonts: it warns of each
// character of the sources that Printable says they cannot draw, where it
// stands, once per character and file (ten at most per file). It reads
// the text of the files, not the model, so that the column is the
// character's own, inside a block of Markdown too; comments are skipped.
// fonds check runs it, and so does a build that writes the PDF, which
// passes its fonts' pdf.HasGlyph.
type Glyphs struct {
	Printable func(rune) bool
}

// Check implements Checker: CheckText, the model unread.
func (g Glyphs) Check(_ *model.Archive, files []source.File) source.List {
	return g.CheckText(files)
}

// CheckText implements TextChecker.
func (g Glyphs) CheckText(files []source.File) source.List {
	var diags source.List
	for _, f := range files {
		f.Data = bytes.TrimPrefix(f.Data, []byte("\xEF\xBB\xBF")) // a byte order mark is no character of the text
		g.file(f, &diags)
	}
	return diags
}

func (g Glyphs) file(f source.File, diags *source.List) {
	// Each character is looked up once; Latin, Greek and Cyrillic, the
	// commonest, through an array.
	var low [0x800]bool
	high := map[rune]bool{}
	looked := func(r rune) bool {
		if r < rune(len(low)) {
			l := low[r]
			low[r] = true
			return l
		}
		l := high[r]
		high[r] = true
		return l
	}
	data := f.Data
	found := 0
	comment := false
	for i := 0; i < len(data) && found < 10; {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == '\n':
			comment = false
		case r == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			comment = true
		case r >= 0x80 && !comment && !unicode.IsSpace(r) && !looked(r):
			if !g.Printable(r) {
				found++
				diags.Warnf(f.Pos(i), "",
					"the PDF's fonts have no glyph for %q (U+%04X%s); it prints there as an empty box (the EAD and the website show it)",
					r, r, scriptOf(r))
			}
		}
		i += n
	}
}

// scriptOf is ", Hebrew" for a Hebrew letter: the Unicode script of r.
func scriptOf(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name != "Common" && name != "Inherited" && unicode.Is(unicode.Scripts[name], r) {
			return ", " + strings.ReplaceAll(name, "_", " ")
		}
	}
	return ""
}
