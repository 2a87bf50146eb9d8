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
		{"billion laughs", doc(laughs, "&a9;"), "x.xml:13:3: entity &a5; expands to more than 64 KiB of text"},
		{"many uses", doc(kib, strings.Repeat("&k;", 300)), "x.xml:4:3: the entities declared in the DOCTYPE expand to more than 16 MiB of text"},
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
