package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A block is a paragraph, heading or row, already broken into lines, that
// the page flow places.
type block struct {
	lines    []*line
	before   float64 // space above it, dropped at the top of a page
	keepNext bool    // a heading: never the last thing on a page
	together bool    // never split over two pages
}

// A paper size, in points.
type paper struct{ w, h float64 }

var papers = map[string]paper{
	"a4":     {595.28, 841.89},
	"letter": {612, 792},
}

// Page geometry, in points from the edges of the paper.
const (
	marginLeft   = 62
	marginRight  = 62
	marginTop    = 74
	marginBottom = 70
	headerAt     = 44 // baseline of the running header, from the top
	footerAt     = 40 // baseline of the page number, from the bottom
)

// A dest is a named destination: a place in the document links point to.
type dest struct {
	name string
	key  string // the name as the name tree sorts it
	page int
	y    float64 // from the top of the page
}

// A unitDest is where a unit's destination is, its anchor the name: page
// 0 for a unit not printed. ord is the number of other destinations
// (typesetter.dests) before it, which orders the two lists as one.
type unitDest struct {
	page, ord int32
	y         float64
}

// An annot is a link rectangle on the current page: its object, the Link
// element it belongs to and the text it covers.
type annot struct {
	x0, y0, x1, y1 float64
	link           string
	obj            int
	el             *selem
	text           string
}

// typesetter flows blocks onto pages. The same code runs twice: a first
// pass that only counts (measure), which learns on which page every
// destination and every mention falls and how many pages there are, and a
// second that writes, using what the first learned for the table of
// contents and "page X of Y". Only the current page is ever held.
type typesetter struct {
	faces   [numFaces]*face
	paper   paper
	measure bool
	title   string // running header
	code    string // reference code, in the running header
	total   int    // pages, as the first pass counted them
	// lean: a first pass whose lines keep only what draw learns from (see
	// lineBreaker.end); tests that measure lines and read them leave it unset.
	lean bool

	page    int
	y       float64
	buf     bytes.Buffer
	scratch []byte
	atomBuf []atom
	runBuf  []run
	store   lineStore
	annots  []annot
	color   int8

	pending []*block

	// What the pass learned: destination → page; index key → pages; the
	// page of each unit (by model.Component.Seq; 0 for a unit not
	// printed); whether each part after the contents went on the page
	// before (flows).
	at       map[string]int
	mentions map[string][]int
	unitPage []int32
	flows    []bool
	parts    int // parts set so far

	// A trial is a first pass that sets one part to learn whether it fits
	// on what is left of the page; over is set when it does not.
	trial, over bool

	// Second pass only.
	prev    *typesetter // the measuring pass
	ow      *objWriter
	pageObj []int // object number of each page, reserved in advance
	resObj  int
	dests   []dest // the named destinations but the units'
	// The destination of each unit (by model.Component.Seq), kept apart
	// from dests: no name to hold, 16 bytes a unit.
	unitDests []unitDest
	outline   *outlineItem
	olStack   []*outlineItem
	err       error // an internal error of the layout

	// The structure tree (tags.go): the elements open, the elements of
	// the current page's marked content by id, the parent tree's values
	// (for each page the object of that list, for each link annotation its
	// element), the root's object.
	stack      []*selem
	marks      []int32
	pageTrees  []int32
	annotEls   []int32
	structRoot int
	rootDone   int // the document element's object, once written
	inArtifact bool
	ebuf       []byte
	// Elements written on the current page, and elements to reuse: one
	// written is reused only once its page is out, as the page's link
	// annotations name their Link elements until then (tags.go).
	written, spare []*selem
}

func (t *typesetter) width0() float64 { return t.paper.w - marginLeft - marginRight }

func (t *typesetter) bottom() float64 { return t.paper.h - marginBottom }

func (t *typesetter) atTop() bool { return t.page > 0 && t.y <= marginTop+0.01 }

// newPage ends the current page and starts the next.
func (t *typesetter) newPage() {
	if t.trial && t.page > 0 {
		t.over = true
	}
	t.endPage()
	t.page++
	t.y = marginTop
	t.color = -1
}

// section starts a part of the document: on the page before when flow
// says it fits there, else on a new page.
func (t *typesetter) section(flow bool) {
	t.flushPending()
	if t.page == 0 || !flow && !t.atTop() {
		t.newPage()
	}
}

// add places b, holding headings back until the block they head is known,
// so that a heading never ends a page.
func (t *typesetter) add(b *block) {
	if len(b.lines) == 0 {
		return
	}
	if t.page == 0 {
		t.newPage()
	}
	if b.keepNext {
		t.pending = append(t.pending, b)
		return
	}
	bs := append(t.pending, b)
	t.pending = nil
	need := 0.0
	for i, x := range bs {
		if i > 0 || !t.atTop() {
			need += x.before
		}
		k := len(x.lines)
		if x == b && !b.together && k > 3 {
			k = 2 // no orphan: at least two lines of a paragraph at the foot of a page
		}
		for _, l := range x.lines[:k] {
			need += l.lead
		}
	}
	if t.y+need > t.bottom() && !t.atTop() {
		t.newPage()
	}
	for _, x := range bs {
		t.place(x)
	}
}

// flushPending places headings that nothing followed.
func (t *typesetter) flushPending() {
	for _, x := range t.pending {
		t.place(x)
	}
	t.pending = nil
}

func (t *typesetter) place(b *block) {
	if !t.atTop() {
		t.y += b.before
	}
	n := len(b.lines)
	for i, l := range b.lines {
		switch {
		case t.atTop():
		case t.y+l.lead > t.bottom()+0.01:
			t.newPage()
		case !b.together && i >= 2 && n-i == 2 && t.y+l.lead+b.lines[i+1].lead > t.bottom()+0.01:
			t.newPage() // no widow: never one line alone at the top of a page
		}
		t.draw(l)
		t.y += l.lead
	}
}

// draw sets a line at the current position.
func (t *typesetter) draw(l *line) {
	if t.trial {
		return // learns nothing: the part is set again, for real
	}
	for _, a := range l.anchors {
		t.at[a] = t.page
		if !t.measure {
			t.dests = append(t.dests, dest{name: a, page: t.page, y: t.y})
		}
	}
	if u := l.unit; u != nil {
		t.unitPage[u.Seq] = int32(t.page)
		if !t.measure && t.unitDests[u.Seq].page == 0 {
			t.unitDests[u.Seq] = unitDest{page: int32(t.page), ord: int32(len(t.dests)), y: t.y}
		}
	}
	for _, r := range l.runs {
		if m := r.ment; m != "" {
			ps := t.mentions[m]
			if len(ps) == 0 || ps[len(ps)-1] != t.page {
				t.mentions[m] = append(ps, t.page)
			}
		}
	}
	if t.measure {
		return
	}
	base := t.paper.h - (t.y + l.lead*0.5 + l.size*0.36)
	t.drawRuns(l.runs, base)
	if ld := l.leader; ld != nil {
		st := style{face: regular, size: l.size, color: gray}
		dot := t.width(" .", st)
		start := (float64(int((ld.from+dot)/dot)) + 0.5) * dot // aligned from line to line
		var s strings.Builder
		x := start
		for ; x+dot <= ld.to; x += dot {
			s.WriteString(" .")
		}
		if s.Len() > 0 {
			t.drawRuns([]run{{x: start, text: s.String(), st: st}}, base)
		}
	}
	if r := l.rule; r != nil {
		y := base - l.size*0.45
		t.artifact("", func() {
			t.setColor(gray)
			fmt.Fprintf(&t.buf, "0.4 w %s %s m %s %s l S\n", num(marginLeft+r[0]), num(y), num(marginLeft+r[1]), num(y))
		})
	}
}

func (t *typesetter) setColor(c int8) {
	if t.color != c {
		t.buf.WriteString(colors[c])
		t.buf.WriteByte('\n')
		t.color = c
	}
}

// drawRuns writes the text of runs on one baseline and notes their links.
// The runs of one structure element that follow each other are one
// sequence of marked content.
func (t *typesetter) drawRuns(rs []run, base float64) {
	for i := 0; i < len(rs); {
		el, shows := rs[i].el, false
		j := i
		for ; j < len(rs) && rs[j].el == el; j++ {
			shows = shows || rs[j].text != ""
		}
		if shows {
			t.beginMark(el)
			t.drawText(rs[i:j], base)
			for _, r := range rs[i:j] {
				t.drawLink(r, base)
			}
			t.endMark(el)
		}
		for ; i < j; i++ {
			t.release(el)
		}
	}
}

// drawText writes the text of runs of one element. Runs in one style
// that follow each other on the line, as the parts of a unit's details
// do, are one string: the glyphs' advances, which the line breaker added
// up, put each where it was measured.
func (t *typesetter) drawText(rs []run, base float64) {
	t.scratch = t.scratch[:0]
	open := false
	var st style
	end := 0.0
	for _, r := range rs {
		if r.text == "" {
			continue
		}
		if open && (r.st != st || math.Abs(r.x-end) > 0.001) {
			t.scratch = append(t.scratch, ") Tj ET\n"...)
			open = false
		}
		if !open {
			t.buf.Write(t.scratch)
			t.setColor(r.st.color)
			t.scratch = append(t.scratch[:0], "BT /F"...)
			t.scratch = strconv.AppendInt(t.scratch, int64(r.st.face), 10)
			t.scratch = append(t.scratch, ' ')
			t.scratch = appendNum(t.scratch, r.st.size)
			t.scratch = append(t.scratch, " Tf "...)
			t.scratch = appendNum(t.scratch, marginLeft+r.x)
			t.scratch = append(t.scratch, ' ')
			t.scratch = appendNum(t.scratch, base)
			t.scratch = append(t.scratch, " Td ("...)
			open, st = true, r.st
		}
		t.scratch = t.faces[r.st.face].encode(t.scratch, r.text)
		end = r.x + r.w
	}
	if open {
		t.scratch = append(t.scratch, ") Tj ET\n"...)
	}
	t.buf.Write(t.scratch)
	t.scratch = t.scratch[:0]
}

// drawLink notes the link of a run drawn: a rectangle on the page, one
// with the rectangle of the run before when they touch and lead to the
// same place.
func (t *typesetter) drawLink(r run, base float64) {
	if r.text == "" {
		return
	}
	if r.link != "" {
		a := annot{x0: marginLeft + r.x, y0: base - r.st.size*0.25, x1: marginLeft + r.x + r.w, y1: base + r.st.size*0.85,
			link: r.link, el: r.el, text: r.text}
		if n := len(t.annots); n > 0 {
			p := &t.annots[n-1]
			if p.link == a.link && p.el == a.el && p.y0 == a.y0 && a.x0-p.x1 < 0.5 && a.x0 >= p.x0 {
				p.x1 = a.x1
				p.text += r.text
				return
			}
		}
		a.obj = t.ow.alloc()
		if a.el != nil {
			a.el.kids = append(a.el.kids, skid{kind: kidOBJR, page: int32(t.page), n: int32(a.obj)})
		}
		t.annots = append(t.annots, a)
	}
}

// endPage draws the running header and the page number and writes the
// page out.
func (t *typesetter) endPage() {
	if t.page == 0 {
		return
	}
	if t.measure {
		return
	}
	if t.page > 1 {
		small := style{face: regular, size: 8, color: gray}
		base := t.paper.h - headerAt
		w := t.width0()
		codeW := t.width(t.code, small)
		title := t.fit(t.title, small, w-codeW-18)
		t.artifact("Header", func() {
			t.drawRuns([]run{{x: 0, text: title, st: small}, {x: w - codeW, text: t.code, st: small}}, base)
			t.setColor(gray)
			fmt.Fprintf(&t.buf, "0.4 w %s %s m %s %s l S\n", num(marginLeft), num(base-5), num(marginLeft+w), num(base-5))
		})
		folio := fmt.Sprintf("page %d of %d", t.page, t.total)
		t.artifact("Footer", func() {
			t.drawRuns([]run{{x: (w - t.width(folio, small)) / 2, text: folio, st: small}}, footerAt)
		})
	}
	ow := t.ow
	content := ow.alloc()
	ow.stream(content, "", t.buf.Bytes())
	t.buf.Reset()
	// The page's marked content, by id, and the elements it belongs to:
	// this page's entry of the structure's parent tree.
	tree := ow.alloc()
	b := append(t.ebuf[:0], '[')
	for i, e := range t.marks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(e), 10)
		b = append(b, " 0 R"...)
	}
	t.ebuf = append(b, ']')
	ow.objBytes(tree, t.ebuf)
	t.pageTrees = append(t.pageTrees, int32(tree))
	t.marks = t.marks[:0]
	for _, a := range t.annots {
		b := append(t.ebuf[:0], "<</Subtype /Link /Rect ["...)
		b = appendNum(b, a.x0)
		b = append(b, ' ')
		b = appendNum(b, a.y0)
		b = append(b, ' ')
		b = appendNum(b, a.x1)
		b = append(b, ' ')
		b = appendNum(b, a.y1)
		b = append(b, "] /Border [0 0 0] "...)
		b = t.appendAction(b, a.link)
		b = append(b, " /Contents "...)
		b = appendText(b, clean(contentsOf(a)))
		if a.el != nil {
			b = append(b, " /StructParent "...)
			b = strconv.AppendInt(b, int64(t.annotKey(a.el)), 10)
		}
		t.ebuf = append(b, ">>"...)
		ow.objBytes(a.obj, t.ebuf)
	}
	b = fmt.Appendf(t.ebuf[:0], "<</Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R /StructParents %d /Tabs /S",
		num(t.paper.w), num(t.paper.h), t.resObj, content, t.page-1)
	if len(t.annots) > 0 {
		b = append(b, " /Annots ["...)
		for i, a := range t.annots {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(a.obj), 10)
			b = append(b, " 0 R"...)
		}
		b = append(b, ']')
	}
	t.ebuf = append(b, ">>"...)
	t.annots = t.annots[:0]
	ow.objBytes(t.pageObj[t.page-1], t.ebuf)
	t.spare = append(t.spare, t.written...)
	clear(t.written)
	t.written = t.written[:0]
}

// appendAction appends the part of a link annotation that says where it
// goes.
func (t *typesetter) appendAction(b []byte, link string) []byte {
	switch {
	case strings.HasPrefix(link, "#"):
		return appendText(append(b, "/Dest "...), link[1:])
	case strings.HasPrefix(link, "@"):
		n, _ := strconv.Atoi(link[1:])
		if n >= 1 && n <= len(t.pageObj) {
			b = strconv.AppendInt(append(b, "/Dest ["...), int64(t.pageObj[n-1]), 10)
			return append(b, " 0 R /Fit]"...)
		}
		return b
	}
	return append(appendText(append(b, "/A <</S /URI /URI "...), link), ">>"...)
}

// fit shortens s with an ellipsis to fit width w.
func (t *typesetter) fit(s string, st style, w float64) string {
	s = clean(s)
	if t.width(s, st) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && t.width(string(rs)+"…", st) > w {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ,;:/") + "…"
}
