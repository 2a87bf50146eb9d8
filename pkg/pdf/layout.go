package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/fonds-archive/fonds/pkg/model"
)

// A style is how a piece of text is set: face, size and colour, in 16
// bytes: the atoms and runs of every line hold one.
type style struct {
	size  float64
	face  int8
	color int8
}

// Colours.
const (
	black = iota
	gray
	blue
)

// colors sets fill (text) and stroke (rules) alike.
var colors = [...]string{"0 g 0 G", "0.35 g 0.35 G", "0.1 0.2 0.55 rg 0.1 0.2 0.55 RG"}

// A span is text in one style, possibly a link. A link is "#name" for a
// named destination of the document, "@N" for page N, or a web address.
// Its text belongs to the structure element open when its lines are set;
// a link is a Link element of its own there, and text in a language other
// than the document's (lang, BCP 47) a Span with that language.
type span struct {
	text    string
	st      style
	link    string
	mention string // the index entry of the record named, if any
	lang    string
}

// An atom is the smallest piece the line breaker moves: a space, or a run
// of characters in one style with no place to break inside it.
type atom struct {
	s    string // the span's text; the atom is s[i:j]
	link string
	ment string
	el   *selem
	w    float64
	st   style
	sid  int32 // which span of the paragraph, -1 for text the breaker adds
	i, j int32
	glue bool // a space, dropped where a line breaks
	brk  bool // a line may end after this atom
	hyph bool // … with a hyphen drawn there (a soft hyphen was written)
}

// A run is text placed on a line, x from the left margin. el is the
// structure element its text belongs to (nil: an artifact, such as dot
// leaders, or the first pass, which builds no structure).
type run struct {
	x    float64
	w    float64
	text string
	link string
	ment string
	el   *selem
	st   style
	sid  int32 // as in atom: runs of one span that touch are merged
	j    int32 // where text ends in the span's text
}

// A line is a row of runs, lead points high. Anchors are named
// destinations at its top; unit is the unit whose first line it is, which
// is a named destination too (its anchor) and whose page the index cites.
type line struct {
	runs    []run
	lead    float64
	size    float64
	anchors []string
	unit    *model.Component
	rule    *[2]float64 // a hairline under the line, from x to x
	leader  *leader     // dot leaders
}

// A leader fills the gap between two runs with dots (table of contents).
type leader struct{ from, to float64 }

// clean prepares text for the fonts: composed characters (NFC), as the
// fonts have glyphs for "č", not for "c" with a combining caron; white space
// as single spaces, no-break spaces kept; the few characters the fonts lack
// set as the nearest they have. Clean text comes back as it was, unallocated.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	return cleanText(s)
}

// cleanText is clean for any text.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	dirty, prev := false, false
	for _, r := range s {
		sp := r == ' '
		if sp && prev || !sp && r != '\u00a0' && unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2011' || r == '\u200b' {
			dirty = true
			break
		}
		prev = sp
	}
	if !dirty {
		return s
	}
	var b strings.Builder
	prev = false
	for _, r := range s {
		switch {
		case r == '\u00a0' || r == '\u202f':
			b.WriteRune('\u00a0')
		case unicode.IsSpace(r):
			if !prev {
				b.WriteByte(' ')
			}
			prev = true
			continue
		case unicode.IsControl(r) || r == '\u200b':
		case r == '\u2011':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
		prev = false
	}
	return b.String()
}

// isClean tells text that clean leaves as it is, told without the
// Unicode tables for most text of an inventory: valid UTF-8 of printable
// characters below U+0300 (ASCII, Latin with its diacritics precomposed,
// IPA and spacing modifiers), no-break spaces and soft hyphens among them,
// and no two spaces in a row. Such text is NFC: what composition could
// change begins at the combining marks, U+0300.
func isClean(s string) bool {
	prev := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && prev {
				return false
			}
			prev = c == ' '
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0xa0 || r >= 0x300 { // C1 controls, an invalid byte (U+FFFD), or beyond
			return false
		}
		prev = false
		i += n
	}
	return true
}

// width returns the width of s in st, in points.
func (t *typesetter) width(s string, st style) float64 {
	return float64(t.faces[st.face].width(s)) * st.size / 1000
}

// atoms splits spans into atoms, appended to out. Lines may break at
// spaces, after hyphens, dashes and slashes, and at soft hyphens (U+00AD),
// which archivists can write into long words. Atoms are slices of the
// spans' text, so splitting allocates nothing but the atoms.
func (t *typesetter) atoms(spans []span, out []atom) []atom {
	// A word and a space an atom each: sized once, a paragraph of a
	// megabyte is not copied at every doubling of the slice.
	n := len(out)
	for _, sp := range spans {
		n += 2*strings.Count(sp.text, " ") + 1
	}
	if n > cap(out) {
		out = append(make([]atom, 0, n), out...)
	}
	cur := t.cur()
	for si, sp := range spans {
		s := clean(sp.text)
		first := len(out)
		// The advances of the characters are added up as they are read:
		// adv is that of s[start:i], the word being read.
		f := t.faces[sp.st.face]
		space := t.width(" ", sp.st)
		start, adv := 0, 0
		for i := 0; i < len(s); {
			r, n := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			switch r {
			case '\u00ad':
				out = word(out, s, si, start, i, sp, adv, true)
				start, adv = i+n, 0
			case ' ':
				out = word(out, s, si, start, i, sp, adv, false)
				if len(out) > 0 && !out[len(out)-1].glue {
					out = append(out, atom{s: s, sid: int32(si), i: int32(i), j: int32(i + 1), st: sp.st, link: sp.link, ment: sp.mention,
						w: space, glue: true})
				}
				start, adv = i+1, 0
			case '-', '/', '–', '—':
				adv += f.adv[f.glyph(r)]
				out = word(out, s, si, start, i+n, sp, adv, false)
				out[len(out)-1].brk = true
				start, adv = i+n, 0
			default:
				adv += f.adv[f.glyph(r)]
			}
			i += n
		}
		out = word(out, s, si, start, len(s), sp, adv, false)
		if cur != nil {
			t.spanElem(sp, cur, out[first:])
		}
	}
	return out
}

// spanElem puts the atoms of a span in the element they belong to: the
// current element, cur, or one of the span's own inside it, for a link or
// text in another language. The span's own element begins at its first
// atom that is not a space, so it is made only when something shows.
func (t *typesetter) spanElem(sp span, cur *selem, as []atom) {
	typ := ""
	switch {
	case sp.link != "" && cur.typ != "Link":
		typ = "Link"
	case sp.lang != "":
		typ = "Span"
	}
	for i := range as {
		as[i].el = cur
	}
	if typ == "" {
		return
	}
	for i := range as {
		if !as[i].glue {
			el := t.ownElem(typ, cur)
			el.lang = sp.lang
			for ; i < len(as); i++ {
				as[i].el = el
			}
			return
		}
	}
}

// word appends s[i:j], whose advance at size 1000 is adv, as an atom; at
// a soft hyphen (hyph) it marks the place as one where a line may break
// with a hyphen.
func word(out []atom, s string, si, i, j int, sp span, adv int, hyph bool) []atom {
	if i == j {
		if hyph && len(out) > 0 && !out[len(out)-1].glue {
			out[len(out)-1].brk, out[len(out)-1].hyph = true, true
		}
		return out
	}
	return append(out, atom{s: s, sid: int32(si), i: int32(i), j: int32(j), st: sp.st, link: sp.link, ment: sp.mention,
		w: float64(adv) * sp.st.size / 1000, brk: hyph, hyph: hyph})
}

// setLines breaks spans into lines between the left edge x0 (first line),
// x1 (the others) and the right edge right, all from the left margin, lead
// points apart. It fills each line as far as it goes (ragged right, as
// archival inventories are set) and breaks a word longer than a line, such
// as a web address, after a slash or a dot where it can.
func (t *typesetter) setLines(spans []span, x0, x1, right, lead float64) []*line {
	t.atomBuf = t.atoms(spans, t.atomBuf[:0])
	as := t.atomBuf
	lb := &lineBreaker{t: t, x0: x1, right: right, lead: lead, cur: t.runBuf[:0], lines: t.store.openLines()}
	defer func() { t.runBuf = lb.cur[:0] }()
	lb.start(x0)
	var glue *atom
	for i := 0; i < len(as); {
		if as[i].glue {
			if len(lb.cur) > 0 {
				glue = &as[i]
			}
			i++
			continue
		}
		j := i
		for j < len(as) && !as[j].glue {
			j++
			if as[j-1].brk {
				break
			}
		}
		word := as[i:j]
		i = j
		w := 0.0
		for _, a := range word {
			w += a.w
		}
		gw := 0.0
		if glue != nil && len(lb.cur) > 0 {
			gw = glue.w
		}
		// A word that ends at a soft hyphen keeps room for the hyphen
		// the line may end with.
		hw := 0.0
		if last := word[len(word)-1]; last.hyph {
			hw = t.width("-", last.st)
		}
		switch {
		case lb.x+gw+w+hw <= right+0.01:
			if gw > 0 {
				lb.put(glue)
			}
			lb.putAll(word)
		case len(lb.cur) > 0 && x1+w+hw <= right+0.01:
			lb.end()
			lb.putAll(word)
		default:
			if len(lb.cur) > 0 && lb.x+gw+t.width("mm", word[0].st) > right {
				lb.end()
			} else if gw > 0 {
				lb.put(glue)
			}
			lb.split(word)
		}
		glue = nil
	}
	lb.end()
	return t.store.closeLines(lb.lines)
}

type lineBreaker struct {
	t      *typesetter
	x0     float64 // left edge of lines after the first
	right  float64
	lead   float64
	x      float64
	cur    []run
	hyph   bool
	lines  []*line
	border float64 // left edge of the current line
}

func (lb *lineBreaker) start(x float64) {
	lb.x, lb.border, lb.cur, lb.hyph = x, x, lb.cur[:0], false
}

func (lb *lineBreaker) put(a *atom) {
	if n := len(lb.cur); n > 0 {
		p := &lb.cur[n-1]
		if a.sid >= 0 && p.sid == a.sid && p.j == a.i && p.st == a.st && p.link == a.link && p.ment == a.ment && p.el == a.el {
			p.text = a.s[int(p.j)-len(p.text) : a.j]
			p.j = a.j
			p.w += a.w
			lb.x += a.w
			lb.hyph = a.hyph
			return
		}
	}
	lb.cur = append(lb.cur, run{x: lb.x, text: a.s[a.i:a.j], sid: a.sid, j: a.j, st: a.st, w: a.w, link: a.link, ment: a.ment, el: a.el})
	lb.x += a.w
	lb.hyph = a.hyph
}

func (lb *lineBreaker) putAll(word []atom) {
	for k := range word {
		lb.put(&word[k])
	}
}

// end closes the current line, drawing the hyphen of a soft hyphen it
// broke at.
func (lb *lineBreaker) end() {
	if len(lb.cur) == 0 && len(lb.lines) > 0 {
		return
	}
	if lb.hyph && len(lb.cur) > 0 {
		last := lb.cur[len(lb.cur)-1]
		lb.put(&atom{s: "-", sid: -1, j: 1, st: last.st, el: last.el, w: lb.t.width("-", last.st)})
	}
	// The line keeps an exact copy; the breaker's buffer serves the next.
	// The first pass of a document keeps only the runs that mention an
	// index entry: the pages of the mentions are all it learns from them.
	st := &lb.t.store
	l := st.line()
	l.lead = lb.lead
	if lb.t.lean {
		n := 0
		for _, r := range lb.cur {
			if r.ment != "" {
				n++
			}
		}
		if n > 0 {
			l.runs = st.runsOf(n)
			n = 0
			for _, r := range lb.cur {
				if r.ment != "" {
					l.runs[n] = r
					n++
				}
			}
		}
	} else {
		l.runs = st.runsOf(len(lb.cur))
		copy(l.runs, lb.cur)
	}
	for _, r := range lb.cur {
		l.size = max(l.size, r.st.size)
		r.el.hold()
	}
	if l.size == 0 {
		l.size = lb.lead / 1.3
	}
	// Trailing spaces would only widen link rectangles.
	if n := len(l.runs); n > 0 {
		r := &l.runs[n-1]
		trimmed := strings.TrimRight(r.text, " ")
		r.w -= lb.t.width(r.text[len(trimmed):], r.st)
		r.text = trimmed
	}
	lb.lines = append(lb.lines, l)
	lb.cur = lb.cur[:0]
	lb.start(lb.x0)
}

// split sets a word too long for a line over several, breaking after a
// slash, dot, underscore, question mark, ampersand or equals sign where the
// line has one (web addresses), else between any two characters.
func (lb *lineBreaker) split(word []atom) {
	type ch struct {
		r    string
		a    *atom
		i, j int32
		w    float64
	}
	var cs []ch
	for k := range word {
		a := &word[k]
		for i, r := range a.s[a.i:a.j] {
			at := int(a.i) + i
			_, n := utf8.DecodeRuneInString(a.s[at:])
			cs = append(cs, ch{a.s[at : at+n], a, int32(at), int32(at + n), lb.t.width(string(r), a.st)})
		}
	}
	for s := 0; s < len(cs); {
		x, e, good := lb.x, s, -1
		for e < len(cs) && x+cs[e].w <= lb.right+0.01 {
			x += cs[e].w
			e++
			if strings.ContainsAny(cs[e-1].r, "/._?&=#") {
				good = e
			}
		}
		if e < len(cs) && good > s {
			e = good
		}
		if e == s {
			if len(lb.cur) > 0 {
				lb.end()
				continue
			}
			e = s + 1 // not even one character fits: set it anyway
		}
		for k := s; k < e; k++ {
			a := cs[k].a
			lb.put(&atom{s: a.s, sid: a.sid, i: cs[k].i, j: cs[k].j, st: a.st, link: a.link, ment: a.ment, el: a.el, w: cs[k].w})
		}
		lb.hyph = false
		s = e
		if s < len(cs) {
			lb.end()
		} else {
			lb.hyph = word[len(word)-1].hyph
		}
	}
}

// A lineStore holds the lines setLines returns, their runs and the lists
// of them, in chunks that recycle hands out again: a large inventory sets
// a line or more per unit in each pass, which would otherwise be as many
// allocations for the collector to find and free. The slices it hands out
// are full (their capacity is their length), so appending to one copies
// it rather than overwrite what follows.
type lineStore struct {
	lines []line
	runs  []run
	ptrs  []*line
}

// Chunk sizes of a lineStore: a few pages' worth; a longer paragraph
// (an index entry of thousands of citations) takes a chunk of its own.
const (
	storeLines = 512
	storeRuns  = 2048
)

// line hands out a blank line.
func (s *lineStore) line() *line {
	if len(s.lines) == cap(s.lines) {
		s.lines = make([]line, 0, storeLines)
	}
	s.lines = s.lines[:len(s.lines)+1]
	l := &s.lines[len(s.lines)-1]
	*l = line{}
	return l
}

// runsOf hands out n runs, to be overwritten.
func (s *lineStore) runsOf(n int) []run {
	if cap(s.runs)-len(s.runs) < n {
		// A chunk too small for a long paragraph is replaced by one
		// twice as large, which recycle keeps.
		c := storeRuns
		if n > c {
			c = max(n, 2*cap(s.runs))
		}
		s.runs = make([]run, 0, c)
	}
	i := len(s.runs)
	s.runs = s.runs[:i+n]
	return s.runs[i : i+n : i+n]
}

// openLines is an empty list of lines, for setLines to append to, in the
// room left in the current chunk; closeLines keeps what was appended.
func (s *lineStore) openLines() []*line {
	if cap(s.ptrs)-len(s.ptrs) < 64 {
		s.ptrs = make([]*line, 0, storeLines)
	}
	return s.ptrs[len(s.ptrs):len(s.ptrs)]
}

// closeLines keeps the lines appended to the list openLines gave, unless
// they outgrew the chunk (append moved them), and returns the list full.
func (s *lineStore) closeLines(ls []*line) []*line {
	if n := len(s.ptrs) + len(ls); n <= cap(s.ptrs) && len(ls) > 0 && &s.ptrs[:n][n-1] == &ls[len(ls)-1] {
		s.ptrs = s.ptrs[:n]
	}
	return ls[:len(ls):len(ls)]
}

// join is the lines of a then those of b, as one list.
func (s *lineStore) join(a, b []*line) []*line {
	if len(b) == 0 {
		return a
	}
	ls := append(s.openLines(), a...)
	return s.closeLines(append(ls, b...))
}

// recycle hands the store's chunks out again. It is called where nothing
// holds a line: between the rows of the inventory, the entries of the
// index and the rows of its tables, unless a heading waits for the block
// it heads.
func (t *typesetter) recycle() {
	if len(t.pending) > 0 {
		return
	}
	s := &t.store
	s.lines, s.runs, s.ptrs = s.lines[:0], s.runs[:0], s.ptrs[:0]
}
