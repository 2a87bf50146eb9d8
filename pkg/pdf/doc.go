package pdf

import (
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// The type of the inventory: sizes and line distances, in points.
var (
	body     = style{face: regular, size: 10}
	bodyLead = 13.2
	small    = style{face: regular, size: 8.5, color: gray}
	smallLd  = 11.0
	h1       = style{face: bold, size: 18}
	h2       = style{face: bold, size: 13}
	h3       = style{face: bold, size: 11}
	h4       = style{face: boldItalic, size: 10}
)

// Named destinations of the parts of the document. Units use their ids
// ("inv-723"), which cannot hold a colon, so the two never meet.
// A link to a unit from outside opens at it: "arch01483.pdf#inv-723".
const (
	destContents    = "section:contents"
	destDescription = "section:description"
	destChronology  = "section:chronology"
	destInventory   = "section:inventory"
	destPseudonyms  = "section:pseudonyms"
	destConcordance = "section:concordance"
	destIndex       = "section:index"
)

// doc sets one finding aid; the same doc code runs in both passes.
type doc struct {
	t   *typesetter
	a   *model.Archive
	opt Options
	w   float64 // width of the text block
}

func newDoc(t *typesetter, a *model.Archive, opt Options) *doc {
	return &doc{t: t, a: a, opt: opt, w: t.width0()}
}

// A part of the document, as the contents list it.
type part struct {
	title string
	dest  string
	level int
}

// render sets the whole document, in the order of a printed inventory.
func (d *doc) render() {
	d.titlePage()
	d.contents()
	d.description()
	if len(d.a.Events) > 0 {
		d.chronology()
	}
	if d.hasUnits() {
		d.inventory()
	}
	if d.pseudonymCount() > 0 {
		d.pseudonyms()
	}
	if len(d.a.Reels) > 0 {
		d.concordance()
	}
	if len(d.a.People) > 0 {
		d.index()
	}
	d.t.flushPending()
	d.t.endPage()
}

// parts lists what the contents page lists: the parts of the document and
// the series and subseries of the inventory.
func (d *doc) parts() []part {
	ps := []part{{"Description of the collection", destDescription, 0}}
	if len(d.a.Events) > 0 {
		ps = append(ps, part{"Chronology", destChronology, 0})
	}
	if d.hasUnits() {
		ps = append(ps, part{"Inventory", destInventory, 0})
		var walk func(cs []*model.Component)
		walk = func(cs []*model.Component) {
			for _, c := range cs {
				if c.Hidden(d.opt.Internal) || c.Depth > 2 || !isHeading(c) {
					continue
				}
				ps = append(ps, part{unitHeading(c), c.Anchor(), c.Depth})
				walk(c.Children)
			}
		}
		walk(d.a.Fonds.Contents)
	}
	if d.pseudonymCount() > 0 {
		ps = append(ps, part{"Pseudonyms", destPseudonyms, 0})
	}
	if len(d.a.Reels) > 0 {
		ps = append(ps, part{"Microfilm concordance", destConcordance, 0})
	}
	if len(d.a.People) > 0 {
		ps = append(ps, part{"Index of names", destIndex, 0})
	}
	return ps
}

func (d *doc) hasUnits() bool {
	for _, c := range d.a.Fonds.Contents {
		if !c.Hidden(d.opt.Internal) {
			return true
		}
	}
	return false
}

func (d *doc) pseudonymCount() int {
	n := 0
	for _, p := range d.a.People {
		n += len(p.Pseudonyms)
	}
	return n
}

// para sets spans as one block.
func (d *doc) para(spans []span, x0, x1, right, lead, before float64) *block {
	return &block{lines: d.t.setLines(spans, x0, x1, right, lead), before: before}
}

// heading sets a heading, with its destination and bookmark.
func (d *doc) heading(title string, st style, lead, before float64, dest string, level int, open bool, x float64) {
	b := d.para([]span{{text: title, st: st}}, x, x, d.w, lead, before)
	b.keepNext = true
	if dest != "" {
		b.lines[0].anchors = append(b.lines[0].anchors, dest)
		d.t.bookmark(level, title, dest, open)
	}
	d.t.add(b)
}

// sectionTitle starts a part of the document on a new page.
func (d *doc) sectionTitle(title, dest string) {
	d.t.section()
	d.heading(title, h1, 24, 0, dest, 0, dest == destInventory, 0)
	d.t.add(&block{lines: []*line{{lead: 10, size: 10, rule: &[2]float64{0, d.w}}}})
	d.t.y += 4
}

// field sets a label and a value in two columns (title page, summary).
func (d *doc) field(label string, value []span, labelW float64, st style, lead float64) {
	if len(value) == 0 {
		return
	}
	ls := d.t.setLines([]span{{text: label, st: style{face: bold, size: st.size, color: gray}}}, 0, 0, labelW-6, lead)
	vs := d.t.setLines(value, labelW, labelW, d.w, lead)
	d.t.add(&block{lines: sideBySide(ls, vs), before: lead * 0.3, together: true})
}

// sideBySide merges columns of lines into one list of lines.
func sideBySide(cols ...[]*line) []*line {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	out := make([]*line, n)
	for i := range out {
		l := &line{}
		for _, c := range cols {
			if i < len(c) {
				l.runs = append(l.runs, c[i].runs...)
				l.anchors = append(l.anchors, c[i].anchors...)
				l.lead = max(l.lead, c[i].lead)
				l.size = max(l.size, c[i].size)
			}
		}
		out[i] = l
	}
	return out
}

func plain(s string, st style) []span {
	if s == "" {
		return nil
	}
	return []span{{text: s, st: st}}
}

// titlePage sets the title page: what the document is, of what, where.
func (d *doc) titlePage() {
	t, f := d.t, d.a.Fonds
	t.newPage()
	t.y = marginTop + 40
	repo := f.Repository.Name
	t.add(d.para(plain(repo, style{face: bold, size: 12, color: gray}), 0, 0, d.w, 16, 0))
	for _, l := range f.Repository.Address {
		t.add(d.para(plain(l, style{face: regular, size: 10, color: gray}), 0, 0, d.w, 13, 0))
	}
	t.y += 110
	t.add(d.para(plain("Inventory of the archives", style{face: regular, size: 13, color: gray}), 0, 0, d.w, 18, 0))
	t.y += 6
	t.add(d.para(plain(f.Title.Value, style{face: bold, size: 26}), 0, 0, d.w, 32, 0))
	if fa := f.FindingAid.Title; fa != "" && fa != f.Title.Value {
		t.add(d.para(plain(fa, style{face: italic, size: 14}), 0, 0, d.w, 19, 8))
	}
	t.add(d.para(plain(present.Dates(f.Dates), style{face: regular, size: 16}), 0, 0, d.w, 22, 10))
	t.y += 60
	t.add(&block{lines: []*line{{lead: 8, size: 8, rule: &[2]float64{0, d.w}}}})
	st, lead, lw := style{face: regular, size: 10}, 14.0, 130.0
	d.field("Reference code", plain(f.ReferenceCode, st), lw, st, lead)
	var ext []string
	for _, e := range f.Extent {
		ext = append(ext, e.Value)
	}
	d.field("Extent", plain(strings.Join(ext, "; "), st), lw, st, lead)
	r := f.Repository.Name
	if f.Repository.ISIL != "" {
		r += " (" + f.Repository.ISIL + ")"
	}
	d.field("Repository", plain(r, st), lw, st, lead)
	fa := f.FindingAid
	d.field("Finding aid", plain(strings.TrimSpace(fa.ID+", "+fa.Date.Display()), st), lw, st, lead)
	d.field("Compiled by", plain(fa.Author, st), lw, st, lead)
	cite := plain(present.Citation(d.a, nil, d.opt.Internal), st)
	if fa.URL != "" {
		cite = append(cite, span{text: ", ", st: st}, span{text: fa.URL, st: style{face: regular, size: 10, color: blue}, link: fa.URL})
	}
	d.field("Cite as", cite, lw, st, lead)
}

// contents sets the table of contents. Its page numbers come from the
// first pass; they sit in a column of their own, so the lines break the
// same in both passes whatever the numbers are.
func (d *doc) contents() {
	d.sectionTitle("Contents", destContents)
	numW := 36.0
	for _, p := range d.parts() {
		st, before := body, 3.0
		if p.level == 0 {
			st, before = style{face: bold, size: 10.5}, 9
		}
		x := float64(p.level) * 16
		link := "#" + p.dest
		st.color = black
		lines := d.t.setLines([]span{{text: p.title, st: st, link: link}}, x, x+12, d.w-numW-14, bodyLead)
		last := lines[len(lines)-1]
		end := x
		if n := len(last.runs); n > 0 {
			end = last.runs[n-1].x + last.runs[n-1].w
		}
		no := ""
		if pg := d.t.pageOf(p.dest); pg > 0 {
			no = strconv.Itoa(pg)
		}
		nw := d.t.width(no, st)
		last.runs = append(last.runs, run{x: d.w - nw, text: no, st: st, w: nw, link: link})
		last.leader = &leader{from: end + 2, to: d.w - numW + 4}
		d.t.add(&block{lines: lines, before: before, together: true})
	}
}

// description sets the collection-level description: a summary of the
// identity statement, then every note in the order of ISAD(G).
func (d *doc) description() {
	f := d.a.Fonds
	d.sectionTitle("Description of the collection", destDescription)
	st, lw := body, 120.0
	d.field("Reference code", plain(f.ReferenceCode, st), lw, st, bodyLead)
	d.field("Title", plain(f.Title.Value, st), lw, st, bodyLead)
	d.field("Dates", plain(present.Dates(f.Dates), st), lw, st, bodyLead)
	d.field("Level", plain(f.Level, st), lw, st, bodyLead)
	var ext []string
	for _, e := range f.Extent {
		ext = append(ext, e.Value)
	}
	d.field("Extent", plain(strings.Join(ext, "; "), st), lw, st, bodyLead)
	d.field("Creators", d.agents(f.Creators, st), lw, st, bodyLead)
	repo := f.Repository.Name
	if f.Repository.ISIL != "" {
		repo += " (" + f.Repository.ISIL + ")"
	}
	for _, l := range f.Repository.Address {
		repo += ", " + l
	}
	d.field("Repository", plain(repo, st), lw, st, bodyLead)
	var langs []string
	for _, l := range f.Languages {
		langs = append(langs, present.Language(l))
	}
	d.field("Languages", plain(strings.Join(langs, "; "), st), lw, st, bodyLead)
	d.field("Subjects", plain(strings.Join(f.Subjects, "; "), st), lw, st, bodyLead)
	d.field("Genres and forms", plain(strings.Join(f.Genres, "; "), st), lw, st, bodyLead)
	// The corporate bodies and places, as the EAD's access points list
	// them (the index of names holds the persons).
	var bodies, places []string
	for _, b := range d.a.Bodies {
		bodies = append(bodies, b.Name)
	}
	for _, p := range d.a.Places {
		places = append(places, p.Name)
	}
	d.field("Corporate bodies", plain(strings.Join(bodies, "; "), st), lw, st, bodyLead)
	d.field("Places", plain(strings.Join(places, "; "), st), lw, st, bodyLead)
	// What an import kept as EAD (fonds check has read it already).
	kept, _ := eadtext.Read(f.Raw, d.opt.Internal)
	for _, kf := range kept.Fields {
		d.field(kf.Label, plain(kf.Text, st), lw, st, bodyLead)
	}
	fa := f.FindingAid
	var fas []string
	for _, s := range []string{fa.ID, fa.Date.Display(), fa.Author, fa.Publisher} {
		if s != "" && (len(fas) == 0 || fas[len(fas)-1] != s) {
			fas = append(fas, s)
		}
	}
	d.field("Finding aid", plain(strings.Join(fas, ", "), st), lw, st, bodyLead)
	d.field("Rules", plain(fa.Rules, st), lw, st, bodyLead)
	if fa.URL != "" {
		s := st
		s.color = blue
		d.field("Address", []span{{text: fa.URL, st: s, link: fa.URL}}, lw, st, bodyLead)
	}
	for _, r := range fa.Revisions {
		s := r.Date.Display() + ": " + r.Text
		if r.Who != "" {
			s += " (" + r.Who + ")"
		}
		d.field("Revision", plain(s, st), lw, st, bodyLead)
	}
	for _, kf := range kept.Header {
		d.field(kf.Label, plain(kf.Text, st), lw, st, bodyLead)
	}
	col := column{x: 0, right: d.w, st: body, lead: bodyLead}
	for _, n := range present.Notes {
		p := n.Of(&f.Description)
		if p.IsZero() || p.Internal && !d.opt.Internal {
			continue
		}
		d.heading(n.Head(p), h2, 17, 16, destDescription+"/"+n.Name, 1, false, 0)
		for _, b := range d.prose(p.Text, col, 2) {
			d.t.add(b)
		}
	}
	for i, n := range kept.Notes {
		d.heading(n.Head, h2, 17, 16, destDescription+"/kept-"+strconv.Itoa(i+1), 1, false, 0)
		for _, b := range d.prose(n.Text, col, 2) {
			d.t.add(b)
		}
	}
}

// agents sets names as cited, persons linked to the index.
func (d *doc) agents(as []*model.Agent, st style) []span {
	var out []span
	for i, a := range as {
		if i > 0 {
			out = append(out, span{text: "; ", st: st})
		}
		s := st
		l := personLink(a)
		if l != "" {
			s.color = blue
		}
		out = append(out, span{text: present.Name(a), st: s, link: l})
	}
	return out
}

// chronology sets the dated events in two columns.
func (d *doc) chronology() {
	d.sectionTitle("Chronology", destChronology)
	dateW := 118.0
	col := column{x: dateW, right: d.w, st: body, lead: bodyLead}
	for _, e := range d.a.Events {
		if e.Text.Internal && !d.opt.Internal {
			continue
		}
		dl := d.t.setLines(plain(e.Date.Display(), style{face: bold, size: 9.5}), 0, 0, dateW-10, bodyLead)
		bs := d.prose(e.Text.Text, col, 0)
		if len(bs) == 0 {
			bs = []*block{{}}
		}
		bs[0].lines = sideBySide(dl, bs[0].lines)
		bs[0].before = 5
		for _, b := range bs {
			d.t.add(b)
		}
	}
}
