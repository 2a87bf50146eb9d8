package importer

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// headerFields is what the eadheader gives finding_aid, gathered by the
// functions below, one per part of the header, and written by
// findingAid.
type headerFields struct {
	url, identifier, title, author, publisher, rules string
	lang, script                                     string
	date                                             *yaml.Node
	revisions                                        []*yaml.Node
	// keep passes an element through into the fonds's ead field, inside
	// the header elements it came from (wrap, below eadheader).
	keep func(n *node, wrap ...string)
}

// header maps the eadheader into finding_aid; what has no field is kept in
// the fonds's ead field, inside the header element it came from.
func (im *importer) header(h *node, raw *rawField) {
	if h == nil {
		im.repaired.add("no eadheader", im.doc.ead.line, 0)
		im.eadid = "imported"
		fa := newMapping()
		fa.str("id", im.eadid)
		fa.str("date", "undated")
		fa.str("language", "und")
		im.findingAid = fa.n
		return
	}
	hf := &headerFields{keep: func(n *node, wrap ...string) {
		raw.parts = append(raw.parts, rawPart{wrap: append([]string{"eadheader"}, wrap...), elems: []*node{n}})
		im.keep(n, " in the eadheader")
	}}
	for _, k := range h.kids {
		switch k.name {
		case "":
			im.stray(k)
		case "eadid":
			im.eadidElem(k, hf)
		case "filedesc":
			im.filedesc(k, hf)
		case "profiledesc":
			im.profiledesc(k, hf)
		case "revisiondesc":
			im.revisiondesc(k, hf)
		default:
			hf.keep(k)
		}
	}
	im.unusedHeaderAttrs(h)
	im.findingAidFields(h, hf)
}

// eadidElem reads the EAD identifier, its address and the repository's
// codes.
func (im *importer) eadidElem(k *node, hf *headerFields) {
	im.eadid = norm(textOf(k, true))
	u := k.attr("url")
	// A persistent identifier (hdl:10622/ARCH00111, as the IISH writes
	// it) is kept; an @identifier that is the id again says nothing more.
	if pid := norm(k.attr("identifier")); pid != im.eadid && persistentID.MatchString(pid) {
		hf.identifier = pid
	}
	if id, ok := idFromAddress(im.eadid, k.attr("identifier")); ok {
		// IISH writes the handle as the eadid's text: the address becomes
		// the url, its last segment the id.
		im.repaired.add(fmt.Sprintf("eadid %q is an address: the finding aid's id is %q, and the address its url", im.eadid, id), k.line, 0)
		if u == "" {
			u = im.eadid
		}
		im.eadid = id
	}
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		hf.url = u
	}
	im.codes(k, "countrycode", "mainagencycode")
}

// filedesc reads the title, author, publisher and date of the finding aid.
func (im *importer) filedesc(k *node, hf *headerFields) {
	for _, f := range k.kids {
		switch f.name {
		case "":
			im.stray(f)
		case "titlestmt":
			im.titlestmt(f, hf)
		case "publicationstmt":
			im.publicationstmt(f, hf)
		default:
			hf.keep(f, "filedesc")
		}
	}
}

func (im *importer) titlestmt(f *node, hf *headerFields) {
	for _, t := range f.kids {
		switch {
		case t.name == "":
			im.stray(t)
		case t.name == "titleproper" && hf.title == "":
			hf.title = norm(textOf(t, true))
			for _, e := range t.elems() {
				im.flattened(e)
			}
		case t.name == "author" && hf.author == "" && len(t.elems()) == 0:
			hf.author = norm(textOf(t, true))
		default:
			hf.keep(t, "filedesc", "titlestmt")
		}
	}
}

func (im *importer) publicationstmt(f *node, hf *headerFields) {
	for _, t := range f.kids {
		switch {
		case t.name == "":
			im.stray(t)
		case t.name == "publisher" && hf.publisher == "" && len(t.elems()) == 0:
			hf.publisher = norm(textOf(t, true))
		case t.name == "date" && hf.date == nil && len(t.elems()) == 0:
			d, ok := readEADDate(textOf(t, true), t.attr("normal"))
			im.defaultAttrs(t)
			if ok {
				hf.date = d.yaml()
			}
		default:
			hf.keep(t, "filedesc", "publicationstmt")
		}
	}
}

// profiledesc reads the language of the finding aid and its rules; its
// creation, and a langusage in words, are kept.
func (im *importer) profiledesc(k *node, hf *headerFields) {
	for _, p := range k.kids {
		switch {
		case p.name == "":
			im.stray(p)
		case p.name == "creation" && im.fonds != nil && strings.Contains(textOf(p, false), "by fonds"):
			markUsed(p) // fonds writes it again
		case p.name == "langusage":
			if im.langusage(p, hf) || im.fonds != nil && hf.lang != "" {
				markUsed(p)
				continue
			}
			hf.keep(p, "profiledesc")
		case p.name == "descrules" && hf.rules == "":
			hf.rules = norm(textOf(p, true))
			for _, e := range p.elems() {
				im.flattened(e)
			}
		default:
			hf.keep(p, "profiledesc")
		}
	}
}

// langusage takes the first language with a valid code; it reports
// whether that says everything the langusage says (one language, no words
// around it).
func (im *importer) langusage(p *node, hf *headerFields) bool {
	onlyNames := true
	for _, c := range p.kids {
		switch {
		case c.name == "language":
			code := c.attr("langcode")
			if hf.lang == "" && schemaCodes().lang[code] {
				hf.lang = code
				if sc := c.attr("scriptcode"); schemaCodes().script[sc] {
					hf.script = sc
				}
			}
		case c.name == "" && isSeparator(c.text):
		default:
			onlyNames = false
		}
	}
	return onlyNames && hf.lang != "" && len(p.elems()) == 1
}

// revisiondesc reads the changes; one fonds cannot write is kept.
func (im *importer) revisiondesc(k *node, hf *headerFields) {
	for _, c := range k.kids {
		switch {
		case c.name == "":
			im.stray(c)
		case c.name == "change":
			if r := im.revision(c); r != nil {
				hf.revisions = append(hf.revisions, r)
			} else if !c.used {
				hf.keep(c, "revisiondesc")
			}
		default:
			hf.keep(c, "revisiondesc")
		}
	}
}

// findingAidFields writes finding_aid, repairing what fonds requires and
// the EAD lacks.
func (im *importer) findingAidFields(h *node, hf *headerFields) {
	if im.eadid == "" {
		im.eadid = "imported"
		im.repaired.add("no eadid: the finding aid's id is \"imported\"", h.line, 0)
	}
	if id := im.eadid; strings.ContainsAny(id, " \t\n") {
		im.eadid = strings.Join(strings.Fields(id), "_")
		im.repaired.add(fmt.Sprintf("eadid %q has spaces, which fonds ids may not: written as %q", id, im.eadid), h.line, 0)
	}
	im.faTitle = hf.title
	im.publisher = hf.publisher
	fa := newMapping()
	fa.str("id", im.eadid)
	fa.str("url", hf.url)
	fa.str("identifier", hf.identifier)
	fa.str("title", hf.title)
	fa.str("author", hf.author)
	fa.str("publisher", hf.publisher)
	if hf.date == nil {
		hf.date = str("undated")
		im.repaired.add("no date in the publicationstmt: the finding aid's date is written as undated", h.line, 0)
	}
	fa.set("date", hf.date)
	if hf.lang == "" {
		hf.lang = "und"
		im.repaired.add("no language code in the langusage: the finding aid's language is written as und (undetermined)", h.line, 0)
	}
	fa.str("language", hf.lang)
	fa.str("script", hf.script)
	fa.str("rules", hf.rules)
	if len(hf.revisions) > 0 {
		fa.set("revisions", seq(hf.revisions...))
	}
	im.findingAid = fa.n
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

// persistentID is a persistent identifier as finding_aid.identifier takes
// it: a URI (hdl:…, doi:…, ark:/…, urn:…).
var persistentID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:\S+$`)

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
