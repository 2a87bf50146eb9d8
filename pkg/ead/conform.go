package ead

import (
	"slices"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/eadschema"
)

// conform makes the EAD the writer built valid against a stricter schema
// (apeEAD, for the profile ape) by construction, element by element as
// they are written, so that what fonds writes for an aggregator never
// fails its validation, whatever the sources hold (EAD kept from imports
// included). The writer itself writes what the profile has no element for
// in the forms the schema allows (see ape.go); conform is the rule for
// whatever is left:
//
//   - an attribute the schema does not allow on the element, or whose
//     value it refuses, is left out (the namespace declarations and
//     xsi:schemaLocation of the root stay);
//   - a line break (lb) where none may stand becomes a space, where text
//     may, so that no words are glued;
//   - an element the schema does not allow where it stands gives way to
//     what it holds: its text and elements stand in its place, each
//     conformed in turn, so that a phrase inside a name keeps its words
//     and a block quote in a note gives its paragraphs to the note;
//   - text where only elements may stand is put into a p, where a p may
//     stand, else left out;
//   - an element that cannot end where its content does (a list with no
//     item left) is left out.
//
// Each change is counted by what it is, for the tests.
type conformer struct {
	s *eadschema.Schema
	// streamed holds the elements whose children are written after them
	// (the dsc, whose units stream, and the writer's streams), with the tag
	// of those children; states, where each such element's content stands
	// once its own children are conformed.
	streamed map[*etree.Element]string
	states   map[*etree.Element]eadschema.State
	ids      func(id string) bool // whether a @target or @parent may name id
	changes  map[string]int
}

func (k *conformer) note(what string) {
	if k.changes != nil {
		k.changes[what]++
	}
}

// element conforms e where it stands: its attributes and, unless shallow,
// its children. It reports false when e cannot stand in a valid document
// (the caller leaves it out).
func (k *conformer) element(e *etree.Element, shallow bool) bool {
	decl := k.s.Lookup(e.Tag)
	if decl == nil {
		return false
	}
	k.attributes(e, decl)
	if shallow {
		return true
	}
	return k.children(e, decl)
}

// own conforms an element that the writer built from the model alone, with
// no note (Markdown) and no EAD kept from an import in it: a unit with no
// description. Its elements stand where the schema takes them (under the
// profile ape the writer gives names no ptr: namePtr), so the rule of
// conform changes nothing in it but its attributes; own does just that,
// without walking the content models,
// which a unit of that kind does not need (TestAPEOwnUnits compares the
// two on every such unit of the test finding aids).
func (k *conformer) own(e *etree.Element) {
	if decl := k.s.Lookup(e.Tag); decl != nil {
		k.attributes(e, decl)
	}
	for _, c := range e.Child {
		if c, ok := c.(*etree.Element); ok {
			k.own(c)
		}
	}
}

func (k *conformer) attributes(e *etree.Element, decl *eadschema.Element) {
	kept := e.Attr[:0]
	for _, a := range e.Attr {
		name := a.FullKey()
		switch {
		case a.Space == "xmlns" || a.Space == "" && a.Key == "xmlns" || a.Space == "xsi":
			kept = append(kept, a)
			continue
		}
		ad := decl.Attribute(name)
		if ad == nil || ad.Check(a.Value) != "" {
			k.note("@" + name + " on " + e.Tag)
			continue
		}
		if k.ids != nil && a.Space == "" && (a.Key == "target" || a.Key == "parent") {
			var names []string
			for _, n := range strings.Fields(a.Value) {
				if k.ids(n) {
					names = append(names, n)
				}
			}
			if len(names) == 0 {
				k.note("@" + name + " on " + e.Tag + " (leads to nothing written)")
				continue
			}
			a.Value = strings.Join(names, " ")
		}
		kept = append(kept, a)
	}
	e.Attr = kept
}

// children conforms the content of e, in order, against its content
// model.
func (k *conformer) children(e *etree.Element, decl *eadschema.Element) bool {
	st := decl.Start()
	for i := 0; i < len(e.Child); i++ {
		switch c := e.Child[i].(type) {
		case *etree.CharData:
			if decl.Mixed || eadschema.IsSpace(c.Data) {
				continue
			}
			if !k.wrap(e, i, &st) {
				e.RemoveChildAt(i)
				i--
				k.note("text in " + e.Tag)
			}
		case *etree.Element:
			repl := k.adapt(c)
			if next, ok := st.Next(c.Tag); repl == nil && ok && k.element(c, false) {
				st = next
				continue
			}
			if repl != nil {
				// An element of EAD 2002 with a form in the schema
				// (a chronlist as a list): the form stands in its
				// place and is conformed there.
				e.RemoveChildAt(i)
				e.InsertChildAt(i, repl)
				i--
				k.note(c.Tag + " as " + repl.Tag)
				continue
			}
			switch {
			case c.Tag == "lb" && decl.Mixed:
				e.RemoveChildAt(i)
				e.InsertChildAt(i, etree.NewText(" "))
				k.note("lb in " + e.Tag)
			case c.Tag == "head" && !decl.Mixed:
				// A heading where none may stand (a note's second
				// one): a paragraph of its own, in bold.
				p := etree.NewElement("p")
				moveInto(emph(p, "bold"), c)
				e.RemoveChildAt(i)
				e.InsertChildAt(i, p)
				i--
				k.note("head in " + e.Tag + " as a p")
			case !decl.Mixed && inline(c.Tag) && k.wrap(e, i, &st):
			default:
				// c gives way to what it holds, which is conformed
				// where c stood; in text, a block's words stay apart
				// from their neighbours'.
				e.RemoveChildAt(i)
				kids := slices.Clone(c.Child)
				if decl.Mixed && !inline(c.Tag) && len(c.Child) > 0 {
					kids = append(append([]etree.Token{etree.NewText(" ")}, kids...), etree.NewText(" "))
				}
				for j, cc := range kids {
					e.InsertChildAt(i+j, cc)
				}
				i--
				k.note(c.Tag + " in " + e.Tag)
			}
		default: // comments and the like: nothing a reader sees
			e.RemoveChildAt(i)
			i--
		}
	}
	if tag, ok := k.streamed[e]; ok {
		// The dsc, or a stream: its children are written after it is
		// conformed, one at least.
		if k.states == nil {
			k.states = map[*etree.Element]eadschema.State{}
		}
		k.states[e] = st
		next, ok := st.Next(tag)
		return ok && next.End()
	}
	return st.End()
}

// next conforms c, a child of a stream, where it stands in parent, which
// the conformer conformed before; false when it may not stand there.
func (k *conformer) next(parent, c *etree.Element) bool {
	next, ok := k.states[parent].Next(c.Tag)
	if !ok || k.adapt(c) != nil || !k.element(c, false) {
		return false
	}
	k.states[parent] = next
	return true
}

// end reports whether parent, whose stream has been written, may end
// there.
func (k *conformer) end(parent *etree.Element) bool {
	st := k.states[parent]
	delete(k.states, parent)
	return st.End()
}

// blockTexts are the elements of EAD 2002 that hold text but stand as blocks
// of their own: their words are apart from the text around them.
var blockTexts = map[string]bool{"p": true, "head": true, "item": true, "entry": true, "label": true, "event": true,
	"chronitem": true, "defitem": true, "indexentry": true, "row": true, "addressline": true, "change": true,
	"note": true, "blockquote": true, "list": true, "chronlist": true, "table": true, "address": true}

// inline reports whether an element of EAD 2002 is a phrase: one that
// holds text and stands in text (emph, persname, ref, date …).
func inline(tag string) bool {
	decl := eadschema.Lookup(tag)
	return decl != nil && decl.Mixed && !blockTexts[tag]
}

// wrappers are the elements that text and phrases which cannot stand
// where they are may be put into: a paragraph, or, where no paragraph may
// stand, a note holding one (an odd in a unit, a note in a did).
var wrappers = []string{"p", "odd", "note"}

// wrap puts the child at i (text, or a phrase that cannot stand there)
// and the text and phrases after it into a p (or an odd or a note, where
// no p may stand), where one may stand next, and conforms it; false when
// none may stand there, or what it would hold cannot.
func (k *conformer) wrap(e *etree.Element, i int, st *eadschema.State) bool {
	for _, tag := range wrappers {
		next, ok := st.Next(tag)
		if !ok {
			continue
		}
		w := etree.NewElement(tag)
		for moved := 0; i < len(e.Child); moved++ {
			c := e.Child[i]
			if ce, isElem := c.(*etree.Element); isElem && moved > 0 && !inline(ce.Tag) {
				break
			}
			e.RemoveChildAt(i)
			w.AddChild(c)
		}
		e.InsertChildAt(i, w)
		if !k.element(w, false) {
			// Put the children back where they were.
			e.RemoveChildAt(i)
			for j, c := range slices.Clone(w.Child) {
				e.InsertChildAt(i+j, c)
			}
			continue
		}
		*st = next
		k.note("text and phrases put into a " + tag + " in " + e.Tag)
		return true
	}
	return false
}

// adapt returns the form an element of EAD 2002 takes in the schema when
// the schema has none of its own and the element's meaning has a form
// there: a chronlist is a list of "date: event" items, an index a note
// (odd) with a list of its entries, a deflist a table of two columns. Nil
// for any other element, which gives way to what it holds.
func (k *conformer) adapt(e *etree.Element) *etree.Element {
	if k.s.Lookup(e.Tag) != nil && !(e.Tag == "list" && e.SelectAttrValue("type", "") == "deflist") {
		return nil
	}
	switch {
	case e.Tag == "chronlist":
		l := etree.NewElement("list")
		attr(l, "type", "marked")
		for _, c := range e.ChildElements() {
			switch c.Tag {
			case "head":
				l.AddChild(c)
			case "listhead": // its column headings, as an item of their own
				it := l.CreateElement("item")
				for i, h := range c.ChildElements() {
					if i > 0 {
						addText(it, ": ")
					}
					moveInto(it, h)
				}
			case "chronitem":
				it := l.CreateElement("item")
				events := 0
				for _, part := range c.ChildElements() {
					switch part.Tag {
					case "date":
						moveInto(it, part)
						addText(it, ": ")
					case "event", "eventgrp":
						for _, ev := range append([]*etree.Element{part}, part.SelectElements("event")...) {
							if ev.Tag != "event" {
								continue
							}
							if events > 0 {
								addText(it, "; ")
							}
							moveInto(it, ev)
							events++
						}
					}
				}
			}
		}
		return l
	case e.Tag == "index":
		odd := etree.NewElement("odd")
		l := etree.NewElement("list")
		attr(l, "type", "marked")
		for _, c := range e.ChildElements() {
			switch c.Tag {
			case "head":
				odd.AddChild(c)
			case "indexentry":
				moveInto(l.CreateElement("item"), c)
			default:
				odd.AddChild(c)
			}
		}
		if len(l.Child) > 0 {
			odd.AddChild(l)
		}
		return odd
	case e.Tag == "list":
		t := etree.NewElement("table")
		tg := etree.NewElement("tgroup")
		attr(tg, "cols", "2")
		if lh := e.SelectElement("listhead"); lh != nil {
			row := tg.CreateElement("thead").CreateElement("row")
			for _, h := range []string{"head01", "head02"} {
				entry := row.CreateElement("entry")
				if hh := lh.SelectElement(h); hh != nil {
					moveInto(entry, hh)
				}
			}
		}
		body := tg.CreateElement("tbody")
		for _, c := range e.ChildElements() {
			switch c.Tag {
			case "head":
				t.AddChild(c)
			case "defitem":
				row := body.CreateElement("row")
				for _, part := range []string{"label", "item"} {
					entry := row.CreateElement("entry")
					if p := c.SelectElement(part); p != nil {
						moveInto(entry, p)
					}
				}
			}
		}
		if len(body.Child) == 0 {
			return nil
		}
		t.AddChild(tg)
		return t
	}
	return nil
}

// moveInto moves what from holds to the end of into, with a space between
// the words of elements that stood side by side (the parts of an index
// entry).
func moveInto(into, from *etree.Element) {
	for _, c := range slices.Clone(from.Child) {
		if ce, ok := c.(*etree.Element); ok && len(into.Child) > 0 && (ce.Tag == "indexentry" || ce.Tag == "ptrgrp" || ce.Tag == "ref" || ce.Tag == "persname" || ce.Tag == "corpname" || ce.Tag == "geogname" || ce.Tag == "name") {
			addText(into, " ")
		}
		into.AddChild(c)
	}
}
