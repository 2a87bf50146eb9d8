package prose

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
)

// pathological are the inputs of issue 17 and their kin, each costing
// goldmark (or the outputs) time out of proportion to its length, with
// where fonds reports it: the limit, and the byte offset in the note.
var pathological = []struct {
	name string
	src  func() string
	want string
	at   int
}{
	{"100k >", func() string { return strings.Repeat(">", 100_000) + " x" }, "block quotes and lists nested more than 32 deep", 32},
	{"1M >", func() string { return strings.Repeat(">", 1_000_000) + " x" }, "block quotes and lists nested more than 32 deep", 32},
	{"500k list markers", func() string { return strings.Repeat("- ", 500_000) + "x" }, "block quotes and lists nested more than 32 deep", 64},
	{"ordered markers", func() string { return strings.Repeat("1. ", 300_000) + "x" }, "block quotes and lists nested more than 32 deep", 96},
	// the 33rd level's "-": after 32 lines of 2i+4 bytes, and 64 spaces
	{"lists by indentation", func() string {
		var b strings.Builder
		for i := range 1000 {
			b.WriteString(strings.Repeat(" ", 2*i) + "- a\n")
		}
		return b.String()
	}, "block quotes and lists nested more than 32 deep", 1120 + 2*32},
	// runs "*", then "***" (the "**" and the next "*"): the 1001st at 3+5*999
	{"150k *a **", func() string { return strings.Repeat("*a **", 150_000) }, `more than 1000 runs of "*" or "_" in one paragraph`, 4998},
	{"_a __", func() string { return strings.Repeat("_a __", 200_000) }, `more than 1000 runs of "*" or "_" in one paragraph`, 4998},
	// the line is the first element, each "[" one more
	{"300k [ and ](", func() string { return strings.Repeat("[", 300_000) + strings.Repeat("](", 300_000) }, `more than 20000 Markdown elements`, 19_999},
	{"300k ]( in a word", func() string { return "[" + strings.Repeat("](", 300_000) }, `more than 32 link openings "](" in one word`, 1 + 2*32},
	{"[]( repeated", func() string { return strings.Repeat("[](", 300_000) }, `more than 32 link openings "](" in one word`, 1 + 3*32},
	{"backticks", func() string {
		var b strings.Builder
		for i := 1; i < 1400; i++ {
			b.WriteString(strings.Repeat("`", i) + "a")
		}
		return b.String()
	}, "more than 32 runs of \"`\" that open no code span in one paragraph", 0},
	{"reference definitions", func() string { return strings.Repeat("[a]: b\n", 140_000) }, "more than 100 link reference definitions", 0},
	{"500k lines", func() string { return strings.Repeat("a\n", 500_000) }, "more than 20000 Markdown elements", 2 * 20_000},
	{"250k list items", func() string { return strings.Repeat("- x\n", 250_000) }, "more than 20000 Markdown elements", 4 * 10_000},
	// goldmark keeps no position for emphasis: the note's start
	{"emphasis 50k deep", func() string { return strings.Repeat("**", 50_000) + "a" + strings.Repeat("**", 50_000) }, "emphasis and links nested more than 32 deep", 0},
	{"emphasis 40 deep", func() string { return strings.Repeat("*a ", 40) + "x" + strings.Repeat(" a*", 40) }, "emphasis and links nested more than 32 deep", 0},
	{"images 40 deep", func() string { return strings.Repeat("![a ", 40) + "x" + strings.Repeat(" a](x.png)", 40) }, "emphasis and links nested more than 32 deep", 0},
}

// TestLimits: each pathological input is refused, with the limit it
// passes, at the place in the note where it passes it, and without a
// tree for any output to walk.
func TestLimits(t *testing.T) {
	for _, tt := range pathological {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(tt.src())
			if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Msg, tt.want) {
				t.Fatalf("problems %v, want one with %q", d.Problems, tt.want)
			}
			if tt.at > 0 && d.Problems[0].Offset != tt.at {
				t.Errorf("at offset %d, want %d", d.Problems[0].Offset, tt.at)
			}
			if d.Root.FirstChild() != nil {
				t.Error("a refused note has a tree to write")
			}
		})
	}
}

// TestLimitsFinish: the inputs of issue 17 at their full size, which took
// from 3.6 seconds to minutes, finish well within a generous bound.
func TestLimitsFinish(t *testing.T) {
	done := make(chan string)
	go func() {
		for _, tt := range pathological {
			if d := Parse(tt.src()); len(d.Problems) == 0 {
				done <- tt.name + " was not refused"
				return
			}
		}
		done <- ""
	}()
	select {
	case msg := <-done:
		if msg != "" {
			t.Fatal(msg)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the pathological notes took more than 60 seconds (they take well under one)")
	}
}

// accepted is Markdown as archivists write it, up to the limits: it
// passes.
var accepted = []struct{ name, src string }{
	{"32 levels", strings.Repeat("> ", 16) + strings.Repeat("- ", 16) + "x"},
	{"32 levels by indentation", func() string {
		var b strings.Builder
		for i := range 32 {
			b.WriteString(strings.Repeat(" ", 2*i) + "- a\n")
		}
		return b.String()
	}()},
	{"1000 runs in a paragraph", strings.Repeat("*a* ", 500)},
	{"runs in many paragraphs", strings.Repeat(strings.Repeat("*a* ", 500)+"\n\n", 10)},
	{"32 link openings in a word", strings.Repeat("[a](b)", 32)},
	{"links with spaces", strings.Repeat("[a](https://example.org/a%20b) ", 2000)},
	{"closed code spans", strings.Repeat("`a` ``b`` ", 1000)},
	{"32 open backtick runs", strings.Repeat("a` ", 32)},
	{"100 reference definitions", strings.Repeat("[a]: https://example.org\n", 100) + "\n[a]"},
	{"definitions apart", strings.Repeat("[a]: https://example.org\n\n", 500)},
	{"thematic breaks", strings.Repeat("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n\nx\n\n", 10)},
	{"a megabyte of text", strings.Repeat("word word word word word word word word word word word word\n", 16_000)},
	{"32 nested emphases", strings.Repeat("*_", 16) + "x" + strings.Repeat("_*", 16)},
	{"escaped markers", strings.Repeat(`\* \_ \[ \< `, 10_000)},
}

func TestLimitsAccept(t *testing.T) {
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			if d := Parse(tt.src); len(d.Problems) > 0 || d.Root.FirstChild() == nil {
				t.Errorf("problems %v", d.Problems)
			}
		})
	}
}

// TestProblemsCapped: a note with problems by the thousand lists ten, then
// how many more.
func TestProblemsCapped(t *testing.T) {
	d := Parse(strings.Repeat("<b>x</b> ", 5000))
	if len(d.Problems) != maxProblems+1 || d.Problems[maxProblems].Msg != "9990 more problems in this note" {
		t.Errorf("%d problems, the last %v", len(d.Problems), d.Problems[len(d.Problems)-1])
	}
}

// BenchmarkLimits measures Parse on each pathological input (refused
// before or just after goldmark reads it) and on the heaviest notes the
// limits accept.
func BenchmarkLimits(b *testing.B) {
	for _, tt := range pathological {
		src := tt.src()
		b.Run("refused/"+strings.ReplaceAll(tt.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(src)
			}
		})
	}
	heavy := []struct{ name, src string }{
		{"1MiB-text", strings.Repeat("word word word word word word word word word word\n", 19_990)},
		{"10k-list-items", strings.Repeat("- word word word word word word word word word word word word\n", 9_990)},
		{"32-deep-lines", strings.Repeat(strings.Repeat("> ", 16)+strings.Repeat("- ", 16)+"word word\n", 600)},
		{"20k-emphasis-runs", strings.Repeat(strings.Repeat("*word word word word* ", 499)+"\n\n", 19)},
		{"10k-links", strings.Repeat(strings.Repeat("[word word](https://example.org/x) ", 500)+"\n\n", 19)},
	}
	for _, h := range heavy {
		if d := Parse(h.src); len(d.Problems) > 0 {
			b.Fatalf("%s: %v", h.name, d.Problems)
		}
		b.Run("accepted/"+h.name, func(b *testing.B) {
			b.SetBytes(int64(len(h.src)))
			for b.Loop() {
				Parse(h.src)
			}
		})
	}
}

var _ = fmt.Sprint

// FuzzParse: no Markdown makes Parse panic; a problem stands inside the
// note; and the scan that bounds block nesting before goldmark reads a
// note never underestimates it: in a note it accepts, goldmark nests block
// quotes and list items no deeper than MaxBlockNesting.
func FuzzParse(f *testing.F) {
	for _, tt := range accepted {
		f.Add(tt.src[:min(len(tt.src), 4096)])
	}
	for _, s := range []string{"> > > - 1. *x*", "[a](b)[c](d", "`` ` ``", "[a]: b\n[a]", "*_*_*_x_*_*_*", "    - a\n- b\n  > c",
		strings.Repeat("> ", 32) + "x", strings.Repeat("- ", 16) + "\n" + strings.Repeat("  ", 16) + strings.Repeat("> ", 16) + "x",
		"- a\n\n  - b\n\n    - c\n\n      > d\n      >\n      > - e", "1. a\n   1) b\n      * c\n        + d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d := Parse(src)
		for _, p := range d.Problems {
			if p.Offset < 0 || p.Offset > len(src) {
				t.Fatalf("problem %q at %d, outside the note (%d bytes)", p.Msg, p.Offset, len(src))
			}
		}
		if limitProblem(d.Source) != nil {
			return
		}
		if depth := blockDepth(d.Root); depth > MaxBlockNesting {
			t.Fatalf("the scan let through block quotes and lists %d deep", depth)
		}
	})
}

// blockDepth is how deep block quotes and list items nest in a tree.
func blockDepth(n ast.Node) int {
	deepest := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		deepest = max(deepest, blockDepth(c))
	}
	switch n.(type) {
	case *ast.Blockquote, *ast.ListItem:
		return deepest + 1
	}
	return deepest
}
