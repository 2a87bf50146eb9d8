package pdf

import (
	"bytes"
	"strconv"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// Columns of the inventory: the inventory number is set right-aligned in a
// column of its own, the title and its details to its right. Each level of
// the hierarchy indents: 10 points for the first four levels, 4 for each
// level below, so that a deep tree keeps both its steps and room for text.
const (
	numCol    = 40.0 // width of the inventory number column
	numGap    = 9.0
	maxIndent = 160.0
)

func indentOf(c *model.Component) float64 {
	d := float64(c.Depth - 1)
	if d <= 3 {
		return d * 10
	}
	return min(30+(d-3)*4, maxIndent)
}

// unitHeading is a unit's title with its dates, as a heading names it.
func unitHeading(c *model.Component) string {
	s := present.Title(c.Title)
	if s == "" {
		s = c.UnitID()
	}
	if ds := present.Dates(c.Dates); ds != "" {
		s += ", " + ds
	}
	return s
}

// inventory sets the units, series by series.
func (d *doc) inventory() {
	d.units(d.a.Fonds.Contents, 2)
}

// units sets a list of units and what they hold. A unit with parts and no
// inventory number is a heading (series, subseries, country file) of
// level H<level>; the units among them that are not, rows with their
// inventory number in the number column, are the items of a list (L).
func (d *doc) units(cs []*model.Component, level int) {
	var list *selem
	for _, c := range cs {
		if c.Hidden(d.opt.Internal) {
			continue
		}
		if d.t.over {
			break
		}
		d.t.recycle()
		if isHeading(c) {
			if list != nil {
				d.t.close(list)
				list = nil
			}
			d.headingUnit(c, level)
			continue
		}
		if list == nil {
			list = d.t.open("L")
		}
		d.row(c, level)
	}
	if list != nil {
		d.t.close(list)
	}
}

// headingUnit sets a unit as a heading, its details and notes under it,
// then its parts.
func (d *doc) headingUnit(c *model.Component, level int) {
	x := indentOf(c)
	st, lead, before := h4, bodyLead, 10.0
	switch c.Depth {
	case 1:
		st, lead, before = h2, 17, 20
	case 2:
		st, lead, before = h3, 14.5, 14
	}
	spans := d.titleSpans(c, st)
	if ds := present.Dates(c.Dates); ds != "" {
		spans = append(spans, span{text: ", " + ds, st: st})
	}
	if c.Internal {
		spans = append(spans, span{text: " (internal)", st: st})
	}
	d.heading(head{spans: spans, lead: lead, before: before, x: x, unit: c, mark: c.Depth, open: c.Depth < 2, level: level})
	if det := d.details(c, small); len(det) > 0 {
		d.t.element("P", func() { d.t.add(d.para(det, x, x, d.w, smallLd, 1)) })
	}
	d.notes(c, x, 3, level+1)
	d.units(c.Children, level+1)
}

// titleSpans is a unit's title, or its other identifier when it has none.
// The spans are titleSpans' own, with room for a few more after them,
// valid until it is called again: they are set at once.
func (d *doc) titleSpans(c *model.Component, st style) []span {
	out := d.titleBuf[:0]
	if cap(out) < 8 {
		out = make([]span, 0, 8)
	}
	if c.Title.Value == "" {
		if id := c.UnitID(); id != "" {
			out = append(out, span{text: id, st: st})
		}
	} else {
		out = d.textSpans(out, c.Title, st)
	}
	d.titleBuf = out
	return out
}

// isHeading tells a unit set as a heading: one with no inventory number
// that has parts or is a series, subseries or the like (not a file or
// item), even when the sources describe none of its parts.
func isHeading(c *model.Component) bool {
	return c.Inv == 0 && (len(c.Children) > 0 || c.Level != "file" && c.Level != "item")
}

// row sets a unit as a row, an item of a list: its number (the item's
// label), and its title with the details beneath, its notes and its parts
// (the item's body; the title and details are its text, not paragraphs of
// their own, which would add two elements to every unit of a large
// inventory). level is that of the headings of its notes.
func (d *doc) row(c *model.Component, level int) {
	t := d.t
	x := indentOf(c)
	tx := x + numCol + numGap
	st := body
	if len(c.Children) > 0 {
		st.face = bold
	}
	item := t.open("LI")
	var no run
	if c.Inv > 0 {
		s := strconv.Itoa(c.Inv)
		nw := t.width(s, body)
		nst := body
		nst.face = bold
		t.element("Lbl", func() { no = t.ownRun(run{x: x + numCol - nw, text: s, st: nst, w: nw}) })
	}
	lbody := t.open("LBody")
	title := d.titleSpans(c, st)
	if c.Internal {
		title = append(title, span{text: " (internal)", st: st})
	}
	// Continuation lines of a title hang a little further in.
	lines := t.setLines(title, tx, tx+8, d.w, bodyLead)
	if no.text != "" {
		rs := t.store.runsOf(len(lines[0].runs) + 1)
		rs[0] = no
		copy(rs[1:], lines[0].runs)
		lines[0].runs = rs
	}
	lines[0].unit = c
	if det := d.details(c, small); len(det) > 0 {
		lines = t.store.join(lines, t.setLines(det, tx, tx+8, d.w, smallLd))
	}
	for _, l := range c.Links() {
		s := small
		s.color = blue
		label := l.Label()
		if label == "" {
			label = l.Href
		} else {
			label += ": " + l.Href
		}
		lines = t.store.join(lines, t.setLines([]span{{text: label, st: s, link: l.Href}}, tx, tx+8, d.w, smallLd))
	}
	if len(c.Children) > 0 {
		t.bookmark(c.Depth, unitHeading(c), c.Anchor(), false)
	}
	t.add(&block{lines: lines, before: 4, together: len(lines) <= 8})
	d.notes(c, tx, 1, level)
	d.units(c.Children, level)
	t.close(lbody)
	t.close(item)
}

// notes sets a unit's descriptive notes, in small type; their heads are
// headings of the given level.
func (d *doc) notes(c *model.Component, x, before float64, level int) {
	col := column{x: x, right: d.w, st: small, lead: smallLd, level: level - 1}
	// set sets the note's text in a column.
	note := func(hd string, set func(column) []*block) {
		if hd == "" {
			for _, b := range set(col) {
				d.t.add(b)
			}
			return
		}
		hs := small
		hs.face = bold
		withHead := col
		withHead.level = level
		bs := set(withHead)
		if len(bs) == 0 {
			return
		}
		d.heading(head{spans: plain(hd, hs), lead: smallLd, before: before, x: x, level: level})
		bs[0].before = 0
		for _, b := range bs {
			d.t.add(b)
		}
	}
	for _, n := range present.Notes {
		p := n.Of(c.Description)
		if p.IsZero() || p.Internal && !d.opt.Internal {
			continue
		}
		note(p.Head, func(c column) []*block { return d.note(p, c, before) })
	}
	// Notes an import kept as EAD, under their heads (fonds check has
	// read the field already).
	kept, _ := eadtext.Read(c.Raw(), d.opt.Internal)
	for _, n := range kept.Notes {
		note(n.Head, func(c column) []*block { return d.prose(n.Text, c, before) })
	}
}

// details is the line beneath a unit's title: dates, physical form, names,
// extent, containers and microfilm reels. The spans are details' own,
// valid until it is called again: they are set at once. The texts it
// makes (names, lists, reel numbers and links) are written into d.text,
// as locators' are: not a string or two a field.
func (d *doc) details(c *model.Component, st style) []span {
	out, t := d.detailBuf[:0], &d.text
	defer func() { d.detailBuf = out[:0] }()
	sep := func() {
		if len(out) > 0 {
			out = append(out, span{text: " · ", st: st})
		}
	}
	add := func(s string) {
		if s != "" {
			sep()
			out = append(out, span{text: s, st: st})
		}
	}
	// A field written into t.buf from field on is a span of its own, after
	// a separator, unless it is empty (end).
	field := 0
	begin := func() { field = len(t.buf) }
	end := func() {
		if len(t.buf) > field {
			sep()
			out = t.add(out, field, field, st)
		}
	}
	// list writes n texts, text(i), joined by between, as one field.
	list := func(n int, between string, text func(i int)) {
		begin()
		for i := range n {
			if i > 0 {
				t.buf = append(t.buf, between...)
			}
			text(i)
		}
		end()
	}
	// Names are not linked here: the index lists each unit under every
	// name it cites, and a link per name would double the file's size for
	// a large inventory.
	names := func(prefix string, as []*model.Agent) {
		if len(as) == 0 {
			return
		}
		begin()
		t.buf = append(t.buf, prefix...)
		for i, a := range as {
			if i > 0 {
				t.buf = append(t.buf, "; "...)
			}
			t.buf = append(t.buf, present.Name(a)...)
		}
		end()
	}
	if c.Inv > 0 || len(c.Children) == 0 {
		add(present.Dates(c.Dates))
	}
	list(len(c.Forms), ", ", func(i int) { t.buf = append(t.buf, c.Forms[i]...) })
	names("from ", c.From)
	names("to ", c.To)
	names("concerning ", c.Names())
	names("place: ", c.PlaceRefs())
	add(c.PhysDesc())
	ext := c.Extent()
	list(len(ext), "; ", func(i int) { t.buf = append(t.buf, ext[i].Value...) })
	if c.UnitID() != "" && c.Title.Value != "" {
		add(c.UnitID())
	}
	langs := c.Languages()
	list(len(langs), ", ", func(i int) { t.buf = append(t.buf, present.Language(langs[i])...) })
	cont := c.Containers()
	list(len(cont), ", ", func(i int) {
		// "box 3", trimmed of spaces as a whole.
		at := len(t.buf)
		t.buf = append(append(append(t.buf, cont[i].Type...), ' '), cont[i].Value...)
		t.buf = t.buf[:at+copy(t.buf[at:], bytes.TrimSpace(t.buf[at:]))]
	})
	kept, _ := eadtext.Read(c.Raw(), d.opt.Internal)
	for _, kf := range kept.Fields {
		begin()
		t.buf = append(append(append(t.buf, kf.Label...), ": "...), kf.Text...)
		end()
	}
	if len(c.Reels) > 0 {
		sep()
		word := "reel "
		if len(c.Reels) > 1 {
			word = "reels "
		}
		out = append(out, span{text: word, st: st})
		s := st
		s.color = blue
		for i, r := range c.Reels {
			if i > 0 {
				out = append(out, span{text: ", ", st: st})
			}
			start := len(t.buf)
			t.buf = append(append(t.buf, '#'), r.Anchor()...)
			mid := len(t.buf)
			t.buf = strconv.AppendInt(t.buf, int64(r.No), 10)
			out = t.add(out, start, mid, s)
		}
	}
	t.fill(out)
	return out
}

// pseudonyms sets the list of pseudonyms as the inventory presents it, a
// table: pseudonym, user, an asterisk for those the inventory maintains.
func (d *doc) pseudonyms() {
	t := d.t
	es := present.Pseudonyms(d.a)
	anyMaintained := false
	for _, ps := range es {
		anyMaintained = anyMaintained || ps.Maintained
	}
	colW := d.w * 0.45
	table := t.open("Table")
	d.headRow(plain("Pseudonym", thStyle), 10, colW, plain("User", thStyle), colW+10)
	for i, ps := range es {
		if t.over {
			break
		}
		t.recycle()
		st := body
		row := t.open("TR")
		var left, right []*line
		t.element("TD", func() {
			left = t.setLines([]span{{text: ps.Name, st: st, mention: ps.Anchor()}}, 10, 18, colW, bodyLead)
			if ps.Maintained {
				left[0].runs = append([]run{t.ownRun(run{x: 0, text: "*", st: st, w: t.width("*", st)})}, left[0].runs...)
			}
		})
		t.element("TD", func() {
			if p := ps.Person; p != nil {
				right = t.setLines([]span{{text: p.Name, st: st, mention: p.Anchor()}}, colW+10, colW+18, d.w, bodyLead)
			}
		})
		t.add(&block{lines: sideBySide(left, right), before: 1 + 3*float64(btoi(i == 0)), together: true})
		t.close(row)
	}
	t.close(table)
	if anyMaintained {
		d.paragraph(plain("* Pseudonym maintained in the inventory.", small), smallLd, 10)
	}
}

// thStyle is the style of a table's column heads.
var thStyle = style{face: bold, size: 9.5, color: gray}

// headRow sets the row of a table's two column heads, the first from x0,
// the second from x1, with a rule beneath; it is never the last row of a
// page.
func (d *doc) headRow(first []span, x0, x1 float64, second []span, x2 float64) {
	t := d.t
	row := t.open("TR")
	var a, b []*line
	th := t.open("TH")
	if th != nil {
		th.scope = "Column"
	}
	a = t.setLines(first, x0, x0, x1, bodyLead)
	t.close(th)
	th = t.open("TH")
	if th != nil {
		th.scope = "Column"
	}
	b = t.setLines(second, x2, x2, d.w, bodyLead)
	t.close(th)
	head := sideBySide(a, b)
	head[len(head)-1].rule = &[2]float64{0, d.w}
	t.add(&block{lines: head, keepNext: true})
	t.close(row)
}

// concordance sets the microfilm concordance, a table: each reel with the
// inventory numbers on it; the numbers of described units link to them.
func (d *doc) concordance() {
	t := d.t
	numsX := 70.0
	table := t.open("Table")
	d.headRow(plain("Reel", thStyle), 0, numsX, plain("Inventory numbers", thStyle), numsX)
	for i, r := range d.a.Reels {
		if t.over {
			break
		}
		t.recycle()
		no := strconv.Itoa(r.No)
		st := body
		st.face = bold
		nw := t.width(no, st)
		row := t.open("TR")
		var left []*line
		t.element("TD", func() {
			left = []*line{{runs: []run{t.ownRun(run{x: 40 - nw, text: no, st: st, w: nw})}, lead: bodyLead, size: body.size,
				anchors: []string{r.Anchor()}}}
		})
		td := t.open("TD")
		var spans []span
		for i, rg := range r.Ranges {
			if i > 0 {
				spans = append(spans, span{text: ", ", st: body})
			}
			spans = append(spans, d.invNumber(rg.From))
			if rg.To != rg.From {
				spans = append(spans, span{text: "–", st: body}, d.invNumber(rg.To))
			}
		}
		if r.Content != "" {
			if len(spans) > 0 {
				spans = append(spans, span{text: "; ", st: body})
			}
			spans = append(spans, span{text: r.Content, st: body})
		}
		right := d.t.setLines(spans, numsX, numsX, d.w, bodyLead)
		if n := d.described(r); n > 0 {
			s := "1 unit described"
			if n > 1 {
				s = strconv.Itoa(n) + " units described"
			}
			right = append(right, d.t.setLines(plain(s, small), numsX, numsX, d.w, smallLd)...)
		}
		if r.Note != "" {
			right = append(right, d.t.setLines(plain(r.Note, small), numsX, numsX, d.w, smallLd)...)
		}
		t.close(td)
		t.add(&block{lines: sideBySide(left, right), before: 2 + 3*float64(btoi(i == 0)), together: true})
		t.close(row)
	}
	t.close(table)
}

// described counts a reel's units that are printed.
func (d *doc) described(r *model.Reel) int {
	n := 0
	for _, c := range r.Items {
		if !c.Hidden(d.opt.Internal) {
			n++
		}
	}
	return n
}

// invNumber is an inventory number, linked to its unit when it is
// described.
func (d *doc) invNumber(n int) span {
	s := strconv.Itoa(n)
	if c := d.a.ByInv[n]; c != nil && !c.Hidden(d.opt.Internal) {
		st := body
		st.color = blue
		return span{text: s, st: st, link: "#" + c.Anchor()}
	}
	return span{text: s, st: body}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
