package site

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// An invPage is one page of the inventory: children of root (of the fonds
// when root is nil), part of parts.
type invPage struct {
	file  string
	root  *model.Component
	units []*model.Component
	part  int
	files []string // the files of every part
}

// plan decides on which page each published unit is described. A unit
// whose subtree holds more units than a page may gets a page of its own
// (recursively); the children of one parent that still do not fit on one
// page are split into parts. A small inventory is one page; one of 100,000
// items is a tree of pages of at most PageUnits units each, each page
// linked from its parent's. The cost is linear in the number of units.
func (s *Site) plan() {
	a := s.Archive
	s.count = make([]int32, len(a.Components))
	s.page = make([]int32, len(a.Components))
	// Document order puts children after their parent: walking it
	// backwards counts every subtree in one pass.
	for i := len(a.Components) - 1; i >= 0; i-- {
		c := a.Components[i]
		if !s.published(c) {
			continue
		}
		n := int32(1)
		for _, k := range c.Children {
			n += int32(s.countOf(k))
		}
		s.count[i] = n
	}
	used := map[string]bool{}
	s.layout(nil, "inventory", used)
}

// split reports whether c gets an inventory page of its own.
func (s *Site) split(c *model.Component) bool { return s.countOf(c) > s.opt.PageUnits }

func (s *Site) layout(root *model.Component, base string, used map[string]bool) {
	var chunks [][]*model.Component
	var cur []*model.Component
	weight := 0
	for _, k := range s.kids(root) {
		w := s.countOf(k)
		if s.split(k) {
			w = 1 // only a link to its page
		}
		if len(cur) > 0 && weight+w > s.opt.PageUnits {
			chunks = append(chunks, cur)
			cur, weight = nil, 0
		}
		cur = append(cur, k)
		weight += w
	}
	if len(cur) > 0 || len(chunks) == 0 {
		chunks = append(chunks, cur)
	}
	files := make([]string, len(chunks))
	for i := range chunks {
		name := base
		if i > 0 {
			name += "-" + strconv.Itoa(i+1)
		}
		files[i] = claim(name, used)
	}
	if i := s.seq(root); i >= 0 {
		s.page[i] = int32(len(s.inv) + 1)
	}
	for i, ch := range chunks {
		s.inv = append(s.inv, &invPage{file: files[i], root: root, units: ch, part: i + 1, files: files})
		for _, k := range ch {
			if !s.split(k) {
				s.assign(k, int32(len(s.inv)))
			}
		}
	}
	for _, ch := range chunks {
		for _, k := range ch {
			if s.split(k) {
				s.layout(k, "inventory-"+fileName(k.ID), used)
			}
		}
	}
}

// assign puts c and every published unit below it on page (1 + its
// place in inv).
func (s *Site) assign(c *model.Component, page int32) {
	stack := []*model.Component{c}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !s.published(x) {
			continue
		}
		if i := s.seq(x); i >= 0 {
			s.page[i] = page
		}
		stack = append(stack, x.Children...)
	}
}

// claim returns an unused file name made from name.
func claim(name string, used map[string]bool) string {
	f := name
	for n := 2; used[f]; n++ {
		f = name + "-" + strconv.Itoa(n)
	}
	used[f] = true
	return f + ".html"
}

// fileName makes a unit's id safe as part of a file name on any file
// system: lower case (some file systems ignore case), ASCII letters,
// digits, '-' and '_'.
func fileName(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// unitHref is where a published unit is described; "" for one that is not
// published.
func (s *Site) unitHref(c *model.Component) string {
	p := s.pageOf(c)
	if p == nil {
		return ""
	}
	return p.file + "#" + c.ID
}

// A Unit is a unit of description as an inventory page shows it.
type Unit struct {
	C          *model.Component
	ID         string // its anchor on this page; "" when it is described elsewhere
	Heading    int    // 1–6 for a unit shown under a heading, 0 for one shown as a row
	No         string // inventory number (or other identifier)
	Title      model.Text
	Level      string
	Dates      string
	Forms      string
	Extent     []string
	Languages  []string
	Containers string
	Links      []Link
	Kept       []eadtext.Field // facts an import kept as EAD: a physical location, a second identifier
	Notes      []Section
	NoteLevel  int // heading level for headings inside its notes
	Reels      []*model.Reel
	Internal   bool
	Href       string // a unit described on another page: its address
	Count      int    // published units below it
	Kids       []*Unit

	// Where it is and how to cite it ("Cite").
	Path      []Link // the units above it, from the top: series › subseries › file
	Citation  string // present.Citation
	Permalink string // its permanent address on the site, "inventory.html#inv-723"
}

// blockLevels are the levels shown under a heading even when they hold no
// units: they organise the inventory rather than describe records.
var blockLevels = map[string]bool{"series": true, "subseries": true, "country": true, "subfonds": true,
	"subgrp": true, "recordgrp": true, "class": true, "collection": true, "otherlevel": true}

// How much of a unit a view holds.
const (
	full  = iota // the unit and everything below it
	head         // the unit's own description, not its children
	stub         // a unit described on another page: its address and summary
	facts        // the unit's own description without its place and citation, for the search index
)

// unit builds the view of c with heading level h (if it is shown under a
// heading).
func (s *Site) unit(c *model.Component, h int, mode int) *Unit {
	u := new(Unit)
	s.fillUnit(u, c, h, mode)
	return u
}

// fillUnit builds the view of c into u, replacing what u held but keeping
// the storage of its lists of facts and notes: the search index fills one
// Unit for every unit it reads.
func (s *Site) fillUnit(u *Unit, c *model.Component, h int, mode int) {
	kids := s.kids(c)
	*u = Unit{C: c, No: invLabel(c), Title: c.Title, Level: levelLabel(c.Level, c.OtherLevel()),
		Dates: present.Dates(c.Dates), Internal: c.Internal, Count: s.countOf(c) - 1, NoteLevel: min(6, h+1),
		Extent: u.Extent[:0], Languages: u.Languages[:0], Links: u.Links[:0], Notes: u.Notes[:0]}
	if len(kids) > 0 || blockLevels[c.Level] {
		u.Heading = min(6, h)
	} else {
		u.NoteLevel = min(6, h)
	}
	if c.Level == "item" || c.Level == "file" && u.Heading == 0 {
		u.Level = ""
	}
	if mode == stub {
		u.Href = s.unitHref(c)
		return
	}
	u.ID = c.ID
	u.Forms = strings.Join(c.Forms, ", ")
	if c.PhysDesc() != "" {
		u.Extent = append(u.Extent, c.PhysDesc())
	}
	for _, e := range c.Extent() {
		u.Extent = append(u.Extent, e.Value)
	}
	for _, l := range c.Languages() {
		u.Languages = append(u.Languages, present.Language(l))
	}
	var cs []string
	for _, ct := range c.Containers() {
		// A label that does not give the number (ArchivesSpace's "Mixed
		// Materials") goes after it.
		l := ct.Label
		switch {
		case l == "":
			l = upperFirst(ct.Type) + " " + ct.Value
		case !slices.Contains(strings.FieldsFunc(l, notWordChar), ct.Value):
			l = upperFirst(ct.Type) + " " + ct.Value + " (" + l + ")"
		}
		cs = append(cs, l)
	}
	u.Containers = strings.Join(cs, ", ")
	for _, l := range c.Links() {
		t := l.Label()
		if t == "" {
			t = l.Href
		}
		u.Links = append(u.Links, Link{safeURL(l.Href), t})
	}
	for _, n := range present.Notes {
		if p := n.Of(c.Description); s.showNote(p) && n.Name != "preferred_citation" {
			u.Notes = append(u.Notes, Section{ID: n.Name, Head: n.Head(p), Prose: *p})
		}
	}
	if mode != facts {
		u.Path = s.path(c)
		u.Citation = present.Citation(s.Archive, c, s.opt.Internal)
		u.Permalink = "inventory.html#" + c.ID
	}
	// What an import kept as EAD; fonds check has read it already. The
	// page reads it, the search index takes the page's reading.
	kept, ok := s.kept[c]
	switch {
	case c.Raw() == "":
	case ok && mode == facts:
		delete(s.kept, c)
	case !ok:
		kept, _ = eadtext.Read(c.Raw(), s.opt.Internal)
		if mode != facts {
			s.kept[c] = kept
		}
	}
	u.Kept = kept.Fields
	for _, n := range kept.Notes {
		u.Notes = append(u.Notes, Section{Head: n.Head, Prose: model.Prose{Text: n.Text}})
	}
	u.Reels = c.Reels
	if mode == full {
		for _, k := range kids {
			u.Kids = append(u.Kids, s.unit(k, h+1, s.mode(k)))
		}
	}
}

// mode is how much of c the page of its parent shows.
func (s *Site) mode(c *model.Component) int {
	if s.split(c) {
		return stub
	}
	return full
}

// inventoryPage is the page data of one inventory page; its units are
// built only when it is written, so that one page at a time is in memory.
func (s *Site) inventoryPage(ip *invPage) *Page {
	p := &Page{Site: s, File: ip.file, Kind: "inventory", Lang: s.Lang, template: "inventory.html",
		Part: ip.part, Title: "Inventory", Heading: model.Text{Value: "Inventory"}}
	if ip.root != nil {
		p.Crumbs = append([]Link{{"index.html", "Description"}, {"inventory.html", "Inventory"}}, s.path(ip.root)...)
		p.Title = unitLabel(ip.root)
		p.Heading = ip.root.Title
		if p.Heading.Value == "" {
			p.Heading = model.Text{Value: p.Title}
		}
	}
	if len(ip.files) > 1 {
		for i, f := range ip.files {
			p.Parts = append(p.Parts, Link{f, strconv.Itoa(i + 1)})
		}
		p.Title += " (part " + strconv.Itoa(ip.part) + " of " + strconv.Itoa(len(ip.files)) + ")"
	}
	p.fill = func(p *Page) {
		if ip.root != nil {
			p.Root = s.unit(ip.root, 1, head)
			if ip.part > 1 {
				p.Root.ID = "" // the anchor is on the first part
			}
		}
		for _, c := range ip.units {
			p.Units = append(p.Units, s.unit(c, 2, s.mode(c)))
		}
	}
	return p
}

// unitLabel names a unit in one line: its title, or its number and dates.
func unitLabel(c *model.Component) string {
	switch {
	case c.Title.Value != "":
		return present.Title(c.Title)
	case c.Inv != 0:
		return "No. " + strconv.Itoa(c.Inv)
	}
	return present.Dates(c.Dates)
}

func notWordChar(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
