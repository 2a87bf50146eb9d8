// Package eadtext turns the EAD that the sources keep raw (the ead fields
// fonds import writes for what has no field in fonds) into what a reader
// of the site and of the PDF sees: labelled facts of the unit's
// identification (a second title or identifier, the physical location, a
// did's note: "Physical location: Avery"), notes with their heading, their
// text as Markdown (paragraphs, lists, tables and chronologies as lists),
// and the facts of the finding aid's header. The EAD output writes the raw
// EAD itself, unchanged; this is the one reading of it that both other
// writers share, so that everything imported reaches all three outputs.
//
// The Markdown holds text, emphasis, lists and web links only, escaped so
// that it reads back to the words of the EAD.
package eadtext

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// A Field is a fact of a unit's (or the finding aid's) identification:
// "Physical location", "Avery".
type Field struct {
	Label, Text string
}

// A Note is a note kept raw: its heading, and its text in Markdown.
type Note struct {
	Head, Text string
}

// Kept is what an ead field shows readers.
type Kept struct {
	Fields []Field // from the did (and a head of the unit), in order
	Notes  []Note  // notes, access points, indexes and groups, in order
	Header []Field // from the eadheader (the fonds's field only)
}

// IsZero reports whether there is nothing to show.
func (k Kept) IsZero() bool { return len(k.Fields)+len(k.Notes)+len(k.Header) == 0 }

// Read reads an ead field; what it marks audience="internal" is left out
// unless internal is set (fonds build --internal). Raw EAD that is not
// well-formed (fonds check refuses it before any writer runs) is an error.
func Read(raw string, internal bool) (Kept, error) {
	r := reader{internal: internal}
	return r.read(raw)
}

// reader reads one ead field.
type reader struct {
	internal bool // publish what is marked internal
}

func (r reader) read(raw string) (Kept, error) {
	var k Kept
	if strings.TrimSpace(raw) == "" {
		return k, nil
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromString(`<raw xmlns:xlink="http://www.w3.org/1999/xlink">` + raw + `</raw>`); err != nil {
		return k, fmt.Errorf("ead: not well-formed XML: %v", err)
	}
	for _, e := range doc.Root().ChildElements() {
		if r.hidden(e) {
			continue
		}
		switch e.Tag {
		case "did":
			for _, c := range e.ChildElements() {
				if !r.hidden(c) {
					k.Fields = r.appendField(k.Fields, label(c), c)
				}
			}
		case "head":
			k.Fields = r.appendField(k.Fields, "Heading", e)
		case "eadheader":
			k.Header = r.header(k.Header, e)
		case "dsc":
			for _, c := range e.ChildElements() {
				k.Notes = r.appendNote(k.Notes, c)
			}
		default:
			k.Notes = r.appendNote(k.Notes, e)
		}
	}
	return k, nil
}

// hidden reports whether e is marked for internal use and internal
// material is not published, as fonds's own internal notes are not.
func (r reader) hidden(e *etree.Element) bool {
	return !r.internal && e.SelectAttrValue("audience", "") == "internal"
}

func (r reader) appendField(list []Field, label string, e *etree.Element) []Field {
	if t := r.fieldText(e); t != "" {
		list = append(list, Field{label, t})
	}
	return list
}

func (r reader) appendNote(list []Note, e *etree.Element) []Note {
	if r.hidden(e) {
		return list
	}
	head := ""
	if h := e.SelectElement("head"); h != nil && firstElem(e) == h {
		head = r.text(h)
	}
	if head == "" {
		head = label(e)
	}
	w := mdWriter{r: r}
	switch e.Tag {
	case "controlaccess":
		w.terms(e)
	case "index":
		w.rows(e, "indexentry", " ")
	case "chronlist", "list", "table":
		w.block(e)
	default:
		w.blocks(e, true)
	}
	if t := w.String(); t != "" || head != "" {
		list = append(list, Note{Head: head, Text: t})
	}
	return list
}

func firstElem(e *etree.Element) *etree.Element {
	if cs := e.ChildElements(); len(cs) > 0 {
		return cs[0]
	}
	return nil
}

// header lists the header's elements that fonds keeps raw: a subtitle,
// how and in what language the finding aid was made, its edition, series
// and notes.
func (r reader) header(list []Field, h *etree.Element) []Field {
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, c := range e.ChildElements() {
			switch c.Tag {
			case "filedesc", "titlestmt", "publicationstmt", "profiledesc", "revisiondesc", "notestmt":
				walk(c)
			default:
				list = r.appendField(list, label(c), c)
			}
		}
	}
	walk(h)
	return list
}

// fieldText is the words of an element of the did: its text, with the
// address of a link or digital object after it when the text does not
// give it.
func (r reader) fieldText(e *etree.Element) string {
	t := r.text(e)
	for _, l := range e.FindElements(".//*") {
		if href := l.SelectAttrValue("xlink:href", l.SelectAttrValue("href", "")); href != "" && !strings.Contains(t, href) {
			if class, _, _ := prose.Classify(href); class == "web" {
				t = strings.TrimSpace(t + " " + href)
			}
		}
	}
	if href := e.SelectAttrValue("xlink:href", e.SelectAttrValue("href", "")); href != "" && !strings.Contains(t, href) {
		if title := e.SelectAttrValue("xlink:title", e.SelectAttrValue("title", "")); title != "" && !strings.Contains(t, title) {
			t = strings.TrimSpace(title + " " + t)
		}
		if class, _, _ := prose.Classify(href); class == "web" {
			t = strings.TrimSpace(t + " " + href)
		}
	}
	return t
}

// Text is the words of e, as the site and the PDF publish them (what is
// internal left out): its text with whitespace collapsed, a space where
// one element of a block (an item, a paragraph, a line break) ends and the
// next begins.
func Text(e *etree.Element) string { return reader{}.text(e) }

func (r reader) text(e *etree.Element) string {
	if s, ok := dateText(e); ok {
		return s
	}
	var b strings.Builder
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, t := range e.Child {
			switch t := t.(type) {
			case *etree.CharData:
				b.WriteString(t.Data)
			case *etree.Element:
				if r.hidden(t) {
					continue
				}
				if !inline[t.Tag] {
					b.WriteByte(apart)
				}
				if s, ok := dateText(t); ok {
					b.WriteString(s)
				} else {
					walk(t)
				}
				if !inline[t.Tag] {
					b.WriteByte(apart)
				}
			}
		}
	}
	walk(e)
	return strings.Join(strings.Fields(setApart(b.String())), " ")
}

// apart marks, in the text being read, where an element's words are set
// apart from their neighbours'; XML text never holds it.
const apart = 0

// setApart makes each mark of apart a space, except before closing
// punctuation and after opening punctuation: "made on <date>…</date>." is
// "made on 16 June 2023.", not "16 June 2023 .", and "(<date>1920</date>)"
// is "(1920)"; two elements side by side stay two words.
func setApart(s string) string {
	if strings.IndexByte(s, apart) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != apart {
			b.WriteByte(s[i])
			continue
		}
		j := i
		for j < len(s) && s[j] == apart {
			j++
		}
		if spaced(b.String(), s[j:]) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return b.String()
}

// spaced reports whether a phrase's boundary between the text before and
// the text after takes a space: not after opening punctuation, nor before
// closing punctuation.
func spaced(before, after string) bool {
	prev, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(after)
	return !strings.ContainsRune(opening, prev) && !strings.ContainsRune(closing, next)
}

// closing and opening are the punctuation that no space parts from the
// word before it, and from the word after it.
const (
	closing = ".,;:!?)]}»”’…"
	opening = "([{«“‘"
)

// dateText is the words of a date element that holds a calendar date in
// ISO 8601 form, alone or with a time ("2023-06-16 19:34:00 +0200", the
// way ArchivesSpace stamps the finding aid's creation): the date as fonds
// prints every date, in words, and the time as written after it ("16 June
// 2023, 19:34:00 +0200"). ok is false for any other element or text, which
// reads as written.
func dateText(e *etree.Element) (s string, ok bool) {
	if e.Tag != "date" || len(e.Child) != 1 {
		return "", false
	}
	cd, isText := e.Child[0].(*etree.CharData)
	if !isText {
		return "", false
	}
	m := isoDateTime.FindStringSubmatch(strings.TrimSpace(cd.Data))
	if m == nil {
		return "", false
	}
	d, err := edtf.Parse(m[1])
	if err != nil || d.Kind != edtf.Single {
		return "", false // 2023-02-30: as written
	}
	s = d.Label()
	if m[2] != "" {
		s += ", " + m[2]
	}
	return s, true
}

// isoDateTime is a calendar date (1) and, after a space or a T, a time of
// day (hours 00–23, minutes 00–59, seconds 00–60) with an optional zone,
// "Z", "+02", "+0200" or "+02:00" (2).
var isoDateTime = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T]((?:[01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:\.[0-9]+)?)?(?: ?(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?))?))?$`)

// inline are the elements that may stand inside a word; every other
// element's text is set apart from its neighbours'.
var inline = map[string]bool{"emph": true, "abbr": true, "expan": true, "num": true, "title": true}

// label names an element for readers: its @label when the producer gave
// one, else what EAD calls it, in English.
func label(e *etree.Element) string {
	if l := strings.TrimSpace(strings.TrimRight(e.SelectAttrValue("label", ""), ": ")); l != "" {
		return l
	}
	name := labels[e.Tag]
	if name == "" {
		name = strings.ToUpper(e.Tag[:1]) + e.Tag[1:]
	}
	if e.Tag == "unitid" || e.Tag == "container" || e.Tag == "odd" {
		if t := e.SelectAttrValue("type", ""); t != "" {
			name += " (" + t + ")"
		}
	}
	return name
}

// labels are the English names of EAD's elements as readers know them
// (ISAD(G), DACS).
var labels = map[string]string{
	"abstract": "Abstract", "accessrestrict": "Conditions governing access", "accruals": "Accruals",
	"acqinfo": "Immediate source of acquisition", "altformavail": "Existence and location of copies",
	"appraisal": "Appraisal, destruction and scheduling", "arrangement": "System of arrangement",
	"bibliography": "Publication note", "bioghist": "Biographical history", "container": "Container",
	"controlaccess": "Access points", "custodhist": "Archival history", "dao": "Digital object",
	"daogrp": "Digital objects", "descgrp": "Description", "dimensions": "Dimensions",
	"fileplan": "File plan", "index": "Index", "langmaterial": "Language of the material",
	"legalstatus": "Legal status", "materialspec": "Material specific details", "note": "Note",
	"odd": "Note", "origination": "Creator", "originalsloc": "Existence and location of originals",
	"otherfindaid": "Other finding aids", "physdesc": "Physical description", "physfacet": "Physical facet",
	"physloc": "Physical location", "phystech": "Physical characteristics and technical requirements",
	"prefercite": "Preferred citation", "processinfo": "Archivist's note",
	"relatedmaterial": "Related units of description", "repository": "Repository",
	"scopecontent": "Scope and content", "separatedmaterial": "Separated material",
	"unitdate": "Date", "unitid": "Identifier", "unittitle": "Title", "userestrict": "Conditions governing reproduction",
	"subtitle": "Subtitle", "author": "Author", "sponsor": "Sponsor", "editionstmt": "Edition",
	"seriesstmt": "Series", "creation": "Creation", "langusage": "Language of the finding aid",
	"descrules": "Rules", "address": "Address", "publisher": "Publisher", "date": "Date", "change": "Revision",
	"p": "Note", "titleproper": "Title", "eadid": "Identifier",
}
