package site

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

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
	Country    string // a place's country
	Authority  string
	Heading    string // a person listed in the inventory under a maintained pseudonym: that pseudonym
	Pseudonyms []PseudonymLink
	Note       model.Prose
	Cited      []CiteGroup

	key string
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

// A Cite is a unit that cites a record.
type Cite struct {
	Href  string
	No    string
	Title model.Text
	Dates string
	Roles string // sender, addressee, subject; with "[ ]" or "probably" when the unit is not sure
}

// fillPersons lists persons, their pseudonyms and other forms of their
// names A–Z: each pseudonym refers to its person, as the inventory's table
// "Pseudonym / User" does, with maintained pseudonyms marked.
func (s *Site) fillPersons(p *Page) {
	var es []*NameEntry
	for _, pr := range s.Archive.People {
		e := &NameEntry{Kind: "person", ID: pr.Anchor(), Name: pr.Name, Variants: pr.Variants, Note: pr.Note}
		if pr.Dates != nil {
			e.Dates = pr.Dates.Display()
		}
		if h := pr.Heading(); h != pr.Name {
			e.Heading = h
		}
		if pr.Authority != "" {
			e.Authority = strings.TrimSpace(strings.ToUpper(pr.AuthSource) + " " + pr.Authority)
		}
		for _, ps := range pr.Pseudonyms {
			e.Pseudonyms = append(e.Pseudonyms, PseudonymLink{"#" + ps.Anchor(), ps.Name, ps.Maintained})
			es = append(es, &NameEntry{Kind: "pseudonym", ID: ps.Anchor(), Name: ps.Name, Maintained: ps.Maintained,
				See: Link{"#" + pr.Anchor(), pr.Name}})
		}
		for _, v := range pr.Variants {
			es = append(es, &NameEntry{Kind: "variant", Name: v, See: Link{"#" + pr.Anchor(), pr.Name}})
		}
		e.Cited = s.citeGroups(pr.Citations, pr.Name, pr.Pseudonyms)
		es = append(es, e)
	}
	p.Letters = azList(es)
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
			e.Country = x.Country
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
		order = append(order, ps.Name)
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
		role := ct.Agent.Role
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
		g.Units = append(g.Units, Cite{Href: s.unitHref(c), No: invLabel(c), Title: c.Title, Dates: present.Dates(c.Dates), Roles: role})
	}
	var out []CiteGroup
	for _, n := range order {
		if g := byName[n]; g != nil {
			out = append(out, *g)
		}
	}
	return out
}

// azList sorts entries by name, ignoring case and diacritics, and groups
// them by initial letter.
func azList(es []*NameEntry) []Letter {
	for _, e := range es {
		e.key = sortKey(e.Name)
	}
	rank := map[string]int{"person": 0, "body": 0, "place": 0, "pseudonym": 1, "variant": 2}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.key != b.key {
			return a.key < b.key
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return rank[a.Kind] < rank[b.Kind]
	})
	var out []Letter
	seen := map[string]int{}
	for _, e := range es {
		l := initial(e.key)
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

// sortKey folds a name for sorting as search folds it (fold): lower
// case, no diacritics, so that "Rüssbuhldt" sorts with "Russ…" and "Émile"
// with "E".
func sortKey(s string) string { return fold(s) }

// initial is the letter a sort key is listed under: its first letter, in
// upper case; "#" for a key that starts with no letter.
func initial(key string) string {
	for _, r := range key {
		if unicode.IsLetter(r) {
			return string(unicode.ToUpper(r))
		}
		if unicode.IsDigit(r) {
			return "#"
		}
	}
	return "#"
}
