package load

import (
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/model"
)

// YAML's flow style, [a, b] and {k: v, k: v}, reads commas and brackets as
// syntax. Names in the inventory's conventions hold both ("Rosmer, Alfred",
// "[Crux]"), so an unquoted name can silently turn into something else.
// The checks here find where that is likely; quoting the name silences them.

// checkOneBracketed warns about from: [Crux], a list of one certain name
// where the inventory's "[Crux]" (a name the cataloguer supplied) was
// surely meant. A list of one id, [greek-group], is left alone: ids are
// written in lower case, names are not.
func (d *decoder) checkOneBracketed(n *yaml.Node, at dataPath) {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode || n.Style&yaml.FlowStyle == 0 || len(n.Content) != 1 {
		return
	}
	e := deref(n.Content[0])
	if !plain(e) || e.Value == "" || !unicode.IsUpper([]rune(e.Value)[0]) {
		return
	}
	d.diags.Warnf(d.pos(n), at.String(),
		"[%s] is read as a list of one name, certain; to mark a name the cataloguer supplied, quote it: \"[%s]\" (or write [\"%s\"] to keep the list)",
		e.Value, e.Value, e.Value)
}

// splitNames returns the neighbouring unquoted items of a list of free
// names (variants, pseudonyms) written in [ ], any of which may be one
// name that YAML split at its comma. Those with the shape of an inverted
// name, a surname and forenames or initials ([Stein, Vera], [Trockij, Lev
// Davidovič], [Gurov, G.]), are marked so: resolve reports them, as it
// reports the others when, joined, they name a record. [Cannon, James P.
// Cannon] has no such shape: the second holds the first.
func (d *decoder) splitNames(n *yaml.Node, path string) []model.Split {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode || n.Style&yaml.FlowStyle == 0 {
		return nil
	}
	var out []model.Split
	for i := 0; i+1 < len(n.Content); i++ {
		a, b := deref(n.Content[i]), deref(n.Content[i+1])
		if !plain(a) || !plain(b) || a.Value == "" || b.Value == "" {
			continue
		}
		out = append(out, model.Split{Pos: d.pos(a), List: path, Item: i, First: a.Value, Second: b.Value, SecondPos: d.pos(b),
			Shape: surname(a.Value) && forenames(b.Value) && !slices.Contains(strings.Fields(b.Value), a.Value)})
	}
	return out
}

func plain(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!str"
}

// surname reports whether s is one capitalised word, such as "Trockij".
func surname(s string) bool {
	if strings.ContainsAny(s, " .") {
		return false
	}
	r := []rune(s)
	return len(r) > 1 && unicode.IsUpper(r[0]) && allLetters(r)
}

// forenames reports whether s is what follows the comma of an inverted
// name: capitalised words ("Vera", "Lev Davidovič") or initials ("G.",
// "J.-P.").
func forenames(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || !isInitial(w) && !allLetters(r) {
			return false
		}
	}
	return true
}

// isInitial reports whether w is an initial such as "G." or "J.-P.".
func isInitial(w string) bool {
	for _, part := range strings.Split(w, "-") {
		r := []rune(part)
		if len(r) != 2 || !unicode.IsUpper(r[0]) || r[1] != '.' {
			return false
		}
	}
	return true
}

func allLetters(r []rune) bool {
	for _, c := range r {
		if !unicode.IsLetter(c) && c != '\'' && c != '-' {
			return false
		}
	}
	return true
}
