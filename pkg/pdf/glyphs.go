package pdf

import (
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

var (
	glyphOnce sync.Once
	glyphFont *sfnt.Font
	// glyphBufs are the lookups' scratch buffers: a check calls HasGlyph
	// for every character beyond ASCII of every text, and a new buffer cost
	// 1,792 bytes a call when each lookup made its own.
	glyphBufs = sync.Pool{New: func() any { return new(sfnt.Buffer) }}
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
	buf := glyphBufs.Get().(*sfnt.Buffer)
	g, err := glyphFont.GlyphIndex(buf, r)
	glyphBufs.Put(buf)
	return err == nil && g != 0
}
