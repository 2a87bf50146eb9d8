package ead

import (
	"fmt"
	"strconv"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

func (x *writer) hasComponents() bool {
	for _, c := range x.a.Fonds.Contents {
		if !c.Hidden(x.opt.Internal) {
			return true
		}
	}
	return false
}

// components streams the units of the dsc: each is built, written and
// dropped before the next, so a finding aid of any size needs the memory
// of one unit at a time.
func (x *writer) components(depth int) {
	for _, c := range x.a.Fonds.Contents {
		x.component(c, depth)
	}
}

func (x *writer) component(c *model.Component, depth int) {
	if x.err != nil || c.Hidden(x.opt.Internal) {
		return
	}
	x.leaves = x.reusedLeaves()
	e, err := x.unit(c)
	x.leaves = nil
	if err != nil {
		x.err = err
		return
	}
	if k := x.conformer(); k != nil {
		if c.Raw() == "" && c.Description == nil {
			// Only what the writer builds itself, whose elements stand
			// where apeEAD takes them (TestAPEOwnUnits).
			k.own(e)
		} else if !k.element(e, false) {
			x.err = fmt.Errorf("%s: unit %s cannot be made valid for profile %s", c.Pos, c.ID, x.prof.name)
			return
		}
	}
	x.newline(depth)
	x.open(e, depth) // e always has a did, so open leaves it open
	// Written and dropped: the next unit, a child, takes its leaves.
	x.taken.reuse()
	for _, ch := range c.Children {
		x.component(ch, depth+1)
	}
	x.close(e, depth)
}

// unit builds one component without its children.
func (x *writer) unit(c *model.Component) (*etree.Element, error) {
	tag := "c"
	if x.opt.Numbered && !x.prof.ape { // apeEAD takes unnumbered c only
		tag = fmt.Sprintf("c%02d", c.Depth)
	}
	e := etree.NewElement(tag)
	// Room for what a unit has, at once rather than by doubling: its
	// attributes (id, level, otherlevel, audience), and its did, notes,
	// access points and microfilm note; the did's number, title, dates,
	// names and physical description.
	e.Attr = make([]etree.Attr, 0, 4)
	e.Child = make([]etree.Token, 0, 4)
	attr(e, "id", c.Anchor())
	level, other := c.Level, c.OtherLevel()
	if level == "country" {
		level = "otherlevel" // a country file: EAD has no such level
	}
	attr(e, "level", level)
	if level == "otherlevel" {
		attr(e, "otherlevel", nmtoken(other))
	}
	if c.Internal {
		attr(e, "audience", "internal")
	}

	did := x.child(e, "did")
	did.Child = make([]etree.Token, 0, 8)
	if c.Inv != 0 {
		x.elem(did, "unitid", strconv.Itoa(c.Inv))
	}
	if c.UnitID() != "" {
		x.elem(did, "unitid", c.UnitID())
	}
	if c.Title.Value != "" {
		x.title(did, c.Title)
	}
	for i := range c.Dates {
		x.unitdate(did, c.Dates, i)
	}
	for _, ag := range c.From {
		o := x.child(did, "origination")
		attr(o, "label", "Sender")
		x.agent(o, ag)
	}
	x.physdesc(did, c.Forms, c.Extent(), c.PhysDesc())
	x.languages(did, c.Languages(), languageNote.Of(c.Description), "")
	for _, ct := range c.Containers() {
		ce := x.elem(did, "container", ct.Value)
		attr(ce, "id", ct.ID)
		attr(ce, "parent", ct.Parent)
		attr(ce, "type", nmtoken(ct.Type))
		attr(ce, "label", ct.Label)
	}
	for _, l := range c.Links() {
		d := x.child(did, "dao")
		attr(d, "xlink:type", "simple")
		attr(d, "xlink:href", l.Href)
		attr(d, "xlink:role", l.Role)
		if x.prof.ape {
			attr(d, "xlink:title", l.Label()) // apeEAD has no daodesc
		} else {
			attr(d, "xlink:title", l.Title)
		}
		attr(d, "xlink:show", "new")
		attr(d, "xlink:actuate", "onRequest")
		if l.Text != "" && !x.prof.ape {
			x.elem(x.child(d, "daodesc"), "p", l.Text)
		}
	}
	x.abstract(did, abstractNote.Of(c.Description))
	if x.prof.ape {
		x.summary(e, abstractNote.Of(c.Description))
	}

	x.notes(e, c.Description, false, nil)
	if x.prof.ape {
		x.apeUnitAccess(e, c)
	} else if len(c.To)+len(c.Names())+len(c.PlaceRefs()) > 0 {
		ca := x.child(e, "controlaccess")
		for _, list := range [][]*model.Agent{c.To, c.Names(), c.PlaceRefs()} {
			for _, ag := range list {
				x.agent(ca, ag)
			}
		}
	}
	x.reelNote(e, c)
	if c.Raw() != "" {
		raw, err := x.parseRaw(c.Raw())
		if err != nil {
			return nil, fmt.Errorf("%s: unit %s: ead: %w", c.Pos, c.ID, err)
		}
		head, dids, header, dsc, rest := splitRaw(x.publishedRaw(raw))
		prepend(e, head)
		addToDid(did, dids)
		for _, r := range append(append(header, dsc...), rest...) {
			e.AddChild(r)
		}
	}
	if !hasElement(did) {
		// A unit with no number, title, date or the like (resolve warns
		// of it): the schema needs a child in the did; an empty title
		// says no more than the sources.
		x.child(did, "unittitle")
	}
	return e, nil
}

// hasElement reports whether e has a child element.
func hasElement(e *etree.Element) bool {
	for range e.ChildElementsSeq() {
		return true
	}
	return false
}

// unitLabel names a unit in links: by its inventory number, as readers
// cite it, else by its other identifier or its title.
func unitLabel(c *model.Component) string {
	switch {
	case c.Inv != 0:
		return "no. " + strconv.Itoa(c.Inv)
	case c.UnitID() != "":
		return c.UnitID()
	case c.Title.Value != "":
		return present.Title(c.Title)
	}
	return c.ID
}
