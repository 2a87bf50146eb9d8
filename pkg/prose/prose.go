// Package prose parses the Markdown (CommonMark) of descriptive notes with
// github.com/yuin/goldmark and checks what fonds allows in it. Every output
// renders prose from the same parsed tree: resolve parses each note once
// into the finding aid's Notes, and the writers read the trees from there.
//
// References to the finding aid's own records are ordinary links with a
// scheme that names the kind of record:
//
//	[Trotsky](person:trotsky)      a person, by id
//	[Crux](pseudonym:ps-crux)      a pseudonym, by id
//	[the ILO](body:ilo)            a corporate body, by id
//	[Prinkipo](place:prinkipo)     a place, by id
//	[no. 723](inv:723)             a unit, by inventory number
//	[reel 7](reel:7)               a microfilm reel, by number
//
// The autolink forms <person:trotsky>, <inv:723> and <reel:7> take the
// record's own name as their text. Other links must be http, https, mailto
// or relative; raw HTML and images are refused.
//
// The encoder's marks in a source's text, [sic] after a word kept as the
// source spells it and […] for a word the source lost, are nodes of their
// own (Mark), which every output shows as the encoder's.
package prose

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/fonds-archive/fonds/pkg/source"
)

// Kinds of reference.
const (
	Person    = "person"
	Pseudonym = "pseudonym"
	Body      = "body"
	Place     = "place"
	Inv       = "inv"
	Reel      = "reel"
)

// RefKinds lists the reference schemes, in the order the README gives them.
var RefKinds = []string{Person, Pseudonym, Body, Place, Inv, Reel}

// A Ref is a reference to a record of the finding aid.
type Ref struct {
	Kind   string
	Target string
	Offset int // byte offset of the link in the text
}

// A Problem is something in the Markdown that fonds refuses.
type Problem struct {
	Offset int
	Msg    string
}

// A Doc is parsed prose: Text is what was parsed, and Source the same
// bytes, which the tree's segments index (a writer slices Text for a
// segment's words instead of copying them from Source).
type Doc struct {
	Text     string
	Source   []byte
	Root     ast.Node
	Refs     []Ref
	Problems []Problem
}

// md is a CommonMark parser with one addition, the editorial marks [sic]
// and […] (editorial.go): what archivists write is otherwise what any
// CommonMark tool reads the same way, and a CommonMark tool reads the
// marks as the text they are.
var md = goldmark.New(goldmark.WithParserOptions(withMarks))

// Notes is prose parsed once: the tree of every note of a finding aid, by
// its text (a tree depends on nothing else), the way go/types fills an Info
// that every later tool reads instead of checking the code again. resolve
// adds every note it checks; the writers, which run at the same time, only
// read. A text seen twice is parsed once.
type Notes map[string]*Doc

// Add returns the tree of text, parsing it unless it was parsed already.
func (n Notes) Add(text string) *Doc {
	d, ok := n[text]
	if !ok {
		d = Parse(text)
		n[text] = d
	}
	return d
}

// Doc returns the tree of text that Add kept. A text that was never added
// (a finding aid built by hand, not resolved) is parsed here and not kept,
// so that Doc never writes to n.
func (n Notes) Doc(text string) *Doc {
	if d, ok := n[text]; ok {
		return d
	}
	return Parse(text)
}

// maxProblems is how many problems of one note are listed; the rest are
// counted in one more.
const maxProblems = 10

// Parse parses Markdown text and collects its references and problems.
// Text past one of the limits (limits.go) is not parsed: its Doc has the
// problem, and an empty tree.
func Parse(src string) *Doc {
	d := &Doc{Text: src, Source: []byte(src)}
	if p := limitProblem(d.Source); p != nil {
		d.Root = ast.NewDocument()
		d.Problems = []Problem{*p}
		return d
	}
	d.Root = md.Parser().Parse(text.NewReader(d.Source))
	if p := nestingProblem(d); p != nil {
		d.Root = ast.NewDocument()
		d.Problems = []Problem{*p}
		return d
	}
	defer func() {
		if n := len(d.Problems); n > maxProblems {
			more := d.Problems[maxProblems]
			more.Msg = fmt.Sprintf("%d more problems in this note", n-maxProblems)
			d.Problems = append(d.Problems[:maxProblems], more)
		}
	}()
	ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			d.problem(n, "raw HTML is not allowed in prose; write Markdown")
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			d.problem(n, "raw HTML is not allowed in prose; write Markdown")
		case *ast.Image:
			d.problem(n, "images are not allowed in prose; link the file instead")
		case *Mark:
			d.checkMark(n)
		case *ast.Link:
			d.link(n, string(n.Destination))
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkEmail {
				return ast.WalkContinue, nil
			}
			d.link(n, string(n.URL(d.Source)))
		}
		return ast.WalkContinue, nil
	})
	return d
}

var scheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)

// Classify says what a link destination is: "ref" (a record of the finding
// aid, with its kind and target), "web" (http, https, mailto), "relative",
// or "bad" with the scheme that is refused.
//
// The scheme is read the way a browser reads it: after character
// references are decoded ("java&#115;cript:") and tabs and line breaks
// dropped ("java&#9;script:"), so that no spelling of a refused scheme
// passes as a relative link.
func Classify(dest string) (class, kind, target string) {
	dest = strings.TrimLeftFunc(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, html.UnescapeString(dest)), func(r rune) bool { return r <= ' ' })
	m := scheme.FindStringSubmatch(dest)
	if m == nil {
		if strings.HasPrefix(dest, "//") {
			return "bad", "//", ""
		}
		return "relative", "", ""
	}
	s := strings.ToLower(m[1])
	switch s {
	case "http", "https", "mailto":
		return "web", s, ""
	}
	for _, k := range RefKinds {
		if s == k {
			return "ref", k, dest[len(m[0]):]
		}
	}
	return "bad", s, ""
}

// Runnable returns the scheme of an address a browser would run
// (javascript, vbscript, data), or "" for any other address.
func Runnable(href string) string {
	if class, kind, _ := Classify(href); runnable(class, kind) {
		return kind
	}
	return ""
}

func runnable(class, kind string) bool {
	return class == "bad" && (kind == "javascript" || kind == "vbscript" || kind == "data")
}

// CheckLinkTarget says what is wrong with the address of a unit's link
// (an EAD dao), or returns "". Identifiers in other schemes (hdl:, urn:,
// ftp:) are allowed, since outputs show those as text; schemes a browser
// would run (javascript:, vbscript:, data:) and references to the finding
// aid's own records are not.
func CheckLinkTarget(href string) string {
	class, kind, _ := Classify(href)
	switch {
	case class == "ref":
		return fmt.Sprintf("link %q: a unit's links are addresses, not references (%s:); name records in its fields", href, kind)
	case runnable(class, kind) || class == "bad" && kind == "//":
		return fmt.Sprintf("link %q: %s links are refused", href, kind)
	}
	return ""
}

func (d *Doc) link(n ast.Node, dest string) {
	class, kind, target := Classify(dest)
	switch class {
	case "ref":
		if target == "" {
			d.problem(n, fmt.Sprintf("reference %q names no %s", dest, kind))
			return
		}
		d.Refs = append(d.Refs, Ref{Kind: kind, Target: target, Offset: d.offset(n)})
	case "bad":
		msg := fmt.Sprintf("link %q: only http, https, mailto, relative links and references (%s) are allowed",
			dest, strings.Join(RefKinds, ":, ")+":")
		if sug := source.Suggest(kind, RefKinds); sug != "" {
			msg = fmt.Sprintf("unknown reference kind %q in %q (did you mean %q?)", kind, dest, sug)
		}
		d.problem(n, msg)
	}
}

func (d *Doc) problem(n ast.Node, msg string) {
	d.Problems = append(d.Problems, Problem{Offset: d.offset(n), Msg: msg})
}

// offset finds where a node starts in the source: its own position, or its
// first line or text segment, or its parent's.
func (d *Doc) offset(n ast.Node) int {
	for m := n; m != nil; m = m.Parent() {
		if p := m.Pos(); p >= 0 {
			return p
		}
		if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			return m.Lines().At(0).Start
		}
		if rh, ok := m.(*ast.RawHTML); ok && rh.Segments.Len() > 0 {
			return rh.Segments.At(0).Start
		}
		if t, ok := m.FirstChild().(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}
