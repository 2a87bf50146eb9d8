package load

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Decode builds the model of a finding aid from its parsed sources. It is
// lenient about shapes the schema rejects (those are reported by package
// validate) and strict about values: dates that cannot exist, inventory
// ranges that cannot be read. It drops each Doc's tree (Root) once the file
// is decoded, so that the trees of a large finding aid's files go while
// its model grows; the Docs keep their names and bytes.
func Decode(set *Set) (*model.Archive, source.List) {
	for _, n := range set.nodes {
		if n.frag == nil {
			n.frag = decodeFile(n)
		}
	}
	return set.stitch()
}

// A fragment is the part of the model that one file holds, decoded on its
// own: the components of a file of units, with holes where the files they
// include go, or the records of an authorities, reels or chronology file.
type fragment struct {
	fonds   *model.Fonds       // of fonds.yaml
	units   []*model.Component // of a series file (one) or a file of parts
	records model.Archive      // of an authorities, reels or chronology file
	holes   []hole             // in the order the includes are written
	pending []*model.Component // whose level depends on what their includes hold
	count   int                // components decoded
	diags   source.List
}

// A hole is where an included file's units go: a nil in the contents of
// owner (nil: the top list of the file, fonds.yaml's contents or a file of
// parts), to be filled by the fragment of the mention child.
type hole struct {
	owner *model.Component
	child *node
}

// decodeFile decodes the file of n into a fragment, and drops its tree.
func decodeFile(n *node) *fragment {
	f := &fragment{}
	doc := n.doc
	if doc == nil || doc.Root == nil {
		return f
	}
	d := &decoder{doc: doc, frag: f, diags: &f.diags}
	for _, c := range n.children {
		if c.entry != nil {
			if d.includes == nil {
				d.includes = map[*yaml.Node]*node{}
			}
			d.includes[c.entry] = c
		}
	}
	d.units = make([]model.Component, d.countUnits(doc))
	switch doc.Kind {
	case KindFonds:
		f.fonds = d.fonds(doc.Root)
	case KindSeries:
		f.units = []*model.Component{d.component(doc.Root, "", nil)}
	case KindParts:
		f.units = d.contents(doc.Root, "", nil)
	case KindAuthorities:
		decodeMap(d, doc.Root, "", &f.records, authoritiesTable)
	case KindReels:
		decodeMap(d, doc.Root, "", &f.records, reelsTable)
	case KindChronology:
		decodeMap(d, doc.Root, "", &f.records, chronologyTable)
	}
	doc.Root = nil
	for _, c := range n.children {
		c.entry = nil // a node of the tree just dropped
	}
	return f
}

// stitch puts the fragments of the files read together into the model:
// each included file's units where it is included, the records of the
// authorities, reels and chronology in the order the files are named.
func (s *Set) stitch() (*model.Archive, source.List) {
	a := &model.Archive{Dir: s.Dir}
	var diags source.List
	for _, doc := range s.Docs {
		a.Files = append(a.Files, doc.Name)
	}
	for _, n := range s.nodes {
		if n.frag != nil {
			diags.Append(n.frag.diags)
		}
	}
	if len(s.nodes) == 0 || s.nodes[0].frag == nil || s.nodes[0].frag.fonds == nil {
		return a, diags
	}
	count := 0
	a.Fonds = s.nodes[0].frag.fonds
	fill(s.nodes[0].frag, &count)
	for _, n := range s.nodes[1:] {
		if n.frag == nil {
			continue
		}
		r := &n.frag.records
		a.People = append(a.People, r.People...)
		a.Bodies = append(a.Bodies, r.Bodies...)
		a.Places = append(a.Places, r.Places...)
		a.Reels = append(a.Reels, r.Reels...)
		a.Events = append(a.Events, r.Events...)
	}
	for _, n := range s.nodes {
		n.frag = nil // in the model now
	}
	place(a.Fonds.Contents, nil)
	if count > s.opt.MaxComponents {
		diags.Errorf(source.Pos{File: s.Docs[0].Name}, "", "%d components; the limit is %d", count, s.opt.MaxComponents)
	}
	return a, diags
}

// fill fills the holes of f with the units of the files included there,
// themselves filled, and adds the components it holds to count.
func fill(f *fragment, count *int) {
	*count += f.count
	if len(f.holes) > 0 {
		var owners []*model.Component
		byOwner := map[*model.Component][]hole{}
		for _, h := range f.holes {
			if _, ok := byOwner[h.owner]; !ok {
				owners = append(owners, h.owner)
			}
			byOwner[h.owner] = append(byOwner[h.owner], h)
		}
		for _, o := range owners {
			list := &f.units
			switch {
			case o != nil:
				list = &o.Children
			case f.fonds != nil:
				list = &f.fonds.Contents
			}
			holes := byOwner[o]
			out := make([]*model.Component, 0, len(*list))
			for _, c := range *list {
				if c != nil {
					out = append(out, c)
					continue
				}
				h := holes[0]
				holes = holes[1:]
				if cf := h.child.frag; h.child.first && cf != nil {
					fill(cf, count)
					out = append(out, cf.units...)
				}
			}
			*list = out
		}
	}
	for _, c := range f.pending {
		defaultLevel(c)
	}
}

// place sets the parent and the depth of every component under parent,
// across the files they were decoded from.
func place(list []*model.Component, parent *model.Component) {
	depth := 1
	if parent != nil {
		depth = parent.Depth + 1
	}
	for _, c := range list {
		c.Parent, c.Depth = parent, depth
		place(c.Children, c)
	}
}

type decoder struct {
	doc      *Doc
	frag     *fragment
	diags    *source.List
	includes map[*yaml.Node]*node // the mention each include entry of the file makes
	units    []model.Component    // for the file's units, allocated at once (see countUnits)
	words    map[string]string    // see intern
	lists    map[string][]string  // see wordList
	// creatorLabels are the labels of the fonds's creators, by creator.
	creatorLabels map[*model.Agent]string
}

// intern returns s, or the same string met before in the file. The values
// a file repeats (the names its units cite, their forms, levels, language
// codes and container types) are then kept once each, not once per unit:
// each scalar of the YAML tree is a string of its own, and the tree is let
// go once the file is decoded. The table is the file's, so that the
// workers that decode files at once share no lock.
func (d *decoder) intern(s string) string {
	if s == "" {
		return s
	}
	if w, ok := d.words[s]; ok {
		return w
	}
	if d.words == nil {
		d.words = map[string]string{}
	}
	d.words[s] = s
	return s
}

// word is the string of a scalar, interned.
func (d *decoder) word(n *yaml.Node) string { return d.intern(str(n)) }

// countUnits counts the units written in the file of doc, so that they
// take one allocation, each exactly its size, rather than one each.
func (d *decoder) countUnits(doc *Doc) int {
	var count func(list *yaml.Node) int
	count = func(list *yaml.Node) int {
		n := 0
		for _, e := range items(list) {
			if e.Kind == yaml.MappingNode && d.includes[e] == nil && mapValue(e, "include") == nil {
				n += 1 + count(mapValue(e, "contents"))
			}
		}
		return n
	}
	switch doc.Kind {
	case KindFonds:
		return count(mapValue(doc.Root, "contents"))
	case KindSeries:
		return 1 + count(mapValue(doc.Root, "contents"))
	case KindParts:
		return count(doc.Root)
	}
	return 0
}

// newUnit returns a unit of the file: the next of those counted, or one
// of its own past them (a misspelt contents, decoded as contents, is not
// counted).
func (d *decoder) newUnit() *model.Component {
	if len(d.units) == 0 {
		return new(model.Component)
	}
	c := &d.units[0]
	d.units = d.units[1:]
	return c
}

func (d *decoder) pos(n *yaml.Node) source.Pos { return nodePos(d.doc.Name, n) }

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// items returns the elements of a sequence, or the node itself when one
// value stands where a list may, aliases followed. The list returned may be
// the sequence's own: it is read, never changed.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	switch {
	case n == nil || n.Tag == "!!null":
		return nil
	case n.Kind == yaml.SequenceNode:
		for i, e := range n.Content {
			if e.Kind == yaml.AliasNode {
				// Only then a list of its own: most lists have no alias.
				out := make([]*yaml.Node, len(n.Content))
				copy(out, n.Content[:i])
				for j := i; j < len(out); j++ {
					out[j] = deref(n.Content[j])
				}
				return out
			}
		}
		return n.Content
	}
	return []*yaml.Node{n}
}

func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func strs(n *yaml.Node) []string {
	var out []string
	for _, e := range items(n) {
		if s := str(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// wordList is strs, interned, and the list itself too: the units of a
// file that give the same forms share one list (of capacity its length, so
// that an append copies it).
func (d *decoder) wordList(n *yaml.Node) []string {
	out := strs(n)
	if len(out) == 0 {
		return nil
	}
	key := out[0]
	if len(out) > 1 {
		key = strings.Join(out, "\x00")
	}
	if l, ok := d.lists[key]; ok {
		return l
	}
	for i, s := range out {
		out[i] = d.intern(s)
	}
	if d.lists == nil {
		d.lists = map[string][]string{}
	}
	out = slices.Clip(out)
	d.lists[key] = out
	return out
}

func boolean(n *yaml.Node) bool { return n != nil && n.ShortTag() == "!!bool" && n.Value == "true" }

func elem(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (d *decoder) text(n *yaml.Node, tab *table[model.Text]) model.Text {
	t := model.Text{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		decodeMap(d, n, "", &t, tab)
		return t
	}
	t.Value = str(n)
	return t
}

func (d *decoder) prose(n *yaml.Node) model.Prose {
	p := model.Prose{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		decodeMap(d, n, "", &p, proseTable)
		return p
	}
	p.Text = str(n)
	d.bodyPos(n, &p)
	return p
}

// bodyPos records where the text of a block scalar starts, so that a
// problem inside Markdown can be reported at its own line and column.
func (d *decoder) bodyPos(n *yaml.Node, p *model.Prose) {
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		// The text starts on the line after the indicator; its indentation
		// is that of its first line that is not blank.
		p.Literal = true
		p.Pos = source.Pos{File: d.doc.Name, Line: n.Line + 1, Col: 1}
		for l := n.Line + 1; ; l++ {
			t, ok := d.doc.lineBytes(l)
			if !ok {
				break
			}
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			p.Indent = int32(1 + len(t) - len(bytes.TrimLeft(t, " ")))
			p.Pos.Col = int(p.Indent)
			break
		}
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		p.Indent = int32(n.Column + 1)
	case n.Style&yaml.FoldedStyle == 0:
		p.Indent = int32(n.Column)
	}
}

// date decodes a date written as text or as {date, expression}.
func (d *decoder) date(n *yaml.Node, at dataPath) (model.Date, bool) {
	dt, _, ok := d.dateWith(n, at, writtenDateTable)
	return dt, ok
}

// dateWith decodes a date through tab when it is a mapping, and returns
// the type that the mapping gives it ("bulk").
func (d *decoder) dateWith(n *yaml.Node, at dataPath, tab *table[dateForm]) (model.Date, string, bool) {
	if n.Kind == yaml.MappingNode {
		var f dateForm
		decodeMap(d, n, at.String(), &f, tab)
		if f.date == nil {
			return model.Date{Pos: d.pos(n), Expression: f.expression}, f.typ, f.expression != ""
		}
		dt, ok := d.dateText(f.date, f.dateWhere)
		dt.Expression = f.expression
		return dt, f.typ, ok
	}
	dt, ok := d.dateText(n, at)
	return dt, "", ok
}

// dateText reads a date written as text.
func (d *decoder) dateText(n *yaml.Node, at dataPath) (model.Date, bool) {
	md := model.Date{Pos: d.pos(n)}
	s := str(n)
	if s == "" {
		return md, false
	}
	if t := n.ShortTag(); t != "!!str" && t != "!!int" && t != "!!timestamp" {
		return md, false // a number such as 1933.01, or true: the schema refuses its type
	}
	parsed, err := edtf.Parse(s)
	if err != nil {
		msg := err.Error()
		if e, ok := err.(*edtf.Error); ok {
			msg = fmt.Sprintf("date %q: %s", s, e.Msg)
		}
		d.diags.Errorf(d.pos(n), at.String(), "%s", msg)
		return md, false
	}
	md.Date = parsed
	return md, true
}

func (d *decoder) dates(n *yaml.Node, at dataPath) []model.Date {
	var out []model.Date
	seq := deref(n).Kind == yaml.SequenceNode
	for i, e := range items(n) {
		p := at
		if seq {
			p = at.elem(i)
		}
		if dt, typ, ok := d.dateWith(e, p, unitDateTable); ok {
			dt.Bulk = typ == "bulk"
			out = append(out, dt)
		}
	}
	return out
}

func (d *decoder) agents(n *yaml.Node, at dataPath, role model.Role) []*model.Agent {
	if role == model.Sender || role == model.Addressee {
		// The inventory brackets senders and addressees it supplied.
		d.checkOneBracketed(n, at)
	}
	var out []*model.Agent
	seq := deref(n).Kind == yaml.SequenceNode
	flow := seq && deref(n).Style&yaml.FlowStyle != 0
	var prev *model.Agent // the previous item, when unquoted in flow style
	for i, e := range items(n) {
		p := at
		if seq {
			p = at.elem(i)
		}
		// The agent keeps no data path: resolve finds it from the
		// position when it reports a problem (load.Set.PathAt).
		a := &model.Agent{Pos: d.pos(e), Role: role}
		if e.Kind == yaml.MappingNode && role == model.Creator {
			decodeMap(d, e, p.String(), a, creatorTable)
		} else if e.Kind == yaml.MappingNode {
			decodeMap(d, e, p.String(), a, agentTable)
		} else {
			a.Name, a.Certainty = ParseCertainty(str(e))
			a.Name = d.intern(a.Name)
		}
		if a.Name == "" {
			prev = nil
			continue
		}
		if flow && plain(e) {
			if prev != nil {
				prev.Next = a
			}
			prev = a
		} else {
			prev = nil
		}
		out = append(out, a)
	}
	return out
}

// ParseCertainty reads the inventory's conventions for an uncertain name:
// "[Crux]" (solved by the cataloguer) and "probably Crux".
func ParseCertainty(s string) (name string, certainty model.Certainty) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		return strings.TrimSpace(s[1 : len(s)-1]), model.Bracketed
	case len(s) >= len("probably ") && strings.EqualFold(s[:len("probably ")], "probably "):
		return strings.TrimSpace(s[len("probably "):]), model.Probable
	}
	return s, model.Certain
}

func (d *decoder) languages(n *yaml.Node) []model.Language {
	var out []model.Language
	for _, e := range items(n) {
		l := model.Language{Pos: d.pos(e)}
		if e.Kind == yaml.MappingNode {
			decodeMap(d, e, "", &l, languageTable)
		} else {
			l.Code = d.word(e)
		}
		if l.Code != "" {
			out = append(out, l)
		}
	}
	return out
}

func (d *decoder) extent(n *yaml.Node) []model.Extent {
	var out []model.Extent
	for _, e := range items(n) {
		if s := str(e); s != "" {
			out = append(out, model.Extent{Pos: d.pos(e), Value: s})
		}
	}
	return out
}

// raw reads an ead field: its text, and where it stands for positions
// inside it.
func (d *decoder) raw(n *yaml.Node) (string, model.Prose) {
	p := model.Prose{Pos: d.pos(n), Text: str(n)}
	d.bodyPos(n, &p)
	return p.Text, p
}

func (d *decoder) fonds(n *yaml.Node) *model.Fonds {
	f := &model.Fonds{Pos: d.pos(n), Level: "fonds"}
	decodeMap(d, n, "", f, fondsTable)
	return f
}

// contents decodes a list of components, leaving a hole (a nil) where a
// file is included.
func (d *decoder) contents(n *yaml.Node, path string, parent *model.Component) []*model.Component {
	var out []*model.Component
	for i, e := range items(n) {
		if e.Kind != yaml.MappingNode {
			continue
		}
		if child := d.includes[e]; child != nil {
			out = append(out, nil)
			d.frag.holes = append(d.frag.holes, hole{owner: parent, child: child})
			continue
		}
		if mapValue(e, "include") != nil {
			continue // an include that could not be read; reported by Parse
		}
		out = append(out, d.component(e, elem(path, i), parent))
	}
	return out
}

// component decodes a component. Its parent and depth are set by place,
// once the files are stitched together.
func (d *decoder) component(n *yaml.Node, path string, parent *model.Component) *model.Component {
	d.frag.count++
	c := d.newUnit()
	c.Pos, c.Parent = d.pos(n), parent
	decodeMap(d, n, path, c, componentTable)
	if c.Level == "" {
		if slices.Contains(c.Children, nil) {
			d.frag.pending = append(d.frag.pending, c) // see fill
		} else {
			defaultLevel(c)
		}
	}
	if c.Level == "country" && c.OtherLevel() == "" {
		c.OwnDetails().OtherLevel = "country file"
	}
	if c.ID == "" && c.Inv != 0 {
		c.ID = "inv-" + strconv.Itoa(c.Inv)
	}
	return c
}

// defaultLevel gives a component written without a level its level: an
// item if it has an inventory number and no components, else a file.
func defaultLevel(c *model.Component) {
	c.Level = "file"
	if c.Inv != 0 && len(c.Children) == 0 {
		c.Level = "item"
	}
}

func (d *decoder) person(n *yaml.Node, path string) *model.Person {
	p := &model.Person{Record: model.Record{Pos: d.pos(n)}}
	decodeMap(d, n, path, p, personTable)
	return p
}

// reelItems decodes the inventory numbers on a reel: a number, a range, a
// list of them, or several in one string ("735-736, 737").
func (d *decoder) reelItems(r *model.Reel, v *yaml.Node, path string) {
	seq := v.Kind == yaml.SequenceNode
	for j, e := range items(v) {
		p := path
		if seq {
			p = elem(path, j)
		}
		if e.ShortTag() == "!!int" || e.ShortTag() == "!!float" {
			if no, ok := d.number(e, p, invNumber); ok {
				r.Ranges = append(r.Ranges, model.Range{Pos: d.pos(e), Path: p, From: no, To: no})
			} else {
				r.Unread = true
			}
			continue
		}
		// "735-736, 737" in one string is a list too.
		for _, part := range strings.Split(str(e), ",") {
			rg, err := ParseRange(part)
			if err != nil {
				r.Unread = true
				if rangesForm.MatchString(str(e)) {
					// Else the schema has said so.
					d.diags.Errorf(d.pos(e), p, "%s", err)
				}
				break
			}
			rg.Pos, rg.Path = d.pos(e), p
			r.Ranges = append(r.Ranges, rg)
		}
	}
}

// rangesForm is the schema's pattern for the items of a reel.
var rangesForm = regexp.MustCompile(`^\s*[0-9]+\s*([-\x{2013}\x{2014}]\s*[0-9]+\s*)?(,\s*[0-9]+\s*([-\x{2013}\x{2014}]\s*[0-9]+\s*)?)*$`)

// dashes are the dashes a range may be written with, as a hyphen.
var dashes = strings.NewReplacer("\u2013", "-", "\u2014", "-")

// ParseRange reads an inventory number (723) or a range (723-724, or with
// the en or em dash that text copied from a PDF or a word processor has).
func ParseRange(s string) (model.Range, error) {
	s = strings.TrimSpace(s)
	a, b, isRange := strings.Cut(dashes.Replace(s), "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to := from
	var err2 error
	if isRange {
		to, err2 = strconv.Atoi(strings.TrimSpace(b))
	}
	if err1 != nil || err2 != nil || from < 1 || to < 1 {
		if rangesForm.MatchString(s) {
			return model.Range{}, fmt.Errorf("%q is out of range: inventory numbers run from 1 to %d", s, MaxNumber)
		}
		return model.Range{}, fmt.Errorf("cannot read %q as an inventory number or range such as 723-724", s)
	}
	if from > MaxNumber || to > MaxNumber {
		return model.Range{}, fmt.Errorf("%q is out of range: inventory numbers run from 1 to %d", s, MaxNumber)
	}
	return model.Range{From: from, To: to}, nil
}

// Slug turns a name into the tail of an identifier: lower case ASCII
// letters and digits, the words separated by single hyphens. Latin letters
// lose their diacritics ("Mèche, J." → "meche-j"); Cyrillic is
// transliterated by ISO 9 and Greek by ISO 843, and loses the diacritics
// those give as Latin does ("Троцкий" → "trockij", "Жук" → "zuk",
// "Παπαδόπουλος" → "papadopoulos"); a letter or digit of another script
// (Hebrew, Arabic, Chinese…) is written as u and its code point in hex
// ("ש" → "u5e9"). A name with no letter or digit gives "x".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	prev := rune(0)
	for _, r := range strings.ToLower(s) {
		var out string
		switch t, ok := translit[r]; {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			out = string(r)
		case (r == 'υ' || r == 'ύ') && strings.ContainsRune("αεηοάέήό", prev):
			out = "u" // ISO 843: αυ, ευ, ηυ, ου are au, eu, iu, ou
		case ok:
			out = t
			if out == "" {
				prev = r
				continue // ъ and ь: no letter, and no break between words
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = fmt.Sprintf("u%x", r)
		default:
			dash = true
			prev = r
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(out)
		prev = r
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// translit maps the lower-case letters with diacritics and the Cyrillic
// and Greek letters that Slug knows to ASCII.
var translit = map[rune]string{}

func init() {
	groups := map[string]string{
		// Latin letters with diacritics.
		"a": "àáâãäåāăąǎ", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		// Cyrillic by ISO 9 (ж ž, ч č, ш š, щ ŝ, ю û, я â …), its diacritics
		// then dropped; the hard and soft signs (ʺ, ʹ) are no letters.
		"": "ъь",
		// Greek by ISO 843, with its accents dropped.
		"th": "θ", "ch": "χ", "ps": "ψ", "x": "ξ", "f": "φ",
	}
	cyrillic := map[string]string{
		"a": "аяѫ", "b": "б", "v": "в", "g": "гґѓ", "d": "дџ", "e": "еёєэѣ", "z": "жзѕ", "i": "иії",
		"j": "йј", "k": "кќ", "l": "лљ", "m": "м", "n": "нњ", "o": "о", "p": "п", "r": "р", "s": "сшщ",
		"t": "т", "u": "уўю", "f": "фѳ", "h": "х", "c": "цчћ", "y": "ыѵ",
	}
	greek := map[string]string{
		"a": "αά", "v": "β", "g": "γ", "d": "δ", "e": "εέ", "z": "ζ", "i": "ηήιίϊΐ", "k": "κ", "l": "λ",
		"m": "μ", "n": "ν", "o": "οόωώ", "p": "π", "r": "ρ", "s": "σς", "t": "τ", "y": "υύϋΰ",
	}
	for _, m := range []map[string]string{groups, cyrillic, greek} {
		for to, letters := range m {
			for _, r := range letters {
				translit[r] = to
			}
		}
	}
}
