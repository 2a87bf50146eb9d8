package ead

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// A mode says what the element that Markdown is written into may hold, as
// the EAD 2002 schema has it:
//
//	blocks      notes (bioghist, scopecontent…), blockquote: p, list, blockquote
//	mixed       item, event: text and phrases, list and blockquote, but no p
//	inlineOnly  abstract, langmaterial: text and phrases only
//
// whether links may be added (not inside another link, nor inside a name,
// which holds text, emph and lb only), and whether a blockquote may be (not
// directly inside another: a quote in a quote joins it).
type mode struct {
	para, blocks, links, quoted bool
}

var (
	blocks     = mode{para: true, blocks: true, links: true}
	mixed      = mode{blocks: true, links: true}
	inlineOnly = mode{links: true}
	textOnly   = mode{}
)

// The Markdown of prose maps onto EAD as follows (the README has the
// table):
//
//	paragraph              p (a line break between paragraphs where p is not allowed)
//	*emphasis*, **strong** emph render="italic", emph render="bold"
//	`code`, code block     emph render="nonproport"
//	heading                p with emph render="bold"
//	- list, 1. list        list type="marked", list type="ordered" numeration="arabic"
//	> quote                blockquote
//	hard line break        lb
//	[text](https://…)      extref with xlink:href, xlink:title, xlink:show, xlink:actuate
//	[text](person:id)      ref target="person-id" holding the text
//	[text](pseudonym:id)   ref target="ps-…"
//	[text](body:id)        ref target="body-id"
//	[text](place:id)       ref target="place-id"
//	[text](inv:723)        ref target=the unit's id, or its reel's when the unit is not described
//	[text](reel:7)         ref target="reel-7"
//
// Raw HTML and images are refused when the sources are checked; should
// they reach the writer, the HTML is kept as text and an image as its alt
// text, so that the output stays well-formed whatever the input.
func (x *writer) prose(parent *etree.Element, text string, m mode) {
	if strings.TrimSpace(text) == "" {
		return
	}
	doc := x.a.Notes.Doc(text)
	r := &md{x: x, src: doc.Source}
	r.blocks(parent, doc.Root, m)
}

type md struct {
	x     *writer
	src   []byte
	fresh *etree.Element // an element where a list marker was just written
}

func (r *md) blocks(parent *etree.Element, n ast.Node, m mode) {
	for b := n.FirstChild(); b != nil; b = b.NextSibling() {
		r.block(parent, b, m)
	}
}

func (r *md) block(parent *etree.Element, b ast.Node, m mode) {
	in := mode{links: m.links}
	switch b := b.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		r.para(parent, m, func(e *etree.Element) { r.inlines(e, b, in) })
	case *ast.Heading:
		r.para(parent, m, func(e *etree.Element) { r.inlines(emph(e, "bold"), b, in) })
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		r.para(parent, m, func(e *etree.Element) { r.lines(r.code(e), b.Lines()) })
	case *ast.HTMLBlock:
		r.para(parent, m, func(e *etree.Element) {
			r.lines(e, b.Lines())
			if b.HasClosure() {
				r.x.addText(e, strings.TrimRight(string(b.ClosureLine.Value(r.src)), "\n"))
			}
		})
	case *ast.List:
		r.list(parent, b, m)
	case *ast.Blockquote:
		if !m.blocks || m.quoted || r.x.prof.ape { // apeEAD has no blockquote
			r.blocks(parent, b, m)
			return
		}
		bq := etree.NewElement("blockquote")
		r.blocks(bq, b, mode{para: true, blocks: true, links: m.links, quoted: true})
		if len(bq.Child) > 0 { // blockquote may not be empty
			parent.AddChild(bq)
		}
	case *ast.ThematicBreak:
	default:
		if b.Type() == ast.TypeInline {
			r.para(parent, m, func(e *etree.Element) { r.inline(e, b, in) })
		} else {
			r.blocks(parent, b, m)
		}
	}
}

// para writes a paragraph's content: in a p of its own where p is allowed,
// else after a line break.
func (r *md) para(parent *etree.Element, m mode, fill func(*etree.Element)) {
	if m.para {
		fill(r.x.child(parent, "p"))
		return
	}
	r.sep(parent)
	fill(parent)
}

// sep starts a new line in mixed content, unless nothing precedes it or a
// list marker was just written.
func (r *md) sep(parent *etree.Element) {
	if r.fresh == parent {
		r.fresh = nil
		return
	}
	if len(parent.Child) > 0 {
		r.x.child(parent, "lb")
	}
}

func (r *md) list(parent *etree.Element, l *ast.List, m mode) {
	n := l.Start
	if !m.blocks {
		// No list here: one item a line, with its marker.
		for li := l.FirstChild(); li != nil; li = li.NextSibling() {
			r.sep(parent)
			marker := "• "
			if l.IsOrdered() {
				marker = strconv.Itoa(n) + ". "
				n++
			}
			r.x.addText(parent, marker)
			r.fresh = parent
			r.blocks(parent, li, m)
			r.fresh = nil
		}
		return
	}
	e := r.x.child(parent, "list")
	if l.IsOrdered() {
		attr(e, "type", "ordered")
		attr(e, "numeration", "arabic")
	} else {
		attr(e, "type", "marked")
	}
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		r.blocks(r.x.child(e, "item"), li, mode{blocks: true, links: m.links})
	}
}

// lines writes the lines of a code or HTML block, as text.
func (r *md) lines(e *etree.Element, lines *text.Segments) {
	for i := 0; i < lines.Len(); i++ {
		if i > 0 {
			r.x.child(e, "lb")
		}
		seg := lines.At(i)
		r.x.addText(e, strings.TrimRight(string(seg.Value(r.src)), "\r\n"))
	}
}

func (r *md) inlines(parent *etree.Element, n ast.Node, m mode) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(parent, c, m)
	}
}

func (r *md) inline(parent *etree.Element, n ast.Node, m mode) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		if n.SoftLineBreak() {
			v = bytes.TrimRight(v, " \t")
		}
		if n.IsRaw() {
			r.x.addText(parent, string(v))
		} else {
			r.x.addText(parent, r.x.text.Decode(v))
		}
		switch {
		case n.HardLineBreak():
			r.x.child(parent, "lb")
		case n.SoftLineBreak():
			// A space, not the line break of the source: consumers that
			// trim every text node holding a line break (Archives Portal
			// Europe does) would glue the words around it.
			r.x.addText(parent, " ")
		}
	case *ast.String:
		r.x.addText(parent, string(n.Value))
	case *ast.CodeSpan:
		e := r.code(parent)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := string(t.Segment.Value(r.src))
				if strings.HasSuffix(v, "\n") {
					v = v[:len(v)-1] + " "
				}
				r.x.addText(e, v)
			}
		}
	case *ast.Emphasis:
		render := "italic"
		if n.Level >= 2 {
			render = "bold"
		}
		r.inlines(emph(parent, render), n, m)
	case *ast.Link:
		title := ""
		if n.Title != nil {
			title = r.x.text.Decode(n.Title)
		}
		r.link(parent, string(n.Destination), title, m, false, func(e *etree.Element) { r.inlines(e, n, textOnly) })
	case *ast.AutoLink:
		dest, label := string(n.URL(r.src)), string(n.Label(r.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
			dest = "mailto:" + dest
		}
		r.link(parent, dest, "", m, true, func(e *etree.Element) { r.x.addText(e, label) })
	case *prose.Mark:
		r.x.mark(parent, n)
	case *ast.Image:
		r.inlines(parent, n, textOnly) // its alt text
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			r.x.addText(parent, string(seg.Value(r.src)))
		}
	default:
		r.inlines(parent, n, m)
	}
}

// code returns the element code goes into: an emph in the monospaced
// font; in apeEAD, whose emph is bold or italic only, the text itself.
func (r *md) code(parent *etree.Element) *etree.Element {
	if r.x.prof.ape {
		return parent
	}
	return emph(parent, "nonproport")
}

func emph(parent *etree.Element, render string) *etree.Element {
	e := parent.CreateElement("emph")
	attr(e, "render", render)
	return e
}

// link writes a link: a reference to a record of the finding aid as ref
// (with the record's name element inside), any other link as extref. An
// autolink's text is the record's own name. Where links may not be, and
// for links that cannot be resolved, only the text is written.
func (r *md) link(parent *etree.Element, dest, title string, m mode, auto bool, label func(*etree.Element)) {
	if !m.links {
		label(parent)
		return
	}
	class, kind, target := prose.Classify(dest)
	switch class {
	case "ref":
		if !r.ref(parent, kind, target, auto, label) {
			label(parent)
		}
	case "web", "relative":
		label(extref(parent, string(util.URLEscape([]byte(dest), true)), title))
	default:
		label(parent)
	}
}

// ref writes a reference to a record; false when there is no such record
// in the EAD to point to.
func (r *md) ref(parent *etree.Element, kind, target string, auto bool, label func(*etree.Element)) bool {
	a := r.x.a
	fill := func(e *etree.Element, own string) {
		if auto {
			r.x.addText(e, own)
		} else {
			label(e)
		}
	}
	refTo := func(id string) *etree.Element {
		e := r.x.child(parent, "ref")
		attr(e, "target", id)
		return e
	}
	// A reference to a record holds the words of the prose, not a name
	// element: a name element holds one form of a name (the heading, or
	// a pseudonym), which the words of a sentence ("Lev Trotsky",
	// "Trotsky's") are not.
	if r.x.prof.ape && kind != prose.Inv {
		// apeEAD's ref leads to a unit only: the words of the
		// reference, and the record's own name for an autolink.
		switch x := a.Lookup(kind, target).(type) {
		case model.Authority:
			fill(parent, headingOf(x))
		case *model.Pseudonym:
			fill(parent, x.Name)
		case *model.Reel:
			fill(parent, "reel "+target)
		default:
			return false
		}
		return true
	}
	switch x := a.Lookup(kind, target).(type) {
	case model.Authority:
		fill(refTo(x.Anchor()), headingOf(x))
	case *model.Pseudonym:
		if x.Person == nil {
			return false
		}
		fill(refTo(x.Anchor()), x.Name)
	case *model.Reel:
		fill(refTo(x.Anchor()), "reel "+target)
	default:
		if kind != prose.Inv {
			return false
		}
		no, err := strconv.Atoi(target)
		if err != nil {
			return false
		}
		own := "no. " + target
		if c := a.ByInv[no]; c != nil && !c.Hidden(r.x.opt.Internal) {
			fill(refTo(c.Anchor()), own)
		} else if reel := r.x.a.ReelHolding(no); reel != nil && r.x.prof.ape {
			fill(parent, own) // apeEAD gives reels no ids
		} else if reel != nil {
			// On film but not described (or not published): the reel.
			fill(refTo(reel.Anchor()), own)
		} else {
			return false
		}
	}
	return true
}
