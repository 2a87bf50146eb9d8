package ead

import (
	"slices"
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/eadschema"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// The profile ape writes apeEAD, the profile of EAD 2002 that Archives
// Portal Europe (APE) takes: the same namespace, fewer elements and
// attributes. Nothing of value is lost: what apeEAD has no element for
// moves to where APE keeps and shows it.
//
//	EAD 2002 (default profile)              apeEAD (profile ape)
//	chronlist in the bioghist               a list in the bioghist, "date: event" an item
//	the concordance, a deflist              a table of two columns in the altformavail
//	the indexes (index, indexentry)         odd: lists of persons, bodies and places with what
//	                                        the sources say of them and the units that cite
//	                                        them; the table "Pseudonym / User"
//	abstract in the did                     scopecontent encodinganalog="summary", first
//	daodesc                                 the dao's xlink:title
//	ref to a person, pseudonym, body,       the words, without the link (apeEAD's ref may lead
//	  place or reel                         to a unit only)
//	names in prose, ptr, @normal, @role,    left out (the name is an access point of the
//	  @source, @rules, @altrender           controlaccess; its authority number stays)
//	a unit's addressees, subjects, places   one controlaccess each, with a head saying what
//	                                        they are; names cited with uncertainty are listed
//	                                        in a p as the unit cites them ("[Crux]")
//	unitdate/@type bulk, @certainty         the words: "bulk 1931-1933", "circa 1930"
//	blockquote, emph render="nonproport"    its paragraphs; the text
//	archdesc/@level collection and others   fonds, the one level apeEAD takes there
//	dsc type="combined"                     type="othertype"
//
// Whatever is left, EAD kept from imports included, is made to conform by
// the rules of conform (conform.go), so that the file is valid against
// apeEAD.xsd by construction. fonds check --profile ape says what the
// profile writes otherwise, as information (apeNotes in check.go).

// APESchemaLocation is the schema location the profile ape writes, APE's
// own.
const APESchemaLocation = Namespace + " http://www.archivesportaleurope.net/Portal/profiles/apeEAD.xsd"

// conformer returns the conformer of the writer's profile, nil when the
// profile writes EAD 2002 as it is.
func (x *writer) conformer() *conformer {
	if !x.prof.ape {
		return nil
	}
	if x.conf == nil {
		ids := map[string]bool{}
		for _, c := range x.a.Components {
			if c.Hidden(x.opt.Internal) {
				continue
			}
			ids[c.Anchor()] = true
			for _, ct := range c.Containers() {
				if ct.ID != "" {
					ids[ct.ID] = true
				}
			}
		}
		x.conf = &conformer{s: eadschema.APE, ids: func(id string) bool { return ids[id] }}
	}
	return x.conf
}

// apeChronology adds the chronology to the fonds-level bioghist as a list,
// one item an event: "January 20, 1929: Trotsky, in internal exile …".
func (x *writer) apeChronology(bioghist *etree.Element, events []*model.Event) {
	l := x.child(bioghist, "list")
	attr(l, "type", "marked")
	x.elem(l, "head", "Chronology")
	for _, ev := range events {
		it := x.child(l, "item")
		x.addText(it, ev.Date.Display()+": ")
		x.proseAfter(it, ev.Text.Text)
		if ed := ev.Text.Editorial; !ed.Empty() {
			x.apeEditorial(it, ed.Text, mixed)
		}
	}
}

// proseAfter adds prose to a list item after what the item holds already,
// on the same line.
func (x *writer) proseAfter(it *etree.Element, text string) {
	tmp := etree.NewElement("item")
	x.prose(tmp, text, mixed)
	for _, c := range slices.Clone(tmp.Child) {
		if cd, ok := c.(*etree.CharData); ok {
			x.addText(it, cd.Data)
			continue
		}
		it.AddChild(c)
	}
}

// apeConcordance adds the microfilm concordance to the fonds-level
// altformavail as a table: the reel, and the inventory numbers it holds
// with links to the units described.
func (x *writer) apeConcordance(altformavail *etree.Element) {
	t := x.child(altformavail, "table")
	x.elem(t, "head", "Microfilm concordance")
	tg := x.child(t, "tgroup")
	attr(tg, "cols", "2")
	for i, name := range []string{"reel", "items"} {
		cs := x.child(tg, "colspec")
		attr(cs, "colnum", strconv.Itoa(i+1))
		attr(cs, "colname", name)
	}
	row := x.child(tg.CreateElement("thead"), "row")
	x.elem(row, "entry", "Reel")
	x.elem(row, "entry", "Inventory numbers")
	x.streamInto(x.child(tg, "tbody"), "row", func(yield func(*etree.Element) bool) {
		for _, r := range x.a.Reels {
			row := etree.NewElement("row")
			x.elem(row, "entry", "Reel "+strconv.Itoa(r.No))
			x.reelHoldings(x.child(row, "entry"), r)
			if !yield(row) {
				return
			}
		}
	})
}

// apeIndexes writes what the indexes hold in the forms apeEAD allows, each
// in an odd: the persons, under their headings, with what the sources say
// of them, their pseudonyms and the units that cite them; the inventory's
// table "Pseudonym / User"; the corporate bodies and the places, likewise.
func (x *writer) apeIndexes(ad *etree.Element) {
	a := x.a
	list := func(head string) *etree.Element {
		odd := x.child(ad, "odd")
		x.elem(odd, "head", head)
		l := x.child(odd, "list")
		attr(l, "type", "marked")
		return l
	}
	if len(a.People) > 0 {
		x.streamInto(list("Persons"), "item", func(yield func(*etree.Element) bool) {
			for _, p := range x.records().persons {
				it := etree.NewElement("item")
				var others []string
				for _, ps := range p.Pseudonyms {
					if ps.Name != present.Heading(p) {
						others = append(others, ps.Name)
					}
				}
				x.apeEntry(it, p, present.Heading(p), others, p.Citations)
				if !yield(it) {
					return
				}
			}
		})
	}
	if pseudonyms := x.records().pseudonyms; len(pseudonyms) > 0 {
		odd := x.child(ad, "odd")
		x.elem(odd, "head", "Pseudonym / User")
		t := x.child(odd, "table")
		tg := x.child(t, "tgroup")
		attr(tg, "cols", "2")
		row := x.child(tg.CreateElement("thead"), "row")
		x.elem(row, "entry", "Pseudonym")
		x.elem(row, "entry", "User")
		body := x.child(tg, "tbody")
		maintained := false
		for _, ps := range pseudonyms {
			row := x.child(body, "row")
			name := ps.Name
			if ps.Maintained {
				name, maintained = "*"+name, true
			}
			x.elem(row, "entry", name)
			x.elem(row, "entry", ps.Person.Name)
		}
		if maintained {
			x.elem(odd, "p", "* Pseudonym maintained in the inventory.")
		}
	}
	apeRecords(x, list, "Corporate bodies", x.records().bodies)
	apeRecords(x, list, "Places", x.records().places)
}

// apeRecords adds the list of corporate bodies or of places, one item a
// record, unless there is none.
func apeRecords[T model.Authority](x *writer, list func(head string) *etree.Element, head string, records []T) {
	if len(records) == 0 {
		return
	}
	x.streamInto(list(head), "item", func(yield func(*etree.Element) bool) {
		for _, r := range records {
			it := etree.NewElement("item")
			x.apeEntry(it, r, r.Base().Name, nil, r.Base().Citations)
			if !yield(it) {
				return
			}
		}
	})
}

// apeEntry writes a record as a list item: its name, then what the sources
// say of it ("Dates: 1879-1940"), its pseudonyms, the notes on its
// pseudonyms and the units that cite it, each after a line break.
func (x *writer) apeEntry(it *etree.Element, au model.Authority, name string, pseudonyms []string, cits []model.Citation) {
	emph(it, "bold").CreateText(name)
	line := func(label string) {
		x.child(it, "lb")
		x.addText(it, label+": ")
	}
	for _, f := range x.facts(au) {
		line(f.label)
		if f.prose == nil {
			x.addText(it, f.text)
		} else {
			x.proseAfter(it, f.prose.Text)
			if ed := f.prose.Editorial; !ed.Empty() {
				x.apeEditorial(it, ed.Text, mixed)
			}
		}
	}
	if len(pseudonyms) > 0 {
		line("Pseudonyms")
		x.addText(it, strings.Join(pseudonyms, "; "))
	}
	if p, ok := au.(*model.Person); ok {
		for _, ps := range p.Pseudonyms {
			if ps.Note != "" {
				line("Note on the pseudonym " + ps.Name)
				x.addText(it, ps.Note)
			}
		}
	}
	if units := x.citing(cits); len(units) > 0 {
		line("In the inventory")
		for i, c := range units {
			if i > 0 {
				x.addText(it, ", ")
			}
			attr(x.elem(it, "ref", unitLabel(c)), "target", c.Anchor())
		}
	}
}

// apeUnitAccess adds a unit's access points, one controlaccess for each
// kind (apeEAD has no @role): addressees, the persons and bodies the unit
// is about, places. Names the unit cites with uncertainty are listed in a
// p first, as the unit cites them.
func (x *writer) apeUnitAccess(e *etree.Element, c *model.Component) {
	for _, g := range []struct {
		head   string
		agents []*model.Agent
	}{{"Addressees", c.To}, {"Names", c.Names()}, {"Places", c.PlaceRefs()}} {
		if len(g.agents) == 0 {
			continue
		}
		ca := x.child(e, "controlaccess")
		x.elem(ca, "head", g.head)
		var cited []string
		for _, ag := range g.agents {
			if ag.Certainty == model.Bracketed || ag.Certainty == model.Probable {
				cited = append(cited, present.Name(ag))
			}
		}
		if len(cited) > 0 {
			x.elem(ca, "p", "As the unit cites them: "+strings.Join(cited, "; ")+".")
		}
		for _, ag := range g.agents {
			x.agent(ca, ag)
		}
	}
}
