package prose

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Editorial interventions, as archivists and editors mark them in print:
// the encoder's own words, set apart from the source's. Two are marks in
// the running text of a note:
//
//	digitzation [sic]   a word kept as the source wrote it, though it looks wrong
//	5-13 items, […]     a word the source lost ("[...]" is read the same)
//
// The third, a note of the encoder's, is a field of the sources
// (editorial: in a note; model.Prose.Editorial), not Markdown.
//
// Each mark is a node of its own in the parsed tree, a *Mark, which every
// output shows as such (the README has how). Write \[sic] for the text
// "[sic]" without the mark.
const (
	Sic  = "sic"
	Lost = "lost"
)

// KindMark is the ast.NodeKind of a Mark.
var KindMark = ast.NewNodeKind("EditorialMark")

// A Mark is an editorial mark in prose: What is Sic or Lost.
type Mark struct {
	ast.BaseInline
	What string
}

// Kind implements ast.Node.
func (m *Mark) Kind() ast.NodeKind { return KindMark }

// Dump implements ast.Node.
func (m *Mark) Dump(source []byte, level int) {
	ast.DumpHelper(m, source, level, map[string]string{"What": m.What}, nil)
}

// Written is the mark as the outputs write it: "[sic]" or "[…]".
func (m *Mark) Written() string {
	if m.What == Sic {
		return "[sic]"
	}
	return "[…]"
}

// Text implements ast.Node: the mark as written.
//
// Deprecated: as ast.Node.Text is; use Written.
func (m *Mark) Text(source []byte) []byte { return []byte(m.Written()) }

// marks are the marks' spellings in the sources, after the "[" that
// triggers the parser.
var marks = []struct {
	spelling []byte
	what     string
}{
	{[]byte("sic]"), Sic},
	{[]byte("…]"), Lost},
	{[]byte("...]"), Lost},
}

// markParser reads the marks. It runs before goldmark's link parser, which
// "[" also triggers, so that a mark is never the label of a link: "[sic]"
// is the mark wherever it stands, and "\[sic]" the text.
type markParser struct{}

func (markParser) Trigger() []byte { return []byte{'['} }

func (markParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[0] != '[' {
		return nil
	}
	for _, m := range marks {
		if bytes.HasPrefix(line[1:], m.spelling) {
			block.Advance(1 + len(m.spelling))
			n := &Mark{What: m.what}
			n.SetPos(seg.Start)
			return n
		}
	}
	return nil
}

// withMarks is the parser option that adds the marks; before the link
// parser (200) and after code spans (100), so that `[sic]` in code stays
// code.
var withMarks = parser.WithInlineParsers(util.Prioritized(markParser{}, 150))

// checkMark reports a [sic] that follows no word: it marks the word before
// it, so it cannot open a paragraph or a list item.
func (d *Doc) checkMark(m *Mark) {
	if m.What != Sic {
		return
	}
	for prev := m.PreviousSibling(); prev != nil; prev = prev.PreviousSibling() {
		t, ok := prev.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(d.Source))) > 0 {
			return // a word, or emphasis, a link, code: "*Moja Zizn'* [sic]"
		}
	}
	d.Problems = append(d.Problems, Problem{Offset: m.Pos(),
		Msg: `[sic] marks the word before it, and here no word comes before it; write it after the word the source spells so ("digitzation [sic]"), or \[sic] for the text`})
}
