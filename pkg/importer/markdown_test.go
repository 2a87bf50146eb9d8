package importer

import (
	"bytes"
	"strings"
	"testing"
)

// TestMarkdownPhraseEdges: a space just inside a phrase's markup
// ("dans<emph> Bulletin</emph>") stays between the words, outside the
// Markdown delimiters (a French archive's bibliography lost it).
func TestMarkdownPhraseEdges(t *testing.T) {
	for _, tt := range []struct{ p, want string }{
		{`dans<emph render="italic"> Bulletin des Amis</emph>, 1987`, "dans *Bulletin des Amis*, 1987"},
		{`voir <emph render="bold">ceci </emph>et cela`, "voir **ceci** et cela"},
		{`see<extref href="https://example.org/"> the site</extref>.`, "see [the site](https://example.org/)."},
	} {
		ead := `<ead><eadheader><eadid>X</eadid></eadheader><archdesc level="fonds"><did><unittitle>X</unittitle></did><odd><p>` + tt.p + `</p></odd></archdesc></ead>`
		res, err := Import(bytes.NewReader([]byte(ead)), "x.xml", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(res.Files["fonds.yaml"]); !strings.Contains(got, "notes: "+tt.want+"\n") {
			t.Errorf("%s: want notes: %s in\n%s", tt.p, tt.want, got)
		}
	}
}
