package pdf

import (
	"sort"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// An index entry is a person or a pseudonym.
type indexEntry struct {
	key    string
	person *model.Person
	ps     *model.Pseudonym
}

// dest is the entry's named destination.
func (e indexEntry) dest() string {
	if e.ps != nil {
		return e.ps.Anchor()
	}
	return e.person.Anchor()
}

// index sets the index of names: every person, under the authorized form,
// and every pseudonym, referring to its user. Each entry gives the units
// that name it (inventory number, and the page the unit is on) and the
// other pages that name it. The index comes last, so every page it refers
// to is known when it is set, in either pass.
func (d *doc) index() {
	d.sectionTitle("Index of names", destIndex)
	d.t.add(d.para(plain("Persons, with the pseudonyms they used, and pseudonyms, referring to their users. "+
		"“no.” gives the inventory numbers of the units that name them, with the page on which each is described in brackets; "+
		"“p.” gives the other pages that name them: description, chronology and the list of pseudonyms.", small),
		0, 0, d.w, smallLd, 0))
	var es []indexEntry
	for _, p := range d.a.People {
		es = append(es, indexEntry{key: collate(p.Name), person: p})
		for _, ps := range p.Pseudonyms {
			es = append(es, indexEntry{key: collate(ps.Name), person: p, ps: ps})
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].key != es[j].key {
			return es[i].key < es[j].key
		}
		return es[i].dest() < es[j].dest()
	})
	letter := ""
	for _, e := range es {
		if l := initial(e.key); l != letter {
			letter = l
			b := d.para(plain(l, h3), 0, 0, d.w, 16, 12)
			b.keepNext = true
			d.t.add(b)
		}
		d.t.add(d.indexEntry(e))
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

func (d *doc) indexEntry(e indexEntry) *block {
	st := body
	link := func(s string, target string) span {
		l := st
		l.color = blue
		return span{text: s, st: l, link: target}
	}
	var sp []span
	var cites []model.Citation
	if e.ps == nil {
		p := e.person
		name := st
		name.face = bold
		sp = append(sp, span{text: p.Name, st: name})
		if p.Dates != nil {
			sp = append(sp, span{text: " (" + p.Dates.Display() + ")", st: st})
		}
		if len(p.Variants) > 0 {
			sp = append(sp, span{text: "; also written " + strings.Join(p.Variants, "; "), st: st})
		}
		if len(p.Pseudonyms) > 0 {
			sp = append(sp, span{text: "; pseudonyms: ", st: st})
			for i, ps := range p.Pseudonyms {
				if i > 0 {
					sp = append(sp, span{text: "; ", st: st})
				}
				sp = append(sp, link(ps.Name, "#"+ps.Anchor()))
			}
		}
		cites = p.Citations
	} else {
		name := st
		name.face = italic
		if e.ps.Maintained {
			name.face = boldItalic
		}
		sp = append(sp, span{text: e.ps.Name, st: name}, span{text: ", see ", st: st}, link(e.person.Name, "#"+e.person.Anchor()))
		cites = e.ps.Citations
	}
	sp = append(sp, d.locators(cites, d.t.mentions[e.dest()])...)
	b := d.para(sp, 0, 16, d.w, bodyLead, 2)
	b.lines[0].anchors = append(b.lines[0].anchors, e.dest())
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
					label = "“" + present.Title(u.Title) + "”"
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
