package ead

import (
	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// indexes adds the back-of-book indexes of the finding aid, each entry with
// an @id that names and prose link to:
//
//   - persons (person-<id>), under the heading the inventory gives them
//     (present.Heading), with links to every published unit that cites
//     the person under any name, and sub-entries for the person's
//     pseudonyms (linking to their entries);
//   - pseudonyms (the pseudonym's id, ps-…), in the order of the
//     inventory's table "Pseudonym / User": each linked to its person's
//     entry and to the units that cite the pseudonym; maintained
//     pseudonyms are marked;
//   - corporate bodies (body-<id>) and places (place-<id>), likewise;
//
// and, after them, what the sources say of these records besides their
// names (descriptions). A name element holds one form of a name, the
// heading or the pseudonym: a record's dates, other forms and notes are in
// the descriptions, so that every consumer that collects names finds one
// form per person.
func (x *writer) indexes(ad *etree.Element) {
	a := x.a
	if len(a.People) > 0 {
		idx := x.index(ad, "Index of persons")
		x.streamInto(idx, "indexentry", func(yield func(*etree.Element) bool) {
			for _, p := range x.records().persons {
				ie := etree.NewElement("indexentry")
				attr(ie, "id", p.Anchor())
				pn := x.child(ie, "persname")
				normal(pn, p)
				pn.CreateText(present.Heading(p))
				x.cited(ie, nil, p.Citations)
				for _, ps := range p.Pseudonyms {
					sub := x.child(ie, "indexentry")
					attr(sub, "altrender", "pseudonym")
					spn := x.child(sub, "persname")
					attr(spn, "normal", present.Heading(p))
					spn.CreateText(ps.Name)
					attr(x.child(sub, "ptr"), "target", ps.Anchor())
				}
				if !yield(ie) {
					return
				}
			}
		})
	}

	if pseudonyms := x.records().pseudonyms; len(pseudonyms) > 0 {
		idx := x.index(ad, "Index of pseudonyms")
		x.elem(idx, "p", "Each pseudonym is followed by the person who used it, as in the inventory's table \"Pseudonym / User\". "+
			"Pseudonyms maintained in the inventory, because the person is generally known by them, are marked as such; "+
			"the inventory lists these persons under the pseudonym.")
		x.streamInto(idx, "indexentry", func(yield func(*etree.Element) bool) {
			for _, ps := range pseudonyms {
				p := ps.Person
				ie := etree.NewElement("indexentry")
				attr(ie, "id", ps.Anchor())
				if ps.Maintained {
					attr(ie, "altrender", "maintained")
				}
				pn := x.child(ie, "persname")
				attr(pn, "normal", present.Heading(p))
				pn.CreateText(ps.Name)
				x.cited(ie, &userRef{p.Anchor(), p.Name}, ps.Citations)
				if !yield(ie) {
					return
				}
			}
		})
	}

	recordIndex(x, ad, "Index of corporate bodies", "corpname", x.records().bodies)
	recordIndex(x, ad, "Index of places", "geogname", x.records().places)
	x.descriptions(ad)
}

// recordIndex adds the index of corporate bodies or of places, one entry a
// record, unless there is none.
func recordIndex[T model.Authority](x *writer, ad *etree.Element, head, tag string, records []T) {
	if len(records) == 0 {
		return
	}
	idx := x.index(ad, head)
	x.streamInto(idx, "indexentry", func(yield func(*etree.Element) bool) {
		for _, r := range records {
			ie := etree.NewElement("indexentry")
			attr(ie, "id", r.Anchor())
			normal(x.elem(ie, tag, r.Base().Name), r)
			x.cited(ie, nil, r.Base().Citations)
			if !yield(ie) {
				return
			}
		}
	})
}

func (x *writer) index(ad *etree.Element, head string) *etree.Element {
	idx := x.child(ad, "index")
	x.elem(idx, "head", head)
	return idx
}

// A userRef links a pseudonym's entry to its person's.
type userRef struct{ target, text string }

// cited adds the links of an index entry: to the person who used a
// pseudonym, if given, and to each published unit that cites the record,
// once a unit, in document order.
func (x *writer) cited(ie *etree.Element, user *userRef, cits []model.Citation) {
	units := x.citing(cits)
	if user != nil && len(units) == 0 {
		attr(x.elem(ie, "ref", user.text), "target", user.target)
		return
	}
	if len(units) == 0 {
		return
	}
	pg := x.child(ie, "ptrgrp")
	if user != nil {
		attr(x.elem(pg, "ref", user.text), "target", user.target)
	}
	for _, c := range units {
		attr(x.elem(pg, "ref", unitLabel(c)), "target", c.Anchor())
	}
}

// citing returns the published units among citations, once a unit, in
// document order.
func (x *writer) citing(cits []model.Citation) []*model.Component {
	var units []*model.Component
	for _, cit := range cits {
		c := cit.Component
		if c.Hidden(x.opt.Internal) || len(units) > 0 && units[len(units)-1] == c {
			continue
		}
		units = append(units, c)
	}
	return units
}

// A fact is one labelled statement of a record's description.
type fact struct {
	label string
	text  string       // plain text; or
	prose *model.Prose // a note, in Markdown
}

// The labels of the facts of a record's description (the odd of type
// "names"), which fonds import reads back.
const (
	FactDates   = "Dates"
	FactCivil   = "Civil name"
	FactVariant = "Other form of the name"
	FactShort   = "Abbreviation"
	FactCountry = "Country"
	FactNote    = "Note"
)

// facts returns what the sources say of an authority record besides its
// name, in this order: its dates, the civil name of a person headed by a
// pseudonym, a body's abbreviation, the other forms of the name, a place's
// country, and the note.
func (x *writer) facts(au model.Authority) []fact {
	r := au.Base()
	var out []fact
	add := func(label, text string) {
		if text != "" {
			out = append(out, fact{label: label, text: text})
		}
	}
	switch v := au.(type) {
	case *model.Person:
		if v.Dates != nil {
			add(FactDates, v.Dates.Label())
		}
		if present.Heading(v) != v.Name {
			add(FactCivil, v.Name)
		}
	case *model.Body:
		if v.Dates != nil {
			add(FactDates, v.Dates.Label())
		}
		add(FactShort, v.Short)
	}
	for _, name := range r.Variants {
		add(FactVariant, name)
	}
	if pl, ok := au.(*model.Place); ok && pl.Country != "" {
		add(FactCountry, present.CountryName(pl.Country))
	}
	if x.published(&r.Note) {
		out = append(out, fact{label: FactNote, prose: &r.Note})
	}
	return out
}

// descriptions adds what the sources say of persons, pseudonyms, corporate
// bodies and places besides their names, in an odd: a list with one entry
// a record (persons, then pseudonyms, bodies and places, each in the order
// of names), whose label leads to the record's index entry and whose item
// is a list of labelled facts (dates, the civil name, other forms of the
// name, abbreviation, country, note).
func (x *writer) descriptions(ad *etree.Element) {
	l := etree.NewElement("list")
	attr(l, "type", "deflist")
	entry := func(target, name string) *etree.Element {
		di := x.child(l, "defitem")
		attr(x.elem(x.child(di, "label"), "ref", name), "target", target)
		facts := x.child(di.CreateElement("item"), "list")
		attr(facts, "type", "deflist")
		return facts
	}
	add := func(facts *etree.Element, f fact) {
		di := x.child(facts, "defitem")
		x.elem(di, "label", f.label)
		it := x.child(di, "item")
		if f.prose == nil {
			it.CreateText(f.text)
			return
		}
		x.audience(it, f.prose)
		x.prose(it, f.prose.Text, mixed)
		x.editorial(it, f.prose, mixed)
	}
	describe := func(target, name string, facts []fact) {
		if len(facts) == 0 {
			return
		}
		list := entry(target, name)
		for _, f := range facts {
			add(list, f)
		}
	}
	for _, p := range x.records().persons {
		describe(p.Anchor(), present.Heading(p), x.facts(p))
	}
	for _, ps := range x.records().pseudonyms {
		if ps.Note != "" {
			describe(ps.Anchor(), ps.Name, []fact{{label: FactNote, text: ps.Note}})
		}
	}
	for _, b := range x.records().bodies {
		describe(b.Anchor(), b.Name, x.facts(b))
	}
	for _, pl := range x.records().places {
		describe(pl.Anchor(), pl.Name, x.facts(pl))
	}
	if len(l.Child) == 0 {
		return
	}
	odd := x.child(ad, "odd")
	attr(odd, "type", "names")
	x.elem(odd, "head", "Persons, corporate bodies and places")
	odd.AddChild(l)
}

// sortedBy returns a copy of a list of records in the order of their
// names (present.SortNames); equal names keep the order of the sources.
func sortedBy[T model.Authority](list []T) []T {
	out := append([]T(nil), list...)
	present.SortNames(out, func(r T) string { return r.Base().Name })
	return out
}

// headingOf is the name a record is listed under: a person's heading
// (present.Heading), else the record's name.
func headingOf(au model.Authority) string {
	if p, ok := au.(*model.Person); ok {
		return present.Heading(p)
	}
	return au.Base().Name
}
