package pdf

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// A column is where a piece of prose is set: its left and right edges from
// the left margin, the base style and the line distance, and the level of
// the heading it stands under (a Markdown heading "#" is one deeper).
type column struct {
	x, right float64
	st       style
	lead     float64
	level    int
}

// A marker is the label of a list item, hung in front of its first line;
// item is the list item (LI) it labels.
type marker struct {
	text string
	item *selem
}

// prose sets Markdown as blocks: paragraphs, lists, block quotes, code,
// from the tree resolve parsed (the archive's Notes), in both passes.
// References to the finding aid's records become links: persons and
// pseudonyms to their entry in the index (which in turn lists the pages
// that name them), units and reels to where they are described.
func (d *doc) prose(text string, c column, before float64) []*block {
	pd := d.a.Notes.Doc(text)
	d.mdLevel = 0
	var out []*block
	for n := pd.Root.FirstChild(); n != nil; n = n.NextSibling() {
		d.mdBlock(pd, n, c, marker{}, &out)
	}
	if len(out) > 0 {
		out[0].before = before
	}
	return out
}

// note sets a note: the source's words, then the encoder's note on them,
// if there is one, under the label "Editorial note" (a paragraph of its
// own), indented and in italics, as printed editions set an editor's words
// apart.
func (d *doc) note(p *model.Prose, c column, before float64) []*block {
	out := d.prose(p.Text, c, before)
	if p.Editorial.Empty() {
		return out
	}
	ec := c
	ec.x += 10
	ec.st.face = withItalic(c.st.face)
	ls := c.st
	ls.face = bold
	ls.size = c.st.size * 0.85
	ls.color = gray
	var label *block
	d.t.element("P", func() {
		label = d.para([]span{{text: present.EditorialNote, st: ls}}, ec.x, ec.x, ec.right, c.lead, c.lead*0.45)
	})
	label.keepNext = true
	if len(out) == 0 {
		label.before = before
	}
	return append(append(out, label), d.prose(p.Editorial.Text, ec, 0)...)
}

// mdBlock sets a block of Markdown and what it holds as structure
// elements: P, H1–H6, L with LI, Lbl and LBody, BlockQuote. A list item's
// marker goes in front of the first line of the item's first paragraph.
func (d *doc) mdBlock(pd *prose.Doc, n ast.Node, c column, mk marker, out *[]*block) {
	t := d.t
	gap := c.lead * 0.45
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		var lines []*line
		t.element("P", func() {
			var spans []span
			d.inline(pd, n, c.st, "", "", &spans)
			lines = t.setLines(spans, c.x, c.x, c.right, c.lead)
		})
		d.addMarker(lines, mk, c)
		*out = append(*out, &block{lines: lines, before: gap})
	case *ast.Heading:
		// A note's headings are one level below the heading the note
		// stands under, and go down one level at a time ("###" first is
		// the first level, as "#" is), so that no level is skipped.
		d.mdLevel = min(n.Level, d.mdLevel+1)
		var lines []*line
		t.element(hTag(c.level+d.mdLevel), func() {
			var spans []span
			st := c.st
			st.face = bold
			d.inline(pd, n, st, "", "", &spans)
			lines = t.setLines(spans, c.x, c.x, c.right, c.lead)
		})
		*out = append(*out, &block{lines: lines, before: c.lead * 0.8, keepNext: true})
	case *ast.List:
		i := n.Start
		if i == 0 {
			i = 1
		}
		indent := t.width("00.", c.st) + 5
		list := t.open("L")
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			m := marker{text: "•"}
			if n.IsOrdered() {
				m.text = strconv.Itoa(i) + "."
				i++
			}
			li := t.open("LI")
			m.item = li
			inner := c
			inner.x += indent
			lbody := t.open("LBody")
			for k := item.FirstChild(); k != nil; k = k.NextSibling() {
				d.mdBlock(pd, k, inner, m, out)
				m = marker{}
			}
			t.close(lbody)
			t.close(li)
		}
		t.close(list)
	case *ast.Blockquote:
		inner := c
		inner.x += 16
		inner.right -= 16
		inner.st.color = gray
		quote := t.open("BlockQuote")
		for k := n.FirstChild(); k != nil; k = k.NextSibling() {
			d.mdBlock(pd, k, inner, mk, out)
			mk = marker{}
		}
		t.close(quote)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		st := c.st
		st.face = mono
		st.size = c.st.size * 0.9
		ls := n.Lines()
		var lines []*line
		t.element("P", func() {
			for i := 0; i < ls.Len(); i++ {
				seg := ls.At(i)
				s := strings.TrimRight(string(seg.Value(pd.Source)), "\n")
				if s == "" {
					s = "\u00a0"
				}
				lines = append(lines, t.setLines([]span{{text: s, st: st}}, c.x, c.x+12, c.right, c.lead)...)
			}
		})
		*out = append(*out, &block{lines: lines, before: gap})
	case *ast.ThematicBreak:
		*out = append(*out, &block{lines: []*line{{lead: c.lead, size: c.st.size, rule: &[2]float64{c.x, c.right}}}, before: gap})
	case *ast.HTMLBlock:
		// Refused by fonds check; nothing to print.
	default:
		for k := n.FirstChild(); k != nil; k = k.NextSibling() {
			d.mdBlock(pd, k, c, mk, out)
			mk = marker{}
		}
	}
}

// addMarker hangs a list marker in front of the first line, as the label
// (Lbl) of its list item.
func (d *doc) addMarker(lines []*line, mk marker, c column) {
	if mk.text == "" || len(lines) == 0 {
		return
	}
	w := d.t.width(mk.text, c.st)
	r := run{x: c.x - w - 5, text: mk.text, st: c.st, w: w, el: d.t.ownElem("Lbl", mk.item)}
	lines[0].runs = append([]run{d.t.ownRun(r)}, lines[0].runs...)
}

// inline collects the spans of inline Markdown.
func (d *doc) inline(pd *prose.Doc, n ast.Node, st style, link, mention string, out *[]span) {
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch k := k.(type) {
		case *ast.Text:
			var s string
			if seg := k.Segment; seg.Padding == 0 {
				s = pd.Text[seg.Start:seg.Stop]
			} else {
				s = string(seg.Value(pd.Source)) // spaces before it: a tab's
			}
			if k.SoftLineBreak() || k.HardLineBreak() {
				s += " "
			}
			*out = append(*out, span{text: s, st: st, link: link, mention: mention})
		case *ast.String:
			*out = append(*out, span{text: string(k.Value), st: st, link: link, mention: mention})
		case *ast.CodeSpan:
			s := st
			s.face = mono
			d.inline(pd, k, s, link, mention, out)
		case *ast.Emphasis:
			s := st
			if k.Level >= 2 {
				s.face = withBold(s.face)
			} else {
				s.face = withItalic(s.face)
			}
			d.inline(pd, k, s, link, mention, out)
		case *ast.Link:
			_, l, m := d.ref(string(k.Destination))
			s := st
			if l != "" {
				s.color = blue
			}
			d.inline(pd, k, s, l, m, out)
		case *ast.AutoLink:
			url := string(k.URL(pd.Source))
			name, l, m := d.ref(url)
			if name == "" {
				name = string(k.Label(pd.Source))
			}
			if k.AutoLinkType == ast.AutoLinkEmail {
				l = "mailto:" + url
			}
			s := st
			if l != "" {
				s.color = blue
			}
			*out = append(*out, span{text: name, st: s, link: l, mention: m})
		case *prose.Mark:
			// [sic] with sic in italics, as printed (upright in italic
			// text); […] as it is.
			if k.What != prose.Sic {
				*out = append(*out, span{text: k.Written(), st: st, link: link, mention: mention})
				break
			}
			s := st
			s.face = withItalic(st.face)
			if s.face == st.face {
				s.face = withoutItalic(st.face)
			}
			*out = append(*out, span{text: "[", st: st, link: link, mention: mention},
				span{text: "sic", st: s, link: link, mention: mention},
				span{text: "]", st: st, link: link, mention: mention})
		case *ast.RawHTML:
		default:
			d.inline(pd, k, st, link, mention, out)
		}
	}
}

func withBold(f int8) int8 {
	switch f {
	case italic, boldItalic:
		return boldItalic
	case mono:
		return mono
	}
	return bold
}

func withoutItalic(f int8) int8 {
	switch f {
	case italic:
		return regular
	case boldItalic:
		return bold
	}
	return f
}

func withItalic(f int8) int8 {
	switch f {
	case bold, boldItalic:
		return boldItalic
	case mono:
		return mono
	}
	return italic
}

// ref resolves a link destination: the record's own name (for autolinks),
// where the link goes in this document, and the index entry it mentions.
// Relative links lead nowhere in a printed document and stay plain text.
func (d *doc) ref(dest string) (name, link, mention string) {
	class, kind, target := prose.Classify(dest)
	switch class {
	case "web":
		return "", dest, ""
	case "ref":
	default:
		return "", "", ""
	}
	switch x := d.a.Lookup(kind, target).(type) {
	case *model.Pseudonym:
		return x.Name, "#" + x.Anchor(), x.Anchor()
	case model.Authority:
		return x.Base().Name, "#" + x.Anchor(), x.Anchor()
	case *model.Reel:
		return "reel " + target, "#" + x.Anchor(), ""
	}
	switch kind {
	case prose.Inv:
		n, err := strconv.Atoi(target)
		if err != nil {
			return target, "", ""
		}
		return "no. " + target, d.invLink(n), ""
	case prose.Reel:
		return "reel " + target, "", ""
	}
	return target, "", ""
}

// invLink links an inventory number to its unit, or, when the unit is not
// described (or not published), to the reel that holds it.
func (d *doc) invLink(n int) string {
	if c := d.a.ByInv[n]; c != nil && !c.Hidden(d.opt.Internal) {
		return "#" + c.Anchor()
	}
	if r := d.a.ReelHolding(n); r != nil {
		return "#" + r.Anchor()
	}
	return ""
}

// agentAnchor is the index entry of a cited agent: the named destinations
// are the anchors every output gives records ("person-trotsky", "ps-crux",
// "body-ilo", "place-prinkipo"); resolve keeps units from taking them. ""
// for a free name.
func agentAnchor(a *model.Agent) string {
	if a.Pseudonym != nil {
		return a.Pseudonym.Anchor()
	}
	if r := a.Authority(); r != nil {
		return r.Anchor()
	}
	return ""
}
