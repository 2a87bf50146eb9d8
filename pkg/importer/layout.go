package importer

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/load"
)

// The layout of the files of a large finding aid (more units than
// Options.SplitAt): every top-level unit that has units below it gets a
// file of its own under series/, named after its title; so does, further
// down, a unit with at least ownFile units below it whose parent's file
// would otherwise hold more than fileUnits units. The rest of a long list
// of units is written in files of up to fileUnits units each (a file that
// holds a list: load.KindParts), named after the positions of their first
// and last unit in the list. A run of fewer than minPart units stays where
// it is. So no file holds much more than fileUnits units, and 100,000
// units at one level make 100 files, not 100,000.
const (
	fileUnits = 1000
	ownFile   = 100
	minPart   = 50
)

// A seriesDoc is a file of the sources besides fonds.yaml and
// authorities.yaml: a unit, or a list of units.
type seriesDoc struct {
	path string // inside the finding aid's folder
	root *yaml.Node
}

// layout splits the fonds's units into files under series/ and returns
// what fonds.yaml's contents hold in their place.
func (im *importer) layout(contents []*yaml.Node) []*yaml.Node {
	l := &layouter{size: map[*yaml.Node]int{}}
	out := l.list(contents, "series", "", true)
	im.seriesDocs = l.docs
	return out
}

type layouter struct {
	size map[*yaml.Node]int // units in a unit's tree, itself included
	docs []seriesDoc
}

// list lays out a list of units held by a file in the folder from (""
// for the finding aid's folder), making files in the folder dir; it
// returns the entries that stand for them: units in place and includes.
func (l *layouter) list(list []*yaml.Node, dir, from string, top bool) []*yaml.Node {
	width := max(2, len(strconv.Itoa(len(list))))
	var out, pack []*yaml.Node
	first, units := 0, 0
	flush := func(last int) {
		switch {
		case len(pack) == 0:
		case units < minPart:
			out = append(out, pack...)
		default:
			path := fmt.Sprintf("%s/%0*d-%0*d.yaml", dir, width, first+1, width, last)
			l.docs = append(l.docs, seriesDoc{path, seq(pack...)})
			out = append(out, include(from, path))
		}
		pack, units = nil, 0
	}
	for i, u := range list {
		n := l.units(u)
		kids := contentsOf(u)
		if top && kids != nil || !top && n >= ownFile {
			flush(i)
			name := fmt.Sprintf("%s/%0*d-%s", dir, width, i+1, seriesSlug(u))
			if n > fileUnits {
				kids.Content = l.list(kids.Content, name, dir, false)
			}
			l.docs = append(l.docs, seriesDoc{name + ".yaml", u})
			out = append(out, include(from, name+".yaml"))
			continue
		}
		if len(pack) > 0 && units+n > fileUnits {
			flush(i)
		}
		if len(pack) == 0 {
			first = i
		}
		pack = append(pack, u)
		units += n
	}
	flush(len(list))
	return out
}

// units counts the units of u's tree.
func (l *layouter) units(u *yaml.Node) int {
	if n, ok := l.size[u]; ok {
		return n
	}
	n := 1
	if kids := contentsOf(u); kids != nil {
		for _, k := range kids.Content {
			n += l.units(k)
		}
	}
	l.size[u] = n
	return n
}

// contentsOf returns the list of units below u, or nil.
func contentsOf(u *yaml.Node) *yaml.Node {
	for i := 0; i+1 < len(u.Content); i += 2 {
		if u.Content[i].Value == "contents" {
			return u.Content[i+1]
		}
	}
	return nil
}

// include is an include entry naming path (inside the finding aid's
// folder) from a file in the folder from.
func include(from, path string) *yaml.Node {
	m := newMapping()
	m.str("include", strings.TrimPrefix(path, from+"/"))
	return m.n
}

// seriesSlug names a series file after the unit's title or id.
func seriesSlug(c *yaml.Node) string {
	var title, id string
	for i := 0; i+1 < len(c.Content); i += 2 {
		switch c.Content[i].Value {
		case "title":
			title = c.Content[i+1].Value
		case "id":
			id = c.Content[i+1].Value
		case "inv":
			if id == "" {
				id = "inv-" + c.Content[i+1].Value
			}
		}
	}
	s := slugWords(load.Slug(title), 5)
	if s == "" || s == "x" {
		s = slugWords(id, 5)
	}
	if s == "" {
		s = "series"
	}
	return s
}

// slugWords is the slug of the first words of s.
func slugWords(s string, words int) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(f) > words {
		f = f[:words]
	}
	return strings.Join(f, "-")
}
