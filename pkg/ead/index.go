package ead

import (
	"sort"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// indexes adds the back-of-book indexes of the finding aid, each entry with
// an @id that names and prose link to:
//
//   - persons (person-<id>): the authorized form with dates and authority
//     number, links to every published unit that cites the person under
//     any name, and sub-entries for the person's pseudonyms (linking to
//     their entries) and variant names;
//   - pseudonyms (the pseudonym's id, ps-…): each linked to its person's
//     entry, as the inventory's table "Pseudonym / User", and to the units
//     that cite the pseudonym; maintained pseudonyms are marked;
//   - corporate bodies (body-<id>) and places (place-<id>), likewise;
//
// and, after them, the notes the sources give on any of these records.
func (x *writer) indexes(ad *etree.Element) {
	a := x.a
	if len(a.People) > 0 {
		idx := x.index(ad, "Index of persons")
		for _, p := range sortedBy(a.People) {
			ie := idx.CreateElement("indexentry")
			attr(ie, "id", p.Anchor())
			pn := ie.CreateElement("persname")
			normal(pn, p)
			pn.CreateText(withDates(p.Name, p.Dates))
			x.cited(ie, nil, p.Citations)
			for _, ps := range p.Pseudonyms {
				sub := ie.CreateElement("indexentry")
				attr(sub, "altrender", "pseudonym")
				elem(sub, "persname", ps.Name)
				attr(sub.CreateElement("ptr"), "target", ps.Anchor())
			}
			x.variants(ie, "persname", "variant", p.Variants...)
		}
	}

	var pseudonyms []*model.Pseudonym
	for _, p := range a.People {
		pseudonyms = append(pseudonyms, p.Pseudonyms...)
	}
	if len(pseudonyms) > 0 {
		idx := x.index(ad, "Index of pseudonyms")
		elem(idx, "p", "Each pseudonym is followed by the person who used it. Pseudonyms maintained in the inventory, "+
			"because the person is generally known by them, are marked as such.")
		sort.SliceStable(pseudonyms, func(i, j int) bool { return sortKey(pseudonyms[i].Name) < sortKey(pseudonyms[j].Name) })
		for _, ps := range pseudonyms {
			p := ps.Person
			ie := idx.CreateElement("indexentry")
			attr(ie, "id", ps.Anchor())
			if ps.Maintained {
				attr(ie, "altrender", "maintained")
			}
			pn := ie.CreateElement("persname")
			normal(pn, p)
			pn.CreateText(ps.Name)
			user := p.Name
			if ps.Maintained {
				user += " (pseudonym maintained in the inventory)"
			}
			x.cited(ie, &userRef{p.Anchor(), user}, ps.Citations)
		}
	}

	if len(a.Bodies) > 0 {
		idx := x.index(ad, "Index of corporate bodies")
		for _, b := range sortedBy(a.Bodies) {
			ie := idx.CreateElement("indexentry")
			attr(ie, "id", b.Anchor())
			normal(elem(ie, "corpname", withDates(b.Name, b.Dates)), b)
			x.cited(ie, nil, b.Citations)
			x.variants(ie, "corpname", "abbreviation", b.Short)
			x.variants(ie, "corpname", "variant", b.Variants...)
		}
	}

	if len(a.Places) > 0 {
		idx := x.index(ad, "Index of places")
		for _, pl := range sortedBy(a.Places) {
			ie := idx.CreateElement("indexentry")
			attr(ie, "id", pl.Anchor())
			normal(elem(ie, "geogname", pl.Name), pl)
			x.cited(ie, nil, pl.Citations)
			x.variants(ie, "geogname", "variant", pl.Variants...)
			if pl.Country != "" {
				x.variants(ie, "geogname", "country", present.CountryName(pl.Country))
			}
		}
	}
	x.nameNotes(ad)
}

func (x *writer) index(ad *etree.Element, head string) *etree.Element {
	idx := ad.CreateElement("index")
	elem(idx, "head", head)
	return idx
}

// A userRef links a pseudonym's entry to its person's.
type userRef struct{ target, text string }

// cited adds the links of an index entry: to the person who used a
// pseudonym, if given, and to each published unit that cites the record,
// once a unit, in document order.
func (x *writer) cited(ie *etree.Element, user *userRef, cits []model.Citation) {
	var units []*model.Component
	for _, cit := range cits {
		c := cit.Component
		if c.Hidden(x.opt.Internal) || len(units) > 0 && units[len(units)-1] == c {
			continue
		}
		units = append(units, c)
	}
	if user != nil && len(units) == 0 {
		attr(elem(ie, "ref", user.text), "target", user.target)
		return
	}
	if len(units) == 0 {
		return
	}
	pg := ie.CreateElement("ptrgrp")
	if user != nil {
		attr(elem(pg, "ref", user.text), "target", user.target)
	}
	for _, c := range units {
		attr(elem(pg, "ref", unitLabel(c)), "target", c.Anchor())
	}
}

// variants adds sub-entries for other forms of a name, marked with what
// they are in @altrender.
func (x *writer) variants(ie *etree.Element, tag, kind string, names ...string) {
	for _, n := range names {
		if n == "" {
			continue
		}
		sub := ie.CreateElement("indexentry")
		attr(sub, "altrender", kind)
		elem(sub, tag, n)
	}
}

// nameNotes adds the notes the sources give on persons, pseudonyms,
// corporate bodies and places: a list whose labels link to the records'
// index entries.
func (x *writer) nameNotes(ad *etree.Element) {
	l := etree.NewElement("list")
	attr(l, "type", "deflist")
	entry := func(tag, target, name string) *etree.Element {
		di := l.CreateElement("defitem")
		lb := di.CreateElement("label")
		ref := lb.CreateElement("ref")
		attr(ref, "target", target)
		elem(ref, tag, name)
		return di.CreateElement("item")
	}
	note := func(tag, target, name string, p *model.Prose) {
		if x.published(p) {
			it := entry(tag, target, name)
			x.audience(it, p)
			x.prose(it, p.Text, mixed)
			x.editorial(it, p, mixed)
		}
	}
	for _, au := range sortedAuthorities(x.a) {
		r := au.Base()
		note(nameTag(au), au.Anchor(), r.Name, &r.Note)
		if p, ok := au.(*model.Person); ok {
			for _, ps := range p.Pseudonyms {
				if ps.Note != "" {
					entry("persname", ps.Anchor(), ps.Name).CreateText(ps.Note)
				}
			}
		}
	}
	if len(l.Child) == 0 {
		return
	}
	odd := ad.CreateElement("odd")
	attr(odd, "type", "names")
	elem(odd, "head", "Notes on persons, corporate bodies and places")
	odd.AddChild(l)
}

// withDates adds a record's dates to its name, "Trotsky, Lev, 1879-1940".
func withDates(name string, d *model.Date) string {
	if d == nil || d.Text == "" {
		return name
	}
	return name + ", " + d.Label()
}

// sortedBy returns a copy of a list of records in the order of their
// names, folded; equal keys keep the order of the sources.
func sortedBy[T model.Authority](list []T) []T {
	out := append([]T(nil), list...)
	sort.SliceStable(out, func(i, j int) bool { return sortKey(out[i].Base().Name) < sortKey(out[j].Base().Name) })
	return out
}

// sortedAuthorities returns every authority record: the persons, then the
// corporate bodies, then the places, each kind sorted as sortedBy sorts.
func sortedAuthorities(a *model.Archive) []model.Authority {
	var out []model.Authority
	for _, p := range sortedBy(a.People) {
		out = append(out, p)
	}
	for _, b := range sortedBy(a.Bodies) {
		out = append(out, b)
	}
	for _, pl := range sortedBy(a.Places) {
		out = append(out, pl)
	}
	return out
}
