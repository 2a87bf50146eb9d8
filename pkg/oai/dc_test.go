package oai

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDublinCoreGolden maps the default sources and the letters fixture
// (which has every field) to Dublin Core and compares the records with
// testdata/dc.golden; UPDATE_GOLDEN=1 rewrites it. The records validate
// against oai_dc.xsd inside a GetRecord answer (TestEveryVerbAndError).
func TestDublinCoreGolden(t *testing.T) {
	archives, out := built(t, "../../sources/trotsky-ilo", fixtures[1])
	var got bytes.Buffer
	for _, a := range archives {
		f, err := os.Open(filepath.Join(out, a.Slug(), a.Slug()+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		dc, err := DublinCore(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString("== " + a.Fonds.FindingAid.ID + "\n")
		got.Write(dc)
		got.WriteString("\n")
	}
	path := filepath.Join("testdata", "dc.golden")
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 go test ./pkg/oai writes it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		os.WriteFile(path+".got", got.Bytes(), 0o644)
		t.Errorf("the Dublin Core differs from %s; see %s.got (UPDATE_GOLDEN=1 accepts it)", path, path)
	}
}

// TestDublinCoreLeavesOut checks what the mapping leaves out: headings,
// what is marked internal, and everything from the components on, and
// that it stops reading at the components.
func TestDublinCoreLeavesOut(t *testing.T) {
	ead := `<?xml version="1.0" encoding="UTF-8"?>
<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X</eadid></eadheader>
<archdesc level="fonds"><did><unittitle>Papers <emph render="italic">of</emph>  A</unittitle>
<unitdate>about 1900</unitdate><abstract>One<lb/>two</abstract></did>
<scopecontent><head>Scope</head><p>First.</p><p>Second <persname normal="B, C">C. B.</persname>.</p></scopecontent>
<accessrestrict audience="internal"><p>Secret.</p></accessrestrict>
<userestrict><p>Ask.</p><list><item>one</item><item>two</item></list></userestrict>
<dsc><c><did><unittitle>Not this</unittitle></did></c></dsc>
<controlaccess><subject>Not this either</subject></controlaccess>
` // no end: the mapping never reads this far
	got, err := DublinCore(strings.NewReader(ead))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<dc:title>Papers of A</dc:title>",
		"<dc:description>One two</dc:description>",
		"<dc:description>First. Second C. B..</dc:description>",
		"<dc:date>about 1900</dc:date>",
		"<dc:rights>Ask. one two</dc:rights>",
		"<dc:type>Collection</dc:type>",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
	for _, not := range []string{"Scope", "Secret", "Not this"} {
		if bytes.Contains(got, []byte(not)) {
			t.Errorf("%q is in\n%s", not, got)
		}
	}
	if _, err := DublinCore(strings.NewReader("<ead><archdesc><did>")); err == nil {
		t.Error("an EAD cut short before its components: no error")
	}
}
