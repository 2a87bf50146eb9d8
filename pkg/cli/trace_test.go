package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/beevik/etree"
	"golang.org/x/net/html"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/present"
)

// Every sentence of the default finding aid can be traced to the
// inventory it encodes (the seed, ../shared/seed), and every sentence of
// the inventory's front matter is in every output. The README ("The
// default sources") says what is compared, and how.
//
// Text is compared as tokens: a run of letters, digits and combining
// marks is one token, any other character that is not a space one token
// of its own, and spaces only separate tokens. So "Trotsky(1879-1940)",
// as the seed's extraction glued it, and "Trotsky (1879-1940)" are the
// same tokens, while a changed, added or dropped word, letter or mark of
// punctuation is not. The only characters read as others are the
// typographic forms of quotes and dashes (’ ‘ as ', “ ” as ", – — as -),
// which the outputs may set for the straight ones the seed has. Case is
// kept.

// token reads s as tokens.
func tokens(s string) []string {
	var out []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
	}
	for _, r := range s {
		switch r {
		case '‘', '’', '‛', '′':
			r = '\''
		case '“', '”', '„', '″':
			r = '"'
		case '–', '—', '‐', '‑', '−':
			r = '-'
		case '\u00ad': // a soft hyphen marks where a word may break
			continue
		}
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r):
			word = append(word, r)
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			out = append(out, string(r))
		}
	}
	flush()
	return out
}

// index returns where seq starts in stream, or -1.
func index(stream, seq []string) int {
	if len(seq) == 0 {
		return -1
	}
	for i := 0; i+len(seq) <= len(stream); i++ {
		if slices.Equal(stream[i:i+len(seq)], seq) {
			return i
		}
	}
	return -1
}

// sentences splits a block of text (a paragraph, an item, an event) into
// sentences, each as tokens: a sentence ends with ".", "?" or "!" and the
// closing quotes and brackets after it, except a "." after a single
// letter, which is an initial or an abbreviation ("Boris I. Nicolaevsky",
// "p. XI").
func sentences(text string) [][]string {
	toks := tokens(text)
	var out [][]string
	start := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t != "." && t != "?" && t != "!" {
			continue
		}
		if t == "." && i > 0 && len([]rune(toks[i-1])) == 1 && unicode.IsLetter([]rune(toks[i-1])[0]) {
			continue
		}
		for i+1 < len(toks) && strings.Contains(`)"']`, toks[i+1]) {
			i++
		}
		out = append(out, toks[start:i+1])
		start = i + 1
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// bare is a sentence without the punctuation that ends it, which a
// sentence taken from the middle of one of the seed's ends with where the
// seed has a comma ("Trotsky's eldest daughter" in "…, Trotsky's eldest
// daughter, commits suicide").
func bare(s []string) []string {
	for len(s) > 0 && strings.Contains(`.,;:!?`, s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// untraced returns the sentences of blocks that are not in the seed's
// tokens: those whose words, in their order and with their punctuation
// but for the mark that ends them, are no run of the seed's.
func untraced(seed []string, blocks []string) []string {
	var out []string
	for _, b := range blocks {
		for _, s := range sentences(b) {
			if b := bare(s); len(b) > 0 && index(seed, b) < 0 {
				out = append(out, strings.Join(s, " "))
			}
		}
	}
	return out
}

// buildDefault builds the default sources, every output, into a new
// folder, and returns the finding aid's folder in it.
func buildDefault(t *testing.T) string {
	t.Helper()
	dist := filepath.Join(t.TempDir(), "dist")
	if code, o, e := run(t, "build", "-o", dist, "../../sources"); code != ExitOK {
		t.Fatalf("fonds build: exit %d\n%s%s", code, o, e)
	}
	return filepath.Join(dist, "arch01483")
}

// editorialEAD says which elements of fonds's EAD hold the encoder's
// words (@altrender="editorial") or marks ([sic], […]), which the
// comparison leaves out.
func editorialEAD(e *etree.Element) bool {
	switch e.SelectAttrValue("altrender", "") {
	case "editorial", "sic", "lost":
		return true
	}
	return false
}

// eadBlocks returns the text of the blocks of published prose in the EAD's
// archdesc, leaving out the encoder's words and marks, and counts the
// elements of the encoder's words it leaves out. The prose is: the title,
// the abstract and the language note in the did; every note (its own
// heading, not the one fonds gives it, its paragraphs, list items and
// chronology events); the notes on persons, bodies and places. Not prose,
// and so not compared: the did's data (identifier, dates, extent,
// creators, repository, the names of the languages), the dsc (the
// inventory of units), the indexes and the access points (names, whose
// table the reverse comparison checks), the microfilm concordance (which
// it checks too), the dates of the chronology (whose years the encoder
// supplied, as the biographical history's editorial note says) and the
// headings fonds gives notes.
func eadBlocks(t *testing.T, archdesc *etree.Element) (blocks []string, editorial int) {
	standard := map[string]bool{present.EditorialNote: true}
	for _, n := range present.Notes {
		standard[n.Heading] = true
	}
	var text func(e *etree.Element, b *strings.Builder)
	text = func(e *etree.Element, b *strings.Builder) {
		for _, c := range e.Child {
			switch c := c.(type) {
			case *etree.CharData:
				b.WriteString(c.Data)
			case *etree.Element:
				switch {
				case editorialEAD(c):
					editorial++
				case c.Tag == "lb":
					b.WriteString(" ")
				case c.Tag == "list" || c.Tag == "p" || c.Tag == "note" || c.Tag == "chronlist":
					t.Errorf("a block (%s) inside a phrase of the EAD: the test reads it as a phrase", c.Tag)
				default:
					text(c, b)
				}
			}
		}
	}
	block := func(e *etree.Element) {
		var b strings.Builder
		text(e, &b)
		blocks = append(blocks, b.String())
	}
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, c := range e.ChildElements() {
			switch {
			case editorialEAD(c):
				editorial++
			case c.Tag == "head":
				if !standard[strings.TrimSpace(c.Text())] {
					block(c)
				}
			case c.Tag == "date" && e.Tag == "chronitem":
			case c.Tag == "list" && c.SelectAttrValue("type", "") == "deflist" && e.Tag == "altformavail":
				// the microfilm concordance
			case c.Tag == "p" || c.Tag == "item" || c.Tag == "event":
				if c.FindElement("./list") != nil || c.FindElement("./p") != nil {
					t.Errorf("a %s holding blocks: the test reads it as one block", c.Tag)
				}
				block(c)
			default:
				walk(c)
			}
		}
	}
	for _, c := range archdesc.ChildElements() {
		switch c.Tag {
		case "did":
			for _, d := range c.ChildElements() {
				switch {
				case editorialEAD(d):
					editorial++
				case d.Tag == "unittitle" || d.Tag == "abstract":
					block(d)
				case d.Tag == "langmaterial" && d.FindElement("language") == nil:
					block(d)
				}
			}
		case "dsc", "index", "controlaccess":
		case "odd":
			if c.SelectAttrValue("type", "") == "names" {
				// Each record's facts are a list of labelled items; its
				// note is prose, the rest (dates, other forms of the name,
				// country) data.
				for _, fact := range c.FindElements("./list/defitem/item/list/defitem") {
					if lb := fact.SelectElement("label"); lb != nil && strings.TrimSpace(lb.Text()) == ead.FactNote {
						walk(&etree.Element{Child: []etree.Token{fact}})
					}
				}
				continue
			}
			walk(&etree.Element{Child: []etree.Token{c}})
		default:
			walk(&etree.Element{Child: []etree.Token{c}})
		}
	}
	return blocks, editorial
}

func readEAD(t *testing.T, path string) *etree.Element {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromFile(path); err != nil {
		t.Fatal(err)
	}
	ad := doc.FindElement("//archdesc")
	if ad == nil {
		t.Fatal("the EAD has no archdesc")
	}
	return ad
}

// TestTraceable: every sentence of the default finding aid's published
// prose (the EAD's archdesc, as eadBlocks says) is the seed's, or stands
// in an element of the encoder's words; and every sentence of the seed's
// front matter is in the EAD, on the site and in the PDF.
func TestTraceable(t *testing.T) {
	seedText := testtool.Seed(t)
	seed := tokens(seedText)
	dir := buildDefault(t)
	ad := readEAD(t, filepath.Join(dir, "arch01483.xml"))

	t.Run("outputs to seed", func(t *testing.T) {
		blocks, editorial := eadBlocks(t, ad)
		n := 0
		for _, b := range blocks {
			n += len(sentences(b))
		}
		for _, s := range untraced(seed, blocks) {
			t.Errorf("not in the seed, and not marked editorial: %s", s)
		}
		// The count guards the test itself: a reading of the EAD that
		// found no prose, or no editorial notes, would pass vacuously.
		if n < 80 || editorial < 10 {
			t.Errorf("read %d sentences and %d editorial elements in the EAD; the default finding aid has over 80 and 10", n, editorial)
		}
		t.Logf("%d sentences of the EAD's archdesc traced to the seed; %d elements of the encoder's words left out", n, editorial)
	})

	want := seedSentences(t, seedText)
	t.Run("seed to EAD", func(t *testing.T) {
		stripEditorialEAD(ad)
		var stream []string
		for _, c := range ad.ChildElements() {
			if c.Tag != "dsc" {
				stream = append(stream, tokens(allText(c))...)
			}
		}
		var entries []string
		for _, ie := range ad.FindElements(".//indexentry") {
			entries = append(entries, allText(ie))
		}
		reels := map[string]string{}
		for _, di := range ad.FindElements("./altformavail/list/defitem") {
			if it := di.SelectElement("item"); it != nil {
				id := di.SelectAttrValue("id", "") // "arch01483.reel-12"
				reels[id[strings.LastIndex(id, "reel-")+len("reel-"):]] = allText(it)
			}
		}
		want.check(t, stream, entries, reels)
		if ex := ad.FindElement("./did/physdesc/extent"); ex == nil || !slices.Equal(tokens(ex.Text()), want.extent) {
			t.Errorf("the seed's measure, %q, is not the extent", strings.Join(want.extent, " "))
		}
	})
	t.Run("seed to site", func(t *testing.T) {
		var stream []string
		for _, page := range []string{"index.html", "chronology.html", "persons.html", "names.html", "microfilm.html"} {
			stream = append(stream, tokens(htmlText(t, filepath.Join(dir, page), nil))...)
		}
		var entries []string
		htmlText(t, filepath.Join(dir, "persons.html"), func(n *html.Node) {
			if n.Data == "li" && strings.Contains(attr(n, "class"), "entry") {
				entries = append(entries, nodeText(n))
			}
		})
		reels := map[string]string{}
		htmlText(t, filepath.Join(dir, "microfilm.html"), func(n *html.Node) {
			if no, ok := strings.CutPrefix(attr(n, "id"), "reel-"); ok && n.Data == "tr" {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Data == "td" {
						reels[no] = nodeText(c)
					}
				}
			}
		})
		want.check(t, stream, entries, reels)
		want.extentIn(t, stream)
	})
	t.Run("seed to PDF", func(t *testing.T) {
		lines := pdfLines(t, filepath.Join(dir, "arch01483.pdf"))
		var stream []string
		for _, l := range lines {
			stream = append(stream, tokens(l)...)
		}
		stream = withoutMarks(stream)
		// The pseudonym table and the concordance are tables: each row is
		// a line of pdftotext -layout's, "* Held, Walter   Epe, Heinz",
		// "7   723–724".
		reels := map[string]string{}
		number := regexp.MustCompile(`^\d+$`)
		for _, l := range lines {
			if f := strings.Fields(l); len(f) == 2 && number.MatchString(f[0]) {
				reels[f[0]] = f[1]
			}
		}
		want.check(t, stream, lines, reels)
		want.extentIn(t, stream)
		// The table's footnote, as the inventory prints it; and its
		// asterisks, each before its pseudonym at the start of a row.
		if index(stream, tokens("* Pseudonym maintained in the inventory.")) < 0 {
			t.Error(`the PDF lacks the table's footnote "* Pseudonym maintained in the inventory."`)
		}
		for _, e := range want.pseudonyms {
			row := tokens(e.Name + " " + e.User)
			if e.Maintained {
				row = append([]string{"*"}, row...)
			}
			found := false
			for _, l := range lines {
				if lt := tokens(l); len(lt) >= len(row) && slices.Equal(lt[:len(row)], row) {
					found = true
				}
			}
			if !found {
				t.Errorf("the PDF's pseudonym table has no row %q", strings.Join(row, " "))
			}
		}
	})
}

// A seedFront is what the reverse comparison looks for: the seed's front
// matter as sentences, its chronology, its pseudonym table and its
// microfilm list.
type seedFront struct {
	sentences  [][]string // in the text of the output, each a run of its tokens
	events     []testtool.SeedEvent
	pseudonyms []testtool.SeedPseudonym
	reels      []testtool.SeedReel
	extent     []string // "The collection measures 4.34 meters."
}

// seedSentences reads the seed's front matter: the title, the heading and
// text of the biographical part, the chronology, "The archive", the
// pseudonym table, the N.B. and the microfilm list. The headings "The
// archive", "Pseudonym / User" and "Microfilm / Inv.nos." name parts of
// the inventory and are not compared; "N.B." is the access note's mark,
// and the note is compared without it. The sentence that gives the
// collection's measure is compared with the extent.
func seedSentences(t *testing.T, seed string) seedFront {
	var f seedFront
	var lines []string
	for _, l := range strings.Split(seed, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	// The title, the heading of the biographical part, its text.
	for _, l := range lines[:2] {
		f.sentences = append(f.sentences, tokens(l))
	}
	f.sentences = append(f.sentences, sentences(lines[2])...)
	measure := "The collection measures 4.34 meters."
	archive := testtool.SeedBetween(t, seed, "\nThe archive\n", "Pseudonym / User")
	if !strings.Contains(archive, measure) {
		t.Fatalf("the seed's archive text lacks %q", measure)
	}
	f.sentences = append(f.sentences, sentences(strings.Replace(archive, measure, "", 1))...)
	f.extent = tokens("4.34 meters")
	nb := strings.TrimSpace(testtool.SeedBetween(t, seed, "N.B.", "Microfilm / Inv.nos."))
	f.sentences = append(f.sentences, tokens(nb))
	f.events = testtool.SeedChronology(t, seed)
	f.pseudonyms = testtool.SeedPseudonyms(t, seed)
	f.reels = testtool.SeedReels(t, seed)
	if len(f.sentences) < 40 {
		t.Fatalf("read %d sentences in the seed's front matter", len(f.sentences))
	}
	return f
}

// check looks for the seed's front matter in an output: its sentences and
// chronology in the output's text (stream), each entry of the pseudonym
// table in one entry of the output's (the pseudonym and its user both in
// it), each reel of the microfilm list in the output's concordance (what
// it holds, by reel number).
func (f seedFront) check(t *testing.T, stream []string, entries []string, reels map[string]string) {
	t.Helper()
	for _, s := range f.sentences {
		if index(stream, s) < 0 {
			t.Errorf("the seed's %q is not in the output", strings.Join(s, " "))
		}
	}
	// An event is its date as the seed writes it, the year the encoder
	// supplied (with a comma or without), then the event.
	year := regexp.MustCompile(`^1[89]\d\d$`)
	at := 0
	for _, e := range f.events {
		date, event := tokens(e.Date), tokens(e.Event)
		found := -1
		for j := at; found < 0; j++ {
			i := index(stream[j:], event)
			if i < 0 {
				break
			}
			j += i
			k := j - 1 // before the event: the year, a comma perhaps, the date
			if k < 0 || !year.MatchString(stream[k]) {
				continue
			}
			if k--; k >= 0 && stream[k] == "," {
				k--
			}
			if k+1 >= len(date) && slices.Equal(stream[k+1-len(date):k+1], date) {
				found = j
			}
		}
		if found < 0 {
			t.Errorf("the seed's event %q - %q is not in the output, in the seed's order, after its date", e.Date, e.Event)
			continue
		}
		at = found + len(event)
	}
	for _, e := range f.pseudonyms {
		name, user := tokens(e.Name), tokens(e.User)
		found := false
		for _, en := range entries {
			et := tokens(en)
			if index(et, name) >= 0 && index(et, user) >= 0 {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no entry of the output has the seed's pseudonym %q with its user %q", e.Name, e.User)
		}
	}
	for _, r := range f.reels {
		if got, ok := reels[r.No]; !ok || !slices.Equal(tokens(got), tokens(r.Holds)) {
			t.Errorf("the output's concordance has reel %s holding %q, the seed's list %q", r.No, got, r.Holds)
		}
	}
	if len(reels) != len(f.reels) {
		t.Errorf("the output's concordance has %d reels, the seed's list %d", len(reels), len(f.reels))
	}
}

// extentIn looks for the seed's measure as the extent in the text of the
// site's summary or the PDF's identity statement: "Extent 4.34 meters".
func (f seedFront) extentIn(t *testing.T, stream []string) {
	t.Helper()
	if index(stream, append([]string{"Extent"}, f.extent...)) < 0 {
		t.Errorf("the seed's measure, %q, is not the extent", strings.Join(f.extent, " "))
	}
}

// stripEditorialEAD removes the encoder's words and marks from the EAD, so
// that a seed sentence found in it is found in the source's words.
func stripEditorialEAD(e *etree.Element) {
	for _, c := range e.ChildElements() {
		if editorialEAD(c) {
			e.RemoveChild(c)
			continue
		}
		stripEditorialEAD(c)
	}
}

// allText is the text of e, its elements' words kept apart.
func allText(e *etree.Element) string { return testtool.XMLText(e, " ") }

// htmlText returns the text of a page's main content, leaving out the
// encoder's words and marks (class "editorial", "sic", "lost"), and calls
// visit, when given, on every element.
func htmlText(t *testing.T, path string, visit func(*html.Node)) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var b strings.Builder
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode {
			switch strings.Fields(attr(n, "class") + " x")[0] {
			case "editorial", "sic", "lost":
				return
			}
			if n.Data == "script" || n.Data == "style" {
				return
			}
			inMain = inMain || n.Data == "main"
			if visit != nil {
				visit(n)
			}
			b.WriteString(" ")
		}
		if n.Type == html.TextNode && inMain {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// nodeText is the text of n, its elements' words kept apart.
func nodeText(n *html.Node) string { return testtool.HTMLText(n, " ") }

// pdfLines returns the lines of the PDF as pdftotext -layout sets them, which
// keeps each row of a table on one line, without the running header (the
// title and the reference code) and footer ("page 3 of 18") of every page.
func pdfLines(t *testing.T, path string) []string {
	t.Helper()
	bin := testtool.Need(t, "pdftotext")
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	header := regexp.MustCompile(`^Lev Davidovič Trockij / International Left Opposition Archives\s{2,}ARCH01483$`)
	footer := regexp.MustCompile(`^page \d+ of \d+$`)
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(strings.ReplaceAll(l, "\f", ""))
		if l == "" || header.MatchString(l) || footer.MatchString(l) {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// withoutMarks drops the encoder's marks [sic] and […] from the tokens of
// the PDF's text, which keeps no trace of which words are whose.
func withoutMarks(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		if i+2 < len(toks) && toks[i] == "[" && (toks[i+1] == "sic" || toks[i+1] == "…") && toks[i+2] == "]" {
			i += 2
			continue
		}
		out = append(out, toks[i])
	}
	return out
}

// TestTraceCheck holds the comparison to what it claims: spacing and the
// typographic forms of quotes and dashes do not count, a changed word,
// letter or mark of punctuation does, and a sentence may be a part of one
// of the seed's.
func TestTraceCheck(t *testing.T) {
	seed := tokens(`Much information concerning life and thought of Lev Trotsky(1879-1940) can be found. ` +
		`The IISH annual report of 1939 states the acquisition of a collection from Abel, "Abel" being the code word. ` +
		`Zinaida Volkova, Trotsky's eldest daughter, commits suicide in Berlin. On p. XI a short list is given.`)
	for _, tt := range []struct {
		block string
		bad   []string
	}{
		{"Much information concerning life and thought of Lev Trotsky (1879–1940) can be found.", nil},
		{"The IISH annual report of 1939 states the acquisition of a collection from Abel, “Abel” being the code word.", nil},
		{"Trotsky’s eldest daughter.", nil},
		{"On p. XI a short list is given.", nil},
		{"Much information concerning life and thought of Lev Trotsky (1879-1940) can be found. It was certainly in July.",
			[]string{"It was certainly in July ."}},
		{"The IISH annual report of 1938 states the acquisition of a collection from Abel.",
			[]string{"The IISH annual report of 1938 states the acquisition of a collection from Abel ."}},
		{"Zinaida Volkova, Trotsky's eldest daughter commits suicide in Berlin.",
			[]string{"Zinaida Volkova , Trotsky ' s eldest daughter commits suicide in Berlin ."}},
		{"much information concerning life and thought of Lev Trotsky (1879-1940) can be found.",
			[]string{"much information concerning life and thought of Lev Trotsky ( 1879 - 1940 ) can be found ."}},
		{"On p. XII a short list is given.", []string{"On p . XII a short list is given ."}},
	} {
		if got := untraced(seed, []string{tt.block}); !slices.Equal(got, tt.bad) {
			t.Errorf("%q: untraced %q, want %q", tt.block, got, tt.bad)
		}
	}
	if got := sentences(`He said "no." Then: p. XI, Boris I. Nicolaevsky (1904-). End`); len(got) != 3 {
		t.Errorf("sentences: %q", got)
	}
	if got := withoutMarks(tokens("the digitzation [sic] of […] covers")); strings.Join(got, " ") != "the digitzation of covers" {
		t.Errorf("withoutMarks: %q", got)
	}
}
