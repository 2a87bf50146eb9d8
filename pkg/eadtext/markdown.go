package eadtext

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// mdWriter writes the content of a note as Markdown blocks.
type mdWriter struct {
	r    reader
	out  []string
	para strings.Builder
	owed bool // a space is owed after the phrase written last (space)
}

func (w *mdWriter) String() string {
	w.endPara()
	return strings.Join(w.out, "\n\n")
}

func (w *mdWriter) endPara() {
	if s := strings.TrimSpace(w.para.String()); s != "" {
		w.out = append(w.out, s)
	}
	w.para.Reset()
	w.owed = false
}

// space writes the space owed after a phrase, or due before one, when the
// paragraph has words and does not end in a space, and the boundary takes
// one before next (spaced): a phrase is set apart from its neighbours, not
// from the full stop after it.
func (w *mdWriter) space(next string) {
	w.owed = false
	if p := w.para.String(); p != "" && !strings.HasSuffix(p, " ") && spaced(p, next) {
		w.para.WriteByte(' ')
	}
}

// blocks writes the content of e; a head that opens it is skipped when
// skipHead (it is the note's heading).
func (w *mdWriter) blocks(e *etree.Element, skipHead bool) {
	first := firstElem(e)
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.CharData:
			w.text(t.Data)
		case *etree.Element:
			switch {
			case w.r.hidden(t):
			case t.Tag == "head" && skipHead && t == first:
			case inline[t.Tag] || phrase[t.Tag]:
				w.inline(t)
			default:
				w.endPara()
				w.block(t)
			}
		}
	}
	w.endPara()
}

// phrase are elements that stand inside a paragraph: their text is part
// of it.
var phrase = map[string]bool{
	"lb": true, "persname": true, "corpname": true, "famname": true, "geogname": true, "name": true,
	"subject": true, "genreform": true, "function": true, "occupation": true, "date": true, "unitdate": true,
	"extref": true, "extptr": true, "ref": true, "ptr": true, "archref": true, "bibref": true,
	"language": true, "physloc": true, "container": true, "unitid": true, "unittitle": true,
	"origination": true, "repository": true, "extent": true, "dimensions": true, "physfacet": true,
	"materialspec": true, "edition": true, "imprint": true, "publisher": true, "bibseries": true, "linkgrp": true,
}

// text adds a run of text to the paragraph, whitespace collapsed.
func (w *mdWriter) text(s string) {
	lead, trail := strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n"), strings.TrimRight(s, " \t\r\n") != s
	s = strings.Join(strings.Fields(s), " ")
	if w.owed && s != "" {
		w.space(s)
	}
	if s != "" && lead && w.para.Len() > 0 && !strings.HasSuffix(w.para.String(), " ") {
		w.para.WriteByte(' ')
	}
	defer func() {
		if s != "" && trail {
			w.para.WriteByte(' ')
		}
	}()
	if s == "" {
		if w.para.Len() > 0 {
			w.para.WriteByte(' ')
		}
		return
	}
	w.para.WriteString(Escape(s, w.para.Len() == 0))
}

// inline adds a phrase: its words, a web link as a Markdown link.
func (w *mdWriter) inline(e *etree.Element) {
	if e.Tag == "lb" {
		w.para.WriteByte(' ')
		return
	}
	text := w.r.text(e)
	href := e.SelectAttrValue("xlink:href", e.SelectAttrValue("href", ""))
	if w.owed || !inline[e.Tag] {
		w.space(text)
	}
	if link := mdLink(text, href); link != "" {
		w.para.WriteString(link)
	} else if text != "" {
		w.para.WriteString(Escape(text, w.para.Len() == 0))
	}
	w.owed = !inline[e.Tag]
}

// mdLink is a Markdown link to a web address, or "" when href is none.
func mdLink(text, href string) string {
	if class, _, _ := prose.Classify(href); class != "web" || strings.ContainsAny(href, " <>()\n") {
		return ""
	}
	if text == "" {
		return "<" + href + ">"
	}
	return "[" + Escape(text, false) + "](" + href + ")"
}

// block writes a block element: a paragraph, a list (definition lists,
// chronologies, tables and indexes as lists too), a block quote, or a
// nested note under its own heading.
func (w *mdWriter) block(e *etree.Element) {
	switch e.Tag {
	case "p":
		w.blocks(e, false)
	case "head", "listhead", "head01", "head02":
		if t := w.r.text(e); t != "" {
			w.out = append(w.out, "**"+Escape(t, false)+"**")
		}
	case "list":
		w.list(e)
	case "chronlist":
		w.rows(e, "chronitem", " ")
	case "table":
		w.rows(e, "row", " · ")
	case "index":
		w.rows(e, "indexentry", " ")
	case "controlaccess":
		w.terms(e)
	case "blockquote":
		sub := mdWriter{r: w.r}
		sub.blocks(e, false)
		var b strings.Builder
		for i, line := range strings.Split(sub.String(), "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.TrimRight("> "+line, " "))
		}
		if b.Len() > 0 {
			w.out = append(w.out, b.String())
		}
	case "dao", "daogrp", "daoloc":
		if t := w.r.fieldText(e); t != "" {
			w.out = append(w.out, Escape(t, true))
		}
	default:
		// A note inside a note (an odd in an odd, a descgrp's notes):
		// its heading, then its content.
		if h := e.SelectElement("head"); h != nil && firstElem(e) == h {
			if t := w.r.text(h); t != "" {
				w.out = append(w.out, "**"+Escape(t, false)+"**")
			}
			w.blocks(e, true)
			return
		}
		w.blocks(e, false)
	}
}

// list writes a list's items (a definition list's as "label: item").
func (w *mdWriter) list(e *etree.Element) {
	var items []string
	n := 0
	ordered := e.SelectAttrValue("type", "") == "ordered"
	for _, c := range e.ChildElements() {
		var t string
		switch c.Tag {
		case "head", "listhead":
			if h := w.r.text(c); h != "" {
				w.out = append(w.out, "**"+Escape(h, false)+"**")
			}
			continue
		case "defitem":
			var parts []string
			for _, d := range c.ChildElements() {
				if s := w.r.text(d); s != "" {
					parts = append(parts, s)
				}
			}
			t = strings.Join(parts, ": ")
		default:
			t = w.r.text(c)
		}
		if t == "" {
			continue
		}
		n++
		marker := "- "
		if ordered {
			marker = strconv.Itoa(n) + ". "
		}
		items = append(items, marker+Escape(t, true))
	}
	if len(items) > 0 {
		w.out = append(w.out, strings.Join(items, "\n"))
	}
}

// rows writes the rows of a table, the items of a chronology or the
// entries of an index as a list, the parts of each joined by sep.
func (w *mdWriter) rows(e *etree.Element, row, sep string) {
	var items []string
	for _, r := range e.FindElements(".//" + row) {
		if w.r.hidden(r) {
			continue
		}
		var parts []string
		for _, c := range r.ChildElements() {
			if s := w.r.text(c); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			if s := w.r.text(r); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			items = append(items, "- "+Escape(strings.Join(parts, sep), true))
		}
	}
	for _, h := range []*etree.Element{e.SelectElement("head"), e.SelectElement("listhead")} {
		if h == nil {
			continue
		}
		if t := w.r.text(h); t != "" {
			w.out = append(w.out, "**"+Escape(t, false)+"**")
		}
	}
	if len(items) > 0 {
		w.out = append(w.out, strings.Join(items, "\n"))
	}
}

// terms writes the access points of a controlaccess as a list; a group
// inside it gets its heading.
func (w *mdWriter) terms(e *etree.Element) {
	var items []string
	for _, c := range e.ChildElements() {
		switch {
		case w.r.hidden(c):
		case c.Tag == "head":
		case c.Tag == "controlaccess":
			if len(items) > 0 {
				w.out = append(w.out, strings.Join(items, "\n"))
				items = nil
			}
			if h := c.SelectElement("head"); h != nil {
				if t := w.r.text(h); t != "" {
					w.out = append(w.out, "**"+Escape(t, false)+"**")
				}
			}
			w.terms(c)
		default:
			if t := w.r.text(c); t != "" {
				items = append(items, "- "+Escape(t, true))
			}
		}
	}
	if len(items) > 0 {
		w.out = append(w.out, strings.Join(items, "\n"))
	}
}

// Escape escapes what CommonMark would read as markup in s, so that the
// text reads back as written; lineStart says that s starts a line, where
// more characters open a block ("# ", "- ", "1976. ").
func Escape(s string, lineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~':
			b.WriteByte('\\')
		case '#', '+', '-', '=':
			if lineStart && i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1976. Het archief" would start an ordered list.
			if lineStart && i > 0 && i <= 9 && isAllDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
