package ead

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// rawErrors checks a with its unit inv-6's ead field (or, for fonds, the
// fonds's) set to raw, and returns the errors.
func rawErrors(t testing.TB, a *model.Archive, raw string, fonds bool, opt Options) []string {
	t.Helper()
	u := a.ByID["inv-6"]
	u.OwnDetails().Raw, a.Fonds.Raw = "", ""
	if fonds {
		a.Fonds.Raw = raw
	} else {
		u.OwnDetails().Raw = raw
	}
	var errs []string
	for _, d := range Check(a, opt) {
		if d.Severity == source.Error {
			errs = append(errs, d.Error())
		}
	}
	return errs
}

// TestRawRefused: raw EAD that EAD 2002 refuses where fonds writes it is
// an error of fonds check, which names the element, where it stood and
// what EAD allows there.
func TestRawRefused(t *testing.T) {
	tests := []struct {
		name, raw string
		fonds     bool
		want      string
	}{
		{"odd in the XHTML namespace", `<odd xmlns="http://www.w3.org/1999/xhtml"><p>x</p></odd>`, false,
			`unit inv-6: ead: <odd> is in the namespace "http://www.w3.org/1999/xhtml", not EAD 2002's (urn:isbn:1-931666-22-9): remove its xmlns`},
		{"foreign attribute", `<odd xmlns:v="urn:v" v:class="x"><p>x</p></odd>`, false,
			`<odd> has an attribute v:class of namespace "urn:v", which EAD 2002 does not define`},
		{"foreign declaration", `<odd xmlns:v="urn:v"><p>x</p></odd>`, false,
			`<odd xmlns:v="urn:v">: raw EAD may declare only EAD 2002's namespace and XLink's`},
		{"xml:lang", `<odd xml:lang="en"><p>x</p></odd>`, false,
			`<odd> has an attribute xml:lang of namespace "http://www.w3.org/XML/1998/namespace", which EAD 2002 does not define`},
		{"c smuggled into a note", `<odd><p>x</p><c><did><unittitle>x</unittitle></did></c></odd>`, false,
			`<c> cannot stand in <odd> after <p>; EAD 2002 allows there <address>, <blockquote>, <chronlist>, <dao>, <daogrp>, <list>, <note>, <odd>, <p>, <table> or the end of <odd>`},
		{"prefercite without p", `<prefercite><head>Cite as</head></prefercite>`, false,
			`<prefercite> ends after <head>, but EAD 2002 requires one of <address>, <blockquote>, <chronlist>, <list>, <note>, <p>, <prefercite>, <table> there`},
		{"runner inside a c", `<runner>Draft</runner>`, false,
			`<runner> cannot stand in <c> after <altformavail>; EAD 2002 allows there <accessrestrict>, <accruals>, <acqinfo>, <altformavail>, <appraisal>, <arrangement>, <bibliography>, <bioghist>, <c>, <controlaccess>, <custodhist>, <dao> … (29 elements in all) or the end of <c>`},
		{"eadheader in a unit", `<eadheader><eadid>x</eadid></eadheader>`, false, `<eadheader> cannot stand in <c>`},
		{"two heads", `<head>A</head><head>B</head>`, false, `<head> cannot stand in <c> after <head>; EAD 2002 allows there <did>`},
		{"head in the did twice", `<did><head>A</head><head>B</head></did>`, false, `<head> cannot stand in <did> after <head>`},
		{"p in the did", `<did><p>x</p></did>`, false, `<p> cannot stand in <did> after <physdesc>; EAD 2002 allows there <abstract>`},
		{"text in a list", `<odd><list>loose<item>a</item></list></odd>`, false,
			`text "loose" cannot stand in <list>: EAD 2002 allows only elements there`},
		{"text in lb", `<odd><p>a<lb>b</lb></p></odd>`, false, `<lb> must be empty; EAD 2002 allows no text in it`},
		{"bad level", `<odd><p>x</p></odd><c level="box"><did><unittitle>x</unittitle></did></c>`, false,
			`<c level="box">: @level "box" is not one of the values EAD 2002 allows (class, collection, file, fonds, item, otherlevel, recordgrp, series, subfonds, subgrp, subseries)`},
		{"bad id", `<odd id="1 2"><p>x</p></odd>`, false, `<odd id="1 2">: @id "1 2" is not an XML id`},
		{"id of a unit", `<odd id="inv-4"><p>x</p></odd>`, false, `<odd id="inv-4">: "inv-4" is also the id of unit inv-4 in the EAD; ids must be unique`},
		{"id of a person", `<odd id="person-petrova"><p>x</p></odd>`, false, `is also the id of person petrova in the EAD`},
		{"dangling target", `<odd><p><ref target="nowhere">x</ref></p></odd>`, false, `<ref target="nowhere">: no element of the EAD has the id "nowhere"`},
		{"bad langcode", `<did><langmaterial><language langcode="xx">X</language></langmaterial></did>`, false, `@langcode "xx" is not one of the values EAD 2002 allows (aar, abk`},
		{"bad normal", `<did><unitdate normal="1933-13">x</unitdate></did>`, false, `@normal "1933-13" is not an ISO 8601 date`},
		{"required cols", `<odd><table><tgroup><tbody><row><entry>x</entry></row></tbody></tgroup></table></odd>`, false, `<tgroup> needs @cols`},
		{"unknown attribute", `<odd class="x"><p>x</p></odd>`, false, `<odd> has no attribute class in EAD 2002 (it takes altrender, audience, encodinganalog, id, type)`},
		{"DTD-style href", `<odd><p><extref href="https://example.org">x</extref></p></odd>`, false, `<extref> has no attribute href in EAD 2002`},
		{"entityref", `<dao entityref="scan1"/>`, false, `@entityref names an entity of a DTD`},
		{"bad href", `<dao xlink:href="http://a:b:c/"/>`, false, `is not a web address (RFC 3986)`},
		{"wrong xlink:type", `<dao xlink:type="locator" xlink:href="https://example.org/"/>`, false, `@xlink:type must be "simple"`},
		{"javascript", `<odd><p><extref xlink:href="javascript:alert(1)">x</extref></p></odd>`, false, `<extref xlink:href="javascript:alert(1)">: javascript links are refused`},
		{"script", `<odd><p><script>alert(1)</script></p></odd>`, false, "<script> is not an element of EAD 2002"},
		{"vendor element", `<v:extra xmlns:v="urn:v">x</v:extra>`, false, "<v:extra> is not an element of EAD 2002"},
		{"prefixed EAD", `<e:odd xmlns:e="urn:isbn:1-931666-22-9"><e:p>x</e:p></e:odd>`, false, "<e:odd> is not an element of EAD 2002"},
		{"processing instruction", `<odd><p>x<?php echo 1 ?></p></odd>`, false, "a processing instruction (<?php …?>) cannot be kept in EAD"},
		{"control character in a comment", "<odd><p>x<!-- \x18 --></p></odd>", false, "not well-formed XML: a comment holds the character U+0018, which XML does not allow"},
		{"doctype", `<!DOCTYPE x><odd><p>x</p></odd>`, false, "a declaration (<!…>) cannot be kept in EAD"},
		{"text outside", `loose <odd><p>x</p></odd>`, false, `text "loose" outside any element`},
		{"unclosed", `<odd><p>x</odd>`, false, "not well-formed XML: </odd> closes <p>"},
		{"not closed", `<odd><p>x</p>`, false, "not well-formed XML: element <odd> is not closed"},
		{"too deep", strings.Repeat("<p>", 600), false, "elements nested deeper than 512 levels"},
		{"fonds: runner after the notes", `<runner>x</runner>`, true, `ead: <runner> cannot stand in <archdesc> after <controlaccess>`},
		{"fonds: dsc with c01 in a plain build", `<dsc><c01><did><unittitle>x</unittitle></did></c01></dsc>`, true,
			`the units fonds writes in <dsc> (<c>) cannot follow <c01>`},
		{"fonds: header element out of place", `<eadheader><filedesc><notestmt><note><p>x</p></note></notestmt></filedesc><eadid>x</eadid></eadheader>`, true,
			`<eadid> cannot stand in <eadheader> after <eadid>; EAD 2002 allows there <filedesc>`},
	}
	a := fresh(t, "letters")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := rawErrors(t, a, tt.raw, tt.fonds, Options{})
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e, tt.want)
			}
			if !found {
				t.Errorf("errors:\n%s\nwant one containing:\n%s", strings.Join(errs, "\n"), tt.want)
			}
		})
	}
}

// rawAccepted are fragments real finding aids keep as raw EAD (the
// samples in ../shared/ead-samples and the importer's fixtures): each
// passes the check and, built, validates against the schema.
var rawAccepted = []struct {
	name, raw string
	fonds     bool
}{
	{"physloc and materialspec", `<did><physloc>Shelf 3</physloc><materialspec>1:50 000</materialspec><note><p>Torn.</p></note></did>`, false},
	{"second unittitle", `<did><unittitle type="alt">Brieven</unittitle><unitid type="old">A-12</unitid></did>`, false},
	{"prefercite", `<prefercite><head>Cite as</head><p>IISH, Letters, no. 6</p></prefercite>`, false},
	{"head", `<head>Letters of 1931</head>`, false},
	{"controlaccess with a head", `<controlaccess><head>Subjects</head><subject source="lcsh">Socialism</subject><genreform>Letters</genreform></controlaccess>`, false},
	{"odd with a chronlist", `<odd type="history"><chronlist><chronitem><date normal="1931">1931</date><event>Founded</event></chronitem></chronlist></odd>`, false},
	{"table", `<odd><table frame="all"><tgroup cols="2"><colspec colname="a"/><tbody><row><entry>1</entry><entry>2</entry></row></tbody></tgroup></table></odd>`, false},
	{"dao group", `<daogrp xlink:type="extended"><daoloc xlink:type="locator" xlink:href="scans/6.jpg" xlink:label="s6"/></daogrp>`, false},
	{"links", `<relatedmaterial><p>See <extref xlink:type="simple" xlink:href="https://example.org/a b" xlink:show="new" xlink:actuate="onRequest">the catalogue</extref> and <ref target="inv-4">no. 4</ref>.</p></relatedmaterial>`, false},
	{"ids and refs among raw", `<odd id="raw-odd-1"><p>x</p></odd><odd><p><ref target="raw-odd-1">above</ref></p></odd>`, false},
	{"internal audience", `<odd audience="internal"><p>For staff.</p></odd>`, false},
	{"emphasis", `<scopecontent><p><emph render="super">1</emph> <emph render="bolditalic">x</emph><lb/>y</p></scopecontent>`, false},
	{"comments", `<odd><!-- kept --><p>x<!-- y --></p></odd>`, false},
	{"header parts", `<eadheader><filedesc><titlestmt><subtitle>A subtitle</subtitle></titlestmt><notestmt><note><p>Encoded by hand.</p></note></notestmt></filedesc><profiledesc><creation>By hand, <date normal="2001">2001</date>.</creation></profiledesc></eadheader>`, true},
	{"fonds did and dsc", `<did><physloc>Depot</physloc></did><dsc><head>Inventory</head><p>The letters in order.</p></dsc>`, true},
	{"fonds runner first", `<odd><p>Remarks.</p></odd><descgrp><head>More</head><accruals><p>None expected.</p></accruals></descgrp>`, true},
}

// TestRawAccepted: fragments as real finding aids hold them pass the check,
// and the EAD built with them is valid (xmllint against ead.xsd).
func TestRawAccepted(t *testing.T) {
	a := fresh(t, "letters")
	dir := t.TempDir()
	var files []string
	for i, tt := range rawAccepted {
		if errs := rawErrors(t, a, tt.raw, tt.fonds, Options{}); len(errs) > 0 {
			t.Errorf("%s: refused:\n%s", tt.name, strings.Join(errs, "\n"))
			continue
		}
		path := filepath.Join(dir, fmt.Sprintf("raw-%02d.xml", i))
		if err := os.WriteFile(path, write(t, a, Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	// numbered, the same fragments stand in c01…c12
	if errs := rawErrors(t, a, rawAccepted[0].raw, false, Options{Numbered: true}); len(errs) > 0 {
		t.Errorf("numbered: %v", errs)
	}
	a.ByID["inv-6"].OwnDetails().Raw, a.Fonds.Raw = "", ""
	xmllint(t, files...)
}

// TestRawPositions: a problem in an ead field written as a literal block
// is reported at its own line and column; in a quoted one, at the field
// with the line inside it. Every problem of a field is reported, up to a
// limit.
func TestRawPositions(t *testing.T) {
	fonds := `reference_code: FIX-R
title: Raw
dates: "1950"
extent: 1 folder
repository: {name: R, isil: NL-AmISG, country: NL}
finding_aid: {id: fix-r, date: "2024", language: eng}
contents:
  - id: a
    title: A
    ead: |
      <odd>
        <p>fine</p>
      </odd>
      <prefercite>
        <head>Cite</head>
      </prefercite>
      <runner>x</runner>
  - id: b
    title: B
    ead: "<odd>\n<list>loose</list></odd>"
  - id: c
    title: C
    ead: "` + strings.Repeat(`<odd id='1'><p>x</p></odd>`, 14) + `"
`
	fsys := fstest.MapFS{"fonds.yaml": {Data: []byte(fonds)}}
	res := build.CheckFS(fsys, "x", build.Options{Checkers: []build.Checker{Output{}}})
	var got []string
	for _, d := range res.Diags {
		if d.Severity == source.Error {
			got = append(got, d.Error())
		}
	}
	want := []string{
		"x/fonds.yaml:14:7: unit a: ead: <prefercite> ends after <head>, but EAD 2002 requires one of <address>, <blockquote>, <chronlist>, <list>, <note>, <p>, <prefercite>, <table> there",
		"x/fonds.yaml:17:7: unit a: ead: <runner> cannot stand in <c> after <prefercite>;",
		"x/fonds.yaml:20:10: unit b: ead: text \"loose\" cannot stand in <list>: EAD 2002 allows only elements there (<defitem>, <head>, <item>, <listhead>) (line 2 of the ead value)",
		"x/fonds.yaml:23:11: unit c: ead: <odd id=\"1\">: @id \"1\" is not an XML id",
		"x/fonds.yaml:23:37: unit c: ead: <odd id=\"1\">",
		"x/fonds.yaml:23:10: unit c: ead: 4 more problems",
	}
	if len(got) != 2+2+10+1 {
		t.Errorf("%d errors, want 15:\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no error %q in:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// rawSeeds are fragments of raw EAD for the fuzzer: the table tests' and
// the elements of the real finding aids in ../shared/ead-samples that
// fonds keeps as raw EAD where they stand (children of archdesc, of a
// component and of a did), as the importer writes them.
func rawSeeds(tb testing.TB) []string {
	var out []string
	for _, r := range rawAccepted {
		out = append(out, r.raw)
	}
	// the tests run in pkg/ead; ../shared lies beside the repository
	samples, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "ead-samples", "*.xml"))
	for _, s := range samples {
		doc := etree.NewDocument()
		doc.ReadSettings.Permissive = true
		if err := doc.ReadFromFile(s); err != nil || doc.Root() == nil {
			continue
		}
		seen := map[string]int{}
		var walk func(e *etree.Element)
		walk = func(e *etree.Element) {
			for _, k := range e.ChildElements() {
				if k.Tag == "c" || strings.HasPrefix(k.Tag, "c0") || k.Tag == "c10" || k.Tag == "c11" || k.Tag == "c12" ||
					k.Tag == "did" || k.Tag == "dsc" || k.Tag == "archdesc" {
					walk(k)
					continue
				}
				d := etree.NewDocument()
				d.SetRoot(k.Copy())
				d.WriteSettings.CanonicalText = true
				s, err := d.WriteToString()
				if err != nil || len(s) > 4<<10 || seen[k.Tag] >= 2 {
					continue
				}
				seen[k.Tag]++
				if e.Tag == "did" {
					s = "<did>" + s + "</did>"
				}
				out = append(out, s)
			}
		}
		if ad := doc.Root().SelectElement("archdesc"); ad != nil {
			walk(ad)
		}
	}
	return out
}

// FuzzRawEAD feeds raw EAD to fonds check, as a unit's ead field (with
// plain and numbered components) and as the fonds's, and asserts the promise of the check: whatever passes it
// builds to an EAD that xmllint validates against ead.xsd, with every
// link's target an id of the document.
func FuzzRawEAD(f *testing.F) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			f.Fatal("xmllint is not installed: CI must validate the EAD (install libxml2-utils)")
		}
		f.Skip("xmllint is not installed: the fuzzer validates what passes the check with it")
	}
	for _, s := range rawSeeds(f) {
		f.Add(s)
	}
	for _, s := range []string{
		`<odd xmlns="http://www.w3.org/1999/xhtml"><p>x</p></odd>`, `<odd><c/></odd>`, `<runner>x</runner>`,
		`<prefercite><p>x</p></prefercite>`, `<dao xlink:href="a b"/>`, `<did><unittitle>x</unittitle></did><dsc><p>x</p></dsc>`,
	} {
		f.Add(s)
	}
	a := fresh(f, "letters")
	f.Fuzz(func(t *testing.T, raw string) {
		dir := t.TempDir()
		var files []string
		for i, v := range []struct{ fonds, numbered bool }{{false, false}, {false, true}, {true, false}} {
			opt := Options{Numbered: v.numbered}
			if errs := rawErrors(t, a, raw, v.fonds, opt); len(errs) > 0 {
				continue
			}
			var buf bytes.Buffer
			if err := Write(&buf, a, opt); err != nil {
				t.Fatalf("the check passed, the writer refused: %v", err)
			}
			checkIDRefs(t, "raw.xml", buf.Bytes())
			path := filepath.Join(dir, fmt.Sprintf("raw-%d.xml", i))
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
		if len(files) > 0 {
			xmllint(t, files...)
		}
	})
}
