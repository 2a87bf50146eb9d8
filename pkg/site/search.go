package site

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// The search index of a finding aid is a folder of scripts, search/, that
// search.js loads with <script> tags as a query needs them: browsers let a
// page opened from the file system load a script beside it, not fetch a
// JSON file. Each file calls fondsSearch(slug, name, data), data being
// JSON written by encoding/json from the types below.
//
//	index.js      the manifest (searchManifest): how many documents, the
//	              term shards there are, the facets, the inventory's pages
//	t-KEY.js      a shard of the terms: every token that starts with KEY
//	              (and no longer key), with its postings
//	d-N.js        documents N×64 … N×64+63: what a result shows
//	f-DIM.js      a facet (names, places, decades, levels, reels): its
//	              values with the documents that have each
//	r.js          the reels with the inventory numbers they hold
//	i-N.js        the page of each unit whose id hashes to N, for fonds.js
//
// A document is a thing search finds: a unit, a note of the collection's
// description, an event of the chronology, a person, body or place, a
// reel. Documents are numbered in the order the index lists them (records
// of names first, then the description, the units, the chronology, the
// reels), which ranks documents of equal score.
//
// Postings are written compactly (putNum's alphabet, six bits a
// character): runs of consecutive documents that hold a token alike, each
// as the gap from the end of the run before, the run's length less one,
// then (for terms) the token's count in a document, doubled, plus one if
// it is in a strong field (a title, a number, a name as cited), and its
// positions (the first, then the differences). Positions make phrases
// exact; runs keep a word that every item's title holds small.
//
// Terms are sharded from the top: all in one file while they fit in
// shardLimit bytes, else by their first letter, then by their first two,
// and so on, so that a small finding aid has a handful of files and a
// query on a large one loads the few it needs.

const (
	searchDir   = "search"
	docChunk    = 64
	shardLimit  = 32 << 10
	idsPerFile  = 2048
	maxDecades  = 20
	indexFormat = 1
)

// A searchDoc is what a result shows of a document.
type searchDoc struct {
	Kind   string   `json:"k"`            // u unit, n note of the description, e event, p person, b body, l place, r reel
	Href   string   `json:"h,omitempty"`  // its address, from the finding aid's folder (not for units)
	Page   int      `json:"i,omitempty"`  // a unit: its page, in the manifest's pages
	Anchor string   `json:"a,omitempty"`  // a unit: its anchor on that page
	Up     int      `json:"up,omitempty"` // a unit: the document of the unit above it, plus one (0 for none)
	No     string   `json:"n,omitempty"`  // a unit's number, "No. 723"
	Title  string   `json:"t,omitempty"`
	Lang   string   `json:"g,omitempty"` // BCP 47 tag of the title, when not the finding aid's language
	Level  string   `json:"v,omitempty"` // "Item", "Series", "Chronology", "Person" …
	Dates  string   `json:"d,omitempty"`
	Path   []crumb  `json:"p,omitempty"` // the breadcrumb of a document that is no unit
	Text   []string `json:"x,omitempty"` // further lines, in which a match is shown in context
}

// A crumb is one step of a breadcrumb: its label and address.
type crumb [2]string

// A docChunk is a file of documents, d-N.js: the documents, and the units
// above its units (each once), from which search.js makes their
// breadcrumbs (series › subseries › file).
type docChunkFile struct {
	Docs []*searchDoc         `json:"docs"`
	Up   map[string]upperUnit `json:"up,omitempty"` // by document number
}

// An upperUnit is a unit above units of a chunk.
type upperUnit struct {
	Label  string `json:"t"`
	Page   int    `json:"i"`
	Anchor string `json:"a"`
	Up     int    `json:"up,omitempty"` // as searchDoc.Up
}

// searchManifest is index.js.
type searchManifest struct {
	Format int         `json:"format"`
	Title  string      `json:"title"`
	Lang   string      `json:"lang"`
	Docs   int         `json:"docs"`
	Chunk  int         `json:"chunk"`
	Shards []string    `json:"shards"` // keys of the term shards
	Facets []facetInfo `json:"facets"`
	Reels  bool        `json:"reels"` // r.js exists
	IDs    int         `json:"ids"`   // how many i-N.js files
	Pages  []string    `json:"pages"` // the inventory's pages, which i-N.js numbers
}

// facetInfo names a facet in the manifest.
type facetInfo struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// A facetValue is one value of a facet, in f-DIM.js.
type facetValue struct {
	ID    string `json:"id"`
	Label string `json:"l"`
	Forms string `json:"f,omitempty"` // a name's other forms, to say why a unit that cites it matched
	Docs  string `json:"p"`
}

// A reelEntry is one reel in r.js, for the numbers a query asks for.
type reelEntry struct {
	No     int   `json:"n"`
	Doc    int   `json:"d"`
	Ranges []int `json:"r"` // from, to, from, to …
}

// The facets, in the order search.html offers them.
var facetDims = []facetInfo{
	{"name", "Names"},
	{"place", "Places"},
	{"decade", "Decades"},
	{"level", "Level or kind"},
	{"reel", "Microfilm reels"},
}

// postings collects a token's occurrences while the documents are read,
// compactly (a finding aid of 100,000 units has millions): for each
// document that holds it, an entry of unsigned varints, the gap from the
// last document of the entry before (from 0 for the first), a flags byte,
// then its positions, each as the gap from the one before (from -1 for the
// first, so never 0), and a 0 that ends the entry (none after the last).
// The flags are 1 if the token is strong there, plus twice how many of
// the documents after it hold the token alike (at the same positions, as
// strong): once a document is read, an entry that repeats the one before
// it is merged into it (up to 63 times), so that a word every item's title
// holds at the same place takes a few bytes per 64 items rather than four
// per item. Once every document is read, encodePostings turns them into
// the index's form.
type postings struct {
	data []byte
	postState
}

// postState is where postings.add is between two occurrences: a
// termTable keeps it, without pointers, in each term's postRef.
type postState struct {
	doc  int32 // the last document of the last entry; -1 before the first
	pos  int32 // the last position in it
	head int32 // where the last entry's flags are
	prev int32 // 1 + where the flags of the entry before it are; 0 for none
}

// add adds an occurrence of the token at pos of document doc, which is
// never before the document of the last occurrence.
func (p *postings) add(doc, pos int32, strong bool) {
	if doc != p.doc {
		if p.doc >= 0 {
			p.merge()
			p.prev = p.head + 1
			p.data = append(p.data, 0)
			p.data = binary.AppendUvarint(p.data, uint64(doc-p.doc))
		} else {
			p.data = binary.AppendUvarint(p.data, uint64(doc))
		}
		p.head = int32(len(p.data))
		p.data = append(p.data, 0)
		p.doc, p.pos = doc, -1
	}
	if strong {
		p.data[p.head] |= 1
	}
	p.data = binary.AppendUvarint(p.data, uint64(pos-p.pos))
	p.pos = pos
}

// maxRepeat is the most documents an entry's flags byte says repeat it.
const maxRepeat = 63

// merge merges the last entry, which is complete, into the entry before
// it when it holds the token alike in the next document: its gap is 1 (a
// single byte after the 0 that ends the entry before), its flags and
// positions are those of the entry before.
func (p *postings) merge() {
	h, d := p.head, p.data
	if p.prev == 0 || d[h-1] != 1 || d[h-2] != 0 {
		return
	}
	f := p.prev - 1
	if d[f]&1 != d[h] || d[f]>>1 == maxRepeat || !bytes.Equal(d[f+1:h-2], d[h+1:]) {
		return
	}
	d[f] += 2
	p.data = d[:h-2]
	p.head = f
}

type facetDim struct {
	values map[string]*facetValueDocs
}

type facetValueDocs struct {
	label, forms string
	docs         []int32
}

// indexer builds the index of one finding aid.
type indexer struct {
	s      *Site
	pages  []string            // the inventory's pages
	docOf  []int32             // by unit (Seq): the document of a published unit that has units below it
	uppers map[int32]upperUnit // the units that have units below them, by document
	chunk  []*searchDoc        // the documents not yet written, from the last multiple of docChunk
	ndocs  int                 // how many documents there are so far
	dir    string              // where the index is written
	err    error               // the first error writing it
	terms  *termTable          // the tokens and their postings
	facets map[string]*facetDim
	known  facetValues
	reels  []reelEntry
	doc    int32           // the current document
	pos    int32           // the next position in it
	buf    []byte          // the token being added
	json   json.RawMessage // the last chunk of documents written, whose storage the next one takes

	// Reused from unit to unit (units): its view, the records it cites
	// and the names it cites them by, and each record's forms of its name.
	unit   Unit
	cited  map[model.Authority]bool
	agents []*model.Agent
	forms  map[model.Authority][]string
}

// writeSearch writes the search index into dir/search.
func (s *Site) writeSearch(dir string) error {
	x := &indexer{s: s, terms: newTermTable(), facets: map[string]*facetDim{}, dir: filepath.Join(dir, searchDir),
		docOf: make([]int32, len(s.Archive.Components)), uppers: map[int32]upperUnit{}}
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		return err
	}
	for _, ip := range s.inv {
		x.pages = append(x.pages, ip.file)
	}
	for _, d := range facetDims {
		x.facets[d.ID] = &facetDim{values: map[string]*facetValueDocs{}}
	}
	x.known = facetValues{named: map[model.Authority]*facetValueDocs{}, decade: map[int]*facetValueDocs{},
		reel: map[int]*facetValueDocs{}, level: map[string]*facetValueDocs{}}
	x.authorities()
	x.description()
	x.units()
	x.chronology()
	x.microfilm()
	x.flush()
	if x.err != nil {
		return x.err
	}
	return x.write()
}

// pageNo is the number of the inventory page (in pages) on which a
// published unit is described.
func (x *indexer) pageNo(c *model.Component) int { return max(x.s.pageIndex(c), 0) }

// begin starts a document. The documents before it are complete: each
// chunk of them is written as soon as it is, so that the index holds the
// words of the finding aid, not every document's lines.
func (x *indexer) begin(d *searchDoc) {
	if len(x.chunk) == docChunk {
		x.flush()
	}
	x.chunk = append(x.chunk, d)
	x.doc = int32(x.ndocs)
	x.ndocs++
	x.pos = 0
}

// flush writes the documents of the current chunk, d-N.js, with the units
// above its units (each once).
func (x *indexer) flush() {
	if len(x.chunk) == 0 || x.err != nil {
		return
	}
	first := x.ndocs - len(x.chunk)
	f := docChunkFile{Docs: x.chunk, Up: map[string]upperUnit{}}
	for _, d := range f.Docs {
		for up := d.Up; up > 0; {
			key := strconv.Itoa(up - 1)
			if _, ok := f.Up[key]; ok {
				break
			}
			u := x.uppers[int32(up-1)]
			f.Up[key] = u
			up = u.Up
		}
	}
	x.json = f.appendJSON(x.json[:0])
	x.err = x.put("d-"+strconv.Itoa(first/docChunk), x.json)
	clear(x.chunk)
	x.chunk = x.chunk[:0]
}

// put writes a file of the index: data for fondsSearch.
func (x *indexer) put(name string, v any) error {
	data, ok := v.(json.RawMessage) // already written (jsonObject)
	if !ok {
		var err error
		if data, err = json.Marshal(v); err != nil {
			return err
		}
	}
	s, _ := json.Marshal(x.s.Slug)
	n, _ := json.Marshal(name)
	// Piece by piece into the file's buffer: fmt would first copy data,
	// the whole file, into a buffer of its own.
	return writeFile(filepath.Join(x.dir, name+".js"), func(w io.Writer) error {
		for _, b := range [][]byte{[]byte("fondsSearch("), s, []byte(","), n, []byte(","), data, []byte(");\n")} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// add indexes text as a field of the current document; strong fields (a
// title, a number, a name) rank higher. Fields are a position apart, so
// that no phrase runs from one into the next.
func (x *indexer) add(text string, strong bool) {
	x.buf = appendTokens(text, x.buf, func(t []byte) { x.token(t, strong) })
	x.pos++
}

// addDates indexes a date's label without its numbers of one or two
// digits: a query for 8 means unit 8, not the 8th of a month.
func (x *indexer) addDates(label string) {
	x.buf = appendTokens(label, x.buf, func(t []byte) {
		if len(t) <= 2 && numeric(string(t)) {
			return
		}
		x.token(t, false)
	})
	x.pos++
}

// token adds an occurrence of t to the current document. t is copied
// once, when the index first meets it.
func (x *indexer) token(t []byte, strong bool) {
	x.terms.add(x.terms.id(t), x.doc, x.pos, strong)
	x.pos++
}

// value is the value id of facet dim, labelled label when it is new.
func (x *indexer) value(dim, id, label string) *facetValueDocs {
	v := x.facets[dim].values[id]
	if v == nil {
		v = &facetValueDocs{label: label}
		x.facets[dim].values[id] = v
	}
	return v
}

// file files the current document under a facet's value.
func (x *indexer) file(v *facetValueDocs) {
	if n := len(v.docs); n == 0 || v.docs[n-1] != x.doc {
		v.docs = append(v.docs, x.doc)
	}
}

// The values that units are filed under again and again, found without
// making their ids: a record's (its anchor), a decade's, a reel's and a
// level's. A nil value is a record of no facet.
type facetValues struct {
	named  map[model.Authority]*facetValueDocs
	decade map[int]*facetValueDocs
	reel   map[int]*facetValueDocs
	level  map[string]*facetValueDocs // by label
}

// name files the current document under the record an agent or a
// reference names: places under places, persons (also when cited by a
// pseudonym) and bodies under names.
func (x *indexer) name(au model.Authority) {
	v, ok := x.known.named[au]
	if !ok {
		switch au := au.(type) {
		case *model.Person, *model.Body:
			v = x.value("name", au.Anchor(), au.Base().Name)
		case *model.Place:
			v = x.value("place", au.Anchor(), au.Base().Name)
		}
		x.known.named[au] = v
	}
	if v != nil {
		x.file(v)
	}
}

// reel files the current document under reel no.
func (x *indexer) reel(no int) {
	v := x.known.reel[no]
	if v == nil {
		n := strconv.Itoa(no)
		v = x.value("reel", n, "Reel "+n)
		x.known.reel[no] = v
	}
	x.file(v)
}

// refs files the current document under the records a note refers to.
func (x *indexer) refs(text string) {
	if text == "" {
		return
	}
	for _, r := range x.s.Archive.Notes.Doc(text).Refs {
		switch ref := x.s.Archive.Lookup(r.Kind, r.Target).(type) {
		case model.Authority:
			x.name(ref)
		case *model.Pseudonym:
			if ref.Person != nil {
				x.name(ref.Person)
			}
		case *model.Reel:
			x.reel(ref.No)
		}
	}
}

// decades files the current document under the decades its dates touch.
func (x *indexer) decades(ds []model.Date) {
	for _, d := range ds {
		x.decadesOf(d.Date)
	}
}

func (x *indexer) decadesOf(d edtf.Date) {
	from, to := d.Earliest().Year, d.Latest().Year
	if from == 0 {
		return
	}
	if to < from {
		to = from // open-ended: the decade it starts in
	}
	for y := from - mod(from, 10); y <= to && y < from-mod(from, 10)+10*maxDecades; y += 10 {
		v := x.known.decade[y]
		if v == nil {
			v = x.value("decade", strconv.Itoa(y), strconv.Itoa(y)+"s")
			x.known.decade[y] = v
		}
		x.file(v)
	}
}

func mod(a, b int) int { return ((a % b) + b) % b }

// level files the current document under a level or kind of record.
func (x *indexer) level(label string) {
	if label != "" {
		v := x.known.level[label]
		if v == nil {
			v = x.value("level", strings.ToLower(label), label)
			x.known.level[label] = v
		}
		x.file(v)
	}
}

// plain is a note's words.
func (x *indexer) plain(text string) string {
	return present.Plain(x.s.Archive, text, x.s.opt.Internal)
}

// note indexes a published note of the current document and returns its
// lines for results: its heading and its words, then the encoder's words
// (its editorial part) after "Editorial note: ", as the page shows them
// apart; a note that is the encoder's alone is one line.
func (x *indexer) note(head string, p *model.Prose) []string {
	text := x.plain(p.Text)
	x.add(head, false)
	x.add(text, false)
	x.refs(p.Text)
	if head != "" {
		head += ": "
	}
	ed := p.Editorial
	if ed.Empty() {
		return []string{head + text}
	}
	edText := x.plain(ed.Text)
	x.add(edText, false)
	x.refs(ed.Text)
	edLine := present.EditorialNote + ": " + edText
	if text == "" {
		return []string{head + edLine}
	}
	return []string{head + text, edLine}
}

// authorities indexes the persons, bodies and places: every form of the
// name is strong.
func (x *indexer) authorities() {
	s := x.s
	for au := range s.Archive.Authorities() {
		r := au.Base()
		d := &searchDoc{Href: s.href(au), Title: r.Name}
		switch au := au.(type) {
		case *model.Person:
			d.Kind, d.Level = "p", "Person"
			d.Path = []crumb{{"Persons and pseudonyms", "persons.html"}}
			if au.Dates != nil {
				d.Dates = au.Dates.Display()
			}
			var pss []string
			x.begin(d)
			x.add(r.Name, true)
			for _, ps := range au.Pseudonyms {
				pss = append(pss, ps.Name)
				x.add(ps.Name, true)
				x.add(ps.Note, false)
			}
			if len(pss) > 0 {
				d.Text = append(d.Text, "Pseudonyms: "+strings.Join(pss, "; "))
			}
		case *model.Body:
			d.Kind, d.Level = "b", "Organization"
			d.Path = []crumb{{"Organizations and places", "names.html"}}
			if au.Dates != nil {
				d.Dates = au.Dates.Display()
			}
			x.begin(d)
			x.add(r.Name, true)
			if au.Short != "" {
				x.add(au.Short, true)
				d.Text = append(d.Text, "Abbreviation: "+au.Short)
			}
		case *model.Place:
			d.Kind, d.Level = "l", "Place"
			d.Path = []crumb{{"Organizations and places", "names.html"}}
			x.begin(d)
			x.add(r.Name, true)
			if au.Country != "" {
				country := present.CountryName(au.Country)
				x.add(country, false)
				d.Text = append(d.Text, "Country: "+country)
			}
		}
		for _, v := range r.Variants {
			x.add(v, true)
		}
		if len(r.Variants) > 0 {
			d.Text = append(d.Text, "Other forms of the name: "+strings.Join(r.Variants, "; "))
		}
		if d.Dates != "" {
			x.addDates(d.Dates)
		}
		if r.Authority != "" {
			x.add(r.Authority, false)
		}
		if s.showNote(&r.Note) {
			d.Text = append(d.Text, x.note("", &r.Note)...)
		}
		x.name(au)
		x.level(d.Level)
		// The forms a unit that cites the record is also found by, which
		// search.js shows to say why it was found.
		dim := "name"
		if au.Kind() == prose.Place {
			dim = "place"
		}
		x.facets[dim].values[au.Anchor()].forms = strings.Join(otherForms(au)[1:], "; ")
	}
}

// description indexes the collection's description: the summary, each
// note (found as the section of index.html it is), the finding aid's own
// description.
func (x *indexer) description() {
	s := x.s
	f := s.Fonds
	desc := []crumb{{"Description", "index.html"}}
	d := &searchDoc{Kind: "n", Href: "index.html#summary", Title: f.Title.Value, Lang: s.textLang(f.Title),
		No: f.ReferenceCode, Level: levelLabel(f.Level, ""), Dates: present.Dates(f.Dates), Path: desc}
	if d.Level == "" {
		d.Level = "Fonds"
	}
	x.begin(d)
	x.add(f.Title.Value, true)
	x.add(f.ReferenceCode, true)
	x.addDates(d.Dates)
	x.decades(f.Dates)
	x.level(d.Level)
	var facts []string
	for _, e := range f.Extent {
		facts = append(facts, e.Value)
	}
	facts = append(facts, f.Repository.Name)
	for _, l := range f.Languages {
		facts = append(facts, present.Language(l))
	}
	facts = append(facts, f.Subjects...)
	facts = append(facts, f.Genres...)
	var creators []string
	for _, a := range f.Creators {
		creators = append(creators, present.Name(a))
		x.add(a.Cited(), true)
		x.name(a.Authority())
	}
	if len(creators) > 0 {
		d.Text = append(d.Text, "Creators: "+strings.Join(creators, "; "))
	}
	d.Text = append(d.Text, strings.Join(facts, "; "))
	x.add(strings.Join(facts, " "), false)
	if s.showNote(&f.Abstract) {
		d.Text = append(d.Text, x.note("", &f.Abstract)...)
	}

	page := &Page{}
	s.fillCollection(page)
	for _, sec := range page.Sections {
		if sec.Prose.IsZero() && len(sec.Items) == 0 {
			continue // a link to another page
		}
		d := &searchDoc{Kind: "n", Href: "index.html#" + sec.ID, Title: sec.Head, Level: "Description", Path: desc}
		x.begin(d)
		x.add(sec.Head, true)
		if !sec.Prose.IsZero() {
			d.Text = append(d.Text, x.note("", &sec.Prose)...)
		}
		if len(sec.Items) > 0 {
			d.Text = append(d.Text, strings.Join(sec.Items, "; "))
			x.add(strings.Join(sec.Items, " "), false)
		}
		x.level(d.Level)
	}

	fa := f.FindingAid
	d = &searchDoc{Kind: "n", Href: "index.html#about", Title: "About this finding aid", Level: "Description", Path: desc}
	x.begin(d)
	x.add(d.Title, true)
	about := []string{fa.ID, fa.Title, fa.Author, fa.Publisher, fa.Rules}
	for _, r := range fa.Revisions {
		about = append(about, r.Text, r.Who)
	}
	for _, kf := range page.About {
		about = append(about, kf.Label+": "+kf.Text)
	}
	var lines []string
	for _, a := range about {
		if a != "" {
			lines = append(lines, a)
			x.add(a, false)
		}
	}
	d.Text = append(d.Text, strings.Join(lines, "; "))
	x.level(d.Level)
}

// units indexes every published unit, in the order of the inventory.
func (x *indexer) units() {
	s := x.s
	x.cited, x.forms = map[model.Authority]bool{}, map[model.Authority][]string{}
	defer func() { x.unit, x.cited, x.agents, x.forms = Unit{}, nil, nil, nil }()
	for _, c := range s.Archive.Components {
		if !s.published(c) {
			continue
		}
		u := &x.unit
		s.fillUnit(u, c, 2, facts)
		d := &searchDoc{Kind: "u", Page: x.pageNo(c), Anchor: c.ID, Title: present.Title(c.Title), Lang: s.textLang(c.Title),
			Level: u.Level, Dates: u.Dates}
		if c.Parent != nil { // among the units, as c is
			d.Up = int(x.docOf[c.Parent.Seq]) + 1
		}
		if d.Level == "" {
			d.Level = levelLabel(c.Level, c.OtherLevel())
		}
		if d.Level == "" {
			d.Level = "Unit"
		}
		switch {
		case c.Inv != 0:
			d.No = "No. " + strconv.Itoa(c.Inv)
		case c.UnitID() != "":
			d.No = c.UnitID()
		}
		x.begin(d)
		if len(c.Children) > 0 { // the units below it look up its document
			x.docOf[c.Seq] = x.doc
			x.uppers[x.doc] = upperUnit{Label: unitLabel(c), Page: d.Page, Anchor: d.Anchor, Up: d.Up}
		}
		x.add(u.No, true)
		x.add(c.Title.Value, true)
		x.addDates(d.Dates)
		x.decades(c.Dates)
		x.level(d.Level)

		// Names: as cited (strong), the other forms of their records
		// (found, but ranked lower; search.js says why from the facets).
		var who []string
		cited := x.cited
		clear(cited)
		for _, g := range []struct {
			label string
			list  []*model.Agent
		}{{"From", c.From}, {"To", c.To}, {"About", c.Names()}, {"Places:", c.PlaceRefs()}} {
			if len(g.list) == 0 {
				continue
			}
			var names []string
			for _, a := range g.list {
				names = append(names, present.Name(a))
				x.add(a.Cited(), true)
				if au := a.Authority(); au != nil {
					cited[au] = true
					x.name(au)
				}
			}
			who = append(who, g.label+" "+strings.Join(names, "; "))
		}
		if len(who) > 0 {
			d.Text = append(d.Text, strings.Join(who, " "))
		}
		agents := append(append(append(append(x.agents[:0], c.From...), c.To...), c.Names()...), c.PlaceRefs()...)
		x.agents = agents
		for _, a := range agents {
			if au := a.Authority(); au != nil && cited[au] {
				delete(cited, au) // each record once, in the order cited
				forms, ok := x.forms[au]
				if !ok {
					forms = otherForms(au)
					x.forms[au] = forms
				}
				for _, form := range forms {
					if !slices.ContainsFunc(agents, func(b *model.Agent) bool { return b.Authority() == au && b.Cited() == form }) {
						x.add(form, false)
					}
				}
			}
		}

		var facts []string
		if u.Forms != "" {
			facts = append(facts, u.Forms)
		}
		facts = append(facts, u.Extent...)
		if len(u.Languages) > 0 {
			facts = append(facts, "In "+strings.Join(u.Languages, ", "))
		}
		if u.Containers != "" {
			facts = append(facts, u.Containers)
		}
		for _, l := range u.Links {
			facts = append(facts, l.Label)
		}
		for _, kf := range u.Kept {
			facts = append(facts, kf.Label+": "+kf.Text)
		}
		if len(facts) > 0 {
			line := strings.Join(facts, "; ")
			d.Text = append(d.Text, line)
			x.add(line, false)
		}
		for _, n := range u.Notes {
			d.Text = append(d.Text, x.note(n.Head, &n.Prose)...)
		}
		for _, r := range c.Reels {
			x.reel(r.No)
		}
	}
}

// otherForms are the names of a record besides its authorized form: a
// person's pseudonyms and variants, a body's abbreviation and variants.
func otherForms(au model.Authority) []string {
	r := au.Base()
	out := []string{r.Name}
	switch au := au.(type) {
	case *model.Person:
		for _, ps := range au.Pseudonyms {
			out = append(out, ps.Name)
		}
	case *model.Body:
		if au.Short != "" {
			out = append(out, au.Short)
		}
	}
	return append(out, r.Variants...)
}

// path is a unit's breadcrumb: the units above it, from the top.
func (s *Site) path(c *model.Component) []Link {
	var up []Link
	for p := c.Parent; p != nil; p = p.Parent {
		up = append(up, Link{s.unitHref(p), unitLabel(p)})
	}
	slices.Reverse(up)
	return up
}

// textLang is the BCP 47 tag of a title in another language than the
// finding aid's, else "".
func (s *Site) textLang(t model.Text) string {
	if tag := present.Tag(t.Lang, ""); tag != s.Lang {
		return tag
	}
	return ""
}

// chronology indexes the events, each found as its entry of the
// chronology, under its year.
func (x *indexer) chronology() {
	s := x.s
	if !s.HasChronology {
		return
	}
	page := &Page{}
	s.fillChronology(page)
	i := 0
	for _, y := range page.Years {
		for _, ev := range y.Events {
			e := s.Archive.Events[i]
			i++
			d := &searchDoc{Kind: "e", Href: "chronology.html#" + ev.ID, Title: ev.Date, Level: "Chronology",
				Path: []crumb{{"Chronology", "chronology.html"}, {y.Label, "chronology.html#" + y.ID}}}
			x.begin(d)
			x.addDates(ev.Date)
			x.decadesOf(e.Date.Date)
			x.level(d.Level)
			if !ev.Text.IsZero() {
				d.Text = append(d.Text, x.note("", &ev.Text)...)
			}
		}
	}
}

// microfilm indexes the reels: found by number ("reel 7"), by what they
// hold, and (through r.js) by the inventory numbers on them.
func (x *indexer) microfilm() {
	s := x.s
	for _, r := range s.Archive.Reels {
		d := &searchDoc{Kind: "r", Href: s.href(r), Title: "Reel " + strconv.Itoa(r.No), Level: "Microfilm reel",
			Path: []crumb{{"Microfilm concordance", "microfilm.html"}}}
		x.begin(d)
		x.add(d.Title, true)
		if n := ranges(r.Ranges); n != "" {
			d.Text = append(d.Text, "Inventory numbers "+n)
		}
		for _, t := range []string{r.Content, r.Note} {
			if t != "" {
				d.Text = append(d.Text, t)
				x.add(t, false)
			}
		}
		x.level(d.Level)
		x.reel(r.No)
		e := reelEntry{No: r.No, Doc: int(x.doc), Ranges: []int{}}
		for _, rg := range r.Ranges {
			e.Ranges = append(e.Ranges, rg.From, rg.To)
		}
		x.reels = append(x.reels, e)
	}
}

// write writes the index's files but the documents, which flush wrote.
func (x *indexer) write() error {
	put := x.put
	m := searchManifest{Format: indexFormat, Title: x.s.Fonds.Title.Value, Lang: x.s.Lang, Docs: x.ndocs,
		Chunk: docChunk, Shards: []string{}, Facets: []facetInfo{}, Reels: len(x.reels) > 0}

	// Terms, in shards. A token's postings are encoded twice, once to
	// know their size and once into their shard, rather than all held
	// encoded beside the table until the last shard is written.
	toks, tids := x.terms.sorted()
	size := make([]int32, len(tids))
	var scratch []byte
	for i, id := range tids {
		scratch = x.terms.encode(scratch[:0], id)
		size[i] = int32(len(toks[i]) + len(scratch) + 6)
	}
	shards := shardTerms(toks, func(i int) int { return int(size[i]) })
	size = nil
	var terms json.RawMessage
	for _, key := range slices.Sorted(maps.Keys(shards)) {
		m.Shards = append(m.Shards, key)
		sh := shards[key]
		terms = append(terms[:0], '{')
		for i := sh.lo; i < sh.hi; i++ {
			if i > sh.lo {
				terms = append(terms, ',')
			}
			terms = append(appendJSONString(terms, toks[i]), ':', '"')
			terms = append(x.terms.encode(terms, tids[i]), '"') // putNum's alphabet, which JSON takes as it is
		}
		terms = append(terms, '}')
		if err := put(strings.TrimSuffix(shardFile(key), ".js"), terms); err != nil {
			return err
		}
	}
	x.terms = nil

	// Facets.
	for _, dim := range facetDims {
		vals := x.facets[dim.ID].values
		if len(vals) == 0 {
			continue
		}
		m.Facets = append(m.Facets, dim)
		list := make([]facetValue, 0, len(vals))
		for id, v := range vals {
			list = append(list, facetValue{ID: id, Label: v.label, Forms: v.forms, Docs: encodeDocs(v.docs)})
		}
		// Each value's key computed once, not at every comparison: a
		// name's collation key (present.SortKey) is costly.
		keys := make(map[string]string, len(list))
		for _, v := range list {
			keys[v.ID] = facetOrder(dim.ID, v)
		}
		sort.Slice(list, func(i, j int) bool {
			if a, b := keys[list[i].ID], keys[list[j].ID]; a != b {
				return a < b
			}
			return list[i].ID < list[j].ID
		})
		if err := put("f-"+dim.ID, list); err != nil {
			return err
		}
	}

	if len(x.reels) > 0 {
		if err := put("r", x.reels); err != nil {
			return err
		}
	}

	// Where each unit is described, for permanent addresses (fonds.js).
	m.Pages = x.pages
	var ids []*model.Component
	for _, c := range x.s.Archive.Components {
		if x.s.published(c) {
			ids = append(ids, c)
		}
	}
	m.IDs = (len(ids) + idsPerFile - 1) / idsPerFile
	// One file's map at a time: the units, grouped by file.
	file := make([]uint32, len(ids))
	count := make([]int, m.IDs+1)
	for i, c := range ids {
		file[i] = fnv32(c.ID) % uint32(m.IDs)
		count[file[i]+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	byFile := make([]*model.Component, len(ids))
	for i, c := range ids {
		byFile[count[file[i]]] = c
		count[file[i]]++
	}
	start := 0
	page := map[string]int{}
	for i := range m.IDs {
		end := count[i]
		keys := make([]string, 0, end-start)
		clear(page)
		for _, c := range byFile[start:end] {
			keys = append(keys, c.ID) // ids are unique (resolve)
			page[c.ID] = x.pageNo(c)
		}
		f := jsonObject(nil, keys, func(b []byte, id string) []byte { return strconv.AppendInt(b, int64(page[id]), 10) })
		if err := put("i-"+strconv.Itoa(i), f); err != nil {
			return err
		}
		start = end
	}
	return put("index", m)
}

// appendJSON appends the chunk as encoding/json writes it (its struct
// tags), without reflection: a finding aid of 100,000 units has 1,600 of
// them.
func (f *docChunkFile) appendJSON(b []byte) json.RawMessage {
	b = append(b, `{"docs":[`...)
	for i, d := range f.Docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = d.appendJSON(b)
	}
	b = append(b, ']')
	if len(f.Up) > 0 {
		b = append(b, `,"up":`...)
		b = jsonObject(b, slices.Collect(maps.Keys(f.Up)), func(b []byte, k string) []byte {
			u := f.Up[k]
			b = append(b, `{"t":`...)
			b = appendJSONString(b, u.Label)
			b = append(b, `,"i":`...)
			b = strconv.AppendInt(b, int64(u.Page), 10)
			b = append(b, `,"a":`...)
			b = appendJSONString(b, u.Anchor)
			if u.Up != 0 {
				b = append(b, `,"up":`...)
				b = strconv.AppendInt(b, int64(u.Up), 10)
			}
			return append(b, '}')
		})
	}
	return append(b, '}')
}

// appendJSON appends the document as encoding/json writes it (its struct
// tags: the fields in order, the empty ones left out).
func (d *searchDoc) appendJSON(b []byte) []byte {
	b = append(b, `{"k":`...)
	b = appendJSONString(b, d.Kind)
	str := func(name, v string) {
		if v != "" {
			b = append(append(b, name...), ':')
			b = appendJSONString(b, v)
		}
	}
	num := func(name string, v int) {
		if v != 0 {
			b = append(append(b, name...), ':')
			b = strconv.AppendInt(b, int64(v), 10)
		}
	}
	str(`,"h"`, d.Href)
	num(`,"i"`, d.Page)
	str(`,"a"`, d.Anchor)
	num(`,"up"`, d.Up)
	str(`,"n"`, d.No)
	str(`,"t"`, d.Title)
	str(`,"g"`, d.Lang)
	str(`,"v"`, d.Level)
	str(`,"d"`, d.Dates)
	if len(d.Path) > 0 {
		b = append(b, `,"p":[`...)
		for i, c := range d.Path {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = appendJSONString(b, c[0])
			b = append(b, ',')
			b = appendJSONString(b, c[1])
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	if len(d.Text) > 0 {
		b = append(b, `,"x":[`...)
		for i, t := range d.Text {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// jsonObject appends to b the JSON object that encoding/json writes for a map
// from keys (unique, sorted here) to values that value appends to b: the
// keys in order, each written as encoding/json writes a string. It saves
// the large files of the index (the terms, the pages of the units) a map
// that encoding/json would read through reflection and sort again.
func jsonObject(b []byte, keys []string, value func(b []byte, key string) []byte) json.RawMessage {
	slices.Sort(keys)
	if b == nil {
		n := 2
		for _, k := range keys {
			n += len(k) + 8
		}
		b = make([]byte, 0, n)
	}
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = value(b, k)
	}
	return append(b, '}')
}

// appendJSONString appends s as encoding/json writes a string: as it is,
// between quotes, when it holds nothing that encoding/json escapes or
// replaces (control characters, quotes, backslashes, <, > and &, U+2028
// and U+2029, bytes that are not UTF-8), as the tokens and ids of the
// index do; else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	ascii := true
	for i := 0; i < len(s) && plain; i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			plain = false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if plain && !ascii {
		plain = utf8.ValidString(s) && !strings.ContainsAny(s, "\u2028\u2029")
	}
	if !plain {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	return append(append(append(b, '"'), s...), '"')
}

// facetOrder sorts a facet's values: decades and reels by number, names
// as the A–Z lists do.
func facetOrder(dim string, v facetValue) string {
	switch dim {
	case "decade", "reel":
		return fmt.Sprintf("%012s", v.ID)
	}
	return present.SortKey(v.Label)
}

// encodePostings appends postings' data, d, in the index's form to b.
func encodePostings(b, d []byte) []byte {
	var run, cur struct {
		doc    int32
		strong byte
		pos    []int32
	}
	n := int32(0)    // the length of the run; 0 before the first entry
	next := int32(0) // the document after the last run written
	emit := func() {
		b = putNum(b, int(run.doc-next))
		b = putNum(b, int(n-1))
		b = putNum(b, len(run.pos)<<1|int(run.strong))
		prev := int32(0)
		for _, pos := range run.pos {
			b = putNum(b, int(pos-prev))
			prev = pos
		}
		next = run.doc + n
	}
	for i := 0; i < len(d); {
		gap, k := binary.Uvarint(d[i:])
		i += k
		cur.doc += int32(gap)
		cur.strong = d[i] & 1
		repeat := int32(d[i] >> 1) // documents after cur.doc that hold it alike
		i++
		cur.pos = cur.pos[:0]
		for pos := int32(-1); i < len(d) && d[i] != 0; {
			g, k := binary.Uvarint(d[i:])
			i += k
			pos += int32(g)
			cur.pos = append(cur.pos, pos)
		}
		i++ // the 0 that ends the entry
		// A document after the run that holds the token alike joins it,
		// and so do the ones the entry repeats.
		if n > 0 && cur.doc == run.doc+n && cur.strong == run.strong && slices.Equal(cur.pos, run.pos) {
			n++
		} else {
			if n > 0 {
				emit()
			}
			run.doc, run.strong, run.pos = cur.doc, cur.strong, append(run.pos[:0], cur.pos...)
			n = 1
		}
		n += repeat
		cur.doc += repeat
	}
	if n > 0 {
		emit()
	}
	return b
}

// encodeDocs writes a facet value's documents as runs.
func encodeDocs(docs []int32) string {
	var b []byte
	next := int32(0)
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && docs[j] == docs[j-1]+1 {
			j++
		}
		b = putNum(b, int(docs[i]-next))
		b = putNum(b, j-i-1)
		next = docs[j-1] + 1
		i = j
	}
	return string(b)
}

// shardTerms groups sorted, unique tokens into shards by key (see the top
// of this file); size(i) is toks[i]'s bytes in its shard. Each shard is a
// stretch of toks: the tokens that start with a key follow one another
// in byte order, the key itself first: toks[lo:hi] of its termRange.
func shardTerms(toks []string, size func(i int) int) map[string]termRange {
	out := map[string]termRange{}
	var split func(key string, lo, hi int)
	split = func(key string, lo, hi int) {
		total := 0
		for i := lo; i < hi; i++ {
			total += size(i)
		}
		n := runeCount(key)
		if total <= shardLimit || hi-lo == 1 {
			out[key] = termRange{lo, hi}
			return
		}
		if toks[lo] == key {
			out[key] = termRange{lo, lo + 1}
			lo++
		}
		for lo < hi {
			k := prefixRunes(toks[lo], n+1)
			end := lo + 1
			for end < hi && prefixRunes(toks[end], n+1) == k {
				end++
			}
			split(k, lo, end)
			lo = end
		}
	}
	if len(toks) > 0 {
		split("", 0, len(toks))
	}
	return out
}

// A termRange is a shard's tokens: toks[lo:hi] of the sorted tokens.
type termRange struct{ lo, hi int }
