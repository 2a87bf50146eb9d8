package site

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// A Site is one finding aid as the templates see it: the archive, the pages
// it has and where each record is described.
type Site struct {
	Archive *model.Archive
	Fonds   *model.Fonds
	Lang    string // BCP 47 tag of the finding aid's language, "en"
	Slug    string
	Nav     []Link // the site's pages, in reading order

	// Pages that exist.
	HasChronology, HasPersons, HasNames, HasMicrofilm bool

	opt Options
	// By a unit's number (model.Component.Seq), not in maps keyed by
	// the unit: a slice costs a few bytes a unit and a lookup no hashing,
	// where a map of 300,000 units is tens of megabytes that every lookup
	// reads at random.
	page  []int32    // where a published unit is described: 1 + its page in inv; 0 for none
	inv   []*invPage // the inventory's pages, in order
	count []int32    // published units in a unit's subtree, itself included
	// kept is what the inventory's pages read of a unit's raw EAD, for the
	// search index, which takes it (and lets it go) instead of reading the
	// raw EAD again.
	kept map[*model.Component]eadtext.Kept
	// authHref is the address of each record that a unit cites, made once.
	authHref map[model.Authority]string

	described *bool // Described, once known

	// out is the page being rendered, while it is (Output.render), into
	// which writeUnitsHere writes.
	out htmlWriter
}

// A Link is a labelled address.
type Link struct {
	Href  string
	Label string
}

// A Page is the data a page template gets.
type Page struct {
	Site    *Site // nil on the page that lists every finding aid
	File    string
	Kind    string // collection, inventory, chronology, persons, names, microfilm, search, home
	Lang    string
	Title   string     // the page's title, for <title>
	Heading model.Text // its h1
	Crumbs  []Link     // the breadcrumb, from the collection down; empty on top-level pages

	// The collection description.
	Summary  []Field         // the identity statement (EAD did)
	Sections []Section       // the notes and further parts, in reading order
	Series   []*Unit         // the top-level units, for the overview
	About    []eadtext.Field // the finding aid's own description that an import kept as EAD
	Cite     string          // how to cite the collection (present.Citation)
	CiteHead string          // its heading: the preferred citation's own head, else "Citation"
	Address  string          // the finding aid's permanent address, when it may be a link

	// An inventory page.
	Root  *Unit   // the unit the page is about; nil on inventory.html
	Units []*Unit // the units on the page
	Part  int     // 1-based part of a unit split over several pages
	Parts []Link  // every part, when there are several

	Years      []Year         // the chronology
	Letters    []Letter       // persons or names, A–Z
	Pseudonyms []PseudonymRow // the persons page: the inventory's table "Pseudonym / User"
	Reels      []*ReelRow
	Entries    []Entry // the list of finding aids

	template string
	fill     func(*Page)
}

// A Field is a labelled value of the identity statement; one of its forms
// is set.
type Field struct {
	Label  string
	Text   string
	Texts  []string
	Agents []*model.Agent
	Links  []Link
}

// A Section is one part of the collection description: a note, or a link
// to another page (the chronology, the inventory).
type Section struct {
	ID    string
	Head  string
	Prose model.Prose
	Links []Link // further pages this part continues on
	Items []string
}

// newSite lays out the pages of a finding aid.
func newSite(a *model.Archive, opt Options) *Site {
	if opt.PageUnits <= 0 {
		opt.PageUnits = DefaultPageUnits
	}
	s := &Site{Archive: a, Fonds: a.Fonds, Lang: "en", Slug: a.Slug(), opt: opt,
		kept: map[*model.Component]eadtext.Kept{}, authHref: map[model.Authority]string{}}
	if a.Fonds == nil {
		return s
	}
	if l := present.Tag(a.Fonds.FindingAid.Language, a.Fonds.FindingAid.Script); l != "" {
		s.Lang = l
	}
	s.HasChronology = len(a.Events) > 0
	s.HasPersons = len(a.People) > 0
	s.HasNames = len(a.Bodies)+len(a.Places) > 0
	s.HasMicrofilm = len(a.Reels) > 0
	s.Nav = append(s.Nav, Link{"index.html", "Description"}, Link{"inventory.html", "Inventory"})
	if s.HasChronology {
		s.Nav = append(s.Nav, Link{"chronology.html", "Chronology"})
	}
	if s.HasPersons {
		s.Nav = append(s.Nav, Link{"persons.html", "Persons"})
	}
	if s.HasNames {
		s.Nav = append(s.Nav, Link{"names.html", "Organizations and places"})
	}
	if s.HasMicrofilm {
		s.Nav = append(s.Nav, Link{"microfilm.html", "Microfilm"})
	}
	s.Nav = append(s.Nav, Link{"search.html", "Search"})
	s.plan()
	return s
}

// seq is c's number in the finding aid's units (model.Component.Seq), -1
// for nil or a unit that is not among them (of an archive not resolved).
func (s *Site) seq(c *model.Component) int {
	if c == nil {
		return -1
	}
	if i := c.Seq; i >= 0 && i < len(s.Archive.Components) && s.Archive.Components[i] == c {
		return i
	}
	return -1
}

// countOf is how many published units c's subtree holds, itself included.
func (s *Site) countOf(c *model.Component) int {
	if i := s.seq(c); i >= 0 {
		return int(s.count[i])
	}
	return 0
}

// pageOf is the inventory page on which a published unit is described,
// nil for one that is not published.
func (s *Site) pageOf(c *model.Component) *invPage {
	if n := s.pageIndex(c); n >= 0 {
		return s.inv[n]
	}
	return nil
}

// pageIndex is the number of the inventory page (in s.inv) on which a
// published unit is described, -1 for one that is not published.
func (s *Site) pageIndex(c *model.Component) int {
	if i := s.seq(c); i >= 0 && s.page[i] > 0 {
		return int(s.page[i] - 1)
	}
	return -1
}

// published reports whether a unit appears in this build.
func (s *Site) published(c *model.Component) bool { return !c.Hidden(s.opt.Internal) }

// kids returns the published children of c (of the fonds when c is nil).
func (s *Site) kids(c *model.Component) []*model.Component {
	list := s.Fonds.Contents
	if c != nil {
		list = c.Children
	}
	out := make([]*model.Component, 0, len(list))
	for _, k := range list {
		if s.published(k) {
			out = append(out, k)
		}
	}
	return out
}

// pages lists the pages of the finding aid, in the order they are written.
func (s *Site) pages() []*Page {
	page := func(file, kind, tmpl, title string, fill func(*Page)) *Page {
		return &Page{Site: s, File: file, Kind: kind, Lang: s.Lang, Title: title,
			Heading: model.Text{Value: title}, template: tmpl, fill: fill}
	}
	col := page("index.html", "collection", "collection.html", s.Fonds.Title.Value, s.fillCollection)
	col.Heading = s.Fonds.Title
	out := []*Page{col}
	for _, ip := range s.inv {
		out = append(out, s.inventoryPage(ip))
	}
	if s.HasChronology {
		out = append(out, page("chronology.html", "chronology", "chronology.html", "Chronology", s.fillChronology))
	}
	if s.HasPersons {
		out = append(out, page("persons.html", "persons", "persons.html", "Persons and pseudonyms", s.fillPersons))
	}
	if s.HasNames {
		out = append(out, page("names.html", "names", "names.html", "Organizations and places", s.fillNames))
	}
	if s.HasMicrofilm {
		out = append(out, page("microfilm.html", "microfilm", "microfilm.html", "Microfilm concordance", s.fillMicrofilm))
	}
	out = append(out, page("search.html", "search", "search.html", "Search", nil))
	return out
}

// fillCollection gathers the collection-level description, in the order of
// EAD's archdesc: identity, then every note (the chronology after the
// biographical history, the microfilm concordance after the copies), then
// the index terms, the inventory and the finding aid's own description.
func (s *Site) fillCollection(p *Page) {
	f := s.Fonds
	add := func(fl Field) {
		if fl.Text != "" || len(fl.Texts) > 0 || len(fl.Agents) > 0 || len(fl.Links) > 0 {
			p.Summary = append(p.Summary, fl)
		}
	}
	p.Cite = present.Citation(s.Archive, nil, s.opt.Internal)
	p.CiteHead = "Citation"
	if pc := &f.PreferredCitation; pc.Head != "" && s.showNote(pc) {
		p.CiteHead = pc.Head // a head an import kept ("Preferred Citation", "Aanbevolen citeerwijze")
	}
	p.Address = safeURL(f.FindingAid.URL)
	add(Field{Label: "Reference code", Text: f.ReferenceCode})
	add(Field{Label: "Dates", Text: present.Dates(f.Dates)})
	add(Field{Label: "Level of description", Text: levelLabel(f.Level, "")})
	var ext []string
	for _, e := range f.Extent {
		ext = append(ext, e.Value)
	}
	add(Field{Label: "Extent", Texts: ext})
	for _, g := range present.Creators(f) {
		add(Field{Label: g.Label, Agents: g.Agents})
	}
	repo := []string{f.Repository.Name}
	repo = append(repo, f.Repository.Address...)
	if f.Repository.ISIL != "" {
		repo = append(repo, "ISIL "+f.Repository.ISIL)
	}
	add(Field{Label: "Repository", Texts: repo})
	if u := safeURL(f.Repository.URL); u != "" {
		add(Field{Label: "Repository website", Links: []Link{{u, f.Repository.URL}}})
	}
	var langs []string
	for _, l := range f.Languages {
		langs = append(langs, present.Language(l))
	}
	add(Field{Label: "Languages of the material", Texts: langs})
	if u := safeURL(f.FindingAid.URL); u != "" {
		add(Field{Label: "Permanent address", Links: []Link{{u, f.FindingAid.URL}}})
	}

	for _, n := range present.Notes {
		note := n.Of(&f.Description)
		if n.Name == "abstract" || n.Name == "preferred_citation" || !s.showNote(note) {
			continue // the abstract heads the page; the citation has a section of its own
		}
		sec := Section{ID: strings.ReplaceAll(n.Name, "_", "-"), Head: n.Head(note), Prose: *note}
		switch {
		case n.Name == "biographical_history" && s.HasChronology:
			sec.Links = append(sec.Links, Link{"chronology.html", "Chronology"})
		case n.Name == "copies" && s.HasMicrofilm:
			sec.Links = append(sec.Links, Link{"microfilm.html", "Microfilm concordance"})
		}
		p.Sections = append(p.Sections, sec)
	}
	// What an import kept as EAD: facts of the identity statement, notes
	// after fonds's own, facts of the finding aid. fonds check has read
	// the field already, so it cannot fail here.
	kept, _ := eadtext.Read(f.Raw, s.opt.Internal)
	for _, kf := range kept.Fields {
		add(Field{Label: kf.Label, Text: kf.Text})
	}
	for i, n := range kept.Notes {
		p.Sections = append(p.Sections, Section{ID: "kept-" + strconv.Itoa(i+1), Head: n.Head, Prose: model.Prose{Text: n.Text}})
	}
	p.About = kept.Header
	if s.HasChronology && !s.showNote(&f.BiographicalHistory) {
		p.Sections = append(p.Sections, Section{ID: "chronology", Head: "Chronology",
			Links: []Link{{"chronology.html", "Chronology"}}})
	}
	if s.HasMicrofilm && (f.Copies.IsZero() || !s.showNote(&f.Copies)) {
		p.Sections = append(p.Sections, Section{ID: "microfilm", Head: "Microfilm",
			Links: []Link{{"microfilm.html", "Microfilm concordance"}}})
	}
	if len(f.Subjects) > 0 {
		p.Sections = append(p.Sections, Section{ID: "subjects", Head: "Subjects", Items: f.Subjects})
	}
	if len(f.Genres) > 0 {
		p.Sections = append(p.Sections, Section{ID: "genres", Head: "Genres and forms", Items: f.Genres})
	}
	var names []Link
	if s.HasPersons {
		names = append(names, Link{"persons.html", "Persons and pseudonyms"})
	}
	if s.HasNames {
		names = append(names, Link{"names.html", "Organizations and places"})
	}
	if len(names) > 0 {
		p.Sections = append(p.Sections, Section{ID: "names", Head: "Names", Links: names})
	}
	for _, c := range s.kids(nil) {
		p.Series = append(p.Series, s.unit(c, 3, stub))
	}
}

// showNote reports whether a note is published.
func (s *Site) showNote(p *model.Prose) bool {
	return !p.IsZero() && (!p.Internal || s.opt.Internal)
}

// levelLabel names a level of description for readers.
func levelLabel(level, other string) string {
	switch level {
	case "", "otherlevel":
		return upperFirst(other)
	case "country":
		if other != "" {
			return upperFirst(other)
		}
		return "Country file"
	case "subfonds":
		return "Subfonds"
	case "subgrp":
		return "Subgroup"
	case "recordgrp":
		return "Record group"
	}
	return upperFirst(level)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// invLabel is a unit's number as the inventory column shows it.
func invLabel(c *model.Component) string {
	if c.Inv != 0 {
		return strconv.Itoa(c.Inv)
	}
	return c.UnitID()
}

// NavFile is the entry of the site's navigation this page belongs to.
func (p *Page) NavFile() string {
	if p.Kind == "inventory" {
		return "inventory.html"
	}
	return p.File
}

// FindingAidDate is the date of the finding aid, for readers.
func (s *Site) FindingAidDate() string { return s.Fonds.FindingAid.Date.Display() }

// FindingAidLanguage names the language (and script) of the finding aid.
func (s *Site) FindingAidLanguage() string {
	fa := s.Fonds.FindingAid
	return present.Language(model.Language{Code: fa.Language, Script: fa.Script})
}

// Described reports whether any reel holds a published unit, so that the
// concordance needs a column for them. The template asks on every row:
// the answer is worked out once.
func (s *Site) Described() bool {
	if s.described == nil {
		found := false
		for _, r := range s.Archive.Reels {
			for _, c := range r.Items {
				if s.published(c) {
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		s.described = &found
	}
	return *s.described
}

// DescribedOnReels counts the published units whose inventory number is
// on a reel.
func (s *Site) DescribedOnReels() int {
	n := 0
	for _, c := range s.Archive.Components {
		if c.Inv != 0 && len(c.Reels) > 0 && s.published(c) {
			n++
		}
	}
	return n
}

// A Contact is a repository as the foot of every page shows it: where it
// is, how to reach it and how to ask for the material.
type Contact struct {
	Name    string
	Address []string
	URL     string // its website, when it may be a link
	Email   string
	Request template.HTML // how to ask for the material (repository.request)
	Access  string        // the collection's conditions of access, when the description has them
}

// contact is the repository of a finding aid.
func (s *Site) contact() Contact {
	r := s.Fonds.Repository
	c := Contact{Name: r.Name, Address: r.Address, URL: safeURL(r.URL), Email: r.Email}
	if s.showNote(&r.Request) {
		c.Request = s.renderProse(r.Request.Text, 3)
	}
	return c
}

// Contacts are the repositories at the foot of the page: its finding
// aid's, with a link to the conditions of access; on the list of finding
// aids, the repository of each, once.
func (p *Page) Contacts() []Contact {
	if p.Site != nil {
		if p.Site.Fonds == nil {
			return nil
		}
		c := p.Site.contact()
		if p.Site.showNote(&p.Site.Fonds.Access) {
			c.Access = "index.html#access"
		}
		return []Contact{c}
	}
	var out []Contact
	seen := map[string]bool{}
	for _, e := range p.Entries {
		c := e.Site.contact()
		key := strings.Join(append([]string{c.Name, c.URL, c.Email}, c.Address...), "\n")
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}
