package importer

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/load"
)

// eadLevels are the values of @level in EAD 2002.
var eadLevels = map[string]bool{"class": true, "collection": true, "file": true, "fonds": true, "item": true,
	"otherlevel": true, "recordgrp": true, "series": true, "subfonds": true, "subgrp": true, "subseries": true}

// fondsLevels are the levels fonds.yaml takes.
var fondsLevels = map[string]bool{"fonds": true, "collection": true, "recordgrp": true, "subfonds": true}

// archdesc maps the fonds-level description into fonds and returns the
// units of the dsc.
func (im *importer) archdesc(ad *node, fonds mapping, fondsRaw *rawField) []*yaml.Node {
	u := newDesc()
	if did := ad.child("did"); did != nil {
		im.did(did, u, true)
	} else {
		im.repaired.add("archdesc has no did", ad.line, 0)
	}
	var contents []*yaml.Node
	var dscParts []*node
	var body func(kids []*node)
	body = func(kids []*node) {
		for _, k := range kids {
			switch {
			case k.name == "":
				im.stray(k)
			case k.name == "did":
			case k.name == "dsc":
				for _, c := range k.kids {
					switch {
					case isComponent(c):
						contents = append(contents, im.component(c, 1))
					case c.name == "" && norm(c.text) == "":
						c.used = true
					case c.name == "thead":
						im.dropElem(c, "thead: column headings of a table of components")
					case c.name == "":
						im.stray(c)
					default:
						dscParts = append(dscParts, c)
						im.keep(c, " in the dsc")
					}
				}
				im.unusedAttrs(k)
			case k.name == "controlaccess":
				im.controlaccess(k, u, true)
			case k.name == "descgrp":
				if k.child("head") != nil && !im.opt.UnwrapGroups {
					u.rawAfter = append(u.rawAfter, k)
					im.keep(k, ": a group of notes under a heading")
					continue
				}
				if h := k.child("head"); h != nil {
					im.dropElem(h, "heading of a group of notes (descgrp, unwrapped)")
				}
				for i := range k.attrs {
					im.notKept.add("@"+k.attrs[i].name+" on descgrp (unwrapped)", k.line, 0)
					k.attrs[i].used = true
				}
				var inner []*node
				for _, c := range k.kids {
					if c.name != "head" {
						inner = append(inner, c)
					}
				}
				body(inner)
			case k.name == "runner":
				im.dropElem(k, "runner (a running head fonds does not write)")
			default:
				im.note(k, u, "")
			}
		}
	}
	body(ad.kids)

	// The fonds's own fields, required ones repaired when the EAD lacks them.
	ref := ""
	for i, id := range u.unitids {
		if i == 0 {
			ref = norm(textOf(id, true))
			im.codes(id, "countrycode", "repositorycode")
			for _, e := range id.elems() {
				im.flattened(e)
			}
			continue
		}
		u.rawDid = append(u.rawDid, id)
		im.keep(id, " in the did: a second unitid")
	}
	if ref == "" {
		ref = im.eadid
		im.repaired.add(fmt.Sprintf("no unitid on the archdesc: reference_code is the EAD identifier %q", ref), ad.line, 0)
	}
	fonds.str("reference_code", ref)
	if u.title == "" {
		u.title = im.faTitle
		if u.title == "" {
			u.title = ref
		}
		im.repaired.add(fmt.Sprintf("no unittitle on the archdesc: the title is %q", u.title), ad.line, 0)
	}
	if len(u.dates) == 0 {
		u.dates = []*yaml.Node{str("undated")}
		im.repaired.add("no unitdate on the archdesc: dates written as undated", ad.line, 0)
	}
	if len(u.extent) == 0 {
		u.extent = []string{"not recorded"}
		im.repaired.add("no extent on the archdesc: extent written as \"not recorded\"", ad.line, 0)
	}
	fonds.str("title", u.title)
	u.title = ""
	if len(u.dates) == 1 {
		fonds.set("dates", u.dates[0])
	} else {
		fonds.set("dates", seq(u.dates...))
	}
	u.dates = nil
	switch l := strings.ToLower(ad.attr("level")); {
	case l == "fonds":
	case fondsLevels[l]:
		fonds.str("level", l)
	case l == "otherlevel" && ad.attr("otherlevel") != "":
		im.repaired.add(fmt.Sprintf("archdesc level otherlevel (%s) has no place in fonds.yaml: written as fonds", ad.attr("otherlevel")), ad.line, 0)
	case l != "":
		im.repaired.add(fmt.Sprintf("archdesc level %q has no place in fonds.yaml (fonds, collection, recordgrp, subfonds): written as fonds", l), ad.line, 0)
	}
	fonds.set("extent", strList(u.extent))
	u.extent = nil
	fonds.set("creators", nameList(u.from))
	u.from = nil
	rep := newMapping()
	name := im.repo.name
	if name == "" {
		name = im.publisher
		if name == "" {
			name = "not recorded"
		}
		im.repaired.add(fmt.Sprintf("no repository on the archdesc: the repository is %q", name), ad.line, 0)
	}
	rep.str("name", name)
	rep.str("isil", im.isil)
	rep.str("country", im.country)
	if len(im.repo.address) > 0 {
		rep.set("address", seq(strNodes(im.repo.address)...))
	}
	rep.str("url", im.repo.url)
	fonds.set("repository", rep.n)
	if len(u.languages) > 0 {
		fonds.set("languages", flowSeq(u.languages...))
		u.languages = nil
	}
	fonds.set("finding_aid", im.findingAid)
	if len(im.subjects) > 0 {
		fonds.set("subjects", seq(strNodes(im.subjects)...))
	}
	if len(im.genres) > 0 {
		fonds.set("genres", seq(strNodes(im.genres)...))
	}
	im.fondsDesc = u
	im.dscParts = dscParts
	return contents
}

func strNodes(list []string) []*yaml.Node {
	var out []*yaml.Node
	for _, s := range list {
		out = append(out, str(s))
	}
	return out
}

// codes takes the country code and ISIL of the repository from a unitid
// or eadid when they are valid; otherwise they are reported.
func (im *importer) codes(n *node, country, isil string) {
	if c := n.attr(country); c != "" && im.country == "" {
		if countryCodes[c] {
			im.country = c
		} else {
			im.notKept.add(fmt.Sprintf("@%s=%q on %s (not an ISO 3166-1 code)", country, c, n.name), n.line, 0)
		}
	}
	if c := n.attr(isil); c != "" && im.isil == "" {
		if isilPattern.MatchString(c) {
			im.isil = c
		} else {
			im.notKept.add(fmt.Sprintf("@%s=%q on %s (not an ISIL: fonds writes none)", isil, c, n.name), n.line, 0)
		}
	}
}

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
		case k.name == "controlaccess":
			im.controlaccess(k, u, false)
		case k.is("dao", "daogrp"):
			im.dao(k, u)
		case k.name == "descgrp" && (k.child("head") == nil || im.opt.UnwrapGroups):
			if h := k.child("head"); h != nil {
				im.dropElem(h, "heading of a group of notes (descgrp, unwrapped)")
			}
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
	for i, id := range u.unitids {
		if i == 0 {
			for _, e := range id.elems() {
				im.flattened(e)
			}
			t := norm(textOf(id, true))
			if p.inv != 0 {
				m.set("inv", intNode(p.inv))
			} else if t != "" {
				m.str("unitid", t)
			}
			continue
		}
		u.rawDid = append(u.rawDid, id)
		im.keep(id, " in the did: a second unitid")
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

// header maps the eadheader into finding_aid; what has no field is kept in
// the fonds's ead field, inside the header element it came from.
func (im *importer) header(h *node, fonds mapping, raw *rawField) {
	fa := newMapping()
	im.findingAid = fa.n
	if h == nil {
		im.repaired.add("no eadheader", im.doc.ead.line, 0)
		im.eadid = "imported"
		fa.str("id", im.eadid)
		fa.str("date", "undated")
		fa.str("language", "und")
		return
	}
	var title, author, publisher, rules string
	var date *yaml.Node
	var lang, script string
	var revisions []*yaml.Node
	keep := func(n *node, wrap ...string) {
		raw.parts = append(raw.parts, rawPart{wrap: append([]string{"eadheader"}, wrap...), elems: []*node{n}})
		im.keep(n, " in the eadheader")
	}
	for _, k := range h.kids {
		switch k.name {
		case "":
			im.stray(k)
		case "eadid":
			im.eadid = norm(textOf(k, true))
			u := k.attr("url")
			if id, ok := idFromAddress(im.eadid, k.attr("identifier")); ok {
				// IISH writes the handle as the eadid's text: the
				// address becomes the url, its last segment the id.
				im.repaired.add(fmt.Sprintf("eadid %q is an address: the finding aid's id is %q, and the address its url", im.eadid, id), k.line, 0)
				if u == "" {
					u = im.eadid
				}
				im.eadid = id
			}
			if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
				fa.str("url", u)
			}
			im.codes(k, "countrycode", "mainagencycode")
		case "filedesc":
			for _, f := range k.kids {
				switch f.name {
				case "":
					im.stray(f)
				case "titlestmt":
					for _, t := range f.kids {
						switch {
						case t.name == "":
							im.stray(t)
						case t.name == "titleproper" && title == "":
							title = norm(textOf(t, true))
							for _, e := range t.elems() {
								im.flattened(e)
							}
						case t.name == "author" && author == "" && len(t.elems()) == 0:
							author = norm(textOf(t, true))
						default:
							keep(t, "filedesc", "titlestmt")
						}
					}
				case "publicationstmt":
					for _, t := range f.kids {
						switch {
						case t.name == "":
							im.stray(t)
						case t.name == "publisher" && publisher == "" && len(t.elems()) == 0:
							publisher = norm(textOf(t, true))
						case t.name == "date" && date == nil && len(t.elems()) == 0:
							d, ok := readEADDate(textOf(t, true), t.attr("normal"))
							im.defaultAttrs(t)
							if ok {
								date = d.yaml()
							}
						default:
							keep(t, "filedesc", "publicationstmt")
						}
					}
				default:
					keep(f, "filedesc")
				}
			}
		case "profiledesc":
			for _, p := range k.kids {
				switch {
				case p.name == "":
					im.stray(p)
				case p.name == "langusage":
					onlyNames := true
					for _, c := range p.kids {
						switch {
						case c.name == "language":
							code := c.attr("langcode")
							if lang == "" && langCodes[code] {
								lang = code
								if sc := c.attr("scriptcode"); scriptCodes[sc] {
									script = sc
								}
							}
						case c.name == "" && isSeparator(c.text):
						default:
							onlyNames = false
						}
					}
					if onlyNames && lang != "" && len(p.elems()) == 1 {
						markUsed(p)
						continue
					}
					keep(p, "profiledesc")
				case p.name == "descrules" && rules == "":
					rules = norm(textOf(p, true))
					for _, e := range p.elems() {
						im.flattened(e)
					}
				default:
					keep(p, "profiledesc")
				}
			}
		case "revisiondesc":
			for _, c := range k.kids {
				switch {
				case c.name == "":
					im.stray(c)
				case c.name == "change":
					if r := im.revision(c); r != nil {
						revisions = append(revisions, r)
					} else if !c.used {
						keep(c, "revisiondesc")
					}
				default:
					keep(c, "revisiondesc")
				}
			}
		default:
			keep(k)
		}
	}
	im.unusedHeaderAttrs(h)
	if im.eadid == "" {
		im.eadid = "imported"
		im.repaired.add("no eadid: the finding aid's id is \"imported\"", h.line, 0)
	}
	id := im.eadid
	if strings.ContainsAny(id, " \t\n") {
		id = strings.Join(strings.Fields(id), "_")
		im.repaired.add(fmt.Sprintf("eadid %q has spaces, which fonds ids may not: written as %q", im.eadid, id), h.line, 0)
	}
	im.eadid = id
	fa.n.Content = append([]*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "id"}, str(id)}, fa.n.Content...)
	im.faTitle = title
	im.publisher = publisher
	fa.str("title", title)
	fa.str("author", author)
	fa.str("publisher", publisher)
	if date == nil {
		date = str("undated")
		im.repaired.add("no date in the publicationstmt: the finding aid's date is written as undated", h.line, 0)
	}
	fa.set("date", date)
	if lang == "" {
		lang = "und"
		im.repaired.add("no language code in the langusage: the finding aid's language is written as und (undetermined)", h.line, 0)
	}
	fa.str("language", lang)
	fa.str("script", script)
	fa.str("rules", rules)
	if len(revisions) > 0 {
		fa.set("revisions", seq(revisions...))
	}
}

// revision maps a change of the revisiondesc: its date and its items; nil
// when it holds nothing fonds can write (it is then kept whole).
func (im *importer) revision(c *node) *yaml.Node {
	var items []string
	var dateNode *node
	for _, k := range c.kids {
		switch {
		case k.name == "" && norm(k.text) == "":
		case k.name == "date" && dateNode == nil && len(k.elems()) == 0:
			dateNode = k
		case k.name == "item" && len(k.elems()) == 0:
			if t := norm(textOf(k, false)); t != "" {
				items = append(items, t)
			}
		default:
			return nil
		}
	}
	if len(items) == 0 {
		if norm(textOf(c, false)) == "" {
			markUsed(c) // an empty change: nothing to keep
			for _, k := range c.elems() {
				im.defaultAttrs(k)
			}
		}
		return nil
	}
	m := newMapping()
	d := readDate{date: "undated"}
	if dateNode != nil {
		if rd, ok := readEADDate(textOf(dateNode, false), dateNode.attr("normal")); ok {
			d = rd
		}
	}
	m.set("date", d.yaml())
	m.str("text", strings.Join(items, "\n"))
	m.n.Style = 0
	markUsed(c)
	return m.n
}

// unusedHeaderAttrs reports the eadheader's own attributes, which fonds
// writes itself (the code lists it follows).
func (im *importer) unusedHeaderAttrs(h *node) {
	for i := range h.attrs {
		a := &h.attrs[i]
		switch a.name {
		case "countryencoding", "dateencoding", "langencoding", "repositoryencoding", "scriptencoding":
			a.used = true // fonds writes the same code lists
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
	if auth != nil {
		fonds.str("authorities", "authorities.yaml")
	}
	split := im.rep.Components > im.opt.SplitAt && len(contents) > 0
	if split {
		var incs []*yaml.Node
		width := len(strconv.Itoa(len(contents)))
		if width < 2 {
			width = 2
		}
		for i, c := range contents {
			name := fmt.Sprintf("series/%0*d-%s.yaml", width, i+1, seriesSlug(c))
			inc := newMapping()
			inc.str("include", name)
			incs = append(incs, inc.n)
			im.seriesDocs = append(im.seriesDocs, seriesDoc{name, c})
		}
		fonds.set("contents", seq(incs...))
	} else if len(contents) > 0 {
		fonds.set("contents", seq(contents...))
	}
	if len(fondsRaw.parts) > 0 {
		fonds.set("ead", fondsRaw.node)
		im.raws = append(im.raws, fondsRaw)
	}
	for _, r := range im.raws {
		im.renderRaw(r)
	}
	out["fonds.yaml"] = encodeFile(schema+"/fonds.schema.json", fonds.n)
	if auth != nil {
		out["authorities.yaml"] = encodeFile(schema+"/authorities.schema.json", auth)
	}
	for _, s := range im.seriesDocs {
		out[s.path] = encodeFile("../"+schema+"/series.schema.json", s.root)
	}
	im.finishReport(out)
	return out
}

type seriesDoc struct {
	path string
	root *yaml.Node
}

// seriesSlug names a series file after the unit's title or id.
func seriesSlug(c *yaml.Node) string {
	var title, id string
	for i := 0; i+1 < len(c.Content); i += 2 {
		switch c.Content[i].Value {
		case "title":
			title = c.Content[i+1].Value
		case "id":
			id = c.Content[i+1].Value
		case "inv":
			if id == "" {
				id = "inv-" + c.Content[i+1].Value
			}
		}
	}
	s := slugWords(load.Slug(title), 5)
	if s == "" || s == "x" {
		s = slugWords(id, 5)
	}
	if s == "" {
		s = "series"
	}
	return s
}

// slugWords is the slug of the first words of s.
func slugWords(s string, words int) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(f) > words {
		f = f[:words]
	}
	return strings.Join(f, "-")
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
		switch a.kind {
		case "person":
			im.rep.Persons++
			if a.authID != "" {
				au := newMapping()
				au.str("source", a.authSource)
				au.str("id", a.authID)
				au.n.Style = yaml.FlowStyle
				m.set("authority", au.n)
			}
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

// idFromAddress turns an eadid written as an address,
// https://hdl.handle.net/10622/ARCH00111, into an id: the address's last
// segment, or else the last segment of its @identifier (hdl:10622/ARCH00111).
// ok is false when text is no http(s) address.
func idFromAddress(text, identifier string) (id string, ok bool) {
	if !strings.HasPrefix(text, "http://") && !strings.HasPrefix(text, "https://") || strings.ContainsAny(text, " \t\n") {
		return "", false
	}
	last := func(s string) string {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "/")
		return s[strings.LastIndexAny(s, "/:")+1:]
	}
	path := ""
	if rest := text[strings.Index(text, "://")+3:]; strings.Contains(strings.TrimRight(rest, "/"), "/") {
		path = last(rest) // not the host
	}
	for _, cand := range []string{path, last(identifier)} {
		if validID.MatchString(cand) {
			return cand, true
		}
	}
	return "", false
}
