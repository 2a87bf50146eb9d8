package pdf

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/iso"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// Kinds of entries of the index, in the order entries of one name come.
const (
	entryRecord    = iota // a person, corporate body or place, under its heading
	entryPseudonym        // a pseudonym, referring to its person, with the units that cite it
	entrySee              // another form of a name, referring to the record's heading
)

// An indexEntry is one entry of the index of names.
type indexEntry struct {
	key  string // the name's collation key
	name string // the name the entry is listed under
	kind int
	rec  model.Authority  // the record: the entry's own, or the one it refers to
	ps   *model.Pseudonym // a pseudonym entry's pseudonym; a person's entry: the pseudonym it is listed under
}

// indexHeading is the form under which the index lists a record, and the
// pseudonym that form is, if it is one: a person is listed under the
// pseudonym maintained in the inventory when there is one (the heading of
// model.Person.Heading, which the site's persons page shows too), a body
// or a place under its authorized form.
func indexHeading(r model.Authority) (string, *model.Pseudonym) {
	p, ok := r.(*model.Person)
	if !ok {
		return r.Base().Name, nil
	}
	h := p.Heading()
	for _, ps := range p.Pseudonyms {
		if h != p.Name && ps.Name == h {
			return h, ps
		}
	}
	return p.Name, nil
}

// indexEntries lists the entries of the index, sorted as the inventory
// sorts names: every record under its heading, every pseudonym but the
// one a person is listed under, and a reference from every other form of
// a name (variants, a body's abbreviation, the authorized name of a person
// listed under a pseudonym) to the heading.
func (d *doc) indexEntries() []indexEntry {
	var es []indexEntry
	add := func(name string, kind int, r model.Authority, ps *model.Pseudonym) {
		if name != "" {
			es = append(es, indexEntry{key: present.SortKey(name), name: name, kind: kind, rec: r, ps: ps})
		}
	}
	for r := range d.a.Authorities() {
		h, hps := indexHeading(r)
		add(h, entryRecord, r, hps)
		others := r.Base().Variants
		switch x := r.(type) {
		case *model.Person:
			if hps != nil {
				others = append([]string{x.Name}, others...)
			}
			for _, ps := range x.Pseudonyms {
				if ps != hps {
					add(ps.Name, entryPseudonym, r, ps)
				}
			}
		case *model.Body:
			others = append([]string{x.Short}, others...)
		}
		for _, v := range others {
			if v != h {
				add(v, entrySee, r, nil)
			}
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		switch {
		case a.key != b.key:
			return a.key < b.key
		case a.kind != b.kind:
			return a.kind < b.kind
		case a.name != b.name:
			return a.name < b.name
		}
		return a.rec.Anchor() < b.rec.Anchor()
	})
	// The same form referring to the same record twice (a variant that is
	// also the abbreviation) is one reference.
	out := es[:0]
	for i, e := range es {
		if i > 0 && e.kind == entrySee && es[i-1].kind == entrySee && e.name == es[i-1].name && e.rec == es[i-1].rec {
			continue
		}
		out = append(out, e)
	}
	return out
}

// index sets the index of names: every person, corporate body and place
// under its heading, with the units that name it (inventory number, and
// the page the unit is on) and the other pages that name it; pseudonyms,
// with the units that cite them, and the other forms of names refer to the
// heading. The index comes last, so every page it refers to is known when
// it is set, in either pass. It is an Index element: under a heading per
// initial letter, a list of entries.
func (d *doc) index() {
	t := d.t
	d.paragraph(plain("Persons, with the pseudonyms they used, corporate bodies and places, each under the name the inventory uses; "+
		"its other forms refer to it (see), and so do pseudonyms, referring to their users. "+
		"“no.” gives the inventory numbers of the units that name them, with the page on which each is described in brackets; "+
		"“p.” gives the other pages that name them: description, chronology and the list of pseudonyms.", small), smallLd, 0)
	letter := ""
	var list *selem
	for _, e := range d.indexEntries() {
		if t.over {
			break
		}
		t.recycle()
		if l := initial(e.key); l != letter {
			letter = l
			if list != nil {
				t.close(list)
			}
			d.heading(head{spans: plain(l, h3), lead: 16, before: 12, level: 2})
			list = t.open("L")
		}
		item := t.open("LI")
		lbody := t.open("LBody")
		t.add(d.indexEntry(e))
		t.close(lbody)
		t.close(item)
	}
	if list != nil {
		t.close(list)
	}
}

func initial(key string) string {
	for _, r := range key {
		if r > 1 {
			return strings.ToUpper(string(r))
		}
	}
	return "#"
}

// indexEntry sets one entry.
func (d *doc) indexEntry(e indexEntry) *block {
	st := body
	link := func(s string, target string) span {
		l := st
		l.color = blue
		return span{text: s, st: l, link: target}
	}
	see := style{face: italic, size: st.size}
	heading, hps := indexHeading(e.rec)
	// The spans are set into lines at once (para), which keep their
	// text, not the spans: the buffer serves the next entry.
	sp := d.entryBuf[:0]
	defer func() { d.entryBuf = sp[:0] }()
	var anchors []string
	switch e.kind {
	case entrySee:
		return d.para([]span{{text: e.name, st: st}, {text: " ", st: st}, {text: "see", st: see}, {text: " ", st: st},
			link(heading, "#"+e.rec.Anchor())}, 0, 16, d.w, bodyLead, 2)
	case entryPseudonym:
		name := st
		name.face = italic
		if e.ps.Maintained {
			name.face = boldItalic
		}
		sp = append(sp, span{text: e.name, st: name}, span{text: " ", st: st}, span{text: "see", st: see}, span{text: " ", st: st},
			link(heading, "#"+e.rec.Anchor()))
		sp = d.locators(sp, e.ps.Citations, d.t.mentions[e.ps.Anchor()])
		anchors = []string{e.ps.Anchor()}
	default:
		r := e.rec.Base()
		name := st
		name.face = bold
		sp = append(sp, span{text: e.name, st: name})
		var about []string
		if hps != nil {
			about = append(about, "pseudonym of "+r.Name)
		}
		switch x := e.rec.(type) {
		case *model.Person:
			if x.Dates != nil {
				about = append(about, x.Dates.Display())
			}
		case *model.Body:
			if x.Short != "" {
				about = append(about, x.Short)
			}
			if x.Dates != nil {
				about = append(about, x.Dates.Display())
			}
		case *model.Place:
			if c := iso.Country(x.Country); c != "" && c != x.Name {
				about = append(about, c)
			}
		}
		if len(about) > 0 {
			sp = append(sp, span{text: " (" + strings.Join(about, ", ") + ")", st: st})
		}
		if len(r.Variants) > 0 {
			sp = append(sp, span{text: "; also written " + strings.Join(r.Variants, "; "), st: st})
		}
		pages := d.t.mentions[e.rec.Anchor()]
		anchors = []string{e.rec.Anchor()}
		if p, ok := e.rec.(*model.Person); ok {
			first := true
			for _, ps := range p.Pseudonyms {
				if ps == hps {
					continue
				}
				if first {
					sp = append(sp, span{text: "; pseudonyms: ", st: st})
				} else {
					sp = append(sp, span{text: "; ", st: st})
				}
				first = false
				sp = append(sp, link(ps.Name, "#"+ps.Anchor()))
			}
			if hps != nil {
				pages = mergePages(pages, d.t.mentions[hps.Anchor()])
				anchors = append(anchors, hps.Anchor())
			}
		}
		sp = d.locators(sp, r.Citations, pages)
	}
	b := d.para(sp, 0, 16, d.w, bodyLead, 2)
	b.lines[0].anchors = append(b.lines[0].anchors, anchors...)
	return b
}

// mergePages merges two ascending lists of pages into one, each page once.
func mergePages(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		var p int
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] <= b[0]:
			p, a = a[0], a[1:]
		default:
			p, b = b[0], b[1:]
		}
		if n := len(out); n == 0 || out[n-1] != p {
			out = append(out, p)
		}
	}
	return out
}

// locators appends to out the units citing a name, grouped by the page
// they are on — "nos. 1, 2 (p. 7); 9 (p. 8)", each number a link to its
// unit — and the other pages naming it, each a link to its page. It takes
// time in proportion to the citations: the page of each unit is read from
// a slice by the unit's number (model.Component.Seq), a unit citing the
// name twice is told by its neighbour (citations are in document order), a
// unit not printed has no page, and room for the spans is made before they
// are made.
func (d *doc) locators(out []span, cites []model.Citation, pages []int) []span {
	st := body
	ls := st
	ls.color = blue
	// A span for the word, then for each unit its number and what
	// follows it: ", ", or " (p. 7); " after the last unit on a page.
	out = slices.Grow(out, 2*len(cites)+2*len(pages)+2)
	first := len(out)
	out = append(out, span{st: st}) // " — no. " or " — nos. ", once the units are counted
	// The links and numbers of the units and the pages, and the pages
	// that end each page's units, are written into d.text: not two
	// strings a citation, nor one a page.
	t := &d.text
	// pageOf ends the units on page p: " (p. 7)", and "; " before more.
	pageOf := func(p int32, more bool) {
		start := len(t.buf)
		t.buf = strconv.AppendInt(append(t.buf, " (p.\u00a0"...), int64(p), 10)
		t.buf = append(t.buf, ')')
		if more {
			t.buf = append(t.buf, "; "...)
		}
		out = t.add(out, start, start, st)
	}
	units := 0
	page := int32(0)
	var prev *model.Component
	for k, c := range cites {
		if k%prefetchBatch == 0 {
			d.prefetch(cites[k:min(k+prefetchBatch, len(cites))])
		}
		u := c.Component
		if u == nil || u == prev {
			continue
		}
		prev = u
		pg := d.t.unitPage[u.Seq]
		if pg == 0 {
			continue // not printed (internal)
		}
		switch {
		case units == 0:
		case pg != page:
			pageOf(page, true)
		default:
			out = append(out, span{text: ", ", st: st})
		}
		page = pg
		units++
		start := len(t.buf)
		t.buf = append(append(t.buf, '#'), u.Anchor()...)
		mid := len(t.buf)
		if u.Inv == 0 {
			t.buf = append(append(append(t.buf, "“"...), present.Title(u.Title)...), "”"...)
		} else {
			t.buf = strconv.AppendInt(t.buf, int64(u.Inv), 10)
		}
		out = t.add(out, start, mid, ls)
	}
	switch units {
	case 0:
		out = out[:first]
	case 1:
		out[first].text = " — no. "
	default:
		out[first].text = " — nos. "
	}
	if units > 0 {
		pageOf(page, false)
	}
	// pageRef appends page p, a link to it.
	pageRef := func(p int) {
		start := len(t.buf)
		t.buf = strconv.AppendInt(append(t.buf, '@'), int64(p), 10)
		mid := len(t.buf)
		t.buf = strconv.AppendInt(t.buf, int64(p), 10)
		out = t.add(out, start, mid, ls)
	}
	if len(pages) > 0 {
		word := " — p.\u00a0"
		if len(pages) > 1 {
			word = " — pp.\u00a0"
		}
		out = append(out, span{text: word, st: st})
		for i := 0; i < len(pages); {
			j := i
			for j+1 < len(pages) && pages[j+1] == pages[j]+1 {
				j++
			}
			if i > 0 {
				out = append(out, span{text: ", ", st: st})
			}
			pageRef(pages[i])
			if j > i {
				out = append(out, span{text: "–", st: st})
				pageRef(pages[j])
			}
			i = j + 1
		}
	}
	t.fill(out)
	return out
}

// prefetchBatch is how many citations prefetch reads ahead of locators.
const prefetchBatch = 16

// prefetch reads the units cited and the first byte of their ids, which
// locators reads next. In a large inventory each is a miss of the cache
// (a name's units are all over the heap, the more so the larger it is),
// which a loop that sets them one by one waits for in turn, so that a
// citation took longer the larger the inventory. Read here, one after the
// other and independent of each other, the processor waits for them at once.
func (d *doc) prefetch(cites []model.Citation) {
	sum := 0
	for _, c := range cites {
		if u := c.Component; u != nil {
			sum += u.Seq
		}
	}
	for _, c := range cites {
		if u := c.Component; u != nil && u.ID != "" {
			sum += int(u.ID[0])
		}
	}
	d.prefetched += sum
}

// A spanText is a buffer that the texts and links of spans are written
// into, made one string once they all are, which the spans slice: one
// string for a unit's details or a name's locators, not one or two a span.
// Its arrays are reused from call to call.
type spanText struct {
	buf  []byte
	refs []locRef
}

// A locRef is where a span's link and text are in a spanText's buffer:
// the span out[span], link buf[start:mid], text buf[mid:end] (no link
// when start is mid).
type locRef struct{ span, start, mid, end int }

// add appends to out a span of style st whose link is t.buf[start:mid] and
// text t.buf[mid:], what has been written since start; both are set by fill.
func (t *spanText) add(out []span, start, mid int, st style) []span {
	t.refs = append(t.refs, locRef{span: len(out), start: start, mid: mid, end: len(t.buf)})
	return append(out, span{st: st})
}

// fill makes the buffer one string, sets the link and text of the spans
// add appended to out, and empties the buffer for the next use.
func (t *spanText) fill(out []span) {
	all := string(t.buf)
	for _, r := range t.refs {
		out[r.span].link, out[r.span].text = all[r.start:r.mid], all[r.mid:r.end]
	}
	t.buf, t.refs = t.buf[:0], t.refs[:0]
}
