package pdf

import (
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

var (
	glyphOnce sync.Once
	glyphFont *sfnt.Font
)

// HasGlyph reports whether the inventory's fonts can draw r; a character
// they cannot prints as an empty box. The Go fonts cover Latin, Greek and
// Cyrillic; Hebrew, Arabic and Chinese, among others, they do not.
// It is safe to call from several goroutines.
func HasGlyph(r rune) bool {
	if r < 0x80 {
		return true
	}
	glyphOnce.Do(func() { glyphFont, _ = sfnt.Parse(goregular.TTF) })
	if glyphFont == nil {
		return false
	}
	var buf sfnt.Buffer
	g, err := glyphFont.GlyphIndex(&buf, r)
	return err == nil && g != 0
}
