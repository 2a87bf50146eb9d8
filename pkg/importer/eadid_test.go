package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIDFromAddress(t *testing.T) {
	tests := []struct {
		text, identifier, want string
		ok                     bool
	}{
		{"https://hdl.handle.net/10622/ARCH00111", "hdl:10622/ARCH00111", "ARCH00111", true},
		{"https://example.org/ead/mc_1/", "", "mc_1", true},
		{"http://example.org/show?id=7", "", "show", true},
		{"https://example.org/", "urn:x:coll-9", "coll-9", true},
		{"https://example.org/%20", "", "", false},
		{"ARCH00111", "", "", false},
		{"hdl:10622/ARCH00111", "", "", false},
	}
	for _, tt := range tests {
		id, ok := idFromAddress(tt.text, tt.identifier)
		if id != tt.want || ok != tt.ok {
			t.Errorf("idFromAddress(%q, %q) = %q, %v; want %q, %v", tt.text, tt.identifier, id, ok, tt.want, tt.ok)
		}
	}
}

// TestImportIISHAddress imports the IISH sample, whose eadid is the
// handle's address: the id is the last segment, the address the url.
func TestImportIISHAddress(t *testing.T) {
	file := filepath.Join(shared(t, "ead-samples"), "iisg_ARCH00111_julius-braunthal-papers.xml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(bytes.NewReader(data), file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Name != "arch00111" {
		t.Errorf("folder %q, want arch00111", res.Name)
	}
	fonds := string(res.Files["fonds.yaml"])
	if !strings.Contains(fonds, "finding_aid:\n  id: ARCH00111\n  url: https://hdl.handle.net/10622/ARCH00111\n") {
		t.Errorf("finding_aid in fonds.yaml:\n%s", fonds)
	}
}

// TestCreationDate: with no date in the publicationstmt, the finding aid's
// date is the day of its creation's date (ArchivesSpace's timestamp), said
// in the report, and the creation is kept as written; a publicationstmt's
// date comes first; a creation whose date fonds cannot read leaves the
// finding aid undated.
func TestCreationDate(t *testing.T) {
	doc := func(pub, created string) string {
		return `<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid><filedesc><titlestmt><titleproper>Papers</titleproper></titlestmt>` +
			`<publicationstmt><publisher>Archive</publisher>` + pub + `</publicationstmt></filedesc>` +
			`<profiledesc><creation>This finding aid was produced using ArchivesSpace on <date>` + created + `</date>.</creation></profiledesc></eadheader>` +
			`<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitid>X1</unitid><unitdate normal="1900">1900</unitdate></did></archdesc></ead>`
	}
	tests := []struct {
		pub, created, date, repaired string
	}{
		{"", "2023-06-16 19:34:00 +0200", `date: "2023-06-16"`, `the finding aid's date is its creation's, 2023-06-16`},
		{"", "2023-06-13T13:16:24", `date: "2023-06-13"`, `the finding aid's date is its creation's, 2023-06-13`},
		{`<date normal="2008">2008</date>`, "2017-05-02 16:11:04 +0000", `date: "2008"`, ""},
		{"", "last spring", `date: undated`, `the finding aid's date is written as undated`},
	}
	for _, tt := range tests {
		res, err := Import(strings.NewReader(doc(tt.pub, tt.created)), "x.xml", Options{})
		if err != nil {
			t.Fatal(err)
		}
		fonds := string(res.Files["fonds.yaml"])
		if !strings.Contains(fonds, "\n  "+tt.date+"\n") || !strings.Contains(fonds, tt.created) {
			t.Errorf("%q, %q: finding_aid.date not %s, or the creation not kept:\n%s", tt.pub, tt.created, tt.date, fonds)
		}
		var repaired []string
		for _, e := range res.Report.Repaired {
			if strings.Contains(e.What, "publicationstmt") {
				repaired = append(repaired, e.What)
			}
		}
		if got := strings.Join(repaired, "; "); tt.repaired == "" && got != "" || !strings.Contains(got, tt.repaired) {
			t.Errorf("%q, %q: report %q, want %q", tt.pub, tt.created, got, tt.repaired)
		}
	}
}
