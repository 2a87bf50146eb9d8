package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// wordsOf counts the words of pdftotext -layout's text of an inventory,
// without the running header and page numbers: runs of letters, marks and
// digits; numbers alone are left out, since page numbers change with the
// layout. The words of the index ("index " and the word) are counted
// apart from the rest ("body " and the word).
func wordsOf(text, title, code string) map[string]int {
	furniture := regexp.MustCompile(`^\s*page \d+ of \d+\s*$|^\s*` + regexp.QuoteMeta(title) + `\s+` + regexp.QuoteMeta(code) + `\s*$`)
	m := map[string]int{}
	part := "body "
	for _, l := range strings.Split(norm.NFC.String(text), "\n") {
		l = strings.Trim(l, "\f")
		if furniture.MatchString(l) {
			continue
		}
		if strings.TrimSpace(l) == "Index of names" {
			part = "index "
		}
		for _, w := range strings.FieldsFunc(l, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
		}) {
			if strings.TrimFunc(w, unicode.IsDigit) != "" {
				m[part+w]++
			}
		}
	}
	return m
}

// TestWordsKept compares the words of each fixture's inventory and the
// default sources' with those of the inventory before it was tagged, its
// index extended and its parts let flow (testdata/words, from pdftotext
// -layout of fonds's earlier output): every word before the index is
// still there, as many times or more; every word of the index is still in
// the index. (The index refers to the heading a person is listed under,
// a maintained pseudonym, where it named the person: the authorized name
// is written fewer times, and "pseudonyms:" is not written for a person
// whose one pseudonym is the heading. TestTagged checks that the index
// lists every entry of indexEntries, TestIndexEntries that those are every
// record, pseudonym and other form of a name.) UPDATE_WORDS=1 writes the
// words of the current output, after a deliberate change of fonds's own
// wording.
func TestWordsKept(t *testing.T) {
	need(t, "pdftotext")
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, dir := range append(dirs, defaultSources) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			a := load(t, dir)
			got := wordsOf(poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-"),
				a.Fonds.Title.Value, a.Fonds.ReferenceCode)
			file := filepath.Join("testdata", "words", name+".txt")
			if updateWords(t, file, got) {
				return
			}
			want := readWords(t, file)
			for w, n := range want {
				switch {
				case got[w] == 0:
					t.Errorf("%q is gone (%d before)", w, n)
				case got[w] < n && strings.HasPrefix(w, "body "):
					t.Errorf("%q: %d, %d before", w, got[w], n)
				}
			}
		})
	}
}

// updateWords writes the words to file when UPDATE_WORDS is set, and says
// whether it did.
func updateWords(t *testing.T, file string, words map[string]int) bool {
	t.Helper()
	if os.Getenv("UPDATE_WORDS") == "" {
		return false
	}
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, w := range keys {
		part, word, _ := strings.Cut(w, " ")
		fmt.Fprintf(&b, "%s %d %s\n", part, words[w], word)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

// readWords reads a file of updateWords: a line holds the part (body or
// index), a count and a word.
func readWords(t *testing.T, file string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for i, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(l)
		c, err := 0, error(nil)
		if len(f) == 3 {
			c, err = strconv.Atoi(f[1])
		}
		if len(f) != 3 || err != nil || f[0] != "body" && f[0] != "index" {
			t.Fatalf("%s:%d: not a part, a count and a word: %q", file, i+1, l)
		}
		m[f[0]+" "+f[2]] = c
	}
	if len(m) == 0 {
		t.Fatalf("%s lists no word", file)
	}
	return m
}

// TestISODateInWords: a date of kept EAD in ISO 8601 form, as ArchivesSpace
// stamps the finding aid's creation, prints in words (pdftotext reads
// "16 June 2023"), the time as written after it — ArchivesSpace's own PDF
// prints "June 16, 2023".
func TestISODateInWords(t *testing.T) {
	need(t, "pdftotext")
	a := load(t, filepath.Join(fixtures, "letters"))
	a.Fonds.Raw = `<eadheader><profiledesc><creation>This finding aid was produced using ArchivesSpace on <date>2023-06-16 19:34:00 +0200</date>.</creation></profiledesc></eadheader>`
	text := strings.Join(strings.Fields(poppler(t, "pdftotext", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-")), " ")
	if want := "produced using ArchivesSpace on 16 June 2023, 19:34:00 +0200"; !strings.Contains(text, want) {
		t.Errorf("the PDF does not print %q", want)
	}
	if strings.Contains(text, "2023-06-16") {
		t.Error("the PDF prints the date as the EAD writes it")
	}
}
