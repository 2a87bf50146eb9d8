package present

import (
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// Plain returns a note's words as plain text, from the tree resolve parsed
// (a.Notes): its blocks one a line, Markdown's marks gone, escapes and
// entities resolved, and a reference written as a bare autolink
// (<person:trotsky>) replaced by the name of the record it names, as the
// outputs show it. The site's search and the citations read notes so.
func Plain(a *model.Archive, text string) string {
	if text == "" {
		return ""
	}
	doc := a.Notes.Doc(text)
	p := &plainWriter{a: a, src: doc.Source}
	p.node(doc.Root)
	return strings.TrimSpace(p.b.String())
}

type plainWriter struct {
	a   *model.Archive
	src []byte
	b   strings.Builder
}

// textWriter adapts a builder to goldmark's writer, which resolves
// Markdown's escapes and entities (and writes HTML, undone by text).
type textWriter struct{ *strings.Builder }

func (textWriter) Available() int { return 1 << 16 }
func (textWriter) Buffered() int  { return 0 }
func (textWriter) Flush() error   { return nil }

func (p *plainWriter) text(v []byte) {
	var b strings.Builder
	ghtml.DefaultWriter.Write(textWriter{&b}, v)
	p.b.WriteString(html.UnescapeString(b.String()))
}

// block ends a block: the next one starts on a line of its own.
func (p *plainWriter) block() {
	if s := p.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		p.b.WriteByte('\n')
	}
}

func (p *plainWriter) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.node(c)
	}
}

func (p *plainWriter) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		p.text(n.Segment.Value(p.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			p.b.WriteByte(' ')
		}
	case *ast.String:
		if n.IsCode() {
			p.b.Write(n.Value)
		} else {
			p.text(n.Value)
		}
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				p.b.WriteString(strings.ReplaceAll(string(t.Segment.Value(p.src)), "\n", " "))
			}
		}
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
		p.block()
		ls := n.Lines()
		for i := 0; i < ls.Len(); i++ {
			seg := ls.At(i)
			p.b.Write(seg.Value(p.src))
		}
		p.block()
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			p.b.Write(seg.Value(p.src))
		}
	case *ast.AutoLink:
		label := string(n.Label(p.src))
		if n.AutoLinkType == ast.AutoLinkURL {
			class, kind, target := prose.Classify(string(n.URL(p.src)))
			if class == "ref" {
				if name := RefName(p.a, kind, target); name != "" {
					label = name
				}
			}
		}
		p.b.WriteString(label)
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *ast.ListItem, *ast.Blockquote, *ast.ThematicBreak:
		p.block()
		p.children(n)
		p.block()
	default:
		p.children(n)
	}
}

// RefName is the name of the record a reference in prose names (a
// person's or body's authorized form, a pseudonym, "reel 7", a unit's
// title or "no. 723"), as the outputs write a bare reference; "" when the
// finding aid has no such record. A unit kept out of published outputs is
// "no. 723": its title is never told.
func RefName(a *model.Archive, kind, target string) string {
	switch x := a.Lookup(kind, target).(type) {
	case model.Authority:
		return x.Base().Name
	case *model.Pseudonym:
		return x.Name
	case *model.Reel:
		return "reel " + strconv.Itoa(x.No)
	}
	if kind != prose.Inv {
		return ""
	}
	n, err := strconv.Atoi(target)
	if err != nil {
		return ""
	}
	if c := a.ByInv[n]; c != nil && c.Title.Value != "" && !c.Hidden(false) {
		return c.Title.Value
	}
	return "no. " + target
}
