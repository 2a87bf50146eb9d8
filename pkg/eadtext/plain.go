package eadtext

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// PlainText is the text of parsed Markdown as the EAD writer writes it:
// escapes and entities resolved, every break a space.
func PlainText(d *prose.Doc) string {
	var b strings.Builder
	ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.WriteString(decodeText(n.Segment.Value(d.Source), n.IsRaw()))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(string(n.Value))
		case *ast.AutoLink:
			b.WriteString(string(n.Label(d.Source)))
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.WriteString(string(t.Segment.Value(d.Source)))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(d.Source))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// decodeText resolves backslash escapes and entity references in the text
// of a Markdown node exactly as goldmark's renderer (and so the EAD writer)
// does.
func decodeText(raw []byte, isRaw bool) string {
	if isRaw || bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '&') < 0 {
		return string(raw)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, raw)
	w.Flush()
	return html.UnescapeString(buf.String())
}
