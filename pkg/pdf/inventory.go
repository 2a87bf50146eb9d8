package pdf

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

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
		s = c.UnitID
	}
	if ds := present.Dates(c.Dates); ds != "" {
		s += ", " + ds
	}
	return s
}

// inventory sets the units, series by series.
func (d *doc) inventory() {
	d.sectionTitle("Inventory", destInventory)
	for _, c := range d.a.Fonds.Contents {
		d.unit(c)
	}
}

// unit sets a unit and what it holds. A unit with parts and no inventory
// number is a heading (series, subseries, country file); any other unit is
// a row with its inventory number in the number column.
func (d *doc) unit(c *model.Component) {
	if c.Hidden(d.opt.Internal) {
		return
	}
	x := indentOf(c)
	if isHeading(c) {
		st, lead, before := h4, bodyLead, 10.0
		switch c.Depth {
		case 1:
			st, lead, before = h2, 17, 20
		case 2:
			st, lead, before = h3, 14.5, 14
		}
		title := unitHeading(c)
		if c.Internal {
			title += " (internal)"
		}
		d.heading(title, st, lead, before, c.Anchor(), c.Depth, c.Depth < 2, x)
		if det := d.details(c, small); len(det) > 0 {
			d.t.add(d.para(det, x, x, d.w, smallLd, 1))
		}
		d.notes(c, x, 3)
	} else {
		d.row(c, x)
	}
	for _, k := range c.Children {
		d.unit(k)
	}
}

// isHeading tells a unit set as a heading: one with no inventory number
// that has parts or is a series, subseries or the like (not a file or
// item), even when the sources describe none of its parts.
func isHeading(c *model.Component) bool {
	return c.Inv == 0 && (len(c.Children) > 0 || c.Level != "file" && c.Level != "item")
}

// row sets a unit as a row: number, title, details beneath.
func (d *doc) row(c *model.Component, x float64) {
	tx := x + numCol + numGap
	st := body
	if len(c.Children) > 0 {
		st.face = bold
	}
	title := present.Title(c.Title)
	if title == "" {
		title = c.UnitID
	}
	if c.Internal {
		title += " (internal)"
	}
	// Continuation lines of a title hang a little further in.
	lines := d.t.setLines([]span{{text: title, st: st}}, tx, tx+8, d.w, bodyLead)
	if c.Inv > 0 {
		no := strconv.Itoa(c.Inv)
		nw := d.t.width(no, body)
		nst := body
		nst.face = bold
		lines[0].runs = append([]run{{x: x + numCol - nw, text: no, st: nst, w: nw}}, lines[0].runs...)
	}
	lines[0].anchors = append(lines[0].anchors, c.Anchor())
	if det := d.details(c, small); len(det) > 0 {
		lines = append(lines, d.t.setLines(det, tx, tx+8, d.w, smallLd)...)
	}
	for _, l := range c.Links {
		s := small
		s.color = blue
		label := l.Label()
		if label == "" {
			label = l.Href
		} else {
			label += ": " + l.Href
		}
		lines = append(lines, d.t.setLines([]span{{text: label, st: s, link: l.Href}}, tx, tx+8, d.w, smallLd)...)
	}
	if len(c.Children) > 0 {
		d.t.bookmark(c.Depth, unitHeading(c), c.Anchor(), false)
	}
	d.t.add(&block{lines: lines, before: 4, together: len(lines) <= 8})
	d.notes(c, tx, 1)
}

// notes sets a unit's descriptive notes, in small type.
func (d *doc) notes(c *model.Component, x, before float64) {
	col := column{x: x, right: d.w, st: small, lead: smallLd}
	note := func(head string, bs []*block) {
		if head != "" && len(bs) > 0 {
			hs := small
			hs.face = bold
			h := d.para([]span{{text: head, st: hs}}, x, x, d.w, smallLd, before)
			h.keepNext = true
			d.t.add(h)
			bs[0].before = 0
		}
		for _, b := range bs {
			d.t.add(b)
		}
	}
	for _, n := range present.Notes {
		p := n.Of(&c.Description)
		if p.IsZero() || p.Internal && !d.opt.Internal {
			continue
		}
		note(p.Head, d.note(p, col, before))
	}
	// Notes an import kept as EAD, under their heads (fonds check has
	// read the field already).
	kept, _ := eadtext.Read(c.Raw, d.opt.Internal)
	for _, n := range kept.Notes {
		note(n.Head, d.prose(n.Text, col, before))
	}
}

// details is the line beneath a unit's title: dates, physical form, names,
// extent, containers and microfilm reels.
func (d *doc) details(c *model.Component, st style) []span {
	var out []span
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
	// Names are not linked here: the index lists each unit under every
	// name it cites, and a link per name would double the file's size for
	// a large inventory.
	names := func(prefix string, as []*model.Agent) {
		if len(as) == 0 {
			return
		}
		var ns []string
		for _, a := range as {
			ns = append(ns, present.Name(a))
		}
		add(prefix + strings.Join(ns, "; "))
	}
	if c.Inv > 0 || len(c.Children) == 0 {
		add(present.Dates(c.Dates))
	}
	add(strings.Join(c.Forms, ", "))
	names("from ", c.From)
	names("to ", c.To)
	names("concerning ", c.Names)
	names("place: ", c.PlaceRefs)
	add(c.PhysDesc)
	var ext []string
	for _, e := range c.Extent {
		ext = append(ext, e.Value)
	}
	add(strings.Join(ext, "; "))
	if c.UnitID != "" && c.Title.Value != "" {
		add(c.UnitID)
	}
	var langs []string
	for _, l := range c.Languages {
		langs = append(langs, present.Language(l))
	}
	add(strings.Join(langs, ", "))
	var cont []string
	for _, k := range c.Containers {
		cont = append(cont, strings.TrimSpace(k.Type+" "+k.Value))
	}
	add(strings.Join(cont, ", "))
	kept, _ := eadtext.Read(c.Raw, d.opt.Internal)
	for _, kf := range kept.Fields {
		add(kf.Label + ": " + kf.Text)
	}
	if len(c.Reels) > 0 {
		sep()
		word := "reel "
		if len(c.Reels) > 1 {
			word = "reels "
		}
		out = append(out, span{text: word, st: st})
		for i, r := range c.Reels {
			if i > 0 {
				out = append(out, span{text: ", ", st: st})
			}
			s := st
			s.color = blue
			out = append(out, span{text: strconv.Itoa(r.No), st: s, link: "#" + r.Anchor()})
		}
	}
	return out
}

// pseudonyms sets the list of pseudonyms as the inventory presents it:
// pseudonym, user, an asterisk for those the inventory maintains.
func (d *doc) pseudonyms() {
	d.sectionTitle("Pseudonyms", destPseudonyms)
	type entry struct {
		ps  *model.Pseudonym
		key string
	}
	var es []entry
	anyMaintained := false
	for _, p := range d.a.People {
		for _, ps := range p.Pseudonyms {
			es = append(es, entry{ps, collate(ps.Name)})
			anyMaintained = anyMaintained || ps.Maintained
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].key != es[j].key {
			return es[i].key < es[j].key
		}
		return es[i].ps.ID < es[j].ps.ID
	})
	colW := d.w * 0.45
	hs := style{face: bold, size: 9.5, color: gray}
	head := sideBySide(
		d.t.setLines(plain("Pseudonym", hs), 10, 10, colW, bodyLead),
		d.t.setLines(plain("User", hs), colW+10, colW+10, d.w, bodyLead))
	head[len(head)-1].rule = &[2]float64{0, d.w}
	d.t.add(&block{lines: head, keepNext: true})
	for i, e := range es {
		st := body
		name := []span{{text: e.ps.Name, st: st, mention: e.ps.Anchor()}}
		left := d.t.setLines(name, 10, 18, colW, bodyLead)
		if e.ps.Maintained {
			left[0].runs = append([]run{{x: 0, text: "*", st: st, w: d.t.width("*", st)}}, left[0].runs...)
		}
		var right []*line
		if p := e.ps.Person; p != nil {
			right = d.t.setLines([]span{{text: p.Name, st: st, mention: p.Anchor()}}, colW+10, colW+18, d.w, bodyLead)
		}
		d.t.add(&block{lines: sideBySide(left, right), before: 1 + 3*float64(btoi(i == 0)), together: true})
	}
	if anyMaintained {
		d.t.add(d.para(plain("* Pseudonym maintained in the inventory.", small), 0, 0, d.w, smallLd, 10))
	}
}

// concordance sets the microfilm concordance: each reel with the inventory
// numbers on it; the numbers of described units link to them.
func (d *doc) concordance() {
	d.sectionTitle("Microfilm concordance", destConcordance)
	hs := style{face: bold, size: 9.5, color: gray}
	numsX := 70.0
	head := sideBySide(
		d.t.setLines(plain("Reel", hs), 0, 0, numsX, bodyLead),
		d.t.setLines(plain("Inventory numbers", hs), numsX, numsX, d.w, bodyLead))
	head[len(head)-1].rule = &[2]float64{0, d.w}
	d.t.add(&block{lines: head, keepNext: true})
	for i, r := range d.a.Reels {
		no := strconv.Itoa(r.No)
		st := body
		st.face = bold
		nw := d.t.width(no, st)
		left := []*line{{runs: []run{{x: 40 - nw, text: no, st: st, w: nw}}, lead: bodyLead, size: body.size,
			anchors: []string{r.Anchor()}}}
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
		d.t.add(&block{lines: sideBySide(left, right), before: 2 + 3*float64(btoi(i == 0)), together: true})
	}
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

// collate returns a key that sorts names the way the inventory does: by
// letters, ignoring case, diacritics and punctuation inside words, with
// the words of a name compared one by one ("Rosmer, Alfred" before
// "Rosmer, Marguerite", "Mèche" among the "Me", "O-r" after "Obin").
func collate(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && b.Len() > 0 {
				b.WriteByte(1)
			}
			sep = false
			b.WriteRune(unicode.ToLower(r))
		case r == ' ' || r == ',':
			sep = true
		}
	}
	return b.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
