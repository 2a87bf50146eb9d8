package pdf

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// An index entry is a person, under the heading the inventory gives it
// (present.Heading), a pseudonym other than that heading, or a reference
// from the civil name of a person headed by a pseudonym.
type indexEntry struct {
	name   string
	person *model.Person
	ps     *model.Pseudonym // a pseudonym's entry
	civil  bool             // the civil name's reference
}

// dests are the entry's named destinations: a person's entry is also the
// destination of the pseudonym that heads it.
func (e indexEntry) dests() []string {
	switch {
	case e.civil:
		return nil
	case e.ps != nil:
		return []string{e.ps.Anchor()}
	}
	if ps := present.Maintained(e.person); ps != nil {
		return []string{e.person.Anchor(), ps.Anchor()}
	}
	return []string{e.person.Anchor()}
}

// index sets the index of names: every person, under the heading, and
// every pseudonym, referring to its user. Each entry gives the units that
// name it (inventory number, and the page the unit is on) and the other
// pages that name it. The index comes last, so every page it refers to is
// known when it is set, in either pass.
func (d *doc) index() {
	d.sectionTitle("Index of names", destIndex)
	d.t.add(d.para(plain("Persons, with the pseudonyms they used, and pseudonyms, referring to their users; a person "+
		"generally known by a pseudonym that the inventory maintains is listed under it. "+
		"“no.” gives the inventory numbers of the units that name them, with the page on which each is described in brackets; "+
		"“p.” gives the other pages that name them: description, chronology and the list of pseudonyms.", small),
		0, 0, d.w, smallLd, 0))
	var es []indexEntry
	for _, p := range d.a.People {
		heading := present.Heading(p)
		es = append(es, indexEntry{name: heading, person: p})
		if heading != p.Name {
			es = append(es, indexEntry{name: p.Name, person: p, civil: true})
		}
		for _, ps := range p.Pseudonyms {
			if ps.Name != heading {
				es = append(es, indexEntry{name: ps.Name, person: p, ps: ps})
			}
		}
	}
	present.SortNames(es, func(e indexEntry) string { return e.name })
	letter := ""
	for _, e := range es {
		if l := present.Initial(e.name); l != letter {
			letter = l
			b := d.para(plain(l, h3), 0, 0, d.w, 16, 12)
			b.keepNext = true
			d.t.add(b)
		}
		d.t.add(d.indexEntry(e))
	}
}

func (d *doc) indexEntry(e indexEntry) *block {
	st := body
	link := func(s string, target string) span {
		l := st
		l.color = blue
		return span{text: s, st: l, link: target}
	}
	p := e.person
	heading := present.Heading(p)
	var sp []span
	var cites []model.Citation
	var pages []int
	switch {
	case e.civil:
		name := st
		name.face = italic
		sp = append(sp, span{text: e.name, st: name}, span{text: " (civil name), see ", st: st}, link(heading, "#"+p.Anchor()))
	case e.ps != nil:
		name := st
		name.face = italic
		if e.ps.Maintained {
			name.face = boldItalic
		}
		sp = append(sp, span{text: e.ps.Name, st: name}, span{text: ", see ", st: st}, link(heading, "#"+p.Anchor()))
		cites = e.ps.Citations
	default:
		name := st
		name.face = bold
		sp = append(sp, span{text: heading, st: name})
		if p.Dates != nil {
			sp = append(sp, span{text: " (" + p.Dates.Display() + ")", st: st})
		}
		if heading != p.Name {
			sp = append(sp, span{text: "; pseudonym maintained in the inventory; civil name " + p.Name, st: st})
		}
		if len(p.Variants) > 0 {
			sp = append(sp, span{text: "; also written " + strings.Join(p.Variants, "; "), st: st})
		}
		var others []*model.Pseudonym
		for _, ps := range p.Pseudonyms {
			if ps.Name != heading {
				others = append(others, ps)
			}
		}
		if len(others) > 0 {
			sp = append(sp, span{text: "; pseudonyms: ", st: st})
			for i, ps := range others {
				if i > 0 {
					sp = append(sp, span{text: "; ", st: st})
				}
				sp = append(sp, link(ps.Name, "#"+ps.Anchor()))
			}
		}
		cites = p.Citations
	}
	for _, dest := range e.dests() {
		pages = append(pages, d.t.mentions[dest]...)
	}
	slices.Sort(pages)
	pages = slices.Compact(pages)
	sp = append(sp, d.locators(cites, pages)...)
	b := d.para(sp, 0, 16, d.w, bodyLead, 2)
	b.lines[0].anchors = append(b.lines[0].anchors, e.dests()...)
	return b
}

// locators lists the units citing a name, grouped by the page they are
// on — "nos. 1, 2 (p. 7); 9 (p. 8)" — and the other pages naming it.
func (d *doc) locators(cites []model.Citation, pages []int) []span {
	st := body
	ls := st
	ls.color = blue
	out := make([]span, 0, 2*len(cites)+2*len(pages)+4)
	seen := make(map[*model.Component]bool, len(cites))
	type group struct {
		page  int
		units []*model.Component
	}
	var gs []group
	for _, c := range cites {
		u := c.Component
		if u == nil || seen[u] || u.Hidden(d.opt.Internal) {
			continue
		}
		seen[u] = true
		pg := d.t.at[u.Anchor()]
		if n := len(gs); n > 0 && gs[n-1].page == pg {
			gs[n-1].units = append(gs[n-1].units, u)
		} else {
			gs = append(gs, group{pg, []*model.Component{u}})
		}
	}
	if len(gs) > 0 {
		word := "no. "
		if len(seen) > 1 {
			word = "nos. "
		}
		out = append(out, span{text: " — " + word, st: st})
		for i, g := range gs {
			if i > 0 {
				out = append(out, span{text: "; ", st: st})
			}
			for j, u := range g.units {
				if j > 0 {
					out = append(out, span{text: ", ", st: st})
				}
				label := strconv.Itoa(u.Inv)
				if u.Inv == 0 {
					label = "“" + u.Title.Value + "”"
				}
				out = append(out, span{text: label, st: ls, link: "#" + u.Anchor()})
			}
			out = append(out, span{text: " (p.\u00a0", st: st}, span{text: strconv.Itoa(g.page), st: ls, link: "@" + strconv.Itoa(g.page)}, span{text: ")", st: st})
		}
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
			out = append(out, span{text: strconv.Itoa(pages[i]), st: ls, link: "@" + strconv.Itoa(pages[i])})
			if j > i {
				out = append(out, span{text: "–", st: st}, span{text: strconv.Itoa(pages[j]), st: ls, link: "@" + strconv.Itoa(pages[j])})
			}
			i = j + 1
		}
	}
	return out
}
