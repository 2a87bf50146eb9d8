package load

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Decode builds the model of a finding aid from its parsed sources. It is
// lenient about shapes the schema rejects (those are reported by package
// validate) and strict about values: dates that cannot exist, inventory
// ranges that cannot be read.
func Decode(set *Set) (*model.Archive, source.List) {
	a := &model.Archive{Dir: set.Dir}
	var diags source.List
	for _, doc := range set.Docs {
		a.Files = append(a.Files, doc.Name)
	}
	if len(set.Docs) == 0 || set.Docs[0].Root == nil {
		return a, diags
	}
	count := 0
	dec := &decoder{set: set, diags: &diags, count: &count}
	for _, doc := range set.Docs {
		if doc.Root == nil {
			continue
		}
		d := dec.with(doc)
		switch doc.Kind {
		case KindFonds:
			a.Fonds = d.fonds(doc.Root)
		case KindAuthorities:
			d.authorities(doc.Root, a)
		case KindReels:
			d.reels(doc.Root, a)
		case KindChronology:
			d.chronology(doc.Root, a)
		}
	}
	if count > set.opt.MaxComponents {
		diags.Errorf(source.Pos{File: set.Docs[0].Name}, "", "%d components; the limit is %d", count, set.opt.MaxComponents)
	}
	return a, diags
}

type decoder struct {
	set   *Set
	doc   *Doc
	diags *source.List
	count *int // components decoded, across files
}

func (d *decoder) with(doc *Doc) *decoder {
	return &decoder{set: d.set, doc: doc, diags: d.diags, count: d.count}
}

func (d *decoder) pos(n *yaml.Node) source.Pos { return nodePos(d.doc.Name, n) }

// fields calls fn for each key of a mapping node, with the value's path.
func (d *decoder) fields(n *yaml.Node, path string, fn func(key string, v *yaml.Node, path string)) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			continue // a duplicate key, reported by Parse; the first value counts
		}
		seen[k.Value] = true
		fn(k.Value, deref(n.Content[i+1]), joinPath(path, k.Value))
	}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// items returns the elements of a sequence, or the node itself when one
// value stands where a list may.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	switch {
	case n == nil || n.Tag == "!!null":
		return nil
	case n.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, len(n.Content))
		for i, e := range n.Content {
			out[i] = deref(e)
		}
		return out
	}
	return []*yaml.Node{n}
}

func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func strs(n *yaml.Node) []string {
	var out []string
	for _, e := range items(n) {
		if s := str(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func boolean(n *yaml.Node) bool { return n != nil && n.ShortTag() == "!!bool" && n.Value == "true" }

func elem(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func (d *decoder) text(n *yaml.Node) model.Text {
	t := model.Text{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		d.fields(n, "", func(k string, v *yaml.Node, _ string) {
			switch k {
			case "text":
				t.Value = str(v)
			case "lang":
				t.Lang = str(v)
			}
		})
		return t
	}
	t.Value = str(n)
	return t
}

func (d *decoder) prose(n *yaml.Node) model.Prose {
	p := model.Prose{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		d.fields(n, "", func(k string, v *yaml.Node, _ string) {
			switch k {
			case "head":
				p.Head = str(v)
			case "text":
				p.Text = str(v)
				p.Pos = d.pos(v)
				d.bodyPos(v, &p)
			case "internal":
				p.Internal = boolean(v)
			}
		})
		return p
	}
	p.Text = str(n)
	d.bodyPos(n, &p)
	return p
}

// bodyPos records where the text of a block scalar starts, so that a
// problem inside Markdown can be reported at its own line and column.
func (d *decoder) bodyPos(n *yaml.Node, p *model.Prose) {
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		// The text starts on the line after the indicator; its indentation
		// is that of its first line that is not blank.
		p.Literal = true
		p.Pos = source.Pos{File: d.doc.Name, Line: n.Line + 1, Col: 1}
		for l := n.Line + 1; ; l++ {
			t, ok := d.doc.Line(l)
			if !ok {
				break
			}
			if strings.TrimSpace(t) == "" {
				continue
			}
			p.Indent = 1 + len(t) - len(strings.TrimLeft(t, " "))
			p.Pos.Col = p.Indent
			break
		}
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		p.Indent = n.Column + 1
	case n.Style&yaml.FoldedStyle == 0:
		p.Indent = n.Column
	}
}

func (d *decoder) date(n *yaml.Node, path string) (model.Date, bool) {
	md := model.Date{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		// {date, expression}: a date with the wording of an imported
		// finding aid, or (no date) a wording fonds cannot read.
		md.Expression = str(mapValue(n, "expression"))
		v := mapValue(n, "date")
		if v == nil {
			return md, md.Expression != ""
		}
		dt, ok := d.date(v, joinPath(path, "date"))
		dt.Expression = md.Expression
		return dt, ok
	}
	s := str(n)
	if s == "" {
		return md, false
	}
	parsed, err := edtf.Parse(s)
	if err != nil {
		msg := err.Error()
		if e, ok := err.(*edtf.Error); ok {
			msg = fmt.Sprintf("date %q: %s", s, e.Msg)
		}
		d.diags.Errorf(d.pos(n), path, "%s", msg)
		return md, false
	}
	md.Date = parsed
	return md, true
}

func (d *decoder) dates(n *yaml.Node, path string) []model.Date {
	var out []model.Date
	list := items(n)
	for i, e := range list {
		p := path
		if deref(n).Kind == yaml.SequenceNode {
			p = elem(path, i)
		}
		typ := ""
		if e.Kind == yaml.MappingNode {
			typ = str(mapValue(e, "type"))
		}
		if dt, ok := d.date(e, p); ok {
			dt.Type = typ
			out = append(out, dt)
		}
	}
	return out
}

func (d *decoder) agents(n *yaml.Node, path, role string) []*model.Agent {
	if role == "sender" || role == "addressee" {
		// The inventory brackets senders and addressees it supplied.
		d.checkOneBracketed(n, path)
	}
	var out []*model.Agent
	seq := deref(n).Kind == yaml.SequenceNode
	flow := seq && deref(n).Style&yaml.FlowStyle != 0
	var prev *model.Agent // the previous item, when unquoted in flow style
	for i, e := range items(n) {
		p := path
		if seq {
			p = elem(path, i)
		}
		a := &model.Agent{Pos: d.pos(e), Path: p, Role: role, Certainty: model.Certain}
		if e.Kind == yaml.MappingNode {
			d.fields(e, p, func(k string, v *yaml.Node, _ string) {
				switch k {
				case "name":
					a.Name = str(v)
				case "text":
					a.Name, a.Free = str(v), true
				case "certainty":
					a.Certainty = str(v)
				}
			})
		} else {
			a.Name, a.Certainty = ParseCertainty(str(e))
		}
		if a.Name == "" {
			prev = nil
			continue
		}
		if flow && plain(e) {
			if prev != nil {
				prev.Next = a
			}
			prev = a
		} else {
			prev = nil
		}
		out = append(out, a)
	}
	return out
}

// ParseCertainty reads the inventory's conventions for an uncertain name:
// "[Crux]" (solved by the cataloguer) and "probably Crux".
func ParseCertainty(s string) (name, certainty string) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		return strings.TrimSpace(s[1 : len(s)-1]), model.Bracketed
	case strings.HasPrefix(strings.ToLower(s), "probably "):
		return strings.TrimSpace(s[len("probably "):]), model.Probable
	}
	return s, model.Certain
}

func (d *decoder) languages(n *yaml.Node) []model.Language {
	var out []model.Language
	for _, e := range items(n) {
		l := model.Language{Pos: d.pos(e)}
		if e.Kind == yaml.MappingNode {
			l.Code = str(mapValue(e, "code"))
			l.Script = str(mapValue(e, "script"))
			l.Name = str(mapValue(e, "name"))
		} else {
			l.Code = str(e)
		}
		if l.Code != "" {
			out = append(out, l)
		}
	}
	return out
}

func (d *decoder) extent(n *yaml.Node) []model.Extent {
	var out []model.Extent
	for _, e := range items(n) {
		if s := str(e); s != "" {
			out = append(out, model.Extent{Pos: d.pos(e), Value: s})
		}
	}
	return out
}

// note decodes a descriptive note field into desc; it reports whether key
// was one.
func (d *decoder) note(desc *model.Description, key string, v *yaml.Node) bool {
	f, ok := model.NoteNamed(key)
	if ok {
		*f.Of(desc) = d.prose(v)
	}
	return ok
}

func (d *decoder) fonds(n *yaml.Node) *model.Fonds {
	f := &model.Fonds{Pos: d.pos(n), Level: "fonds"}
	d.fields(n, "", func(k string, v *yaml.Node, path string) {
		switch k {
		case "reference_code":
			f.ReferenceCode = str(v)
		case "title":
			f.Title = d.text(v)
		case "dates":
			f.Dates = d.dates(v, path)
		case "level":
			f.Level = str(v)
		case "extent":
			f.Extent = d.extent(v)
		case "creators":
			f.Creators = d.agents(v, path, "creator")
		case "repository":
			f.Repository.Pos = d.pos(v)
			d.fields(v, path, func(k string, v *yaml.Node, _ string) {
				switch k {
				case "name":
					f.Repository.Name = str(v)
				case "isil":
					f.Repository.ISIL = str(v)
				case "country":
					f.Repository.Country = str(v)
				case "address":
					f.Repository.Address = strs(v)
				case "url":
					f.Repository.URL = str(v)
				}
			})
		case "languages":
			f.Languages = d.languages(v)
		case "finding_aid":
			d.findingAid(v, path, &f.FindingAid)
		case "subjects":
			f.Subjects = strs(v)
		case "genres":
			f.Genres = strs(v)
		case "contents":
			f.Contents = d.contents(v, path, nil)
		case "ead":
			f.Raw = str(v)
		default:
			d.note(&f.Description, k, v)
		}
	})
	return f
}

func (d *decoder) findingAid(n *yaml.Node, path string, fa *model.FindingAid) {
	fa.Pos = d.pos(n)
	d.fields(n, path, func(k string, v *yaml.Node, path string) {
		switch k {
		case "id":
			fa.ID = str(v)
		case "url":
			fa.URL = str(v)
		case "title":
			fa.Title = str(v)
		case "author":
			fa.Author = str(v)
		case "publisher":
			fa.Publisher = str(v)
		case "date":
			fa.Date, _ = d.date(v, path)
		case "language":
			fa.Language = str(v)
		case "script":
			fa.Script = str(v)
		case "rules":
			fa.Rules = str(v)
		case "revisions":
			for i, e := range items(v) {
				r := model.Revision{Pos: d.pos(e)}
				d.fields(e, elem(path, i), func(k string, v *yaml.Node, path string) {
					switch k {
					case "date":
						r.Date, _ = d.date(v, path)
					case "text":
						r.Text = str(v)
					case "who":
						r.Who = str(v)
					}
				})
				fa.Revisions = append(fa.Revisions, r)
			}
		}
	})
}

// contents decodes a list of components, reading included files in place.
func (d *decoder) contents(n *yaml.Node, path string, parent *model.Component) []*model.Component {
	var out []*model.Component
	for i, e := range items(n) {
		if e.Kind != yaml.MappingNode {
			continue
		}
		if inc := d.set.Included(e); inc != nil {
			if inc.Root != nil {
				c := d.with(inc).component(inc.Root, "", parent)
				out = append(out, c)
			}
			continue
		}
		if mapValue(e, "include") != nil {
			continue // an include that could not be read; reported by Parse
		}
		out = append(out, d.component(e, elem(path, i), parent))
	}
	return out
}

func (d *decoder) component(n *yaml.Node, path string, parent *model.Component) *model.Component {
	*d.count++
	c := &model.Component{Pos: d.pos(n), File: d.doc.Name, Parent: parent}
	if parent != nil {
		c.Depth = parent.Depth + 1
	} else {
		c.Depth = 1
	}
	d.fields(n, path, func(k string, v *yaml.Node, path string) {
		switch k {
		case "id":
			c.ID, c.IDWritten = str(v), true
		case "level":
			c.Level = str(v)
		case "otherlevel":
			c.OtherLevel = str(v)
		case "inv":
			c.InvPos = d.pos(v)
			c.Inv, _ = strconv.Atoi(str(v))
		case "unitid":
			c.UnitID = str(v)
		case "title":
			c.Title = d.text(v)
		case "dates":
			c.Dates = d.dates(v, path)
		case "form":
			c.Forms = strs(v)
		case "physdesc":
			c.PhysDesc = str(v)
		case "extent":
			c.Extent = d.extent(v)
		case "from":
			c.From = d.agents(v, path, "sender")
		case "to":
			c.To = d.agents(v, path, "addressee")
		case "names":
			c.Names = d.agents(v, path, "subject")
		case "places":
			c.PlaceRefs = d.agents(v, path, "subject")
		case "languages":
			c.Languages = d.languages(v)
		case "containers":
			for _, e := range items(v) {
				c.Containers = append(c.Containers, model.Container{Pos: d.pos(e),
					Type: str(mapValue(e, "type")), Value: str(mapValue(e, "value")), Label: str(mapValue(e, "label"))})
			}
		case "links":
			for _, e := range items(v) {
				c.Links = append(c.Links, model.Link{Pos: d.pos(e),
					Href: str(mapValue(e, "href")), Title: str(mapValue(e, "title")), Role: str(mapValue(e, "role"))})
			}
		case "internal":
			c.Internal = boolean(v)
		case "ead":
			c.Raw = str(v)
		case "contents":
			c.Children = d.contents(v, path, c)
		default:
			d.note(&c.Description, k, v)
		}
	})
	if c.Level == "" {
		c.Level = "file"
		if c.Inv != 0 && len(c.Children) == 0 {
			c.Level = "item"
		}
	}
	if c.Level == "country" && c.OtherLevel == "" {
		c.OtherLevel = "country file"
	}
	if c.ID == "" && c.Inv != 0 {
		c.ID = "inv-" + strconv.Itoa(c.Inv)
	}
	return c
}

func (d *decoder) authorities(n *yaml.Node, a *model.Archive) {
	d.fields(n, "", func(k string, v *yaml.Node, path string) {
		for i, e := range items(v) {
			p := elem(path, i)
			switch k {
			case "persons":
				a.People = append(a.People, d.person(e, p))
			case "bodies":
				b := &model.Body{Record: model.Record{Pos: d.pos(e)}}
				d.fields(e, p, func(k string, v *yaml.Node, path string) {
					switch k {
					case "id":
						b.ID = str(v)
					case "name":
						b.Name = str(v)
					case "short":
						b.Short = str(v)
					case "variants":
						b.Variants = strs(v)
					case "dates":
						if dt, ok := d.date(v, path); ok {
							b.Dates = &dt
						}
					case "note":
						b.Note = d.prose(v)
					}
				})
				a.Bodies = append(a.Bodies, b)
			case "places":
				pl := &model.Place{Record: model.Record{Pos: d.pos(e)}}
				d.fields(e, p, func(k string, v *yaml.Node, _ string) {
					switch k {
					case "id":
						pl.ID = str(v)
					case "name":
						pl.Name = str(v)
					case "variants":
						pl.Variants = strs(v)
					case "country":
						pl.Country = str(v)
					case "note":
						pl.Note = d.prose(v)
					}
				})
				a.Places = append(a.Places, pl)
			}
		}
	})
}

func (d *decoder) person(n *yaml.Node, path string) *model.Person {
	p := &model.Person{Record: model.Record{Pos: d.pos(n)}}
	d.fields(n, path, func(k string, v *yaml.Node, path string) {
		switch k {
		case "id":
			p.ID = str(v)
		case "name":
			p.Name = str(v)
		case "variants":
			p.Variants = strs(v)
			d.checkSplitNames(v, path)
		case "dates":
			if dt, ok := d.date(v, path); ok {
				p.Dates = &dt
			}
		case "authority":
			p.Authority = str(mapValue(v, "id"))
			p.AuthSource = str(mapValue(v, "source"))
		case "note":
			p.Note = d.prose(v)
		case "pseudonyms":
			d.checkSplitNames(v, path)
			for _, e := range items(v) {
				ps := &model.Pseudonym{Pos: d.pos(e), Person: p}
				if e.Kind == yaml.MappingNode {
					ps.Name = str(mapValue(e, "name"))
					ps.ID = str(mapValue(e, "id"))
					ps.Maintained = boolean(mapValue(e, "maintained"))
					ps.Note = str(mapValue(e, "note"))
				} else {
					ps.Name = str(e)
				}
				if ps.Name == "" {
					continue
				}
				if ps.ID == "" {
					ps.ID = "ps-" + Slug(ps.Name)
				}
				p.Pseudonyms = append(p.Pseudonyms, ps)
			}
		}
	})
	return p
}

func (d *decoder) reels(n *yaml.Node, a *model.Archive) {
	list := mapValue(n, "reels")
	for i, e := range items(list) {
		path := elem("reels", i)
		r := &model.Reel{Pos: d.pos(e), Path: path}
		d.fields(e, path, func(k string, v *yaml.Node, path string) {
			switch k {
			case "reel":
				r.No, _ = strconv.Atoi(str(v))
			case "content":
				r.Content = str(v)
			case "note":
				r.Note = str(v)
			case "items":
				seq := v.Kind == yaml.SequenceNode
				for j, e := range items(v) {
					p := path
					if seq {
						p = elem(path, j)
					}
					// "735-736, 737" in one string is a list too.
					for _, part := range strings.Split(str(e), ",") {
						rg, err := ParseRange(part)
						if err != nil {
							r.Unread = true
							if rangesForm.MatchString(str(e)) {
								// Else the schema has said so.
								d.diags.Errorf(d.pos(e), p, "%s", err)
							}
							break
						}
						rg.Pos, rg.Path = d.pos(e), p
						r.Ranges = append(r.Ranges, rg)
					}
				}
			}
		})
		a.Reels = append(a.Reels, r)
	}
}

// rangesForm is the schema's pattern for the items of a reel.
var rangesForm = regexp.MustCompile(`^\s*[0-9]+\s*([-\x{2013}\x{2014}]\s*[0-9]+\s*)?(,\s*[0-9]+\s*([-\x{2013}\x{2014}]\s*[0-9]+\s*)?)*$`)

// dashes are the dashes a range may be written with, as a hyphen.
var dashes = strings.NewReplacer("\u2013", "-", "\u2014", "-")

// ParseRange reads an inventory number (723) or a range (723-724, or with
// the en or em dash that text copied from a PDF or a word processor has).
func ParseRange(s string) (model.Range, error) {
	s = strings.TrimSpace(s)
	a, b, isRange := strings.Cut(dashes.Replace(s), "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to := from
	var err2 error
	if isRange {
		to, err2 = strconv.Atoi(strings.TrimSpace(b))
	}
	if err1 != nil || err2 != nil || from < 1 || to < 1 {
		return model.Range{}, fmt.Errorf("cannot read %q as an inventory number or range such as 723-724", s)
	}
	return model.Range{From: from, To: to}, nil
}

func (d *decoder) chronology(n *yaml.Node, a *model.Archive) {
	list := mapValue(n, "chronology")
	for i, e := range items(list) {
		path := elem("chronology", i)
		ev := &model.Event{Pos: d.pos(e), Path: path}
		ok := true
		d.fields(e, path, func(k string, v *yaml.Node, path string) {
			switch k {
			case "date":
				ev.Date, ok = d.date(v, path)
			case "event":
				ev.Text = d.prose(v)
			}
		})
		if ok {
			a.Events = append(a.Events, ev)
		}
	}
}

// Slug turns a name into the tail of an identifier: lower case ASCII letters
// and digits separated by single hyphens; letters with diacritics lose them
// ("Mèche, J." → "meche-j").
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

var fold = map[rune]rune{}

func init() {
	groups := map[rune]string{
		'a': "àáâãäåāăąǎ", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ", 'h': "ĥħ",
		'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ", 'o': "òóôõöøōŏő",
		'r': "ŕŗř", 's': "śŝşšș", 't': "ţťŧț", 'u': "ùúûüũūŭůűų", 'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	}
	for base, letters := range groups {
		for _, r := range letters {
			fold[r] = base
		}
	}
}
