// Package pdf writes the printable inventory of a finding aid: the PDF an
// archive hands a researcher and aggregators link to. It is set in the
// order of a printed archival inventory — title page, contents, the
// collection-level description, the chronology, the inventory with its
// inventory numbers in a column of their own, the pseudonym list, the
// microfilm concordance and an index of persons, pseudonyms, corporate
// bodies and places with references from other forms of names — with
// bookmarks, internal links and named destinations (the units' ids, so
// "file.pdf#inv-723" opens at unit 723), a running header and "page X of
// Y". A part goes on the page before when it fits there whole.
//
// The inventory is a tagged PDF (tags.go): a structure tree of headings,
// paragraphs, lists, tables, links and the index, in reading order, with
// the language of the document and of titles in other languages, for
// screen readers; XMP metadata (meta.go) says what the Info dictionary
// says.
//
// The package is pure Go and writes PDF itself: the Go fonts, embedded and
// subset, cover Latin with diacritics, Greek and Cyrillic. It lays the
// document out twice: a first pass counts pages and learns where each
// destination falls and which parts fit on the page before, the second
// writes each page to the output as soon as it is full (its content is
// compressed by a worker, one per core, and written in turn, so the bytes
// do not depend on the cores), and each structure element as soon as what
// it holds is drawn. So memory is bounded by one
// page, the open elements and a page number per unit, not by the
// document, and the same sources give the same bytes: the dates in the
// file come from the sources, never the clock.
package pdf

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fonds-archive/fonds/internal/regfile"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// Options configure the inventory.
type Options struct {
	Paper    string    // "a4" (the default) or "letter"
	Internal bool      // also print units and notes marked internal
	Created  time.Time // the document's date; zero for the finding aid's date in the sources
}

// Papers lists the paper sizes Options.Paper takes.
var Papers = []string{"a4", "letter"}

// Write writes the printable inventory of a resolved finding aid to w.
func Write(w io.Writer, a *model.Archive, opt Options) error {
	if a == nil || a.Fonds == nil {
		return errors.New("no finding aid to write")
	}
	name := strings.ToLower(opt.Paper)
	if name == "" {
		name = "a4"
	}
	pp, ok := papers[name]
	if !ok {
		return fmt.Errorf("unknown paper size %q (want %s)", opt.Paper, strings.Join(Papers, " or "))
	}
	faces, err := loadFaces()
	if err != nil {
		return err
	}
	f := a.Fonds
	for i, c := range a.Components {
		if c.Seq != i {
			return fmt.Errorf("internal error: unit %s is number %d of the finding aid's units, but says %d (not resolved?)", c.ID, i, c.Seq)
		}
	}
	newSetter := func() *typesetter {
		return &typesetter{faces: faces, paper: pp, title: f.Title.Value, code: f.ReferenceCode,
			at: map[string]int{}, mentions: map[string][]int{}, unitPage: make([]int32, len(a.Components))}
	}

	// First pass: count.
	m := newSetter()
	m.measure, m.lean = true, true
	newDoc(m, a, opt).render()

	// Second pass: write.
	ow := newObjWriter(w)
	defer ow.close()
	catalog, pages := ow.alloc(), ow.alloc()
	t := newSetter()
	t.prev, t.ow, t.total = m, ow, m.page
	t.unitDests = make([]unitDest, len(a.Components))
	t.pageObj = make([]int, m.page)
	for i := range t.pageObj {
		t.pageObj[i] = ow.alloc()
	}
	t.resObj = ow.alloc()
	t.structRoot = ow.alloc()
	t.outline = &outlineItem{open: true}
	t.olStack = []*outlineItem{t.outline}
	newDoc(t, a, opt).render()
	switch {
	case t.err != nil:
		return t.err
	case t.page != m.page:
		return fmt.Errorf("internal error: the layout gave %d pages, then %d", m.page, t.page)
	case len(t.stack) > 0 || t.rootDone == 0:
		return fmt.Errorf("internal error: the structure tree was not finished (%d elements open)", len(t.stack))
	}

	fonts := t.writeFonts()
	ow.obj(t.resObj, "<</Font <<"+fonts+">> /ProcSet [/PDF /Text]>>")
	var kids strings.Builder
	for i, n := range t.pageObj {
		if i > 0 {
			kids.WriteByte(' ')
		}
		fmt.Fprintf(&kids, "%d 0 R", n)
	}
	ow.obj(pages, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", kids.String(), len(t.pageObj)))
	outlines := t.writeOutline()
	dests := t.writeDests(a.Components)

	structure := t.writeStructure(t.rootDone)

	created := opt.Created
	if created.IsZero() {
		created = SourceDate(a)
	}
	md := metaOf(a, created)
	info := ow.alloc()
	ow.plainObj(info, md.info())
	xmp := ow.alloc()
	ow.rawStream(xmp, "/Type /Metadata /Subtype /XML", md.xmp())
	ow.obj(catalog, fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines"+
		" /Names <</Dests %d 0 R>> /Lang %s /ViewerPreferences <</DisplayDocTitle true>>"+
		" /MarkInfo <</Marked true>> /StructTreeRoot %d 0 R /Metadata %d 0 R>>",
		pages, outlines, dests, text(md.lang), structure, xmp))
	return ow.finish(catalog, info)
}

// docLang is the document's language: the finding aid's, as a BCP 47 tag.
func docLang(a *model.Archive) string {
	lang := present.Tag(a.Fonds.FindingAid.Language, a.Fonds.FindingAid.Script)
	if lang == "" {
		lang = "und"
	}
	return lang
}

// maxEpoch is the last second a PDF date can hold: its year has four
// digits, 9999-12-31T23:59:59Z.
const maxEpoch = 253402300799

// EpochDate reads SOURCE_DATE_EPOCH, the seconds since 1970-01-01 UTC that
// reproducible builds set to date what they make; the zero time when it is
// not set. A value that is not a whole number of seconds from 0 to the end
// of the year 9999 is an error that says so: the command line checks it
// before it builds anything.
func EpochDate() (time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return time.Time{}, nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange), err == nil && sec > maxEpoch:
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is after the year 9999, which a PDF date cannot hold; give the seconds since 1970-01-01 UTC, as date +%%s prints them", s)
	case err != nil:
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a whole number of seconds; give the seconds since 1970-01-01 UTC, as date +%%s prints them (1700000000)", s)
	case sec < 0:
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is before 1970; give the seconds since 1970-01-01 UTC, as date +%%s prints them", s)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// SourceDate is the date a finding aid's outputs carry: the first day of
// the finding aid's date as written in the sources (finding_aid.date); the
// zero time when that is "undated".
func SourceDate(a *model.Archive) time.Time {
	d := a.Fonds.FindingAid.Date.Earliest()
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// writeFonts embeds the subset of every font the document drew and returns
// the font resources.
func (t *typesetter) writeFonts() string {
	ow := t.ow
	var res strings.Builder
	for i, f := range t.faces {
		if !f.drawn() {
			continue
		}
		type0, cid, desc, file, tounicode := ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc()
		base := "/" + f.subsetTag() + f.name
		fmt.Fprintf(&res, " /F%d %d 0 R", i, type0)
		ow.obj(type0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
			base, cid, tounicode))
		ow.obj(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap /Identity>>",
			base, desc, f.adv[0], f.widths()))
		ow.obj(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName %s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R>>",
			base, f.flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], num(f.italicAngle), f.ascent, f.descent, f.capHeight, stemV(i), file))
		data, err := f.subset()
		if err != nil {
			ow.err = fmt.Errorf("font %s: %w", f.name, err)
			data = nil
		}
		ow.stream(file, fmt.Sprintf(" /Length1 %d", len(data)), data)
		ow.stream(tounicode, "", f.toUnicode())
	}
	return res.String() + " "
}

func stemV(face int) int {
	if face == bold || face == boldItalic {
		return 140
	}
	return 80
}

// widths returns the /W array of the glyphs drawn, in runs of consecutive
// glyph ids.
func (f *face) widths() string {
	var b strings.Builder
	for g := 0; g < len(f.used); g++ {
		if !f.used[g] {
			continue
		}
		fmt.Fprintf(&b, "%d [", g)
		for first := true; g < len(f.used) && f.used[g]; g++ {
			if !first {
				b.WriteByte(' ')
			}
			first = false
			b.WriteString(strconv.Itoa(f.adv[g]))
		}
		b.WriteString("] ")
	}
	return strings.TrimSpace(b.String())
}

// toUnicode returns the CMap that maps glyphs back to characters, so that
// text can be searched, copied and extracted (pdftotext).
func (f *face) toUnicode() []byte {
	var pairs []string
	for g, u := range f.used {
		if u {
			var h strings.Builder
			for _, c := range utf16Of(f.uni[g]) {
				fmt.Fprintf(&h, "%04X", c)
			}
			pairs = append(pairs, fmt.Sprintf("<%04X> <%s>", g, h.String()))
		}
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(pairs); i += 100 {
		chunk := pairs[i:min(i+100, len(pairs))]
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", len(chunk), strings.Join(chunk, "\n"))
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

func utf16Of(r rune) []uint16 {
	if r < 0x10000 {
		return []uint16{uint16(r)}
	}
	r -= 0x10000
	return []uint16{uint16(0xD800 + r>>10), uint16(0xDC00 + r&0x3FF)}
}

// An outlineItem is a bookmark.
type outlineItem struct {
	title string
	dest  string
	open  bool
	kids  []*outlineItem
}

// bookmark adds a bookmark at depth level (0 for the parts of the
// document) under the last bookmark one level up.
func (t *typesetter) bookmark(level int, title, dest string, open bool) {
	if t.measure {
		return
	}
	if level+1 < len(t.olStack) {
		t.olStack = t.olStack[:level+1]
	}
	parent := t.olStack[len(t.olStack)-1]
	it := &outlineItem{title: title, dest: dest, open: open}
	parent.kids = append(parent.kids, it)
	t.olStack = append(t.olStack, it)
}

// visible counts the bookmarks shown below it when it is open.
func (it *outlineItem) visible() int {
	n := len(it.kids)
	for _, k := range it.kids {
		if k.open {
			n += k.visible()
		}
	}
	return n
}

// writeOutline writes the bookmarks and returns the outline's object.
func (t *typesetter) writeOutline() int {
	ow := t.ow
	root := ow.alloc()
	var write func(it *outlineItem, n, parent, prev, next int)
	objs := func(it *outlineItem) []int {
		ns := make([]int, len(it.kids))
		for i := range ns {
			ns[i] = ow.alloc()
		}
		return ns
	}
	write = func(it *outlineItem, n, parent, prev, next int) {
		var b strings.Builder
		fmt.Fprintf(&b, "<</Title %s /Parent %d 0 R /Dest %s", text(clean(it.title)), parent, text(it.dest))
		if prev > 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", prev)
		}
		if next > 0 {
			fmt.Fprintf(&b, " /Next %d 0 R", next)
		}
		ns := objs(it)
		if len(ns) > 0 {
			c := it.visible()
			if !it.open {
				c = -c
			}
			fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", ns[0], ns[len(ns)-1], c)
		}
		b.WriteString(">>")
		ow.obj(n, b.String())
		writeKids(it, ns, n, write)
	}
	ns := objs(t.outline)
	if len(ns) == 0 {
		ow.obj(root, "<</Type /Outlines /Count 0>>")
		return root
	}
	ow.obj(root, fmt.Sprintf("<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>", ns[0], ns[len(ns)-1], t.outline.visible()))
	writeKids(t.outline, ns, root, write)
	return root
}

func writeKids(it *outlineItem, ns []int, parent int, write func(*outlineItem, int, int, int, int)) {
	for i, k := range it.kids {
		prev, next := 0, 0
		if i > 0 {
			prev = ns[i-1]
		}
		if i+1 < len(ns) {
			next = ns[i+1]
		}
		write(k, ns[i], parent, prev, next)
	}
}

// writeDests writes the named destinations, the units' and the others, as
// a name tree, sorted by name as PDF requires, in leaves of at most 128.
func (t *typesetter) writeDests(units []*model.Component) int {
	ow := t.ow
	// PDF orders the keys of a name tree by the bytes of the strings as
	// written in the file: UTF-16 with a byte order mark for non-ASCII.
	// Printable ASCII is its own key, unallocated.
	key := func(s string) string {
		if printable(s) {
			return s
		}
		if t := text(s); t[0] == '<' {
			b, _ := hex.DecodeString(t[1 : len(t)-1])
			return string(b)
		}
		return s
	}
	for i := range t.dests {
		t.dests[i].key = key(t.dests[i].name)
	}
	// A destination is a unit's (its Seq) or one of t.dests (-1-i); in
	// the order they were drawn, which the sort keeps for equal names.
	type ref struct {
		unit, ord int32 // the unit, or -1-i; where it was drawn
		key       string
	}
	refs := make([]ref, 0, len(t.dests)+len(units))
	for i := range t.dests {
		refs = append(refs, ref{unit: int32(-1 - i), ord: int32(i), key: t.dests[i].key})
	}
	for _, c := range units {
		if ud := t.unitDests[c.Seq]; ud.page > 0 {
			refs = append(refs, ref{unit: int32(c.Seq), ord: ud.ord, key: key(c.Anchor())})
		}
	}
	// A unit of ord k was drawn after others 0 to k-1 and before other k.
	// (Two units never share a name: resolve makes ids unique.)
	before := func(a, b ref) bool {
		if a.ord != b.ord {
			return a.ord < b.ord
		}
		if (a.unit < 0) != (b.unit < 0) {
			return a.unit >= 0
		}
		return a.unit < b.unit
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].key != refs[j].key {
			return refs[i].key < refs[j].key
		}
		return before(refs[i], refs[j])
	})
	name := func(r ref) string {
		if r.unit < 0 {
			return t.dests[-1-r.unit].name
		}
		return units[r.unit].Anchor()
	}
	uniq := refs[:0]
	for i, r := range refs {
		if i == 0 || name(r) != name(refs[i-1]) {
			uniq = append(uniq, r)
		}
	}
	refs = uniq
	return ow.tree("Names", len(refs), func(b []byte, i int) []byte {
		r := refs[i]
		page, y := 0, 0.0
		if r.unit < 0 {
			d := t.dests[-1-r.unit]
			page, y = d.page, d.y
		} else {
			ud := t.unitDests[r.unit]
			page, y = int(ud.page), ud.y
		}
		b = appendText(b, name(r))
		b = append(b, " ["...)
		b = strconv.AppendInt(b, int64(t.pageObj[page-1]), 10)
		b = append(b, " 0 R /XYZ null "...)
		b = appendNum(b, t.paper.h-y+2)
		return append(b, " null]"...)
	}, func(i int) string { return text(name(refs[i])) })
}

// Output is the build.Output that writes <slug>.pdf into a finding aid's
// output folder.
type Output struct {
	Options
}

// Name implements build.Output.
func (Output) Name() string { return "pdf" }

// Write implements build.Output. Unless Options.Created is set, the
// document's date is SOURCE_DATE_EPOCH when that is set (the convention of
// reproducible builds), else the finding aid's date.
func (o Output) Write(a *model.Archive, dir string) error {
	opt := o.Options
	if opt.Created.IsZero() {
		epoch, err := EpochDate()
		if err != nil {
			return err
		}
		opt.Created = epoch
	}
	path := filepath.Join(dir, a.Slug()+".pdf")
	file, err := regfile.Create(path)
	if err != nil {
		return err
	}
	if err := Write(file, a, opt); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
