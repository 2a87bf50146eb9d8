package eadtext

import (
	"testing"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// FuzzRead: no raw EAD makes Read panic, and the Markdown of every note it
// reads is accepted by fonds's Markdown reader, whatever the text holds.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		`<did><physloc>Avery</physloc><unitid type="ark"><extref xlink:href="https://x.example/a">ark</extref></unitid></did>`,
		`<odd><head>H</head><p># *x* [y](z) <emph>1.</emph><lb/>- a</p><list><item>+ b</item></list><chronlist><chronitem><date>1</date><event>e</event></chronitem></chronlist></odd>`,
		`<controlaccess><controlaccess><head>g</head><subject>s</subject></controlaccess></controlaccess><index><indexentry><persname>p</persname></indexentry></index>`,
		`<eadheader><filedesc><titlestmt><subtitle>s</subtitle></titlestmt></filedesc></eadheader><dsc><head>h</head></dsc>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		k, err := Read(raw, false)
		if err != nil {
			return
		}
		for _, n := range k.Notes {
			if doc := prose.Parse(n.Text); len(doc.Problems) > 0 {
				t.Fatalf("note %q: Markdown %q refused: %s", n.Head, n.Text, doc.Problems[0].Msg)
			}
		}
	})
}
