package importer

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// entityDoc is an EAD whose DOCTYPE declares decls, with body in a note.
func entityDoc(decls, body string) string {
	return `<?xml version="1.0"?>
<!DOCTYPE ead PUBLIC "+//ISBN 1-931666-00-8//DTD ead.dtd (Encoded Archival Description (EAD) Version 2002)//EN" "ead.dtd" [
` + decls + `]>
<ead><eadheader><eadid>x</eadid><filedesc><titlestmt><titleproper>T</titleproper></titlestmt></filedesc></eadheader>
<archdesc level="fonds"><did><unittitle>Papers</unittitle><unitdate normal="1900">1900</unitdate></did>
<odd>` + body + `</odd></archdesc></ead>`
}

// hugeEntity streams a DOCTYPE declaring one entity of n bytes, then the
// rest of a finding aid, without ever holding the entity; read counts
// what the import read of it.
type hugeEntity struct {
	head, tail string
	n, read    int64
}

func (h *hugeEntity) Read(p []byte) (int, error) {
	total := int64(len(h.head)) + h.n + int64(len(h.tail))
	if h.read >= total {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && h.read < total {
		switch {
		case h.read < int64(len(h.head)):
			p[k] = h.head[h.read]
		case h.read < int64(len(h.head))+h.n:
			p[k] = 'x'
		default:
			p[k] = h.tail[h.read-int64(len(h.head))-h.n]
		}
		k++
		h.read++
	}
	return k, nil
}

// TestHugeEntity: a DOCTYPE declaring a 1 GB entity is refused at the
// entity's line having read 64 KiB of it and a buffer, and allocating
// about as much: the entity is never held.
func TestHugeEntity(t *testing.T) {
	h := &hugeEntity{
		head: "<?xml version=\"1.0\"?>\n<!DOCTYPE ead [\n<!ENTITY small \"s\">\n<!ENTITY big \"",
		n:    1 << 30,
		tail: "\">\n]>\n<ead/>",
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Import(h, "big.xml", Options{})
	runtime.ReadMemStats(&after)
	want := "big.xml:4:1: entity &big; is longer than 64 KiB; fonds refuses it"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %s…", err, want)
	}
	if h.read > 512<<10 {
		t.Errorf("read %d bytes of a refused file; a bound and a buffer are 64 KiB + 128 KiB", h.read)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<20 {
		t.Errorf("allocated %d bytes to refuse the entity; want under 2 MiB", alloc)
	}
}

// TestEntities: what a DOCTYPE declares is expanded as XML expands it, or
// refused with its line: markup in an entity becomes elements (DTD-era
// boilerplate notes), an entity may use one declared after it, XML's
// double escape gives a literal <, and an entity that uses itself, one
// with markup in an attribute, one whose markup is not well-formed and
// declarations past 1 MiB are refused.
func TestEntities(t *testing.T) {
	note := `<!ENTITY note "<p>Consult the <emph render='italic'>reading room</emph> &where;.</p>">
<!ENTITY where "at &inst;">
<!ENTITY inst "the Institute &amp; Library">
<!ENTITY lt2 "&#38;#60;b&#38;#62;">
`
	res, err := Import(strings.NewReader(entityDoc(note, "&note;<p>Escaped: &lt2;</p>")), "x.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	fonds := string(res.Files["fonds.yaml"])
	for _, want := range []string{`Consult the *reading room* at the Institute \& Library.`, `Escaped: \<b\>`} {
		if !strings.Contains(fonds, want) {
			t.Errorf("fonds.yaml lacks %q:\n%s", want, fonds)
		}
	}

	many := ""
	for i := range 20 {
		many += fmt.Sprintf("<!ENTITY e%d \"%s\">\n", i, strings.Repeat("y", 60<<10))
	}
	tests := []struct{ name, decls, body, want string }{
		{"cycle", "<!ENTITY a \"x &b; y\">\n<!ENTITY b \"&a;\">\n", "<p>&a;</p>",
			"x.xml:3:1: entity &a; refers to itself (&a; → &b; → &a;); fonds refuses it, as XML does"},
		{"self", "<!ENTITY self \"&self;\">\n", "<p>x</p>", "x.xml:3:1: entity &self; refers to itself (&self; → &self;)"},
		{"markup in an attribute", "<!ENTITY m \"<p>x</p>\">\n", `<p><extref href="&m;">x</extref></p>`,
			"x.xml:7:9: an entity used in an attribute value holds markup (<p>), which XML does not allow there"},
		{"markup not well-formed", "<!ENTITY bad \"<p>unclosed\">\n", "&bad;",
			"x.xml:7:6: entity &bad; (declared on line 3) holds XML that is not well-formed: element <p> is not closed in it"},
		{"undeclared in an entity", "<!ENTITY u \"&nope;\">\n", "<p>&u;</p>", "x.xml:7:9: entity &u; (declared on line 3) holds XML that is not well-formed: invalid character entity &nope;"},
		{"declarations past 1 MiB", many, "<p>x</p>", "x.xml:20:1: the entities the DOCTYPE declares hold more than 1 MiB of text"},
		{"external", "<!ENTITY ext SYSTEM \"boiler.xml\">\n", "<p>&ext;</p>", "entity &ext; is declared as an external file, which fonds does not read"},
		{"DOCTYPE not closed", "<!ENTITY a \"x\">\n", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := entityDoc(tt.decls, tt.body)
			if tt.want == "" {
				src = "<?xml version=\"1.0\"?>\n<!DOCTYPE ead [\n" + tt.decls
				tt.want = "x.xml:4:1: malformed XML: the file ends inside the DOCTYPE"
			}
			_, err := Import(strings.NewReader(src), "x.xml", Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestPositionsAfterDOCTYPE: fonds reads the DOCTYPE itself, and the
// decoder the rest; positions after it are the file's, in UTF-8 and in
// UTF-16.
func TestPositionsAfterDOCTYPE(t *testing.T) {
	src := "<?xml version=\"1.0\"?>\n<!-- a\ncomment -->\n<!DOCTYPE ead [\n<!ENTITY a \"x\">\n<!-- ] > -->\n<!ATTLIST p x CDATA \"]>\">\n]>\n<ead>\n  <eadheader></bad>\n</ead>"
	_, err := Import(strings.NewReader(src), "x.xml", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "x.xml:10:") {
		t.Errorf("UTF-8: %v, want x.xml:10:…", err)
	}
	u := []byte{0xFF, 0xFE}
	for _, r := range strings.Replace(src, `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="UTF-16"?>`, 1) {
		u = append(u, byte(r), byte(r>>8))
	}
	_, err = Import(strings.NewReader(string(u)), "x.xml", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "x.xml:10:") {
		t.Errorf("UTF-16: %v, want x.xml:10:…", err)
	}
	_, err = Import(strings.NewReader("<ead><!DOCTYPE ead [<!ENTITY a \"x\">]></ead>"), "x.xml", Options{})
	if err == nil || !strings.Contains(err.Error(), "a DOCTYPE after the root element's start") {
		t.Errorf("a late DOCTYPE: %v", err)
	}
}

// TestCommentCharacters: encoding/xml reads a comment's characters
// unchecked; the import refuses what XML does not allow in one, as xmllint
// does, rather than take a file that is not XML.
func TestCommentCharacters(t *testing.T) {
	for _, tt := range []struct{ name, comment, want string }{
		{"control character", "a \x18 b", "x.xml:3:25: malformed XML: a comment holds the character U+0018, which XML does not allow"},
		{"not UTF-8", "a \xff b", "x.xml:3:25: malformed XML: a comment holds bytes that are not UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "<?xml version=\"1.0\"?>\n<ead><eadheader><eadid>x</eadid></eadheader>\n<archdesc level=\"fonds\"><!--" + tt.comment + "--><did/></archdesc></ead>"
			_, err := Import(strings.NewReader(src), "x.xml", Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	src := "<?xml version=\"1.0\"?>\n<ead><eadheader><eadid>x</eadid></eadheader><archdesc level=\"fonds\"><!-- kept out, \t√ fine --><did><unittitle>T</unittitle></did></archdesc></ead>"
	if _, err := Import(strings.NewReader(src), "x.xml", Options{}); err != nil {
		t.Errorf("a comment of allowed characters: %v", err)
	}
}
