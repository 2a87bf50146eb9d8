package importer

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// A rawField is an ead field of the sources: EAD elements kept whole. It
// is written last, once every id of the output is known, so that links
// inside it (ref/@target, container/@parent) can be checked.
type rawField struct {
	node  *yaml.Node // the scalar to fill
	parts []rawPart
}

// A rawPart is an element kept whole, or a wrapper (did, eadheader…)
// holding elements kept whole at a place fonds writes itself.
type rawPart struct {
	wrap  []string // wrapper elements, outermost first: "eadheader", "filedesc"
	elems []*node
}

// keep marks n, and everything in it, as passed through.
func (im *importer) keep(n *node, where string) {
	if n.foreign {
		return // reported as dropped
	}
	markUsed(n)
	im.passed.add(n.name+" (kept as raw EAD"+where+")", n.line, 0)
	im.collectIDs(n)
}

// collectIDs reserves the ids of elements kept whole, so that the EAD
// written keeps them unique.
func (im *importer) collectIDs(n *node) {
	for i := range n.attrs {
		a := &n.attrs[i]
		if a.name == "id" && a.space == "" {
			id, changed := im.ids.repair(strings.TrimSpace(a.value))
			if changed {
				im.repaired.add("id \""+a.value+"\" of a "+n.name+" made a valid, unique XML id \""+id+"\"", n.line, 0)
			}
			im.rawIDs[a.value] = id
		}
	}
	for _, k := range n.kids {
		if k.name != "" {
			im.collectIDs(k)
		}
	}
}

// renderRaw writes the raw parts as EAD. Parts whose wrappers share a
// name share one wrapper element: the eadheader's parts are written in
// one <eadheader>, with one <filedesc> and so on.
func (im *importer) renderRaw(f *rawField) {
	root := &wrapper{}
	for _, p := range f.parts {
		cur := root
		for _, name := range p.wrap {
			var next *wrapper
			if k := len(cur.items); k > 0 && cur.items[k-1].w != nil && cur.items[k-1].w.name == name {
				next = cur.items[k-1].w
			} else {
				next = &wrapper{name: name}
				cur.items = append(cur.items, wrapItem{w: next})
			}
			cur = next
		}
		for _, e := range p.elems {
			cur.items = append(cur.items, wrapItem{e: e})
		}
	}
	var b strings.Builder
	for i, it := range root.items {
		if i > 0 {
			b.WriteByte('\n')
		}
		im.writeItem(&b, it)
	}
	f.node.Value = b.String()
	f.node.Style = str(f.node.Value).Style
}

type wrapper struct {
	name  string
	items []wrapItem
}

type wrapItem struct {
	w *wrapper
	e *node
}

func (im *importer) writeItem(b *strings.Builder, it wrapItem) {
	if it.e != nil {
		im.writeElem(b, it.e)
		return
	}
	b.WriteString("<" + it.w.name + ">")
	for _, sub := range it.w.items {
		im.writeItem(b, sub)
	}
	b.WriteString("</" + it.w.name + ">")
}

// linking elements take XLink attributes in the EAD 2002 schema; the DTD
// wrote the same attributes without a prefix.
var linking = map[string]bool{
	"archref": true, "bibref": true, "dao": true, "daogrp": true, "daoloc": true, "extptr": true,
	"extptrloc": true, "extref": true, "extrefloc": true, "linkgrp": true, "ptr": true, "ptrloc": true,
	"ref": true, "refloc": true, "resource": true, "title": true, "arc": true,
}

var xlinkAttrs = map[string]bool{
	"href": true, "role": true, "arcrole": true, "title": true, "show": true, "actuate": true,
	"label": true, "from": true, "to": true, "type": true,
}

// eadAttrs are the attributes EAD 2002 defines (on one element or
// another); others are a vendor's and are not written.
var eadAttrs = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`id altrender audience encodinganalog label type level otherlevel
		normal role source rules authfilenumber langcode scriptcode countrycode repositorycode
		mainagencycode render numeration continuation parent target unit datechar certainty calendar
		era identifier url urn publicid findaidstatus relatedencoding langencoding scriptencoding
		dateencoding countryencoding repositoryencoding mark tpattern colsep rowsep frame pgwide
		cols colname colnum colwidth align char charoff valign namest nameend morerows entityref
		xpointer linktype href arcrole show actuate title from to coverage`) {
		eadAttrs[a] = true
	}
}

// writeElem writes an element kept whole, repairing what the EAD 2002
// schema would refuse: DTD-style link attributes become XLink ones,
// @normal takes the schema's form, ids stay unique and links point at
// elements that are written; vendor attributes are left out.
func (im *importer) writeElem(b *strings.Builder, n *node) {
	if n.foreign {
		return // reported as dropped: EAD 2002 cannot hold it
	}
	if n.name == "" {
		b.WriteString(escapeText(n.text))
		return
	}
	b.WriteString("<" + n.name)
	for _, a := range n.attrs {
		name, value, ok := im.rawAttr(n, a)
		if !ok || !im.attrFits(n, name, value) {
			continue
		}
		b.WriteString(" " + name + `="` + escapeAttr(value) + `"`)
	}
	if len(n.kids) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	for _, k := range n.kids {
		im.writeElem(b, k)
	}
	b.WriteString("</" + n.name + ">")
}

// rawAttr returns the attribute as the EAD 2002 schema takes it, or false
// when it has no place there (reported).
func (im *importer) rawAttr(n *node, a attr) (string, string, bool) {
	value := a.value
	notKept := func(why string) (string, string, bool) {
		im.notKept.add("@"+qname(a)+" on "+n.name+" ("+why+")", n.line, 0)
		return "", "", false
	}
	switch {
	case a.space == xlinkNS || a.space == "xlink":
		if !xlinkAttrs[a.name] || !linking[n.name] {
			return notKept("not an XLink attribute of this element")
		}
		return im.linkAttr(n, a.name, value)
	case a.space != "":
		return notKept("not an EAD attribute")
	case linking[n.name] && (a.name == "linktype" || xlinkAttrs[a.name] && a.name != "type"):
		name := a.name
		if name == "linktype" {
			name = "type"
		}
		im.repaired.add("DTD-style @"+a.name+" on "+n.name+" written as xlink:"+name, n.line, 0)
		return im.linkAttr(n, name, value)
	case linking[n.name] && (a.name == "entityref" || a.name == "xpointer"):
		return notKept("the EAD 2002 schema has no such attribute")
	case !eadAttrs[a.name]:
		return notKept("not an EAD attribute")
	}
	switch a.name {
	case "id":
		if id, ok := im.rawIDs[value]; ok {
			return "id", id, true
		}
		return notKept("id not reserved")
	case "target", "parent":
		var kept []string
		for _, ref := range strings.Fields(value) {
			if id := im.outputID(ref); id != "" {
				kept = append(kept, id)
			}
		}
		if len(kept) == 0 {
			return notKept("it points at an element that is not written")
		}
		return a.name, strings.Join(kept, " "), true
	case "normal":
		if n.name == "date" || n.name == "unitdate" {
			e, ok := parseNormal(value)
			if !ok {
				return notKept("not an ISO 8601 date")
			}
			if n2 := normalOut(e); n2 != value {
				im.repaired.add("@normal of a "+n.name+" written in the ISO 8601 form the schema takes", n.line, 0)
				value = n2
			}
		}
	case "audience":
		if value != "internal" && value != "external" {
			return notKept("not internal or external")
		}
	case "countrycode":
		if !schemaCodes().country[value] {
			return notKept("not an ISO 3166-1 code")
		}
	case "langcode":
		if !schemaCodes().lang[value] {
			return notKept("not an ISO 639-2 code")
		}
	case "scriptcode":
		if !schemaCodes().script[value] {
			return notKept("not an ISO 15924 code")
		}
	case "repositorycode", "mainagencycode":
		if !schemaCodes().isil.MatchString(value) {
			return notKept("not an ISIL")
		}
	}
	return a.name, value, true
}

// linkAttr writes an XLink attribute; DTD values of show and actuate take
// their XLink spelling.
func (im *importer) linkAttr(n *node, name, value string) (string, string, bool) {
	switch name {
	case "href":
		if prose.Runnable(value) != "" {
			im.notKept.add("@href=\""+value+"\" on "+n.name+" (a link a browser would run)", n.line, 0)
			return "", "", false
		}
	case "actuate":
		v, ok := map[string]string{"onload": "onLoad", "onrequest": "onRequest", "actuatenone": "none",
			"actuateother": "other", "onLoad": "onLoad", "onRequest": "onRequest", "none": "none", "other": "other"}[value]
		if !ok {
			im.notKept.add("@actuate=\""+value+"\" on "+n.name+" (not an XLink value)", n.line, 0)
			return "", "", false
		}
		value = v
	case "show":
		switch value {
		case "new", "replace", "embed", "other", "none":
		default:
			im.notKept.add("@show=\""+value+"\" on "+n.name+" (not an XLink value)", n.line, 0)
			return "", "", false
		}
	case "type":
		switch value {
		case "simple", "extended", "locator", "arc", "resource", "title", "none":
		default:
			im.notKept.add("@linktype=\""+value+"\" on "+n.name+" (not an XLink value)", n.line, 0)
			return "", "", false
		}
	}
	return "xlink:" + name, value, true
}

func qname(a attr) string {
	switch a.space {
	case "":
		return a.name
	case xlinkNS:
		return "xlink:" + a.name
	case xmlNS:
		return "xml:" + a.name
	}
	if strings.Contains(a.space, "/") || strings.Contains(a.space, ":") {
		return "{" + a.space + "}" + a.name
	}
	return a.space + ":" + a.name
}

// normalOut is the @normal the schema takes for an EDTF date fonds read
// from a @normal: the same, since parseNormal only makes ISO 8601.
func normalOut(e string) string { return e }

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\t", "&#9;", "\r", "&#13;")

func escapeText(s string) string { return textEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// markUsed marks every text and attribute in n as kept.
func markUsed(n *node) {
	n.used = true
	for i := range n.attrs {
		n.attrs[i].used = true
	}
	for _, k := range n.kids {
		markUsed(k)
	}
}

// textOf returns the text in n; mark says whether it is now kept.
func textOf(n *node, mark bool) string {
	if n.name == "" {
		if mark {
			n.used = true
		}
		return n.text
	}
	var b strings.Builder
	var walk func(*node)
	walk = func(n *node) {
		for _, k := range n.kids {
			if k.name == "" {
				b.WriteString(k.text)
				if mark {
					k.used = true
				}
			} else {
				walk(k)
			}
		}
	}
	walk(n)
	return b.String()
}
