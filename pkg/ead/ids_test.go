package ead

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
)

// TestIDPrefix checks that every id and reference of an EAD carries its
// finding aid's prefix and still resolves, that the EAD of a finding aid
// whose identifier begins with a digit stays valid, and that two finding
// aids that share ids in their sources share none in their EAD.
func TestIDPrefix(t *testing.T) {
	letters := load(t, "letters")
	if p := IDPrefix(letters); p != "fix-letters.1." {
		t.Errorf("IDPrefix(letters) = %q", p)
	}
	data := write(t, letters, Options{})
	checkIDRefs(t, "letters", data)
	n := 0
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, a := range e.Attr {
			if a.Space == "" && (a.Key == "id" || a.Key == "target") {
				n++
				if !strings.HasPrefix(a.Value, "fix-letters.1.") {
					t.Errorf("%s/@%s %q lacks the prefix", e.Tag, a.Key, a.Value)
				}
			}
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(parse(t, data).Root())
	if n < 100 {
		t.Errorf("only %d ids and references in the letters' EAD", n)
	}

	// Raw EAD kept from an import: its ids and references get the prefix
	// too, so that its links still lead where they did.
	a := fresh(t, "letters")
	a.ByID["inv-6"].OwnDetails().Raw = `<odd id="kept"><p>See <ref target="kept">this</ref> and <ref target="inv-1">unit 1</ref>; <list><item><ptr target="person-marchetti"/></item></list></p></odd>`
	raw := write(t, a, Options{})
	checkIDRefs(t, "letters with raw EAD", raw)
	for _, want := range []string{`<odd id="fix-letters.1.kept">`, `<ref target="fix-letters.1.kept">`, `<ref target="fix-letters.1.inv-1">`, `<ptr target="fix-letters.1.person-marchetti"/>`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("no %s in the EAD", want)
		}
	}

	// A finding aid whose identifier begins with a digit.
	digit := fresh(t, "letters")
	digit.Fonds.FindingAid.ID = "1999-04"
	if p := IDPrefix(digit); p != "_1999-04." {
		t.Errorf("IDPrefix of 1999-04 = %q", p)
	}
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "digit.xml"), filepath.Join(dir, "letters.xml")}
	os.WriteFile(files[0], write(t, digit, Options{}), 0o644)
	os.WriteFile(files[1], raw, 0o644)
	xmllint(t, files...)

	// The default sources and the letters both describe Prinkipo and
	// reels 1 to 4; their EAD files share no id.
	trotsky := parse(t, write(t, load(t, "trotsky-ilo"), Options{}))
	ids := map[string]bool{}
	for _, e := range trotsky.FindElements("//*[@id]") {
		ids[e.SelectAttrValue("id", "")] = true
	}
	if !ids["arch01483.place-prinkipo"] || !ids["arch01483.reel-1"] {
		t.Fatal("the default sources' EAD has no arch01483.place-prinkipo or arch01483.reel-1")
	}
	for _, e := range parse(t, data).FindElements("//*[@id]") {
		if ids[e.SelectAttrValue("id", "")] {
			t.Errorf("id %s is in both EAD files", e.SelectAttrValue("id", ""))
		}
	}
}

// TestCheckSet builds finding aids whose ids clash once prefixed: finding
// aid "x" with a unit "y.general", and finding aid "x.y" with a unit
// "general", are both "x.y.general" in the EAD.
func TestCheckSet(t *testing.T) {
	x, xy, other := fresh(t, "letters"), fresh(t, "letters"), load(t, "minimal")
	x.Fonds.FindingAid.ID = "x"
	x.ByID["general"].ID = "y.general"
	xy.Fonds.FindingAid.ID = "x.y"
	got := Output{}.CheckSet([]*model.Archive{xy, other, x})
	if len(got[1]) != 0 {
		t.Errorf("a finding aid with nothing in common: %v", got[1])
	}
	if len(got[0]) != 0 {
		t.Errorf("the first finding aid of the clash: %v", got[0])
	}
	if len(got[2]) != 1 {
		t.Fatalf("want one clash at the second finding aid, got %v", got)
	}
	d := got[2][0]
	want := `id "y.general" of unit y.general is "x.y.general" in the EAD, as is the id of unit general in finding aid "x.y"`
	if !strings.Contains(d.Error(), want) || d.Pos != x.ByID["general"].Pos {
		t.Errorf("got %v at %v, want %q at the unit", d, d.Pos, want)
	}
	// Apart, each is fine.
	for _, a := range []*model.Archive{x, xy} {
		if got := (Output{}).CheckSet([]*model.Archive{a, other}); len(got[0])+len(got[1]) != 0 {
			t.Errorf("alone: %v", got)
		}
	}
}
