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
	t    *typesetter
	a    *model.Archive
	opt  Options
	w    float64 // width of the text block
	lang string  // the document's language, BCP 47
	// mdLevel is the level of the last Markdown heading of the note being
	// set, relative to the note's; 0 before the first.
	mdLevel int
	// detailBuf is the spans details returns, reused from unit to unit;
	// entryBuf those of an index entry, from entry to entry.
	detailBuf, entryBuf []span
	// titleBuf is the spans titleSpans returns, reused from unit to unit.
	titleBuf []span
	// text is the buffer details and locators write their spans' texts
	// into, reused likewise.
	text spanText
	// prefetched sums what prefetch reads, so that it is read.
	prefetched int
}

func newDoc(t *typesetter, a *model.Archive, opt Options) *doc {
	return &doc{t: t, a: a, opt: opt, w: t.width0(), lang: docLang(a)}
}

// A part of the document, as the contents list it: a part, or a series or
// subseries of the inventory (unit).
type part struct {
	title string
	dest  string
	level int
	unit  *model.Component
}

// render sets the whole document, in the order of a printed inventory,
// as one Document element of the structure tree.
func (d *doc) render() {
	root := d.t.open("Document")
	d.titlePage()
	d.part("Contents", destContents, "Sect", d.contents)
	d.part("Description of the collection", destDescription, "Sect", d.description)
	if len(d.a.Events) > 0 {
		d.part("Chronology", destChronology, "Sect", d.chronology)
	}
	if d.hasUnits() {
		d.part("Inventory", destInventory, "Sect", d.inventory)
	}
	if d.pseudonymCount() > 0 {
		d.part("Pseudonyms", destPseudonyms, "Sect", d.pseudonyms)
	}
	if len(d.a.Reels) > 0 {
		d.part("Microfilm concordance", destConcordance, "Sect", d.concordance)
	}
	if d.hasIndex() {
		d.part("Index of names", destIndex, "Index", d.index)
	}
	d.t.flushPending()
	d.t.close(root)
	d.t.endPage()
}

// parts lists what the contents page lists: the parts of the document and
// the series and subseries of the inventory.
func (d *doc) parts() []part {
	ps := []part{{"Description of the collection", destDescription, 0, nil}}
	if len(d.a.Events) > 0 {
		ps = append(ps, part{"Chronology", destChronology, 0, nil})
	}
	if d.hasUnits() {
		ps = append(ps, part{"Inventory", destInventory, 0, nil})
		var walk func(cs []*model.Component)
		walk = func(cs []*model.Component) {
			for _, c := range cs {
				if c.Hidden(d.opt.Internal) || c.Depth > 2 || !isHeading(c) {
					continue
				}
				ps = append(ps, part{unitHeading(c), c.Anchor(), c.Depth, c})
				walk(c.Children)
			}
		}
		walk(d.a.Fonds.Contents)
	}
	if d.pseudonymCount() > 0 {
		ps = append(ps, part{"Pseudonyms", destPseudonyms, 0, nil})
	}
	if len(d.a.Reels) > 0 {
		ps = append(ps, part{"Microfilm concordance", destConcordance, 0, nil})
	}
	if d.hasIndex() {
		ps = append(ps, part{"Index of names", destIndex, 0, nil})
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

// hasIndex tells whether there is an index: of persons, corporate bodies
// or places.
func (d *doc) hasIndex() bool {
	return len(d.a.People)+len(d.a.Bodies)+len(d.a.Places) > 0
}

// part sets one part of the document, under its title, as an element of
// type typ (Sect, or Index for the index). It goes on the page the part
// before ends on when it fits there whole, else on a new page; the
// contents always start on the page after the title page. The first pass
// learns whether a part fits by setting it once more (see fits); the
// second does as the first did, so both lay out the same pages.
func (d *doc) part(title, dest, typ string, body func()) {
	t := d.t
	t.flushPending()
	flow := dest != destContents && d.fits(title, dest, body)
	e := t.open(typ)
	d.sectionTitle(title, dest, flow)
	body()
	t.close(e)
}

// fits tells whether a part goes on the page before. The first pass sets
// the part on a copy of the typesetter that learns nothing, from where the
// page stands, and stops as soon as a new page would begin: so a trial
// costs at most a page of layout. The second pass reads the decision.
func (d *doc) fits(title, dest string, body func()) bool {
	t := d.t
	if !t.measure {
		i := t.parts
		t.parts++
		return i < len(t.prev.flows) && t.prev.flows[i]
	}
	ok := false
	if !t.atTop() {
		trial := *t
		trial.trial, trial.over, trial.pending = true, false, nil
		// The trial's lines come from a store of its own: recycling the
		// shared one would free lines the typesetter still holds.
		trial.store = lineStore{}
		d.t = &trial
		d.sectionTitle(title, dest, true)
		if !trial.over {
			body()
		}
		trial.flushPending()
		ok = !trial.over
		d.t = t
	}
	t.flows = append(t.flows, ok)
	return ok
}

// para sets spans as one block.
func (d *doc) para(spans []span, x0, x1, right, lead, before float64) *block {
	return &block{lines: d.t.setLines(spans, x0, x1, right, lead), before: before}
}

// hTag is the structure type of a heading of level n: H1 to H6, the
// deepest for anything deeper.
func hTag(n int) string {
	return "H" + strconv.Itoa(min(max(n, 1), 6))
}

// A head is a heading as the document sets it.
type head struct {
	spans        []span
	lead, before float64
	x            float64
	// Where links and the bookmark (at depth mark) lead: a named
	// destination, or a unit's anchor.
	dest  string
	unit  *model.Component
	mark  int
	open  bool // the bookmark shows its children
	level int  // H1–H6
	rule  bool // a hairline under it
}

// heading sets a heading, with its destination and bookmark; it is never
// the last line of a page.
func (d *doc) heading(h head) {
	e := d.t.open(hTag(h.level))
	b := d.para(h.spans, h.x, h.x, d.w, h.lead, h.before)
	d.t.close(e)
	b.keepNext = true
	if h.rule {
		b.lines = append(b.lines, &line{lead: 14, size: 10, rule: &[2]float64{h.x, d.w}})
	}
	dest := h.dest
	if h.unit != nil {
		b.lines[0].unit, dest = h.unit, h.unit.Anchor()
	} else if dest != "" {
		b.lines[0].anchors = append(b.lines[0].anchors, dest)
	}
	if dest != "" {
		var title strings.Builder
		for _, s := range h.spans {
			title.WriteString(s.text)
		}
		d.t.bookmark(h.mark, title.String(), dest, h.open)
	}
	d.t.add(b)
}

// sectionTitle starts a part of the document, on the page before when
// flow is set, and sets its title, an H1 with a rule under it.
func (d *doc) sectionTitle(title, dest string, flow bool) {
	d.t.section(flow)
	d.heading(head{spans: plain(title, h1), lead: 24, before: 30, dest: dest, open: dest == destInventory, level: 1, rule: true})
}

// field sets a label and a value in two columns (title page, summary), as
// a row of a table whose header cell is the label.
func (d *doc) field(label string, value []span, labelW float64, st style, lead float64) {
	if len(value) == 0 {
		return
	}
	t := d.t
	row := t.open("TR")
	th := t.open("TH")
	if th != nil {
		th.scope = "Row"
	}
	ls := t.setLines([]span{{text: label, st: style{face: bold, size: st.size, color: gray}}}, 0, 0, labelW-6, lead)
	t.close(th)
	var vs []*line
	t.element("TD", func() { vs = t.setLines(value, labelW, labelW, d.w, lead) })
	t.add(&block{lines: sideBySide(ls, vs), before: lead * 0.3, together: true})
	t.close(row)
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
				if c[i].unit != nil {
					l.unit = c[i].unit
				}
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

// textSpans appends to out a text of the sources in st, a Span with its
// language when it is in another than the document's ("lang: rus").
func (d *doc) textSpans(out []span, x model.Text, st style) []span {
	if x.Value == "" {
		return out
	}
	sp := span{text: x.Value, st: st, lang: d.langOf(x)}
	if x.Editorial {
		// A title the encoder supplied, in square brackets (present.Title).
		return append(out, span{text: "[", st: st}, sp, span{text: "]", st: st})
	}
	return append(out, sp)
}

// langOf is the BCP 47 tag of a text of the sources when it is in a
// language other than the document's, else "".
func (d *doc) langOf(x model.Text) string {
	if tag := present.Tag(x.Lang, ""); tag != d.lang {
		return tag
	}
	return ""
}

// paragraph sets spans as a P of their own.
func (d *doc) paragraph(spans []span, lead, before float64) {
	d.t.element("P", func() { d.t.add(d.para(spans, 0, 0, d.w, lead, before)) })
}

// titlePage sets the title page: what the document is, of what, where.
func (d *doc) titlePage() {
	t, f := d.t, d.a.Fonds
	t.newPage()
	t.y = marginTop + 40
	d.paragraph(plain(f.Repository.Name, style{face: bold, size: 12, color: gray}), 16, 0)
	for _, l := range f.Repository.Address {
		d.paragraph(plain(l, style{face: regular, size: 10, color: gray}), 13, 0)
	}
	if u := f.Repository.URL; u != "" {
		d.paragraph([]span{{text: u, st: style{face: regular, size: 10, color: gray}, link: u}}, 13, 0)
	}
	t.y += 110
	d.paragraph(plain("Inventory of the archives", style{face: regular, size: 13, color: gray}), 18, 0)
	t.y += 6
	title := t.open("H1")
	title.setLang(d.langOf(f.Title))
	t.add(d.para(plain(f.Title.Value, style{face: bold, size: 26}), 0, 0, d.w, 32, 0))
	t.close(title)
	if fa := f.FindingAid.Title; fa != "" && fa != f.Title.Value {
		d.paragraph(plain(fa, style{face: italic, size: 14}), 19, 8)
	}
	d.paragraph(plain(present.Dates(f.Dates), style{face: regular, size: 16}), 22, 10)
	t.y += 60
	t.add(&block{lines: []*line{{lead: 8, size: 8, rule: &[2]float64{0, d.w}}}})
	st, lead, lw := style{face: regular, size: 10}, 14.0, 130.0
	table := t.open("Table")
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
	t.close(table)
}

// contents sets the table of contents, a TOC whose items nest as the
// parts do. Its page numbers come from the first pass; they sit in a
// column of their own, so the lines break the same in both passes whatever
// the numbers are.
func (d *doc) contents() {
	t := d.t
	numW := 36.0
	// stack holds the TOC and TOCI elements open, alternately: a TOCI at
	// index 2k+1 is an item of level k.
	stack := []*selem{t.open("TOC")}
	for _, p := range d.parts() {
		lv := min(p.level, len(stack)/2)
		for len(stack) > 2*lv+1 {
			t.close(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		}
		if len(stack) < 2*lv+1 {
			stack = append(stack, t.open("TOC"))
		}
		stack = append(stack, t.open("TOCI"))
		st, before := body, 3.0
		if p.level == 0 {
			st, before = style{face: bold, size: 10.5}, 9
		}
		x := float64(p.level) * 16
		link := "#" + p.dest
		st.color = black
		lk := t.open("Link")
		lines := t.setLines([]span{{text: p.title, st: st, link: link}}, x, x+12, d.w-numW-14, bodyLead)
		last := lines[len(lines)-1]
		end := x
		if n := len(last.runs); n > 0 {
			end = last.runs[n-1].x + last.runs[n-1].w
		}
		// A space before the number, which takes no room at the end of a
		// line, keeps it a word of its own for a screen reader.
		no := ""
		if pg := d.pageOf(p); pg > 0 {
			no = " " + strconv.Itoa(pg)
		}
		nw := t.width(no, st)
		last.runs = append(last.runs, t.ownRun(run{x: d.w - nw, text: no, st: st, w: nw, link: link}))
		t.close(lk)
		last.leader = &leader{from: end + 2, to: d.w - numW + 4}
		t.add(&block{lines: lines, before: before, together: true})
	}
	for i := len(stack) - 1; i >= 0; i-- {
		t.close(stack[i])
	}
}

// pageOf returns the page a part fell on in the first pass; 0 when
// measuring (the first pass does not know yet).
func (d *doc) pageOf(p part) int {
	prev := d.t.prev
	switch {
	case prev == nil:
		return 0
	case p.unit != nil:
		return int(prev.unitPage[p.unit.Seq])
	}
	return prev.at[p.dest]
}

// description sets the collection-level description: a summary of the
// identity statement, as a table, then every note in the order of ISAD(G).
func (d *doc) description() {
	f, t := d.a.Fonds, d.t
	st, lw := body, 120.0
	table := t.open("Table")
	d.field("Reference code", plain(f.ReferenceCode, st), lw, st, bodyLead)
	d.field("Title", d.textSpans(nil, f.Title, st), lw, st, bodyLead)
	d.field("Dates", plain(present.Dates(f.Dates), st), lw, st, bodyLead)
	d.field("Level", plain(f.Level, st), lw, st, bodyLead)
	var ext []string
	for _, e := range f.Extent {
		ext = append(ext, e.Value)
	}
	d.field("Extent", plain(strings.Join(ext, "; "), st), lw, st, bodyLead)
	for _, g := range present.Creators(f) {
		d.field(g.Label, d.agents(g.Agents, st), lw, st, bodyLead)
	}
	repo := f.Repository.Name
	if f.Repository.ISIL != "" {
		repo += " (" + f.Repository.ISIL + ")"
	}
	for _, l := range f.Repository.Address {
		repo += ", " + l
	}
	d.field("Repository", plain(repo, st), lw, st, bodyLead)
	if u := f.Repository.URL; u != "" {
		s := st
		s.color = blue
		d.field("Repository website", []span{{text: u, st: s, link: u}}, lw, st, bodyLead)
	}
	var langs []string
	for _, l := range f.Languages {
		langs = append(langs, present.Language(l))
	}
	d.field("Languages", plain(strings.Join(langs, "; "), st), lw, st, bodyLead)
	d.field("Subjects", plain(strings.Join(f.Subjects, "; "), st), lw, st, bodyLead)
	d.field("Genres and forms", plain(strings.Join(f.Genres, "; "), st), lw, st, bodyLead)
	// The corporate bodies and places, as the EAD's access points list
	// them, each linked to its entry in the index.
	var bodies, places []model.Authority
	for _, b := range d.a.Bodies {
		bodies = append(bodies, b)
	}
	for _, p := range d.a.Places {
		places = append(places, p)
	}
	d.field("Corporate bodies", d.records(bodies, st), lw, st, bodyLead)
	d.field("Places", d.records(places, st), lw, st, bodyLead)
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
	t.close(table)
	col := column{x: 0, right: d.w, st: body, lead: bodyLead, level: 2}
	for _, n := range present.Notes {
		p := n.Of(&f.Description)
		if p.IsZero() || p.Internal && !d.opt.Internal || t.over {
			continue
		}
		d.heading(head{spans: plain(n.Head(p), h2), lead: 17, before: 16, dest: destDescription + "/" + n.Name, mark: 1, level: 2})
		for _, b := range d.note(p, col, 2) {
			t.add(b)
		}
	}
	for i, n := range kept.Notes {
		d.heading(head{spans: plain(n.Head, h2), lead: 17, before: 16, dest: destDescription + "/kept-" + strconv.Itoa(i+1), mark: 1, level: 2})
		for _, b := range d.prose(n.Text, col, 2) {
			t.add(b)
		}
	}
}

// agents sets names as cited, each linked to its entry in the index; the
// page they are on is one the index gives for them.
func (d *doc) agents(as []*model.Agent, st style) []span {
	var out []span
	for i, a := range as {
		if i > 0 {
			out = append(out, span{text: "; ", st: st})
		}
		s := st
		anchor := agentAnchor(a)
		link := ""
		if anchor != "" {
			s.color, link = blue, "#"+anchor
		}
		out = append(out, span{text: present.Name(a), st: s, link: link, mention: anchor})
	}
	return out
}

// records sets the names of authority records, each linked to its entry
// in the index.
func (d *doc) records(rs []model.Authority, st style) []span {
	var out []span
	s := st
	s.color = blue
	for i, r := range rs {
		if i > 0 {
			out = append(out, span{text: "; ", st: st})
		}
		out = append(out, span{text: r.Base().Name, st: s, link: "#" + r.Anchor(), mention: r.Anchor()})
	}
	return out
}

// chronology sets the dated events in two columns, as a list whose labels
// are the dates.
func (d *doc) chronology() {
	t := d.t
	dateW := 118.0
	col := column{x: dateW, right: d.w, st: body, lead: bodyLead, level: 1}
	list := t.open("L")
	for _, e := range d.a.Events {
		if e.Text.Internal && !d.opt.Internal {
			continue
		}
		if t.over {
			break
		}
		item := t.open("LI")
		var dl []*line
		t.element("Lbl", func() {
			dl = t.setLines(plain(e.Date.Display(), style{face: bold, size: 9.5}), 0, 0, dateW-10, bodyLead)
		})
		var bs []*block
		t.element("LBody", func() { bs = d.note(&e.Text, col, 0) })
		if len(bs) == 0 {
			bs = []*block{{}}
		}
		bs[0].lines = sideBySide(dl, bs[0].lines)
		bs[0].before = 5
		for _, b := range bs {
			t.add(b)
		}
		t.close(item)
	}
	t.close(list)
}
