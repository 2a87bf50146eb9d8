package ead

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// TestSchemaValid writes every finding aid the tests know with the options
// a build can take and validates each file against the EAD 2002 schema
// with xmllint, and checks that every IDREF names an id, which proves that
// no cross-link dangles (xmllint checks that ids are unique, not that
// references resolve).
func TestSchemaValid(t *testing.T) {
	dir := t.TempDir()
	variants := []struct {
		name string
		opt  Options
	}{
		{"default", Options{}},
		{"internal", Options{Internal: true}},
		{"numbered", Options{Numbered: true}},
		{"arclight", Options{Profile: "arclight"}},
	}
	var files []string
	for _, name := range sortedNames(sourceDirs(t)) {
		a := load(t, name)
		for _, v := range variants {
			if v.opt.Numbered && name == "deep" {
				continue // refused: see TestNumbered
			}
			path := filepath.Join(dir, name+"-"+v.name+".xml")
			data := write(t, a, v.opt)
			checkIDRefs(t, filepath.Base(path), data)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	xmllint(t, files...)
}

// TestGolden pins the EAD of the default sources and of every fixture.
func TestGolden(t *testing.T) {
	for _, name := range sortedNames(sourceDirs(t)) {
		t.Run(name, func(t *testing.T) {
			golden(t, name+".xml", write(t, load(t, name), Options{}))
		})
	}
	t.Run("letters-numbered-internal", func(t *testing.T) {
		golden(t, "letters-numbered-internal.xml", write(t, load(t, "letters"), Options{Numbered: true, Internal: true}))
	})
}

// TestOutput writes through build.Compile, as fonds build does, and checks
// the file's name and place.
func TestOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	dirs := sourceDirs(t)
	if _, err := build.Compile([]string{dirs["letters"]}, out, build.Options{}, []build.Output{Output{}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "fix-letters.1", "fix-letters.1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, write(t, load(t, "letters"), Options{})) {
		t.Error("the file differs from what Write writes")
	}
	if got := (Output{}).Name(); got != "ead" {
		t.Errorf("Name() = %q", got)
	}
}

// TestDeterministic builds every finding aid twice through the build's
// concurrent writers, once with GOMAXPROCS=1, and compares the bytes.
func TestDeterministic(t *testing.T) {
	dirs := sourceDirs(t)
	var list []string
	for _, n := range sortedNames(dirs) {
		list = append(list, dirs[n])
	}
	compile := func(procs int) map[string][]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		out := filepath.Join(t.TempDir(), "dist")
		if _, err := build.Compile(list, out, build.Options{}, []build.Output{Output{}}); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		matches, _ := filepath.Glob(filepath.Join(out, "*", "*.xml"))
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(m)] = data
		}
		return files
	}
	one, many, again := compile(1), compile(runtime.NumCPU()), compile(runtime.NumCPU())
	if len(one) != len(dirs) {
		t.Fatalf("wrote %d files for %d finding aids", len(one), len(dirs))
	}
	for name, data := range one {
		if !bytes.Equal(data, many[name]) || !bytes.Equal(data, again[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
}

// TestDefaultSources checks the content the issue asks of the default
// finding aid against the model: the 78 pseudonyms each linked to the
// right one of 52 persons, the 45 reels, and the 37 dated events.
func TestDefaultSources(t *testing.T) {
	a := load(t, "trotsky-ilo")
	doc := readLocal(t, a, Options{})
	ad := doc.FindElement("/ead/archdesc")

	persons := map[string]bool{}
	for _, e := range index(t, ad, "Index of persons").SelectElements("indexentry") {
		persons[e.SelectAttrValue("id", "")] = true
	}
	if len(persons) != len(a.People) {
		t.Errorf("person index has %d entries, want %d", len(persons), len(a.People))
	}
	entries := index(t, ad, "Index of pseudonyms").SelectElements("indexentry")
	if len(entries) != 78 {
		t.Errorf("pseudonym index has %d entries, want 78", len(entries))
	}
	users := map[string]bool{}
	for _, e := range entries {
		id := e.SelectAttrValue("id", "")
		ps := a.PseudonymFor[id]
		if ps == nil {
			t.Errorf("pseudonym entry %q is no pseudonym of the sources", id)
			continue
		}
		ref := e.FindElement("ref") // first link: the person who used it
		if ref == nil {
			ref = e.FindElement("ptrgrp/ref")
		}
		want := "person-" + ps.Person.ID
		if ref == nil || ref.SelectAttrValue("target", "") != want {
			t.Errorf("pseudonym %s links to %v, want %s", ps.Name, ref, want)
			continue
		}
		if !persons[want] {
			t.Errorf("pseudonym %s links to %s, which has no entry", ps.Name, want)
		}
		if got := e.FindElement("persname").Text(); got != ps.Name {
			t.Errorf("pseudonym entry %s reads %q", id, got)
		}
		if got := e.SelectAttrValue("altrender", ""); (got == "maintained") != ps.Maintained {
			t.Errorf("pseudonym %s: altrender %q, maintained %v", ps.Name, got, ps.Maintained)
		}
		users[want] = true
	}
	if len(users) != 52 {
		t.Errorf("pseudonyms link to %d persons, want 52", len(users))
	}

	reels := ad.FindElements("altformavail/list/defitem")
	if len(reels) != 45 {
		t.Errorf("concordance lists %d reels, want 45", len(reels))
	}
	for i, r := range reels {
		if id := r.SelectAttrValue("id", ""); id != a.Reels[i].Anchor() {
			t.Errorf("reel %d has id %q, want %q", i+1, id, a.Reels[i].Anchor())
		}
	}

	items := ad.FindElements("bioghist/chronlist/chronitem")
	if len(items) != 37 || len(a.Events) != 37 {
		t.Fatalf("chronology has %d items for %d events, want 37", len(items), len(a.Events))
	}
	byText := map[string]string{}
	for i, it := range items {
		d := it.SelectElement("date")
		normal := d.SelectAttrValue("normal", "")
		if normal == "" || normal != a.Events[i].Date.Normal() || !normalOK(normal) {
			t.Errorf("event %d (%s): @normal %q, want %q", i+1, d.Text(), normal, a.Events[i].Date.Normal())
		}
		byText[d.Text()] = normal
	}
	for text, want := range map[string]string{
		"January 20, 1929":   "1929-01-20",
		"March 7 or 8, 1929": "1929-03-07/1929-03-08",
		"Summer 1929":        "1929-06/1929-08",
		"February 4-8, 1933": "1933-02-04/1933-02-08",
	} {
		if got, ok := byText[text]; got != want {
			t.Errorf("event of %q: @normal %q (found: %v), want %q", text, got, ok, want)
		}
	}
}

func index(t *testing.T, ad *etree.Element, head string) *etree.Element {
	t.Helper()
	for _, idx := range ad.SelectElements("index") {
		if idx.SelectElement("head").Text() == head {
			return idx
		}
	}
	t.Fatalf("no index %q", head)
	return nil
}

// TestNumbered checks c01…c12 and the refusal of deeper trees.
func TestNumbered(t *testing.T) {
	doc := readLocal(t, load(t, "letters"), Options{Numbered: true})
	if n := len(doc.FindElements("//c")); n != 0 {
		t.Errorf("numbered output has %d unnumbered <c>", n)
	}
	c04 := doc.FindElement("/ead/archdesc/dsc/c01/c02/c03/c04")
	if c04 == nil || c04.SelectAttrValue("id", "") != "inv-11" {
		t.Errorf("want inv-11 as c04 under greece-correspondence, got %v", c04)
	}
	for _, c := range doc.FindElements("//c01") {
		if c.Parent().Tag != "dsc" {
			t.Errorf("c01 %s is not in the dsc", c.SelectAttrValue("id", ""))
		}
	}

	var buf bytes.Buffer
	err := Write(&buf, load(t, "deep"), Options{Numbered: true})
	if err == nil {
		t.Fatal("a 13-level tree was written numbered")
	}
	for _, want := range []string{"fonds.yaml:", "unit level-13 is 13 levels deep", "c01 to c12", "without --numbered"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", buf.Len())
	}
	// Unnumbered, the same tree is fine: 13 nested c.
	doc = readLocal(t, load(t, "deep"), Options{})
	if e := doc.FindElement("/ead/archdesc/dsc" + strings.Repeat("/c", 13)); e == nil || e.SelectAttrValue("id", "") != "level-13" {
		t.Errorf("level-13 is not 13 levels deep in the dsc")
	}
}

// TestTwoReels: unit 4 of the letters is split across reels 1 and 2; it
// says so and links both, and both reels link back to it.
func TestTwoReels(t *testing.T) {
	doc := readLocal(t, load(t, "letters"), Options{})
	c := doc.FindElement("//c[@id='inv-4']")
	p := c.FindElement("altformavail[@type='microfilm']/p")
	var targets []string
	for _, r := range p.SelectElements("ref") {
		targets = append(targets, r.SelectAttrValue("target", ""))
	}
	if strings.Join(targets, " ") != "reel-1 reel-2" {
		t.Errorf("unit 4 links reels %v", targets)
	}
	if text := textOf(p); !strings.Contains(text, "split across two reels") {
		t.Errorf("unit 4 does not say it is split: %q", text)
	}
	for _, reel := range []string{"reel-1", "reel-2"} {
		item := doc.FindElement("//defitem[@id='" + reel + "']/item")
		if item == nil || item.FindElement("ref[@target='inv-4']") == nil {
			t.Errorf("%s does not link unit 4", reel)
		}
	}
}

// textOf is the text of e and its descendants.
func textOf(e *etree.Element) string { return testtool.XMLText(e, "") }

// TestInternal: units and notes marked internal are absent by default and
// present, marked audience="internal", when asked for.
func TestInternal(t *testing.T) {
	a := load(t, "letters")
	hidden := []string{`id="` + IDPrefix(a) + `internal-only"`, "Staff working papers", "Check the date against the envelope."}
	out := string(write(t, a, Options{}))
	for _, s := range hidden {
		if strings.Contains(out, s) {
			t.Errorf("default output publishes %q", s)
		}
	}
	doc := readLocal(t, a, Options{Internal: true})
	if c := doc.FindElement("//c[@id='internal-only']"); c == nil || c.SelectAttrValue("audience", "") != "internal" {
		t.Errorf("internal unit missing or not marked: %v", c)
	}
	pi := doc.FindElement("//c[@id='inv-7']/processinfo")
	if pi == nil || pi.SelectAttrValue("audience", "") != "internal" || !strings.Contains(textOf(pi), "envelope") {
		t.Errorf("internal note of unit 7 missing or not marked: %v", pi)
	}
}

// TestCertainty: the inventory's conventions stay in the text, around the
// name element where the text is the reader's (origination), and are
// repeated in @altrender; a name element holds the name alone, with the
// role and the heading of the record (@normal) on it.
func TestCertainty(t *testing.T) {
	doc := readLocal(t, load(t, "letters"), Options{})
	for _, tc := range []struct{ unit, path, text, altrender, role, normal, ptr, around string }{
		{"inv-1", "did/origination/persname", "Zora", "", "sender", "Zora", "ps-zora", "Zora"},
		{"inv-2", "did/origination/persname", "Stella", "bracketed", "sender", "Zora", "ps-stella", "[Stella]"},
		{"inv-2", "controlaccess/persname", "Marchetti, Aldo", "probable", "addressee", "Marchetti, Aldo", "person-marchetti", ""},
		{"inv-3", "did/origination/persname", "Finn", "probable", "sender", "O'Connor, Brigid", "ps-finn", "probably Finn"},
		{"inv-4", "did/origination/name", "Unknown correspondent, Paris", "", "sender", "", "", "Unknown correspondent, Paris"},
	} {
		e := doc.FindElement("//c[@id='" + tc.unit + "']/" + tc.path)
		if e == nil {
			t.Errorf("%s: no %s", tc.unit, tc.path)
			continue
		}
		got := []string{e.Text(), e.SelectAttrValue("altrender", ""), e.SelectAttrValue("role", ""), e.SelectAttrValue("normal", "")}
		want := []string{tc.text, tc.altrender, tc.role, tc.normal}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s %s: got %q, want %q", tc.unit, tc.path, got, want)
		}
		ptr := ""
		if p := e.SelectElement("ptr"); p != nil {
			ptr = p.SelectAttrValue("target", "")
		}
		if ptr != tc.ptr {
			t.Errorf("%s %s: ptr %q, want %q", tc.unit, tc.path, ptr, tc.ptr)
		}
		if tc.around != "" {
			if got := textOf(e.Parent()); got != tc.around {
				t.Errorf("%s %s reads %q, want %q", tc.unit, e.Parent().Tag, got, tc.around)
			}
		}
	}
	if e := doc.FindElement("//c[@id='inv-1']/did/origination/persname"); e.SelectAttrValue("authfilenumber", "") != "FIX-P-0001" ||
		e.SelectAttrValue("source", "") != "local" {
		t.Errorf("Petrova's authority number is not on her name: %v", e.Attr)
	}
	d := doc.FindElement("//c[@id='inv-4']/did/unitdate")
	if d.SelectAttrValue("certainty", "") != "uncertain" || d.SelectAttrValue("normal", "") != "1930" {
		t.Errorf("unit 4's date: %v", d.Attr)
	}
}

// TestProfiles checks what each profile refuses and warns about.
func TestProfiles(t *testing.T) {
	minimal := load(t, "minimal")
	for _, p := range []string{"ape", "hub"} {
		err := Write(&bytes.Buffer{}, minimal, Options{Profile: p})
		if err == nil || !strings.Contains(err.Error(), "repository.isil or repository.country") || !strings.Contains(err.Error(), "profile "+p) {
			t.Errorf("profile %s on a repository without ISIL: %v", p, err)
		}
	}
	if diags := Check(minimal, Options{}); len(diags) != 1 || diags[0].Severity != source.Warning ||
		!strings.Contains(diags[0].Error(), "fonds.yaml:7:13: warning: repository: no repository.isil") {
		t.Errorf("default profile on a repository without ISIL: %v", diags)
	}
	var warnings []string
	opt := Options{Warn: func(m string) { warnings = append(warnings, m) }}
	write(t, minimal, opt)
	if len(warnings) != 0 {
		t.Errorf("Write warned (the warnings are Check's): %q", warnings)
	}
	for _, p := range Profiles() {
		if p == "ape" || p == "hub" {
			continue
		}
		write(t, minimal, Options{Profile: p}) // the others write it
	}

	a := fresh(t, "letters")
	c := a.ByID["inv-12-b"]
	c.Title, c.Dates = model.Text{}, nil
	err := Write(&bytes.Buffer{}, a, Options{Profile: "arclight"})
	if err == nil || !strings.Contains(err.Error(), "unit inv-12-b has neither a title nor a date") {
		t.Errorf("arclight on a unit with no title or date: %v", err)
	}
	if diags := Check(a, Options{}); len(diags) != 0 {
		t.Errorf("default profile on a unit with no title or date: %v (resolve warns of it, once)", diags)
	}
	write(t, a, Options{})

	err = CheckProfile("europeana")
	if err == nil || !strings.Contains(err.Error(), "default, ape, hub, arclight, oac") {
		t.Errorf("unknown profile: %v", err)
	}
	if Write(&bytes.Buffer{}, minimal, Options{Profile: "europeana"}) == nil {
		t.Error("Write took an unknown profile")
	}

	warnings = nil
	x := newWriter(minimal, opt, profiles[0])
	x.warnSize(hubLimit)
	x.warnSize(hubLimit + 1)
	if len(warnings) != 1 || !strings.Contains(warnings[0], "Archives Hub takes descriptions of up to 5 MB") {
		t.Errorf("size warnings: %q", warnings)
	}
	for _, p := range Profiles() {
		if ProfileDoc(p) == "" {
			t.Errorf("profile %s has no description", p)
		}
	}
}

// TestRawAndIDs: raw EAD from imports is passed through, and refused when
// it is not well-formed; an id used twice stops the build before writing.
func TestRawAndIDs(t *testing.T) {
	a := fresh(t, "letters")
	a.ByID["inv-6"].OwnDetails().Raw = `<odd><p>Imported <emph render="italic">as is</emph>.</p></odd>`
	doc := readLocal(t, a, Options{})
	if e := doc.FindElement("//c[@id='inv-6']/odd/p/emph"); e == nil || e.Text() != "as is" {
		t.Errorf("raw EAD not passed through")
	}
	a.ByID["inv-6"].OwnDetails().Raw = `<odd><p>unclosed</odd>`
	if err := Write(&bytes.Buffer{}, a, Options{}); err == nil || !strings.Contains(err.Error(), "unit inv-6: ead: not well-formed XML") {
		t.Errorf("bad raw EAD: %v", err)
	}
	a.ByID["inv-6"].OwnDetails().Raw = ""

	// A pseudonym's id "stella" is "ps-stella" in the outputs, which
	// Stella's own id already is.
	a.PersonByID["petrova"].Pseudonyms[0].ID = "stella"
	var buf bytes.Buffer
	err := Write(&buf, a, Options{})
	if err == nil || !strings.Contains(err.Error(), `id "ps-stella"`) || buf.Len() != 0 {
		t.Errorf("duplicate id: %v (%d bytes written)", err, buf.Len())
	}
}

// TestOutputChecksOnce: the build checks a finding aid once, through
// Output's Check (a build.Checker), and writes through WriteWarn, which
// does not check again: a tree too deep for --numbered stops the build
// before anything is written. Output.Write, called alone, refuses it as
// Write does; on a finding aid that checks, WriteWarn writes Write's
// bytes.
func TestOutputChecksOnce(t *testing.T) {
	deep := sourceDirs(t)["deep"]
	o := Output{Options: Options{Numbered: true}}
	out := filepath.Join(t.TempDir(), "dist")
	res, err := build.Compile([]string{deep}, out, build.Options{}, []build.Output{o})
	if !errors.Is(err, build.ErrProblems) || len(res) != 1 || !strings.Contains(fmt.Sprint(res[0].Diags.Err()), "unit level-13 is 13 levels deep") {
		t.Errorf("the build wrote a 13-level tree numbered: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the failed build left %s: %v", out, err)
	}
	if err := o.Write(load(t, "deep"), t.TempDir()); err == nil || !strings.Contains(err.Error(), "unit level-13 is 13 levels deep") {
		t.Errorf("Output.Write wrote a 13-level tree numbered: %v", err)
	}

	for _, opt := range []Options{{}, {Profile: "ape", Internal: true}, {Numbered: true, Profile: "hub"}} {
		a := withAgency(t, "letters")
		dir := t.TempDir()
		if err := (Output{Options: opt}).WriteWarn(a, dir, func(msg string) { t.Errorf("warning: %s", msg) }); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, FileName(a)))
		if err != nil {
			t.Fatal(err)
		}
		if want := write(t, a, opt); !bytes.Equal(got, want) {
			t.Errorf("%+v: WriteWarn wrote %d bytes, Write %d, not the same", opt, len(got), len(want))
		}
	}
}

// TestNoteOfTag: NoteOfTag reads back what NoteTag writes, a @type in
// any case; a @type the writer does not write reads as the element's field
// without a type.
func TestNoteOfTag(t *testing.T) {
	for _, c := range []struct{ tag, typ, want string }{
		{"odd", "", "notes"},
		{"odd", "conventions", "conventions"},
		{"odd", "Conventions", "conventions"},
		{"odd", "publicationstatus", "notes"},
		{"scopecontent", "summary", "scope_and_content"},
		{"prefercite", "", "preferred_citation"},
		{"abstract", "", ""},
		{"dsc", "", ""},
	} {
		if got := NoteOfTag(c.tag, c.typ); got != c.want {
			t.Errorf("NoteOfTag(%q, %q) = %q, want %q", c.tag, c.typ, got, c.want)
		}
	}
	for name := range noteSpecs {
		tag, typ, ok := NoteTag(name)
		if !ok || NoteOfTag(tag, typ) != name {
			t.Errorf("%s is written as <%s type=%q> and read as %q", name, tag, typ, NoteOfTag(tag, typ))
		}
	}
	if _, _, ok := NoteTag("abstract"); ok {
		t.Error("abstract, written in the did, has a note element")
	}
}

// TestNormalOK pins the form of @normal that EAD's pattern and ArcLight take.
func TestNormalOK(t *testing.T) {
	for n, want := range map[string]bool{
		"1929": true, "1929-03": true, "1929-03-07": true, "1929-06/1929-08": true,
		"1929/1929-03": true, "1933-02-08/1933-02-04": false, "1940/1930": false,
		"1929-3": false, "": false, "1929/": false, "c. 1929": false,
	} {
		if normalOK(n) != want {
			t.Errorf("normalOK(%q) = %v", n, !want)
		}
	}
}

func TestNmtoken(t *testing.T) {
	for in, want := range map[string]string{
		"country file": "country-file", "box": "box", "map case  (A)": "map-case-A", "Ελλάδα": "Ελλάδα", "": "",
	} {
		if got := nmtoken(in); got != want {
			t.Errorf("nmtoken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRawInternalWithheld: raw EAD marked audience="internal", written by
// hand on a unit and on the fonds, is left out of the EAD unless
// --internal; a note left with only its head goes too; both EADs are
// valid.
func TestRawInternalWithheld(t *testing.T) {
	a := fresh(t, "letters")
	a.ByID["inv-6"].OwnDetails().Raw = `<did><physloc audience="internal">SECRET-PHYSLOC</physloc></did>` +
		`<odd audience="internal"><p>SECRET-ODD</p></odd>` +
		`<odd><head>Mixed</head><p audience="internal">SECRET-PARA</p></odd>` +
		`<scopecontent><p>Public text.</p><p audience="internal">SECRET-P</p></scopecontent>`
	a.Fonds.Raw = `<odd audience="internal"><p>SECRET-FONDS-ODD</p></odd><odd><p>Public fonds odd.</p></odd>`
	dir := t.TempDir()
	for _, internal := range []bool{false, true} {
		data := write(t, a, Options{Internal: internal})
		for _, secret := range []string{"SECRET-PHYSLOC", "SECRET-ODD", "SECRET-PARA", "SECRET-P<", "SECRET-FONDS-ODD"} {
			if got := bytes.Contains(data, []byte(secret)); got != internal {
				t.Errorf("internal=%v: %s written: %v", internal, secret, got)
			}
		}
		for _, public := range []string{"<p>Public text.</p>", "Public fonds odd."} {
			if !internal && !bytes.Contains(data, []byte(public)) {
				t.Errorf("internal=false: %q not written", public)
			}
		}
		if !internal && bytes.Contains(data, []byte("<head>Mixed</head>")) {
			t.Errorf("a note left with only its head was written")
		}
		path := filepath.Join(dir, fmt.Sprintf("internal-%v.xml", internal))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		xmllint(t, path)
	}
}
