package importer

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/site"
)

// words is a multiset of the words of a text: runs of letters and digits,
// in lower case.
type words map[string]int

func (w words) add(text string) {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w[strings.ToLower(f)]++
	}
}

func (w words) total() int {
	n := 0
	for _, c := range w {
		n += c
	}
	return n
}

// distinct returns the different words of in that are not in out at all,
// sorted.
func (in words) distinct(out words) []string {
	var list []string
	for w, c := range in {
		if c > 0 && out[w] == 0 {
			list = append(list, w)
		}
	}
	sort.Strings(list)
	return list
}

// minus removes the words of text from w: words the import's report says
// it dropped.
func (w words) minus(text string) {
	d := words{}
	d.add(text)
	for k, n := range d {
		w[k] = max(0, w[k]-n)
	}
}

// missing returns how many of the words of in are not in out (counted as
// multisets), and the most frequent of them.
func (in words) missing(out words) (int, []string) {
	n := 0
	type miss struct {
		w string
		n int
	}
	var list []miss
	for w, c := range in {
		if d := c - out[w]; d > 0 {
			n += d
			list = append(list, miss{w, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].w < list[j].w
	})
	var top []string
	for i, m := range list {
		if i == 8 {
			break
		}
		top = append(top, fmt.Sprintf("%s×%d", m.w, m.n))
	}
	return n, top
}

// textRun is a run of text of the input with the element it belongs to:
// its nearest ancestor that is not an inline phrase (inlineRun).
type textRun struct {
	elem, text string
}

// inlineElems are phrases that may stand inside a word ("<emph>M</emph>arx"):
// their text is not cut from what surrounds it.
var inlineElems = map[string]bool{"emph": true, "abbr": true, "expan": true, "num": true, "title": true}

// mixedPhrases are EAD's names, terms, links and dates: phrases in a text
// ("Erklärung von <persname>Philipp Pauli</persname>über …", which a
// reader reads as "Pauliüber"; fonds writes a linked name as a ref), and
// entries of their own in a list of them (origination, controlaccess).
var mixedPhrases = map[string]bool{"persname": true, "corpname": true, "famname": true, "geogname": true, "name": true,
	"subject": true, "function": true, "genreform": true, "occupation": true, "ref": true, "extref": true,
	"archref": true, "bibref": true, "date": true}

// inlineRun reports whether n's text runs on with the text around it: a
// phrase, or one of mixedPhrases in mixed content (its parent holds words
// of its own).
func inlineRun(n *node) bool {
	if inlineElems[n.name] {
		return true
	}
	if !mixedPhrases[n.name] || n.parent == nil {
		return false
	}
	for _, k := range n.parent.kids {
		if k.name == "" && strings.TrimSpace(k.text) != "" {
			return true
		}
	}
	return false
}

// eadRuns returns the published text of an EAD document's archdesc, run by
// run: what is marked audience="internal" is left out, as fonds leaves it
// out of what it publishes.
func eadRuns(t testing.TB, data []byte) []textRun {
	t.Helper()
	doc, err := parse(bytes.NewReader(data), "ead")
	if err != nil {
		t.Fatal(err)
	}
	var runs []textRun
	var walk func(n *node, owner string)
	walk = func(n *node, owner string) {
		if rawAttr(n, "audience") == "internal" {
			return
		}
		if n.name == "unitdatestructured" && n.parent != nil && n.parent.child("unitdate") != nil {
			return // EAD3: the same date as the unitdate beside it, in parts
		}
		inline := inlineRun(n)
		if !inline {
			owner = n.name
			runs = append(runs, textRun{owner, " "})
		}
		for _, k := range n.kids {
			if k.name == "" {
				runs = append(runs, textRun{owner, k.text})
				continue
			}
			walk(k, owner)
		}
		if !inline {
			runs = append(runs, textRun{owner, " "})
		}
	}
	if ad := doc.ead.child("archdesc"); ad != nil {
		walk(ad, "archdesc")
	}
	return runs
}

// eadWords are the words of the published text of an EAD document's
// archdesc.
func eadWords(t testing.TB, data []byte) words {
	var b strings.Builder
	for _, r := range eadRuns(t, data) {
		b.WriteString(r.text)
	}
	w := words{}
	w.add(b.String())
	return w
}

// lostBy attributes the words of the input that out lacks to the elements
// of the input that held them, most first: "physloc 3478".
func lostBy(runs []textRun, out words) []string {
	left := maps.Clone(out)
	lost := map[string]int{}
	// Words split across runs ("<emph>M</emph>arx") are joined first.
	var owner string
	var b strings.Builder
	flush := func() {
		w := words{}
		w.add(b.String())
		for word, n := range w {
			for ; n > 0; n-- {
				if left[word] > 0 {
					left[word]--
				} else {
					lost[owner]++
				}
			}
		}
		b.Reset()
	}
	for _, r := range runs {
		if r.elem != owner {
			flush()
			owner = r.elem
		}
		b.WriteString(r.text)
	}
	flush()
	var list []string
	for e, n := range lost {
		list = append(list, fmt.Sprintf("%s %d", e, n))
	}
	sort.Slice(list, func(i, j int) bool {
		var a, b int
		fmt.Sscan(strings.Fields(list[i])[1], &a)
		fmt.Sscan(strings.Fields(list[j])[1], &b)
		if a != b {
			return a > b
		}
		return list[i] < list[j]
	})
	return list
}

var (
	htmlSkip = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`)
	// htmlPhrase is a tag of HTML's phrasing content, which runs on with
	// the text around it ("<a …>Houses of Commons and Lords</a>über" reads
	// "Lordsüber"); other tags stand between words.
	htmlPhrase = regexp.MustCompile(`(?s)</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|strong|sub|sup|time|u|var)(?:\s[^>]*)?>`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// htmlWords are the words of every page of a finding aid's site.
func htmlWords(t testing.TB, dir string) words {
	t.Helper()
	w := words{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := htmlTag.ReplaceAllString(htmlPhrase.ReplaceAllString(htmlSkip.ReplaceAllString(string(data), " "), ""), " ")
		w.add(html.UnescapeString(text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// pdfWords are the words pdftotext reads in a PDF. In CI a missing
// pdftotext fails the test (testtool.Need).
func pdfWords(t testing.TB, file string) words {
	t.Helper()
	bin := testtool.Need(t, "pdftotext")
	// -layout: the plain mode joins a word that ends a line with a hyphen
	// ("1951-") to the first word of the next line.
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	w := words{}
	w.add(string(out))
	return w
}

// buildAll builds sources with the three outputs into a new folder and
// returns the finding aid's folder in it.
func buildAll(t testing.TB, src string) string {
	t.Helper()
	dist := filepath.Join(t.TempDir(), "dist")
	html, err := site.New(site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []build.Output{ead.Output{}, html, pdf.Output{}}
	results, err := build.Compile([]string{src}, dist, build.Options{}, outputs)
	if err != nil {
		for _, r := range results {
			t.Logf("%v", r.Diags)
		}
		t.Fatalf("build: %v", err)
	}
	return filepath.Join(dist, results[0].Archive.Slug())
}

// TestEveryWord imports every real finding aid of testdata/real and of
// ../shared/ead-samples, checks the sources, builds them with the EAD, the
// site and the PDF, validates the EAD with xmllint, and compares the
// components and the words of the input's archdesc with each output: the
// text of the EAD, of the PDF (pdftotext) and of the site's pages, and
// every different word with the apeEAD of the profile ape. Words
// of what the input marks audience="internal" are not counted, since
// fonds publishes them only with --internal. It prints the figures, and
// fails when a component or a word is missing.
func TestEveryWord(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*.xml")
	samples, _ := filepath.Glob(filepath.Join(shared(t, "ead-samples"), "*.xml"))
	if len(files) == 0 || len(samples) == 0 {
		t.Fatal("no fixtures or samples")
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-44s %6s %8s %9s %9s %9s\n", "file", "units", "words", "lost EAD", "lost PDF", "lost HTML")
	for _, f := range append(files, samples...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lost, units, words := everyWord(t, filepath.Base(f), data)
			fmt.Fprintf(&table, "%-44s %6d %8d %9d %9d %9d\n", filepath.Base(f), units, words, lost[0], lost[1], lost[2])
		})
	}
	t.Logf("every word:\n%s", table.String())
}

// everyWord runs the comparison for one EAD document and returns the words
// each output lost (EAD, PDF, HTML), the components and the words of the
// input. Words the report quotes as dropped (the heading of an empty note)
// are accounted for. The EAD must keep every word as often as the input
// has it; the PDF and the site must show every different word, since they
// list a name once however often the EAD cites it.
func everyWord(t *testing.T, name string, data []byte) (lost [3]int, units, total int) {
	res, err := Import(bytes.NewReader(data), name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "sources", res.Name)
	writeSources(t, src, res)
	out := buildAll(t, src)
	slug := filepath.Base(out)
	xml, err := os.ReadFile(filepath.Join(out, slug+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, filepath.Join(out, slug+".xml"))
	in, err := readFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readFacts(xml)
	if err != nil {
		t.Fatal(err)
	}
	units = len(in.shape)
	if rows := compare(in, got); len(rows[0].problems) > 0 {
		t.Errorf("components: %v", rows[0].problems)
	}
	runs := eadRuns(t, data)
	inWords := eadWords(t, data)
	for _, e := range res.Report.Repaired {
		if _, quoted, ok := strings.Cut(e.What, "dropped: "); ok {
			for range e.Lines {
				inWords.minus(quoted)
			}
		}
	}
	total = inWords.total()
	for i, o := range []struct {
		name string
		w    words
	}{
		{"EAD", eadWords(t, xml)},
		{"PDF", pdfWords(t, filepath.Join(out, slug+".pdf"))},
		{"HTML", htmlWords(t, out)},
	} {
		n, top := inWords.missing(o.w)
		lost[i] = n
		if d := inWords.distinct(o.w); i == 0 && n > 0 || len(d) > 0 {
			t.Errorf("%s lost %d of %d words (%s), %d different ones %q; from %s", o.name, n, total, strings.Join(top, " "), len(d), d[:min(8, len(d))], strings.Join(lostBy(runs, o.w), ", "))
		}
	}
	apeWords(t, src, slug, inWords)
	return lost, units, total
}

// apeWords writes the sources as apeEAD (the profile ape), with a
// repository ISIL and country code when the input gives none (apeEAD
// requires them), validates it against apeEAD.xsd, and checks that it
// shows every different word of the input: the profile writes what
// apeEAD has no element for in another form, and makes the EAD kept
// from the import fit where it stands, its text kept.
func apeWords(t *testing.T, src, slug string, in words) {
	t.Helper()
	chk := build.Check(src, build.Options{})
	if chk.Archive == nil || chk.Diags.HasErrors() {
		t.Fatalf("check: %v", chk.Diags)
	}
	rep := &chk.Archive.Fonds.Repository
	if rep.ISIL == "" || rep.Country == "" {
		rep.ISIL, rep.Country = "NL-XxTEST", "NL"
	}
	var out bytes.Buffer
	if err := ead.Write(&out, chk.Archive, ead.Options{Profile: "ape"}); err != nil {
		t.Fatalf("profile ape: %v", err)
	}
	file := filepath.Join(t.TempDir(), slug+".xml")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ValidateAPE(t, file)
	got := eadWords(t, out.Bytes())
	// apeEAD has no daodesc: what a link shows is in its xlink:title.
	for _, m := range daoTitle.FindAllSubmatch(out.Bytes(), -1) {
		got.add(html.UnescapeString(string(m[1])))
	}
	if d := in.distinct(got); len(d) > 0 {
		t.Errorf("apeEAD lost %d different words %q", len(d), d[:min(8, len(d))])
	}
}

var daoTitle = regexp.MustCompile(`<dao [^>]*xlink:title="([^"]*)"`)

// TestEveryWordOf runs the comparison of TestEveryWord on the EAD files of
// the folder $FONDS_WORDS, for measuring whole real finding aids that are
// too large to keep in testdata.
func TestEveryWordOf(t *testing.T) {
	dir := os.Getenv("FONDS_WORDS")
	if dir == "" {
		t.Skip("FONDS_WORDS names no folder of EAD files")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lost, units, words := everyWord(t, filepath.Base(f), data)
			t.Logf("%d units, %d words; lost: EAD %d, PDF %d, HTML %d", units, words, lost[0], lost[1], lost[2])
		})
	}
}

// TestEADWordsNames: a name in mixed content runs on with the words around
// it, as a reader reads it ("Pauli" and "über" with no space between are
// "pauliüber"), so an output that keeps the text without the markup loses
// nothing; names listed apart (an origination's) stay words of their own;
// an output that drops a name's words loses them, in its unittitle.
func TestEADWordsNames(t *testing.T) {
	in := []byte(`<ead><archdesc level="fonds"><did>
<unittitle>Erklärung von <persname>Philipp Pauli</persname>über Theorie</unittitle>
<origination><persname>Marx, Karl</persname><persname>Engels</persname></origination>
</did></archdesc></ead>`)
	out := func(title string) []byte {
		return []byte(`<ead><archdesc level="fonds"><did><unittitle>` + title + `</unittitle>
<origination><persname>Marx, Karl</persname> <persname>Engels</persname></origination></did></archdesc></ead>`)
	}
	inWords := eadWords(t, in)
	if inWords["pauliüber"] != 1 || inWords["pauli"] != 0 || inWords["karl"] != 1 || inWords["engels"] != 1 {
		t.Errorf("words of the input: %v", inWords)
	}
	if n, top := inWords.missing(eadWords(t, out("Erklärung von Philipp Pauliüber Theorie"))); n != 0 {
		t.Errorf("the name's text without its markup: %d lost (%v)", n, top)
	}
	lostWords := eadWords(t, out("Erklärung von über Theorie"))
	n, top := inWords.missing(lostWords)
	by := lostBy(eadRuns(t, in), lostWords)
	if n != 2 || strings.Join(top, " ") != "pauliüber×1 philipp×1" || strings.Join(by, ", ") != "unittitle 2" {
		t.Errorf("the name dropped: %d lost (%v), from %v", n, top, by)
	}
}

// TestHTMLWordsPhrases: a link runs on with the text around it, as the
// reader reads it; the site's spans, laid out apart, and its blocks stand
// between words.
func TestHTMLWordsPhrases(t *testing.T) {
	dir := t.TempDir()
	page := `<p>S. 20: <a href="names.html#b">Houses of Commons and Lords</a>über Russland</p>` +
		`<p class="facts"><span>various sizes</span><span>1.5 Linear Feet</span></p><p>one</p><p>two</p>`
	if err := os.WriteFile(filepath.Join(dir, "inventory.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	w := htmlWords(t, dir)
	for _, word := range []string{"lordsüber", "sizes", "1", "5", "one", "two"} {
		if w[word] != 1 {
			t.Errorf("no %q in %v", word, w)
		}
	}
}

// built is an EAD document imported and built with the three outputs: the
// import, the sources' folder, the finding aid's name, the text of its PDF
// (pdftotext -layout), its site's index.html and its EAD, which xmllint
// has validated.
type built struct {
	res       *Result
	src, slug string
	pdf, page []byte
	ead       []byte
}

func importAndBuild(t *testing.T, in string) built {
	t.Helper()
	res, err := Import(strings.NewReader(in), "x.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := built{res: res, src: filepath.Join(t.TempDir(), "sources", res.Name)}
	writeSources(t, b.src, res)
	out := buildAll(t, b.src)
	b.slug = filepath.Base(out)
	bin := testtool.Need(t, "pdftotext")
	if b.pdf, err = exec.Command(bin, "-layout", "-enc", "UTF-8", filepath.Join(out, b.slug+".pdf"), "-").Output(); err != nil {
		t.Fatal(err)
	}
	if b.page, err = os.ReadFile(filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(out, b.slug+".xml")
	xmllint(t, file)
	if b.ead, err = os.ReadFile(file); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInclusiveDate: "(inclusive)" is derived, not stored: a date that is
// not bulk is printed "(inclusive)" where a bulk date stands in the same
// list (the collection's), and not where none does (the units', one of
// them type="inclusive" in the EAD); the PDF and the site say so, apeEAD,
// which has no @type, in words, both EADs valid; fonds.yaml stores no type
// inclusive, and a re-import of fonds's own EAD (type="inclusive" on every
// date that is not bulk) prints the same.
func TestInclusiveDate(t *testing.T) {
	in := `<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid><filedesc><titlestmt><titleproper>Papers</titleproper></titlestmt>` +
		`<publicationstmt><publisher>Archive</publisher><date normal="2024">2024</date></publicationstmt></filedesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitid>X1</unitid>` +
		`<unitdate normal="1792/1935" type="inclusive">1792-1935</unitdate><unitdate normal="1835/1895" type="bulk">1835-1895</unitdate></did>` +
		`<dsc><c01 level="file"><did><unitid>1</unitid><unittitle>Letters</unittitle><unitdate normal="1900" type="inclusive">1900</unitdate></did></c01>` +
		`<c01 level="file"><did><unitid>2</unitid><unittitle>Notes</unittitle><unitdate normal="1901">1901</unitdate></did></c01></dsc></archdesc></ead>`
	b := importAndBuild(t, in)
	if strings.Contains(string(b.res.Files["fonds.yaml"]), "inclusive") {
		t.Errorf("fonds.yaml stores inclusive:\n%s", b.res.Files["fonds.yaml"])
	}
	if got := strings.Count(string(b.pdf), "1792-1935 (inclusive); bulk 1835-1895"); got != 2 {
		t.Errorf("the PDF prints the dates with their type %d times, want 2 (title page, description):\n%s", got, b.pdf)
	}
	if got := strings.Count(string(b.pdf), "(inclusive)"); got != 2 {
		t.Errorf("the PDF prints (inclusive) %d times, want 2 (the collection's; not its units', with no bulk date):\n%s", got, b.pdf)
	}
	if !strings.Contains(string(b.page), "1792-1935 (inclusive); bulk 1835-1895") {
		t.Errorf("the site's description has no \"(inclusive)\":\n%s", b.page)
	}
	if !bytes.Contains(b.ead, []byte(`<unitdate type="inclusive" normal="1900">1900</unitdate>`)) {
		t.Errorf("the EAD's unit date:\n%s", b.ead)
	}
	if !bytes.Contains(b.ead, []byte(`<unitdate type="inclusive" normal="1792/1935" encodinganalog="3.1.3">1792-1935</unitdate>`)) {
		t.Errorf("the EAD's unitdate:\n%s", b.ead)
	}
	chk := build.Check(b.src, build.Options{})
	if chk.Archive == nil || chk.Diags.HasErrors() {
		t.Fatalf("check: %v", chk.Diags)
	}
	chk.Archive.Fonds.Repository.ISIL, chk.Archive.Fonds.Repository.Country = "NL-XxTEST", "NL"
	var ape bytes.Buffer
	if err := ead.Write(&ape, chk.Archive, ead.Options{Profile: "ape"}); err != nil {
		t.Fatal(err)
	}
	apeFile := filepath.Join(t.TempDir(), b.slug+".xml")
	if err := os.WriteFile(apeFile, ape.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ValidateAPE(t, apeFile)
	eadFile := filepath.Join(t.TempDir(), b.slug+".xml")
	if err := os.WriteFile(eadFile, b.ead, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ValidateEAD(t, eadFile)
	if !bytes.Contains(ape.Bytes(), []byte(`>1792-1935 (inclusive)</unitdate>`)) || !bytes.Contains(ape.Bytes(), []byte(`>bulk 1835-1895</unitdate>`)) ||
		!bytes.Contains(ape.Bytes(), []byte(`>1900</unitdate>`)) || bytes.Count(ape.Bytes(), []byte("(inclusive)")) != 1 {
		t.Errorf("apeEAD's unitdates:\n%s", ape.Bytes())
	}

	again := importAndBuild(t, string(b.ead))
	if strings.Contains(string(again.res.Files["fonds.yaml"]), "inclusive") {
		t.Errorf("fonds's EAD re-imported stores inclusive:\n%s", again.res.Files["fonds.yaml"])
	}
	if got := strings.Count(string(again.pdf), "1792-1935 (inclusive); bulk 1835-1895"); got != 2 || strings.Count(string(again.pdf), "(inclusive)") != 2 {
		t.Errorf("the re-import's PDF does not print the dates as the first did:\n%s", again.pdf)
	}
}

// TestCreatorLabels: the labels of the archdesc's originations are kept
// with the creators (without a closing colon), and every output labels
// each creator so: the PDF and the site beside its name, the EAD in
// origination/@label, valid; a re-import of fonds's EAD keeps a label but
// the "Creator" that fonds writes for a creator with none.
func TestCreatorLabels(t *testing.T) {
	in := `<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid><filedesc><titlestmt><titleproper>Papers</titleproper></titlestmt>` +
		`<publicationstmt><publisher>Archive</publisher><date normal="2024">2024</date></publicationstmt></filedesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitid>X1</unitid><unitdate normal="1900">1900</unitdate>` +
		`<origination label="Creator:"><persname>Marx, Karl</persname></origination>` +
		`<origination label="Source"><corpname>Bookshop Verlag</corpname></origination></did>` +
		`<dsc><c01 level="file"><did><unitid>1</unitid><unittitle>Letters</unittitle><origination label="Writer"><persname>Engels, Friedrich</persname></origination></did></c01></dsc></archdesc></ead>`
	b := importAndBuild(t, in)
	fonds := string(b.res.Files["fonds.yaml"])
	if !strings.Contains(fonds, "creators:\n  - {name: ") || !strings.Contains(fonds, ", label: Creator}\n") || !strings.Contains(fonds, ", label: Source}\n") || strings.Contains(fonds, "Writer") {
		t.Errorf("creators in fonds.yaml:\n%s", fonds)
	}
	for _, re := range []string{`(?m)^Creator +Marx, Karl$`, `(?m)^Source +Bookshop Verlag$`} {
		if !regexp.MustCompile(re).Match(b.pdf) {
			t.Errorf("the PDF has no %s:\n%s", re, b.pdf)
		}
	}
	if bytes.Contains(b.pdf, []byte("Creators")) {
		t.Errorf("the PDF prints the heading Creators too:\n%s", b.pdf)
	}
	for _, dt := range []string{"<dt>Creator</dt>", "<dt>Source</dt>"} {
		if !bytes.Contains(b.page, []byte(dt)) {
			t.Errorf("the site's description has no %s:\n%s", dt, b.page)
		}
	}
	for _, o := range []string{`<origination label="Creator" encodinganalog="3.2.1"><persname`, `<origination label="Source" encodinganalog="3.2.1"><corpname`} {
		if !bytes.Contains(b.ead, []byte(o)) {
			t.Errorf("the EAD has no %s:\n%s", o, b.ead)
		}
	}
	again, err := Import(bytes.NewReader(b.ead), "again.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := string(again.Files["fonds.yaml"]); strings.Contains(f, "label: Creator") || !strings.Contains(f, "label: Source") {
		t.Errorf("fonds's EAD re-imported:\n%s", f)
	}
}
