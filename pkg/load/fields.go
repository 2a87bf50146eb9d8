package load

import (
	"maps"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Every mapping of the sources is decoded through a table that gives each
// key the schema allows there a decoder of its value. Each table names the
// places in the schema whose properties it decodes, and a test holds every
// table to them, both ways: a property added to the schema without a
// decoder, or a decoder for a key the schema does not have, fails it. A
// field of the sources can so never be dropped silently.

// A field decodes the value v of one key of a mapping into *T; at is where
// v stands.
type field[T any] func(d *decoder, t *T, v *yaml.Node, at dataPath)

// A dataPath is where a value stands: the path of its mapping, its key and,
// in a list there, its index (-1 when it is not in one). It is written out
// only where a decoder needs it (to report a problem, or to keep it in the
// model), since most values never need it.
type dataPath struct {
	parent, key string
	index       int
}

func (p dataPath) String() string {
	s := joinPath(p.parent, p.key)
	if p.index >= 0 {
		s = elem(s, p.index)
	}
	return s
}

// elem is the path of element i of the list at p, which is no element.
func (p dataPath) elem(i int) dataPath {
	p.index = i
	return p
}

// A table decodes the mappings that the schema describes at the JSON
// pointers in schema (inside schema.Main, such as
// "#/definitions/component").
type table[T any] struct {
	schema []string
	fields map[string]field[T]
	keys   []string // of fields, sorted
}

// tableKeys records, for the test, the keys each table decodes by the
// places in the schema it names.
var tableKeys = map[string][]string{}

func newTable[T any](schema []string, fields map[string]field[T]) *table[T] {
	keys := slices.Sorted(maps.Keys(fields))
	for _, p := range schema {
		if _, dup := tableKeys[p]; dup {
			panic("load: two tables decode " + p)
		}
		tableKeys[p] = keys
	}
	return &table[T]{schema: schema, fields: fields, keys: keys}
}

// decodeMap decodes the mapping n, whose data path is path, into t through
// tab. Keys that tab does not know are left to package validate, which
// reports them.
func decodeMap[T any](d *decoder, n *yaml.Node, path string, t *T, tab *table[T]) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	var seen keySet
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if seen.has(k) {
			continue // a duplicate key, reported by Parse; the first value counts
		}
		seen.add(k)
		f := tab.fields[k]
		if f == nil {
			// An unknown key is reported by package validate, which
			// suggests the key meant (pseudonym for pseudonyms). The value
			// is decoded as that key's, unless the mapping has it too, so
			// that what follows from the misspelling (every name of the
			// pseudonyms cited as unknown) is not reported as well.
			if sug := source.Suggest(k, tab.keys); sug != "" && mapValue(n, sug) == nil && !seen.has(sug) {
				f = tab.fields[sug]
				seen.add(sug)
			}
		}
		if f != nil {
			f(d, t, deref(n.Content[i+1]), dataPath{path, k, -1})
		}
	}
}

// A keySet is the keys of a mapping seen so far. The mappings of the
// sources are small, and most hold a few keys: those are kept in an array
// and looked up one by one, and only a mapping with more keys than that
// gets a map (a mapping of a hundred thousand keys must not cost their
// square).
type keySet struct {
	few  [12]string
	n    int
	many map[string]bool
}

func (s *keySet) has(k string) bool {
	if s.many != nil {
		return s.many[k]
	}
	for _, f := range s.few[:s.n] {
		if f == k {
			return true
		}
	}
	return false
}

func (s *keySet) add(k string) {
	switch {
	case s.many != nil:
		s.many[k] = true
	case s.n < len(s.few):
		s.few[s.n] = k
		s.n++
	default:
		s.many = make(map[string]bool, 2*len(s.few))
		for _, f := range s.few {
			s.many[f] = true
		}
		s.many[k] = true
	}
}

// byParse is the decoder of the keys that name other source files
// (authorities, reels, chronology, include): Parse reads those files, and
// Decode decodes each as a Doc of its own.
func byParse[T any](*decoder, *T, *yaml.Node, dataPath) {}

// withNotes adds a decoder for each note field (model.NoteFields) to
// fields; set sets a note of a T.
func withNotes[T any](fields map[string]field[T], set func(*T, model.NoteField, model.Prose)) map[string]field[T] {
	for _, nf := range model.NoteFields {
		fields[nf.Name] = func(d *decoder, t *T, v *yaml.Node, _ dataPath) {
			set(t, nf, d.prose(v))
		}
	}
	return fields
}

var textFields = map[string]field[model.Text]{
	"text": func(_ *decoder, t *model.Text, v *yaml.Node, _ dataPath) { t.Value = str(v) },
	"lang": func(_ *decoder, t *model.Text, v *yaml.Node, _ dataPath) { t.Lang = str(v) },
}

var textTable = newTable([]string{"#/definitions/text"}, textFields)

// titleTable decodes a unit's title, which may be the encoder's.
var titleTable = newTable([]string{"#/definitions/title"}, with(textFields, map[string]field[model.Text]{
	"editorial": func(_ *decoder, t *model.Text, v *yaml.Node, _ dataPath) { t.Editorial = boolean(v) },
}))

var proseTable = newTable([]string{"#/definitions/prose"}, map[string]field[model.Prose]{
	"head": func(_ *decoder, p *model.Prose, v *yaml.Node, _ dataPath) { p.Head = str(v) },
	"text": func(d *decoder, p *model.Prose, v *yaml.Node, _ dataPath) {
		p.Text = str(v)
		p.Pos = d.pos(v)
		d.bodyPos(v, p)
	},
	"internal": func(_ *decoder, p *model.Prose, v *yaml.Node, _ dataPath) { p.Internal = boolean(v) },
	"editorial": func(d *decoder, p *model.Prose, v *yaml.Node, _ dataPath) {
		e := &model.Prose{Text: str(v), Pos: d.pos(v)}
		d.bodyPos(v, e)
		p.Editorial = e
		if p.Text == "" {
			p.Pos = e.Pos // the note is where its words are
		}
	},
})

// A dateForm is a date written as a mapping, before it is read.
type dateForm struct {
	date       *yaml.Node
	dateWhere  dataPath
	expression string
	typ        string
}

var writtenDateFields = map[string]field[dateForm]{
	"date": func(_ *decoder, f *dateForm, v *yaml.Node, at dataPath) { f.date, f.dateWhere = v, at },
	"expression": func(_ *decoder, f *dateForm, v *yaml.Node, _ dataPath) {
		f.expression = str(v)
	},
}

// writtenDateTable decodes {date, expression}: a date with the wording of
// an imported finding aid, or (no date) a wording fonds cannot read.
var writtenDateTable = newTable([]string{"#/definitions/writtenDate"}, writtenDateFields)

// unitDateTable decodes a date of the material, which may also be a bulk
// date: {date, expression, type}.
var unitDateTable = newTable([]string{"#/definitions/unitdate", "#/definitions/dates"},
	with(writtenDateFields, map[string]field[dateForm]{
		"type": func(_ *decoder, f *dateForm, v *yaml.Node, _ dataPath) { f.typ = str(v) },
	}))

// with is a copy of a with the fields of b.
func with[T any](a, b map[string]field[T]) map[string]field[T] {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

var agentTable = newTable([]string{
	"#/definitions/agent", "#/definitions/agents",
	"#/definitions/component/properties/from", "#/definitions/component/properties/to",
	"#/definitions/component/properties/names", "#/definitions/component/properties/places",
}, agentFields)

var agentFields = map[string]field[model.Agent]{
	"name": func(d *decoder, a *model.Agent, v *yaml.Node, _ dataPath) { a.Name = d.word(v) },
	"text": func(d *decoder, a *model.Agent, v *yaml.Node, _ dataPath) { a.Name, a.Free = d.word(v), true },
	"certainty": func(_ *decoder, a *model.Agent, v *yaml.Node, _ dataPath) {
		a.Certainty, _ = model.CertaintyNamed(str(v)) // another is the schema's to report
	},
}

// creatorTable decodes a creator of the fonds: a name as agentTable does,
// and the label the sources give it, which the fonds keeps
// (Fonds.CreatorLabels).
var creatorTable = newTable([]string{"#/definitions/creator", "#/definitions/fonds/properties/creators"},
	withField(agentFields, "label", func(d *decoder, a *model.Agent, v *yaml.Node, _ dataPath) {
		if d.creatorLabels == nil {
			d.creatorLabels = map[*model.Agent]string{}
		}
		d.creatorLabels[a] = str(v)
	}))

// withField returns fields and one more.
func withField[T any](fields map[string]field[T], key string, f field[T]) map[string]field[T] {
	out := maps.Clone(fields)
	out[key] = f
	return out
}

var languageTable = newTable([]string{"#/definitions/language/anyOf/1"}, map[string]field[model.Language]{
	"code":   func(d *decoder, l *model.Language, v *yaml.Node, _ dataPath) { l.Code = d.word(v) },
	"script": func(d *decoder, l *model.Language, v *yaml.Node, _ dataPath) { l.Script = d.word(v) },
	"name":   func(_ *decoder, l *model.Language, v *yaml.Node, _ dataPath) { l.Name = str(v) },
})

var fondsTable = newTable([]string{"#/definitions/fonds"}, withNotes(map[string]field[model.Fonds]{
	"reference_code": func(_ *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.ReferenceCode = str(v) },
	"title":          func(d *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Title = d.text(v, textTable) },
	"dates":          func(d *decoder, f *model.Fonds, v *yaml.Node, at dataPath) { f.Dates = d.dates(v, at) },
	"level":          func(_ *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Level = str(v) },
	"extent":         func(d *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Extent = d.extent(v) },
	"creators": func(d *decoder, f *model.Fonds, v *yaml.Node, at dataPath) {
		f.Creators = d.agents(v, at, model.Creator)
		for i, a := range f.Creators {
			if l := d.creatorLabels[a]; l != "" {
				if f.CreatorLabels == nil {
					f.CreatorLabels = make([]string, len(f.Creators))
				}
				f.CreatorLabels[i] = l
			}
		}
	},
	"repository": func(d *decoder, f *model.Fonds, v *yaml.Node, at dataPath) {
		f.Repository.Pos = d.pos(v)
		decodeMap(d, v, at.String(), &f.Repository, repositoryTable)
	},
	"languages": func(d *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Languages = d.languages(v) },
	"finding_aid": func(d *decoder, f *model.Fonds, v *yaml.Node, at dataPath) {
		f.FindingAid.Pos = d.pos(v)
		decodeMap(d, v, at.String(), &f.FindingAid, findingAidTable)
	},
	"subjects": func(_ *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Subjects = strs(v) },
	"genres":   func(_ *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Genres = strs(v) },
	"contents": func(d *decoder, f *model.Fonds, v *yaml.Node, at dataPath) {
		f.Contents = d.contents(v, at.String(), nil)
	},
	"ead":         func(d *decoder, f *model.Fonds, v *yaml.Node, _ dataPath) { f.Raw, f.RawAt = d.raw(v) },
	"authorities": byParse[model.Fonds],
	"reels":       byParse[model.Fonds],
	"chronology":  byParse[model.Fonds],
}, func(f *model.Fonds, nf model.NoteField, p model.Prose) { *nf.Of(&f.Description) = p }))

var repositoryTable = newTable([]string{"#/definitions/fonds/properties/repository"}, map[string]field[model.Repository]{
	"name":    func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.Name = str(v) },
	"isil":    func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.ISIL = str(v) },
	"country": func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.Country = str(v) },
	"address": func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.Address = strs(v) },
	"url":     func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.URL = str(v) },
	"email":   func(_ *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.Email = str(v) },
	"request": func(d *decoder, r *model.Repository, v *yaml.Node, _ dataPath) { r.Request = d.prose(v) },
})

var findingAidTable = newTable([]string{"#/definitions/fonds/properties/finding_aid"}, map[string]field[model.FindingAid]{
	"id":         func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.ID = str(v) },
	"url":        func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.URL = str(v) },
	"identifier": func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Identifier = str(v) },
	"title":      func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Title = str(v) },
	"author":     func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Author = str(v) },
	"publisher":  func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Publisher = str(v) },
	"date":       func(d *decoder, fa *model.FindingAid, v *yaml.Node, at dataPath) { fa.Date, _ = d.date(v, at) },
	"language":   func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Language = str(v) },
	"script":     func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Script = str(v) },
	"rules":      func(_ *decoder, fa *model.FindingAid, v *yaml.Node, _ dataPath) { fa.Rules = str(v) },
	"revisions": func(d *decoder, fa *model.FindingAid, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			r := model.Revision{Pos: d.pos(e)}
			decodeMap(d, e, elem(path, i), &r, revisionTable)
			fa.Revisions = append(fa.Revisions, r)
		}
	},
})

var revisionTable = newTable([]string{"#/definitions/fonds/properties/finding_aid/properties/revisions/items"}, map[string]field[model.Revision]{
	"date": func(d *decoder, r *model.Revision, v *yaml.Node, at dataPath) { r.Date, _ = d.date(v, at) },
	"text": func(_ *decoder, r *model.Revision, v *yaml.Node, _ dataPath) { r.Text = str(v) },
	"who":  func(_ *decoder, r *model.Revision, v *yaml.Node, _ dataPath) { r.Who = str(v) },
})

// componentTable is set by init: a component's contents are components, so
// its table refers to itself, which a variable's initializer cannot.
var componentTable *table[model.Component]

func init() {
	componentTable = newTable([]string{"#/definitions/component"}, withNotes(map[string]field[model.Component]{
		"id":         func(_ *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.ID, c.IDWritten = str(v), true },
		"level":      func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.Level = d.word(v) },
		"otherlevel": func(_ *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.OwnDetails().OtherLevel = str(v) },
		"inv": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			p := d.pos(v)
			c.InvLine, c.InvCol = int32(p.Line), int32(p.Col)
			c.Inv, _ = d.number(v, at.String(), invNumber)
		},
		"unitid":   func(_ *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.OwnDetails().UnitID = str(v) },
		"title":    func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.Title = d.text(v, titleTable) },
		"dates":    func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) { c.Dates = d.dates(v, at) },
		"form":     func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.Forms = d.wordList(v) },
		"physdesc": func(_ *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.OwnDetails().PhysDesc = str(v) },
		"extent":   func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.OwnDetails().Extent = d.extent(v) },
		"from": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			c.From = d.agents(v, at, model.Sender)
		},
		"to": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			c.To = d.agents(v, at, model.Addressee)
		},
		"names": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			if names := d.agents(v, at, model.Subject); names != nil {
				c.OwnDetails().Names = names
			}
		},
		"places": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			if places := d.agents(v, at, model.Subject); places != nil {
				c.OwnDetails().PlaceRefs = places
			}
		},
		"languages": func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) {
			c.OwnDetails().Languages = d.languages(v)
		},
		"containers": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			path := at.String()
			for i, e := range items(v) {
				ct := model.Container{Pos: d.pos(e)}
				decodeMap(d, e, elem(path, i), &ct, containerTable)
				c.OwnDetails().Containers = append(c.OwnDetails().Containers, ct)
			}
		},
		"links": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			path := at.String()
			for i, e := range items(v) {
				l := model.Link{Pos: d.pos(e)}
				decodeMap(d, e, elem(path, i), &l, linkTable)
				c.OwnDetails().Links = append(c.OwnDetails().Links, l)
			}
		},
		"internal": func(_ *decoder, c *model.Component, v *yaml.Node, _ dataPath) { c.Internal = boolean(v) },
		"ead": func(d *decoder, c *model.Component, v *yaml.Node, _ dataPath) {
			m := c.OwnDetails()
			m.Raw, m.RawAt = d.raw(v)
		},
		"contents": func(d *decoder, c *model.Component, v *yaml.Node, at dataPath) {
			c.Children = d.contents(v, at.String(), c)
		},
		"include": byParse[model.Component],
	}, func(c *model.Component, nf model.NoteField, p model.Prose) {
		if c.Description == nil {
			c.Description = new(model.UnitNotes)
		}
		c.Description.Set(nf, p)
	}))
}

var containerTable = newTable([]string{"#/definitions/component/properties/containers/items"}, map[string]field[model.Container]{
	"type":   func(d *decoder, c *model.Container, v *yaml.Node, _ dataPath) { c.Type = d.word(v) },
	"value":  func(_ *decoder, c *model.Container, v *yaml.Node, _ dataPath) { c.Value = str(v) },
	"label":  func(_ *decoder, c *model.Container, v *yaml.Node, _ dataPath) { c.Label = str(v) },
	"id":     func(_ *decoder, c *model.Container, v *yaml.Node, _ dataPath) { c.ID = str(v) },
	"parent": func(_ *decoder, c *model.Container, v *yaml.Node, _ dataPath) { c.Parent = str(v) },
})

var linkTable = newTable([]string{"#/definitions/component/properties/links/items"}, map[string]field[model.Link]{
	"href":  func(_ *decoder, l *model.Link, v *yaml.Node, _ dataPath) { l.Href = str(v) },
	"title": func(_ *decoder, l *model.Link, v *yaml.Node, _ dataPath) { l.Title = str(v) },
	"role":  func(_ *decoder, l *model.Link, v *yaml.Node, _ dataPath) { l.Role = str(v) },
	"text":  func(_ *decoder, l *model.Link, v *yaml.Node, _ dataPath) { l.Text = str(v) },
})

var authoritiesTable = newTable([]string{"#/definitions/authoritiesFile"}, map[string]field[model.Archive]{
	"persons": func(d *decoder, a *model.Archive, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			a.People = append(a.People, d.person(e, elem(path, i)))
		}
	},
	"bodies": func(d *decoder, a *model.Archive, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			b := &model.Body{Record: model.Record{Pos: d.pos(e)}}
			decodeMap(d, e, elem(path, i), b, bodyTable)
			a.Bodies = append(a.Bodies, b)
		}
	},
	"places": func(d *decoder, a *model.Archive, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			pl := &model.Place{Record: model.Record{Pos: d.pos(e)}}
			decodeMap(d, e, elem(path, i), pl, placeTable)
			a.Places = append(a.Places, pl)
		}
	},
})

var personTable = newTable([]string{"#/definitions/person"}, map[string]field[model.Person]{
	"id":   func(_ *decoder, p *model.Person, v *yaml.Node, _ dataPath) { p.ID = str(v) },
	"name": func(_ *decoder, p *model.Person, v *yaml.Node, _ dataPath) { p.Name = str(v) },
	"variants": func(d *decoder, p *model.Person, v *yaml.Node, at dataPath) {
		p.Variants = strs(v)
		p.Splits = append(p.Splits, d.splitNames(v, at.String())...)
	},
	"dates": func(d *decoder, p *model.Person, v *yaml.Node, at dataPath) {
		if dt, ok := d.date(v, at); ok {
			p.Dates = &dt
		}
	},
	"authority": func(d *decoder, p *model.Person, v *yaml.Node, at dataPath) {
		p.Authority, p.AuthSource, p.AuthRules = d.authority(v, at)
	},
	"note": func(d *decoder, p *model.Person, v *yaml.Node, _ dataPath) { p.Note = d.prose(v) },
	"pseudonyms": func(d *decoder, p *model.Person, v *yaml.Node, at dataPath) {
		path := at.String()
		p.Splits = append(p.Splits, d.splitNames(v, path)...)
		for i, e := range items(v) {
			ps := &model.Pseudonym{Pos: d.pos(e), Person: p}
			if e.Kind == yaml.MappingNode {
				decodeMap(d, e, elem(path, i), ps, pseudonymTable)
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
	},
})

// authorityRecord is an authority record as the sources write it, for a
// person, a corporate body or a place alike.
type authorityRecord struct{ id, source, rules string }

var authorityTable = newTable([]string{"#/definitions/authority"}, map[string]field[authorityRecord]{
	"id":     func(_ *decoder, a *authorityRecord, v *yaml.Node, _ dataPath) { a.id = str(v) },
	"source": func(_ *decoder, a *authorityRecord, v *yaml.Node, _ dataPath) { a.source = str(v) },
	"rules":  func(_ *decoder, a *authorityRecord, v *yaml.Node, _ dataPath) { a.rules = str(v) },
})

// authority reads an authority record: its number, its file, its rules.
func (d *decoder) authority(v *yaml.Node, at dataPath) (id, source, rules string) {
	var a authorityRecord
	decodeMap(d, v, at.String(), &a, authorityTable)
	return a.id, a.source, a.rules
}

var pseudonymTable = newTable([]string{"#/definitions/pseudonym"}, map[string]field[model.Pseudonym]{
	"name":       func(_ *decoder, ps *model.Pseudonym, v *yaml.Node, _ dataPath) { ps.Name = str(v) },
	"id":         func(_ *decoder, ps *model.Pseudonym, v *yaml.Node, _ dataPath) { ps.ID = str(v) },
	"maintained": func(_ *decoder, ps *model.Pseudonym, v *yaml.Node, _ dataPath) { ps.Maintained = boolean(v) },
	"note":       func(_ *decoder, ps *model.Pseudonym, v *yaml.Node, _ dataPath) { ps.Note = str(v) },
})

var bodyTable = newTable([]string{"#/definitions/body"}, map[string]field[model.Body]{
	"id":       func(_ *decoder, b *model.Body, v *yaml.Node, _ dataPath) { b.ID = str(v) },
	"name":     func(_ *decoder, b *model.Body, v *yaml.Node, _ dataPath) { b.Name = str(v) },
	"short":    func(_ *decoder, b *model.Body, v *yaml.Node, _ dataPath) { b.Short = str(v) },
	"variants": func(_ *decoder, b *model.Body, v *yaml.Node, _ dataPath) { b.Variants = strs(v) },
	"dates": func(d *decoder, b *model.Body, v *yaml.Node, at dataPath) {
		if dt, ok := d.date(v, at); ok {
			b.Dates = &dt
		}
	},
	"note": func(d *decoder, b *model.Body, v *yaml.Node, _ dataPath) { b.Note = d.prose(v) },
	"authority": func(d *decoder, b *model.Body, v *yaml.Node, at dataPath) {
		b.Authority, b.AuthSource, b.AuthRules = d.authority(v, at)
	},
})

var placeTable = newTable([]string{"#/definitions/place"}, map[string]field[model.Place]{
	"id":       func(_ *decoder, pl *model.Place, v *yaml.Node, _ dataPath) { pl.ID = str(v) },
	"name":     func(_ *decoder, pl *model.Place, v *yaml.Node, _ dataPath) { pl.Name = str(v) },
	"variants": func(_ *decoder, pl *model.Place, v *yaml.Node, _ dataPath) { pl.Variants = strs(v) },
	"country":  func(_ *decoder, pl *model.Place, v *yaml.Node, _ dataPath) { pl.Country = str(v) },
	"note":     func(d *decoder, pl *model.Place, v *yaml.Node, _ dataPath) { pl.Note = d.prose(v) },
	"authority": func(d *decoder, pl *model.Place, v *yaml.Node, at dataPath) {
		pl.Authority, pl.AuthSource, pl.AuthRules = d.authority(v, at)
	},
})

var reelsTable = newTable([]string{"#/definitions/reelsFile"}, map[string]field[model.Archive]{
	"reels": func(d *decoder, a *model.Archive, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			p := elem(path, i)
			r := &model.Reel{Pos: d.pos(e), Path: p}
			decodeMap(d, e, p, r, reelTable)
			a.Reels = append(a.Reels, r)
		}
	},
})

var reelTable = newTable([]string{"#/definitions/reel"}, map[string]field[model.Reel]{
	"reel": func(d *decoder, r *model.Reel, v *yaml.Node, at dataPath) {
		r.No, _ = d.number(v, at.String(), reelNumber)
	},
	"content": func(_ *decoder, r *model.Reel, v *yaml.Node, _ dataPath) { r.Content = str(v) },
	"note":    func(_ *decoder, r *model.Reel, v *yaml.Node, _ dataPath) { r.Note = str(v) },
	"items":   func(d *decoder, r *model.Reel, v *yaml.Node, at dataPath) { d.reelItems(r, v, at.String()) },
})

var chronologyTable = newTable([]string{"#/definitions/chronologyFile"}, map[string]field[model.Archive]{
	"chronology": func(d *decoder, a *model.Archive, v *yaml.Node, at dataPath) {
		path := at.String()
		for i, e := range items(v) {
			p := elem(path, i)
			ev := &model.Event{Pos: d.pos(e), Path: p}
			dated := event{Event: ev, ok: true}
			decodeMap(d, e, p, &dated, eventTable)
			if dated.ok {
				a.Events = append(a.Events, ev)
			}
		}
	},
})

// An event is a chronology entry being decoded; ok is false when its date
// cannot be read, and the entry is left out.
type event struct {
	*model.Event
	ok bool
}

var eventTable = newTable([]string{"#/definitions/event"}, map[string]field[event]{
	"date":  func(d *decoder, e *event, v *yaml.Node, at dataPath) { e.Date, e.ok = d.date(v, at) },
	"event": func(d *decoder, e *event, v *yaml.Node, _ dataPath) { e.Text = d.prose(v) },
})
