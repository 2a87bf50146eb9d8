package pdf

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// An snode is a structure element as poppler reads it (pdfinfo
// -struct-text): its type, attributes, and in order its text and kids.
type snode struct {
	typ    string
	attrs  []string
	items  []sitem
	objs   int // annotations (OBJR) among its kids
	parent *snode
}

type sitem struct {
	text string
	kid  *snode
}

// structTree reads the structure tree of a PDF with pdfinfo -struct-text;
// the root it returns stands for the StructTreeRoot.
func structTree(t *testing.T, path string) *snode {
	t.Helper()
	out := poppler(t, "pdfinfo", "-struct-text", path)
	root := &snode{typ: "StructTreeRoot"}
	stack := []*snode{root} // stack[i] is the element open at depth i
	var last *snode
	for _, l := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" {
			continue
		}
		depth := (len(l) - len(trimmed)) / 2
		switch {
		case strings.HasPrefix(trimmed, "/"):
			last.attrs = append(last.attrs, trimmed)
		case strings.HasPrefix(trimmed, `"`):
			p := stack[min(depth, len(stack)-1)]
			p.items = append(p.items, sitem{text: strings.TrimSuffix(strings.TrimPrefix(trimmed, `"`), `"`)})
		case strings.HasPrefix(trimmed, "Object "):
			stack[min(depth, len(stack)-1)].objs++
		default:
			typ := strings.TrimSuffix(strings.Fields(trimmed)[0], ":")
			if depth+1 > len(stack) {
				t.Fatalf("pdfinfo -struct-text: %q is nested deeper than an element", l)
			}
			stack = stack[:depth+1]
			n := &snode{typ: typ, parent: stack[depth]}
			stack[depth].items = append(stack[depth].items, sitem{kid: n})
			stack = append(stack, n)
			last = n
		}
	}
	return root
}

// text is the element's text, its pieces joined by spaces.
func (n *snode) text() string {
	var b strings.Builder
	n.walkText(&b)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (n *snode) walkText(b *strings.Builder) {
	for _, it := range n.items {
		if it.kid != nil {
			it.kid.walkText(b)
		} else {
			b.WriteString(it.text)
			b.WriteByte(' ')
		}
	}
}

// kids are the elements directly inside n.
func (n *snode) kids() []*snode {
	var out []*snode
	for _, it := range n.items {
		if it.kid != nil {
			out = append(out, it.kid)
		}
	}
	return out
}

// all lists n and the elements inside it, in document order, that f
// accepts.
func (n *snode) all(f func(*snode) bool) []*snode {
	var out []*snode
	var walk func(*snode)
	walk = func(n *snode) {
		if f(n) {
			out = append(out, n)
		}
		for _, k := range n.kids() {
			walk(k)
		}
	}
	walk(n)
	return out
}

func ofType(types ...string) func(*snode) bool {
	return func(n *snode) bool {
		for _, t := range types {
			if n.typ == t {
				return true
			}
		}
		return false
	}
}

// squash removes white space, so that text read from lines of the page
// compares whatever the line breaks.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFC.String(s))
}

var headingLevel = regexp.MustCompile(`^H([1-6])$`)

// TestTagged walks the structure tree of the default sources' inventory
// and of every fixture's, as poppler reads it: one Document; the headings
// in order with their levels, no level skipped; the identity statement, the
// pseudonym list and the microfilm concordance as tables with header
// cells; the chronology and the inventory as lists; the index; a Link for
// every link annotation; and every character on the pages either in the
// tree or in the running header and page number, which are artifacts.
func TestTagged(t *testing.T) {
	need(t, "pdfinfo", "pdftotext")
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, dir := range append(dirs, defaultSources) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := load(t, dir)
			data := write(t, a, Options{})
			path := pdfFile(t, data)
			if got := info(t, path)["Tagged"]; got != "yes" {
				t.Fatalf("pdfinfo: Tagged: %q, want yes", got)
			}
			root := structTree(t, path)
			if ks := root.kids(); len(ks) != 1 || ks[0].typ != "Document" {
				t.Fatalf("the structure tree's root holds %d elements; want one Document", len(ks))
			}
			doc := root.kids()[0]
			d := newDoc(newTestSetter(t), a, Options{})
			checkHeadings(t, d, doc)
			checkTables(t, a, doc)
			checkLists(t, d, doc)
			checkIndex(t, d, doc)
			checkLinkTags(t, data, doc)
			checkAllTagged(t, path, a, doc)
		})
	}
}

// checkHeadings: the H1s are the title and the parts the contents list,
// in order; no heading is more than one level below the heading before
// it; the description's notes are H2s in ISAD(G) order; the series and
// subseries of the inventory are headings one level below the heading
// they stand under.
func checkHeadings(t *testing.T, d *doc, doc *snode) {
	t.Helper()
	hs := doc.all(func(n *snode) bool { return headingLevel.MatchString(n.typ) })
	var h1 []string
	prev := 0
	for _, h := range hs {
		lv, _ := strconv.Atoi(h.typ[1:])
		if lv > prev+1 {
			t.Errorf("heading %q is an H%d after an H%d", h.text(), lv, prev)
		}
		prev = lv
		if lv == 1 {
			h1 = append(h1, squash(h.text()))
		}
	}
	want := []string{squash(d.a.Fonds.Title.Value), "Contents"}
	for _, p := range d.parts() {
		if p.level == 0 {
			want = append(want, squash(p.title))
		}
	}
	if strings.Join(h1, "|") != strings.Join(want, "|") {
		t.Errorf("H1s:\n got %q\nwant %q", h1, want)
	}
	sects := doc.all(ofType("Sect", "Index"))
	part := func(title string) *snode {
		for _, s := range sects {
			if k := s.kids(); len(k) > 0 && k[0].typ == "H1" && squash(k[0].text()) == squash(title) {
				return s
			}
		}
		t.Errorf("no part titled %q", title)
		return &snode{}
	}
	// The description's notes.
	f := d.a.Fonds
	var notes []string
	for _, n := range present.Notes {
		if p := n.Of(&f.Description); !p.IsZero() && !p.Internal {
			notes = append(notes, squash(n.Head(p)))
		}
	}
	kept, _ := eadtext.Read(f.Raw, false)
	for _, n := range kept.Notes {
		notes = append(notes, squash(n.Head))
	}
	var got []string
	for _, h := range part("Description of the collection").all(ofType("H2")) {
		got = append(got, squash(h.text()))
	}
	if strings.Join(got, "|") != strings.Join(notes, "|") {
		t.Errorf("the description's H2s:\n got %q\nwant %q", got, notes)
	}
	// The inventory's headings, in order and at their levels.
	if !d.hasUnits() {
		return
	}
	type hd struct {
		level int
		text  string
	}
	var wantH []hd
	var walk func(cs []*model.Component, level int)
	walk = func(cs []*model.Component, level int) {
		for _, c := range cs {
			switch {
			case c.Hidden(false):
			case isHeading(c):
				wantH = append(wantH, hd{min(level, 6), squash(unitHeading(c))})
				walk(c.Children, level+1)
			default:
				walk(c.Children, level)
			}
		}
	}
	walk(f.Contents, 2)
	i := 0
	for _, h := range part("Inventory").all(func(n *snode) bool { return headingLevel.MatchString(n.typ) }) {
		lv, _ := strconv.Atoi(h.typ[1:])
		if i < len(wantH) && wantH[i].text == squash(h.text()) {
			if lv != wantH[i].level {
				t.Errorf("inventory heading %q is an H%d, want H%d", h.text(), lv, wantH[i].level)
			}
			i++
		}
	}
	if i < len(wantH) {
		t.Errorf("the inventory's headings lack %q (H%d) and what follows it", wantH[i].text, wantH[i].level)
	}
}

// checkTables: the pseudonym list and the concordance are tables whose
// first row holds column headers, then a row per pseudonym or reel; the
// identity statement is a table of rows headed by their label.
func checkTables(t *testing.T, a *model.Archive, doc *snode) {
	t.Helper()
	tables := doc.all(ofType("Table"))
	find := func(firstHead string) *snode {
		for _, tb := range tables {
			if rows := tb.kids(); len(rows) > 0 {
				if c := rows[0].kids(); len(c) > 0 && c[0].typ == "TH" && c[0].text() == firstHead {
					return tb
				}
			}
		}
		return nil
	}
	check := func(name, firstHead string, n int, cell func(i int) (string, string)) {
		tb := find(firstHead)
		if n == 0 {
			if tb != nil {
				t.Errorf("a %s table with nothing to list", name)
			}
			return
		}
		if tb == nil {
			t.Errorf("no %s table (a first row headed %q)", name, firstHead)
			return
		}
		rows := tb.kids()
		for _, th := range rows[0].kids() {
			if th.typ != "TH" || !strings.Contains(strings.Join(th.attrs, " "), "/Scope /Column") {
				t.Errorf("%s table: header cell %s %q %v; want a TH with /Scope /Column", name, th.typ, th.text(), th.attrs)
			}
		}
		if len(rows) != n+1 {
			t.Errorf("%s table: %d rows, want %d and the header", name, len(rows)-1, n)
			return
		}
		for i, r := range rows[1:] {
			cs := r.kids()
			if r.typ != "TR" || len(cs) != 2 || cs[0].typ != "TD" || cs[1].typ != "TD" {
				t.Errorf("%s table: row %d is %s with %d cells; want TR with two TD", name, i+1, r.typ, len(cs))
				continue
			}
			w0, w1 := cell(i)
			if squash(cs[0].text()) != squash(w0) || !strings.HasPrefix(squash(cs[1].text()), squash(w1)) {
				t.Errorf("%s table: row %d reads %q | %q, want %q | %q…", name, i+1, cs[0].text(), cs[1].text(), w0, w1)
			}
		}
	}
	ps := present.Pseudonyms(a)
	check("pseudonym", "Pseudonym", len(ps), func(i int) (string, string) {
		name := ps[i].Name
		if ps[i].Maintained {
			name = "*" + name
		}
		return name, ps[i].Person.Name
	})
	check("concordance", "Reel", len(a.Reels), func(i int) (string, string) {
		r := a.Reels[i]
		first := r.Content
		if len(r.Ranges) > 0 {
			first = strconv.Itoa(r.Ranges[0].From)
		}
		return strconv.Itoa(r.No), first
	})
	identity := find("Reference code")
	if identity == nil {
		t.Error("no table of the identity statement")
		return
	}
	for _, r := range identity.kids() {
		if cs := r.kids(); len(cs) != 2 || cs[0].typ != "TH" || !strings.Contains(strings.Join(cs[0].attrs, " "), "/Scope /Row") || cs[1].typ != "TD" {
			t.Errorf("identity statement: row %q is not a TH with /Scope /Row and a TD", r.text())
		}
	}
}

// checkLists: the chronology is a list whose labels are the dates; the
// units of the inventory with an inventory number are list items labelled
// with it, their title in the item's body.
func checkLists(t *testing.T, d *doc, doc *snode) {
	t.Helper()
	var events []*model.Event
	for _, e := range d.a.Events {
		if !e.Text.Internal {
			events = append(events, e)
		}
	}
	if len(events) > 0 {
		var chron *snode
		for _, s := range doc.all(ofType("Sect")) {
			if k := s.kids(); len(k) > 1 && k[0].text() == "Chronology" && k[1].typ == "L" {
				chron = k[1]
			}
		}
		if chron == nil {
			t.Fatal("the chronology is not a list (L) under its heading")
		}
		items := chron.kids()
		if len(items) != len(events) {
			t.Fatalf("the chronology lists %d items, want %d events", len(items), len(events))
		}
		for i, it := range items {
			k := it.kids()
			if it.typ != "LI" || len(k) != 2 || k[0].typ != "Lbl" || k[1].typ != "LBody" {
				t.Errorf("chronology item %d: %s of %d elements, want LI of Lbl and LBody", i, it.typ, len(k))
				continue
			}
			if got, want := k[0].text(), events[i].Date.Display(); got != want {
				t.Errorf("chronology item %d is labelled %q, want %q", i, got, want)
			}
		}
	}
	labelled := map[string]*snode{}
	for _, li := range doc.all(ofType("LI")) {
		if k := li.kids(); len(k) == 2 && k[0].typ == "Lbl" {
			labelled[k[0].text()] = k[1]
		}
	}
	for _, c := range d.a.Components {
		if c.Inv == 0 || c.Hidden(false) {
			continue
		}
		lbody := labelled[strconv.Itoa(c.Inv)]
		if lbody == nil || lbody.typ != "LBody" || !strings.HasPrefix(squash(lbody.text()), squash(c.Title.Value)) {
			t.Errorf("no. %d is not a list item labelled %d with its title %q in its body", c.Inv, c.Inv, c.Title.Value)
		}
	}
}

// checkIndex: the index is an Index element: its title, then under an H2
// per initial letter a list with an item per entry, in the order and with
// the text of indexEntries.
func checkIndex(t *testing.T, d *doc, doc *snode) {
	t.Helper()
	idx := doc.all(ofType("Index"))
	if !d.hasIndex() {
		if len(idx) > 0 {
			t.Error("an index with nothing to list")
		}
		return
	}
	if len(idx) != 1 {
		t.Fatalf("%d Index elements, want 1", len(idx))
	}
	es := d.indexEntries()
	var items []*snode
	letters := 0
	for _, k := range idx[0].kids() {
		switch k.typ {
		case "H2":
			letters++
		case "L":
			items = append(items, k.kids()...)
		}
	}
	if letters == 0 {
		t.Error("the index has no letter headings (H2)")
	}
	if len(items) != len(es) {
		t.Fatalf("the index lists %d items, want %d entries", len(items), len(es))
	}
	for i, it := range items {
		if k := it.kids(); it.typ != "LI" || len(k) != 1 || k[0].typ != "LBody" {
			t.Errorf("index item %d is not an LI holding an LBody", i)
			continue
		}
		if got := squash(it.text()); !strings.HasPrefix(got, squash(es[i].name)) {
			t.Errorf("index item %d reads %q, want the entry %q", i, it.text(), es[i].name)
		}
		if es[i].kind == entrySee {
			h, _ := indexHeading(es[i].rec)
			if got, want := squash(it.text()), squash(es[i].name+" see "+h); got != want {
				t.Errorf("index reference %d reads %q, want %q", i, it.text(), es[i].name+" see "+h)
			}
		}
	}
}

// checkLinkTags: every link annotation is in a Link element (as an OBJR),
// and every Link element holds one.
func checkLinkTags(t *testing.T, data []byte, doc *snode) {
	t.Helper()
	data = objects(t, data)
	objrs := 0
	for _, l := range doc.all(ofType("Link")) {
		if l.objs == 0 {
			t.Errorf("Link %q holds no annotation", l.text())
		}
		objrs += l.objs
	}
	if annots := bytes.Count(data, []byte("/Subtype /Link")); objrs != annots {
		t.Errorf("the Link elements hold %d annotations; the pages have %d", objrs, annots)
	}
	if n := len(regexp.MustCompile(`/Subtype /Link [^\n]*/Contents [(<]`).FindAll(data, -1)); n != objrs {
		t.Errorf("%d of %d link annotations have /Contents", n, objrs)
	}
}

// checkAllTagged: the characters pdftotext reads from the pages are those
// of the structure tree, and of the running header and page numbers: no
// text is left out of the tree, none is in it twice. (Dots are left out of
// the count: the contents' dot leaders are artifacts too.)
func checkAllTagged(t *testing.T, path string, a *model.Archive, doc *snode) {
	t.Helper()
	count := func(s string, sign int, m map[rune]int) {
		for _, r := range norm.NFC.String(s) {
			if !unicode.IsSpace(r) && r != '.' {
				m[r] += sign
			}
		}
	}
	m := map[rune]int{}
	// -layout, which keeps a hyphen at the end of a line where the plain
	// mode joins the word.
	count(poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"), 1, m)
	count(doc.text(), -1, m)
	pages, _ := strconv.Atoi(info(t, path)["Pages"])
	ts := newTestSetter(t)
	small := style{face: regular, size: 8, color: gray}
	header := ts.fit(a.Fonds.Title.Value, small, ts.width0()-ts.width(a.Fonds.ReferenceCode, small)-18) + a.Fonds.ReferenceCode
	for p := 2; p <= pages; p++ {
		count(header+fmt.Sprintf("page %d of %d", p, pages), -1, m)
	}
	for r, n := range m {
		if n != 0 {
			t.Errorf("%q: %+d on the pages against the structure tree and the artifacts", r, n)
		}
	}
}

// TestLangTags: a title in another language than the document's is a
// Span with its /Lang (the letters fixture has Russian and Greek titles);
// the catalog's /Lang is the finding aid's.
func TestLangTags(t *testing.T) {
	need(t, "pdfinfo")
	a := load(t, filepath.Join(fixtures, "letters"))
	data := write(t, a, Options{})
	objs := objects(t, data)
	if !bytes.Contains(objs, []byte("/Type /Catalog")) || !regexp.MustCompile(`/Type /Catalog [^\n]*/Lang \(en\)`).Match(objs) {
		t.Error("the catalog's /Lang is not (en)")
	}
	for _, want := range []string{"ru", "el"} {
		if !regexp.MustCompile(`<</S /Span [^\n]*/Lang \(` + want + `\)`).Match(objs) {
			t.Errorf("no Span with /Lang (%s)", want)
		}
	}
	spans := structTree(t, pdfFile(t, data)).all(ofType("Span"))
	for _, title := range []string{"Письмо о работе бюро", "Επιστολή του Νίκου Παπαδόπουλου", "Ελλάδα (Greece)"} {
		found := false
		for _, s := range spans {
			found = found || strings.HasPrefix(s.text(), title)
		}
		if !found {
			t.Errorf("the title %q is in no Span", title)
		}
	}
}

// ref reads the object number of a key's reference in a dictionary.
func ref(dict, key string) int {
	m := regexp.MustCompile(key + ` (\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var (
	reRefs = regexp.MustCompile(`(\d+) 0 R`)
	reNums = regexp.MustCompile(`(\d+) (\d+) 0 R`)
)

// numberTree reads a number tree into its keys' values.
func (o *pdfObjs) numberTree(n int, out map[int]int) {
	dict, _ := o.get(n)
	if i := strings.Index(dict, "/Kids ["); i >= 0 {
		for _, m := range reRefs.FindAllStringSubmatch(dict[i:strings.Index(dict[i:], "]")+i], -1) {
			k, _ := strconv.Atoi(m[1])
			o.numberTree(k, out)
		}
		return
	}
	i := strings.Index(dict, "/Nums [")
	for _, m := range reNums.FindAllStringSubmatch(dict[i:strings.Index(dict[i:], "]")+i], -1) {
		k, _ := strconv.Atoi(m[1])
		v, _ := strconv.Atoi(m[2])
		out[k] = v
	}
}

// TestParentTree reads the structure the way assistive technology goes
// from a page to it: every page's marked content is numbered 0, 1, … in
// order, balanced, and holds every piece of text drawn; the page's entry
// in the parent tree names, for each, an element that lists that marked
// content on that page; every link annotation's entry names a Link
// element that lists the annotation; every element's parent lists it.
func TestParentTree(t *testing.T) {
	for _, dir := range []string{filepath.Join(fixtures, "letters"), defaultSources} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data := write(t, load(t, dir), Options{})
			o := readObjs(t, data)
			cat, _ := o.get(1)
			rootDict, _ := o.get(ref(cat, "/StructTreeRoot"))
			tree := map[int]int{}
			o.numberTree(ref(rootDict, "/ParentTree"), tree)
			next := regexp.MustCompile(`/ParentTreeNextKey (\d+)`).FindStringSubmatch(rootDict)
			if n, _ := strconv.Atoi(next[1]); n != len(tree) {
				t.Errorf("ParentTreeNextKey %d, %d keys", n, len(tree))
			}
			elem := func(n int) string {
				d, _ := o.get(n)
				if !strings.HasPrefix(d, "<</S /") {
					t.Fatalf("object %d is no structure element: %.80s", n, d)
				}
				return d
			}
			pagesDict, _ := o.get(ref(cat, "/Pages"))
			pages := reRefs.FindAllStringSubmatch(pagesDict[strings.Index(pagesDict, "/Kids"):], -1)
			tokens := regexp.MustCompile(`/MCID (\d+)>> BDC|BMC|BDC|EMC|Tj`)
			annots := 0
			for _, p := range pages {
				pn, _ := strconv.Atoi(p[1])
				pd, _ := o.get(pn)
				if !strings.Contains(pd, "/Tabs /S") {
					t.Errorf("page %d has no /Tabs /S", pn)
				}
				key := regexp.MustCompile(`/StructParents (\d+)`).FindStringSubmatch(pd)
				k, _ := strconv.Atoi(key[1])
				arrDict, _ := o.get(tree[k])
				arr := reRefs.FindAllStringSubmatch(arrDict, -1)
				_, content := o.get(ref(pd, "/Contents"))
				depth, mcid := 0, 0
				for _, m := range tokens.FindAllSubmatch(content, -1) {
					switch tok := string(m[0]); {
					case m[1] != nil:
						id, _ := strconv.Atoi(string(m[1]))
						if id != mcid || id >= len(arr) {
							t.Fatalf("page object %d: marked content %d where %d of %d was due", pn, id, mcid, len(arr))
						}
						e, _ := strconv.Atoi(arr[id][1])
						ed := elem(e)
						own := regexp.MustCompile(`/Pg (\d+) 0 R /K \[(.*)\]`).FindStringSubmatch(ed)
						onPage := own != nil && own[1] == strconv.Itoa(pn) && regexp.MustCompile(`(^| )`+strconv.Itoa(id)+`( |$)`).MatchString(regexp.MustCompile(`<<[^>]*>>|\d+ 0 R`).ReplaceAllString(own[2], ""))
						elsewhere := strings.Contains(ed, fmt.Sprintf("<</Type /MCR /Pg %d 0 R /MCID %d>>", pn, id))
						if !onPage && !elsewhere {
							t.Errorf("page object %d, marked content %d: its element %d does not list it: %s", pn, id, e, ed)
						}
						mcid++
						depth++
					case tok == "BMC" || tok == "BDC":
						depth++
					case tok == "EMC":
						depth--
					case tok == "Tj" && depth == 0:
						t.Errorf("page object %d draws text outside marked content", pn)
					}
					if depth < 0 {
						t.Fatalf("page object %d: EMC without BDC", pn)
					}
				}
				if depth != 0 || mcid != len(arr) {
					t.Errorf("page object %d: %d marked contents left open, %d of %d in the parent tree used", pn, depth, mcid, len(arr))
				}
				if i := strings.Index(pd, "/Annots ["); i >= 0 {
					for _, a := range reRefs.FindAllStringSubmatch(pd[i:], -1) {
						an, _ := strconv.Atoi(a[1])
						ad, _ := o.get(an)
						sp := regexp.MustCompile(`/StructParent (\d+)`).FindStringSubmatch(ad)
						if sp == nil {
							t.Errorf("annotation %d has no /StructParent", an)
							continue
						}
						k, _ := strconv.Atoi(sp[1])
						if ed := elem(tree[k]); !strings.Contains(ed, "/S /Link ") || !strings.Contains(ed, fmt.Sprintf("/Type /OBJR /Obj %d 0 R", an)) {
							t.Errorf("annotation %d: its element %d is no Link that holds it: %s", an, tree[k], ed)
						}
						annots++
					}
				}
			}
			if annots == 0 {
				t.Error("no link annotations")
			}
			// Every element is listed by its parent.
			for n := range o.entries {
				if o.entries[n].typ == 0 {
					continue
				}
				d, _ := o.get(n)
				if !strings.HasPrefix(d, "<</S /") {
					continue
				}
				p := ref(d, "/P")
				pd, _ := o.get(p)
				if !regexp.MustCompile(`[\[ ]` + strconv.Itoa(n) + ` 0 R`).MatchString(pd) {
					t.Errorf("element %d is not among the kids of its parent %d", n, p)
				}
			}
		})
	}
}

// TestNoteHeadings: the headings of a note are one level below the note's
// own, and go down one level at a time, whatever the Markdown says.
func TestNoteHeadings(t *testing.T) {
	need(t, "pdfinfo")
	a := load(t, filepath.Join(fixtures, "minimal"))
	md := "### First\n\nText.\n\n# Second\n\n##### Third\n\nMore.\n\n## Fourth"
	a.Fonds.ScopeAndContent = model.Prose{Text: md}
	a.Notes.Add(md)
	root := structTree(t, pdfFile(t, write(t, a, Options{})))
	var got []string
	for _, h := range root.all(func(n *snode) bool { return headingLevel.MatchString(n.typ) }) {
		got = append(got, h.typ+" "+h.text())
	}
	want := "H2 Scope and content|H3 First|H3 Second|H4 Third|H4 Fourth"
	if s := strings.Join(got, "|"); !strings.Contains(s, want) {
		t.Errorf("headings:\n%s\nwant among them %s", s, want)
	}
}
