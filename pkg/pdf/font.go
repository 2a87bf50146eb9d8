package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The faces of the inventory. The Go fonts (Bigelow & Holmes, BSD licence,
// shipped in golang.org/x/image) cover the WGL4 character set: Latin with
// every diacritic European archives need, Greek with its accents and
// Cyrillic, so one family serves the whole document and nothing is fetched
// or installed at run time.
const (
	regular = iota
	bold
	italic
	boldItalic
	mono
	numFaces
)

var faceData = [numFaces]struct {
	name string // PostScript name, without the subset tag
	ttf  []byte
	flag int // PDF font descriptor flags besides "nonsymbolic"
}{
	{"GoRegular", goregular.TTF, 0},
	{"GoBold", gobold.TTF, 0},
	{"GoItalic", goitalic.TTF, 64},
	{"GoBoldItalic", gobolditalic.TTF, 64},
	{"GoMono", gomono.TTF, 1},
}

// A face is one font as one document uses it: its metrics, and which glyphs
// the document has drawn, so that only those are embedded. A face belongs to
// one document; documents written concurrently each load their own.
type face struct {
	name   string
	flags  int
	data   []byte
	tables map[string][]byte
	sf     *sfnt.Font
	buf    sfnt.Buffer

	upem              float64
	numGlyphs         int
	adv               []int // advance width of each glyph, in 1/1000 em (PDF glyph space)
	ascent, descent   int   // in 1/1000 em
	capHeight         int
	bbox              [4]int
	italicAngle       float64
	ascender, lineGap float64 // in em

	low  [0x600]int32 // glyphs of the commonest characters (Latin, Greek, Cyrillic), -1 until looked up
	gid  map[rune]uint16
	used []bool // glyphs drawn
	uni  []rune // the character each drawn glyph stands for (ToUnicode)
}

// loadFaces parses the document's fonts.
func loadFaces() ([numFaces]*face, error) {
	var fs [numFaces]*face
	for i, d := range faceData {
		f, err := parseFace(d.name, d.ttf)
		if err != nil {
			return fs, fmt.Errorf("font %s: %w", d.name, err)
		}
		f.flags = 32 | d.flag
		fs[i] = f
	}
	return fs, nil
}

func parseFace(name string, ttf []byte) (*face, error) {
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("no %s table: not a TrueType font", t)
		}
	}
	head, hhea := tables["head"], tables["hhea"]
	if len(head) < 54 || len(hhea) < 36 || len(tables["maxp"]) < 6 {
		return nil, errors.New("truncated head, hhea or maxp table")
	}
	f := &face{name: name, data: ttf, tables: tables, sf: sf, gid: map[rune]uint16{}}
	for i := range f.low {
		f.low[i] = -1
	}
	f.upem = float64(binary.BigEndian.Uint16(head[18:]))
	f.numGlyphs = int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	em := func(v int16) int { return int(math.Round(float64(v) * 1000 / f.upem)) }
	for i := range 4 {
		f.bbox[i] = em(int16(binary.BigEndian.Uint16(head[36+2*i:])))
	}
	asc, desc := int16(binary.BigEndian.Uint16(hhea[4:])), int16(binary.BigEndian.Uint16(hhea[6:]))
	gap := int16(binary.BigEndian.Uint16(hhea[8:]))
	f.ascent, f.descent = em(asc), em(desc)
	f.ascender, f.lineGap = float64(asc)/f.upem, float64(gap)/f.upem
	f.capHeight = f.ascent * 7 / 10
	if os2 := tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		f.capHeight = em(int16(binary.BigEndian.Uint16(os2[88:])))
	}
	if post := tables["post"]; len(post) >= 8 {
		f.italicAngle = float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := tables["hmtx"]
	if nh == 0 || nh > f.numGlyphs || len(hmtx) < 4*nh {
		return nil, errors.New("bad hmtx table")
	}
	f.adv = make([]int, f.numGlyphs)
	for g := range f.numGlyphs {
		i := min(g, nh-1)
		f.adv[g] = int(math.Round(float64(binary.BigEndian.Uint16(hmtx[4*i:])) * 1000 / f.upem))
	}
	f.used = make([]bool, f.numGlyphs)
	f.uni = make([]rune, f.numGlyphs)
	return f, nil
}

// readTables reads an sfnt's table directory.
func readTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("truncated font")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	t := map[string][]byte{}
	for i := range n {
		e := ttf[12+16*i:]
		off, l := binary.BigEndian.Uint32(e[8:]), binary.BigEndian.Uint32(e[12:])
		if uint64(off)+uint64(l) > uint64(len(ttf)) {
			return nil, fmt.Errorf("table %q lies outside the font", e[:4])
		}
		t[string(e[:4])] = ttf[off : off+l]
	}
	return t, nil
}

// glyph returns the glyph for r, 0 (.notdef) when the font has none.
func (f *face) glyph(r rune) uint16 {
	if r >= 0 && int(r) < len(f.low) {
		if g := f.low[r]; g >= 0 {
			return uint16(g)
		}
	} else if g, ok := f.gid[r]; ok {
		return g
	}
	g, err := f.sf.GlyphIndex(&f.buf, r)
	if err != nil || int(g) >= f.numGlyphs {
		g = 0
	}
	if r >= 0 && int(r) < len(f.low) {
		f.low[r] = int32(g)
	} else {
		f.gid[r] = uint16(g)
	}
	return uint16(g)
}

// width returns the advance of s at size 1000, in glyph space units.
func (f *face) width(s string) int {
	w := 0
	for _, r := range s {
		w += f.adv[f.glyph(r)]
	}
	return w
}

// encode appends s as the glyph ids the Identity-H encoding takes, two
// bytes each, in a literal string's escapes (what is inside its
// parentheses), and records the glyphs as used. A literal string is half as
// long as the same ids in hex, so there is half as much to compress.
func (f *face) encode(dst []byte, s string) []byte {
	for _, r := range s {
		g := f.glyph(r)
		if !f.used[g] {
			f.used[g] = true
			f.uni[g] = r
			if g == 0 {
				f.uni[g] = 0xFFFD
			}
		}
		dst = appendLiteral(appendLiteral(dst, byte(g>>8)), byte(g))
	}
	return dst
}

// appendLiteral appends byte c as a literal string holds it: a backslash
// before a parenthesis or a backslash, and a carriage return as \r, which
// a reader would otherwise take for an end of line (ISO 32000-1 §7.3.4.2).
func appendLiteral(dst []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(dst, '\\', c)
	case '\r':
		return append(dst, '\\', 'r')
	}
	return append(dst, c)
}

// drawn reports whether any glyph of f was drawn.
func (f *face) drawn() bool {
	for _, u := range f.used {
		if u {
			return true
		}
	}
	return false
}

// subsetTag names the subset after the glyphs it holds, as PDF asks (six
// capital letters and a plus sign), the same for the same glyphs: a hash,
// never a random or a counter shared between documents.
func (f *face) subsetTag() string {
	h := fnv.New64a()
	h.Write([]byte(f.name))
	for g, u := range f.used {
		if u {
			h.Write([]byte{byte(g >> 8), byte(g)})
		}
	}
	v := h.Sum64()
	b := make([]byte, 6)
	for i := range b {
		b[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(b) + "+"
}

// subset returns a TrueType font holding only the glyphs drawn (and the
// glyphs composite ones are built from). Glyph ids are kept, so the PDF can
// map character codes to glyphs one to one (CIDToGIDMap /Identity); the
// glyphs not drawn are left empty, which costs four bytes each in loca.
func (f *face) subset() ([]byte, error) {
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	long := binary.BigEndian.Uint16(f.tables["head"][50:]) == 1
	at := func(g int) (int, int, error) {
		var a, b int
		if long {
			if len(loca) < 4*(g+2) {
				return 0, 0, errors.New("truncated loca table")
			}
			a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if len(loca) < 2*(g+2) {
				return 0, 0, errors.New("truncated loca table")
			}
			a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return 0, 0, fmt.Errorf("glyph %d lies outside the glyf table", g)
		}
		return a, b, nil
	}
	keep := make([]bool, f.numGlyphs)
	keep[0] = true
	var todo []int
	for g, u := range f.used {
		if u {
			todo = append(todo, g)
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if keep[g] && g != 0 {
			continue
		}
		keep[g] = true
		a, b, err := at(g)
		if err != nil {
			return nil, err
		}
		for _, c := range components(glyf[a:b]) {
			if int(c) < f.numGlyphs && !keep[c] {
				todo = append(todo, int(c))
			}
		}
	}
	newLoca := make([]byte, 4*(f.numGlyphs+1))
	var newGlyf []byte
	for g := range f.numGlyphs {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if keep[g] {
			a, b, err := at(g)
			if err != nil {
				return nil, err
			}
			newGlyf = append(newGlyf, glyf[a:b]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*f.numGlyphs:], uint32(len(newGlyf)))
	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	out := map[string][]byte{
		"head": head, "hhea": f.tables["hhea"], "hmtx": f.tables["hmtx"], "maxp": f.tables["maxp"],
		"loca": newLoca, "glyf": newGlyf,
	}
	// The hinting programs keep glyphs crisp on screen at small sizes.
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if f.tables[t] != nil {
			out[t] = f.tables[t]
		}
	}
	return writeSFNT(out), nil
}

// components returns the glyphs a composite glyph is built from.
func components(g []byte) []uint16 {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	var out []uint16
	for p := 10; p+4 <= len(g); {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, binary.BigEndian.Uint16(g[p+2:]))
		p += 4
		if flags&1 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&8 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x40 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x80 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x20 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return out
}

// writeSFNT assembles tables into a TrueType file, with the checksums the
// format asks for.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	es, sel := 1, 0
	for es*2 <= n {
		es *= 2
		sel++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(es*16))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-es*16))
	headAt := 0
	for i, t := range tags {
		data := tables[t]
		e := out[12+16*i:]
		copy(e, t)
		binary.BigEndian.PutUint32(e[4:], checksum(data))
		binary.BigEndian.PutUint32(e[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[12:], uint32(len(data)))
		if t == "head" {
			headAt = len(out)
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
