package present

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/fonds-archive/fonds/pkg/model"
)

// The order of names. Every output lists names in one order, the
// inventory's own, as its table "Pseudonym / User" has it: word by word
// ("Frank, Jakob" before "Frankel, Jan", "Mark" before "Markin, N."),
// ignoring case, diacritics and the punctuation inside a word ("Mèche"
// among the "Me", "O-r" as "or", after "Obin, J.", "D(oud)" as "doud").
// Spaces and commas separate words.

// SortKey returns the key a name sorts by: its words, folded to lower case
// without diacritics or punctuation, joined by a byte that sorts before
// every letter, so that a word ends before a longer one that begins like
// it.
func SortKey(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && b.Len() > 0 {
				b.WriteByte(1)
			}
			sep = false
			r = unicode.ToLower(r)
			if x, ok := FoldExtra[r]; ok {
				b.WriteString(x)
			} else {
				b.WriteRune(r)
			}
		case r == ' ' || r == ',' || unicode.IsSpace(r):
			sep = true
		}
	}
	return b.String()
}

// FoldExtra are the lower-case letters that do not decompose into a base
// letter and a mark but are sorted (SortKey) and searched (the site's
// search index) as one; Greek's final sigma is its sigma (browsers
// lower-case Σ to ς at the end of a word). Read it, never change it.
var FoldExtra = map[rune]string{'ø': "o", 'ł': "l", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'þ': "th", 'ς': "σ"}

// CompareNames orders two names as the inventory does (SortKey); names
// with the same key are ordered by their text, so that the order is total
// and every output gives the same one.
func CompareNames(a, b string) int {
	if c := strings.Compare(SortKey(a), SortKey(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// SortNames sorts list in the order of names, each named by name; items
// of the same name keep their order.
func SortNames[T any](list []T, name func(T) string) {
	keys := make(map[string]string, len(list))
	key := func(t T) string {
		n := name(t)
		k, ok := keys[n]
		if !ok {
			k = SortKey(n)
			keys[n] = k
		}
		return k
	}
	slices.SortStableFunc(list, func(x, y T) int {
		return cmp.Or(strings.Compare(key(x), key(y)), strings.Compare(name(x), name(y)))
	})
}

// Initial is the letter a name is listed under in an A–Z list: the first
// letter of its key, in upper case; "#" for a name that starts with no
// letter.
func Initial(name string) string {
	key := []rune(SortKey(name))
	if len(key) > 0 && unicode.IsLetter(key[0]) {
		return string(unicode.ToUpper(key[0]))
	}
	return "#"
}

// Pseudonyms returns every pseudonym of the finding aid as the inventory's
// table "Pseudonym / User" lists them: in the order of names, each with
// the person who used it (Pseudonym.Person); pseudonyms of one name are in
// the order of their persons.
func Pseudonyms(a *model.Archive) []*model.Pseudonym {
	var out []*model.Pseudonym
	for _, p := range a.People {
		out = append(out, p.Pseudonyms...)
	}
	SortNames(out, func(ps *model.Pseudonym) string { return ps.Name })
	return out
}

// Persons returns the persons of the finding aid in the order of their
// headings (Heading).
func Persons(a *model.Archive) []*model.Person {
	out := slices.Clone(a.People)
	SortNames(out, Heading)
	return out
}

// Heading is the form a person is listed under in every output, as the
// inventory's rule has it: "pseudonyms are solved, when known, except in
// instances where a person is generally known by his/her pseudonym". A
// person with a pseudonym maintained in the inventory is headed by it
// (Griot, Alfred by "Rosmer, Alfred"), with the authorized form, the civil
// name, as the reference to it; every other person by the authorized form.
func Heading(p *model.Person) string { return p.Heading() }

// Maintained returns the pseudonym that heads p (see Heading), or nil when
// p is headed by the authorized form.
func Maintained(p *model.Person) *model.Pseudonym {
	for _, ps := range p.Pseudonyms {
		if ps.Maintained {
			return ps
		}
	}
	return nil
}
