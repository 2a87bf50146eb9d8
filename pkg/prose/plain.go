package prose

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Plain returns the words of d as plain text, as the outputs show them:
// its blocks one a line, Markdown's marks gone, escapes and entities
// resolved, the editorial marks written as the outputs write them ("[sic]",
// "[…]"), and a reference written as a bare autolink (<person:trotsky>)
// replaced by name(kind, target) when name is given and says something
// (else its label as written). The site's search, the citations and the
// importer's read-back all read prose through it.
func (d *Doc) Plain(name func(kind, target string) string) string {
	p := &plainWriter{src: d.Source, name: name}
	p.node(d.Root)
	return strings.TrimSpace(p.b.String())
}

type plainWriter struct {
	src  []byte
	name func(kind, target string) string
	b    strings.Builder
	dec  TextDecoder
}

// text writes the text of a Markdown node, its backslash escapes and
// entity references resolved exactly as goldmark's renderer (and so every
// output) resolves them.
func (p *plainWriter) text(v []byte) {
	if plainText(v) {
		p.b.Write(v)
		return
	}
	p.b.WriteString(p.dec.Decode(v))
}

// A TextDecoder turns the text of a Markdown node into plain text:
// backslash escapes and entity references resolved exactly as goldmark's
// own renderer resolves them. Its buffer is reused from call to call.
type TextDecoder struct {
	buf bytes.Buffer
	bw  *bufio.Writer
}

// plainText reports whether raw holds nothing to resolve.
func plainText(raw []byte) bool {
	return bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, 0) < 0
}

// Decode returns raw with its escapes and entities resolved.
func (t *TextDecoder) Decode(raw []byte) string {
	if plainText(raw) {
		return string(raw)
	}
	t.buf.Reset()
	if t.bw == nil {
		t.bw = bufio.NewWriter(&t.buf)
	} else {
		t.bw.Reset(&t.buf)
	}
	gmhtml.DefaultWriter.Write(t.bw, raw) // escapes for HTML, which UnescapeString undoes
	t.bw.Flush()
	return html.UnescapeString(t.buf.String())
}

// BuilderWriter adapts a strings.Builder to goldmark's text writer
// (util.BufWriter), which resolves Markdown's escapes and entities and
// escapes HTML.
type BuilderWriter struct{ *strings.Builder }

func (BuilderWriter) Available() int { return 1 << 16 }
func (BuilderWriter) Buffered() int  { return 0 }
func (BuilderWriter) Flush() error   { return nil }

// block ends a block: the next one starts on a line of its own.
func (p *plainWriter) block() {
	if n := p.b.Len(); n > 0 && p.b.String()[n-1] != '\n' {
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
	case *Mark:
		p.b.WriteString(n.Written())
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
		if n.AutoLinkType == ast.AutoLinkURL && p.name != nil {
			if class, kind, target := Classify(string(n.URL(p.src))); class == "ref" {
				if name := p.name(kind, target); name != "" {
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
