package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// funcs are the functions templates call, bound to one finding aid:
//
//	prose P LEVEL      a note (model.Prose) as HTML, its own headings from h LEVEL, then the
//	                   encoder's note on it, marked as such
//	title T            a unit's title (model.Text), in [ ] when the encoder supplied it
//	titleHTML T        the same as HTML: marked with its language when not the page's, or "Untitled"
//	unit UNIT          a unit of the inventory (a *Unit) as HTML, with the units below it (render.go)
//	units LIST         a list of units ([]*Unit), each as unit writes it
//	writeUnits LIST    the same, written straight into the page where it is called; its value is "";
//	                   its HTML skips html/template's escaping, so it belongs where elements may stand
//	unitBody UNIT      what a unit holds below its heading: names, facts, links, notes, its "Cite"
//	heading UNIT       a unit's heading, h1–h6 by Unit.Heading, linked to its page or itself
//	cites LIST         the units that cite a record ([]Cite), as a list of links
//	writeCites LIST    the same, written straight into the page where it is called (as writeUnits)
//	citeLinks LIST     units ([]Cite) as links named by their numbers, "723, 724"
//	agent A            a name as the unit cites it ("[Crux]", "probably Crux"), linked to its record
//	agents LIST        names joined with "; "
//	cite UNIT          a unit's "Cite" (a *Unit): its place in the inventory, citation and permanent link
//	path LINKS         a unit's place in the inventory: "In Series › Subseries", each a link
//	href X             the address of a unit, person, pseudonym, body, place or reel
//	lang TEXT          the BCP 47 tag of a title in another language than the page's, or ""
//	bcp47 CODE         the BCP 47 tag of an ISO 639-2 code, "ru" for "rus"
//	dates LIST         dates for readers, "1929–1934; bulk 1931–1933"
//	url S              S if it may be a link (http, https, mailto, relative), else ""
//	plural N ONE MANY  "1 unit", "14 units"
//	join LIST SEP      strings.Join
//	dict K V …         a map, to pass several values to a template
func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"prose":      s.prose,
		"title":      present.Title,
		"titleHTML":  s.titleHTML,
		"unit":       s.unitHTML,
		"units":      s.unitsHTML,
		"writeUnits": s.writeUnitsHere,
		"unitBody":   s.unitBodyHTML,
		"heading":    s.headingHTML,
		"cites":      s.citesHTML,
		"writeCites": s.writeCitesHere,
		"citeLinks":  s.citeLinksHTML,
		"agent":      s.agent,
		"agents":     s.agents,
		"cite":       cite,
		"path":       pathHTML,
		"href":       s.href,
		"lang":       s.textLang,
		"bcp47":      func(code string) string { return present.Tag(code, "") },
		"dates":      present.Dates,
		"url":        safeURL,
		"plural":     plural,
		"join":       strings.Join,
		"dict":       dict,
	}
}

// prose writes a note as HTML, its own headings from h level, then the
// encoder's note on it; nothing for an internal note unless it is
// published.
func (s *Site) prose(p model.Prose, level int) template.HTML {
	if p.Internal && !s.opt.Internal {
		return ""
	}
	return s.renderProse(p.Text, level) + s.renderEditorial(p.Editorial, level)
}

// stubFuncs declares the functions for parsing; funcs binds them.
func stubFuncs() template.FuncMap {
	return (&Site{}).funcs()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// href returns the address of a record on the site, "" if it has none.
func (s *Site) href(x any) string {
	switch x := x.(type) {
	case *model.Component:
		return s.unitHref(x)
	case *model.Person:
		return "persons.html#" + x.Anchor()
	case *model.Pseudonym:
		return "persons.html#" + x.Anchor()
	case *model.Body:
		return "names.html#" + x.Anchor()
	case *model.Place:
		return "names.html#" + x.Anchor()
	case *model.Reel:
		return "microfilm.html#" + x.Anchor()
	}
	return ""
}

// agent writes a cited name with the inventory's marks of uncertainty,
// linked to its authority record: a name cited under a pseudonym links to
// its person, whose entry lists the pseudonym.
func (s *Site) agent(a *model.Agent) template.HTML {
	return written(func(b htmlWriter) { s.writeAgent(b, a) })
}

// writeAgent writes a cited name as agent does: every unit of a letters
// inventory cites two or three.
func (s *Site) writeAgent(b htmlWriter, a *model.Agent) {
	before, after := present.MarkParts(a.Certainty)
	b.WriteString(before)
	href := ""
	if au := a.Authority(); au != nil {
		var ok bool
		if href, ok = s.authHref[au]; !ok {
			href = s.href(au)
			s.authHref[au] = href
		}
	}
	if href != "" {
		b.WriteString(`<a href="`)
		b.WriteString(template.HTMLEscapeString(href))
		b.WriteString(`">`)
	}
	b.WriteString(template.HTMLEscapeString(a.Cited()))
	if href != "" {
		b.WriteString("</a>")
	}
	b.WriteString(after)
}

func (s *Site) agents(list []*model.Agent) template.HTML {
	return written(func(b htmlWriter) { s.writeAgents(b, list) })
}

// writeAgents writes names as agents does.
func (s *Site) writeAgents(b htmlWriter, list []*model.Agent) {
	for i, a := range list {
		if i > 0 {
			b.WriteString("; ")
		}
		s.writeAgent(b, a)
	}
}

// cite writes a unit's "Cite", which readers open (no script needed): the
// units above it (for a unit shown as a row; one under a heading shows
// them beneath it), how to cite it, and its permanent link. It is written
// here rather than by a template because every unit of an inventory of
// 100,000 has one.
func cite(u *Unit) template.HTML {
	return written(func(b htmlWriter) { writeCite(b, u) })
}

// writeCite writes a unit's "Cite" as cite does.
func writeCite(b htmlWriter, u *Unit) {
	b.WriteString(`<details class="cite">` + "\n" + `<summary>Cite<span class="vh"> `)
	if u.No != "" {
		b.WriteString("no. ")
		esc(b, u.No)
	} else {
		esc(b, present.Title(u.Title))
	}
	b.WriteString("</span></summary>\n")
	if u.Heading == 0 && len(u.Path) > 0 {
		writePath(b, u.Path)
		b.WriteByte('\n')
	}
	b.WriteString(`<p class="citation">`)
	esc(b, u.Citation)
	b.WriteString("</p>\n" + `<p class="permalink">Permanent link: <a rel="bookmark" href="`)
	escURL(b, u.Permalink)
	b.WriteString(`">`)
	esc(b, u.Permalink)
	b.WriteString("</a></p>\n</details>")
}

// pathHTML writes the units above a unit: "In Series › Subseries ›
// File", each a link.
func pathHTML(up []Link) template.HTML {
	return written(func(b htmlWriter) { writePath(b, up) })
}

// writePath writes the units above a unit as pathHTML does.
func writePath(b htmlWriter, up []Link) {
	b.WriteString(`<p class="path">In `)
	for i, l := range up {
		if i > 0 {
			b.WriteString(`<span aria-hidden="true"> › </span>`)
		}
		openLink(b, l.Href)
		esc(b, l.Label)
		b.WriteString("</a>")
	}
	b.WriteString("</p>")
}
