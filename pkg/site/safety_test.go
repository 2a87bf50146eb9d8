package site

import (
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/model"
)

// allowed are the elements the templates and the prose renderer write; any
// other element in a page came from the sources and is a hole.
var allowed = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "script": true, "body": true,
	"header": true, "nav": true, "main": true, "footer": true, "section": true, "div": true, "span": true,
	"a": true, "p": true, "ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "em": true, "strong": true, "i": true,
	"code": true, "pre": true, "blockquote": true, "hr": true, "br": true, "table": true, "caption": true,
	"thead": true, "tbody": true, "tr": true, "th": true, "td": true, "details": true, "summary": true,
	"form": true, "label": true, "input": true, "button": true, "noscript": true,
}

// ourScripts are the only scripts a page may load.
var ourScripts = map[string]bool{"fonds.js": true, "search.js": true}

// unsafe returns what in an HTML document could run script or leave the
// allowed link schemes.
func unsafe(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				out = append(out, fmt.Sprintf("element <%s>", n.Data))
			}
			if n.Data == "script" {
				src := ""
				for _, a := range n.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if !ourScripts[src] || n.FirstChild != nil {
					out = append(out, fmt.Sprintf("script %q", src))
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(k, "on"), k == "style", k == "srcdoc", k == "formaction":
					out = append(out, fmt.Sprintf("attribute %s=%q on <%s>", a.Key, a.Val, n.Data))
				case k == "href" || k == "src" || k == "action":
					v := strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return r
					}, a.Val)
					u, err := url.Parse(v)
					if err != nil {
						out = append(out, fmt.Sprintf("unparsable %s=%q", k, a.Val))
						continue
					}
					switch strings.ToLower(u.Scheme) {
					case "", "http", "https", "mailto":
					default:
						out = append(out, fmt.Sprintf("%s=%q on <%s>", k, a.Val, n.Data))
					}
					// A scheme url.Parse did not see, as a browser might:
					// before the fragment, which leads within the page
					// whatever it holds ("#sCript:").
					if before, _, _ := strings.Cut(v, "#"); strings.Contains(strings.ToLower(before), "script:") {
						out = append(out, fmt.Sprintf("%s=%q on <%s>", k, a.Val, n.Data))
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// text returns the text of a document.
func text(doc *html.Node) string { return testtool.HTMLText(doc, "") }

// TestHostile builds a finding aid whose every field holds markup and
// script, as fonds check lets it through, and checks every page: nothing
// of it is markup, every link is http, https, mailto or relative, and the
// hostile text is shown as text.
func TestHostile(t *testing.T) {
	dist := compile(t, Options{}, filepath.Join("testdata", "hostile"))
	dir := filepath.Join(dist, "hostile-1")
	var all strings.Builder
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	pages = append(pages, filepath.Join(dist, "index.html"))
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range unsafe(doc) {
			t.Errorf("%s: %s", filepath.Base(p), u)
		}
		all.WriteString(text(doc))
	}
	for _, want := range []string{
		`<script>alert("title")</script> & "quotes" 'too'`, // the title, as text
		`"><img src=x onerror=alert(6)>`,                   // a unit's title
		`<script>alert("person")</script>, Eve`,            // a person
		`<script>alert(3)</script>`,                        // a code span
		`<script>alert(4)</script>`,                        // entities
		"entity", "tab", "newline", "data",                 // refused links keep their text
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the text %q is not shown", want)
		}
	}
	n, problems := checkLinks(dist)
	for _, p := range problems {
		t.Error(p)
	}
	if n < 5 {
		t.Errorf("only %d pages", n)
	}
	// The search index holds the hostile text too, escaped by JSON so that
	// nothing in it closes or opens markup.
	idx, err := filepath.Glob(filepath.Join(dir, searchDir, "*.js"))
	if err != nil || len(idx) < 5 {
		t.Fatalf("the search index: %v %v", idx, err)
	}
	held := false
	for _, f := range idx {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(string(b), "<>") {
			t.Errorf("%s holds < or >, which JSON could have escaped", filepath.Base(f))
		}
		held = held || strings.Contains(string(b), `\u003cscript\u003ealert(\"person\")\u003c/script\u003e`)
	}
	if !held {
		t.Errorf("the search index does not hold the hostile person's name")
	}
}

// TestProseRefused renders what fonds check refuses, in case it ever gets
// through: raw HTML, images, scripts in links; and checks the renderer
// writes none of it as markup.
func TestProseRefused(t *testing.T) {
	a := synthetic(3, 1, 3)
	s := newSite(a, Options{})
	for _, src := range []string{
		"<script>alert(1)</script>",
		"<div onclick=\"alert(1)\">block</div>\n\ntext",
		"inline <img src=x onerror=alert(1)> html",
		"![alt <b>text</b>](javascript:alert(1))",
		"[link](javascript:alert(1)) [link](JAVASCRIPT:alert(1)) [link](vbscript:x) [link](data:text/html,x)",
		"[link](java&#115;cript:alert(1)) [link](&#x6A;avascript:alert(1)) [tab](java&#9;script:x)",
		"[link](//evil.example/) [link](\\\\evil.example/) <javascript:alert(1)> <file:///etc/passwd>",
		"[title](https://example.org/ \"a \\\" onmouseover=alert(1)\")",
		"<!-- comment --> <?php x ?> <![CDATA[ x ]]>",
		"# Heading <i>x</i>\n\n```html\n<script>x</script>\n```\n\n    <script>indented</script>",
		"[ref](inv:99999) [ref](person:nobody) [ref](reel:-1) <inv:abc>",
	} {
		out := string(s.renderProse(src, 3))
		doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + out))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range unsafe(doc) {
			t.Errorf("%q renders %s:\n%s", src, u, out)
		}
	}
	// Links that are allowed are links.
	out := string(s.renderProse("[w](https://example.org/a?b=1&c=2) [m](mailto:a@example.org) [r](page.html#x) [n](inv:1) <inv:1> <reel:1>", 3))
	for _, want := range []string{
		`<a href="https://example.org/a?b=1&amp;c=2">w</a>`, `<a href="mailto:a@example.org">m</a>`,
		`<a href="page.html#x">r</a>`, `<a href="inventory.html#inv-1">n</a>`,
		`<a href="inventory.html#inv-1">Letter on the business of the committee, number 1</a>`,
		`<a href="microfilm.html#reel-1">reel 1</a>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
}

// TestProseHidden checks that a reference to a unit that is not published
// leads to its reel, and that internal notes are not shown.
func TestProseHidden(t *testing.T) {
	a := synthetic(3, 1, 3)
	a.ByInv[2].Internal = true
	s := newSite(a, Options{})
	if got := string(s.renderProse("[x](inv:2)", 2)); !strings.Contains(got, `href="microfilm.html#reel-1"`) {
		t.Errorf("a hidden unit: %s", got)
	}
	if s.pageOf(a.ByInv[2]) != nil {
		t.Errorf("a hidden unit has a page")
	}
	render := s.funcs()["prose"].(func(model.Prose, int) template.HTML)
	if got := render(model.Prose{Text: "secret", Internal: true}, 2); got != "" {
		t.Errorf("an internal note is shown: %s", got)
	}
	if got := newSite(a, Options{Internal: true}).funcs()["prose"].(func(model.Prose, int) template.HTML)(model.Prose{Text: "secret", Internal: true}, 2); !strings.Contains(string(got), "secret") {
		t.Errorf("an internal note is not shown with Internal: %s", got)
	}
}

// FuzzProse renders arbitrary Markdown and checks that the result never
// holds markup other than the renderer's own, nor an unsafe link.
func FuzzProse(f *testing.F) {
	for _, seed := range []string{
		"plain *em* **strong** `code`", "[a](https://x.org) <https://x.org> <a@b.org>",
		"<script>x</script>", "[a](javascript:x)", "[a](java&#115;cript:x)", "<inv:1> [b](person:p1)",
		"> quote\n\n- a\n- b\n\n1. c\n2. d", "# h\n\n---\n\n```\ncode\n```", "![img](x.png)",
		"digitzation [sic], […] and [...]", "`[sic]` [sic](x)",
	} {
		f.Add(seed)
	}
	a := synthetic(3, 1, 3)
	s := newSite(a, Options{})
	f.Fuzz(func(t *testing.T, src string) {
		out := string(s.renderProse(src, 2))
		doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + out))
		if err != nil {
			t.Fatal(err)
		}
		if u := unsafe(doc); len(u) > 0 {
			t.Errorf("%q renders %v:\n%s", src, u, out)
		}
	})
}
