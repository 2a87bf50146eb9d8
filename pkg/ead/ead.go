// Package ead writes a resolved finding aid as EAD 2002 (Encoded Archival
// Description, the Library of Congress W3C schema, namespace
// urn:isbn:1-931666-22-9) for aggregators such as Archives Portal Europe,
// Archives Hub and ArcLight to harvest.
//
// The document is built with github.com/beevik/etree. Everything the sources
// hold reaches it, each in the element the EAD 2002 Tag Library intends:
// the eadheader (header.go), the fonds-level description with its notes,
// chronology and access points (archdesc.go), the nested components of the
// dsc (dsc.go), the microfilm concordance (reels.go), the indexes that
// cross-link persons, pseudonyms, corporate bodies and places with the
// units that cite them (index.go), and the Markdown of every note
// (markdown.go). Internal links are target/IDREF pairs, so validating the
// output against the schema also proves that no cross-link dangles.
//
// Components are written one at a time as they are built, and so are the
// entries of the lists that grow with the finding aid (the indexes, the
// microfilm concordance): memory stays bounded by the largest single unit
// or entry, not by the size of the finding aid (see stream), and each
// takes the elements of the one before it again (see leaves).
// Output is deterministic: the same sources give the same bytes.
package ead

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/internal/regfile"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Namespaces and the schema location written on the root element. The
// schema instance namespace is the http one: the https form that some
// producers write is not the XML Schema instance namespace, and validators
// reject the attribute.
const (
	Namespace      = "urn:isbn:1-931666-22-9"
	XLinkNamespace = "http://www.w3.org/1999/xlink"
	XSINamespace   = "http://www.w3.org/2001/XMLSchema-instance"
	SchemaLocation = Namespace + " http://www.loc.gov/ead/ead.xsd"
)

// Options configure the EAD output.
type Options struct {
	Numbered bool   // write c01…c12 instead of c; fails on trees deeper than 12
	Profile  string // aggregator profile (see Profiles); "" is "default"
	Internal bool   // publish units and notes marked internal (as audience="internal")
	// Warn receives what an aggregator would object to but the schema
	// allows (a missing ISIL, a file above Archives Hub's size limit). It
	// may be called from several builds at once; nil drops warnings.
	Warn func(msg string)
}

// Output is the EAD output of fonds build: one file, <slug>.xml, in each
// finding aid's folder.
type Output struct {
	Options
}

// Name implements build.Output.
func (Output) Name() string { return "ead" }

// Quick implements build.Quick: the EAD is written in one streaming pass,
// so the build starts it after the site and the PDF.
func (Output) Quick() {}

// Write implements build.Output: it writes dir/<slug>.xml, after the
// checks of Check (as Write does); the build calls WriteWarn instead.
func (o Output) Write(a *model.Archive, dir string) error {
	return o.writeFile(a, dir, false)
}

// WriteWarn implements build.Warner: it writes dir/<slug>.xml, passing the
// warnings to warn rather than to Options.Warn, so that the build cache
// keeps them with the file. It is the build's: build.Compile runs Check
// (Output is a build.Checker) over every finding aid with these options
// and writes none that has an error, so WriteWarn does not check again.
// Anything else writes through Write, which checks.
func (o Output) WriteWarn(a *model.Archive, dir string, warn func(msg string)) error {
	o.Warn = warn
	return o.writeFile(a, dir, true)
}

func (o Output) writeFile(a *model.Archive, dir string, checked bool) (err error) {
	path := filepath.Join(dir, FileName(a))
	f, err := regfile.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return writeEAD(f, a, o.Options, checked)
}

// FileName is the name of a finding aid's EAD file: its slug, which is
// lower-case and URL-safe in every profile, and ".xml".
func FileName(a *model.Archive) string { return a.Slug() + ".xml" }

// Write writes the finding aid a to w as one EAD 2002 document (apeEAD,
// for the profile ape). Every problem that would make the document
// invalid or unwanted by the chosen profile is found before anything is
// written.
func Write(w io.Writer, a *model.Archive, opt Options) error {
	return writeEAD(w, a, opt, false)
}

// writeEAD is Write; checked says that Check has found no error in a with
// opt (the build's Checker ran it), so that it is not run twice.
func writeEAD(w io.Writer, a *model.Archive, opt Options, checked bool) error {
	if a == nil || a.Fonds == nil {
		return fmt.Errorf("no finding aid to write")
	}
	p, err := profileNamed(opt.Profile)
	if err != nil {
		return err
	}
	x := newWriter(a, opt, p)
	if !checked {
		if err := x.check(); err != nil {
			return err
		}
	}
	return x.write(w)
}

// write is Write with the writer made and the finding aid checked.
func (x *writer) write(w io.Writer) error {
	a := x.a
	if err := x.readFondsRaw(); err != nil {
		return fmt.Errorf("%s: ead: %v", a.Fonds.Pos, err)
	}
	cw := &countWriter{w: w}
	x.out = bufio.NewWriterSize(cw, 64<<10)
	root := x.document()
	if k := x.conformer(); k != nil {
		k.streamed = map[*etree.Element]string{}
		if x.hasComponents() {
			k.streamed[x.dsc] = "c"
		}
		for e, s := range x.streams {
			k.streamed[e] = s.tag
		}
		if !k.element(root, false) {
			return fmt.Errorf("%s: the EAD cannot be made valid for profile %s", x.a.Dir, x.prof.name)
		}
	}
	x.out.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.layout(root, 0)
	x.out.WriteByte('\n')
	if x.err != nil {
		return x.err
	}
	if err := x.out.Flush(); err != nil {
		return err
	}
	if cw.err != nil {
		return cw.err
	}
	x.warnSize(cw.n)
	return nil
}

// writer holds the state of one Write.
type writer struct {
	a    *model.Archive
	opt  Options
	prof profile
	out  *bufio.Writer
	set  etree.WriteSettings
	dsc  *etree.Element // the dsc of the document, whose components are streamed
	// streams holds the elements whose children are built only as they
	// are written (see stream).
	streams map[*etree.Element]stream
	err     error     // the first error met while streaming
	raw     *fondsRaw // the fonds's ead field, kept from an import
	chk     *rawCheck // while Check reads the ead fields: where their elements stand
	text    prose.TextDecoder
	conf    *conformer // the profile ape's; see conformer
	// leaves is set while a unit or an entry of a stream is built (see
	// component, stream and textElem) to taken, the leaves that each
	// takes again once the one before it is written.
	leaves, taken *leaves
	// prefix begins every id and reference of the document (IDPrefix).
	prefix string
	// recs are the finding aid's records in the order the lists give
	// them (see records).
	recs *records
}

// records are the persons of a finding aid in the order of their headings
// (present.Persons), the pseudonyms, the corporate bodies and the places
// in the order of their names: each list is sorted by collation keys
// (present.SortKey), once for the writer rather than for each part that
// lists them (the access points, the indexes, the descriptions).
type records struct {
	persons    []*model.Person
	pseudonyms []*model.Pseudonym
	bodies     []*model.Body
	places     []*model.Place
}

func (x *writer) records() *records {
	if x.recs == nil {
		x.recs = &records{present.Persons(x.a), present.Pseudonyms(x.a), sortedBy(x.a.Bodies), sortedBy(x.a.Places)}
	}
	return x.recs
}

func newWriter(a *model.Archive, opt Options, p profile) *writer {
	return &writer{a: a, opt: opt, prof: p, prefix: IDPrefix(a),
		// Canonical escaping: only what XML requires, so that "Trotsky's"
		// stays readable in the file.
		set: etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true}}
}

func (x *writer) warn(format string, args ...any) {
	if x.opt.Warn != nil {
		x.opt.Warn(fmt.Sprintf("%s: ", x.a.Dir) + fmt.Sprintf(format, args...))
	}
}

// document builds everything but the components, which layout streams
// into the dsc.
func (x *writer) document() *etree.Element {
	root := etree.NewElement("ead")
	attr(root, "xmlns", Namespace)
	attr(root, "xmlns:xlink", XLinkNamespace)
	attr(root, "xmlns:xsi", XSINamespace)
	if x.prof.ape {
		attr(root, "xsi:schemaLocation", APESchemaLocation)
	} else {
		attr(root, "xsi:schemaLocation", SchemaLocation)
	}
	root.AddChild(x.header())
	root.AddChild(x.archdesc())
	return root
}

// blockTags are the EAD elements whose content is elements only. layout
// puts each of their children on a line of its own; every other element
// holds mixed content, where added whitespace would change the text, and
// is written exactly as built.
var blockTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`ead eadheader filedesc titlestmt publicationstmt profiledesc
		revisiondesc change archdesc did dsc bioghist scopecontent arrangement accessrestrict
		userestrict phystech otherfindaid custodhist acqinfo appraisal accruals originalsloc
		altformavail relatedmaterial separatedmaterial bibliography odd processinfo controlaccess
		index indexentry ptrgrp list defitem listhead chronlist chronitem eventgrp blockquote
		address dao daodesc note c table tgroup thead tbody row`) {
		blockTags[t] = true
	}
	for i := 1; i <= 12; i++ {
		blockTags[fmt.Sprintf("c%02d", i)] = true
	}
}

const indentUnit = "  "

// layout writes e at the given depth: element-only content indented, one
// child a line; mixed content as built. When it reaches the dsc it streams
// the components into it, and the children of a stream likewise.
func (x *writer) layout(e *etree.Element, depth int) {
	if !blockTags[e.Tag] {
		x.element(e)
		return
	}
	if !x.open(e, depth) {
		return
	}
	if e == x.dsc {
		x.components(depth + 1)
	} else if s, ok := x.streams[e]; ok {
		delete(x.streams, e)
		x.stream(e, s, depth+1)
	}
	x.close(e, depth)
}

// open writes e's start tag and its children, and reports whether it left
// e open; close writes its end tag. An element with no children (and none
// to stream: the dsc, a stream) is closed by open.
func (x *writer) open(e *etree.Element, depth int) bool {
	x.startTag(e)
	if _, streamed := x.streams[e]; len(e.Child) == 0 && e != x.dsc && !streamed {
		x.out.WriteString("/>")
		return false
	}
	x.out.WriteByte('>')
	for i, c := range e.Child {
		x.newline(depth + 1)
		if ce, ok := c.(*etree.Element); ok {
			x.layout(ce, depth+1)
		} else {
			c.WriteTo(x.out, &x.set)
		}
		// Written: nothing reads it again, so the notes and the
		// concordance before the dsc can go while the units stream.
		e.Child[i] = nil
	}
	return true
}

func (x *writer) close(e *etree.Element, depth int) {
	x.newline(depth)
	x.endTag(e)
}

func (x *writer) newline(depth int) {
	if n := 1 + depth*len(indentUnit); n <= len(newlines) {
		x.out.WriteString(newlines[:n])
		return
	}
	x.out.WriteByte('\n')
	for range depth {
		x.out.WriteString(indentUnit)
	}
}

// newlines is a newline and the indentation of the deepest units (c12
// under the dsc, archdesc and ead, and their children), so that newline
// writes both at once.
var newlines = "\n" + strings.Repeat(indentUnit, 20)

// attr sets an attribute when its value is not empty, so that optional
// attributes need no test at each call.
func attr(e *etree.Element, key, value string) {
	if value != "" {
		e.CreateAttr(key, value)
	}
}

// elem adds a child element holding text.
func (x *writer) elem(parent *etree.Element, tag, text string) *etree.Element {
	return x.textElem(parent, tag, text, text != "", false)
}

// Most elements of the document hold one text and no other child (a
// unitid, a date, a name, a link): a leaf is such an element, with its
// text and the room for it and for one attribute, in one allocation where
// etree makes four; a leafWithAttrs has room for the three attributes of a
// date or a name.
type leaf struct {
	e    etree.Element
	kids [1]etree.Token
	text etree.CharData
	attr [1]etree.Attr // a link's target, say
}

type leafWithAttrs struct {
	leaf
	attr [3]etree.Attr
}

// textElem adds a child element to parent, holding text if withText (an
// empty text is written <tag></tag>, none <tag/>), with room for three
// attributes if attrs. tag has no namespace prefix. The element takes
// more attributes and children as any does.
//
// While a unit or an entry of a stream is built (x.leaves is set), its
// leaves come from the writer's, which the next one takes again.
func (x *writer) textElem(parent *etree.Element, tag, text string, withText, attrs bool) *etree.Element {
	var l *leaf
	if attrs {
		la := x.leaves.withAttrs()
		la.e.Attr = la.attr[:0:len(la.attr)]
		l = &la.leaf
	} else {
		l = x.leaves.plain()
		l.e.Attr = l.attr[:0:len(l.attr)]
	}
	l.e.Tag = tag
	l.e.Child = l.kids[:0:1]
	parent.AddChild(&l.e)
	if withText {
		l.text.Data = text
		l.e.AddChild(&l.text)
	}
	return &l.e
}

// leaves are the leaves of the unit (or the entry of a stream) being
// built. A unit is written as soon as it is built, and nothing refers to
// its elements once it is (open drops them): the next unit takes the same
// leaves again, cleared, rather than new ones for the collector to find.
// A nil *leaves gives new leaves.
type leaves struct {
	plains   pool[leaf]
	attrs    pool[leafWithAttrs]
	branches pool[branch]
	texts    pool[etree.CharData]
}

// A pool hands out cleared values, the same ones again after reuse.
type pool[T any] struct {
	items []*T
	n     int // how many the unit uses
}

func (p *pool[T]) get() *T {
	if p.n == len(p.items) {
		p.items = append(p.items, new(T))
	} else {
		var zero T
		*p.items[p.n] = zero
	}
	p.n++
	return p.items[p.n-1]
}

func (ls *leaves) plain() *leaf {
	if ls == nil {
		return &leaf{}
	}
	return ls.plains.get()
}

func (ls *leaves) withAttrs() *leafWithAttrs {
	if ls == nil {
		return &leafWithAttrs{}
	}
	return ls.attrs.get()
}

func (ls *leaves) branch() *branch {
	if ls == nil {
		return &branch{}
	}
	return ls.branches.get()
}

// text returns a text token holding s, as etree.NewText does.
func (ls *leaves) text(s string) *etree.CharData {
	if ls == nil {
		return etree.NewText(s)
	}
	cd := ls.texts.get()
	cd.Data = s
	return cd
}

// reuse hands the leaves out again, from the first.
func (ls *leaves) reuse() {
	ls.plains.n, ls.attrs.n, ls.branches.n, ls.texts.n = 0, 0, 0, 0
}

// A branch is an element that holds others (a did, a controlaccess, a
// paragraph of a note), with room for the few children and attributes
// most have.
type branch struct {
	e    etree.Element
	kids [4]etree.Token
	attr [2]etree.Attr
}

// child adds an element to parent, as parent.CreateElement(tag) does: from
// the reused leaves while a unit or the entry of a stream is built. tag
// has no namespace prefix.
func (x *writer) child(parent *etree.Element, tag string) *etree.Element {
	b := x.leaves.branch()
	b.e.Tag = tag
	b.e.Child = b.kids[:0:len(b.kids)]
	b.e.Attr = b.attr[:0:len(b.attr)]
	parent.AddChild(&b.e)
	return &b.e
}

// addText appends text to e, joining it to e's last text token if that
// is short: a note of many lines (each a token of Markdown) would
// otherwise be copied once per line, which is quadratic. Text tokens side
// by side are written as one.
func addText(e *etree.Element, s string) { appendText(e, s, nil) }

// addText is addText from the reused leaves, while a unit or an entry of a
// stream is built.
func (x *writer) addText(e *etree.Element, s string) { appendText(e, s, x.leaves) }

func appendText(e *etree.Element, s string, ls *leaves) {
	if s == "" {
		return
	}
	if n := len(e.Child); n > 0 {
		if cd, ok := e.Child[n-1].(*etree.CharData); ok && !cd.IsCData() && len(cd.Data) < 256 {
			cd.SetData(cd.Data + s)
			return
		}
	}
	e.AddChild(ls.text(s))
}

// nmtoken turns s into an XML name token, as EAD wants for @otherlevel,
// container/@type and @source: runs of other characters become '-'.
func nmtoken(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == ':' || r == '-' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// countWriter counts what is written, for the size warning, and keeps the
// first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// Check implements build.Checker: fonds check and fonds build report what
// the EAD output cannot write, with the sources' own problems.
func (o Output) Check(a *model.Archive, _ []source.File) source.List { return Check(a, o.Options) }
