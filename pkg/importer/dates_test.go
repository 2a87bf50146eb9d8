package importer

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
)

// built is an EAD document imported and built with the three outputs: the
// import, the sources' folder, the finding aid's name, the text of its PDF
// (pdftotext -layout), its site's index.html and its EAD, which xmllint
// has validated.
type built struct {
	res       *Result
	src, slug string
	pdf, page []byte
	ead       []byte
}

func importAndBuild(t *testing.T, in string) built {
	t.Helper()
	res, err := Import(strings.NewReader(in), "x.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := built{res: res, src: filepath.Join(t.TempDir(), "sources", res.Name)}
	writeSources(t, b.src, res)
	out := buildAll(t, b.src)
	b.slug = filepath.Base(out)
	bin := testtool.Need(t, "pdftotext")
	if b.pdf, err = exec.Command(bin, "-layout", "-enc", "UTF-8", filepath.Join(out, b.slug+".pdf"), "-").Output(); err != nil {
		t.Fatal(err)
	}
	if b.page, err = os.ReadFile(filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(out, b.slug+".xml")
	xmllint(t, file)
	if b.ead, err = os.ReadFile(file); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInclusiveDate: a collection date the EAD says is inclusive, beside a
// bulk date, is imported with its type, and every output tells the reader:
// the PDF and the site print "(inclusive)", the EAD keeps
// type="inclusive", valid, and apeEAD, which has no @type, says it in
// words; a re-import of fonds's EAD, which writes type="inclusive" on
// every date that is not bulk, leaves the type out again.
func TestInclusiveDate(t *testing.T) {
	in := `<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid><filedesc><titlestmt><titleproper>Papers</titleproper></titlestmt>` +
		`<publicationstmt><publisher>Archive</publisher><date normal="2024">2024</date></publicationstmt></filedesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitid>X1</unitid>` +
		`<unitdate normal="1792/1935" type="inclusive">1792-1935</unitdate><unitdate normal="1835/1895" type="bulk">1835-1895</unitdate></did>` +
		`<dsc><c01 level="file"><did><unitid>1</unitid><unittitle>Letters</unittitle><unitdate normal="1900" type="inclusive">1900</unitdate></did></c01>` +
		`<c01 level="file"><did><unitid>2</unitid><unittitle>Notes</unittitle><unitdate normal="1901">1901</unitdate></did></c01></dsc></archdesc></ead>`
	b := importAndBuild(t, in)
	if got := strings.Count(string(b.res.Files["fonds.yaml"]), "type: inclusive"); got != 2 {
		t.Errorf("fonds.yaml has type: inclusive %d times, want 2 (the collection, unit 1):\n%s", got, b.res.Files["fonds.yaml"])
	}
	if got := strings.Count(string(b.pdf), "1792-1935 (inclusive); bulk 1835-1895"); got != 2 {
		t.Errorf("the PDF prints the dates with their type %d times, want 2 (title page, description):\n%s", got, b.pdf)
	}
	if !strings.Contains(string(b.pdf), "1900 (inclusive)") || strings.Contains(string(b.pdf), "1901 (inclusive)") {
		t.Errorf("the PDF's units: 1900 (inclusive), and 1901 without:\n%s", b.pdf)
	}
	if !strings.Contains(string(b.page), "1792-1935 (inclusive); bulk 1835-1895") {
		t.Errorf("the site's description has no \"(inclusive)\":\n%s", b.page)
	}
	if !bytes.Contains(b.ead, []byte(`<unitdate type="inclusive" normal="1792/1935" encodinganalog="3.1.3">1792-1935</unitdate>`)) {
		t.Errorf("the EAD's unitdate:\n%s", b.ead)
	}
	chk := build.Check(b.src, build.Options{})
	if chk.Archive == nil || chk.Diags.HasErrors() {
		t.Fatalf("check: %v", chk.Diags)
	}
	chk.Archive.Fonds.Repository.ISIL, chk.Archive.Fonds.Repository.Country = "NL-XxTEST", "NL"
	var ape bytes.Buffer
	if err := ead.Write(&ape, chk.Archive, ead.Options{Profile: "ape"}); err != nil {
		t.Fatal(err)
	}
	apeFile := filepath.Join(t.TempDir(), b.slug+".xml")
	if err := os.WriteFile(apeFile, ape.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ValidateAPE(t, apeFile)
	if !bytes.Contains(ape.Bytes(), []byte(`>1792-1935 (inclusive)</unitdate>`)) || !bytes.Contains(ape.Bytes(), []byte(`>bulk 1835-1895</unitdate>`)) {
		t.Errorf("apeEAD's unitdates:\n%s", ape.Bytes())
	}

	again, err := Import(bytes.NewReader(b.ead), "again.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(again.Files["fonds.yaml"]), "type: inclusive") {
		t.Errorf("fonds's EAD re-imported with type: inclusive:\n%s", again.Files["fonds.yaml"])
	}
}

// TestCreatorLabels: the labels of the archdesc's originations are kept
// with the creators (without a closing colon), and every output labels
// each creator so: the PDF and the site beside its name, the EAD in
// origination/@label, valid; a re-import of fonds's EAD keeps a label but
// the "Creator" that fonds writes for a creator with none.
func TestCreatorLabels(t *testing.T) {
	in := `<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid><filedesc><titlestmt><titleproper>Papers</titleproper></titlestmt>` +
		`<publicationstmt><publisher>Archive</publisher><date normal="2024">2024</date></publicationstmt></filedesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitid>X1</unitid><unitdate normal="1900">1900</unitdate>` +
		`<origination label="Creator:"><persname>Marx, Karl</persname></origination>` +
		`<origination label="Source"><corpname>Bookshop Verlag</corpname></origination></did>` +
		`<dsc><c01 level="file"><did><unitid>1</unitid><unittitle>Letters</unittitle><origination label="Writer"><persname>Engels, Friedrich</persname></origination></did></c01></dsc></archdesc></ead>`
	b := importAndBuild(t, in)
	fonds := string(b.res.Files["fonds.yaml"])
	if !strings.Contains(fonds, "creators:\n  - {name: ") || !strings.Contains(fonds, ", label: Creator}\n") || !strings.Contains(fonds, ", label: Source}\n") || strings.Contains(fonds, "Writer") {
		t.Errorf("creators in fonds.yaml:\n%s", fonds)
	}
	for _, re := range []string{`(?m)^Creator +Marx, Karl$`, `(?m)^Source +Bookshop Verlag$`} {
		if !regexp.MustCompile(re).Match(b.pdf) {
			t.Errorf("the PDF has no %s:\n%s", re, b.pdf)
		}
	}
	if bytes.Contains(b.pdf, []byte("Creators")) {
		t.Errorf("the PDF prints the heading Creators too:\n%s", b.pdf)
	}
	for _, dt := range []string{"<dt>Creator</dt>", "<dt>Source</dt>"} {
		if !bytes.Contains(b.page, []byte(dt)) {
			t.Errorf("the site's description has no %s:\n%s", dt, b.page)
		}
	}
	for _, o := range []string{`<origination label="Creator" encodinganalog="3.2.1"><persname`, `<origination label="Source" encodinganalog="3.2.1"><corpname`} {
		if !bytes.Contains(b.ead, []byte(o)) {
			t.Errorf("the EAD has no %s:\n%s", o, b.ead)
		}
	}
	again, err := Import(bytes.NewReader(b.ead), "again.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := string(again.Files["fonds.yaml"]); strings.Contains(f, "label: Creator") || !strings.Contains(f, "label: Source") {
		t.Errorf("fonds's EAD re-imported:\n%s", f)
	}
}
