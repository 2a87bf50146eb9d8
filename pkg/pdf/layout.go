package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A style is how a piece of text is set: face, size and colour.
type style struct {
	face  int
	size  float64
	color int
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
type span struct {
	text    string
	st      style
	link    string
	mention string // the index entry of the record named, if any
}

// An atom is the smallest piece the line breaker moves: a space, or a run
// of characters in one style with no place to break inside it.
type atom struct {
	text string
	st   style
	link string
	ment string
	w    float64
	glue bool // a space, dropped where a line breaks
	brk  bool // a line may end after this atom
	hyph bool // … with a hyphen drawn there (a soft hyphen was written)
}

// A run is text placed on a line, x from the left margin.
type run struct {
	x    float64
	text string
	st   style
	w    float64
	link string
	ment string
}

// A line is a row of runs, lead points high. Anchors are named
// destinations at its top.
type line struct {
	runs    []run
	lead    float64
	size    float64
	anchors []string
	rule    *[2]float64 // a hairline under the line, from x to x
	leader  *leader     // dot leaders
}

// A leader fills the gap between two runs with dots (table of contents).
type leader struct{ from, to float64 }

// clean prepares text for the fonts: composed characters (NFC), as the
// fonts have glyphs for "č", not for "c" with a combining caron; and the
// few spaces and hyphens the fonts lack set as the nearest they have.
func clean(s string) string {
	s = norm.NFC.String(s)
	if strings.IndexFunc(s, func(r rune) bool { return r == '\u2009' || r == '\u202f' || r == '\u2011' || r == '\u200b' }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u2009':
			return ' '
		case '\u202f':
			return '\u00a0'
		case '\u2011':
			return '-'
		case '\u200b':
			return -1
		}
		return r
	}, s)
}

// width returns the width of s in st, in points.
func (t *typesetter) width(s string, st style) float64 {
	return float64(t.faces[st.face].width(s)) * st.size / 1000
}

// atoms splits spans into atoms. Lines may break at spaces, after hyphens,
// dashes and slashes, and at soft hyphens (U+00AD), which archivists can
// write into long words.
func (t *typesetter) atoms(spans []span) []atom {
	var out []atom
	for _, sp := range spans {
		var cur strings.Builder
		flush := func(brk, hyph bool) {
			if cur.Len() == 0 {
				if hyph && len(out) > 0 && !out[len(out)-1].glue {
					out[len(out)-1].brk, out[len(out)-1].hyph = true, true
				}
				return
			}
			s := cur.String()
			out = append(out, atom{text: s, st: sp.st, link: sp.link, ment: sp.mention, w: t.width(s, sp.st), brk: brk, hyph: hyph})
			cur.Reset()
		}
		for _, r := range clean(sp.text) {
			switch {
			case r == '\u00ad':
				flush(true, true)
			case unicode.IsSpace(r) && r != '\u00a0':
				flush(false, false)
				if len(out) > 0 && !out[len(out)-1].glue {
					out = append(out, atom{text: " ", st: sp.st, link: sp.link, ment: sp.mention, w: t.width(" ", sp.st), glue: true})
				}
			case unicode.IsControl(r):
			default:
				cur.WriteRune(r)
				if r == '-' || r == '/' || r == '–' || r == '—' {
					flush(true, false)
				}
			}
		}
		flush(false, false)
	}
	return out
}

// setLines breaks spans into lines between the left edge x0 (first line),
// x1 (the others) and the right edge right, all from the left margin, lead
// points apart. It fills each line as far as it goes (ragged right, as
// archival inventories are set) and breaks a word longer than a line, such
// as a web address, after a slash or a dot where it can.
func (t *typesetter) setLines(spans []span, x0, x1, right, lead float64) []*line {
	as := t.atoms(spans)
	lb := &lineBreaker{t: t, x0: x1, right: right, lead: lead}
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
		switch {
		case lb.x+gw+w <= right+0.01:
			if gw > 0 {
				lb.put(*glue)
			}
			lb.putAll(word)
		case len(lb.cur) > 0 && x1+w <= right+0.01:
			lb.end()
			lb.putAll(word)
		default:
			if len(lb.cur) > 0 && lb.x+gw+t.width("mm", word[0].st) > right {
				lb.end()
			} else if gw > 0 {
				lb.put(*glue)
			}
			lb.split(word)
		}
		glue = nil
	}
	lb.end()
	return lb.lines
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
	lb.x, lb.border, lb.cur, lb.hyph = x, x, nil, false
}

func (lb *lineBreaker) put(a atom) {
	if n := len(lb.cur); n > 0 && lb.cur[n-1].st == a.st && lb.cur[n-1].link == a.link && lb.cur[n-1].ment == a.ment {
		lb.cur[n-1].text += a.text
		lb.cur[n-1].w += a.w
	} else {
		lb.cur = append(lb.cur, run{x: lb.x, text: a.text, st: a.st, w: a.w, link: a.link, ment: a.ment})
	}
	lb.x += a.w
	lb.hyph = a.hyph
}

func (lb *lineBreaker) putAll(word []atom) {
	for _, a := range word {
		lb.put(a)
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
		lb.put(atom{text: "-", st: last.st, w: lb.t.width("-", last.st)})
	}
	l := &line{runs: lb.cur, lead: lb.lead}
	for _, r := range lb.cur {
		l.size = max(l.size, r.st.size)
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
	lb.start(lb.x0)
}

// split sets a word too long for a line over several, breaking after a
// slash, dot, underscore, question mark, ampersand or equals sign where the
// line has one (web addresses), else between any two characters.
func (lb *lineBreaker) split(word []atom) {
	type ch struct {
		r string
		a *atom
		w float64
	}
	var cs []ch
	for i := range word {
		for _, r := range word[i].text {
			cs = append(cs, ch{string(r), &word[i], lb.t.width(string(r), word[i].st)})
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
			lb.put(atom{text: cs[k].r, st: cs[k].a.st, link: cs[k].a.link, ment: cs[k].a.ment, w: cs[k].w})
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
