package importer

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fondsLevels are the levels fonds.yaml takes.
var fondsLevels = map[string]bool{"fonds": true, "collection": true, "recordgrp": true, "subfonds": true}

// archdesc maps the fonds-level description into fonds and returns the
// units of the dsc. The did and the notes are read first; then the fields
// fonds.yaml requires are written, each repaired when the EAD lacks it.
func (im *importer) archdesc(ad *node, fonds mapping) []*yaml.Node {
	u := newDesc()
	if did := ad.child("did"); did != nil {
		im.did(did, u, true)
	} else {
		im.repaired.add("archdesc has no did", ad.line, 0)
	}
	var contents []*yaml.Node
	im.archdescBody(ad.kids, u, &contents)
	im.fondsIdentity(ad, fonds, u)
	fonds.set("extent", strList(u.extent))
	u.extent = nil
	fonds.set("creators", nameList(u.from))
	u.from = nil
	im.fondsRepository(ad, fonds)
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
	return contents
}

// archdescBody maps what follows the archdesc's did: the dsc's units, the
// notes, the access points, and groups of them.
func (im *importer) archdescBody(kids []*node, u *unitDesc, contents *[]*yaml.Node) {
	for _, k := range kids {
		switch {
		case k.name == "":
			im.stray(k)
		case k.name == "did":
		case k.name == "dsc":
			im.dsc(k, contents)
		case im.fonds != nil && im.fondsPart(k, u):
		case k.name == "controlaccess":
			im.controlaccess(k, u, true)
		case k.name == "descgrp":
			if k.child("head") != nil && !im.opt.UnwrapGroups {
				u.rawAfter = append(u.rawAfter, k)
				im.keep(k, ": a group of notes under a heading")
				continue
			}
			im.unwrapDescgrp(k)
			var inner []*node
			for _, c := range k.kids {
				if c.name != "head" {
					inner = append(inner, c)
				}
			}
			im.archdescBody(inner, u, contents)
		case k.name == "runner":
			im.dropElem(k, "runner (a running head fonds does not write)")
		default:
			im.note(k, u, "")
		}
	}
}

// dsc maps the units of a dsc; what else it holds (a head, a table's
// column headings) is kept or reported.
func (im *importer) dsc(k *node, contents *[]*yaml.Node) {
	for _, c := range k.kids {
		switch {
		case isComponent(c):
			*contents = append(*contents, im.component(c, 1))
		case c.name == "" && norm(c.text) == "":
			c.used = true
		case c.name == "thead":
			im.dropElem(c, "thead: column headings of a table of components")
		case c.name == "":
			im.stray(c)
		default:
			im.dscParts = append(im.dscParts, c)
			im.keep(c, " in the dsc")
		}
	}
	im.unusedAttrs(k)
}

// unwrapDescgrp reports what unwrapping a group of notes drops: its
// heading and its attributes.
func (im *importer) unwrapDescgrp(k *node) {
	if h := k.child("head"); h != nil {
		im.dropElem(h, "heading of a group of notes (descgrp, unwrapped)")
	}
	for i := range k.attrs {
		im.notKept.add("@"+k.attrs[i].name+" on descgrp (unwrapped)", k.line, 0)
		k.attrs[i].used = true
	}
}

// fondsIdentity writes reference_code, title, dates and level: the first
// unitid, the title, the dates of the archdesc's did, each repaired when
// the EAD lacks it; a second unitid is kept.
func (im *importer) fondsIdentity(ad *node, fonds mapping, u *unitDesc) {
	ref := ""
	if id := im.mainUnitid(u, ad.child("did")); id != nil {
		ref = norm(textOf(id, true))
		im.codes(id, "countrycode", "repositorycode")
		for _, e := range id.elems() {
			im.flattened(e)
		}
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
}

// fondsRepository writes the repository: the did's, or the publisher of
// the finding aid when the did names none; the codes come from the eadid
// or the unitid.
func (im *importer) fondsRepository(ad *node, fonds mapping) {
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
	rep.str("email", im.repo.email)
	fonds.set("repository", rep.n)
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
		if schemaCodes().country[c] {
			im.country = c
		} else {
			im.notKept.add(fmt.Sprintf("@%s=%q on %s (not an ISO 3166-1 code)", country, c, n.name), n.line, 0)
		}
	}
	if c := n.attr(isil); c != "" && im.isil == "" {
		if schemaCodes().isil.MatchString(c) {
			im.isil = c
		} else {
			im.notKept.add(fmt.Sprintf("@%s=%q on %s (not an ISIL: fonds writes none)", isil, c, n.name), n.line, 0)
		}
	}
}
