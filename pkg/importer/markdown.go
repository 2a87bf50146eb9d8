package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// errNoMarkdown says that a note holds structure Markdown cannot keep (a
// table, a chronology list, a footnote…): the note is passed through as
// raw EAD instead.
type errNoMarkdown struct {
	elem string
	line int
}

func (e *errNoMarkdown) Error() string {
	return fmt.Sprintf("%s at line %d has no Markdown form", e.elem, e.line)
}

// md turns the content of an EAD note into Markdown (CommonMark, with
// fonds's references for names). Its plain text is kept beside, so that
// the Markdown can be checked to read back to exactly that text.
type md struct {
	im     *importer
	blocks []string        // finished blocks
	cur    strings.Builder // the paragraph being built
	plain  strings.Builder // the text the Markdown must read back to
	inLink bool
	flat   []*node // elements whose markup was flattened to text
	// inPhrase: the text of a phrase (emphasis, a link), whose edges are
	// kept here and moved outside the delimiters by the caller.
	inPhrase bool
}

// noteMarkdown converts the blocks of a note (its children other than the
// head) to Markdown. It fails, changing nothing, when something in them
// has no Markdown form or the Markdown would not read back to the text.
func (im *importer) noteMarkdown(kids []*node) (string, error) {
	m := &md{im: im}
	names := len(im.pendingRefs)
	undo := func() {
		for _, id := range im.pendingRefs[names:] {
			im.names.unref(id)
		}
		im.pendingRefs = im.pendingRefs[:names]
	}
	if err := m.blockList(kids, ""); err != nil {
		undo()
		return "", err
	}
	m.endPara()
	out := strings.Join(m.blocks, "\n\n")
	if err := checkMarkdown(out, m.plain.String()); err != nil {
		undo()
		return "", err
	}
	im.pendingRefs = im.pendingRefs[:names]
	for _, n := range m.flat {
		im.flattened(n)
	}
	return out, nil
}

// blockList converts block content, where text and phrases may stand
// outside any p (they become paragraphs of their own).
func (m *md) blockList(kids []*node, indent string) error {
	for _, k := range kids {
		if k.name == "" {
			if strings.TrimSpace(k.text) == "" {
				continue
			}
			m.inline(k)
			continue
		}
		switch k.name {
		case "p":
			m.endPara()
			if err := m.inlines(k.kids, indent); err != nil {
				return err
			}
			m.endPara()
		case "list":
			m.endPara()
			if err := m.list(k, indent); err != nil {
				return err
			}
		case "blockquote":
			m.endPara()
			sub := &md{im: m.im}
			if err := sub.blockList(k.kids, ""); err != nil {
				return err
			}
			sub.endPara()
			var b strings.Builder
			for i, blk := range sub.blocks {
				if i > 0 {
					b.WriteString(">\n")
				}
				for _, line := range strings.Split(blk, "\n") {
					b.WriteString("> " + line + "\n")
				}
			}
			m.blocks = append(m.blocks, strings.TrimRight(b.String(), "\n"))
			m.plain.WriteString(" " + sub.plain.String() + " ")
			m.flat = append(m.flat, sub.flat...)
		default:
			if isPhrase(k.name) {
				if err := m.phrase(k, indent); err != nil {
					return err
				}
				continue
			}
			return &errNoMarkdown{k.name, k.line}
		}
	}
	return nil
}

// list writes a list as a Markdown list; a head becomes a paragraph before
// it. Definition lists have no Markdown form.
func (m *md) list(l *node, indent string) error {
	typ := l.attr("type")
	if typ == "deflist" || l.child("defitem") != nil || l.child("listhead") != nil {
		return &errNoMarkdown{"list type=deflist", l.line}
	}
	ordered := typ == "ordered"
	n := 1
	if h := l.child("head"); h != nil {
		if err := m.inlines(h.kids, indent); err != nil {
			return err
		}
		m.flat = append(m.flat, h)
		m.endPara()
	}
	var items []string
	for _, it := range l.kids {
		switch {
		case it.name == "" && strings.TrimSpace(it.text) == "":
			continue
		case it.name == "head":
			continue
		case it.name != "item":
			return &errNoMarkdown{"list content " + nameOf(it), it.line}
		}
		marker := "- "
		if ordered {
			marker = strconv.Itoa(n) + ". "
			n++
		}
		sub := &md{im: m.im, inLink: m.inLink}
		pad := strings.Repeat(" ", len(marker))
		if err := sub.itemContent(it.kids, pad); err != nil {
			return err
		}
		sub.endPara()
		body := strings.Join(sub.blocks, "\n\n")
		lines := strings.Split(body, "\n")
		var b strings.Builder
		b.WriteString(strings.TrimRight(marker+lines[0], " "))
		for _, line := range lines[1:] {
			b.WriteString("\n")
			if line != "" {
				b.WriteString(pad + line)
			}
		}
		items = append(items, b.String())
		m.plain.WriteString(" " + sub.plain.String() + " ")
		m.flat = append(m.flat, sub.flat...)
	}
	if len(items) == 0 {
		return nil
	}
	for i := range l.attrs {
		// Markdown numbers in arabic; another numeration is not kept.
		if a := &l.attrs[i]; a.name == "numeration" && a.value != "arabic" {
			a.used = false
		}
	}
	m.blocks = append(m.blocks, strings.Join(items, "\n"))
	return nil
}

// itemContent converts the mixed content of an item: phrases and nested
// lists.
func (m *md) itemContent(kids []*node, indent string) error {
	for _, k := range kids {
		switch {
		case k.name == "":
			m.inline(k)
		case k.name == "list", k.name == "p", k.name == "blockquote":
			if err := m.blockList([]*node{k}, indent); err != nil {
				return err
			}
		default:
			if !isPhrase(k.name) {
				return &errNoMarkdown{k.name, k.line}
			}
			if err := m.phrase(k, indent); err != nil {
				return err
			}
		}
	}
	return nil
}

// inlines converts mixed content: text and phrase elements; a block
// inside a paragraph (a list) ends the paragraph and follows it.
func (m *md) inlines(kids []*node, indent string) error {
	for _, k := range kids {
		switch {
		case k.name == "":
			m.inline(k)
		case k.name == "list" || k.name == "blockquote":
			m.endPara()
			if err := m.blockList([]*node{k}, indent); err != nil {
				return err
			}
		case isPhrase(k.name):
			if err := m.phrase(k, indent); err != nil {
				return err
			}
		default:
			return &errNoMarkdown{k.name, k.line}
		}
	}
	return nil
}

// phrases are the EAD elements that mark up text inside a paragraph.
var phrases = map[string]bool{
	"emph": true, "lb": true, "persname": true, "corpname": true, "geogname": true, "famname": true,
	"name": true, "extref": true, "extptr": true, "ref": true, "ptr": true, "date": true, "title": true,
	"num": true, "abbr": true, "expan": true, "bibref": true, "archref": true, "subject": true,
	"genreform": true, "function": true, "occupation": true, "unitdate": true, "unittitle": true,
	"repository": true, "origination": true, "physloc": true, "container": true, "unitid": true,
	"language": true, "edition": true, "imprint": true, "publisher": true, "bibseries": true,
	"physfacet": true, "extent": true, "dimensions": true, "physdesc": true, "materialspec": true,
	"langmaterial": true, "note": false, "linkgrp": false, "extrefloc": false,
}

func isPhrase(name string) bool { return phrases[name] }

func nameOf(n *node) string {
	if n.name == "" {
		return "text"
	}
	return n.name
}

// inline appends a run of text, whitespace collapsed and Markdown's
// special characters escaped.
func (m *md) inline(t *node) {
	t.used = true
	s := collapse(t.text)
	if s == "" {
		return
	}
	if !m.inPhrase && (m.cur.Len() == 0 || strings.HasSuffix(m.cur.String(), "\\\n")) {
		s = strings.TrimLeft(s, " ")
	}
	m.cur.WriteString(eadtext.Escape(s, m.atLineStart()))
	m.plain.WriteString(s)
}

func (m *md) atLineStart() bool {
	return m.cur.Len() == 0 || strings.HasSuffix(m.cur.String(), "\n")
}

// phrase converts one phrase element.
func (m *md) phrase(k *node, indent string) error {
	switch k.name {
	case "lb":
		if m.cur.Len() > 0 && !strings.HasSuffix(m.cur.String(), "\\\n") {
			trimRightBuilder(&m.cur)
			m.cur.WriteString("\\\n")
			m.plain.WriteString(" ")
		}
		return nil
	case "emph":
		marks := ""
		switch k.attr("render") {
		case "italic", "":
			marks = "*"
		case "bold":
			marks = "**"
		case "bolditalic":
			marks = "***"
		}
		if marks == "" || m.inLink {
			m.flat = append(m.flat, k)
			return m.inlines(k.kids, indent)
		}
		return m.wrap(k, marks, marks, indent)
	case "persname", "corpname", "geogname":
		kind := map[string]string{"persname": "person", "corpname": "body", "geogname": "place"}[k.name]
		if m.inLink {
			m.flat = append(m.flat, k)
			return m.inlines(k.kids, indent)
		}
		id := m.im.names.ref(kind, k)
		if id == "" {
			markUsed(k)
			return nil // an empty name: nothing to keep
		}
		m.im.pendingRefs = append(m.im.pendingRefs, id)
		return m.link(k, kind+":"+id, indent)
	case "extref", "extptr":
		href := k.attr("href")
		class, _, _ := prose.Classify(href)
		if m.inLink || href == "" || class != "web" && class != "relative" || strings.ContainsAny(href, "<>\n") {
			m.flat = append(m.flat, k)
			return m.inlines(k.kids, indent)
		}
		if k.name == "extptr" || strings.TrimSpace(textOf(k, false)) == "" {
			if class != "web" {
				m.flat = append(m.flat, k)
				return nil
			}
			// An extptr shows its address: the autolink does too.
			m.cur.WriteString("<" + href + ">")
			m.plain.WriteString(href)
			markUsed(k)
			return nil
		}
		return m.link(k, href, indent)
	case "ref":
		if id := m.im.unitInvFor(k.attr("target")); id != "" && !m.inLink {
			return m.link(k, "inv:"+id, indent)
		}
		m.flat = append(m.flat, k)
		return m.inlines(k.kids, indent)
	}
	// Every other phrase keeps its text; its markup is reported as
	// flattened (a language's code is kept in the languages field).
	if k.name != "language" {
		m.flat = append(m.flat, k)
	}
	return m.inlines(k.kids, indent)
}

// wrap writes a phrase between Markdown delimiters, with the whitespace at
// its edges moved outside them, as CommonMark requires.
func (m *md) wrap(k *node, open, close, indent string) error {
	sub := &md{im: m.im, inLink: m.inLink, inPhrase: true}
	if err := sub.inlines(k.kids, indent); err != nil {
		return err
	}
	if len(sub.blocks) > 0 {
		return &errNoMarkdown{k.name + " holding a block", k.line}
	}
	inner := sub.cur.String()
	t := strings.TrimSpace(inner)
	if t == "" {
		m.cur.WriteString(inner)
		m.plain.WriteString(sub.plain.String())
		return nil
	}
	if strings.HasPrefix(inner, " ") {
		m.cur.WriteString(" ")
	}
	m.cur.WriteString(open + t + close)
	if strings.HasSuffix(inner, " ") {
		m.cur.WriteString(" ")
	}
	m.plain.WriteString(sub.plain.String())
	m.flat = append(m.flat, sub.flat...)
	return nil
}

// link writes a phrase as a Markdown link to dest.
func (m *md) link(k *node, dest, indent string) error {
	sub := &md{im: m.im, inLink: true, inPhrase: true}
	if err := sub.inlines(k.kids, indent); err != nil {
		return err
	}
	if len(sub.blocks) > 0 {
		return &errNoMarkdown{k.name + " holding a block", k.line}
	}
	inner := sub.cur.String()
	t := strings.TrimSpace(inner)
	if t == "" {
		m.cur.WriteString(inner)
		m.plain.WriteString(sub.plain.String())
		return nil
	}
	if strings.ContainsAny(dest, " ()") {
		dest = "<" + dest + ">"
	}
	if strings.HasPrefix(inner, " ") {
		m.cur.WriteString(" ")
	}
	m.cur.WriteString("[" + t + "](" + dest + ")")
	if strings.HasSuffix(inner, " ") {
		m.cur.WriteString(" ")
	}
	m.plain.WriteString(sub.plain.String())
	m.flat = append(m.flat, sub.flat...)
	return nil
}

// endPara finishes the paragraph being built.
func (m *md) endPara() {
	s := strings.TrimSpace(m.cur.String())
	s = strings.TrimSuffix(s, "\\")
	m.cur.Reset()
	if s != "" {
		m.blocks = append(m.blocks, s)
		m.plain.WriteString(" ")
	}
}

func trimRightBuilder(b *strings.Builder) {
	s := strings.TrimRight(b.String(), " ")
	b.Reset()
	b.WriteString(s)
}

// collapse turns every run of XML whitespace into one space. XML
// whitespace is ASCII, which no byte of a multi-byte UTF-8 character is,
// so bytes can be looked at one by one.
func collapse(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\n' || c == '\r' || c == ' ' && i > 0 && s[i-1] == ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = true
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	if space {
		b = append(b, ' ')
	}
	return string(b)
}

// norm collapses whitespace and trims: the form texts are compared in.
func norm(s string) string { return strings.TrimSpace(collapse(s)) }

// checkMarkdown parses the Markdown as every fonds output will and checks
// that it reads back to the text it was made from, with nothing refused.
func checkMarkdown(src, want string) error {
	doc := prose.Parse(src)
	if len(doc.Problems) > 0 {
		return fmt.Errorf("markdown refused: %s", doc.Problems[0].Msg)
	}
	got := norm(doc.Plain(nil)) // the text on one line (norm collapses the newlines), as the EAD writer writes it
	if got != norm(want) {
		return fmt.Errorf("markdown reads back as %q, not %q", clip(got), clip(norm(want)))
	}
	return nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
