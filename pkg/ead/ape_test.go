package ead

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/eadschema"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// TestAPEValid writes the default sources and every fixture with the
// profile ape, with every option a build takes, and validates each file
// against apeEAD.xsd (Archives Portal Europe's schema in ../shared/apeead)
// with xmllint; the minimal fixture, whose repository has no ISIL or
// country code, which apeEAD requires, is refused (TestProfiles) and
// written here with them added. The default profile's files of the same
// sources stay valid against EAD 2002 (TestSchemaValid). Every reference
// leads to an id of the file.
func TestAPEValid(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, name := range sortedNames(sourceDirs(t)) {
		a := withAgency(t, name)
		for _, opt := range []Options{{Profile: "ape"}, {Profile: "ape", Internal: true}, {Profile: "ape", Numbered: true}} {
			data := write(t, a, opt)
			path := filepath.Join(dir, fmt.Sprintf("%s-internal-%v-numbered-%v.xml", name, opt.Internal, opt.Numbered))
			checkIDRefs(t, filepath.Base(path), data)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	testtool.ValidateAPE(t, files...)
}

// TestAPEWrittenValid: what fonds writes for the profile ape is apeEAD as
// it is written: conform, the rule for what is left (EAD kept from
// imports), changes no element of fonds's own. It only leaves out the
// attributes apeEAD does not take (@normal, @role, @altrender … of names,
// @countrycode of the unitid); the writer gives names no ptr under the
// profile (namePtr), so conform removes none.
func TestAPEWrittenValid(t *testing.T) {
	for _, name := range sortedNames(sourceDirs(t)) {
		a := withAgency(t, name)
		for _, opt := range []Options{{Profile: "ape"}, {Profile: "ape", Internal: true}} {
			p, _ := profileNamed(opt.Profile)
			x := newWriter(a, opt, p)
			k := x.conformer()
			k.changes = map[string]int{}
			if err := x.write(&bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			for what, n := range k.changes {
				if !strings.HasPrefix(what, "@") {
					t.Errorf("%s: conform changed %s (%d times)", name, what, n)
				}
			}
		}
	}
}

// TestAPEOwnUnits: a unit with no description and no EAD kept from an
// import is only what the writer builds from the model, and own, which
// conforms its attributes only, gives it the
// bytes that the whole rule of conform gives; conform then finds nothing
// more to change. Every such unit of the default sources, the fixtures and
// a synthetic finding aid, with and without --internal.
func TestAPEOwnUnits(t *testing.T) {
	archives := map[string]*model.Archive{"synthetic": synthetic(t, 500)}
	for _, name := range sortedNames(sourceDirs(t)) {
		archives[name] = withAgency(t, name)
	}
	serialize := func(e *etree.Element) string {
		doc := etree.NewDocument()
		doc.SetRoot(e)
		s, err := doc.WriteToString()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for name, a := range archives {
		for _, opt := range []Options{{Profile: "ape"}, {Profile: "ape", Internal: true}} {
			p, _ := profileNamed(opt.Profile)
			x := newWriter(a, opt, p)
			k := x.conformer()
			n := 0
			for _, c := range a.Components {
				if c.Hidden(opt.Internal) || c.Raw() != "" || c.Description != nil {
					continue
				}
				n++
				fast, err := x.unit(c)
				if err != nil {
					t.Fatal(err)
				}
				whole, _ := x.unit(c)
				k.own(fast)
				if !k.element(whole, false) {
					t.Fatalf("%s: unit %s cannot be conformed", name, c.ID)
				}
				if got, want := serialize(fast), serialize(whole); got != want {
					t.Errorf("%s %+v: unit %s conformed by own:\n%s\nby the whole rule:\n%s", name, opt, c.ID, got, want)
				}
				k.changes = map[string]int{}
				k.element(fast, false)
				if len(k.changes) > 0 {
					t.Errorf("%s %+v: unit %s, conformed by own, needs more: %v", name, opt, c.ID, k.changes)
				}
				k.changes = nil
			}
			if n == 0 && name == "synthetic" {
				t.Errorf("%s: no unit without a description", name)
			}
		}
	}
}

// TestAPEKeeps reads the default sources' apeEAD for what APE keeps of the
// finding aid: the chronology, each event with its date first; the
// concordance, one row a reel; the table of pseudonyms in the inventory's
// order and wording; the persons under their headings; no element or
// attribute apeEAD refuses.
func TestAPEKeeps(t *testing.T) {
	a := load(t, "trotsky-ilo")
	doc := parse(t, write(t, a, Options{Profile: "ape"}))
	ad := doc.FindElement("/ead/archdesc")
	if ad.SelectAttrValue("level", "") != "fonds" {
		t.Errorf("archdesc level %q", ad.SelectAttrValue("level", ""))
	}
	items := ad.FindElements("bioghist/list/item")
	if len(items) != 37 {
		t.Fatalf("the chronology has %d items, want 37", len(items))
	}
	if got := textOf(items[0]); got != "January 20, 1929: Trotsky, in internal exile in Alma Ata, exiled from the Soviet Union." {
		t.Errorf("first event: %q", got)
	}
	rows := ad.FindElements("altformavail/table/tgroup/tbody/row")
	if len(rows) != 45 || strings.Join(strings.Fields(textOf(rows[6])), " ") != "Reel 7 723-724" {
		t.Errorf("concordance: %d rows; row 7 %q", len(rows), textOf(rows[6]))
	}
	var table []string
	for _, odd := range ad.SelectElements("odd") {
		if h := odd.SelectElement("head"); h != nil && h.Text() == "Pseudonym / User" {
			for _, row := range odd.FindElements("table/tgroup/tbody/row") {
				e := row.SelectElements("entry")
				table = append(table, e[0].Text()+" - "+e[1].Text())
			}
		}
	}
	if len(table) != 78 || table[0] != "Adolf - Klement, Rudolf" || !slices.Contains(table, "*Rosmer, Alfred - Griot, Alfred") ||
		!slices.Contains(table, "Schmidt, W. - Sobolevicius (Soblen), Roman") {
		t.Errorf("the table of pseudonyms: %d rows: %q", len(table), table)
	}
	if i, j := slices.Index(table, "Obin, J. - Ohkun, P."), slices.Index(table, "O-r - Schüssler, Otto"); i < 0 || j != i+1 {
		t.Errorf("Obin, J. (row %d) does not come just before O-r (row %d), as in the inventory", i, j)
	}
	var persons []string
	for _, p := range ad.FindElements("controlaccess/persname") {
		persons = append(persons, p.Text())
	}
	if !slices.Contains(persons, "Rosmer, Alfred") || slices.Contains(persons, "Griot, Alfred") || !slices.Contains(persons, "Crux") {
		t.Errorf("controlaccess persons: %q", persons)
	}
	for _, e := range doc.FindElements("//*") {
		if eadschema.APE.Lookup(e.Tag) == nil {
			t.Errorf("apeEAD has no %s", e.Tag)
		}
	}
}

// TestAPECheck: fonds check --profile ape says, as information at the
// place in the sources, what the profile writes otherwise; the information
// fails no run, strict or not, and the default profile says none of it.
func TestAPECheck(t *testing.T) {
	a := load(t, "letters")
	diags := Check(a, Options{Profile: "ape"})
	var infos []string
	for _, d := range diags {
		if d.Severity != source.Info {
			t.Errorf("not information: %s", d.Error())
			continue
		}
		infos = append(infos, d.Error())
	}
	for _, want := range []string{
		"chronology.yaml:4:5: info: EAD profile ape: the chronology (8 events) is a list in the bioghist",
		"reels.yaml:4:5: info: EAD profile ape: the microfilm concordance (4 reels) is a table",
		"authorities.yaml:4:5: info: EAD profile ape: the indexes are notes (odd)",
		"fonds.yaml:45:9: info: EAD profile ape: 1 abstract is written as a scopecontent",
		"info: EAD profile ape: 10 references in notes to persons",
		"01-general.yaml:40:43: info: EAD profile ape: the label of 1 container is not written",
		"info: EAD profile ape: the language of 3 titles is not written",
	} {
		if !slices.ContainsFunc(infos, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("no information %q in:\n%s", want, strings.Join(infos, "\n"))
		}
	}
	if e, w := diags.Count(); e+w != 0 {
		t.Errorf("information counts as %d errors and %d warnings", e, w)
	}
	if len(Check(a, Options{})) != 0 {
		t.Errorf("the default profile informs: %v", Check(a, Options{}))
	}
	res := build.Check(sourceDirs(t)["letters"], build.Options{Strict: true, Checkers: []build.Checker{Output{Options: Options{Profile: "ape"}}}})
	if res.Failed(true) {
		t.Errorf("--strict --profile ape fails on information: %v", res.Diags)
	}

	// A country code or ISIL apeEAD refuses is an error.
	b := fresh(t, "letters")
	b.Fonds.Repository.Country, b.Fonds.Repository.ISIL = "SS", "NL XxFIX"
	var errs []string
	for _, d := range Check(b, Options{Profile: "ape"}) {
		if d.Severity == source.Error {
			errs = append(errs, d.Error())
		}
	}
	if len(errs) != 2 || !strings.Contains(errs[0]+errs[1], `country code "SS" is not one apeEAD takes`) || !strings.Contains(errs[0]+errs[1], `ISIL "NL XxFIX"`) {
		t.Errorf("codes apeEAD refuses: %q", errs)
	}
}

// TestAPERawConforms: EAD kept from imports that apeEAD has no place for
// is made to fit where it stands, its words kept, and the file validates.
func TestAPERawConforms(t *testing.T) {
	a := fresh(t, "letters")
	a.ByID["inv-6"].OwnDetails().Raw = `<odd type="x"><head>Kept</head><chronlist><chronitem><date normal="1933">1933</date><event>An <persname normal="X">event</persname> kept</event></chronitem></chronlist></odd>` +
		`<index><indexentry><persname>Indexed, Name</persname></indexentry></index>` +
		`<scopecontent><blockquote><p>Quoted <abbr expan="x">q.</abbr></p></blockquote><p>A <bibref>book</bibref>, <lb/>new line</p></scopecontent>`
	data := write(t, a, Options{Profile: "ape"})
	text := " " + strings.Join(words(t, data, true), " ") + " "
	for _, s := range []string{"Kept 1933: An event kept", "Indexed, Name", "Quoted q.", "A book, new line"} {
		if !strings.Contains(text, " "+s+" ") {
			t.Errorf("%q is lost", s)
		}
	}
	if g := glued(t, data); len(g) > 0 {
		t.Errorf("glued: %q", g)
	}
	path := filepath.Join(t.TempDir(), "raw.xml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ValidateAPE(t, path)
}

// TestAPELosesNoWord: every word of the default profile's EAD is in the
// profile ape's, for the default sources and every fixture (internal
// material included), but for the headings and the explanation of the
// indexes, which apeEAD has no index for: what apeEAD has no element for
// is kept in another form, never dropped. (The default EAD names a person
// in several indexes, the profile ape in fewer places, so words are
// compared, not how often each stands.)
func TestAPELosesNoWord(t *testing.T) {
	indexWords := map[string]bool{}
	for _, w := range strings.Fields(`Index of persons Index of pseudonyms Index of corporate bodies Index of places
		Persons, corporate bodies and places Each pseudonym is followed by the person who used it, as in the inventory's
		table "Pseudonym / User". Pseudonyms maintained in the inventory, because the person is generally known by them, are
		marked as such; the inventory lists these persons under the pseudonym.`) {
		indexWords[w] = true
	}
	for _, name := range sortedNames(sourceDirs(t)) {
		a := withAgency(t, name)
		have := map[string]bool{}
		for _, w := range words(t, write(t, a, Options{Profile: "ape", Internal: true}), false) {
			have[strings.Trim(w, ":")] = true
		}
		for _, w := range words(t, write(t, a, Options{Internal: true}), false) {
			w = strings.Trim(w, ":")
			if !have[w] && !indexWords[w] {
				t.Errorf("%s: the profile ape loses %q", name, w)
				have[w] = true
			}
		}
	}
}
