package site

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// renderProse renders Markdown as HTML from the tree resolve parsed (the
// archive's Notes).
// Headings inside the prose start at level (a note under an h2 has its own
// headings from h3). It writes only the elements of CommonMark, escapes
// all text, never writes raw HTML (which fonds check refuses; here it is
// shown as text) or images (their description is shown), and makes links
// only of references to the finding aid's records, http, https, mailto and
// relative addresses; any other link is shown as its text.
func (s *Site) renderProse(text string, level int) template.HTML {
	if text == "" {
		return ""
	}
	doc := s.Archive.Notes.Doc(text)
	r := &proseWriter{s: s, src: doc.Source, level: max(1, min(6, level))}
	r.node(doc.Root)
	return template.HTML(r.b.String())
}

// renderEditorial renders the encoder's note on a note, if there is one,
// as a note of its own labelled "Editorial note".
func (s *Site) renderEditorial(p *model.Prose, level int) template.HTML {
	if p.Empty() {
		return ""
	}
	return template.HTML(`<div class="editorial" role="note"><p class="editorial-label">`+present.EditorialNote+"</p>\n") +
		s.renderProse(p.Text, level) + "</div>\n"
}

type proseWriter struct {
	s     *Site
	src   []byte
	level int
	b     strings.Builder
}

func (r *proseWriter) text(v []byte) {
	ghtml.DefaultWriter.Write(prose.BuilderWriter{Builder: &r.b}, v)
}
func (r *proseWriter) raw(v []byte) {
	ghtml.DefaultWriter.RawWrite(prose.BuilderWriter{Builder: &r.b}, v)
}

func (r *proseWriter) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.node(c)
	}
}

func (r *proseWriter) wrap(open, close string, n ast.Node) {
	r.b.WriteString(open)
	r.children(n)
	r.b.WriteString(close)
}

func (r *proseWriter) lines(n ast.Node) {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		r.raw(seg.Value(r.src))
	}
}

func (r *proseWriter) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.Document:
		r.children(n)
	case *ast.Paragraph:
		r.wrap("<p>", "</p>\n", n)
	case *ast.TextBlock:
		r.children(n)
		if n.NextSibling() != nil {
			r.b.WriteByte('\n')
		}
	case *ast.Heading:
		h := strconv.Itoa(min(6, r.level+n.Level-1))
		r.wrap("<h"+h+">", "</h"+h+">\n", n)
	case *ast.ThematicBreak:
		r.b.WriteString("<hr>\n")
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		r.b.WriteString("<pre><code>")
		r.lines(n)
		r.b.WriteString("</code></pre>\n")
	case *ast.Blockquote:
		r.wrap("<blockquote>\n", "</blockquote>\n", n)
	case *ast.List:
		switch {
		case !n.IsOrdered():
			r.wrap("<ul>\n", "</ul>\n", n)
		case n.Start != 1:
			r.wrap(`<ol start="`+strconv.Itoa(n.Start)+`">`+"\n", "</ol>\n", n)
		default:
			r.wrap("<ol>\n", "</ol>\n", n)
		}
	case *ast.ListItem:
		r.wrap("<li>", "</li>\n", n)
	case *ast.HTMLBlock:
		// Refused by fonds check; should it get here, it is text.
		r.b.WriteString("<p>")
		r.lines(n)
		if n.HasClosure() {
			r.raw(n.ClosureLine.Value(r.src))
		}
		r.b.WriteString("</p>\n")
	case *ast.Text:
		r.text(n.Segment.Value(r.src))
		switch {
		case n.HardLineBreak():
			r.b.WriteString("<br>\n")
		case n.SoftLineBreak():
			r.b.WriteByte('\n')
		}
	case *ast.String:
		if n.IsCode() {
			r.raw(n.Value)
		} else {
			r.text(n.Value)
		}
	case *ast.CodeSpan:
		r.b.WriteString("<code>")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := t.Segment.Value(r.src)
				if l := len(v); l > 0 && v[l-1] == '\n' {
					v = append(append([]byte{}, v[:l-1]...), ' ')
				}
				r.raw(v)
			}
		}
		r.b.WriteString("</code>")
	case *ast.Emphasis:
		if n.Level >= 2 {
			r.wrap("<strong>", "</strong>", n)
		} else {
			r.wrap("<em>", "</em>", n)
		}
	case *ast.Link:
		dest := string(util.URLEscape(n.Destination, true))
		href, _ := r.s.linkTarget(dest)
		if href == "" {
			r.children(n)
			return
		}
		r.b.WriteString(`<a href="`)
		r.b.WriteString(template.HTMLEscapeString(href))
		r.b.WriteString(`">`)
		r.children(n)
		r.b.WriteString("</a>")
	case *ast.AutoLink:
		label := n.Label(r.src)
		dest := string(util.URLEscape(n.URL(r.src), false))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
			dest = "mailto:" + dest
		}
		href, name := r.s.linkTarget(dest)
		if href == "" {
			r.text(label)
			return
		}
		r.b.WriteString(`<a href="`)
		r.b.WriteString(template.HTMLEscapeString(href))
		r.b.WriteString(`">`)
		switch {
		case name.Value == "":
			r.raw(label)
		case name.Lang != "" && present.Tag(name.Lang, "") != r.s.Lang:
			r.b.WriteString(`<span lang="` + template.HTMLEscapeString(present.Tag(name.Lang, "")) + `">`)
			r.b.WriteString(template.HTMLEscapeString(name.Value))
			r.b.WriteString("</span>")
		default:
			r.b.WriteString(template.HTMLEscapeString(name.Value))
		}
		r.b.WriteString("</a>")
	case *prose.Mark:
		// The encoder's mark: [sic] with sic in italics as printed, […]
		// with its meaning for screen readers.
		if n.What == prose.Sic {
			r.b.WriteString(`<span class="sic">[<i>sic</i>]</span>`)
		} else {
			r.b.WriteString(`<span class="lost">[…]<span class="vh"> (a word lost in the source)</span></span>`)
		}
	case *ast.Image:
		// Refused by fonds check; should it get here, its description is shown.
		r.children(n)
	case *ast.RawHTML:
		// Refused by fonds check; should it get here, it is text.
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			r.raw(seg.Value(r.src))
		}
	default:
		// A node kind this renderer does not know (goldmark extensions are
		// not enabled): its text only.
		r.children(n)
	}
}

// linkTarget returns the address a link in prose points to, and the name
// of the record it refers to (empty for web and relative links); "" when
// the link may not be a link.
func (s *Site) linkTarget(dest string) (href string, name model.Text) {
	class, kind, target := prose.Classify(dest)
	switch class {
	case "web", "relative":
		return safeURL(dest), model.Text{}
	case "ref":
		return s.refTarget(kind, target)
	}
	return "", model.Text{}
}

// refTarget resolves a reference to a record: its address on the site and
// its name, as present.RefTarget names it for every output. A unit that is
// not published, or an inventory number that is only on a reel, leads to
// the reel's entry in the concordance.
func (s *Site) refTarget(kind, target string) (string, model.Text) {
	to, name := present.RefTarget(s.Archive, kind, target, s.opt.Internal)
	if to == nil {
		return "", model.Text{}
	}
	return s.href(to), name
}

// safeURL returns an address fit for href: http, https, mailto or
// relative; "" for anything else. Tabs and line breaks, which browsers drop
// from addresses, are dropped first, so that they cannot hide a scheme.
func safeURL(raw string) string {
	u := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(raw))
	if u == "" {
		return ""
	}
	for _, r := range u {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	// An address Go cannot parse ("java%09script:x", whose first segment
	// holds a colon; "https://%22") is no address a reader can follow.
	if _, err := url.Parse(u); err != nil {
		return ""
	}
	class, _, _ := prose.Classify(u)
	switch class {
	case "web":
		return u
	case "relative":
		// A backslash is a slash to browsers: "\\host" would leave the site.
		if strings.HasPrefix(u, `\`) || strings.HasPrefix(u, `/\`) {
			return ""
		}
		return u
	}
	return ""
}
