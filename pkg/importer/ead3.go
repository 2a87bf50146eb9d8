package importer

import (
	"fmt"
	"strings"
)

// ead3NS is the namespace of EAD3, which ArchivesSpace and others export.
const ead3NS = "http://ead3.archivists.org/schema/"

// isEAD3 reports whether the document is EAD3: in its namespace, or with
// EAD3's control in place of EAD 2002's eadheader.
func isEAD3(ead *node) bool {
	return ead.space == ead3NS || ead.child("control") != nil && ead.child("eadheader") == nil
}

// fromEAD3 rewrites an EAD3 document, in place, into the EAD 2002 it
// corresponds to, so that the rest of the import reads it like any other:
// control becomes the eadheader, unitdatestructured a unitdate with
// @normal, physdescstructured an extent, daoset a daogrp, name parts one
// name, @localtype @type, and so on. What EAD 2002 has no place for
// (relations, maintenance status, local control) is dropped with its text
// and reported. Every conversion is reported once per kind with its lines.
func (im *importer) fromEAD3(ead *node) {
	im.repaired.add("EAD3 read as EAD 2002 (each element converted as reported below)", ead.line, 0)
	ead.space = ""
	im.ead3(ead)
}

// ead3Renamed are EAD3 elements that are EAD 2002 elements under another
// name.
var ead3Renamed = map[string]string{
	"control": "eadheader", "recordid": "eadid", "controlnote": "note", "didnote": "note",
	"footnote": "note", "chronitemset": "eventgrp", "foreign": "emph",
}

// ead3Dropped are EAD3 elements with no place in EAD 2002.
var ead3Dropped = map[string]string{
	"relations":             "relations to other records",
	"maintenancestatus":     "the record's maintenance status",
	"publicationstatus":     "the record's publication status",
	"localcontrol":          "local control data",
	"localtypedeclaration":  "the declaration of local types",
	"rightsdeclaration":     "the declaration of rights to the record",
	"sources":               "the sources of the record",
	"geographiccoordinates": "geographic coordinates",
}

func (im *importer) ead3(n *node) {
	var out, structured []*node
	for _, k := range n.kids {
		if k.name == "" {
			out = append(out, k)
			continue
		}
		k.space = ""
		if to, ok := ead3Renamed[k.name]; ok {
			im.repaired.add(fmt.Sprintf("EAD3 %s read as %s", k.name, to), k.line, 0)
			k.name = to
		}
		im.ead3Attrs(k)
		if why, ok := ead3Dropped[k.name]; ok {
			im.dropElem(k, "EAD3 "+k.name+" ("+why+": EAD 2002 has no place for it)")
			continue
		}
		switch k.name {
		case "unitdatestructured":
			ds := im.ead3Dates(k)
			structured = append(structured, ds...)
			out = append(out, ds...)
			continue
		case "descriptivenote":
			// In a langmaterial (or elsewhere EAD 2002 holds text, not
			// paragraphs): its words, in place.
			t := &node{text: " " + norm(textOf(k, true)) + " ", parent: n, line: k.line, col: k.col}
			markUsed(k)
			im.repaired.add("EAD3 descriptivenote in "+n.name+" read as its text", k.line, 0)
			out = append(out, t)
			continue
		case "physdescset", "languageset":
			// A set of physical descriptions or languages: its members
			// are read one by one, in its place.
			im.ead3(k)
			im.repaired.add("EAD3 "+k.name+" read as its members", k.line, 0)
			for i := range k.attrs {
				im.notKept.add("@"+k.attrs[i].name+" on EAD3 "+k.name, k.line, 0)
				k.attrs[i].used = true
			}
			for _, m := range k.kids {
				m.parent = n
			}
			out = append(out, k.kids...)
			continue
		case "eadheader":
			im.ead3(k)
			im.ead3Control(k)
			out = append(out, k)
			continue
		case "physdescstructured":
			im.ead3Extent(k)
		case "daoset":
			im.ead3Daoset(k)
		case "dao":
			im.ead3DaoDesc(k)
		case "persname", "corpname", "famname", "name", "geogname", "subject", "genreform", "occupation", "function", "title":
			im.ead3Parts(k)
		case "chronitem":
			im.ead3ChronDate(k)
		case "list":
			im.ead3List(k)
		case "ref", "ptr":
			if k.peek("href") != "" {
				to := map[string]string{"ref": "extref", "ptr": "extptr"}[k.name]
				im.repaired.add(fmt.Sprintf("EAD3 %s to an address read as %s", k.name, to), k.line, 0)
				k.name = to
			}
		case "note":
			wrapInP(k)
		case "legalstatus":
			if n.is("archdesc", "descgrp") || isComponent(n) {
				im.ead3LegalStatus(k)
			}
		case "quote":
			im.repaired.add("EAD3 quote read as emph render=doublequote", k.line, 0)
			k.name = "emph"
			setAttr(k, "render", "doublequote")
		}
		im.ead3(k)
		out = append(out, k)
	}
	n.kids = out
	im.ead3Merge(n, structured)
}

// ead3Attrs renames the attributes EAD3 renamed: @localtype to @type,
// @unitdatetype and @dsctype to @type, @linktitle to @title, @relator to
// @role, @identifier on a name to @authfilenumber.
func (im *importer) ead3Attrs(k *node) {
	for i := range k.attrs {
		a := &k.attrs[i]
		if a.space != "" {
			continue
		}
		to := ""
		switch a.name {
		case "localtype", "unitdatetype", "dsctype":
			to = "type"
		case "linktitle":
			to = "title"
		case "relator":
			to = "role"
		case "identifier":
			if k.is("persname", "corpname", "famname", "name", "geogname", "subject", "genreform", "occupation", "function") {
				to = "authfilenumber"
			}
		}
		if to != "" && !hasAttr(k, to) {
			a.name = to
		}
	}
}

// ead3Control turns control into an eadheader: recordid is the eadid
// (renamed already), the agency's code and country its attributes; the
// language and the conventions declared go into a profiledesc, the
// maintenance events into a revisiondesc.
func (im *importer) ead3Control(h *node) {
	var profile, revisions *node
	var rest []*node
	for _, k := range h.kids {
		switch k.name {
		case "eadid":
			if v := k.attr("instanceurl"); v != "" {
				setAttr(k, "url", v)
			}
			rest = append(rest, k)
		case "maintenanceagency":
			im.ead3Agency(k, h)
		case "otherrecordid", "representation":
			im.ead3Address(k, h)
		case "languagedeclaration":
			profile = ensureChild(h, &rest, profile, "profiledesc", k)
			lu := &node{name: "langusage", line: k.line, col: k.col, parent: profile}
			for _, c := range k.elems() {
				if c.name == "language" {
					if s := k.child("script"); s != nil {
						setAttr(c, "scriptcode", s.attr("scriptcode"))
						markUsed(s)
					}
					c.parent = lu
					lu.kids = append(lu.kids, c)
				} else if c.name != "script" {
					im.dropElem(c, "EAD3 "+c.name+" in a languagedeclaration")
				}
			}
			profile.kids = append(profile.kids, lu)
			im.repaired.add("EAD3 languagedeclaration read as profiledesc/langusage", k.line, 0)
		case "conventiondeclaration":
			profile = ensureChild(h, &rest, profile, "profiledesc", k)
			k.name = "descrules"
			k.parent = profile
			profile.kids = append(profile.kids, k)
			im.repaired.add("EAD3 conventiondeclaration read as profiledesc/descrules", k.line, 0)
		case "maintenancehistory":
			revisions = ensureChild(h, &rest, revisions, "revisiondesc", k)
			for _, ev := range k.elems() {
				ch := im.ead3Change(ev)
				ch.parent = revisions
				revisions.kids = append(revisions.kids, ch)
			}
			markUsed(k)
		default:
			rest = append(rest, k)
		}
	}
	// EAD 2002's order: eadid, filedesc, profiledesc, revisiondesc.
	order := map[string]int{"eadid": 0, "filedesc": 1, "profiledesc": 2, "revisiondesc": 3}
	var sorted []*node
	for rank := 0; rank < 5; rank++ {
		for _, k := range rest {
			if r, ok := order[k.name]; ok && r == rank || !ok && rank == 4 {
				sorted = append(sorted, k)
			}
		}
	}
	h.kids = sorted
}

// ensureChild returns the element named name that collects converted
// children of the header, making it (and adding it to rest) on first use.
func ensureChild(h *node, rest *[]*node, have *node, name string, at *node) *node {
	if have != nil {
		return have
	}
	n := &node{name: name, line: at.line, col: at.col, parent: h}
	*rest = append(*rest, n)
	return n
}

// ead3Agency puts the maintenance agency's code and country on the eadid;
// its name has no place in the header and is reported.
func (im *importer) ead3Agency(k, h *node) {
	eadid := h.child("eadid")
	for _, c := range k.elems() {
		if c.name == "agencycode" && eadid != nil && !hasAttr(eadid, "mainagencycode") {
			setAttr(eadid, "mainagencycode", norm(textOf(c, true)))
			continue
		}
		im.dropElem(c, "EAD3 "+c.name+" of the maintenance agency (the eadheader has no place for it)")
	}
	if cc := k.attr("countrycode"); cc != "" && eadid != nil && !hasAttr(eadid, "countrycode") {
		setAttr(eadid, "countrycode", cc)
	}
	markUsed(k)
	im.repaired.add("EAD3 maintenanceagency read as the eadid's @mainagencycode and @countrycode", k.line, 0)
}

// ead3Address takes an otherrecordid or representation that is an address
// as the eadid's @url; anything else is dropped with its text.
func (im *importer) ead3Address(k, h *node) {
	url := k.attr("href")
	if url == "" {
		url = norm(textOf(k, false))
	}
	if eadid := h.child("eadid"); eadid != nil && !hasAttr(eadid, "url") &&
		(strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://")) {
		setAttr(eadid, "url", url)
		if t := norm(textOf(k, false)); t == url {
			markUsed(k)
			im.repaired.add("EAD3 "+k.name+" read as the eadid's @url", k.line, 0)
			return
		}
	}
	im.dropElem(k, "EAD3 "+k.name+" (the eadheader has no place for it)")
}

// ead3Change turns a maintenanceevent into a change: its date, and what
// happened (the description, else the event's type and agent).
func (im *importer) ead3Change(ev *node) *node {
	ch := &node{name: "change", line: ev.line, col: ev.col}
	date := &node{name: "date", line: ev.line, col: ev.col, parent: ch}
	var what []string
	for _, c := range ev.elems() {
		switch c.name {
		case "eventdatetime":
			t := norm(textOf(c, true))
			if t == "" {
				t = c.attr("standarddatetime")
			}
			if sd := c.attr("standarddatetime"); sd != "" {
				setAttr(date, "normal", sd)
			}
			date.kids = []*node{{text: t, parent: date, used: true}}
		case "eventdescription":
			what = append([]string{norm(textOf(c, true))}, what...)
		case "eventtype":
			if v := c.attr("value"); v != "" && len(what) == 0 {
				what = append(what, v)
			}
		case "agent":
			if t := norm(textOf(c, true)); t != "" {
				what = append(what, "by "+t)
			}
		case "agenttype":
			c.attr("value")
		}
		markUsed(c)
	}
	item := &node{name: "item", line: ev.line, col: ev.col, parent: ch}
	item.kids = []*node{{text: strings.Join(what, " "), parent: item, used: true}}
	ch.kids = []*node{date, item}
	im.repaired.add("EAD3 maintenanceevent read as a change of the revisiondesc", ev.line, 0)
	return ch
}

// ead3Dates turns a unitdatestructured into unitdates: one per range or
// single date, its @normal from @standarddate (or the text), its text the
// dates as written.
func (im *importer) ead3Dates(k *node) []*node {
	var dates []*node
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.elems() {
			switch c.name {
			case "dateset":
				walk(c)
			case "datesingle":
				dates = append(dates, dateOf(k, c, stdDate(c), norm(textOf(c, true))))
			case "daterange":
				var normal, text []string
				for _, e := range c.elems() {
					if e.is("fromdate", "todate") {
						normal = append(normal, stdDate(e))
						text = append(text, norm(textOf(e, true)))
					}
				}
				n := strings.Join(normal, "/")
				if len(normal) != 2 || normal[0] == "" || normal[1] == "" {
					n = strings.Join(normal, "") // one end, or none
				}
				dates = append(dates, dateOf(k, c, n, strings.Join(text, "-")))
			default:
				im.dropElem(c, "EAD3 "+c.name+" in a unitdatestructured")
			}
		}
	}
	walk(k)
	markUsed(k)
	im.repaired.add("EAD3 unitdatestructured read as unitdate", k.line, 0)
	return dates
}

// stdDate is a date element's @standarddate, else its text.
func stdDate(e *node) string {
	if s := e.attr("standarddate"); s != "" {
		return s
	}
	return norm(textOf(e, false))
}

// dateOf makes a unitdate from a date of a unitdatestructured (from),
// with from's attributes (type, certainty…).
func dateOf(from, at *node, normal, text string) *node {
	d := &node{name: "unitdate", line: at.line, col: at.col, parent: from.parent}
	for _, a := range from.attrs {
		if a.space == "" && (a.name == "type" || a.name == "certainty" || a.name == "audience" || a.name == "datechar") {
			d.attrs = append(d.attrs, attr{name: a.name, value: a.value})
		}
	}
	if normal != "" {
		d.attrs = append(d.attrs, attr{name: "normal", value: normal})
	}
	d.kids = []*node{{text: text, parent: d, line: at.line, col: at.col}}
	return d
}

// ead3Merge merges each unitdate made from a unitdatestructured into a
// plain unitdate beside it, in order (ArchivesSpace writes both for one
// date): the plain one keeps its words and takes the @normal when it has
// none. Structured dates with no plain one beside them stay.
func (im *importer) ead3Merge(n *node, structured []*node) {
	if len(structured) == 0 {
		return
	}
	isStructured := map[*node]bool{}
	for _, d := range structured {
		isStructured[d] = true
	}
	var plain []*node
	for _, k := range n.kids {
		if k.name == "unitdate" && !isStructured[k] {
			plain = append(plain, k)
		}
	}
	out := n.kids[:0]
	for _, k := range n.kids {
		if isStructured[k] && len(plain) > 0 {
			p := plain[0]
			plain = plain[1:]
			if v := k.peek("normal"); v != "" && p.peek("normal") == "" {
				setAttr(p, "normal", v)
			}
			markUsed(k)
			im.repaired.add("EAD3 unitdatestructured merged into the unitdate beside it", k.line, 0)
			continue
		}
		out = append(out, k)
	}
	n.kids = out
}

// wrapInP puts text standing directly in a note (EAD3's didnote holds
// text; EAD 2002's note holds paragraphs) into a p.
func wrapInP(k *node) {
	blocks := map[string]bool{"p": true, "list": true, "table": true, "chronlist": true, "blockquote": true, "address": true, "note": true, "head": true}
	var out, run []*node
	flush := func() {
		if len(run) > 0 {
			p := &node{name: "p", line: run[0].line, col: run[0].col, parent: k, kids: run}
			for _, r := range run {
				r.parent = p
			}
			out = append(out, p)
			run = nil
		}
	}
	for _, c := range k.kids {
		switch {
		case blocks[c.name]:
			flush()
			out = append(out, c)
		case c.name == "" && norm(c.text) == "" && len(run) == 0:
			out = append(out, c)
		default:
			run = append(run, c)
		}
	}
	flush()
	k.kids = out
}

// ead3LegalStatus turns EAD3's legalstatus note into EAD 2002's place for
// it: an accessrestrict (with the note's head) holding a legalstatus of
// the note's words.
func (im *importer) ead3LegalStatus(k *node) {
	ls := &node{name: "legalstatus", line: k.line, col: k.col, parent: k}
	var kids []*node
	for _, c := range k.kids {
		switch {
		case c.name == "head":
			kids = append(kids, c)
		case c.name == "" && norm(c.text) == "":
		default:
			if len(ls.kids) > 0 {
				ls.kids = append(ls.kids, &node{text: " ", parent: ls, used: true})
			}
			t := &node{text: norm(textOf(c, true)), parent: ls, line: c.line, col: c.col}
			markUsed(c)
			for _, e := range c.elems() {
				im.flattened(e)
			}
			ls.kids = append(ls.kids, t)
		}
	}
	k.name = "accessrestrict"
	k.kids = append(kids, ls)
	im.repaired.add("EAD3 legalstatus note read as accessrestrict/legalstatus", k.line, 0)
}

// ead3Extent turns a physdescstructured into a physdesc with an extent:
// the quantity and the unit ("2 linear feet"); its dimensions and
// physical facets follow as they are, a description as text.
func (im *importer) ead3Extent(k *node) {
	var q, unit string
	var rest []*node
	for _, c := range k.kids {
		switch c.name {
		case "quantity":
			q = norm(textOf(c, true))
		case "unittype":
			unit = norm(textOf(c, true))
		case "descriptivenote":
			for _, p := range c.elems() {
				rest = append(rest, p.kids...)
			}
			markUsed(c)
		case "":
			if norm(c.text) != "" {
				rest = append(rest, c)
			}
		default:
			rest = append(rest, c)
		}
	}
	ext := &node{name: "extent", line: k.line, col: k.col, parent: k}
	ext.kids = []*node{{text: strings.TrimSpace(q + " " + unit), parent: ext, used: true, line: k.line, col: k.col}}
	k.name = "physdesc"
	k.kids = append([]*node{ext}, rest...)
	for _, a := range []string{"physdescstructuredtype", "coverage"} {
		if v := k.attr(a); v != "" {
			im.notKept.add(fmt.Sprintf("@%s=%q on EAD3 physdescstructured", a, v), k.line, 0)
		}
	}
	im.repaired.add("EAD3 physdescstructured read as physdesc/extent", k.line, 0)
}

// ead3Daoset turns a daoset into a daogrp: each dao a daoloc, its
// description the group's daodesc.
func (im *importer) ead3Daoset(k *node) {
	k.name = "daogrp"
	for _, c := range k.elems() {
		switch c.name {
		case "dao":
			c.name = "daoloc"
			im.ead3Attrs(c)
			im.ead3DaoDesc(c)
		case "descriptivenote":
			c.name = "daodesc"
		}
	}
	im.repaired.add("EAD3 daoset read as daogrp", k.line, 0)
}

// ead3DaoDesc turns a dao's descriptivenote into a daodesc; @daotype says
// what EAD 2002 cannot.
func (im *importer) ead3DaoDesc(k *node) {
	if d := k.child("descriptivenote"); d != nil {
		d.name = "daodesc"
	}
	if v := k.attr("daotype"); v != "" {
		im.notKept.add(fmt.Sprintf("@daotype=%q on EAD3 dao", v), k.line, 0)
	}
}

// ead3Parts joins the parts of an EAD3 name into one name: a person's or
// family's with commas (Smith, John, 1900-1980), a corporate body's with
// full stops (North Carolina State University. Libraries), a subject's,
// place's or genre's with " -- " (United States -- History).
func (im *importer) ead3Parts(k *node) {
	var parts []string
	var other []*node
	for _, c := range k.kids {
		switch {
		case c.name == "part":
			if t := norm(textOf(c, true)); t != "" {
				parts = append(parts, t)
			}
			markUsed(c)
		case c.name == "" && norm(c.text) == "":
		default:
			other = append(other, c)
		}
	}
	if len(parts) == 0 {
		return
	}
	sep := " -- "
	switch k.name {
	case "persname", "famname", "name":
		sep = ", "
	case "corpname":
		sep = ". "
	}
	text := &node{text: strings.Join(parts, sep), parent: k, line: k.line, col: k.col}
	k.kids = append([]*node{text}, other...)
	if len(parts) > 1 {
		im.repaired.add(fmt.Sprintf("EAD3 parts of a %s joined with %q", k.name, sep), k.line, 0)
	}
}

// ead3ChronDate turns the date of a chronitem (datesingle, daterange,
// dateset) into EAD 2002's date.
func (im *importer) ead3ChronDate(k *node) {
	for i, c := range k.kids {
		if !c.is("datesingle", "daterange", "dateset") {
			continue
		}
		ds := im.ead3Dates(&node{name: "unitdatestructured", kids: []*node{c}, line: c.line, col: c.col, parent: k})
		if len(ds) == 0 {
			continue
		}
		d := ds[0]
		d.name = "date"
		k.kids[i] = d
	}
}

// ead3List gives a list the @type EAD 2002 spells: listtype ordered,
// unordered (marked) or deflist.
func (im *importer) ead3List(k *node) {
	for i := range k.attrs {
		a := &k.attrs[i]
		if a.space == "" && a.name == "listtype" {
			a.name = "type"
			if a.value == "unordered" {
				a.value = "marked"
			}
		}
	}
}

// peek returns an attribute's value without marking it kept.
func (n *node) peek(name string) string {
	for _, a := range n.attrs {
		if a.name == name && (a.space == "" || a.space == xlinkNS || a.space == "xlink") {
			return strings.TrimSpace(a.value)
		}
	}
	return ""
}

// hasAttr reports whether n has an attribute of no namespace named name.
func hasAttr(n *node, name string) bool {
	for _, a := range n.attrs {
		if a.space == "" && a.name == name {
			return true
		}
	}
	return false
}

// setAttr sets an attribute of no namespace.
func setAttr(n *node, name, value string) {
	for i := range n.attrs {
		if a := &n.attrs[i]; a.space == "" && a.name == name {
			a.value = value
			return
		}
	}
	n.attrs = append(n.attrs, attr{name: name, value: value})
}
