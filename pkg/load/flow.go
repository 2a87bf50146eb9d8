package load

import (
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// YAML's flow style, [a, b] and {k: v, k: v}, reads commas and brackets as
// syntax. Names in the inventory's conventions hold both ("Rosmer, Alfred",
// "[Crux]"), so an unquoted name can silently turn into something else.
// The checks here warn where that is likely; quoting the name silences them.

// checkOneBracketed warns about from: [Crux], a list of one certain name
// where the inventory's "[Crux]" (a name the cataloguer supplied) was
// surely meant. A list of one id, [greek-group], is left alone: ids are
// written in lower case, names are not.
func (d *decoder) checkOneBracketed(n *yaml.Node, path string) {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode || n.Style&yaml.FlowStyle == 0 || len(n.Content) != 1 {
		return
	}
	e := deref(n.Content[0])
	if !plain(e) || e.Value == "" || !unicode.IsUpper([]rune(e.Value)[0]) {
		return
	}
	d.diags.Warnf(d.pos(n), path,
		"[%s] is read as a list of one name, certain; to mark a name the cataloguer supplied, quote it: \"[%s]\" (or write [\"%s\"] to keep the list)",
		e.Value, e.Value, e.Value)
}

// checkSplitNames warns about [Trockij, Lev Davidovič]: two unquoted items
// in a flow list of free names (variants, pseudonyms) that look like one
// inverted name split at its comma. [Cannon, James P. Cannon] is two names:
// the second holds the first. Names that cite records (from, to, names,
// creators) are told by resolve, which knows whether "a, b" is a name.
func (d *decoder) checkSplitNames(n *yaml.Node, path string) {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode || n.Style&yaml.FlowStyle == 0 {
		return
	}
	for i := 0; i+1 < len(n.Content); i++ {
		a, b := deref(n.Content[i]), deref(n.Content[i+1])
		if !plain(a) || !plain(b) || !surname(a.Value) || !forenames(b.Value) || slices.Contains(strings.Fields(b.Value), a.Value) {
			continue
		}
		d.diags.Warnf(d.pos(a), elem(path, i),
			"in [ ] a comma separates items, so %q and %q are two names; if they are one, quote it: \"%s, %s\"",
			a.Value, b.Value, a.Value, b.Value)
		i++
	}
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

// forenames reports whether s is initials ("G.", "J.-P.") or two or more
// capitalised words ("Lev Davidovič"): what follows the comma of an inverted
// name, and rarely a name of its own.
func forenames(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	initials := true
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false
		}
		if !isInitial(w) {
			initials = false
		}
	}
	return initials || len(words) >= 2
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
