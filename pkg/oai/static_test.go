package oai

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/oai/oaitest"
)

func TestStaticBase(t *testing.T) {
	for _, c := range []struct{ gateway, file, want string }{
		// The specification's own examples.
		{"http://gateway.institution.org/oai", "http://an.oai.org/ma/mini.xml", "http://gateway.institution.org/oai/an.oai.org/ma/mini.xml"},
		{"http://gateway.institution.org/oai/", "http://loca.org:8080/data", "http://gateway.institution.org/oai/loca.org%3A8080/data"},
		{"https://gw.example.org/sr", "https://archives.example.org/dist/static-repository.xml", "https://gw.example.org/sr/archives.example.org/dist/static-repository.xml"},
	} {
		got, err := StaticBase(c.gateway, c.file)
		if err != nil || got != c.want {
			t.Errorf("StaticBase(%q, %q) = %q, %v; want %q", c.gateway, c.file, got, err, c.want)
		}
	}
	for _, c := range []struct{ gateway, file, msg string }{
		{"gateway.example.org", "http://a.example.org/x.xml", "is not an http or https URL"},
		{"http://gw.example.org", "ftp://a.example.org/x.xml", "is not an http or https URL"},
		{"http://gw.example.org", "http://a.example.org/x.xml?v=1", "has a query or a fragment"},
		{"http://gw.example.org", "http://a.example.org/x.xml#top", "has a query or a fragment"},
	} {
		if _, err := StaticBase(c.gateway, c.file); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("StaticBase(%q, %q): %v, want an error that %s", c.gateway, c.file, err, c.msg)
		}
	}
}

// TestStaticRepository builds the fixtures with the static repository and
// checks the file against the specification: its structure with xmllint
// (testdata/static-all.xsd, the records against their own schemas), and
// the rules that the structure does not say.
func TestStaticRepository(t *testing.T) {
	static := Static{
		Options: Options{Admin: []string{"archivist@example.org"}},
		Gateway: "http://gateway.example.org/oai",
		URL:     "http://archives.example.org/dist/static-repository.xml",
	}
	write := func() []byte {
		out := filepath.Join(t.TempDir(), "dist")
		if _, err := build.Compile(fixtures, out, build.Options{}, []build.Output{ead.Output{}, static}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(out, StaticFile))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	data := write()
	if again := write(); !bytes.Equal(data, again) {
		t.Error("two builds of the same sources wrote different static repositories")
	}
	file := filepath.Join(t.TempDir(), StaticFile)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	schema, err := filepath.Abs(filepath.Join("testdata", "static-all.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	oaitest.Validate(t, schema, file)

	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Error("no UTF-8 XML declaration")
	}
	root := doc.Root()
	if root.Tag != "Repository" || root.NamespaceURI() != nsStatic {
		t.Fatalf("root %s in %s", root.Tag, root.NamespaceURI())
	}
	text := func(path string) string {
		e := doc.FindElement(path)
		if e == nil {
			t.Fatalf("no %s", path)
		}
		return e.Text()
	}
	if got := text("/Repository/Identify/oai:baseURL"); got != "http://gateway.example.org/oai/archives.example.org/dist/static-repository.xml" {
		t.Errorf("baseURL %q", got)
	}
	if got := text("/Repository/Identify/oai:granularity"); got != "YYYY-MM-DD" {
		t.Errorf("granularity %q, want YYYY-MM-DD", got)
	}
	if got := text("/Repository/Identify/oai:deletedRecord"); got != "no" {
		t.Errorf("deletedRecord %q", got)
	}
	if got := text("//oai-identifier/repositoryIdentifier"); got != "archives.example.org" {
		t.Errorf("the repository identifier %q, want the host of the file's URL", got)
	}
	stamps := doc.FindElements("//oai:datestamp")
	stamps = append(stamps, doc.FindElement("//oai:earliestDatestamp"))
	for _, e := range stamps {
		if _, err := time.Parse(dayLayout, e.Text()); err != nil {
			t.Errorf("datestamp %q is not YYYY-MM-DD", e.Text())
		}
	}
	for _, forbidden := range []string{"//oai:setSpec", "//oai:resumptionToken", "//oai:compression", "//oai:header[@status]"} {
		if e := doc.FindElement(forbidden); e != nil {
			t.Errorf("a static repository holds %s", forbidden)
		}
	}
	var listed, lists []string
	for _, e := range doc.FindElements("/Repository/ListMetadataFormats/oai:metadataFormat/oai:metadataPrefix") {
		listed = append(listed, e.Text())
	}
	for _, e := range doc.FindElements("/Repository/ListRecords") {
		lists = append(lists, e.SelectAttrValue("metadataPrefix", ""))
		if n := len(e.SelectElements("record")); n != len(fixtures) {
			t.Errorf("ListRecords %s holds %d records, want %d", e.SelectAttrValue("metadataPrefix", ""), n, len(fixtures))
		}
	}
	if !slices.Equal(listed, []string{"oai_dc", "ead"}) || !slices.Equal(lists, listed) {
		t.Errorf("formats %v, lists %v", listed, lists)
	}
}

func TestStaticLimit(t *testing.T) {
	repo := &Repository{Name: "x", Admin: []string{"a@example.org"}, ID: "example.org", Formats: []Format{DC}}
	dc := Bytes(dcRecord(map[string][]string{"title": {"x"}}))
	for i := range StaticLimit + 1 {
		repo.Records = append(repo.Records, &Record{Identifier: Identifier("example.org", strings.Repeat("a", i+1)), Metadata: map[string]Metadata{"oai_dc": dc}})
	}
	err := repo.WriteStatic(io.Discard, "http://gw.example.org/a.example.org/s.xml")
	if err == nil || !strings.Contains(err.Error(), "at most 5000 records; run fonds serve instead") {
		t.Errorf("5001 records: %v", err)
	}
	repo.Records = repo.Records[:StaticLimit]
	if err := repo.WriteStatic(io.Discard, "http://gw.example.org/a.example.org/s.xml"); err != nil {
		t.Errorf("5000 records: %v", err)
	}
}
