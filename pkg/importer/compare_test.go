package importer

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/edtf"
)

// facts are what the round trip compares of one EAD document: the
// component tree and, for the fonds and each unit, its identifiers,
// titles, dates, notes, names, containers and links.
type facts struct {
	shape []string // per component in document order: depth and number of units below
	fonds *unitFacts
	units []*unitFacts
}

type unitFacts struct {
	path       string // 1.2.3: where the unit is in the tree
	unitids    []string
	titles     []string
	normals    []string // every unitdate, as the date it means
	dateTexts  []string // every unitdate's text
	notes      []string // element: body text
	heads      []string
	names      []string
	langs      []string // language codes of the material
	langTexts  []string // langmaterial texts, punctuation aside
	containers []string
	links      []string
}

// noteElems are the notes compared: the descriptive notes, and the did's
// notes in words.
var noteElems = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`accessrestrict accruals acqinfo altformavail appraisal arrangement
		bibliography bioghist custodhist fileplan odd originalsloc otherfindaid phystech prefercite
		processinfo relatedmaterial scopecontent separatedmaterial userestrict note abstract
		materialspec physloc legalstatus`) {
		noteElems[n] = true
	}
}

// blockElems separate words: their text is compared with a space around.
var blockElems = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`p item list head lb blockquote chronitem event defitem label
		entry row address addressline note chronlist eventgrp listhead`) {
		blockElems[n] = true
	}
}

// readFacts reads the facts of an EAD document.
func readFacts(data []byte) (*facts, error) {
	doc, err := parse(bytes.NewReader(data), "ead")
	if err != nil {
		return nil, err
	}
	f := &facts{}
	ad := doc.ead.child("archdesc")
	if ad == nil {
		return nil, fmt.Errorf("no archdesc")
	}
	f.fonds = unitOf(ad, "fonds")
	var walk func(list []*node, depth int, path string)
	walk = func(list []*node, depth int, path string) {
		i := 0
		for _, c := range list {
			if !isComponent(c) {
				continue
			}
			i++
			p := fmt.Sprintf("%s%d", path, i)
			kids := components(c)
			f.shape = append(f.shape, fmt.Sprintf("%d:%d", depth, len(kids)))
			f.units = append(f.units, unitOf(c, p))
			walk(kids, depth+1, p+".")
		}
	}
	for _, dsc := range ad.kids {
		if dsc.name == "dsc" {
			walk(dsc.kids, 1, "")
		}
	}
	return f, nil
}

func components(c *node) []*node {
	var out []*node
	for _, k := range c.kids {
		if isComponent(k) {
			out = append(out, k)
		}
	}
	return out
}

// unitOf reads the facts of one unit (or of the archdesc), not those of
// the units below it.
func unitOf(c *node, path string) *unitFacts {
	u := &unitFacts{path: path}
	var walk func(n *node, inDid bool)
	walk = func(n *node, inDid bool) {
		for _, k := range n.kids {
			if k.name == "" || isComponent(k) || k.name == "dsc" && n.name == "archdesc" {
				continue
			}
			switch {
			case k.name == "unitid" && inDid:
				u.unitids = append(u.unitids, cmpText(k, nil))
			case k.name == "unittitle":
				if t := cmpText(k, map[string]bool{"unitdate": true}); t != "" {
					u.titles = append(u.titles, t)
				}
			case k.name == "unitdate":
				u.normals = append(u.normals, meaning(k))
				if t := cmpText(k, nil); t != "" {
					u.dateTexts = append(u.dateTexts, t)
				}
			case k.name == "container":
				u.containers = append(u.containers, nmtoken(rawAttr(k, "type"))+" "+cmpText(k, nil))
			case k.is("dao", "daoloc"):
				u.links = append(u.links, rawAttr(k, "href"))
			case k.name == "langmaterial":
				for _, l := range descendants(k, "language") {
					u.langs = append(u.langs, rawAttr(l, "langcode"))
				}
				u.langTexts = append(u.langTexts, strings.Join(strings.FieldsFunc(cmpText(k, nil), func(r rune) bool {
					return r == ' ' || r == ',' || r == ';' || r == '.'
				}), " "))
			case noteElems[k.name]:
				head := ""
				if h := k.child("head"); h != nil {
					head = cmpText(h, nil)
					u.heads = append(u.heads, head)
				}
				body := &node{name: k.name}
				for _, c := range k.kids {
					if c != k.child("head") {
						body.kids = append(body.kids, c)
					}
				}
				u.notes = append(u.notes, k.name+": "+cmpText(body, nil))
			}
			if k.is("persname", "corpname", "famname", "geogname", "name") {
				u.names = append(u.names, cmpText(k, nil))
				continue
			}
			if k.name == "unitdate" || k.name == "container" || k.name == "unitid" {
				continue
			}
			walk(k, k.name == "did" || inDid && k.name != "did")
		}
	}
	walk(c, false)
	return u
}

func descendants(n *node, name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
		if k.name != "" {
			out = append(out, descendants(k, name)...)
		}
	}
	return out
}

func rawAttr(n *node, name string) string {
	for _, a := range n.attrs {
		if a.name == name && (a.space == "" || a.space == xlinkNS) {
			return strings.TrimSpace(a.value)
		}
	}
	return ""
}

// cmpText is the text of n as compared: whitespace collapsed, a space
// where a block ends, skipping the elements named in skip.
func cmpText(n *node, skip map[string]bool) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			switch {
			case k.name == "":
				b.WriteString(k.text)
			case skip[k.name]:
			default:
				if blockElems[k.name] {
					b.WriteByte(' ')
				}
				walk(k)
				if blockElems[k.name] {
					b.WriteByte(' ')
				}
			}
		}
	}
	walk(n)
	return norm(b.String())
}

// meaning is the date a unitdate means: its @normal, or, when it has none
// that can be read, what its text says; the text itself when it says
// nothing fonds can read. Equal ranges written differently (1896/1896 and
// 1896) mean the same.
func meaning(k *node) string {
	text := cmpText(k, nil)
	if e, ok := parseNormal(rawAttr(k, "normal")); ok {
		return canonical(e)
	}
	for _, c := range readings(text) {
		if d, err := edtf.Parse(c); err == nil {
			if d.IsUndated() {
				return "undated"
			}
			return d.Normal()
		}
	}
	return "as written: " + text
}

func canonical(e string) string {
	d, err := edtf.Parse(e)
	if err != nil {
		return e
	}
	return d.Normal()
}

func nmtoken(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '/' || r == ',' {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	return strings.TrimRight(b.String(), "-")
}

// A comparison row: what was compared, and the differences found.
type row struct {
	what     string
	in, out  int
	problems []string
}

// compare compares the facts of the input with those of the output: for
// units, exactly; for the fonds, what the input has must be in the output.
func compare(in, out *facts) []row {
	var rows []row
	add := func(what string, in, out int, problems []string) {
		rows = append(rows, row{what, in, out, problems})
	}
	var shapeProblems []string
	if len(in.shape) != len(out.shape) {
		shapeProblems = append(shapeProblems, fmt.Sprintf("%d components in, %d out", len(in.shape), len(out.shape)))
	} else {
		for i := range in.shape {
			if in.shape[i] != out.shape[i] {
				shapeProblems = append(shapeProblems, fmt.Sprintf("component %s: depth:children %s in, %s out", in.units[i].path, in.shape[i], out.shape[i]))
			}
		}
	}
	add("components and hierarchy", len(in.shape), len(out.shape), shapeProblems)
	if len(shapeProblems) > 0 {
		return rows
	}
	type field struct {
		name   string
		get    func(*unitFacts) []string
		subset bool // the fonds's: the input's must be in the output
	}
	fields := []field{
		{"unitids", func(u *unitFacts) []string { return u.unitids }, false},
		{"titles", func(u *unitFacts) []string { return u.titles }, false},
		{"dates (normalized)", func(u *unitFacts) []string { return u.normals }, false},
		{"date texts", func(u *unitFacts) []string { return u.dateTexts }, true},
		{"notes (text)", func(u *unitFacts) []string { return u.notes }, false},
		{"note headings", func(u *unitFacts) []string { return u.heads }, true},
		{"names", func(u *unitFacts) []string { return u.names }, false},
		{"languages", func(u *unitFacts) []string { return u.langs }, false},
		{"language texts", func(u *unitFacts) []string { return u.langTexts }, true},
		{"containers", func(u *unitFacts) []string { return u.containers }, false},
		{"digital objects", func(u *unitFacts) []string { return u.links }, false},
	}
	for _, fd := range fields {
		var problems []string
		nin, nout := 0, 0
		pairs := append([][2]*unitFacts{{in.fonds, out.fonds}}, nil...)
		for i := range in.units {
			pairs = append(pairs, [2]*unitFacts{in.units[i], out.units[i]})
		}
		for i, p := range pairs {
			a, b := fd.get(p[0]), fd.get(p[1])
			nin += len(a)
			nout += len(b)
			// The fonds's may have more in the output: fonds adds access
			// points, indexes, default headings, and the required fields
			// the report lists as repaired.
			subset := fd.subset || i == 0
			missing, extra := diff(a, b)
			if len(missing) > 0 {
				problems = append(problems, fmt.Sprintf("%s: missing in the output: %q", p[0].path, clipAll(missing)))
			}
			if len(extra) > 0 && !subset {
				problems = append(problems, fmt.Sprintf("%s: not in the input: %q", p[0].path, clipAll(extra)))
			}
		}
		add(fd.name, nin, nout, problems)
	}
	return rows
}

// diff returns the members of a not in b and of b not in a, as multisets.
func diff(a, b []string) (missing, extra []string) {
	count := map[string]int{}
	for _, s := range b {
		count[s]++
	}
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
		} else {
			missing = append(missing, s)
		}
	}
	for s, n := range count {
		for ; n > 0; n-- {
			extra = append(extra, s)
		}
	}
	sort.Strings(extra)
	return missing, extra
}

func clipAll(list []string) []string {
	if len(list) > 3 {
		list = append(list[:3:3], fmt.Sprintf("… %d more", len(list)-3))
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = clip(s)
	}
	return out
}

// TestCompareFindsDifferences: the round trip's comparison sees what it
// is meant to: a unit missing, a unitid, title, date or note changed, a
// name or container lost.
func TestCompareFindsDifferences(t *testing.T) {
	base := `<ead><archdesc level="fonds"><did><unittitle>F</unittitle></did><dsc>
<c level="series"><did><unitid>1</unitid><unittitle>Series</unittitle><unitdate normal="1920/1930">1920-1930</unitdate>
<container type="box">3</container></did><scopecontent><p>Letters of <persname>Doe, Jane</persname>.</p></scopecontent>
<c level="file"><did><unitid>2</unitid><unittitle>File</unittitle></did></c></c></dsc></archdesc></ead>`
	in, err := readFacts([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ what, from, to string }{
		{"components and hierarchy", `<c level="file"><did><unitid>2</unitid><unittitle>File</unittitle></did></c>`, ``},
		{"unitids", `<unitid>2</unitid>`, `<unitid>2a</unitid>`},
		{"titles", `<unittitle>File</unittitle>`, `<unittitle>Fiel</unittitle>`},
		{"dates (normalized)", `normal="1920/1930"`, `normal="1920/1931"`},
		{"notes (text)", `Letters of`, `Letter of`},
		{"names", `<persname>Doe, Jane</persname>`, `Doe, Jane`},
		{"containers", `<container type="box">3</container>`, `<container type="folder">3</container>`},
	} {
		out, err := readFacts([]byte(strings.Replace(base, m.from, m.to, 1)))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range compare(in, out) {
			if r.what == m.what && len(r.problems) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("a change of %s is not seen", m.what)
		}
	}
	for _, r := range compare(in, in) {
		if len(r.problems) > 0 {
			t.Errorf("%s: differences between a document and itself: %v", r.what, r.problems)
		}
	}
}
