package importer

import (
	"strings"

	"github.com/fonds-archive/fonds/pkg/eadschema"
)

// What the importer keeps as raw EAD must pass fonds check, which checks
// raw EAD against EAD 2002's schema (package eadschema) where fonds
// writes it. The input need not be valid, so before the ead fields are
// written, conformRaw repairs what the schema would refuse, with the same
// tables the check uses, and reports each repair:
//
//   - an element where EAD allows none of its kind, or whose content EAD
//     refuses (a prefercite without a p, a chronitem without its event),
//     loses its markup: its text is kept in the element around it when
//     that holds text (flattened), and dropped otherwise (dropped text);
//     a kept element that EAD does not allow where fonds writes it (a
//     runner after a unit's notes) is dropped;
//   - text where EAD allows only elements is dropped;
//   - an attribute the element does not take, or whose value its type
//     refuses, is not kept (writeElem asks attrFits).
//
// Ids of the elements not kept are released, so that links to them are
// left out rather than pointing nowhere.

// conformRaw repairs the elements of every ead field; it runs before any
// field is written, since a link in one field may name an element of
// another. It returns the fields left with nothing to write.
func (im *importer) conformRaw() map[*rawField]bool {
	empty := map[*rawField]bool{}
	for _, f := range im.raws {
		left := false
		for i := range f.parts {
			p := &f.parts[i]
			var kept []*node
			for _, e := range p.elems {
				if e.foreign || e.name == "" {
					kept = append(kept, e)
					continue
				}
				if why := im.placeRefused(e, p.wrap); why != "" {
					im.unkeep(e, nil, why)
					continue
				}
				if !im.conform(e) {
					im.unkeep(e, nil, "what it holds is not what EAD 2002 allows in <"+e.name+">")
					continue
				}
				kept = append(kept, e)
				left = left || !e.foreign && e.name != ""
			}
			p.elems = kept
		}
		if !left {
			empty[f] = true
		}
	}
	return empty
}

// placeRefused says why EAD does not allow e where fonds writes an
// element of its part: after the notes of a unit or of the fonds, or in a
// did. The header's parts fonds merges into its own header, whose order
// fonds check verifies.
func (im *importer) placeRefused(e *node, wrap []string) string {
	var parent, before, where string
	switch {
	case e.name == "head" && (len(wrap) == 0 || len(wrap) == 1 && wrap[0] == "did"):
		return ""
	case len(wrap) == 0:
		// after the notes: what both a unit and the archdesc take there
		parent, before, where = "archdesc", "did", "after the notes"
	case len(wrap) == 1 && wrap[0] == "did":
		parent, before, where = "did", "unittitle", "in a <did>"
	default:
		return ""
	}
	st, _ := eadschema.Lookup(parent).Start().Next(before)
	if _, ok := st.Next(e.name); !ok {
		return "EAD 2002 allows no <" + e.name + "> " + where + ", where fonds writes it"
	}
	return ""
}

// conform repairs what n holds so that EAD 2002 takes it, and reports
// false when n itself cannot be kept: it is not an element of EAD 2002,
// lacks a required attribute, or what is left of its content is not
// enough.
func (im *importer) conform(n *node) bool {
	decl := eadschema.Lookup(n.name)
	if decl == nil {
		return false
	}
	for _, a := range decl.Attributes() {
		if a.Required && !hasValid(n, a) {
			return false
		}
	}
	st := decl.Start()
	var kids []*node
	for _, k := range n.kids {
		switch {
		case k.name == "":
			if decl.Empty && k.text != "" || !decl.Mixed && !eadschema.IsSpace(k.text) {
				im.dropped.add("text in "+n.name+" (EAD 2002 allows only elements there)", k.line, len([]rune(norm(k.text))))
				continue
			}
		case k.foreign:
		case !im.conform(k):
			im.unkeep(k, n, "what it holds is not what EAD 2002 allows in <"+k.name+">")
			if decl.Mixed {
				kids = append(kids, &node{text: textOf(k, false), line: k.line, col: k.col, parent: n, used: true})
			}
			continue
		default:
			next, ok := st.Next(k.name)
			if !ok {
				im.unkeep(k, n, "EAD 2002 allows no <"+k.name+"> there")
				if decl.Mixed {
					kids = append(kids, &node{text: textOf(k, false), line: k.line, col: k.col, parent: n, used: true})
				}
				continue
			}
			st = next
		}
		kids = append(kids, k)
	}
	n.kids = kids
	return st.End()
}

// unkeep reports an element whose markup is not kept: flattened when its
// parent (nil for an element kept whole) holds text, which then keeps its
// text, else dropped. The ids in it are released.
func (im *importer) unkeep(k, parent *node, why string) {
	im.release(k)
	if parent != nil && eadschema.Lookup(parent.name) != nil && eadschema.Lookup(parent.name).Mixed {
		im.flat.add(k.name+" in "+parent.name+" ("+why+"; its text kept, its markup not)", k.line, 0)
		return
	}
	what := k.name
	if parent != nil {
		what += " in " + parent.name
	}
	im.dropped.add(what+" ("+why+")", k.line, len([]rune(norm(textOf(k, false)))))
}

// release forgets the ids of the elements in n, which are not written.
func (im *importer) release(n *node) {
	for _, a := range n.attrs {
		if a.name == "id" && a.space == "" {
			delete(im.rawIDs, a.value)
		}
	}
	for _, k := range n.kids {
		if k.name != "" {
			im.release(k)
		}
	}
}

// hasValid reports whether n has the attribute a with a value it takes,
// written with the XLink prefix or, as DTD-era files write link
// attributes, without.
func hasValid(n *node, a *eadschema.Attribute) bool {
	local := strings.TrimPrefix(a.Name, "xlink:")
	for _, x := range n.attrs {
		if x.name == local && (x.space == "" || x.space == xlinkNS || x.space == "xlink") && a.Check(x.value) == "" {
			return true
		}
	}
	return false
}

// attrFits reports whether the element n takes the attribute as written
// into the sources; when not, it is reported as not kept.
func (im *importer) attrFits(n *node, name, value string) bool {
	decl := eadschema.Lookup(n.name)
	if decl == nil {
		return false
	}
	a := decl.Attribute(name)
	if a == nil {
		im.notKept.add("@"+name+" on "+n.name+" (EAD 2002 has no such attribute on "+n.name+")", n.line, 0)
		return false
	}
	if msg := a.Check(value); msg != "" {
		im.notKept.add("@"+name+" on "+n.name+" ("+msg+")", n.line, 0)
		return false
	}
	return true
}
