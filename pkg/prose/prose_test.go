package prose

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestParse(t *testing.T) {
	d := Parse("See [Trotsky](person:trotsky), <inv:723>, [r](reel:7) and [web](https://example.org).\n\n" +
		"<b>no</b> ![img](x.png) [bad](javascript:alert(1)) [typo](persn:x) [empty](inv:)\n")
	var refs []string
	for _, r := range d.Refs {
		refs = append(refs, r.Kind+":"+r.Target)
	}
	if got := strings.Join(refs, " "); got != "person:trotsky inv:723 reel:7" {
		t.Errorf("refs: %s", got)
	}
	var msgs []string
	for _, p := range d.Problems {
		msgs = append(msgs, p.Msg)
	}
	want := []string{
		"raw HTML is not allowed in prose; write Markdown",
		"raw HTML is not allowed in prose; write Markdown",
		"images are not allowed in prose; link the file instead",
		`link "javascript:alert(1)": only http, https, mailto, relative links and references (person:, pseudonym:, body:, place:, inv:, reel:) are allowed`,
		`unknown reference kind "persn" in "persn:x" (did you mean "person"?)`,
		`reference "inv:" names no inv`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestClassify(t *testing.T) {
	tests := []struct{ dest, class, kind, target string }{
		{"person:trotsky", "ref", "person", "trotsky"},
		{"INV:723", "ref", "inv", "723"},
		{"https://example.org", "web", "https", ""},
		{"mailto:a@b.c", "web", "mailto", ""},
		{"../other.pdf", "relative", "", ""},
		{"#top", "relative", "", ""},
		{"//evil.example", "bad", "//", ""},
		{"javascript:alert(1)", "bad", "javascript", ""},
		{"JaVaScRiPt:x", "bad", "javascript", ""},
		{"data:text/html,x", "bad", "data", ""},
		{"java&#115;cript:alert(1)", "bad", "javascript", ""},
		{"java&#9;script:alert(1)", "bad", "javascript", ""},
		{"java\tscript:alert(1)", "bad", "javascript", ""},
		{" \x01javascript:alert(1)", "bad", "javascript", ""},
		{"&#x70;erson:trotsky", "ref", "person", "trotsky"},
	}
	for _, tt := range tests {
		c, k, tg := Classify(tt.dest)
		if c != tt.class || k != tt.kind || tg != tt.target {
			t.Errorf("Classify(%q) = %q %q %q, want %q %q %q", tt.dest, c, k, tg, tt.class, tt.kind, tt.target)
		}
	}
}

// FuzzMarkdown checks that any text parses without panic and that every
// offset it reports lies inside the text.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"*a* **b** [c](person:x) <inv:1> <https://x.y>", "> q\n\n- a\n- b\n\n1. c",
		"<script>alert(1)</script>", "[x](javascript:y)", "```\ncode\n```", "![i](j)", "a\\\nb", "[a]: person:x\n\n[a]",
		"[sic] x [sic] […] [...] [[sic]](inv:1) \\[sic]", "- [sic]\n> [sic]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Parse(s)
		for _, r := range d.Refs {
			if r.Offset < 0 || r.Offset > len(s) {
				t.Fatalf("ref offset %d outside text of %d bytes", r.Offset, len(s))
			}
		}
		for _, p := range d.Problems {
			if p.Offset < 0 || p.Offset > len(s) {
				t.Fatalf("problem offset %d outside text of %d bytes", p.Offset, len(s))
			}
		}
	})
}

// TestNotes: a text is parsed once however often it is added, and Doc
// never adds.
func TestNotes(t *testing.T) {
	n := Notes{}
	d := n.Add("See [x](person:x).")
	if n.Add("See [x](person:x).") != d || n.Doc("See [x](person:x).") != d || len(d.Refs) != 1 {
		t.Errorf("the same text gave another tree")
	}
	if other := n.Doc("*not added*"); other == nil || other.Root == nil || len(n) != 1 {
		t.Errorf("Doc of a text not added: %v, %d trees kept", other, len(n))
	}
	var none Notes
	if d := none.Doc("text"); d == nil || d.Root.FirstChild() == nil {
		t.Error("Doc on no Notes does not parse")
	}
}

func TestMarks(t *testing.T) {
	tests := []struct {
		src, want string // want: the marks in order, and the problems
	}{
		{"the digitzation [sic] in 2013", "sic"},
		{"5-13 items, […] cover", "lost"},
		{"5-13 items, [...] cover", "lost"},
		{"*Zizn'* [sic] and [sic]", "sic sic"},
		{"word\n[sic] on the next line", "sic"},
		{"[see [sic] here](https://example.org)", "sic"},
		{"`[sic]` in code, \\[sic] escaped, [sic](x) a mark then text", "sic"},
		{"[sic] opens the paragraph", "sic problem"},
		{"- [sic] opens an item", "sic problem"},
		{"[Sic] is no mark, nor [ sic ], nor [sic!]", ""},
	}
	for _, tt := range tests {
		d := Parse(tt.src)
		var got []string
		ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if m, ok := n.(*Mark); ok && entering {
				got = append(got, m.What)
			}
			return ast.WalkContinue, nil
		})
		for _, p := range d.Problems {
			got = append(got, "problem")
			if !strings.HasPrefix(p.Msg, "[sic] marks the word before it") || tt.src[p.Offset:p.Offset+5] != "[sic]" {
				t.Errorf("%q: problem %q at %d", tt.src, p.Msg, p.Offset)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, strings.Join(got, " "), tt.want)
		}
	}
}
