package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/iso"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/schema"
)

// importer holds the state of one import.
type importer struct {
	opt   Options
	file  string
	doc   *document
	rep   *Report
	names *registry
	ids   *unitIDs

	eadid       string
	pendingRefs []string
	raws        []*rawField
	rawIDs      map[string]string // ids of elements kept whole → as written
	unitID      map[string]string // a component's @id → its id in the sources
	invByID     map[string]int    // a component's @id → its inventory number
	plans       map[*node]*plan
	useInv      bool
	fonds       *fondsEAD // set when fonds wrote the EAD

	findingAid *yaml.Node
	faTitle    string
	publisher  string
	fondsDesc  *unitDesc
	dscParts   []*node
	seriesDocs []seriesDoc

	repo             repository // the fonds's, from archdesc/did/repository
	subjects, genres []string
	country, isil    string

	passed, repaired, flat, notKept, dropped entries
}

// repository is the fonds's repository as the EAD gives it.
type repository struct {
	name    string
	address []string
	url     string
	email   string
}

// plan is what is decided about a component before it is mapped: its id
// and inventory number, which links elsewhere may need.
type plan struct {
	id      string // written id; "" when derived from inv
	inv     int
	unitid  *node // the unitid that becomes inv or unitid
	inputID string
}

func newImporter(doc *document, file string, opt Options) *importer {
	return &importer{opt: opt, file: file, doc: doc, names: newRegistry(), ids: &unitIDs{taken: map[string]bool{}},
		rawIDs: map[string]string{}, unitID: map[string]string{}, invByID: map[string]int{}, plans: map[*node]*plan{},
		rep: &Report{File: file, Encoding: doc.encoding, Levels: map[string]int{}}}
}

// isComponent reports whether n is a component: c, or c01 to c12.
func isComponent(n *node) bool {
	if n.name == "c" {
		return true
	}
	if len(n.name) == 3 && n.name[0] == 'c' && n.name[1] >= '0' && n.name[1] <= '1' && n.name[2] >= '0' && n.name[2] <= '9' {
		k, _ := strconv.Atoi(n.name[1:])
		return k >= 1 && k <= 12
	}
	return false
}

// run maps the document and returns the files.
func (im *importer) run() map[string][]byte {
	ead := im.doc.ead
	switch {
	case isEAD3(ead):
		im.fromEAD3(ead)
	case ead.space != "" && ead.space != eadNS:
		im.repaired.add("ead element in namespace "+ead.space+" read as EAD 2002", ead.line, 0)
	}
	if im.doc.wrapper != "" {
		im.notKept.add("the "+im.doc.wrapper+" wrapper around the ead element (not part of the finding aid)", ead.line, 0)
	}
	im.foreign(ead, ead.space)
	im.repairTree(ead)
	im.reserveNames(ead)
	archdesc := ead.child("archdesc")
	if archdesc != nil && isFondsEAD(ead) {
		im.readFondsRecords(archdesc)
	}
	var comps []*node
	if archdesc != nil {
		for _, dsc := range archdesc.kids {
			if dsc.name == "dsc" {
				for _, c := range dsc.kids {
					if isComponent(c) {
						comps = append(comps, c)
					}
				}
			}
		}
	}
	im.planUnits(comps)

	fonds := newMapping()
	fondsRaw := &rawField{node: str("")}
	im.header(ead.child("eadheader"), fondsRaw)
	for _, k := range ead.elems() {
		switch k.name {
		case "eadheader", "archdesc":
		default:
			im.dropElem(k, "the EAD's "+k.name+" (fonds writes none)")
		}
	}
	if archdesc == nil {
		// Nothing is described; the fonds's required fields are
		// repaired below, and reported.
		im.repaired.add("no archdesc: the EAD describes no material", ead.line, 0)
		archdesc = &node{name: "archdesc", line: ead.line, col: ead.col, parent: ead}
	}
	contents := im.archdesc(archdesc, fonds)
	return im.files(fonds, fondsRaw, contents)
}

// foreign reports elements of other namespaces: EAD 2002 cannot hold them.
func (im *importer) foreign(n *node, space string) {
	for _, k := range n.kids {
		if k.name == "" {
			continue
		}
		if k.space != "" && k.space != eadNS && k.space != space {
			k.foreign = true
			im.dropElem(k, "element "+k.name+" of namespace "+k.space)
			continue
		}
		im.foreign(k, space)
	}
}

// dropElem reports an element whose text is not kept.
func (im *importer) dropElem(n *node, why string) {
	text := norm(textOf(n, false))
	markUsed(n)
	im.dropped.add(why, n.line, len([]rune(text)))
	// Elements dropped are marked used so that their text is counted once.
}

// reserveNames notes every name in the EAD before any id is made.
func (im *importer) reserveNames(n *node) {
	for _, k := range n.kids {
		if k.name == "" {
			continue
		}
		switch k.name {
		case "persname", "corpname", "geogname", "famname", "name":
			im.names.reserve(norm(textOf(k, false)))
			for _, a := range k.attrs {
				if a.name == "normal" {
					im.names.reserve(norm(a.value))
				}
			}
		}
		im.reserveNames(k)
	}
}

var plainInt = regexp.MustCompile(`^[1-9][0-9]{0,7}$`)

// planUnits decides, before mapping, every unit's id and whether its unitid
// is an inventory number: only when the producer numbers units that way,
// that is when most unitids are plain positive numbers and no number is
// used twice.
func (im *importer) planUnits(top []*node) {
	var all []*node
	var walk func([]*node)
	walk = func(list []*node) {
		for _, c := range list {
			all = append(all, c)
			var kids []*node
			for _, k := range c.kids {
				if isComponent(k) {
					kids = append(kids, k)
				}
			}
			walk(kids)
		}
	}
	walk(top)
	withID, ints := 0, 0
	seen := map[string]bool{}
	dup := false
	for _, c := range all {
		p := &plan{}
		im.plans[c] = p
		if did := c.child("did"); did != nil {
			p.unitid = firstUnitid(did)
		}
		if p.unitid == nil {
			continue
		}
		withID++
		t := norm(textOf(p.unitid, false))
		if plainInt.MatchString(t) {
			ints++
			if seen[t] {
				dup = true
			}
			seen[t] = true
		}
	}
	im.useInv = ints > 0 && !dup && 2*ints >= withID
	for _, c := range all {
		p := im.plans[c]
		if im.fonds != nil {
			// fonds writes an inventory number as the first unitid, and
			// the unit's id as inv-N unless the sources gave another.
			p.inv = im.fonds.units[c.peek("id")]
			continue
		}
		if im.useInv && p.unitid != nil {
			if t := norm(textOf(p.unitid, false)); plainInt.MatchString(t) {
				p.inv, _ = strconv.Atoi(t)
			}
		}
	}
	// Ids: the EAD's own first, then the inventory numbers' inv-N, then
	// the made ones, each pass in document order.
	for _, c := range all {
		p := im.plans[c]
		for i := range c.attrs {
			if a := &c.attrs[i]; a.name == "id" && a.space == "" {
				a.used = true
				p.inputID = a.value
				own := strings.TrimSpace(a.value)
				if im.fonds != nil && im.fonds.prefix != "" && strings.HasPrefix(strings.ToLower(own), im.fonds.prefix) {
					own = own[len(im.fonds.prefix):]
				}
				id, changed := im.ids.repair(own)
				if changed {
					im.repaired.add(fmt.Sprintf("unit id %q made a valid, unique XML id %q", a.value, id), c.line, 0)
				}
				p.id = id
				im.unitID[a.value] = id
			}
		}
	}
	for _, c := range all {
		if p := im.plans[c]; p.id == "" && p.inv != 0 {
			id := "inv-" + strconv.Itoa(p.inv)
			if im.ids.taken[id] {
				p.id, _ = im.ids.repair(id)
			} else {
				im.ids.taken[id] = true
			}
		}
	}
	for i, c := range all {
		p := im.plans[c]
		if p.id != "" || p.inv != 0 {
			continue
		}
		base := ""
		if p.unitid != nil {
			base = slugID(norm(textOf(p.unitid, false)))
		}
		if base == "" {
			base = "c" + strconv.Itoa(i+1)
		}
		p.id, _ = im.ids.repair(base)
	}
	for _, c := range all {
		if p := im.plans[c]; p.inputID != "" && p.inv != 0 {
			im.invByID[p.inputID] = p.inv
		}
	}
}

// firstUnitid is the unitid of a did that identifies the unit: the first
// of plain text with no @type, else the first of plain text, else the
// first that holds any. An empty one says nothing; a typed one (a guid, an
// ArchivesSpace uri) or one of markup (an ark link) before the call number
// is kept beside it.
func firstUnitid(did *node) *node {
	var plain, first *node
	if did == nil {
		return nil
	}
	for _, k := range did.kids {
		if k.name != "unitid" || norm(textOf(k, false)) == "" {
			continue
		}
		if len(k.elems()) == 0 {
			if k.peek("type") == "" {
				return k
			}
			if plain == nil {
				plain = k
			}
		}
		if first == nil {
			first = k
		}
	}
	if plain != nil {
		return plain
	}
	return first
}

// mainUnitid returns the unitid firstUnitid chooses among a did's, and
// keeps the others as raw EAD.
func (im *importer) mainUnitid(u *unitDesc, did *node) *node {
	main := firstUnitid(did)
	for _, id := range u.unitids {
		if id != main {
			u.rawDid = append(u.rawDid, id)
			im.keep(id, " in the did: a second unitid")
		}
	}
	return main
}

// slugID makes an id from a unitid: "9 Fi 1" gives "u-9-fi-1".
func slugID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 || b.Len() > 60 {
		return ""
	}
	return "u-" + b.String()
}

// outputID maps an id the EAD refers to onto the id it has in the output:
// a unit's, or an element kept whole; "" when it is not written.
func (im *importer) outputID(ref string) string {
	if id, ok := im.unitID[ref]; ok {
		return id
	}
	if id, ok := im.rawIDs[ref]; ok {
		return id
	}
	return ""
}

// unitInvFor returns the inventory number of the unit an EAD ref points
// at, for a reference in prose; "" when it has none.
func (im *importer) unitInvFor(target string) string {
	if n, ok := im.invByID[target]; ok {
		return strconv.Itoa(n)
	}
	return ""
}

// flattened reports an element whose markup was dropped and text kept.
func (im *importer) flattened(n *node) {
	what := n.name
	if n.name == "emph" {
		if r := n.attr("render"); r != "" {
			what += " render=" + r
		}
	}
	im.flat.add(what+" (its text kept, its markup not)", n.line, 0)
}

// noteOrder lists the note fields in the order the schema lists them,
// which is the order fonds fmt gives the fields of a unit or of the fonds.
var noteOrder = sync.OnceValue(func() []string {
	tree, err := schema.Tree()
	if err != nil {
		panic(fmt.Sprintf("importer: the built-in schema: %v", err))
	}
	var order []string
	for _, k := range tree.Pointer("#/definitions/component/properties").Keys {
		if model.IsNote(k) {
			order = append(order, k)
		}
	}
	return order
})

// isForm reports whether a physical form is one the schema allows in a
// unit's form (definitions/form's enum).
var isForm = sync.OnceValue(func() map[string]bool {
	tree, err := schema.Tree()
	if err != nil {
		panic(fmt.Sprintf("importer: the built-in schema: %v", err))
	}
	forms := map[string]bool{}
	for _, f := range tree.Pointer("#/definitions/form/enum").Strings() {
		forms[f] = true
	}
	return forms
})

// unitDesc collects what the did and the notes of a unit or of the fonds
// give, before it is written in the order of the sources.
type unitDesc struct {
	title      string
	titleLang  string // fonds's EAD: the title's language (@altrender="lang:rus")
	dates      []*yaml.Node
	unitids    []*node
	physdesc   []string
	forms      []string // fonds's EAD: physical forms
	extent     []string
	from       []*yaml.Node
	to         []*yaml.Node // fonds's EAD: addressees
	names      []*yaml.Node
	places     []*yaml.Node
	languages  []*yaml.Node
	containers []*yaml.Node
	links      []*yaml.Node

	// fonds's EAD: a title the encoder supplied (@type="editorial"), its
	// brackets taken off
	titleEditorial bool

	containerIDs map[string]string // a container's @id → its id in the sources
	notes        map[string]*yaml.Node
	rawDid       []*node
	rawHead      []*node
	rawAfter     []*node
	internal     bool
}

func newDesc() *unitDesc { return &unitDesc{notes: map[string]*yaml.Node{}} }

// did maps the children of a did.
func (im *importer) did(did *node, u *unitDesc, fonds bool) {
	titled := false
	for _, k := range did.kids {
		if k.name == "" {
			im.stray(k)
			continue
		}
		switch k.name {
		case "unittitle":
			if titled {
				u.rawDid = append(u.rawDid, k)
				im.keep(k, " in the did: a second title")
				continue
			}
			titled = true
			u.title = im.titleText(k, u)
			if im.fonds != nil {
				u.title, u.titleEditorial = editorialTitle(k, u.title)
			}
			if lang, ok := strings.CutPrefix(k.peek("altrender"), "lang:"); ok && im.fonds != nil {
				k.attr("altrender")
				u.titleLang = lang
			}
		case "unitid":
			if norm(textOf(k, false)) == "" && len(k.elems()) == 0 {
				markUsed(k)
				im.notKept.add("empty unitid (no text)", k.line, 0)
				continue
			}
			u.unitids = append(u.unitids, k)
		case "unitdate":
			im.date(k, u)
		case "physdesc":
			if im.fonds != nil {
				im.fondsPhysdesc(k, u)
				continue
			}
			im.physdesc(k, u, fonds)
		case "origination":
			im.origination(k, u, fonds)
		case "langmaterial":
			im.langmaterial(k, u)
		case "container":
			if fonds {
				u.rawDid = append(u.rawDid, k)
				im.keep(k, " in the did")
				continue
			}
			im.container(k, u)
		case "dao", "daogrp":
			if fonds {
				u.rawDid = append(u.rawDid, k)
				im.keep(k, " in the did")
				continue
			}
			im.dao(k, u)
		case "abstract":
			if im.fonds != nil && isEditorial(k) {
				// The encoder's note on the abstract, beside it.
				u.notes["abstract"] = withEditorial(u.notes["abstract"], im.fondsMarkdown(k.kids, inlineMode))
				if k.attr("audience") == "internal" {
					u.notes["abstract"] = internalNote(u.notes["abstract"])
				}
				markUsed(k)
				continue
			}
			if _, ok := u.notes["abstract"]; !ok && im.fonds != nil {
				u.notes["abstract"] = im.proseNode(k, im.fondsMarkdown(k.kids, inlineMode), "", "")
				im.rep.Notes++
				markUsed(k)
				continue
			}
			if _, ok := u.notes["abstract"]; ok {
				u.rawDid = append(u.rawDid, k)
				im.keep(k, " in the did: a second abstract")
				continue
			}
			if md, err := im.noteMarkdown(k.kids); err == nil && md != "" {
				u.notes["abstract"] = im.proseNode(k, md, "", "")
				im.rep.Notes++
				continue
			}
			u.rawDid = append(u.rawDid, k)
			im.keep(k, " in the did")
		case "repository":
			if fonds && im.repo.name == "" && im.repository(k) {
				continue
			}
			u.rawDid = append(u.rawDid, k)
			im.keep(k, " in the did")
		default: // head, physloc, materialspec, note, and what a vendor adds
			u.rawDid = append(u.rawDid, k)
			im.keep(k, " in the did")
		}
	}
}

// stray handles text standing where EAD allows only elements.
func (im *importer) stray(t *node) {
	if s := norm(t.text); s != "" {
		im.dropped.add("text outside any element", t.line, len([]rune(s)))
	}
	t.used = true
}

// titleText reads a unittitle: its text, with the names in it linked to
// the unit and the dates in it read as the unit's dates (their text then
// kept as the dates' wording, not in the title).
func (im *importer) titleText(t *node, u *unitDesc) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			switch k.name {
			case "":
				k.used = true
				b.WriteString(k.text)
			case "unitdate":
				im.date(k, u)
			case "persname", "corpname", "famname", "name":
				b.WriteString(textOf(k, true))
				if a := im.agent(k); a != nil {
					u.names = append(u.names, a)
				}
			case "geogname":
				b.WriteString(textOf(k, true))
				if id := im.names.ref("place", k); id != "" {
					u.places = append(u.places, str(id))
				}
			case "lb":
				b.WriteByte(' ')
			default:
				im.flattened(k)
				walk(k)
			}
		}
	}
	walk(t)
	return norm(b.String())
}

// agent returns the source value for a name element: the id of its
// authority record, or {text} for names fonds keeps no record of (family
// and untyped names).
func (im *importer) agent(k *node) *yaml.Node {
	if im.fonds != nil {
		return im.fondsAgent(k)
	}
	switch k.name {
	case "persname", "corpname":
		kind := "person"
		if k.name == "corpname" {
			kind = "body"
		}
		if id := im.names.ref(kind, k); id != "" {
			return str(id)
		}
		return nil
	}
	t := norm(textOf(k, true))
	if t == "" {
		return nil
	}
	if k.name == "famname" {
		im.repaired.add("famname written as a name with no authority record (fonds has no family records)", k.line, 0)
	}
	m := newMapping()
	m.str("text", t)
	return m.n
}

// date maps a unitdate.
func (im *importer) date(k *node, u *unitDesc) {
	text := textOf(k, true)
	for _, e := range k.elems() {
		im.flattened(e)
	}
	normal := k.attr("normal")
	d, ok := readEADDate(text, normal)
	if !ok {
		return
	}
	if normal != "" && d.how != "normal" {
		im.repaired.add(fmt.Sprintf("@normal %q cannot be read; the date is read from its text", normal), k.line, 0)
	}
	if d.how == "kept as written" {
		im.repaired.add("date fonds cannot read, kept as written with no normal form", k.line, 0)
	}
	if c := k.attr("certainty"); c != "" && !d.qualify(c, text) {
		im.notKept.add(fmt.Sprintf("@certainty=%q on unitdate (not approximate, uncertain or inferred, or a date that cannot take it)", c), k.line, 0)
	}
	switch t := k.attr("type"); t {
	case "bulk":
		d.typ = t
	case "inclusive", "":
	}
	im.defaultAttrs(k)
	im.rep.Dates++
	u.dates = append(u.dates, d.yaml())
}

// defaultAttrs marks the attributes whose value is the DTD's default as
// kept: writing them again would say nothing more.
func (im *importer) defaultAttrs(k *node) {
	for i := range k.attrs {
		a := &k.attrs[i]
		if a.space == "" && (a.name == "era" && a.value == "ce" || a.name == "calendar" && a.value == "gregorian") {
			a.used = true
		}
	}
}

// physdesc maps extents to extent, a physdesc of text alone to physdesc;
// the rest of a physdesc (dimensions, physfacet…) is kept whole.
func (im *importer) physdesc(k *node, u *unitDesc, fonds bool) {
	var rest []*node
	hasText := false
	for _, c := range k.kids {
		switch {
		case c.name == "extent":
			if t := norm(textOf(c, true)); t != "" {
				u.extent = append(u.extent, t)
			}
			for _, e := range c.elems() {
				im.flattened(e)
			}
		case c.name == "" && isSeparator(c.text):
			c.used = true
		case c.name == "":
			hasText = true
			rest = append(rest, c)
		default:
			rest = append(rest, c)
		}
	}
	if len(rest) == 0 {
		return
	}
	onlyText := true
	for _, c := range rest {
		if c.name != "" {
			onlyText = false
		}
	}
	if onlyText && hasText && (fonds || len(u.physdesc) == 0) {
		var b strings.Builder
		for _, c := range rest {
			b.WriteString(textOf(c, true))
		}
		if fonds {
			// The fonds has no physdesc field: a physdesc of words alone
			// is its extent statement.
			u.extent = append(u.extent, norm(b.String()))
		} else {
			u.physdesc = append(u.physdesc, norm(b.String()))
		}
		return
	}
	// Keep the physdesc with what is left of it.
	kept := &node{name: "physdesc", space: k.space, attrs: k.attrs, line: k.line, col: k.col, kids: rest}
	u.rawDid = append(u.rawDid, kept)
	im.keep(kept, " in the did: physical description beyond the extent")
	for i := range k.attrs {
		k.attrs[i].used = true
	}
}

// isSeparator reports text that only separates elements: punctuation and
// whitespace.
func isSeparator(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(" \t\r\n,;.:/-–", r) {
			return false
		}
	}
	return true
}

// certaintyMarks are the texts fonds writes around an uncertain name in
// an origination.
var certaintyMarks = map[string]bool{"[": true, "]": true, "probably": true}

// origination maps the names of the creators (from, on a unit). The
// fonds's creators keep the origination's label ("Creator", "Source"),
// without the colon some producers end it with; fonds's own EAD writes
// "Creator" when its sources give none, which says nothing.
func (im *importer) origination(k *node, u *unitDesc, fonds bool) {
	label := ""
	if fonds {
		label = strings.TrimRight(norm(k.attr("label")), ": ")
		if im.fonds != nil && label == "Creator" {
			label = ""
		}
	}
	for _, c := range k.kids {
		switch {
		case c.name == "":
			// fonds writes the marks of an uncertain name around its name
			// element, "[<persname>…</persname>]": @altrender says it too.
			if t := norm(c.text); t != "" && !isSeparator(c.text) && !(im.fonds != nil && certaintyMarks[t]) {
				m := newMapping()
				m.str("text", t)
				u.from = append(u.from, labelled(m.n, label))
			}
			c.used = true
		case c.is("persname", "corpname", "famname", "name"):
			if a := im.agent(c); a != nil {
				u.from = append(u.from, labelled(a, label))
			}
		default:
			im.flattened(c)
			if t := norm(textOf(c, true)); t != "" {
				m := newMapping()
				m.str("text", t)
				u.from = append(u.from, labelled(m.n, label))
			}
		}
	}
}

// labelled returns a creator with its label: {name: marx-karl, label:
// Creator}; the creator as it is when the label is "".
func labelled(n *yaml.Node, label string) *yaml.Node {
	if label == "" {
		return n
	}
	if n.Kind == yaml.ScalarNode {
		m := newMapping()
		m.str("name", n.Value)
		n = m.n
	}
	(mapping{n}).str("label", label)
	n.Style = yaml.FlowStyle
	return n
}

// langmaterial maps the languages with their codes; prose around them
// becomes the language note.
func (im *importer) langmaterial(k *node, u *unitDesc) {
	prose := false
	var langs []*node
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.kids {
			switch {
			case c.name == "":
				if !isSeparator(c.text) {
					prose = true
				}
			case c.name == "language":
				langs = append(langs, c)
			default:
				prose = true
				walk(c)
			}
		}
	}
	walk(k)
	for _, l := range langs {
		code := l.attr("langcode")
		script := l.attr("scriptcode")
		name := norm(textOf(l, !prose))
		if !schemaCodes().lang[code] {
			prose = true
			if code != "" {
				im.repaired.add(fmt.Sprintf("language code %q is not ISO 639-2: the language is kept in the language note", code), l.line, 0)
			}
			continue
		}
		if script != "" && !schemaCodes().script[script] {
			im.repaired.add(fmt.Sprintf("script code %q is not ISO 15924: kept in the language note", script), l.line, 0)
			script = ""
			prose = true
		}
		if name == "" && script == "" {
			u.languages = append(u.languages, str(code))
			continue
		}
		if im.fonds != nil && name == iso.Language(code) {
			name = "" // the name fonds writes for the code
		}
		if name == "" && script == "" {
			u.languages = append(u.languages, str(code))
			continue
		}
		m := newMapping()
		m.str("code", code)
		m.str("script", script)
		m.str("name", name)
		m.n.Style = yaml.FlowStyle
		u.languages = append(u.languages, m.n)
	}
	if !prose {
		markUsed(k)
		return
	}
	if im.fonds != nil && len(langs) == 0 && isEditorial(k) {
		u.notes["language_note"] = withEditorial(u.notes["language_note"], im.fondsMarkdown(k.kids, inlineMode))
		if k.attr("audience") == "internal" {
			u.notes["language_note"] = internalNote(u.notes["language_note"])
		}
		markUsed(k)
		return
	}
	if _, taken := u.notes["language_note"]; !taken && im.fonds != nil && len(langs) == 0 {
		u.notes["language_note"] = im.proseNode(k, im.fondsMarkdown(k.kids, inlineMode), "", "")
		im.rep.Notes++
		markUsed(k)
		return
	}
	if _, taken := u.notes["language_note"]; !taken {
		if md, err := im.noteMarkdown(k.kids); err == nil && md != "" {
			u.notes["language_note"] = im.proseNode(k, md, "", "")
			im.rep.Notes++
			return
		}
	}
	u.rawDid = append(u.rawDid, k)
	im.keep(k, " in the did")
}

// container maps a container with a type; one without is kept whole.
func (im *importer) container(k *node, u *unitDesc) {
	typ := k.attr("type")
	val := norm(textOf(k, false))
	if typ == "" || val == "" || len(k.elems()) > 0 {
		u.rawDid = append(u.rawDid, k)
		im.keep(k, " in the did: a container with no type or value")
		return
	}
	textOf(k, true)
	m := newMapping()
	m.str("type", typ)
	m.str("value", val)
	m.str("label", norm(k.attr("label")))
	// A box/folder pair: the folder names the box's @id as its @parent.
	if in := k.attr("id"); in != "" {
		id, changed := im.ids.repair(in)
		if changed {
			im.repaired.add(fmt.Sprintf("container id %q made a valid, unique XML id %q", in, id), k.line, 0)
		}
		im.rawIDs[in] = id
		if u.containerIDs == nil {
			u.containerIDs = map[string]string{}
		}
		u.containerIDs[in] = id
		m.str("id", id)
	}
	if p := k.attr("parent"); p != "" {
		if id, ok := u.containerIDs[p]; ok {
			m.str("parent", id)
		} else {
			im.notKept.add("@parent on container (it names no container of the unit before it)", k.line, 0)
		}
	}
	m.n.Style = yaml.FlowStyle
	u.containers = append(u.containers, m.n)
}

// dao maps digital objects to links: a dao gives one, a daogrp one per
// daoloc. A daodesc's words become the link's text (the daogrp's go to
// its first link); @title stays the title. A digital object fonds cannot
// write as a link (no address, one a browser would run, markup in its
// description) is kept whole.
func (im *importer) dao(k *node, u *unitDesc) {
	locs := []*node{k}
	var groupDesc *node
	if k.name == "daogrp" {
		locs = nil
		other := false
		for _, c := range k.kids {
			switch {
			case c.name == "daoloc":
				locs = append(locs, c)
			case c.name == "daodesc" && groupDesc == nil:
				groupDesc = c
			case c.name == "" && norm(c.text) == "":
			case c.name == "resource", c.name == "arc":
				// XLink's extended-link plumbing: it says nothing a
				// reader sees.
			default:
				other = true
			}
		}
		if other {
			locs = nil // a group holding more: kept whole, below
		}
	}
	keep := func(why string) {
		u.rawDid = append(u.rawDid, k)
		im.keep(k, " in the did"+why)
	}
	if len(locs) == 0 {
		keep(": a digital object group fonds cannot write as links")
		return
	}
	for _, l := range locs {
		if l.attr("href") == "" {
			keep(": a digital object with no address")
			return
		}
		// An address fonds check refuses as a link (javascript:, a
		// reference) stays in the EAD as written, and is reported.
		if msg := prose.CheckLinkTarget(l.attr("href")); msg != "" {
			keep(": " + msg)
			return
		}
		if d := l.child("daodesc"); d != nil && !plainDesc(d) {
			keep(": a description with markup")
			return
		}
	}
	if groupDesc != nil && !plainDesc(groupDesc) || k.name == "dao" && len(k.elems()) > 0 && k.child("daodesc") == nil {
		keep(": a description with markup")
		return
	}
	for i, l := range locs {
		m := newMapping()
		m.str("href", l.attr("href"))
		title := l.attr("title")
		if title == "" && i == 0 {
			title = k.attr("title") // a daogrp's
		}
		m.str("title", norm(title))
		m.str("role", l.attr("role"))
		var text []string
		if i == 0 && groupDesc != nil {
			text = append(text, im.descText(groupDesc))
		}
		if d := l.child("daodesc"); d != nil {
			text = append(text, im.descText(d))
		}
		m.str("text", strings.TrimSpace(strings.Join(text, " ")))
		if l.space == "" {
			for _, a := range l.attrs {
				if a.space == "" && a.name == "href" {
					im.repaired.add("DTD-style @href on "+l.name+" written as xlink:href", l.line, 0)
				}
			}
		}
		for _, a := range []string{"show", "actuate", "linktype", "type"} {
			l.attr(a) // fonds writes its own: new window, on request, simple
		}
		m.n.Style = yaml.FlowStyle
		u.links = append(u.links, m.n)
	}
	for _, a := range []string{"show", "actuate", "linktype", "type"} {
		k.attr(a)
	}
	markUsed(k)
}

// descText is the words of a daodesc, its emphasis reported as flattened.
func (im *importer) descText(d *node) string {
	for _, p := range d.elems() {
		for _, e := range p.elems() {
			im.flattened(e)
		}
	}
	return norm(textOf(d, true))
}

// plainDesc reports whether a daodesc holds words fonds keeps as a link's
// text: paragraphs of text, with no markup of their own.
func plainDesc(d *node) bool {
	for _, c := range d.kids {
		switch {
		case c.name == "":
		case c.name == "p" || c.name == "head":
			for _, t := range c.kids {
				if t.name != "" && !t.is("emph", "lb") {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// repository maps the fonds's repository; false when it holds more than
// fonds models.
func (im *importer) repository(k *node) bool {
	rep := &im.repo
	var name string
	var addr []string
	url, email := "", ""
	for _, c := range k.kids {
		switch {
		case c.name == "" && norm(c.text) == "":
		case c.name == "":
			if name != "" {
				return false
			}
			name = norm(c.text)
		case c.is("corpname", "name") && name == "":
			name = norm(textOf(c, false))
			if len(c.elems()) > 0 {
				return false
			}
		case c.name == "address":
			for _, l := range c.kids {
				switch {
				case l.name == "" && norm(l.text) == "":
				case l.name == "addressline" && len(l.elems()) == 0:
					addr = append(addr, norm(textOf(l, false)))
				case l.name == "addressline" && len(l.elems()) == 1 && l.elems()[0].is("extptr", "extref") &&
					url == "" && strings.HasPrefix(l.elems()[0].attr("href"), "http") && norm(textOf(l.elems()[0], false)) == "":
					// "URL: <extptr href=…/>": the line's words, and the address as the url.
					url = l.elems()[0].attr("href")
					if t := norm(textOf(l, false)); t != "" {
						addr = append(addr, t)
					}
				default:
					return false
				}
			}
		case c.is("extref", "extptr") && url == "" && strings.HasPrefix(c.attr("href"), "http"):
			url = c.attr("href")
			if norm(textOf(c, false)) != "" && norm(textOf(c, false)) != url {
				return false
			}
		case c.is("extref", "extptr") && email == "" && strings.HasPrefix(c.attr("href"), "mailto:"):
			// fonds writes the repository's email so: <extref
			// xlink:href="mailto:desk@…">desk@…</extref>.
			email = strings.TrimPrefix(c.attr("href"), "mailto:")
			if t := norm(textOf(c, false)); t != "" && t != email || !validEmail(email) {
				return false
			}
		default:
			return false
		}
	}
	if name == "" {
		return false
	}
	markUsed(k)
	rep.name = name
	rep.address = addr
	rep.url = url
	rep.email = email
	return true
}

// validEmail reports whether s is an address the sources' schema takes:
// one @, with something on either side and no spaces or angle brackets.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at == strings.LastIndexByte(s, '@') && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>")
}

// proseNode writes a note: its Markdown, with its head, the encoder's
// note on it (editorial, fonds's EAD only) and its audience.
func (im *importer) proseNode(k *node, md, head, editorial string) *yaml.Node {
	internal := k.attr("audience") == "internal"
	if head == "" && !internal && editorial == "" {
		return str(md)
	}
	m := newMapping()
	m.str("head", head)
	m.str("text", md)
	m.str("editorial", editorial)
	if internal {
		m.set("internal", boolNode(true))
	}
	return m.n
}

// note maps one descriptive note into its field, as Markdown; a note that
// Markdown cannot hold, or a second note of the same kind, is kept whole.
func (im *importer) note(k *node, u *unitDesc, where string) {
	field := ead.NoteOfTag(k.name, k.attr("type"))
	if _, taken := u.notes[field]; taken || field == "" {
		u.rawAfter = append(u.rawAfter, k)
		im.keep(k, where)
		return
	}
	head := ""
	var body []*node
	for i, c := range k.kids {
		if c.name == "head" && head == "" && onlyBlankBefore(k.kids[:i]) {
			head = norm(textOf(c, false))
			continue
		}
		body = append(body, c)
	}
	var md, editorial string
	var err error
	if im.fonds != nil {
		body, editorial = im.fondsEditorial(body, k.name)
		md = im.fondsMarkdown(body, blockMode)
		if n, ok := present.NoteNamed(field); ok && head == n.Heading {
			head = "" // the heading fonds gives the note
		}
		k.attr("encodinganalog")
	} else {
		md, err = im.noteMarkdown(body)
	}
	if err != nil || md == "" && editorial == "" {
		u.rawAfter = append(u.rawAfter, k)
		im.keep(k, where)
		return
	}
	if h := k.child("head"); h != nil {
		textOf(h, true)
		for _, e := range h.elems() {
			im.flattened(e)
		}
	}
	u.notes[field] = im.proseNode(k, md, head, editorial)
	im.rep.Notes++
	if t := k.attr("type"); t != "" && field != "conventions" {
		im.notKept.add("@type on "+k.name, k.line, 0)
	}
}

func onlyBlankBefore(list []*node) bool {
	for _, n := range list {
		if n.name != "" || norm(n.text) != "" {
			return false
		}
	}
	return true
}

// controlaccess maps access points: names to authority records (linked
// from the unit), subjects and genres of the fonds to its headings; the
// rest, and any group with a heading, is kept whole.
func (im *importer) controlaccess(k *node, u *unitDesc, isFonds bool) {
	if k.child("head") != nil && !im.opt.UnwrapGroups {
		u.rawAfter = append(u.rawAfter, k)
		im.keep(k, ": access points under a heading")
		return
	}
	var rest []*node
	for _, c := range k.kids {
		switch {
		case c.name == "":
			if norm(c.text) != "" {
				rest = append(rest, c)
			} else {
				c.used = true
			}
		case c.name == "head":
			im.dropElem(c, "heading of a group of access points (unwrapped)")
		case c.is("persname", "corpname"):
			if a := im.agent(c); a != nil && !isFonds {
				u.names = append(u.names, a)
			}
		case c.name == "geogname":
			if id := im.names.ref("place", c); id != "" && !isFonds {
				u.places = append(u.places, str(id))
			}
		case c.name == "subject" && isFonds:
			if t := norm(textOf(c, true)); t != "" {
				im.subjects = append(im.subjects, t)
			}
		case c.name == "genreform" && isFonds:
			if t := norm(textOf(c, true)); t != "" {
				im.genres = append(im.genres, t)
			}
		case c.name == "controlaccess":
			im.controlaccess(c, u, isFonds)
		default:
			rest = append(rest, c)
		}
	}
	if len(rest) > 0 {
		kept := &node{name: "controlaccess", space: k.space, attrs: k.attrs, line: k.line, col: k.col, kids: rest}
		u.rawAfter = append(u.rawAfter, kept)
		im.keep(kept, ": access points with no field in fonds")
	}
}

// write puts a unit's description into m in the order of the sources, and
// its raw EAD into f (made when needed); the caller writes the ead field.
func (im *importer) write(m mapping, u *unitDesc, wrapDid []string, f *rawField) *rawField {
	switch {
	case u.title != "" && (u.titleLang != "" || u.titleEditorial):
		t := newMapping()
		t.str("text", u.title)
		t.str("lang", u.titleLang)
		if u.titleEditorial {
			t.set("editorial", boolNode(true))
		}
		t.n.Style = yaml.FlowStyle
		m.set("title", t.n)
	case u.title != "":
		m.str("title", u.title)
	}
	switch len(u.dates) {
	case 0:
	case 1:
		m.set("dates", u.dates[0])
	default:
		m.set("dates", seq(u.dates...))
	}
	if len(u.forms) > 0 {
		m.set("form", flowSeq(strNodes(u.forms)...))
	}
	if len(u.physdesc) > 0 {
		m.str("physdesc", strings.Join(u.physdesc, "; "))
	}
	m.set("extent", strList(u.extent))
	m.set("from", nameList(u.from))
	m.set("to", nameList(u.to))
	m.set("names", nameList(u.names))
	m.set("places", nameList(u.places))
	if len(u.languages) > 0 {
		m.set("languages", flowSeq(u.languages...))
	}
	if len(u.containers) > 0 {
		m.set("containers", seq(u.containers...))
	}
	if len(u.links) > 0 {
		m.set("links", seq(u.links...))
	}
	if u.internal {
		m.set("internal", boolNode(true))
	}
	for _, f := range noteOrder() {
		m.set(f, u.notes[f])
	}
	if len(u.rawHead)+len(u.rawDid)+len(u.rawAfter) == 0 {
		return f
	}
	if f == nil {
		f = &rawField{node: str("")}
	}
	if len(u.rawHead) > 0 {
		f.parts = append(f.parts, rawPart{elems: u.rawHead})
	}
	if len(u.rawDid) > 0 {
		f.parts = append(f.parts, rawPart{wrap: wrapDid, elems: u.rawDid})
	}
	if len(u.rawAfter) > 0 {
		f.parts = append(f.parts, rawPart{elems: u.rawAfter})
	}
	return f
}

func strList(list []string) *yaml.Node {
	switch len(list) {
	case 0:
		return nil
	case 1:
		return str(list[0])
	}
	var items []*yaml.Node
	for _, s := range list {
		items = append(items, str(s))
	}
	return seq(items...)
}

func nameList(list []*yaml.Node) *yaml.Node {
	switch len(list) {
	case 0:
		return nil
	case 1:
		return list[0]
	}
	short := true
	for _, n := range list {
		if n.Kind != yaml.ScalarNode {
			short = false
		}
	}
	if short {
		return flowSeq(list...)
	}
	return seq(list...)
}
