package ead

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/eadschema"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Raw EAD (the ead fields of the sources) is checked against EAD 2002's
// schema where fonds writes it, so that a finding aid that passes fonds
// check gives a valid EAD file: fonds builds each unit that has raw EAD,
// and the fonds's header and description when the fonds has some, exactly
// as the writer does (raw.go places the elements), and then checks
//
//   - every element and attribute of the raw EAD: its namespace (EAD's,
//     or XLink's for attributes), that EAD 2002 defines it, the value of an
//     attribute whose type the schema constrains (a list of values, an id,
//     a name token, an ISO 8601 date, an ISIL, a web address), and what it
//     holds (its content model, and text only where EAD allows text);
//   - the children of every element fonds writes that received raw
//     elements (the unit's c and did, the header's parts, the archdesc,
//     the dsc), with the elements fonds writes around them;
//   - the ids of raw EAD, which share one id space with fonds's own, and
//     the ids its links (@target, @parent) name.
//
// Each problem is reported at its element's line in the ead field when the
// field is a literal block (|), else at the field with the line inside it.

// maxRawDepth bounds the nesting of raw EAD: EAD needs a few dozen levels,
// and the check and the writer recurse.
const maxRawDepth = 512

// maxRawProblems is how many problems one ead field reports; the rest are
// counted.
const maxRawProblems = 10

// rawOpen wraps an ead field for parsing: the field's elements are in the
// EAD namespace, and the xlink prefix is bound, as in the document written.
const rawOpen = `<raw xmlns="` + Namespace + `" xmlns:xlink="` + XLinkNamespace + `">`

const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// A rawError is an ead field that is not well-formed XML, at a byte
// offset of the field.
type rawError struct {
	off int
	msg string
}

func (e *rawError) Error() string { return e.msg }

// rawCheck is the state of the check of every ead field of a finding aid.
type rawCheck struct {
	diags  *source.List
	ids    map[string]idOwner // every id of the EAD: fonds's, then raw EAD's
	at     source.Pos         // the fonds's, where CheckSet reports raw EAD's ids
	info   map[*etree.Element]*rawInfo
	field  *rawField   // the field being parsed
	fields []*rawField // every field checked
	refs   []rawRef    // ids that links name, checked once every id is known
}

// A rawField is one ead field.
type rawField struct {
	at       model.Prose // the field's text and where it stands
	owner    string      // "the fonds" or "unit inv-3"
	what     string      // "ead" or "unit inv-3: ead", starting each message
	problems int
}

// rawInfo is what the check knows of an element of raw EAD.
type rawInfo struct {
	field  *rawField
	off    int      // where the element starts in its field
	ns     string   // its namespace
	attrNS []string // the namespace of each attribute, by index
}

// A rawRef is an id a link of raw EAD names, kept with where the link
// stands rather than its element, so that each unit's elements can go once
// the unit is checked.
type rawRef struct {
	field    *rawField
	off      int
	link, id string // the link as written (<ref target="x">), the id
}

// checkRaw checks every ead field of the published finding aid. ids holds
// the ids fonds writes (with what they are), and receives raw EAD's.
func (x *writer) checkRaw(diags *source.List, ids map[string]idOwner) {
	f := x.a.Fonds
	rc := &rawCheck{diags: diags, ids: ids, at: f.Pos, info: map[*etree.Element]*rawInfo{}}
	x.chk = rc
	defer func() { x.chk = nil }()

	if f.Raw != "" {
		rc.open(&rawField{at: rawAt(f.Raw, f.RawAt, f.Pos), owner: "the fonds", what: "ead"})
		if err := x.readFondsRaw(); err != nil {
			rc.parseError(err)
		} else {
			tails := map[*etree.Element]string{}
			ad := x.archdesc()
			if x.dsc != nil && x.hasComponents() {
				tails[x.dsc] = "c"
				if x.opt.Numbered {
					tails[x.dsc] = "c01"
				}
			}
			rc.tree(x.header(), tails)
			rc.tree(ad, tails)
		}
		x.raw, x.dsc, x.streams = nil, nil, nil
	}
	for _, c := range x.a.Components {
		if c.Raw() == "" || c.Hidden(x.opt.Internal) {
			continue
		}
		rc.open(&rawField{at: rawAt(c.Raw(), c.RawAt(), c.Pos), owner: "unit " + c.ID, what: "unit " + c.ID + ": ead"})
		e, err := x.unit(c)
		if err != nil {
			rc.parseError(err)
			continue
		}
		tails := map[*etree.Element]string{}
		if x.hasChildren(c) && (!x.opt.Numbered || c.Depth < maxNumbered) {
			tails[e] = "c"
			if x.opt.Numbered {
				tails[e] = fmt.Sprintf("c%02d", c.Depth+1)
			}
		}
		rc.tree(e, tails)
	}
	for _, r := range rc.refs {
		if _, ok := rc.ids[r.id]; !ok {
			rc.report(r.field, r.off, "%s: no element of the EAD has the id %q", r.link, r.id)
		}
	}
	for _, fld := range rc.fields {
		if fld.problems > maxRawProblems {
			diags.Errorf(fld.at.Pos, "", "%s: %d more problems", fld.what, fld.problems-maxRawProblems)
		}
	}
}

// rawAt is the ead field with its position; a field built in code rather
// than loaded has only the unit's.
func rawAt(raw string, at model.Prose, pos source.Pos) model.Prose {
	if at.Text != raw || !at.Pos.IsValid() {
		return model.Prose{Pos: pos, Text: raw}
	}
	return at
}

func (x *writer) hasChildren(c *model.Component) bool {
	for _, ch := range c.Children {
		if !ch.Hidden(x.opt.Internal) {
			return true
		}
	}
	return false
}

// open starts the check of a field; the elements of the one before are
// forgotten.
func (rc *rawCheck) open(f *rawField) {
	rc.field = f
	rc.fields = append(rc.fields, f)
	clear(rc.info)
}

// parseRaw reads an ead field into elements, each detached, in the order
// written. While the check runs it records where each element starts and
// the namespaces of its name and attributes, which only the field's own
// declarations decide.
func (x *writer) parseRaw(raw string) ([]*etree.Element, error) {
	if !utf8.ValidString(raw) {
		// encoding/xml lets a comment's bytes through unread; EAD is UTF-8.
		off := 0
		for off < len(raw) {
			r, n := utf8.DecodeRuneInString(raw[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return nil, &rawError{off: off, msg: "not well-formed XML: invalid UTF-8"}
	}
	d := xml.NewDecoder(strings.NewReader(rawOpen + raw + "</raw>"))
	d.Strict = true
	root := etree.NewElement("raw")
	stack := []*etree.Element{root}
	scopes := []map[string]string{{"": Namespace, "xlink": XLinkNamespace, "xml": xmlNamespace}}
	var out []*etree.Element
	if _, err := d.RawToken(); err != nil { // the wrapper's start
		return nil, &rawError{off: 0, msg: "not well-formed XML: " + err.Error()}
	}
	for {
		off := int(d.InputOffset()) - len(rawOpen)
		tok, err := d.RawToken()
		if err == io.EOF || err == nil && len(stack) == 0 {
			break
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			return nil, &rawError{off: min(max(int(d.InputOffset())-len(rawOpen), 0), len(raw)), msg: "not well-formed XML: " + msg}
		}
		parent := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxRawDepth {
				return nil, &rawError{off: off, msg: fmt.Sprintf("elements nested deeper than %d levels", maxRawDepth)}
			}
			e := parent.CreateElement(qualified(t.Name))
			scope, copied := scopes[len(scopes)-1], false
			for _, a := range t.Attr {
				e.CreateAttr(qualified(a.Name), a.Value)
				prefix, decl := "", false
				switch {
				case a.Name.Space == "xmlns":
					prefix, decl = a.Name.Local, true
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					decl = true
				}
				if decl {
					if !copied {
						scope, copied = copyScope(scope), true
					}
					scope[prefix] = a.Value
				}
			}
			scopes = append(scopes, scope)
			if x.chk != nil {
				in := &rawInfo{field: x.chk.field, off: off, ns: scope[t.Name.Space]}
				if _, bound := scope[t.Name.Space]; !bound {
					in.ns = "(unbound prefix " + t.Name.Space + ")"
				}
				for _, a := range e.Attr {
					ns := ""
					if a.Space != "" {
						ns = scope[a.Space]
					}
					in.attrNS = append(in.attrNS, ns)
				}
				x.chk.info[e] = in
			}
			stack = append(stack, e)
			if parent == root {
				out = append(out, e)
			}
		case xml.EndElement:
			name := qualified(t.Name)
			end := name == "raw" && off == len(raw) // the wrapper's end
			switch {
			case len(stack) == 1 && end:
				stack = stack[:0]
				continue
			case len(stack) == 1:
				return nil, &rawError{off: off, msg: fmt.Sprintf("not well-formed XML: </%s> closes no element", name)}
			case name != parent.FullTag() && end:
				return nil, &rawError{off: off, msg: fmt.Sprintf("not well-formed XML: element <%s> is not closed", parent.FullTag())}
			case name != parent.FullTag():
				return nil, &rawError{off: off, msg: fmt.Sprintf("not well-formed XML: </%s> closes <%s>", name, parent.FullTag())}
			}
			stack = stack[:len(stack)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if parent == root {
				if s := strings.TrimSpace(string(t)); s != "" {
					return nil, &rawError{off: off, msg: fmt.Sprintf("text %q outside any element", clip(s))}
				}
				continue
			}
			parent.CreateText(string(t))
		case xml.Comment:
			// encoding/xml checks a comment's "--" but not its
			// characters, which XML restricts as in text.
			if i := strings.IndexFunc(string(t), func(r rune) bool { return !XMLChar(r) }); i >= 0 {
				r, _ := utf8.DecodeRuneInString(string(t)[i:])
				return nil, &rawError{off: off + len("<!--") + i, msg: fmt.Sprintf("not well-formed XML: a comment holds the character U+%04X, which XML does not allow", r)}
			}
			if parent != root {
				parent.CreateComment(string(t))
			}
		case xml.ProcInst:
			return nil, &rawError{off: off, msg: fmt.Sprintf("a processing instruction (<?%s …?>) cannot be kept in EAD", t.Target)}
		case xml.Directive:
			return nil, &rawError{off: off, msg: "a declaration (<!…>) cannot be kept in EAD"}
		}
	}
	for _, e := range out {
		root.RemoveChild(e)
	}
	return out, nil
}

func copyScope(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseError reports an ead field that could not be read.
func (rc *rawCheck) parseError(err error) {
	var re *rawError
	if errors.As(err, &re) {
		rc.report(rc.field, re.off, "%s", re.msg)
		return
	}
	rc.report(rc.field, -1, "%v", err)
}

// report adds a problem of field f at a byte offset of it (-1: the field).
func (rc *rawCheck) report(f *rawField, off int, format string, args ...any) {
	f.problems++
	if f.problems > maxRawProblems {
		return
	}
	msg := fmt.Sprintf(format, args...)
	pos := f.at.Pos
	if off >= 0 {
		pos = f.at.PosAt(off)
		if pos == f.at.Pos && strings.Contains(f.at.Text, "\n") {
			// Not a literal block: name the line inside the field.
			msg += fmt.Sprintf(" (line %d of the ead value)", 1+strings.Count(f.at.Text[:off], "\n"))
		}
	}
	rc.diags.Errorf(pos, "", "%s: %s", f.what, msg)
}

// problem reports a problem at a raw element, or at the nearest raw
// element before it when fonds wrote it.
func (rc *rawCheck) problem(e *etree.Element, format string, args ...any) {
	if in := rc.info[e]; in != nil {
		rc.report(in.field, in.off, format, args...)
		return
	}
	for p := e; p != nil; p = p.Parent() {
		for s := prevElement(p); s != nil; s = prevElement(s) {
			if in := rc.info[s]; in != nil {
				rc.report(in.field, in.off, format, args...)
				return
			}
		}
	}
	rc.report(rc.field, -1, format, args...)
}

func prevElement(e *etree.Element) *etree.Element {
	p := e.Parent()
	if p == nil {
		return nil
	}
	for i := e.Index() - 1; i >= 0; i-- {
		if s, ok := p.Child[i].(*etree.Element); ok {
			return s
		}
	}
	return nil
}

// tree checks an element fonds built: raw elements in it wholly, elements
// fonds wrote only where raw elements were placed among their children.
// tails names the elements fonds writes after an element's children
// (the components streamed into the dsc and into a unit).
func (rc *rawCheck) tree(e *etree.Element, tails map[*etree.Element]string) {
	if rc.info[e] != nil {
		rc.element(e)
		return
	}
	if !rc.holdsRaw(e) {
		return
	}
	rc.children(e, eadschema.Lookup(e.Tag), tails[e])
	for _, k := range e.ChildElements() {
		rc.tree(k, tails)
	}
}

func (rc *rawCheck) holdsRaw(e *etree.Element) bool {
	for _, k := range e.ChildElements() {
		if rc.info[k] != nil || rc.holdsRaw(k) {
			return true
		}
	}
	return false
}

// element checks a raw element and everything in it.
func (rc *rawCheck) element(e *etree.Element) {
	in := rc.info[e]
	decl := eadschema.Lookup(e.Tag)
	switch {
	case e.Space != "" || decl == nil:
		rc.problem(e, "<%s> is not an element of EAD 2002", e.FullTag())
		return // what it holds would only repeat it
	case in.ns != Namespace:
		rc.problem(e, "<%s> is in the namespace %q, not EAD 2002's (%s): remove its xmlns", e.Tag, in.ns, Namespace)
		return
	}
	rc.attributes(e, decl, in)
	rc.children(e, decl, "")
	for _, k := range e.ChildElements() {
		rc.element(k)
	}
}

// attributes checks a raw element's attributes: declared by EAD 2002 for
// this element, with a value its type takes; ids are claimed, and the ids
// links name kept for the end.
func (rc *rawCheck) attributes(e *etree.Element, decl *eadschema.Element, in *rawInfo) {
	seen := map[string]bool{}
	for i, a := range e.Attr {
		switch {
		case a.Space == "" && a.Key == "xmlns":
			if a.Value != Namespace {
				rc.problem(e, "<%s xmlns=%q>: raw EAD is in EAD 2002's namespace (%s)", e.Tag, a.Value, Namespace)
			}
			continue
		case a.Space == "xmlns":
			if a.Key != "xlink" || a.Value != XLinkNamespace {
				rc.problem(e, "<%s xmlns:%s=%q>: raw EAD may declare only EAD 2002's namespace and XLink's (xmlns:xlink=%q)", e.Tag, a.Key, a.Value, XLinkNamespace)
			}
			continue
		}
		name := a.Key
		if a.Space != "" {
			if a.Space != "xlink" || in.attrNS[i] != XLinkNamespace {
				rc.problem(e, "<%s> has an attribute %s of namespace %q, which EAD 2002 does not define", e.Tag, a.FullKey(), in.attrNS[i])
				continue
			}
			name = "xlink:" + a.Key
		}
		ad := decl.Attribute(name)
		if ad == nil {
			rc.problem(e, "<%s> has no attribute %s in EAD 2002 (it takes %s)", e.Tag, name, strings.Join(decl.AttributeNames(), ", "))
			continue
		}
		seen[name] = true
		if msg := ad.Check(a.Value); msg != "" {
			rc.problem(e, "<%s %s=%q>: @%s %s", e.Tag, name, a.Value, name, msg)
			continue
		}
		if name == "xlink:href" {
			if kind := prose.Runnable(a.Value); kind != "" {
				rc.problem(e, "<%s %s=%q>: %s links are refused", e.Tag, name, a.Value, kind)
			}
		}
		switch {
		case ad.IsID():
			id := eadschema.Collapse(a.Value)
			if prev, dup := rc.ids[id]; dup {
				rc.problem(e, "<%s id=%q>: %q is also the id of %s in the EAD; ids must be unique", e.Tag, a.Value, id, prev.what())
			} else {
				rc.ids[id] = idOwner{name: fmt.Sprintf("a <%s> in the ead field of %s", e.Tag, in.field.owner), pos: rc.at}
			}
		case ad.IsIDRef():
			for _, id := range strings.Fields(a.Value) {
				rc.refs = append(rc.refs, rawRef{field: in.field, off: in.off, id: id,
					link: fmt.Sprintf("<%s %s=%q>", e.Tag, name, a.Value)})
			}
		}
	}
	for _, a := range decl.Attributes() {
		if a.Required && !seen[a.Name] {
			rc.problem(e, "<%s> needs @%s", e.Tag, a.Name)
		}
	}
}

// children checks what e holds against its content model: the elements in
// order, then those fonds writes after them (tail), and text only where
// EAD allows text.
func (rc *rawCheck) children(e *etree.Element, decl *eadschema.Element, tail string) {
	if decl == nil {
		return
	}
	st := decl.Start()
	prev := ""
	textDone := false
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.CharData:
			if textDone {
				continue
			}
			switch {
			case decl.Empty && t.Data != "":
				rc.problem(e, "<%s> must be empty; EAD 2002 allows no text in it", e.Tag)
				textDone = true
			case !decl.Mixed && !eadschema.IsSpace(t.Data):
				rc.problem(e, "text %q cannot stand in <%s>: EAD 2002 allows only elements there (%s)", clip(strings.TrimSpace(t.Data)), e.Tag, allowed(st, e.Tag))
				textDone = true
			}
		case *etree.Element:
			if t.Space != "" || eadschema.Lookup(t.Tag) == nil {
				continue // reported as not EAD
			}
			next, ok := st.Next(t.Tag)
			if !ok {
				rc.problem(t, "<%s> cannot stand in <%s> %s; EAD 2002 allows there %s", t.Tag, e.Tag, where(prev), allowed(st, e.Tag))
				continue
			}
			st, prev = next, t.Tag
		}
	}
	if tail != "" {
		next, ok := st.Next(tail)
		if !ok {
			rc.problem(lastElement(e), "the units fonds writes in <%s> (<%s>) cannot follow <%s>; EAD 2002 allows there %s", e.Tag, tail, prev, allowed(st, e.Tag))
			return
		}
		st = next
	}
	if !st.End() {
		what := "is empty"
		if prev != "" {
			what = "ends after <" + prev + ">"
		}
		at := e
		if rc.info[e] == nil {
			at = lastElement(e) // fonds wrote it: the raw element last in it
		}
		rc.problem(at, "<%s> %s, but EAD 2002 requires %s there", e.Tag, what, allowedNoEnd(st))
	}
}

func lastElement(e *etree.Element) *etree.Element {
	kids := e.ChildElements()
	if len(kids) == 0 {
		return e
	}
	return kids[len(kids)-1]
}

func where(prev string) string {
	if prev == "" {
		return "at its start"
	}
	return "after <" + prev + ">"
}

// allowed says what may come next in words: the elements (at most a
// dozen named) and whether the element may end there.
func allowed(st eadschema.State, parent string) string {
	names := st.Allowed()
	var b strings.Builder
	if len(names) == 0 {
		b.WriteString("no element")
	} else {
		b.WriteString(tags(names))
	}
	if st.End() {
		b.WriteString(" or the end of <" + parent + ">")
	}
	return b.String()
}

func allowedNoEnd(st eadschema.State) string {
	names := st.Allowed()
	if len(names) == 1 {
		return "<" + names[0] + ">"
	}
	return "one of " + tags(names)
}

func tags(names []string) string {
	const most = 12
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, " … (%d elements in all)", len(names))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<" + n + ">")
	}
	return b.String()
}

// clip shortens text quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
