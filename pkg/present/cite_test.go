package present_test

import (
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

func check(t *testing.T, dir string) *model.Archive {
	t.Helper()
	res := build.Check(filepath.Join(testtool.Root(t), dir), build.Options{})
	if res.Failed(false) {
		t.Fatal(res.Diags.Err())
	}
	return res.Archive
}

// TestCitation: the default form where the sources give none, the fonds's
// preferred citation followed by a unit's number, and a unit's own.
func TestCitation(t *testing.T) {
	trotsky := check(t, "sources/trotsky-ilo")
	letters := check(t, "testdata/fixtures/letters")
	search := check(t, "testdata/fixtures/search")
	byID := func(a *model.Archive, id string) *model.Component {
		for _, c := range a.Components {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no unit %s", id)
		return nil
	}
	for _, c := range []struct {
		a    *model.Archive
		c    *model.Component
		want string
	}{
		{trotsky, nil, "International Institute of Social History, Lev Davidovič Trockij / International Left Opposition Archives, ARCH01483"},
		{letters, letters.ByInv[4], "Fictional Archive of Test Fixtures, Papers of the Imaginary Correspondence Bureau (fictional test fixture), FIX-LETTERS, inv. no. 4"},
		{letters, byID(letters, "general"), "Fictional Archive of Test Fixtures, Papers of the Imaginary Correspondence Bureau (fictional test fixture), FIX-LETTERS, General correspondence"},
		{search, nil, "Second Fictional Archive, Letters of the Fictional Committee, FIX-SEARCH"},
		{search, search.ByInv[2], "Second Fictional Archive, Letters of the Fictional Committee, FIX-SEARCH, inv. no. 2"},
		{search, search.ByInv[10], "Second Fictional Archive, Hollis letters, FIX-SEARCH, inv. no. 10 (original in private hands)"},
	} {
		if got := present.Citation(c.a, c.c, false); got != c.want {
			t.Errorf("Citation = %q\nwant %q", got, c.want)
		}
	}

	// A preferred citation marked internal counts only in an internal build;
	// one in Markdown is cited as its words.
	search.Fonds.PreferredCitation = model.Prose{Text: "Cite *this* [Kolář](person:kolar) and <person:hollis>, no. 2 of <inv:2>.", Internal: true}
	if got := present.Citation(search, search.ByInv[1], false); got != "Second Fictional Archive, Letters of the Fictional Committee (fictional test fixture), FIX-SEARCH, inv. no. 1" {
		t.Errorf("an internal citation is used in a published build: %q", got)
	}
	if got := present.Citation(search, nil, true); got != "Cite this Kolář and Hollis, Mary, no. 2 of Letter on the budget." {
		t.Errorf("Markdown citation: %q", got)
	}
	// The encoder's marks are cited as every output prints them.
	cite, _ := model.NoteNamed("preferred_citation")
	notes := new(model.UnitNotes)
	notes.Set(cite, model.Prose{Text: "Comitee [sic] letters, [...] 1932"})
	search.ByInv[2].Description = notes
	if got := present.Citation(search, search.ByInv[2], false); got != "Comitee [sic] letters, […] 1932" {
		t.Errorf("a citation with editorial marks: %q", got)
	}
}

// TestPlain: a note's words without Markdown, blocks one a line, bare
// references named, escapes and entities resolved, hidden units untold
// unless internal units are published, the editorial marks kept.
func TestPlain(t *testing.T) {
	a := check(t, "testdata/fixtures/search")
	for _, c := range []struct {
		in, want string
		internal bool
	}{
		{"*em* and **strong**, `code`", "em and strong, code", false},
		{"Para one\nwraps.\n\nPara two.", "Para one wraps.\nPara two.", false},
		{"- one\n- two\n\n> quote", "one\ntwo\nquote", false},
		{"<person:kolar>, <pseudonym:ps-mara>, <body:committee>, <place:kadikoy>, <reel:2>, <inv:7>", "Kolář, Jan, Mara, Fictional Committee, Kadıköy, reel 2, Letter to the editor", false},
		{"<inv:9> is internal", "no. 9 is internal", false},
		{"<inv:9> is internal", "Secret minutes of Kolář and Hollis is internal", true},
		{"digitzation [sic], [...] and […]; \\[sic] is text", "digitzation [sic], […] and […]; [sic] is text", false},
		{"*Comitee* [sic]\n\n[…] lost", "Comitee [sic]\n[…] lost", false},
		{`\*not em\* &amp; &eacute;t&#233; [link](https://example.org) <https://example.org/x>`, "*not em* & été link https://example.org/x", false},
	} {
		if got := present.Plain(a, c.in, c.internal); got != c.want {
			t.Errorf("Plain(%q, internal %v) = %q, want %q", c.in, c.internal, got, c.want)
		}
	}
}
