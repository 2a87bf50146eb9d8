package importer

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// eadLevels are the values of @level in EAD 2002.
var eadLevels = map[string]bool{"class": true, "collection": true, "file": true, "fonds": true, "item": true,
	"otherlevel": true, "recordgrp": true, "series": true, "subfonds": true, "subgrp": true, "subseries": true}

// component maps a unit and the units below it.
func (im *importer) component(c *node, depth int) *yaml.Node {
	p := im.plans[c]
	im.rep.Components++
	if depth > im.rep.MaxDepth {
		im.rep.MaxDepth = depth
	}
	m := newMapping()
	if p.id != "" {
		m.str("id", p.id)
	}
	level := strings.ToLower(c.attr("level"))
	other := norm(c.attr("otherlevel"))
	switch {
	case level == "":
		im.repaired.add("unit with no level: fonds calls it file (item when numbered and with no units below)", c.line, 0)
	case level == "fonds":
		level, other = "otherlevel", "fonds"
		im.repaired.add("unit of level fonds written as otherlevel fonds (a fonds inside a fonds)", c.line, 0)
	case !eadLevels[level]:
		im.repaired.add(fmt.Sprintf("level %q is not an EAD level: written as otherlevel %q", c.attr("level"), c.attr("level")), c.line, 0)
		level, other = "otherlevel", c.attr("level")
	case level == "otherlevel" && other == "country-file" && im.fonds != nil:
		level, other = "country", ""
	case level == "otherlevel" && other == "":
		other = "unspecified"
		im.repaired.add("level otherlevel with no @otherlevel: written as otherlevel unspecified", c.line, 0)
	}
	if level != "" {
		im.rep.Levels[level]++
		m.str("level", level)
	} else {
		im.rep.Levels["(none)"]++
	}
	if level == "otherlevel" {
		m.str("otherlevel", other)
	}
	u := newDesc()
	if c.attr("audience") == "internal" {
		u.internal = true
	}
	var children []*yaml.Node
	for _, k := range c.kids {
		switch {
		case k.name == "":
			im.stray(k)
		case k.name == "did":
			im.did(k, u, false)
		case isComponent(k):
			children = append(children, im.component(k, depth+1))
		case k.name == "head":
			u.rawHead = append(u.rawHead, k)
			im.keep(k, ": the unit's heading")
		case k.name == "thead":
			im.dropElem(k, "thead: column headings of a table of components")
		case im.fonds != nil && im.fondsUnitPart(k, u):
		case k.name == "controlaccess":
			im.controlaccess(k, u, false)
		case k.is("dao", "daogrp"):
			im.dao(k, u)
		case k.name == "descgrp" && (k.child("head") == nil || im.opt.UnwrapGroups):
			im.unwrapDescgrp(k)
			for _, g := range k.kids {
				switch {
				case g.name == "head":
				case g.name == "":
					im.stray(g)
				case g.name == "controlaccess":
					im.controlaccess(g, u, false)
				default:
					im.note(g, u, "")
				}
			}
		default:
			im.note(k, u, "")
		}
	}
	if id := im.mainUnitid(u, c.child("did")); id != nil {
		for _, e := range id.elems() {
			im.flattened(e)
		}
		t := norm(textOf(id, true))
		if p.inv != 0 {
			m.set("inv", intNode(p.inv))
		} else if t != "" {
			m.str("unitid", t)
		}
	}
	raw := im.write(m, u, []string{"did"}, nil)
	if raw != nil {
		m.set("ead", raw.node)
		im.raws = append(im.raws, raw)
	}
	if len(children) > 0 {
		m.set("contents", seq(children...))
	}
	return m.n
}

// unusedAttrs marks the attributes of a structural element as not kept.
func (im *importer) unusedAttrs(n *node) {
	for i := range n.attrs {
		a := &n.attrs[i]
		if !a.used {
			a.used = true
			im.notKept.add("@"+qname(*a)+" on "+n.name, n.line, 0)
		}
	}
}

// files writes the sources.
func (im *importer) files(fonds mapping, fondsRaw *rawField, contents []*yaml.Node) map[string][]byte {
	out := map[string][]byte{}
	schema := strings.TrimSuffix(im.opt.SchemaDir, "/")
	u := im.fondsDesc
	if u == nil {
		u = newDesc()
	}
	if len(im.dscParts) > 0 {
		u.rawAfter = append(u.rawAfter, &node{name: "dsc", kids: im.dscParts})
	}
	u.names, u.places = nil, nil // the fonds cites them as access points
	im.write(fonds, u, []string{"did"}, fondsRaw)
	auth := im.authorities()
	var chronology, reels *yaml.Node
	if im.fonds != nil {
		auth = im.fondsAuthorities()
		chronology, reels = im.fondsFiles()
		im.fondsTitle(fonds)
	}
	if auth != nil {
		fonds.str("authorities", "authorities.yaml")
	}
	if chronology != nil {
		fonds.str("chronology", "chronology.yaml")
	}
	if reels != nil {
		fonds.str("reels", "reels.yaml")
	}
	if im.rep.Components > im.opt.SplitAt {
		contents = im.layout(contents)
	}
	if len(contents) > 0 {
		fonds.set("contents", seq(contents...))
	}
	if len(fondsRaw.parts) > 0 {
		fonds.set("ead", fondsRaw.node)
		im.raws = append(im.raws, fondsRaw)
	}
	empty := im.conformRaw()
	for _, r := range im.raws {
		im.renderRaw(r)
	}
	dropFields(fonds.n, empty)
	for _, s := range im.seriesDocs {
		dropFields(s.root, empty)
	}
	out["fonds.yaml"] = encodeFile(schema+"/fonds.schema.json", fonds.n)
	if auth != nil {
		out["authorities.yaml"] = encodeFile(schema+"/authorities.schema.json", auth)
	}
	if chronology != nil {
		out["chronology.yaml"] = encodeFile(schema+"/chronology.schema.json", chronology)
	}
	if reels != nil {
		out["reels.yaml"] = encodeFile(schema+"/reels.schema.json", reels)
	}
	for _, s := range im.seriesDocs {
		kind := "series"
		if s.root.Kind == yaml.SequenceNode {
			kind = "parts"
		}
		up := strings.Repeat("../", strings.Count(s.path, "/"))
		out[s.path] = encodeFile(up+schema+"/"+kind+".schema.json", s.root)
	}
	im.finishReport(out)
	return out
}

// authorities writes the records cited.
func (im *importer) authorities() *yaml.Node {
	var persons, bodies, places []*yaml.Node
	for _, a := range im.names.list {
		if a.refs <= 0 {
			continue
		}
		m := newMapping()
		m.str("id", a.id)
		m.str("name", a.name)
		if len(a.variants) > 0 {
			m.set("variants", seq(strNodes(a.variants)...))
		}
		if a.authID != "" || a.authSource != "" || a.authRules != "" {
			au := newMapping()
			au.str("source", a.authSource)
			au.str("id", a.authID)
			au.str("rules", a.authRules)
			au.n.Style = yaml.FlowStyle
			m.set("authority", au.n)
		}
		switch a.kind {
		case "person":
			im.rep.Persons++
			if len(m.n.Content) == 4 {
				m.n.Style = yaml.FlowStyle
			}
			persons = append(persons, m.n)
		case "body":
			im.rep.Bodies++
			if len(m.n.Content) == 4 {
				m.n.Style = yaml.FlowStyle
			}
			bodies = append(bodies, m.n)
		case "place":
			im.rep.Places++
			if len(m.n.Content) == 4 {
				m.n.Style = yaml.FlowStyle
			}
			places = append(places, m.n)
		}
	}
	if len(persons)+len(bodies)+len(places) == 0 {
		return nil
	}
	m := newMapping()
	if len(persons) > 0 {
		m.set("persons", seq(persons...))
	}
	if len(bodies) > 0 {
		m.set("bodies", seq(bodies...))
	}
	if len(places) > 0 {
		m.set("places", seq(places...))
	}
	return m.n
}

// finishReport accounts for everything not used: attributes not kept and
// text dropped.
func (im *importer) finishReport(files map[string][]byte) {
	var walk func(n *node)
	walk = func(n *node) {
		if n.name == "" {
			if !n.used && norm(n.text) != "" {
				im.dropped.add("text in "+n.parent.name, n.line, len([]rune(norm(n.text))))
			}
			return
		}
		for i := range n.attrs {
			a := &n.attrs[i]
			if !a.used {
				what := "@" + qname(*a) + " on " + n.name
				if a.space == xmlNS || strings.Contains(a.space, "XMLSchema-instance") || a.name == "schemaLocation" {
					what = "@" + qname(*a) + " on " + n.name + " (fonds writes its own)"
				}
				im.notKept.add(what, n.line, 0)
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(im.doc.ead)
	if len(im.doc.comments) > 0 {
		for _, l := range im.doc.comments {
			im.notKept.add("XML comment", l, 0)
		}
	}
	r := im.rep
	r.PassedThrough = im.passed.sorted()
	r.Repaired = im.repaired.sorted()
	r.Flattened = im.flat.sorted()
	r.NotKept = im.notKept.sorted()
	r.Dropped = im.dropped.sorted()
	for p := range files {
		r.Files = append(r.Files, p)
	}
	r.Files = (&Result{Files: files}).Paths()
}
