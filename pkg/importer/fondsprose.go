package importer

import (
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/eadtext"
)

// The Markdown of fonds's own EAD. fonds writes prose into three kinds of
// element (pkg/ead/markdown.go): notes, where paragraphs are p; items and
// events, where paragraphs follow a line break; the abstract and the
// language note, which hold text and phrases only. fondsMarkdown writes
// the Markdown that fonds turns into the same elements: the text as
// written (its line breaks too), emph as * and **, nonproport as code,
// lb as a hard line break, extref as a link, ref as a link to the record,
// unit or reel it leads to.
type proseMode int

const (
	blockMode  proseMode = iota // notes: p, list, blockquote
	mixedMode                   // item, event
	inlineMode                  // abstract, langmaterial
)

// fondsMarkdown converts the content of a prose element of fonds's EAD.
func (im *importer) fondsMarkdown(kids []*node, m proseMode) string {
	w := &fmd{im: im}
	w.blocks(kids, m, "")
	return strings.TrimRight(strings.Join(w.out, "\n\n"), "\n")
}

type fmd struct {
	im  *importer
	out []string
	cur strings.Builder
}

func (w *fmd) end() {
	if s := strings.TrimRight(w.cur.String(), " "); strings.TrimSpace(s) != "" {
		w.out = append(w.out, s)
	}
	w.cur.Reset()
}

// blocks converts block content; indent is the indentation of the lines
// of a list item's content.
func (w *fmd) blocks(kids []*node, m proseMode, indent string) {
	for _, k := range kids {
		switch {
		case k.name == "":
			k.used = true
			if strings.TrimSpace(k.text) == "" && (m == blockMode || w.cur.Len() == 0) {
				continue // layout between blocks
			}
			w.text(k.text, indent)
		case k.name == "p":
			w.end()
			markUsed(k)
			w.inlines(k.kids, indent)
			w.end()
		case k.name == "list":
			w.end()
			w.list(k, indent)
		case k.name == "blockquote":
			w.end()
			sub := &fmd{im: w.im}
			sub.blocks(k.kids, blockMode, "")
			sub.end()
			var b strings.Builder
			for i, blk := range sub.out {
				if i > 0 {
					b.WriteString("\n" + indent + ">\n" + indent)
				}
				b.WriteString("> " + strings.ReplaceAll(blk, "\n", "\n"+indent+"> "))
			}
			markUsed(k)
			w.out = append(w.out, b.String())
		default:
			w.inline(k, indent)
		}
	}
	w.end()
}

// list converts a list: marked items with "-", ordered ones numbered.
func (w *fmd) list(l *node, indent string) {
	ordered := l.peek("type") == "ordered"
	n := 0
	var items []string
	for _, it := range l.kids {
		if it.name != "item" {
			if it.name != "" {
				w.im.keep(it, " (in a list of fonds's EAD)")
			}
			continue
		}
		n++
		marker := "- "
		if ordered {
			marker = strconv.Itoa(n) + ". "
		}
		pad := indent + strings.Repeat(" ", len(marker))
		sub := &fmd{im: w.im}
		sub.blocks(it.kids, mixedMode, pad)
		body := strings.Join(sub.out, "\n\n"+pad)
		items = append(items, marker+body)
	}
	markUsed(l)
	if len(items) > 0 {
		w.out = append(w.out, strings.Join(items, "\n"+indent))
	}
}

func (w *fmd) inlines(kids []*node, indent string) {
	for _, k := range kids {
		if k.name == "" {
			k.used = true
			w.text(k.text, indent)
			continue
		}
		w.inline(k, indent)
	}
}

// text adds text as written, escaped; a line break of the EAD is a soft
// line break of the Markdown, the next line escaped as a line start.
func (w *fmd) text(s, indent string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.cur.WriteString("\n" + indent)
		}
		start := w.cur.Len() == 0 || strings.HasSuffix(w.cur.String(), "\n"+indent)
		w.cur.WriteString(eadtext.Escape(line, start))
	}
}

// inline converts a phrase of fonds's prose.
func (w *fmd) inline(k *node, indent string) {
	switch k.name {
	case "lb":
		k.used = true
		w.cur.WriteString("\\\n" + indent)
	case "emph":
		if m, ok := fondsMark(k); ok {
			w.cur.WriteString(m)
			return
		}
		marks := map[string]string{"italic": "*", "bold": "**"}[k.peek("render")]
		if k.peek("render") == "nonproport" {
			t := textOf(k, true)
			fence := "`"
			for strings.Contains(t, fence) {
				fence += "`"
			}
			pad := ""
			if strings.HasPrefix(t, "`") || strings.HasSuffix(t, "`") {
				pad = " "
			}
			markUsed(k)
			w.cur.WriteString(fence + pad + t + pad + fence)
			return
		}
		markUsed(k)
		w.cur.WriteString(marks)
		w.inlines(k.kids, indent)
		w.cur.WriteString(marks)
	case "extref":
		href, title := k.peek("href"), k.peek("title")
		text := textOf(k, false)
		markUsed(k)
		switch {
		case title == "" && text == href && !strings.ContainsAny(href, " <>"):
			w.cur.WriteString("<" + href + ">")
		case title == "" && strings.HasPrefix(href, "mailto:") && text == strings.TrimPrefix(href, "mailto:"):
			w.cur.WriteString("<" + text + ">")
		default:
			w.cur.WriteString("[" + eadtext.Escape(text, false) + "](" + linkDest(href))
			if title != "" {
				w.cur.WriteString(` "` + strings.ReplaceAll(title, `"`, `\"`) + `"`)
			}
			w.cur.WriteString(")")
		}
	case "ref":
		dest := w.im.fondsRefDest(k.peek("target"))
		text := textOf(k, false)
		markUsed(k)
		if dest == "" {
			w.cur.WriteString(eadtext.Escape(text, false))
			return
		}
		w.cur.WriteString("[" + eadtext.Escape(text, false) + "](" + dest + ")")
	default:
		// A phrase fonds does not write: its text, its markup reported.
		w.im.flattened(k)
		w.inlines(k.kids, indent)
	}
}

// linkDest writes a link's address for Markdown: in angle brackets when it
// holds a space or parentheses.
func linkDest(href string) string {
	if strings.ContainsAny(href, " ()") {
		return "<" + href + ">"
	}
	return href
}

// fondsRefDest is the Markdown destination of a ref of fonds's EAD: the
// record, unit or reel its target names; "" when it names none.
func (im *importer) fondsRefDest(target string) string {
	if rec, ok := im.fonds.records[target]; ok {
		switch rec.kind {
		case "pseudonym":
			return "pseudonym:" + rec.id
		case "reel":
			return "reel:" + rec.id
		}
		return rec.kind + ":" + rec.id
	}
	if inv := im.fonds.units[target]; inv != 0 {
		return "inv:" + strconv.Itoa(inv)
	}
	return ""
}
