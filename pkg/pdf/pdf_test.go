package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // TZ=Asia/Tokyo must load on any machine
	"unicode"

	"golang.org/x/text/language"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

const (
	defaultSources = "../../sources/trotsky-ilo"
	fixtures       = "../../testdata/fixtures"
)

// TestDefaultSources checks the default finding aid's inventory with
// poppler: every chronology event, all 78 pseudonyms with their users, all
// 45 reels, the diacritics, embedded fonts, metadata, the contents' page
// numbers, links and bookmarks.
func TestDefaultSources(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
	a := load(t, defaultSources)
	data := write(t, a, Options{})
	path := pdfFile(t, data)

	in := info(t, path)
	for k, want := range map[string]string{
		"Title":     "Lev Davidovič Trockij / International Left Opposition Archives",
		"Author":    "International Institute of Social History",
		"Creator":   "fonds",
		"Page size": "595.28 x 841.89 pts (A4)",
	} {
		if in[k] != want {
			t.Errorf("pdfinfo %s: %q, want %q", k, in[k], want)
		}
	}
	if !strings.Contains(in["Subject"], "ARCH01483") || !strings.Contains(in["Keywords"], "ARCH01483") {
		t.Errorf("pdfinfo Subject %q, Keywords %q: want the reference code", in["Subject"], in["Keywords"])
	}
	if !strings.HasPrefix(in["CreationDate"], "Tue Jan  1 00:00:00 2013") {
		t.Errorf("CreationDate %q: want the finding aid's date, 2013", in["CreationDate"])
	}
	pages, _ := strconv.Atoi(in["Pages"])
	if pages < 10 {
		t.Errorf("%d pages; the inventory needs more", pages)
	}
	if !bytes.Contains(objects(t, data), []byte("/Lang (en)")) {
		t.Error("the catalog has no /Lang (en)")
	}
	checkFonts(t, path)
	poppler(t, "pdftoppm", "-r", "20", "-png", path, filepath.Join(t.TempDir(), "p")) // renders without a complaint

	text := bodyText(t, path, a)
	flatText := flat(text)
	for _, s := range []string{"Davidovič", "Büyük Ada", "Kadiköy", "Secrétariat international des Bolcheviques", "Schüssler, Otto"} {
		if !strings.Contains(flatText, s) {
			t.Errorf("pdftotext lost %q", s)
		}
	}
	if len(a.Events) != 37 {
		t.Fatalf("%d events in the default sources, want 37", len(a.Events))
	}
	for _, e := range a.Events {
		want := flat(e.Date.Label() + " " + plainProse(a, e.Text.Text))
		if !strings.Contains(flatText, flat(plainProse(a, e.Text.Text))) {
			t.Errorf("event of %s is not in the text: %q", e.Date.Label(), want)
		}
		if !strings.Contains(flatText, e.Date.Label()) {
			t.Errorf("event date %q is not in the text", e.Date.Label())
		}
	}

	layout := poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
	n := 0
	for _, p := range a.People {
		for _, ps := range p.Pseudonyms {
			n++
			star := ``
			if ps.Maintained {
				star = `\*\s+`
			}
			re := regexp.MustCompile(`(?m)^\s*` + star + regexp.QuoteMeta(ps.Name) + `\s{2,}` + regexp.QuoteMeta(p.Name) + `\s*$`)
			if !re.MatchString(layout) {
				t.Errorf("pseudonym list: no line %q — %q (maintained %v)", ps.Name, p.Name, ps.Maintained)
			}
		}
	}
	if n != 78 {
		t.Errorf("%d pseudonyms, want 78", n)
	}
	if !strings.Contains(layout, "* Pseudonym maintained in the inventory.") {
		t.Error("the pseudonym list's footnote is missing")
	}
	if len(a.Reels) != 45 {
		t.Fatalf("%d reels, want 45", len(a.Reels))
	}
	for _, r := range a.Reels {
		if !reelLine(r).MatchString(layout) {
			t.Errorf("concordance: no line for reel %d (%s)", r.No, reelLine(r))
		}
	}

	ds := dests(t, path)
	l := checkLinks(t, data, ds)
	for _, r := range a.Reels {
		if ds[r.Anchor()] == 0 {
			t.Errorf("reel %d has no named destination %q", r.No, r.Anchor())
		}
	}
	for _, p := range a.People {
		if ds["person-"+p.ID] == 0 {
			t.Errorf("person %s has no index entry destination", p.ID)
		}
	}
	if len(l.bookmarks) < 7 {
		t.Errorf("%d bookmarks; want the parts and the series", len(l.bookmarks))
	}
	checkContents(t, path, ds, a)
	// The pseudonym list is in the index: Crux refers to the page that lists it.
	m := regexp.MustCompile(`Crux see Trotsky, Lev — p\. (\d+)`).FindStringSubmatch(flatText)
	if m == nil || m[1] != strconv.Itoa(ds["section:pseudonyms"]) {
		t.Errorf("index entry of Crux: %v; want the page of the pseudonym list, %d", m, ds["section:pseudonyms"])
	}
}

// reelLine matches a reel's line in the concordance.
func reelLine(r *model.Reel) *regexp.Regexp {
	var parts []string
	for _, rg := range r.Ranges {
		s := strconv.Itoa(rg.From)
		if rg.To != rg.From {
			s += "–" + strconv.Itoa(rg.To)
		}
		parts = append(parts, s)
	}
	want := strings.Join(parts, ", ")
	if r.Content != "" {
		if want != "" {
			want += "; "
		}
		want += r.Content
	}
	return regexp.MustCompile(`(?m)^\s*` + strconv.Itoa(r.No) + `\s+` + regexp.QuoteMeta(want) + `\s*$`)
}

// checkContents checks the page numbers of the contents against the named
// destinations poppler resolves.
func checkContents(t *testing.T, path string, ds map[string]int, a *model.Archive) {
	t.Helper()
	toc := poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", strconv.Itoa(ds["section:description"]-1), path, "-")
	d := &doc{a: a}
	for _, p := range d.parts() {
		re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(p.title) + `[ .]*\s(\d+)\s*$`)
		m := re.FindStringSubmatch(toc)
		if m == nil {
			t.Errorf("contents: no line for %q", p.title)
			continue
		}
		if m[1] != strconv.Itoa(ds[p.dest]) {
			t.Errorf("contents: %q on page %s, but it is on page %d", p.title, m[1], ds[p.dest])
		}
	}
}

// TestLetters checks the fixture with items: an item on two reels, a long
// title, Cyrillic and Greek, the index pointing to units and pages,
// internal material left out unless asked for.
func TestLetters(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdffonts")
	a := load(t, filepath.Join(fixtures, "letters"))
	data := write(t, a, Options{})
	path := pdfFile(t, data)
	checkFonts(t, path)
	ds := dests(t, path)
	l := checkLinks(t, data, ds)
	if len(l.pages) == 0 || len(l.uris) == 0 {
		t.Errorf("%d page links and %d web links; the index and the scans link need some", len(l.pages), len(l.uris))
	}
	layout := poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
	text := flat(bodyText(t, path, a))
	for _, s := range []string{"Письмо о работе бюро", "Ελλάδα (Greece)", "Επιστολή του Νίκου Παπαδόπουλου",
		"Παπαδόπουλος", "Büyük Ada", "reels 1, 2", "Кириллица", "Scans of no. 4: https://archive.example.org/scans/4"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext lost %q", s)
		}
	}
	// The long title wraps onto lines of its own, under the title column.
	var titleLines []string
	for _, ln := range strings.Split(layout, "\n") {
		if strings.Contains(ln, "Письмо") || strings.Contains(ln, "printed page can hold") || strings.Contains(ln, "hyphenates and breaks") {
			titleLines = append(titleLines, ln)
		}
	}
	if len(titleLines) < 2 || strings.Contains(titleLines[0], "printed page can hold") {
		t.Errorf("the long title of no. 4 does not wrap: %q", titleLines)
	}
	if !regexp.MustCompile(`(?m)^\s*4\s+Письмо`).MatchString(layout) {
		t.Error("no. 4 is not set in the number column beside its title")
	}
	page4 := poppler(t, "pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(ds["inv-4"]), "-l", strconv.Itoa(ds["inv-4"]), path, "-")
	if !strings.Contains(page4, "Письмо") {
		t.Errorf("destination inv-4 (page %d) is not the page of no. 4", ds["inv-4"])
	}
	// Petrova is listed under Zora, the pseudonym the inventory
	// maintains; the units that name her under any name are described on
	// one page; Stella, another pseudonym, refers to Zora, with the unit
	// that cites her so.
	m := regexp.MustCompile(`Zora \(pseudonym of Petrova, Zora, 1901-1970\); also written Петрова, Зора; pseudonyms: Stella; K\.-L\. — nos\. 1, 2, 4, 5, 6, 8, 11 \(p\. (\d+)\)`).FindStringSubmatch(text)
	if m == nil || m[1] != strconv.Itoa(ds["inv-1"]) || ds["inv-1"] != ds["inv-11"] {
		t.Errorf("index entry of Zora: %v; want nos. 1, 2, 4, 5, 6, 8, 11 on page %d", m, ds["inv-1"])
	}
	for _, s := range []string{"Petrova, Zora see Zora", "Stella see Zora — no. 2 (p. " + strconv.Itoa(ds["inv-2"]) + ")", "Prinkipo see Büyük Ada",
		"ICB see Imaginary Correspondence Bureau", "Imaginary Correspondence Bureau (ICB, 1929-1934) — no. 3 (p. " + strconv.Itoa(ds["inv-3"]) + ")"} {
		if !strings.Contains(text, s) {
			t.Errorf("the index has no %q", s)
		}
	}
	if ds["ps-zora"] == 0 || ds["ps-zora"] != ds["person-petrova"] {
		t.Errorf("Zora's destination is on page %d, Petrova's on %d: want both at her entry", ds["ps-zora"], ds["person-petrova"])
	}
	for _, s := range []string{"Staff working papers", "Check the date against the envelope"} {
		if strings.Contains(text, s) {
			t.Errorf("internal material %q is printed", s)
		}
	}
	internal := flat(bodyText(t, pdfFile(t, write(t, a, Options{Internal: true})), a))
	for _, s := range []string{"Staff working papers", "Check the date against the envelope"} {
		if !strings.Contains(internal, s) {
			t.Errorf("with Internal, %q is missing", s)
		}
	}
	checkContents(t, path, ds, a)
}

// TestDeep checks a hierarchy thirteen levels deep: every level printed,
// and bookmarks nested as deep as the units with parts.
func TestDeep(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	a := load(t, filepath.Join(fixtures, "deep"))
	data := write(t, a, Options{})
	path := pdfFile(t, data)
	text := flat(bodyText(t, path, a))
	for i := 1; i <= 13; i++ {
		if !strings.Contains(text, fmt.Sprintf("Level %d", i)) || !strings.Contains(text, strconv.Itoa(1899+i)) {
			t.Errorf("level %d is not printed", i)
		}
	}
	ds := dests(t, path)
	l := checkLinks(t, data, ds)
	for i := 1; i <= 12; i++ {
		found := false
		for _, b := range l.bookmarks {
			found = found || b == fmt.Sprintf("level-%d", i)
		}
		if !found {
			t.Errorf("no bookmark for level %d", i)
		}
	}
	// Nesting: each level's bookmark is the child of the one above.
	depth := outlineDepth(string(objects(t, data)))
	if depth < 13 { // the Inventory part, then levels 1-12
		t.Errorf("bookmarks nest %d deep; want 13", depth)
	}
}

// outlineDepth follows /Parent links from each bookmark to the outline root.
func outlineDepth(pdf string) int {
	parent := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^(\d+) 0 obj\n<</Title [^\n]*?/Parent (\d+) 0 R`).FindAllStringSubmatch(pdf, -1) {
		parent[m[1]] = m[2]
	}
	best := 0
	for k := range parent {
		d := 0
		for p, ok := k, true; ok; p, ok = parent[p] {
			d++
		}
		best = max(best, d-1)
	}
	return best
}

// TestMinimal checks the smallest finding aid: no units, no names, no reels.
func TestMinimal(t *testing.T) {
	need(t, "pdftotext", "pdfinfo", "pdffonts")
	a := load(t, filepath.Join(fixtures, "minimal"))
	path := pdfFile(t, write(t, a, Options{}))
	checkFonts(t, path)
	text := flat(poppler(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	for _, s := range []string{"A minimal finding aid (fictional test fixture)", "FIX-MIN", "1 folder", "Contents", "Description of the collection"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext lost %q", s)
		}
	}
	for _, s := range []string{"Index of names", "Microfilm concordance", "Chronology"} {
		if strings.Contains(text, s) {
			t.Errorf("empty part %q is printed", s)
		}
	}
}

// TestGolden compares the text of each fixture's inventory, as pdftotext
// lays it out, with the golden files under testdata/golden; UPDATE_GOLDEN=1
// rewrites them.
func TestGolden(t *testing.T) {
	need(t, "pdftotext")
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	dirs = append(dirs, defaultSources)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			a := load(t, dir)
			got := poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-")
			golden(t, filepath.Join("testdata", "golden", name+".txt"), got)
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
	}
	if got == string(want) {
		os.Remove(path + ".got")
		return
	}
	os.WriteFile(path+".got", []byte(got), 0o644)
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs from the golden file at line %d (got written to %s.got):\nwant: %q\ngot:  %q", path, i+1, path, w, g)
		}
	}
}

// TestDeterministic writes each finding aid twice, under other GOMAXPROCS
// and time zones, and wants the same bytes: with 8, more workers compress
// the streams than there are cores, and they finish out of order.
func TestDeterministic(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	dirs = append(dirs, defaultSources)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		a := load(t, dir)
		first := write(t, a, Options{})
		procs := runtime.GOMAXPROCS(1)
		one := write(t, a, Options{})
		runtime.GOMAXPROCS(max(2, procs))
		two := write(t, a, Options{})
		runtime.GOMAXPROCS(8)
		eight := write(t, a, Options{})
		runtime.GOMAXPROCS(procs)
		local := time.Local
		time.Local = tokyo
		tz := write(t, a, Options{})
		time.Local = local
		for name, b := range map[string][]byte{"second write": first, "GOMAXPROCS=1": one, "GOMAXPROCS=2": two, "GOMAXPROCS=8": eight, "TZ=Asia/Tokyo": tz} {
			if !bytes.Equal(b, first) {
				t.Errorf("%s: %s differs from the first write", dir, name)
			}
		}
		if !bytes.Equal(first, write(t, load(t, dir), Options{})) {
			t.Errorf("%s: a second load gives other bytes", dir)
		}
	}
}

// TestOutput builds through the pipeline, as fonds build does, and checks
// the document's date: the sources' unless SOURCE_DATE_EPOCH is set.
func TestOutput(t *testing.T) {
	need(t, "pdfinfo")
	dir := filepath.Join(fixtures, "letters")
	out := filepath.Join(t.TempDir(), "dist")
	t.Setenv("SOURCE_DATE_EPOCH", "")
	if _, err := build.Compile([]string{dir}, out, build.Options{}, []build.Output{Output{}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "fix-letters.1", "fix-letters.1.pdf")
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := info(t, path)["CreationDate"]; !strings.HasPrefix(d, "Wed May  1 00:00:00 2024") {
		t.Errorf("CreationDate %q; want finding_aid.date, 2024-05-01", d)
	}
	if _, err := build.Compile([]string{dir}, out, build.Options{}, []build.Output{Output{}}); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(first, again) {
		t.Error("two builds differ")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if _, err := build.Compile([]string{dir}, out, build.Options{}, []build.Output{Output{Options{Paper: "letter"}}}); err != nil {
		t.Fatal(err)
	}
	in := info(t, path)
	if d := in["CreationDate"]; !strings.HasPrefix(d, "Tue Nov 14 22:13:20 2023") {
		t.Errorf("CreationDate %q with SOURCE_DATE_EPOCH=1700000000", d)
	}
	if in["Page size"] != "612 x 792 pts (letter)" {
		t.Errorf("--paper letter: page size %q", in["Page size"])
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if _, err := build.Compile([]string{dir}, out, build.Options{}, []build.Output{Output{}}); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("SOURCE_DATE_EPOCH=yesterday: error %v", err)
	}
}

func TestBadOptions(t *testing.T) {
	a := load(t, filepath.Join(fixtures, "minimal"))
	if err := Write(&bytes.Buffer{}, a, Options{Paper: "a5"}); err == nil || !strings.Contains(err.Error(), `"a5"`) {
		t.Errorf("paper a5: error %v", err)
	}
	if err := Write(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("no error for a nil archive")
	}
}

// TestUndatedHasNoDate: a finding aid dated "undated" gives a PDF without
// a creation date, not one of 1 January 1970.
func TestUndatedHasNoDate(t *testing.T) {
	need(t, "pdfinfo")
	src := filepath.Join(t.TempDir(), "undated")
	if err := os.CopyFS(src, os.DirFS(filepath.Join(fixtures, "minimal"))); err != nil {
		t.Fatal(err)
	}
	fy := filepath.Join(src, "fonds.yaml")
	data, _ := os.ReadFile(fy)
	data = bytes.Replace(data, []byte(`date: "2024"`), []byte(`date: undated`), 1)
	if err := os.WriteFile(fy, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := build.Compile([]string{src}, out, build.Options{}, []build.Output{Output{}}); err != nil {
		t.Fatal(err)
	}
	in := info(t, filepath.Join(out, "fix-min", "fix-min.pdf"))
	if d, ok := in["CreationDate"]; ok {
		t.Errorf("an undated finding aid's PDF has CreationDate %q", d)
	}
	if in["Title"] == "" {
		t.Errorf("no title in %v", in)
	}
}

// langTags returns every /Lang of a PDF; it fails the test on one whose
// value is not a literal string.
func langTags(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	for _, m := range langEntry.FindAllSubmatch(data, -1) {
		if m[1] == nil {
			t.Errorf("a /Lang that is no literal string: %q", m[0])
			continue
		}
		out = append(out, string(m[1]))
	}
	return out
}

var langEntry = regexp.MustCompile(`/Lang\s*(?:\(([^()\\]*)\)|\S{0,20})`)

var catalogLang = regexp.MustCompile(`/Type /Catalog [^\n]*/Lang \(([^)]*)\)`)

// TestLang: every /Lang of the inventories built from the fixtures, the
// default sources and finding aids in other languages and scripts — the
// catalog's and the structure elements' — is a BCP 47 tag that
// language.Parse reads and that is already canonical, in its shortest form
// ("bo", not "tib"; "sr-Latn", not "srp"); the catalog's is the finding
// aid's.
func TestLang(t *testing.T) {
	check := func(name string, data []byte, want string) {
		data = objects(t, data)
		tags := langTags(t, data)
		if len(tags) == 0 {
			t.Errorf("%s: no /Lang", name)
		}
		if m := catalogLang.FindSubmatch(data); m == nil || string(m[1]) != want {
			t.Errorf("%s: the catalog's /Lang is %q, want (%s)", name, m, want)
		}
		for _, tag := range tags {
			parsed, err := language.Parse(tag)
			if err != nil {
				t.Errorf("%s: /Lang (%s): %v", name, tag, err)
				continue
			}
			if canon, _ := language.BCP47.Canonicalize(parsed); canon.String() != tag {
				t.Errorf("%s: /Lang (%s) is not canonical BCP 47: %s", name, tag, canon)
			}
			if s, conf := parsed.Script(); conf == language.Exact {
				b, bconf := parsed.Base()
				if likely, _ := language.Make(b.String()).Script(); bconf == language.Exact && likely == s {
					t.Errorf("%s: /Lang (%s) is not the shortest form: %s is written in %s anyway", name, tag, b, s)
				}
			}
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, dir := range append(dirs, defaultSources) {
		check(filepath.Base(dir), write(t, load(t, dir), Options{}), "en")
	}
	for _, c := range []struct{ code, script, want string }{
		{"tib", "Tibt", "bo"}, {"tib", "Cyrl", "bo-Cyrl"}, {"amh", "", "am"}, {"rus", "Cyrl", "ru"},
		{"srp", "Latn", "sr-Latn"}, {"gre", "Grek", "el"}, {"chi", "Hant", "zh-Hant"}, {"ger", "Latf", "de-Latf"},
		{"grc", "", "grc"}, {"mul", "", "mul"}, {"scr", "", "hr"},
	} {
		a := load(t, filepath.Join(fixtures, "minimal"))
		a.Fonds.FindingAid.Language, a.Fonds.FindingAid.Script = c.code, c.script
		check(c.code+"-"+c.script, write(t, a, Options{}), c.want)
	}
}

// TestLanguageNames: the languages of the material are named as the other
// outputs name them, "Tibetan (Cyrillic)".
func TestLanguageNames(t *testing.T) {
	need(t, "pdftotext")
	a := load(t, filepath.Join(fixtures, "minimal"))
	a.Fonds.Languages = []model.Language{{Code: "tib", Script: "Cyrl"}, {Code: "gre", Script: "Grek"}, {Code: "ota"}}
	text := flat(poppler(t, "pdftotext", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-"))
	if want := "Tibetan (Cyrillic); Greek (Greek); Ottoman Turkish"; !strings.Contains(text, want) {
		t.Errorf("the languages are not named %q:\n%s", want, text)
	}
}

// TestNotesParsedOnce: both passes of the layout set a note from the tree
// resolve kept in the archive's Notes, not from a parse of their own.
func TestNotesParsedOnce(t *testing.T) {
	need(t, "pdftotext")
	a := load(t, filepath.Join(fixtures, "letters"))
	a.Notes[a.Fonds.ScopeAndContent.Text] = prose.Parse("Rendered from the kept tree.")
	text := flat(poppler(t, "pdftotext", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-"))
	if !strings.Contains(text, "Scope and content Rendered from the kept tree.") {
		t.Errorf("the scope note is not the tree kept in Notes:\n%s", text)
	}
}

// TestEscapedGlyphs sets characters whose glyph ids hold the bytes a
// literal string escapes — parentheses, a backslash, a carriage return —
// and wants pdftotext to read them back, and the rest of the line after
// them.
func TestEscapedGlyphs(t *testing.T) {
	need(t, "pdftotext")
	faces, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	f := faces[regular]
	var chars []rune
	for _, want := range []byte{'(', ')', '\\', '\r'} {
		found := false
		for r := rune(0x21); r < 0x2000 && !found; r++ {
			if g := f.glyph(r); g != 0 && (byte(g) == want || byte(g>>8) == want) && unicode.IsPrint(r) && !unicode.IsSpace(r) {
				chars, found = append(chars, r), true
			}
		}
		if !found {
			t.Fatalf("no character of %s has a glyph id with byte %#x", f.name, want)
		}
	}
	a := load(t, filepath.Join(fixtures, "minimal"))
	title := "Escapes " + string(chars) + " end of the title"
	a.Fonds.Title.Value = title
	text := flat(poppler(t, "pdftotext", "-enc", "UTF-8", pdfFile(t, write(t, a, Options{})), "-"))
	if !strings.Contains(text, title) {
		t.Errorf("pdftotext does not read the title %q (%U) back:\n%s", title, chars, text)
	}
}
