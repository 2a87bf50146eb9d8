package format

import (
	"slices"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/schema"
)

// Last are the fields written after all others, in this order: the files a
// fonds.yaml names, the raw EAD, and the units below, which are the longest.
var Last = []string{"authorities", "reels", "chronology", "ead", "contents"}

// bindSchema records, for every mapping under n, the part of the schema
// that describes it: s describes n.
func (f *formatter) bindSchema(n *yaml.Node, s *schema.Value) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		obj := f.pick(s, func(c *schema.Value) int {
			props := c.Get("properties")
			if !props.IsObject() {
				return -1
			}
			hits := 0
			for i := 0; i+1 < len(n.Content); i += 2 {
				if props.Get(n.Content[i].Value) != nil {
					hits++
				}
			}
			return hits
		})
		if obj == nil {
			return
		}
		f.schema[n] = obj
		props := obj.Get("properties")
		for i := 0; i+1 < len(n.Content); i += 2 {
			f.bindSchema(n.Content[i+1], props.Get(n.Content[i].Value))
		}
	case yaml.SequenceNode:
		arr := f.pick(s, func(c *schema.Value) int {
			if it := c.Get("items"); it.IsObject() {
				return 1
			}
			return -1
		})
		if arr == nil {
			return
		}
		for _, e := range n.Content {
			f.bindSchema(e, arr.Get("items"))
		}
	}
}

// pick returns, of s and the forms its anyOf, oneOf and allOf allow, the
// one that score rates highest (the first of equals); nil when none rates
// at least 0.
func (f *formatter) pick(s *schema.Value, score func(*schema.Value) int) *schema.Value {
	var forms []*schema.Value
	var walk func(*schema.Value, int)
	walk = func(v *schema.Value, depth int) {
		v = schema.Resolve(f.tree, v)
		if v == nil || depth > 8 {
			return
		}
		forms = append(forms, v)
		for _, key := range []string{"anyOf", "oneOf", "allOf"} {
			for _, alt := range v.Get(key).Elems() {
				walk(alt, depth+1)
			}
		}
	}
	walk(s, 0)
	var best *schema.Value
	bestScore := -1
	for _, v := range forms {
		if sc := score(v); sc > bestScore {
			best, bestScore = v, sc
		}
	}
	return best
}

// A pair is a key of a mapping and its value.
type pair struct{ key, value *yaml.Node }

// pairs returns the pairs of m in the order they are written: the schema's,
// with Last at the end; keys the schema does not know keep their order,
// after the others.
func (f *formatter) pairs(m *yaml.Node) []pair {
	out := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, pair{m.Content[i], m.Content[i+1]})
	}
	obj := f.schema[m]
	if obj == nil {
		return out
	}
	props := obj.Get("properties").Keys
	rank := func(key string) int {
		if i := slices.Index(Last, key); i >= 0 {
			return len(props) + i
		}
		if i := slices.Index(props, key); i >= 0 {
			return i
		}
		return len(props) + len(Last)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].key.Value) < rank(out[j].key.Value) })
	return out
}
