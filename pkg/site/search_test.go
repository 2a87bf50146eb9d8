package site

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The tests in this file search the built sites in headless Chromium, from
// the file system, through search.html?q=… as a reader does (check.js
// search, in tools/a11y), and check what search.js shows.

// A hit is one result as the page shows it.
type hit struct {
	Title, Href, Meta, Snippet, Lang string
	Path                             []string
	Marks                            []string
}

// A searchPage is the search page once search.js is done.
type searchPage struct {
	Status, URL, Focus, Text string
	Hits                     []hit
	Facets                   []struct {
		Label  string
		Values []struct{ Text, Href, ID string }
	}
	Chosen []string
}

func (r searchPage) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", r.Status, r.URL)
	for _, h := range r.Hits {
		fmt.Fprintf(&b, "\t%s → %s [%s] %s | %s | marks %q\n", h.Title, h.Href, strings.Join(h.Path, " › "), h.Meta, h.Snippet, h.Marks)
	}
	for _, f := range r.Facets {
		fmt.Fprintf(&b, "\tfacet %s:", f.Label)
		for _, v := range f.Values {
			fmt.Fprintf(&b, " %s;", v.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// hrefs are the addresses of the hits, in order; with a prefix, only those
// that start with it.
func (r searchPage) hrefs(prefix string) []string {
	var out []string
	for _, h := range r.Hits {
		if strings.HasPrefix(h.Href, prefix) {
			out = append(out, h.Href)
		}
	}
	return out
}

func (r searchPage) hit(href string) (hit, bool) {
	for _, h := range r.Hits {
		if h.Href == href {
			return h, true
		}
	}
	return hit{}, false
}

func (r searchPage) hasTitle(title string) bool {
	return slices.ContainsFunc(r.Hits, func(h hit) bool { return strings.Contains(h.Title, title) })
}

// facet returns the values a facet offers, by label.
func (r searchPage) facet(label string) []string {
	for _, f := range r.Facets {
		if f.Label == label {
			var out []string
			for _, v := range f.Values {
				out = append(out, v.Text)
			}
			return out
		}
	}
	return nil
}

// searchIn runs queries on the site in dir: a query is what a reader types,
// or the address's query string when it starts with "?".
func searchIn(t *testing.T, dir string, queries ...string) map[string]searchPage {
	t.Helper()
	var report struct {
		Queries map[string]searchPage
		Errors  []struct{ Query, Error string }
	}
	node(t, &report, append([]string{"search", dir}, queries...)...)
	for _, e := range report.Errors {
		t.Errorf("%s: %s", e.Query, e.Error)
	}
	return report.Queries
}

// TestSearch searches the default sources: words that are only in notes,
// a name by a variant and by a pseudonym, folded diacritics, the beginning
// of a word, numbers and reels.
func TestSearch(t *testing.T) {
	dist := compile(t, Options{}, inputs(t)...)
	q := searchIn(t, filepath.Join(dist, "arch01483"),
		"negotiations", "Cain", "negotia", "Kadikoy", "Trockij", "Crux", "724", "reel 45", "8", "vasquez", "1936 negotiations IISH")

	// Words only in the archive's history: found in their section of the
	// description, shown in context and marked.
	for _, w := range []string{"negotiations", "Cain"} {
		r := q[w]
		if len(r.Hits) == 0 || !strings.HasPrefix(r.Hits[0].Href, "index.html#") || !slices.Contains(r.Hits[0].Marks, w) ||
			!strings.Contains(r.Hits[0].Snippet, w) || !slices.Equal(r.Hits[0].Path, []string{"Description"}) {
			t.Errorf("%s, a word of a note, is not found in the description, marked in context:\n%s", w, r)
		}
	}
	if h, ok := q["negotiations"].hit("index.html#custodial-history"); !ok || !strings.Contains(h.Snippet, "In 1936 negotiations were carried on between IISH and Trotsky") {
		t.Errorf("negotiations: not the archival history in context:\n%s", q["negotiations"])
	}
	if r := q["negotia"]; !slices.Contains(r.hrefs(""), "index.html#custodial-history") || !slices.Contains(r.Hits[0].Marks, "negotiations") {
		t.Errorf("negotia does not find the words it begins:\n%s", r)
	}
	if r := q["1936 negotiations IISH"]; !slices.Equal(r.hrefs(""), []string{"index.html#custodial-history"}) {
		t.Errorf("three words together:\n%s", r)
	}
	// Diacritics folded: Kadikoy finds the place Kadiköy and the event that
	// names it.
	if r := q["Kadikoy"]; !slices.Contains(r.hrefs(""), "names.html#place-kadikoy") || len(r.hrefs("chronology.html#event-")) != 1 ||
		!slices.Contains(r.Hits[0].Marks, "Kadiköy") {
		t.Errorf("Kadikoy does not find Kadiköy:\n%s", r)
	}
	// A variant and a pseudonym find the person, first.
	for w, shown := range map[string]string{"Trockij": "Other forms of the name: Trockij, Lev Davidovič", "Crux": "Pseudonyms: Crux"} {
		if r := q[w]; len(r.Hits) == 0 || r.Hits[0].Href != "persons.html#person-trotsky" || !strings.Contains(r.Hits[0].Snippet, shown) {
			t.Errorf("%s does not find Trotsky first, saying why:\n%s", w, r)
		}
	}
	// Numbers: 724 is on reels 7 and 8, and nothing else holds it.
	if r := q["724"]; !slices.Equal(r.hrefs(""), []string{"microfilm.html#reel-7", "microfilm.html#reel-8"}) ||
		!strings.Contains(r.Hits[0].Snippet, "Holds no. 724") {
		t.Errorf("724 does not find reels 7 and 8 alone:\n%s", r)
	}
	if r := q["reel 45"]; len(r.Hits) == 0 || r.Hits[0].Href != "microfilm.html#reel-45" || !strings.Contains(r.Hits[0].Snippet, "Inventory") {
		t.Errorf("reel 45:\n%s", r)
	}
	// 8 is reel 8 and the reel that holds number 8, not every date with an 8.
	if r := q["8"]; !slices.Equal(r.hrefs(""), []string{"microfilm.html#reel-8", "microfilm.html#reel-1"}) {
		t.Errorf("8 finds more than reel 8 and the reel of no. 8:\n%s", r)
	}
	if r := q["vasquez"]; !r.hasTitle("Vásquez, Frederico") {
		t.Errorf("vasquez (no accent) does not find Vásquez:\n%s", r)
	}
}

// TestSearchFixture searches the fixture made for it, where what search
// must tell apart is there: two names together and apart, a phrase and
// its words apart, numbers in dates, a variant, internal units.
func TestSearchFixture(t *testing.T) {
	dist := compile(t, Options{}, inputs(t)...)
	q := searchIn(t, filepath.Join(dist, "fix-search"),
		"kolar hollis", `"central committee"`, "central committee", "kadikoy", "8", "hollisova", "secret",
		"?q=letter&decade=1920", "?name=person-hollis", "hollis", "?q=letter&name=person-kolar&name=person-hollis", "no. 2", "Kolar, Jan")

	// Three letters involve both: only they, of the units, hold both words.
	if r := q["kolar hollis"]; !slices.Equal(r.hrefs("inventory.html"), []string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3"}) {
		t.Errorf("kolar hollis is not the three letters that involve both:\n%s", r)
	}
	// Where a unit is, and its words marked.
	if h, ok := q["kolar hollis"].hit("inventory.html#inv-2"); !ok || !slices.Equal(h.Path, []string{"Correspondence", "Letters of the committee", "Letters 1930-1939"}) ||
		!slices.Equal(h.Marks, []string{"Hollis", "Kolář"}) || h.Meta != "Item · 1932" {
		t.Errorf("no. 2: breadcrumb, marks or what it is:\n%+v", h)
	}
	// No. 3 cites Hollis by her pseudonym: the result says so.
	if h, ok := q["kolar hollis"].hit("inventory.html#inv-3"); !ok || !strings.Contains(h.Snippet, "Hollis, Mary, also known as Mara") {
		t.Errorf("no. 3 does not say it was found through Mara:\n%+v", h)
	}
	// A phrase: the words together and in order, not apart.
	if r := q[`"central committee"`]; !slices.Equal(r.hrefs(""), []string{"inventory.html#inv-2"}) {
		t.Errorf(`"central committee" finds more or less than no. 2:`+"\n%s", r)
	}
	if r := q["central committee"]; !slices.Equal(slices.Sorted(slices.Values(r.hrefs("inventory.html"))),
		[]string{"inventory.html#inv-2", "inventory.html#inv-4", "inventory.html#inv-6"}) {
		t.Errorf("central committee, not a phrase, is not nos. 2, 4 and 6:\n%s", r)
	}
	// Kadikoy finds Kadıköy (dotless i, umlaut) in a name, a note, the
	// chronology and the place's record.
	if r := q["kadikoy"]; !slices.Equal(slices.Sorted(slices.Values(r.hrefs(""))),
		[]string{"chronology.html#event-2", "inventory.html#inv-2", "inventory.html#inv-7", "names.html#place-kadikoy"}) {
		t.Errorf("kadikoy:\n%s", r)
	}
	// 8 is unit 8 (and the reel that holds it), not 1928, 18 August or
	// 8 December 1938.
	if r := q["8"]; !slices.Equal(r.hrefs(""), []string{"inventory.html#inv-8", "microfilm.html#reel-2"}) {
		t.Errorf("8 finds more than unit 8 and its reel:\n%s", r)
	}
	// A variant of a name finds the units that cite the person, saying how.
	if r := q["hollisova"]; len(r.Hits) == 0 || r.Hits[0].Href != "persons.html#person-hollis" ||
		!slices.Equal(r.hrefs("inventory.html"), []string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3", "inventory.html#inv-5", "inventory.html#inv-10"}) {
		t.Errorf("hollisova:\n%s", r)
	} else if h, _ := r.hit("inventory.html#inv-5"); !strings.Contains(h.Snippet, "Hollisová, Marie") || !slices.Contains(h.Marks, "Hollisová") {
		t.Errorf("hollisova: no. 5 does not say why:\n%+v", h)
	}
	// Ranked: the person's record before the units that cite her.
	if r := q["hollis"]; len(r.Hits) == 0 || r.Hits[0].Href != "persons.html#person-hollis" {
		t.Errorf("hollis: her record is not first:\n%s", r)
	}
	// What is internal is not in the index.
	if r := q["secret"]; len(r.Hits) != 0 || !strings.HasPrefix(r.Status, "Nothing found") {
		t.Errorf("an internal unit is found:\n%s", r)
	}
	// Facets in the address: a decade, a name, two names.
	if r := q["?q=letter&decade=1920"]; !slices.Equal(r.hrefs("inventory.html"), []string{"inventory.html#inv-7", "inventory.html#inv-8"}) ||
		!slices.Equal(r.Chosen, []string{"Remove decade: 1920s"}) {
		t.Errorf("letter in the 1920s:\n%s", r)
	}
	if r := q["?name=person-hollis"]; !slices.Equal(r.hrefs("inventory.html"),
		[]string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3", "inventory.html#inv-5", "inventory.html#inv-10"}) {
		t.Errorf("Hollis's units, by the facet alone:\n%s", r)
	}
	if r := q["?q=letter&name=person-kolar&name=person-hollis"]; !slices.Equal(r.hrefs("inventory.html"),
		[]string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3"}) {
		t.Errorf("letters with both names as facets:\n%s", r)
	}
	// The facets offered count the results.
	if r := q["kolar hollis"]; !slices.Contains(r.facet("Decades"), "1930s (4)") || !slices.Contains(r.facet("Level or kind"), "Item (3)") {
		t.Errorf("kolar hollis: facets:\n%s", r)
	}
	if r := q["no. 2"]; len(r.Hits) == 0 || r.Hits[0].Href != "inventory.html#inv-2" {
		t.Errorf("no. 2 is not unit 2 first:\n%s", r)
	}
	if r := q["Kolar, Jan"]; len(r.Hits) == 0 || r.Hits[0].Href != "persons.html#person-kolar" {
		t.Errorf("Kolar, Jan:\n%s", r)
	}

	// Other fixtures: a title in Greek, in its language; internal notes and
	// units are not found; the encoder's notes are, shown as the encoder's;
	// a place by its country's name, as its entry shows it; the encoder's
	// marks are shown in results.
	l := searchIn(t, filepath.Join(dist, "fix-letters.1"), "Stella", "Ελλάδα", "Check the date", "Staff",
		"damaged date", "Ireland", "Turkiye", "correspondance", "Internal too", "this sentence")
	// A note that is the encoder's alone (copies: editorial only).
	if r := l["this sentence"]; len(r.Hits) == 0 || !strings.HasPrefix(r.Hits[0].Href, "index.html#") ||
		!strings.Contains(r.Hits[0].Snippet, "Editorial note: The inventory lists 3 microfilm reels") {
		t.Errorf("a note that is the encoder's alone is not found, shown as the encoder's:\n%s", r)
	}
	if h, ok := l["damaged date"].hit("chronology.html#event-8"); !ok || !strings.Contains(h.Snippet, "Editorial note: The season is the encoder's reading of a damaged date.") ||
		!slices.Contains(h.Marks, "damaged") {
		t.Errorf("an event's editorial note is not found, shown as the encoder's:\n%s", l["damaged date"])
	}
	for q, want := range map[string]string{"Ireland": "names.html#place-dublin", "Turkiye": "names.html#place-prinkipo"} {
		if h, ok := l[q].hit(want); !ok || !strings.Contains(h.Snippet, "Country: ") {
			t.Errorf("%s does not find %s by its country:\n%s", q, want, l[q])
		}
	}
	if h, ok := l["correspondance"].hit("index.html#scope-and-content"); !ok || !strings.Contains(h.Snippet, "Correspondance [sic] 1929-1934") ||
		!strings.Contains(h.Snippet, "per item and […] country files") {
		t.Errorf("correspondance: the scope and content's [sic] and […] are not shown:\n%s", l["correspondance"])
	}
	if r := l["Stella"]; len(r.Hits) == 0 || r.Hits[0].Href != "persons.html#person-petrova" ||
		!slices.Contains(r.hrefs(""), "inventory.html#inv-2") {
		t.Errorf("Stella does not find Petrova and the unit that cites her:\n%s", r)
	}
	if h, ok := l["Ελλάδα"].hit("inventory.html#greece"); !ok || h.Lang != "el" {
		t.Errorf("a Greek title is not found, in Greek:\n%s", l["Ελλάδα"])
	}
	for _, hidden := range []string{"Check the date", "Staff", "Internal too"} {
		if r := l[hidden]; len(r.Hits) != 0 {
			t.Errorf("search finds internal material for %q:\n%s", hidden, r)
		}
	}
}

// TestSearchFacetsKeyboard chooses a facet with the keyboard alone (Tab to
// it, Enter), then goes back and forward: the results follow the address.
func TestSearchFacetsKeyboard(t *testing.T) {
	dist := compile(t, Options{}, inputs(t)...)
	var report struct {
		Steps struct {
			Reached                       bool
			Before, Chosen, Back, Forward searchPage
		}
		Errors []string
	}
	node(t, &report, "facet", filepath.Join(dist, "fix-search"), "letter", "Hollis, Mary")
	for _, e := range report.Errors {
		t.Errorf("browser: %s", e)
	}
	s := report.Steps
	if !s.Reached {
		t.Fatalf("Tab never reached the facet value Hollis, Mary:\n%s", s.Before)
	}
	letters := []string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3", "inventory.html#inv-4",
		"inventory.html#inv-7", "inventory.html#inv-8", "inventory.html#inv-10"}
	hers := []string{"inventory.html#inv-1", "inventory.html#inv-2", "inventory.html#inv-3", "inventory.html#inv-10"}
	if !slices.Equal(s.Before.hrefs("inventory.html#inv"), letters) {
		t.Errorf("letter:\n%s", s.Before)
	}
	if !slices.Equal(s.Chosen.hrefs("inventory.html#inv"), hers) || !strings.HasSuffix(s.Chosen.URL, "search.html?q=letter&name=person-hollis") ||
		s.Chosen.Focus != "h2#results-h" {
		t.Errorf("letter, narrowed to Hollis (the keyboard on the results' heading):\n%s\nfocus %s", s.Chosen, s.Chosen.Focus)
	}
	if !slices.Equal(s.Back.hrefs("inventory.html#inv"), letters) || s.Back.URL != s.Before.URL {
		t.Errorf("back:\n%s", s.Back)
	}
	if !slices.Equal(s.Forward.hrefs("inventory.html#inv"), hers) || s.Forward.URL != s.Chosen.URL {
		t.Errorf("forward:\n%s", s.Forward)
	}
}

// TestSearchFlow types a query in the search box of the collection page
// and follows the form, as a reader does.
func TestSearchFlow(t *testing.T) {
	dist := compile(t, Options{}, inputs(t)...)
	var flow struct {
		Result searchPage
		Errors []string
	}
	node(t, &flow, "flow", filepath.Join(dist, "arch01483"), "Crux")
	for _, e := range flow.Errors {
		t.Errorf("flow: %s", e)
	}
	if len(flow.Result.Hits) == 0 || flow.Result.Hits[0].Href != "persons.html#person-trotsky" || !strings.HasSuffix(flow.Result.URL, "search.html?q=Crux") {
		t.Errorf("searching from the collection page:\n%s", flow.Result)
	}
}

// TestSearchAll searches every finding aid of a build from its list
// (dist/index.html?q=…).
func TestSearchAll(t *testing.T) {
	dist := compile(t, Options{}, inputs(t)...)
	var report struct {
		Result struct {
			Status string
			Aids   []struct {
				Title string
				Hits  []struct{ Title, Href string }
				More  string
			}
		}
		Errors []string
	}
	node(t, &report, "home", dist, "kadikoy")
	for _, e := range report.Errors {
		t.Errorf("browser: %s", e)
	}
	r := report.Result
	var got []string
	for _, a := range r.Aids {
		got = append(got, a.Title)
	}
	if !slices.Equal(got, []string{"Lev Davidovič Trockij / International Left Opposition Archives", "Letters of the Fictional Committee (fictional test fixture)"}) ||
		r.Status != "6 results for “kadikoy” in 2 finding aids." {
		t.Fatalf("kadikoy in every finding aid: %s %v", r.Status, got)
	}
	if a := r.Aids[0]; a.Hits[0].Href != "arch01483/names.html#place-kadikoy" || a.More != "arch01483/search.html?q=kadikoy" {
		t.Errorf("the first finding aid's results: %+v", a)
	}
}

// TestJSONObject: the index's large objects, written by jsonObject, are
// the bytes encoding/json writes for the same map, whatever the keys hold.
func TestJSONObject(t *testing.T) {
	keys := []string{"letter", "kadıkoy", "пи", "1917", "", `say "no"`, `back\slash`, "a<b>&c", "tab\there", "nl\nx",
		"\x00\x1f", "line\u2028sep", "para\u2029", "bad\xffutf8", "\xe2\x80", "ﬁne", "日本", "emoji😀", "del\x7f"}
	want := map[string]string{}
	for i, k := range keys {
		want[k] = putNumString(i * 37)
	}
	got := jsonObject(nil, slices.Clone(keys), func(b []byte, k string) []byte { return append(append(append(b, '"'), want[k]...), '"') })
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(w) {
		t.Errorf("jsonObject wrote\n%s\nencoding/json writes\n%s", got, w)
	}
	for _, k := range keys {
		q, _ := json.Marshal(k)
		if got := appendJSONString(nil, k); string(got) != string(q) {
			t.Errorf("appendJSONString(%q) = %s, want %s", k, got, q)
		}
	}
}

func putNumString(n int) string { return string(putNum(nil, n)) }

// TestDocChunkJSON: a chunk of documents, written without reflection, is
// the bytes encoding/json writes for it, empty fields left out alike.
func TestDocChunkJSON(t *testing.T) {
	f := docChunkFile{Docs: []*searchDoc{
		{Kind: "u"},
		{Kind: "u", Page: 3, Anchor: "inv-7", Up: 12, No: "No. 7", Title: `Letters <& "notes">`, Lang: "ru", Level: "Item", Dates: "1917",
			Text: []string{"From Crux; To [Adler]", "line\u2028two", "bad\xff"}},
		{Kind: "p", Href: "persons.html#p-crux", Title: "Crux", Level: "Person", Path: []crumb{{"Persons and pseudonyms", "persons.html"}, {"a&b", "x.html#<y>"}}},
		{Kind: "n", Text: []string{}, Path: []crumb{}},
	}, Up: map[string]upperUnit{"12": {Label: "Series 1", Page: 0, Anchor: "s1"}, "3": {Label: "File <2>", Page: 4, Anchor: "f2", Up: 13}, "100": {}}}
	// A field added to these types and not to appendJSON would vanish from
	// the index unseen, unless the fixture sets it: it must set every one.
	var docs []any
	for _, d := range f.Docs {
		docs = append(docs, *d)
	}
	everyFieldSet(t, docs...)
	var ups []any
	for _, u := range f.Up {
		ups = append(ups, u)
	}
	everyFieldSet(t, ups...)
	everyFieldSet(t, f)
	want, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.appendJSON(nil); string(got) != string(want) {
		t.Errorf("appendJSON wrote\n%s\nencoding/json writes\n%s", got, want)
	}
	f.Up = map[string]upperUnit{}
	want, _ = json.Marshal(f)
	if got := f.appendJSON(nil); string(got) != string(want) {
		t.Errorf("without units above: appendJSON wrote\n%s\nencoding/json writes\n%s", got, want)
	}
}

// everyFieldSet fails unless each field of the struct type of values is
// set (not its zero value) in at least one of them.
func everyFieldSet(t *testing.T, values ...any) {
	t.Helper()
	typ := reflect.TypeOf(values[0])
	for i := range typ.NumField() {
		set := false
		for _, v := range values {
			set = set || !reflect.ValueOf(v).Field(i).IsZero()
		}
		if !set {
			t.Errorf("no %s in the test sets %s: set it, so that the comparison covers it", typ, typ.Field(i).Name)
		}
	}
}
