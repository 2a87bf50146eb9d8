package site

import (
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// The units of the inventory are written here, in Go, rather than by
// templates: an inventory of 100,000 items has 100,000 of them, and
// html/template spends most of a page's time finding fields and calling
// functions through reflection for each. The built-in parts.html calls
// these functions ("unit", "units", "unitBody", "heading", "titleHTML");
// a template of one's own may still write a unit from its fields (Unit).
//
// What they write is what html/template would write for the same markup:
// text and attribute values escaped as its htmlEscaper does, a link's
// address as its URL filter and normalizer leave it, a fragment as its URL
// escaper does.

// htmlEscaper escapes text and attribute values as html/template does
// (which, unlike template.HTMLEscapeString, also escapes "+").
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// esc writes s escaped as text or as a quoted attribute's value.
func esc(b htmlWriter, s string) {
	htmlEscaper.WriteString(b, s)
}

// escURL writes s as the value of an href attribute that it starts: an
// address whose scheme is not http, https or mailto is replaced, as
// html/template replaces it, and the rest normalized and escaped.
func escURL(b htmlWriter, s string) {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") &&
		!strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
		s = "#ZgotmplZ"
	}
	esc(b, processURL(s, true))
}

// writeUnitHref writes the address of a unit (unitHref) as escURL does,
// without making that string: the persons page of a letters inventory
// links every unit twice. A page's file name needs no escaping.
func (s *Site) writeUnitHref(b htmlWriter, c *model.Component) {
	p := s.pageOf(c)
	if p == nil || strings.IndexByte(c.ID, ':') >= 0 { // escURL would take what precedes ':' for a scheme
		escURL(b, s.unitHref(c))
		return
	}
	b.WriteString(p.file)
	b.WriteByte('#')
	esc(b, processURL(c.ID, true))
}

// openLink writes the start tag of a link to href.
func openLink(b htmlWriter, href string) {
	b.WriteString(`<a href="`)
	escURL(b, href)
	b.WriteString(`">`)
}

// escFragment writes s as the part of an href attribute after its "#".
func escFragment(b htmlWriter, s string) {
	esc(b, processURL(s, false))
}

// processURL percent-encodes what may not stand in a URL, as html/template
// does: with norm, reserved characters and valid escapes are kept (a whole
// address), without it only unreserved characters (a part of one).
func processURL(s string, norm bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			if norm {
				continue
			}
		case c == '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	return string(append(b, s[written:]...))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unitBytes is about what a unit without notes takes in HTML, so that a
// page's units are written into one buffer of the right size rather than
// into ever larger ones.
const unitBytes = 1024

// unitsHTML writes a list of units, each with everything below it that
// its page shows, as HTML to print (the "units" function).
func (s *Site) unitsHTML(list []*Unit) template.HTML {
	var b strings.Builder
	n := 0
	for _, u := range list {
		n++
		if len(u.Kids) > 0 {
			n += u.Count
		}
	}
	b.Grow(n * unitBytes)
	s.writeUnits(&b, list)
	return template.HTML(b.String())
}

// writeUnitsHere writes a list of units as unitsHTML does, but straight
// into the page being rendered, at the place of the call, and returns
// nothing to print (the "writeUnits" function, which the built-in
// parts.html calls). A page's units are most of its bytes: returned as a
// string, they would be copied by fmt, which text/template prints a value
// with, into a buffer of its own grown to the page's size, twice what the
// page holds allocated per page. The template's own text before and after
// the call is written to the same writer as it comes, so the bytes are
// those of printing unitsHTML's.
func (s *Site) writeUnitsHere(list []*Unit) template.HTML {
	if s.out == nil { // not while rendering a page
		return s.unitsHTML(list)
	}
	s.writeUnits(s.out, list)
	return ""
}

// An htmlWriter is what the writers of HTML in Go write into: a
// strings.Builder for a function's value, the page's bufio.Writer for
// writeUnitsHere.
type htmlWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

// written returns what write writes, as HTML.
func written(write func(b htmlWriter)) template.HTML {
	var b strings.Builder
	write(&b)
	return template.HTML(b.String())
}

// unitHTML writes one unit: under a heading when it organises the
// inventory (a series, a file with items), as a row with its number and
// dates otherwise.
func (s *Site) unitHTML(u *Unit) template.HTML {
	return written(func(b htmlWriter) { s.writeUnit(b, u) })
}

// unitBodyHTML writes what a unit holds below its heading or title: its
// names, facts, links, notes and its "Cite".
func (s *Site) unitBodyHTML(u *Unit) template.HTML {
	return written(func(b htmlWriter) { s.writeUnitBody(b, u) })
}

// headingHTML writes a unit's heading, h1–h6, linked to its page or to
// itself.
func (s *Site) headingHTML(u *Unit) template.HTML {
	return written(func(b htmlWriter) { s.writeHeading(b, u) })
}

// titleHTML writes a title, marked with its language when it is not the
// page's, or "Untitled".
func (s *Site) titleHTML(t model.Text) template.HTML {
	return written(func(b htmlWriter) { s.writeTitle(b, t) })
}

func (s *Site) writeUnits(b htmlWriter, list []*Unit) {
	b.WriteString(`<ol class="units">`)
	for _, u := range list {
		b.WriteByte('\n')
		s.writeUnit(b, u)
	}
	b.WriteString("\n</ol>")
}

func (s *Site) writeUnit(b htmlWriter, u *Unit) {
	if u.Heading != 0 {
		b.WriteString(`<li class="unit block`)
	} else {
		b.WriteString(`<li class="unit row`)
	}
	if u.Internal {
		b.WriteString(" internal")
	}
	b.WriteByte('"')
	if u.ID != "" {
		b.WriteString(` id="`)
		esc(b, u.ID)
		b.WriteByte('"')
	}
	b.WriteString(">\n")
	if u.Heading == 0 {
		s.writeRow(b, u)
		return
	}
	b.WriteString("<div class=\"head\">\n")
	s.writeHeading(b, u)
	b.WriteString("\n<p class=\"meta\">")
	if u.Level != "" {
		b.WriteString(`<span class="level">`)
		esc(b, u.Level)
		b.WriteString("</span>")
	}
	if u.No != "" {
		b.WriteString(` <span class="no">no. `)
		esc(b, u.No)
		b.WriteString("</span>")
	}
	if u.Dates != "" {
		b.WriteString(` <span class="date">`)
		esc(b, u.Dates)
		b.WriteString("</span>")
	}
	b.WriteString("</p>\n</div>")
	if u.ID != "" && len(u.Path) > 0 {
		b.WriteByte('\n')
		writePath(b, u.Path)
	}
	s.writeUnitBody(b, u)
	switch {
	case u.Href != "":
		b.WriteString("\n<p class=\"more\"><a href=\"")
		escURL(b, u.Href)
		b.WriteString(`">`)
		esc(b, plural(u.Count, "unit", "units"))
		b.WriteString(", on a page of their own</a></p>")
	case len(u.Kids) > 0:
		b.WriteString("\n<details class=\"kids\" open>\n<summary>")
		esc(b, plural(u.Count, "unit", "units"))
		b.WriteString(`<span class="vh"> in `)
		esc(b, present.Title(u.Title))
		b.WriteString("</span></summary>\n")
		s.writeUnits(b, u.Kids)
		b.WriteString("\n</details>")
	}
	b.WriteString("\n</li>")
}

// writeRow writes the rest of a unit shown as a row.
func (s *Site) writeRow(b htmlWriter, u *Unit) {
	b.WriteString(`<span class="no">`)
	if u.No != "" {
		if u.ID != "" {
			b.WriteString(`<a class="self" href="#`)
			escFragment(b, u.ID)
			b.WriteString(`"><span class="vh">No. </span>`)
			esc(b, u.No)
			b.WriteString("</a>")
		} else {
			esc(b, u.No)
		}
	}
	b.WriteString("</span>\n<div class=\"desc\">\n<p class=\"title\">")
	if u.Href != "" {
		openLink(b, u.Href)
		s.writeTitle(b, u.Title)
		b.WriteString("</a>")
	} else {
		s.writeTitle(b, u.Title)
	}
	if u.Level != "" {
		b.WriteString(` <span class="level">`)
		esc(b, u.Level)
		b.WriteString("</span>")
	}
	b.WriteString("</p>")
	s.writeUnitBody(b, u)
	b.WriteString("\n</div>\n<span class=\"date\">")
	esc(b, u.Dates)
	b.WriteString("</span>\n</li>")
}

func (s *Site) writeHeading(b htmlWriter, u *Unit) {
	h := u.Heading
	if h < 1 || h > 6 {
		h = 6
	}
	tag := "h" + strconv.Itoa(h)
	b.WriteString("<" + tag + ">")
	switch {
	case u.Href != "":
		openLink(b, u.Href)
		s.writeTitle(b, u.Title)
		b.WriteString("</a>")
	case u.ID != "":
		b.WriteString(`<a class="self" href="#`)
		escFragment(b, u.ID)
		b.WriteString(`">`)
		s.writeTitle(b, u.Title)
		b.WriteString("</a>")
	default:
		s.writeTitle(b, u.Title)
	}
	b.WriteString("</" + tag + ">")
}

func (s *Site) writeTitle(b htmlWriter, t model.Text) {
	if t.Value == "" {
		b.WriteString(`<span class="untitled">Untitled</span>`)
		return
	}
	if tag := s.textLang(t); tag != "" {
		b.WriteString(`<span lang="`)
		esc(b, tag)
		b.WriteString(`">`)
		esc(b, present.Title(t))
		b.WriteString("</span>")
		return
	}
	esc(b, present.Title(t))
}

func (s *Site) writeUnitBody(b htmlWriter, u *Unit) {
	c := u.C
	switch {
	case len(c.From) > 0:
		b.WriteString("\n<p class=\"corr\">From ")
		s.writeAgents(b, c.From)
		if len(c.To) > 0 {
			b.WriteString(" to ")
			s.writeAgents(b, c.To)
		}
		b.WriteString("</p>")
	case len(c.To) > 0:
		b.WriteString("\n<p class=\"corr\">To ")
		s.writeAgents(b, c.To)
		b.WriteString("</p>")
	}
	if len(c.Names()) > 0 {
		b.WriteString("\n<p class=\"about\">About ")
		s.writeAgents(b, c.Names())
		b.WriteString("</p>")
	}
	if len(c.PlaceRefs()) > 0 {
		b.WriteString("\n<p class=\"about\">Places: ")
		s.writeAgents(b, c.PlaceRefs())
		b.WriteString("</p>")
	}
	if u.Forms != "" || len(u.Extent) > 0 || len(u.Languages) > 0 || u.Containers != "" || len(u.Reels) > 0 {
		b.WriteString("\n<p class=\"facts\">")
		if u.Forms != "" {
			b.WriteString("<span>")
			esc(b, u.Forms)
			b.WriteString("</span>")
		}
		for _, e := range u.Extent {
			b.WriteString("<span>")
			esc(b, e)
			b.WriteString("</span>")
		}
		if len(u.Languages) > 0 {
			b.WriteString("<span>In ")
			esc(b, strings.Join(u.Languages, ", "))
			b.WriteString("</span>")
		}
		if u.Containers != "" {
			b.WriteString("<span>")
			esc(b, u.Containers)
			b.WriteString("</span>")
		}
		if len(u.Reels) > 0 {
			b.WriteString(`<span class="reels">Microfilm: `)
			for i, r := range u.Reels {
				if i > 0 {
					b.WriteString(", ")
				}
				openLink(b, s.href(r))
				b.WriteString("reel ")
				b.WriteString(strconv.Itoa(r.No))
				b.WriteString("</a>")
			}
			b.WriteString("</span>")
		}
		b.WriteString("</p>")
	}
	for _, l := range u.Links {
		b.WriteString("\n<p class=\"link\">")
		if l.Href != "" {
			openLink(b, l.Href)
			esc(b, l.Label)
			b.WriteString("</a>")
		} else {
			esc(b, l.Label)
		}
		b.WriteString("</p>")
	}
	for _, k := range u.Kept {
		b.WriteString("\n<p class=\"kept\"><span class=\"kept-label\">")
		esc(b, k.Label)
		b.WriteString(":</span> ")
		esc(b, k.Text)
		b.WriteString("</p>")
	}
	for _, n := range u.Notes {
		b.WriteString("\n<div class=\"note\">\n<p class=\"note-head\">")
		esc(b, n.Head)
		b.WriteString("</p>\n")
		b.WriteString(string(s.prose(n.Prose, u.NoteLevel)))
		b.WriteString("</div>")
	}
	if u.Internal {
		b.WriteString("\n<p class=\"internal-mark\">Internal: not in the published finding aid</p>")
	}
	if u.ID != "" {
		b.WriteByte('\n')
		writeCite(b, u)
	}
}

// citesHTML writes the units that cite a record, each linked, with its
// number, title, dates and the roles in which it cites the record.
func (s *Site) citesHTML(list []Cite) template.HTML {
	var b strings.Builder
	b.Grow(len(list) * 128)
	s.writeCites(&b, list)
	return template.HTML(b.String())
}

// writeCitesHere writes the units that cite a record as citesHTML does,
// straight into the page being rendered, and returns nothing to print
// (the "writeCites" function, which the built-in parts.html calls): the
// persons of a large finding aid are cited by every unit, and persons.html
// is then mostly these lists (see writeUnitsHere).
func (s *Site) writeCitesHere(list []Cite) template.HTML {
	if s.out == nil { // not while rendering a page
		return s.citesHTML(list)
	}
	s.writeCites(s.out, list)
	return ""
}

func (s *Site) writeCites(b htmlWriter, list []Cite) {
	b.WriteString(`<ul class="cites">`)
	for _, c := range list {
		b.WriteString("\n<li><a href=\"")
		s.writeUnitHref(b, c.C)
		b.WriteString(`">`)
		no := c.No()
		if no != "" {
			b.WriteString("No. ")
			esc(b, no)
			b.WriteString("</a> ")
			s.writeTitle(b, c.C.Title)
		} else {
			s.writeTitle(b, c.C.Title)
			b.WriteString("</a>")
		}
		if d := c.Dates(); d != "" {
			b.WriteString(", ")
			esc(b, d)
		}
		if c.Roles != "" {
			b.WriteString(` <span class="role">(`)
			esc(b, c.Roles)
			b.WriteString(")</span>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
}

// citeLinksHTML writes units as links named by their numbers, separated
// by commas: the units a reel holds.
func (s *Site) citeLinksHTML(list []Cite) template.HTML {
	var b strings.Builder
	for i, c := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`<a href="`)
		s.writeUnitHref(&b, c.C)
		b.WriteString(`">`)
		esc(&b, c.No())
		b.WriteString("</a>")
	}
	return template.HTML(b.String())
}
