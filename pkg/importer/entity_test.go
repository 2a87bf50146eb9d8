package importer

import (
	"fmt"
	"strings"
	"testing"
)

// TestEntityBombs: entities that expand without bound ("billion laughs")
// are refused with a position, in bounded time and memory, whether one
// entity grows too far or many uses of a modest one add up; a modest
// entity used a few times is read.
func TestEntityBombs(t *testing.T) {
	doc := func(decls, body string) string {
		return `<?xml version="1.0"?>
<!DOCTYPE ead [
` + decls + `]>
<ead><eadheader><eadid>x</eadid><filedesc><titlestmt><titleproper>T</titleproper></titlestmt></filedesc></eadheader>
<archdesc level="fonds"><did><unittitle>` + body + `</unittitle></did></archdesc></ead>`
	}
	laughs := `<!ENTITY a0 "lol">` + "\n"
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf(`<!ENTITY a%d "%s">`+"\n", i, strings.Repeat(fmt.Sprintf("&a%d;", i-1), 10))
	}
	kib := `<!ENTITY k "` + strings.Repeat("x", 60<<10) + `">` + "\n"
	tests := []struct{ name, xml, want string }{
		// at the declaration of the first entity past the bound
		{"billion laughs", doc(laughs, "&a9;"), "x.xml:8:1: entity &a5; expands to more than 64 KiB of text"},
		// at the use past the bound: 273 uses of 60 KiB make 16 MiB
		{"many uses", doc(kib, strings.Repeat("&k;", 300)), "x.xml:6:860: the entities declared in the DOCTYPE expand to more than 16 MiB of text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(strings.NewReader(tt.xml), "x.xml", Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s…", err, tt.want)
			}
		})
	}
	res, err := Import(strings.NewReader(doc(`<!ENTITY iish "International Institute of Social History">`+"\n", "Papers at the &iish;")), "x.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Files["fonds.yaml"]), "Papers at the International Institute of Social History") {
		t.Errorf("a modest entity was not expanded:\n%s", res.Files["fonds.yaml"])
	}
}

// TestUnsafeAndForeignKept: a link a browser would run and an element of
// another namespace are not written into the sources (EAD 2002 and the
// raw-EAD check refuse them) and the summary says so.
func TestUnsafeAndForeignKept(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<ead xmlns="urn:isbn:1-931666-22-9" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:v="http://vendor.example/ns">
<eadheader><eadid>j-01</eadid><filedesc><titlestmt><titleproper>J</titleproper></titlestmt></filedesc></eadheader>
<archdesc level="fonds">
<did><unittitle>J fonds</unittitle><unitdate normal="1900">1900</unitdate><dao xlink:href="javascript:alert(1)" xlink:title="x"/><v:extra>Vendor text</v:extra></did>
</archdesc>
</ead>`
	res, err := Import(strings.NewReader(src), "j.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	fonds := string(res.Files["fonds.yaml"])
	for _, bad := range []string{"javascript", "extra", "Vendor text"} {
		if strings.Contains(fonds, bad) {
			t.Errorf("fonds.yaml holds %q:\n%s", bad, fonds)
		}
	}
	var b strings.Builder
	res.Report.WriteTo(&b)
	for _, want := range []string{`@href="javascript:alert(1)" on dao (a link a browser would run)`, "element extra of namespace http://vendor.example/ns ×1, 11 characters (line 5)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "extra (kept") {
		t.Errorf("summary says the foreign element was kept:\n%s", b.String())
	}
}
