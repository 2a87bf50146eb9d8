package ead

import (
	"regexp"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/eadschema"
)

// The ead fields of the sources hold EAD kept from an import (see the
// README, "Importing existing finding aids"). They are written unchanged,
// each element where EAD places it:
//
//	on a unit:   <head> before the did; a <did>'s children inside the
//	             unit's did; any other element after the unit's notes;
//	on the fonds: an <eadheader>'s children merged into the header (by
//	             name: filedesc, titlestmt, publicationstmt, profiledesc,
//	             revisiondesc; creation, langusage and descrules replace
//	             fonds's own); a <did>'s children inside the fonds's did;
//	             a <dsc>'s children before the components; any other
//	             element after the fonds's notes and access points.

// publishedRaw drops from the elements of an ead field what is marked
// audience="internal", at any depth, unless internal material was asked
// for: such text, written by hand or kept from an import (a second
// scopecontent, an odd, a physloc), is withheld as fonds's own internal
// notes are. An element left with nothing but its head (an odd whose one
// paragraph was internal) goes too, since the schema wants more in it.
//
// What is published has its line breaks undone, as fonds's own prose has
// (see unbreak).
func (x *writer) publishedRaw(raw []*etree.Element) []*etree.Element {
	out := raw[:0]
	for _, e := range raw {
		if x.opt.Internal || !internal(e) && pruneInternal(e) {
			unbreak(e)
			out = append(out, e)
		}
	}
	return out
}

// unbreak replaces every run of white space that holds a line break, in
// the text of e and of the elements below it, by one space. Kept EAD is
// often laid out with line breaks inside its paragraphs, and consumers
// that trim every text node holding one (Archives Portal Europe's
// converter does) would glue the words on either side of a phrase:
// "of\n<persname>Lev Sedov</persname>" would read "ofLev Sedov". Text of
// white space alone between the elements of an element that holds no text
// is layout, and is dropped.
func unbreak(e *etree.Element) {
	decl := eadschema.Lookup(e.Tag)
	mixed := decl == nil || decl.Mixed
	for i := 0; i < len(e.Child); i++ {
		switch c := e.Child[i].(type) {
		case *etree.Element:
			unbreak(c)
		case *etree.CharData:
			switch {
			case !mixed && eadschema.IsSpace(c.Data):
				e.RemoveChildAt(i)
				i--
			case strings.ContainsAny(c.Data, "\n\r"):
				c.SetData(breaks.ReplaceAllString(c.Data, " "))
			}
		}
	}
}

// breaks is a run of white space that holds a line break.
var breaks = regexp.MustCompile(`[ \t]*[\r\n][ \t\r\n]*`)

func internal(e *etree.Element) bool { return e.SelectAttrValue("audience", "") == "internal" }

// pruneInternal removes the internal elements below e and reports whether
// e is still worth writing: it lost nothing, or it holds text or an
// element other than a head.
func pruneInternal(e *etree.Element) bool {
	removed := false
	for _, c := range e.ChildElements() {
		if internal(c) || !pruneInternal(c) {
			e.RemoveChild(c)
			removed = true
		}
	}
	if !removed {
		return true
	}
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t.Tag != "head" {
				return true
			}
		case *etree.CharData:
			if strings.TrimSpace(t.Data) != "" {
				return true
			}
		}
	}
	return false
}

// splitRaw sorts the elements of an ead field by where they go.
func splitRaw(raw []*etree.Element) (head, did, header, dsc, rest []*etree.Element) {
	for _, e := range raw {
		switch e.Tag {
		case "head":
			head = append(head, e)
		case "did":
			did = append(did, e.ChildElements()...)
			moveChildren(e)
		case "eadheader":
			header = append(header, e)
		case "dsc":
			dsc = append(dsc, e)
		default:
			rest = append(rest, e)
		}
	}
	return
}

// moveChildren detaches an element's children so that they can be added
// elsewhere; the text between them (whitespace) is dropped.
func moveChildren(e *etree.Element) {
	for _, c := range e.ChildElements() {
		e.RemoveChild(c)
	}
}

// childOrder is the order the schema requires of the children of the
// header's elements; a merged element goes after the last sibling that
// comes before it in this order.
var childOrder = map[string][]string{
	"eadheader":   {"eadid", "filedesc", "profiledesc", "revisiondesc"},
	"filedesc":    {"titlestmt", "editionstmt", "publicationstmt", "seriesstmt", "notestmt"},
	"titlestmt":   {"titleproper", "subtitle", "author", "sponsor"},
	"profiledesc": {"creation", "langusage", "descrules"},
}

// replaced are the elements that occur once, which the kept EAD's own
// replace: its wording of how the finding aid was made and in what
// language.
var replaced = map[string]bool{"creation": true, "langusage": true, "descrules": true}

// mergeInto adds the children of from into into: elements that fonds also
// writes there and that hold elements (filedesc, titlestmt…) are merged
// in turn; the rest are inserted where the schema wants them.
func mergeInto(into, from *etree.Element) {
	for _, c := range from.ChildElements() {
		from.RemoveChild(c)
		if own := into.SelectElement(c.Tag); own != nil {
			if _, container := childOrder[c.Tag]; container || c.Tag == "publicationstmt" || c.Tag == "revisiondesc" {
				mergeInto(own, c)
				continue
			}
			if replaced[c.Tag] {
				i := own.Index()
				into.RemoveChildAt(i)
				into.InsertChildAt(i, c)
				continue
			}
		}
		insertOrdered(into, c)
	}
}

// insertOrdered adds c to parent after the last child that the schema
// puts before it; at the end when parent's children have no fixed order.
func insertOrdered(parent, c *etree.Element) {
	order := childOrder[parent.Tag]
	rank := func(tag string) int {
		for i, t := range order {
			if t == tag {
				return i
			}
		}
		return len(order)
	}
	r := rank(c.Tag)
	if r == len(order) {
		parent.AddChild(c)
		return
	}
	at := 0
	for i, ch := range parent.Child {
		if e, ok := ch.(*etree.Element); ok && rank(e.Tag) <= r {
			at = i + 1
		}
	}
	parent.InsertChildAt(at, c)
}

// prepend puts elements first in parent (a head before the did, a did's or
// dsc's head first in it).
func prepend(parent *etree.Element, elems []*etree.Element) {
	for i := len(elems) - 1; i >= 0; i-- {
		parent.InsertChildAt(0, elems[i])
	}
}

// addToDid adds elements kept from an import to a did: a head first, the
// rest at the end.
func addToDid(did *etree.Element, elems []*etree.Element) {
	var heads []*etree.Element
	for _, e := range elems {
		if e.Tag == "head" {
			heads = append(heads, e)
		} else {
			did.AddChild(e)
		}
	}
	prepend(did, heads)
}

// fondsRaw is the fonds's ead field, read once and sorted by place.
type fondsRaw struct {
	header, did, dsc, rest []*etree.Element
}

func (x *writer) readFondsRaw() error {
	if x.a.Fonds.Raw == "" {
		return nil
	}
	raw, err := x.parseRaw(x.a.Fonds.Raw)
	if err != nil {
		return err
	}
	head, did, header, dsc, rest := splitRaw(x.publishedRaw(raw))
	x.raw = &fondsRaw{header: header, did: did, dsc: dsc, rest: append(head, rest...)}
	return nil
}
