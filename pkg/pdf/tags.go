package pdf

import (
	"fmt"
	"strconv"
	"strings"
)

// The inventory is a tagged PDF (ISO 32000-1 §14.7–14.8, following the
// conventions of PDF/UA-1): a structure tree of standard structure types
// (Document, Sect, H1–H6, P, L/LI/Lbl/LBody, Table/TR/TH/TD, TOC/TOCI,
// Index, Link, Span) whose leaves are the marked-content sequences of the
// pages, so that a screen reader reads the document in order and knows its
// headings, lists, tables and links. What is only layout — running headers,
// page numbers, rules, dot leaders — is marked as an artifact.
//
// The tree is written as the pages are: an element is written as soon as
// everything it holds has been drawn, so memory holds only the elements
// still open, never the document's tree. The document's code opens and
// closes elements around the lines it sets (open, close); each run of text
// keeps the element it belongs to, and drawing it marks it with a new
// marked-content id on its page. The first pass builds no structure.

// Kinds of kids of a structure element.
const (
	kidMCID = iota // marked content on a page
	kidElem        // a structure element
	kidOBJR        // an annotation (a link's rectangle)
)

// A skid is one kid of a structure element.
type skid struct {
	kind byte
	page int32 // the page (from 1) of marked content or an annotation
	n    int32 // the marked-content id, or an object number
}

// A selem is a structure element while its content is set and drawn.
type selem struct {
	typ    string // the standard structure type: P, H2, LI, TD, Link …
	parent *selem
	// pending counts what keeps it from being written: 1 until it is
	// closed, one for each of its runs not drawn yet, one for each child
	// not written yet. At zero it is written.
	pending int
	obj     int    // object number, given when it first shows something; 0 until then
	lang    string // BCP 47 tag of its text, when not the document's language
	scope   string // of a TH: Row or Column
	kids    []skid
}

// hold counts a run of text that belongs to e and is still to be drawn.
func (e *selem) hold() {
	if e != nil {
		e.pending++
	}
}

// setLang marks e as written in the language tag (BCP 47); "" for the
// document's language.
func (e *selem) setLang(tag string) {
	if e != nil {
		e.lang = tag
	}
}

// cur is the element lines set now belong to.
func (t *typesetter) cur() *selem {
	if n := len(t.stack); n > 0 {
		return t.stack[n-1]
	}
	return nil
}

// open starts a structure element of type typ inside the current one; the
// lines set until close belong to it. It returns nil in the first pass,
// which builds no structure.
func (t *typesetter) open(typ string) *selem {
	if t.measure {
		return nil
	}
	e := t.newElem(typ, t.cur())
	e.pending = 1
	e.parent.hold()
	t.stack = append(t.stack, e)
	return e
}

// close ends e, the element open last. It is written once what it holds
// has been drawn.
func (t *typesetter) close(e *selem) {
	if t.measure {
		return
	}
	n := len(t.stack)
	if n == 0 || t.stack[n-1] != e {
		t.fail(fmt.Errorf("internal error: structure element %s closed out of order", e.typ))
		return
	}
	t.stack = t.stack[:n-1]
	t.release(e)
}

// element sets the lines of f in a new element of type typ.
func (t *typesetter) element(typ string, f func()) {
	e := t.open(typ)
	f()
	t.close(e)
}

// ownElem starts an element of type typ inside parent for the text of
// one span, closed already: it is written when its runs have been drawn,
// so it must be given runs at once (setLines does).
func (t *typesetter) ownElem(typ string, parent *selem) *selem {
	if t.measure {
		return nil
	}
	parent.hold()
	return t.newElem(typ, parent)
}

// newElem returns an element of type typ in parent, nothing pending: one
// written on a page that is out, or a new one. A large inventory has an
// element or more for each line it sets; reused, with the room of their
// lists of kids, they are not garbage to collect.
func (t *typesetter) newElem(typ string, parent *selem) *selem {
	n := len(t.spare)
	if n == 0 {
		return &selem{typ: typ, parent: parent}
	}
	e := t.spare[n-1]
	t.spare[n-1] = nil
	t.spare = t.spare[:n-1]
	kids := e.kids[:0]
	if cap(kids) > spareKids {
		kids = nil // a list's hundreds of items: not for every element
	}
	*e = selem{typ: typ, parent: parent, kids: kids}
	return e
}

// spareKids is the most kids an element reused keeps room for.
const spareKids = 16

// ownRun is a run placed by hand (an inventory number, a list marker),
// held by the current element as setLines holds its runs.
func (t *typesetter) ownRun(r run) run {
	if r.el == nil {
		r.el = t.cur()
	}
	r.el.hold()
	return r
}

// release counts down what keeps e from being written, and writes it at
// zero.
func (t *typesetter) release(e *selem) {
	if e == nil {
		return
	}
	e.pending--
	if e.pending > 0 {
		return
	}
	if e.pending < 0 {
		t.fail(fmt.Errorf("internal error: structure element %s released twice", e.typ))
		return
	}
	if e.obj != 0 {
		t.writeElem(e)
	}
	t.written = append(t.written, e)
	if e.parent == nil {
		t.rootDone = e.obj
		return
	}
	t.release(e.parent)
}

// attach gives e its object number and makes it a kid of its parent, the
// first time it shows something: an element that never does is left out.
func (t *typesetter) attach(e *selem) {
	if e.obj != 0 {
		return
	}
	e.obj = t.ow.alloc()
	if p := e.parent; p != nil {
		t.attach(p)
		p.kids = append(p.kids, skid{kind: kidElem, n: int32(e.obj)})
	}
}

// mark starts a marked-content sequence of e on the current page and
// returns its id.
func (t *typesetter) mark(e *selem) int {
	t.attach(e)
	id := len(t.marks)
	t.marks = append(t.marks, int32(e.obj))
	e.kids = append(e.kids, skid{kind: kidMCID, page: int32(t.page), n: int32(id)})
	return id
}

// beginMark starts the marked content of runs of e: a sequence with an id
// for an element, an artifact for runs of none.
func (t *typesetter) beginMark(e *selem) {
	switch {
	case e != nil:
		t.buf.WriteString("/")
		t.buf.WriteString(e.typ)
		t.buf.WriteString(" <</MCID ")
		t.buf.WriteString(strconv.Itoa(t.mark(e)))
		t.buf.WriteString(">> BDC\n")
	case !t.inArtifact:
		t.buf.WriteString("/Artifact BMC\n")
	}
}

// endMark ends what beginMark began.
func (t *typesetter) endMark(e *selem) {
	if e != nil || !t.inArtifact {
		t.buf.WriteString("EMC\n")
	}
}

// artifact draws f's marks as an artifact of the given kind: "" for
// layout (rules), "Header" or "Footer" for the running header and the page
// number.
func (t *typesetter) artifact(subtype string, f func()) {
	if subtype == "" {
		t.buf.WriteString("/Artifact BMC\n")
	} else {
		t.buf.WriteString("/Artifact <</Type /Pagination /Subtype /" + subtype + ">> BDC\n")
	}
	t.inArtifact = true
	f()
	t.inArtifact = false
	t.buf.WriteString("EMC\n")
}

// writeElem writes e, whose kids are all known.
func (t *typesetter) writeElem(e *selem) {
	b := t.ebuf[:0]
	// No /Type, which is optional: there are hundreds of thousands of
	// elements in a large inventory.
	b = append(b, "<</S /"...)
	b = append(b, e.typ...)
	b = append(b, " /P "...)
	if e.parent != nil {
		b = strconv.AppendInt(b, int64(e.parent.obj), 10)
	} else {
		b = strconv.AppendInt(b, int64(t.structRoot), 10)
	}
	b = append(b, " 0 R"...)
	pg := int32(0)
	for _, k := range e.kids {
		if k.kind != kidElem {
			pg = k.page
			break
		}
	}
	if pg > 0 {
		b = append(b, " /Pg "...)
		b = strconv.AppendInt(b, int64(t.pageObj[pg-1]), 10)
		b = append(b, " 0 R"...)
	}
	b = append(b, " /K ["...)
	for i, k := range e.kids {
		if i > 0 {
			b = append(b, ' ')
		}
		switch {
		case k.kind == kidElem:
			b = strconv.AppendInt(b, int64(k.n), 10)
			b = append(b, " 0 R"...)
		case k.kind == kidMCID && k.page == pg:
			b = strconv.AppendInt(b, int64(k.n), 10)
		case k.kind == kidMCID:
			b = append(b, "<</Type /MCR /Pg "...)
			b = strconv.AppendInt(b, int64(t.pageObj[k.page-1]), 10)
			b = append(b, " 0 R /MCID "...)
			b = strconv.AppendInt(b, int64(k.n), 10)
			b = append(b, ">>"...)
		default:
			b = append(b, "<</Type /OBJR /Obj "...)
			b = strconv.AppendInt(b, int64(k.n), 10)
			b = append(b, " 0 R"...)
			if k.page != pg {
				b = append(b, " /Pg "...)
				b = strconv.AppendInt(b, int64(t.pageObj[k.page-1]), 10)
				b = append(b, " 0 R"...)
			}
			b = append(b, ">>"...)
		}
	}
	b = append(b, ']')
	if e.lang != "" {
		b = append(b, " /Lang "...)
		b = appendText(b, e.lang)
	}
	if e.scope != "" {
		b = append(b, " /A <</O /Table /Scope /"...)
		b = append(b, e.scope...)
		b = append(b, ">>"...)
	}
	b = append(b, ">>"...)
	t.ebuf = b
	t.ow.objBytes(e.obj, b)
}

// fail keeps the first internal error of the layout, which Write returns.
func (t *typesetter) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// writeStructure writes the structure tree's root and its parent tree —
// for each page the elements of its marked content by id, for each link
// annotation its Link element — and returns the root's object.
func (t *typesetter) writeStructure(docObj int) int {
	ow := t.ow
	n := len(t.pageTrees) + len(t.annotEls)
	value := func(i int) int32 {
		if i < len(t.pageTrees) {
			return t.pageTrees[i]
		}
		return t.annotEls[i-len(t.pageTrees)]
	}
	parents := ow.tree("Nums", n, func(b []byte, i int) []byte {
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(value(i)), 10)
		return append(b, " 0 R"...)
	}, strconv.Itoa)
	ow.obj(t.structRoot, fmt.Sprintf("<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d>>", docObj, parents, n))
	return t.structRoot
}

// annotKey is the key in the parent tree of the next link annotation:
// the pages' keys come first.
func (t *typesetter) annotKey(el *selem) int {
	t.annotEls = append(t.annotEls, int32(el.obj))
	return t.total + len(t.annotEls) - 1
}

// contentsOf is the /Contents of a link annotation, its description for
// assistive technology (PDF/UA): the text it covers, and for a page
// number, "page 7".
func contentsOf(a annot) string {
	s := strings.TrimSpace(a.text)
	if strings.HasPrefix(a.link, "@") {
		return "page " + a.link[1:]
	}
	return s
}
