package resolve_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/resolve"
)

func letters(t *testing.T) *model.Archive {
	t.Helper()
	res := build.Check("../../testdata/fixtures/letters", build.Options{})
	if res.Failed(true) {
		t.Fatalf("fixture does not check clean: %v", res.Diags.Err())
	}
	return res.Archive
}

// withAuthorities checks a finding aid of two files: a fonds.yaml of the
// required fields, naming a.yaml, and then holding contents (YAML, from
// line 9); and a.yaml, holding authorities.
func withAuthorities(contents, authorities string) *build.Result {
	head := "reference_code: T\ntitle: T\ndates: 1930\nextent: 1 box\nrepository: {name: R}\n" +
		"finding_aid: {id: t, date: 2020, language: eng}\nauthorities: a.yaml\n"
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte(head + contents)},
		"a.yaml":     {Data: []byte(authorities)},
	}
	return build.CheckFS(fsys, "fa", build.Options{})
}

func invs(cs []model.Citation) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Component.ID+"/"+c.Agent.Role.String()+"/"+c.Agent.Certainty.String())
	}
	return strings.Join(out, " ")
}

// TestPseudonymCitations: a unit that cites a person under a pseudonym is
// listed under the pseudonym and under the person, with the name it used.
func TestPseudonymCitations(t *testing.T) {
	a := letters(t)
	zora := a.PseudonymFor["ps-zora"]
	if zora == nil || zora.Person != a.PersonByID["petrova"] || !zora.Maintained {
		t.Fatalf("ps-zora: %+v", zora)
	}
	if got, want := invs(zora.Citations), "inv-1/sender/certain inv-5/sender/certain inv-11/addressee/certain"; got != want {
		t.Errorf("Zora cited by %s, want %s", got, want)
	}
	p := a.PersonByID["petrova"]
	if got, want := invs(p.Citations), "inv-1/sender/certain inv-2/sender/bracketed inv-4/addressee/certain inv-5/sender/certain inv-6/sender/certain inv-8/sender/certain inv-11/addressee/certain"; got != want {
		t.Errorf("Petrova cited by %s,\nwant %s", got, want)
	}
	if p.Heading() != "Zora" {
		t.Errorf("a maintained pseudonym is the heading: %q", p.Heading())
	}
	two := a.ByInv[2].From[0]
	if two.Cited() != "Stella" || two.Certainty != model.Bracketed || two.Pseudonym.Name != "Stella" || two.Person != p {
		t.Errorf("inv 2 sender: %q %+v", two.Cited(), two)
	}
	to := a.ByInv[2].To[0]
	if to.Cited() != "Marchetti, Aldo" || to.Certainty != model.Probable {
		t.Errorf("inv 2 addressee: %q (%s)", to.Cited(), to.Certainty)
	}
}

// TestReels: a unit on two reels is on both, and each reel lists it.
func TestReels(t *testing.T) {
	a := letters(t)
	four := a.ByInv[4]
	if len(four.Reels) != 2 || four.Reels[0].No != 1 || four.Reels[1].No != 2 {
		t.Fatalf("inv 4 on reels %v", four.Reels)
	}
	for _, r := range four.Reels {
		found := false
		for _, c := range r.Items {
			found = found || c == four
		}
		if !found {
			t.Errorf("reel %d does not list inv 4", r.No)
		}
	}
	// Units on one reel share its list of one, which an append does not
	// change for the others.
	one, three := a.ByInv[1], a.ByInv[3]
	if len(one.Reels) != 1 || len(three.Reels) != 1 || one.Reels[0] != three.Reels[0] {
		t.Fatalf("inv 1 on reels %v, inv 3 on %v; want one and the same", one.Reels, three.Reels)
	}
	if &one.Reels[0] != &three.Reels[0] || cap(one.Reels) != 1 {
		t.Errorf("inv 1 and inv 3 have lists of their own, or one with room to grow")
	}
	s := resolve.Summarize(a)
	if s.OnReels != 14 || s.Described != 14 || s.Reels != 4 || s.Pseudonyms != 6 || s.Maintained != 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestAmbiguousName(t *testing.T) {
	res := withAuthorities("contents:\n  - {inv: 1, title: L, from: \"Smith, Anna\"}\n",
		"persons:\n  - {id: a1, name: \"Smith, Anna\"}\n  - {id: a2, name: \"Smith, Anna\"}\n")
	want := `fa/fonds.yaml:9:30: contents[0].from: name "Smith, Anna" is ambiguous: it could be person a1 or person a2; write the id`
	if len(res.Diags) != 1 || res.Diags[0].Error() != want {
		t.Errorf("got %v\nwant %s", res.Diags.Err(), want)
	}
}

// TestChronologyOrder: events out of date order are a warning, but loose
// dates that overlap and open ends ("1904/..", "until 1940") are not.
func TestChronologyOrder(t *testing.T) {
	head := "reference_code: T\ntitle: T\ndates: 1930\nextent: 1 box\nrepository: {name: R}\n" +
		"finding_aid: {id: t, date: 2020, language: eng}\nchronology: c.yaml\n"
	events := []string{
		`"1910"`, `"1904/.."`, // an open end bounds nothing
		`"1910"`, `"1904-"`,
		`until 1940`, `"1935"`, // nor does an open start
		`until 1940`,
		`summer 1929`, `15 August 1929`, // loose dates that overlap
		`"1931"`, `"1930"`, // out of order
	}
	var c strings.Builder
	c.WriteString("chronology:\n")
	for _, e := range events {
		c.WriteString("  - {date: " + e + ", event: E}\n")
	}
	fsys := fstest.MapFS{"fonds.yaml": {Data: []byte(head)}, "c.yaml": {Data: []byte(c.String())}}
	res := build.CheckFS(fsys, "fa", build.Options{})
	want := "fa/c.yaml:12:5: warning: chronology[10]: event of 1930 comes after one of 1931"
	if len(res.Diags) != 1 || res.Diags[0].Error() != want {
		var got []string
		for _, d := range res.Diags {
			got = append(got, d.Error())
		}
		t.Errorf("got %q\nwant %s", got, want)
	}
}

// TestWrongKind: a place among the names, or a person among the places,
// is named as what it is, with where it goes; suggestions for unknown
// names come from the right kind only.
func TestWrongKind(t *testing.T) {
	res := withAuthorities("contents:\n  - {inv: 1, title: L, names: [Dublin], places: [anna, Dublinn]}\n",
		"persons:\n  - {id: anna, name: \"Smith, Anna\"}\nplaces:\n  - {id: dublin, name: Dublin}\n")
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.Error())
	}
	want := []string{
		`fa/fonds.yaml:9:32: contents[0].names[0]: "Dublin" is the place dublin, not a person, pseudonym or corporate body: list it under places`,
		`fa/fonds.yaml:9:50: contents[0].places[0]: "anna" is the person anna, not a place: list it under names (or from, to, creators)`,
		`fa/fonds.yaml:9:56: contents[0].places[1]: unknown place "Dublinn" (did you mean "Dublin"?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNonLatinPseudonymIDs: pseudonyms in Cyrillic, Greek and another
// script, without ids, get ids of their own (ISO 9, ISO 843, code
// points), which units and prose cite; none is "ps-x" any more, so none
// collides.
func TestNonLatinPseudonymIDs(t *testing.T) {
	res := withAuthorities("contents:\n  - {inv: 1, title: L, from: Старик, to: ps-gerontas, notes: \"[ש](pseudonym:ps-u5e9)\"}\n",
		"persons:\n  - id: a\n    name: A, B\n    pseudonyms:\n      - Старик\n      - Юный\n      - Γέροντας\n      - ש\n")
	if len(res.Diags) > 0 {
		t.Fatalf("diagnostics: %v", res.Diags.Err())
	}
	var ids []string
	for _, ps := range res.Archive.People[0].Pseudonyms {
		ids = append(ids, ps.ID)
	}
	if got := strings.Join(ids, " "); got != "ps-starik ps-unyj ps-gerontas ps-u5e9" {
		t.Errorf("ids: %s", got)
	}
	if c := res.Archive.ByInv[1]; c.From[0].Pseudonym.ID != "ps-starik" || c.To[0].Pseudonym.Name != "Γέροντας" {
		t.Errorf("cited: %+v %+v", c.From[0], c.To[0])
	}
}

// TestInternalAbove: resolve marks every unit below an internal one, so
// that Hidden need not walk up the tree.
func TestInternalAbove(t *testing.T) {
	head := "reference_code: T\ntitle: T\ndates: 1930\nextent: 1 box\nrepository: {name: R}\n" +
		"finding_aid: {id: t, date: 2020, language: eng}\n"
	fsys := fstest.MapFS{"fonds.yaml": {Data: []byte(head + `contents:
  - id: s1
    title: Series
    contents:
      - id: f1
        title: File
        internal: true
        contents:
          - id: sub
            title: Subfile
            contents: [{inv: 1, title: Letter}]
      - {inv: 2, title: Letter}
`)}}
	res := build.CheckFS(fsys, "fa", build.Options{})
	if res.Failed(false) {
		t.Fatal(res.Diags.Err())
	}
	a := res.Archive
	below := 0
	for _, c := range a.Components {
		want := false
		for x := c.Parent; x != nil; x = x.Parent {
			want = want || x.Internal
		}
		if c.InternalAbove != want {
			t.Errorf("%s: InternalAbove = %v, want %v", c.ID, c.InternalAbove, want)
		}
		if want {
			below++
		}
	}
	if below != 2 || !a.ByInv[1].Hidden(false) || a.ByInv[2].Hidden(false) || a.ByInv[1].Hidden(true) {
		t.Errorf("%d units below an internal one, want 2 (sub and inv 1)", below)
	}
}

// TestNotesKept: resolve keeps the tree of every prose field the writers
// render, so that none of them parses a note again.
func TestNotesKept(t *testing.T) {
	a := letters(t)
	n, editorial := 0, 0
	kept := func(p *model.Prose, path string) {
		if p.Text == "" {
			return
		}
		n++
		if d, ok := a.Notes[p.Text]; !ok || string(d.Source) != p.Text {
			t.Errorf("%s %s: no tree kept", p.Pos, path)
		}
	}
	resolve.Fields(a, func(p *model.Prose, path string, c *model.Component) {
		kept(p, path)
		if p.Editorial != nil {
			editorial++
			kept(p.Editorial, path+".editorial")
		}
	})
	if n < 20 || editorial < 2 {
		t.Errorf("only %d notes in the fixture, %d of them with an editorial note", n, editorial)
	}
}

// TestCitationsTrimmed: the citations of every record are in an array of
// about their length, not one append left room in, and still in document
// order.
func TestCitationsTrimmed(t *testing.T) {
	a := letters(t)
	lists := 0
	check := func(what string, cs []model.Citation) {
		if len(cs) == 0 {
			return
		}
		lists++
		if cap(cs)-len(cs) > len(cs)/8 {
			t.Errorf("%s: %d citations in an array of %d", what, len(cs), cap(cs))
		}
		for i := 1; i < len(cs); i++ {
			if cs[i].Component.Seq < cs[i-1].Component.Seq {
				t.Errorf("%s: citation %d (%s) before %d (%s)", what, i, cs[i].Component.ID, i-1, cs[i-1].Component.ID)
			}
		}
	}
	for _, p := range a.People {
		check(p.Anchor(), p.Citations)
		for _, ps := range p.Pseudonyms {
			check(ps.Anchor(), ps.Citations)
		}
	}
	for _, b := range a.Bodies {
		check(b.Anchor(), b.Citations)
	}
	for _, p := range a.Places {
		check(p.Anchor(), p.Citations)
	}
	if lists < 3 {
		t.Errorf("only %d records with citations in the fixture", lists)
	}
}

// TestPeopleKept: resolve keeps every person's heading and anchor, which
// the writers then read without allocating, and they are what a person
// computes: the maintained pseudonym, "person-" and the id.
func TestPeopleKept(t *testing.T) {
	a := letters(t)
	if len(a.People) < 2 {
		t.Fatalf("only %d persons in the fixture", len(a.People))
	}
	for _, p := range a.People {
		if n := testing.AllocsPerRun(10, func() { _, _ = p.Heading(), p.Anchor() }); n != 0 {
			t.Errorf("%s: Heading and Anchor allocate %v times: not kept", p.ID, n)
		}
		fresh := &model.Person{Record: model.Record{ID: p.ID, Name: p.Name}, Pseudonyms: p.Pseudonyms}
		if p.Heading() != fresh.Heading() || p.Anchor() != fresh.Anchor() {
			t.Errorf("%s: kept %q %q, computed %q %q", p.ID, p.Heading(), p.Anchor(), fresh.Heading(), fresh.Anchor())
		}
	}
	if h := a.PersonByID["petrova"].Heading(); h != "Zora" {
		t.Errorf("petrova's heading %q, want her maintained pseudonym Zora", h)
	}
}

// TestAnchorsKept: resolve keeps the anchor of every body and place too,
// read without allocating, and it is what a record built by hand
// computes: "body-" or "place-" and the id.
func TestAnchorsKept(t *testing.T) {
	a := letters(t)
	if len(a.Bodies) == 0 || len(a.Places) == 0 {
		t.Fatalf("%d bodies and %d places in the fixture, want some of each", len(a.Bodies), len(a.Places))
	}
	check := func(got model.Authority, fresh model.Authority) {
		t.Helper()
		if n := testing.AllocsPerRun(10, func() { _ = got.Anchor() }); n != 0 {
			t.Errorf("%s: Anchor allocates %v times: not kept", got.Base().ID, n)
		}
		if got.Anchor() != fresh.Anchor() {
			t.Errorf("%s: kept %q, computed %q", got.Base().ID, got.Anchor(), fresh.Anchor())
		}
	}
	for _, b := range a.Bodies {
		check(b, &model.Body{Record: model.Record{ID: b.ID}})
	}
	for _, p := range a.Places {
		check(p, &model.Place{Record: model.Record{ID: p.ID}})
	}
	if got := a.Bodies[0].Anchor(); got != "body-"+a.Bodies[0].ID {
		t.Errorf("first body's anchor %q, want %q", got, "body-"+a.Bodies[0].ID)
	}
	if got := a.Places[0].Anchor(); got != "place-"+a.Places[0].ID {
		t.Errorf("first place's anchor %q, want %q", got, "place-"+a.Places[0].ID)
	}
}
