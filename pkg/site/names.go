package site

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// A Letter is one letter of an A–Z list.
type Letter struct {
	Letter  string
	ID      string
	Entries []*NameEntry
}

// A NameEntry is one entry of the persons or the names page: a record, or a
// reference from another form of a name to its record ("Crux, see Trotsky").
type NameEntry struct {
	Kind       string // person, pseudonym (a reference to its person), variant, body, place
	ID         string // its anchor; "" for a variant
	Name       string
	Maintained bool   // a pseudonym maintained in the inventory
	See        Link   // pseudonyms and variants: the record they refer to
	Dates      string // persons and bodies
	Short      string // a body's abbreviation
	Variants   []string
	Country    string // a place's country, by name ("Kazakhstan", not "KZ")
	Authority  string
	Civil      string // a person headed by a pseudonym the inventory maintains: the authorized form, the civil name
	HeadingID  string // that pseudonym's anchor, which the entry carries too
	Pseudonyms []PseudonymLink
	Note       model.Prose
	Cited      []CiteGroup
}

// A PseudonymLink is a pseudonym as its person's entry lists it.
type PseudonymLink struct {
	Href       string
	Name       string
	Maintained bool
}

// A CiteGroup is the units that cite a record under one name.
type CiteGroup struct {
	As    string
	Units []Cite
}

// A Cite is a unit that cites a record, or that a reel holds. Its
// address, number, title and dates are worked out when a page shows them,
// so that a page of 100,000 citations holds no more than the units and the
// roles; a template reads them as it reads fields (.Href, .No, .Title,
// .Dates).
type Cite struct {
	C     *model.Component
	Roles string // sender, addressee, subject; with "[ ]" or "probably" when the unit is not sure
	s     *Site
}

// Href is the unit's address on the site.
func (c Cite) Href() string { return c.s.unitHref(c.C) }

// No is its inventory number (or other identifier).
func (c Cite) No() string { return invLabel(c.C) }

// Title is its title.
func (c Cite) Title() model.Text { return c.C.Title }

// Dates are its dates, for readers.
func (c Cite) Dates() string { return present.Dates(c.C.Dates) }

// fillPersons lists persons, their pseudonyms and other forms of their
// names A–Z, each person under the heading the inventory gives it (a
// pseudonym it maintains, else the authorized form): each pseudonym refers
// to its person, as the inventory's table "Pseudonym / User" does, with
// maintained pseudonyms marked, and the civil name of a person headed by
// a pseudonym refers to that heading.
func (s *Site) fillPersons(p *Page) {
	var es []*NameEntry
	for _, pr := range s.Archive.People {
		heading := present.Heading(pr)
		see := Link{"#" + pr.Anchor(), heading}
		e := &NameEntry{Kind: "person", ID: pr.Anchor(), Name: heading, Variants: pr.Variants, Note: pr.Note}
		if pr.Dates != nil {
			e.Dates = pr.Dates.Display()
		}
		if ps := present.Maintained(pr); ps != nil {
			e.Civil, e.HeadingID = pr.Name, ps.Anchor()
			es = append(es, &NameEntry{Kind: "variant", Name: pr.Name, See: see})
		}
		if pr.Authority != "" {
			e.Authority = strings.TrimSpace(strings.ToUpper(pr.AuthSource) + " " + pr.Authority)
		}
		for _, ps := range pr.Pseudonyms {
			if ps.Anchor() == e.HeadingID {
				continue // the entry's own heading
			}
			e.Pseudonyms = append(e.Pseudonyms, PseudonymLink{"#" + ps.Anchor(), ps.Name, ps.Maintained})
			es = append(es, &NameEntry{Kind: "pseudonym", ID: ps.Anchor(), Name: ps.Name, Maintained: ps.Maintained, See: see})
		}
		for _, v := range pr.Variants {
			es = append(es, &NameEntry{Kind: "variant", Name: v, See: see})
		}
		e.Cited = s.citeGroups(pr.Citations, heading, pr.Pseudonyms)
		es = append(es, e)
	}
	p.Letters = azList(es)
	p.Pseudonyms = s.pseudonymTable()
}

// A PseudonymRow is a row of the inventory's table "Pseudonym / User".
type PseudonymRow struct {
	Pseudonym, User Link
	Maintained      bool
}

// pseudonymTable is the inventory's table of pseudonyms, in the order of
// names every output uses (present.Pseudonyms).
func (s *Site) pseudonymTable() []PseudonymRow {
	var rows []PseudonymRow
	for _, ps := range present.Pseudonyms(s.Archive) {
		row := PseudonymRow{Pseudonym: Link{"#" + ps.Anchor(), ps.Name}, Maintained: ps.Maintained}
		if pr := ps.Person; pr != nil { // resolve links every pseudonym to its person
			row.User = Link{"#" + pr.Anchor(), pr.Name}
		}
		rows = append(rows, row)
	}
	return rows
}

// fillNames lists corporate bodies and places A–Z, each with a reference
// from its other names (a body's abbreviation, variants).
func (s *Site) fillNames(p *Page) {
	var es []*NameEntry
	for au := range s.Archive.Authorities() {
		if _, ok := au.(*model.Person); ok {
			continue // on the persons page
		}
		r := au.Base()
		e := &NameEntry{Kind: au.Kind(), ID: au.Anchor(), Name: r.Name, Variants: r.Variants, Note: r.Note,
			Cited: s.citeGroups(r.Citations, r.Name, nil)}
		others := r.Variants
		switch x := au.(type) {
		case *model.Body:
			e.Short = x.Short
			if x.Dates != nil {
				e.Dates = x.Dates.Display()
			}
			others = append([]string{x.Short}, x.Variants...)
		case *model.Place:
			if x.Country != "" {
				e.Country = present.CountryName(x.Country)
			}
		}
		es = append(es, e)
		for _, v := range others {
			if v != "" {
				es = append(es, &NameEntry{Kind: "variant", Name: v, See: Link{"#" + au.Anchor(), r.Name}})
			}
		}
	}
	p.Letters = azList(es)
}

// citeGroups groups the published units that cite a record by the name
// they use: the authorized name first, then each pseudonym in the order the
// authority record lists them. A unit that cites the record twice under one
// name (as sender and as subject) is listed once, with both roles.
func (s *Site) citeGroups(cits []model.Citation, name string, pss []*model.Pseudonym) []CiteGroup {
	order := []string{name}
	for _, ps := range pss {
		if !slices.Contains(order, ps.Name) {
			order = append(order, ps.Name)
		}
	}
	byName := map[string]*CiteGroup{}
	last := map[string]*model.Component{}
	for _, ct := range cits {
		c := ct.Component
		if !s.published(c) {
			continue
		}
		as := ct.Agent.Cited()
		g := byName[as]
		if g == nil {
			g = &CiteGroup{As: as}
			byName[as] = g
			if !slices.Contains(order, as) {
				order = append(order, as)
			}
		}
		role := ct.Agent.Role.String()
		switch ct.Agent.Certainty {
		case model.Bracketed:
			role += " [" + as + "]"
		case model.Probable:
			role += ", probably"
		}
		if last[as] == c {
			u := &g.Units[len(g.Units)-1]
			u.Roles += "; " + role
			continue
		}
		last[as] = c
		g.Units = append(g.Units, Cite{C: c, Roles: role, s: s})
	}
	var out []CiteGroup
	for _, n := range order {
		if g := byName[n]; g != nil {
			out = append(out, *g)
		}
	}
	return out
}

// azList sorts entries in the order of names every output uses
// (present.SortNames), records before the references of the same name,
// and groups them by initial letter.
func azList(es []*NameEntry) []Letter {
	rank := map[string]int{"person": 0, "body": 0, "place": 0, "pseudonym": 1, "variant": 2}
	sort.SliceStable(es, func(i, j int) bool { return rank[es[i].Kind] < rank[es[j].Kind] })
	present.SortNames(es, func(e *NameEntry) string { return e.Name })
	var out []Letter
	seen := map[string]int{}
	for _, e := range es {
		l := present.Initial(e.Name)
		if len(out) == 0 || out[len(out)-1].Letter != l {
			id := "letter-" + letterID(l)
			if n := seen[id]; n > 0 {
				id += "-" + strconv.Itoa(n+1)
			}
			seen["letter-"+letterID(l)]++
			out = append(out, Letter{Letter: l, ID: id})
		}
		out[len(out)-1].Entries = append(out[len(out)-1].Entries, e)
	}
	return out
}

// letterID makes an initial usable in an anchor: a-z as they are, other
// letters by their code point.
func letterID(l string) string {
	if len(l) == 1 && l[0] >= 'A' && l[0] <= 'Z' {
		return strings.ToLower(l)
	}
	r := []rune(l)
	if len(r) == 0 {
		return "other"
	}
	return "u" + strconv.FormatInt(int64(r[0]), 16)
}
