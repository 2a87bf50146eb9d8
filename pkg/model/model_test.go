package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/fonds-archive/fonds/pkg/source"
)

// TestNoteFields: the table reaches every Prose field of Description, each
// once, under a name of its own, and walking it allocates nothing.
func TestNoteFields(t *testing.T) {
	var d Description
	want := map[*Prose]string{}
	v := reflect.ValueOf(&d).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Type() == reflect.TypeOf(Prose{}) {
			want[f.Addr().Interface().(*Prose)] = v.Type().Field(i).Name
		}
	}
	seen := map[*Prose]bool{}
	names := map[string]bool{}
	for _, f := range NoteFields {
		p := f.Of(&d)
		if _, ok := want[p]; !ok || seen[p] {
			t.Errorf("note %q reaches no Prose field of Description, or one another note reaches", f.Name)
		}
		seen[p] = true
		if names[f.Name] {
			t.Errorf("note name %q is used twice", f.Name)
		}
		names[f.Name] = true
		if g, ok := NoteNamed(f.Name); !ok || g.Of(&d) != p || !IsNote(f.Name) {
			t.Errorf("NoteNamed(%q) does not find the note", f.Name)
		}
	}
	for p, field := range want {
		if !seen[p] {
			t.Errorf("Description.%s is in no entry of NoteFields", field)
		}
	}
	if IsNote("title") {
		t.Error("title is no note")
	}
	n := 0
	if allocs := testing.AllocsPerRun(100, func() {
		for _, f := range NoteFields {
			if !f.Of(&d).IsZero() {
				n++
			}
		}
	}); allocs != 0 {
		t.Errorf("walking the notes allocates %v times", allocs)
	}
}

// TestUnitNotes: a unit's notes hold what was set, once per field, and
// every other field reads as an empty note; reading them allocates nothing.
func TestUnitNotes(t *testing.T) {
	var u UnitNotes
	scope, _ := NoteNamed("scope_and_content")
	access, _ := NoteNamed("access")
	u.Set(scope, Prose{Text: "first"})
	u.Set(access, Prose{Text: "open"})
	u.Set(scope, Prose{Text: "letters"})
	for _, f := range NoteFields {
		want := map[string]string{"scope_and_content": "letters", "access": "open"}[f.Name]
		if got := f.Of(&u).Text; got != want {
			t.Errorf("note %s = %q, want %q", f.Name, got, want)
		}
		if got := f.Of((*UnitNotes)(nil)).Text; got != "" {
			t.Errorf("note %s of no notes = %q", f.Name, got)
		}
	}
	if len(u.list) != 2 {
		t.Errorf("%d notes kept, want 2", len(u.list))
	}
	if allocs := testing.AllocsPerRun(100, func() {
		for _, f := range NoteFields {
			_ = f.Of(&u).IsZero()
		}
	}); allocs != 0 {
		t.Errorf("walking a unit's notes allocates %v times", allocs)
	}
}

// TestUnitNotesAll: All yields the notes a unit has, each with its field,
// in the order of NoteFields whatever the order they were set in, and
// stops when asked to; no notes yield nothing.
func TestUnitNotesAll(t *testing.T) {
	var u UnitNotes
	for _, set := range [][2]string{{"processing", "done"}, {"abstract", "short"}, {"access", "open"}, {"abstract", "shorter"}} {
		f, _ := NoteNamed(set[0])
		u.Set(f, Prose{Text: set[1]})
	}
	var got []string
	for f, p := range u.All() {
		if p != f.Of(&u) {
			t.Errorf("All gives note %s at %p; Of at %p", f.Name, p, f.Of(&u))
		}
		got = append(got, f.Name+"="+p.Text)
	}
	if want := []string{"abstract=shorter", "access=open", "processing=done"}; !slices.Equal(got, want) {
		t.Errorf("All yields %q; want %q", got, want)
	}
	n := 0
	for range u.All() {
		n++
		break
	}
	for range (*UnitNotes)(nil).All() {
		n++
	}
	if n != 1 {
		t.Errorf("All went on after break, or a nil UnitNotes yielded a note (%d notes)", n)
	}
}

// TestReelHolding: the first reel in the order of the sources that holds a
// number, at either end of a range; nil past every reel.
func TestReelHolding(t *testing.T) {
	r1 := &Reel{No: 1, Ranges: []Range{{From: 1, To: 10}, {From: 20, To: 20}}}
	r2 := &Reel{No: 2, Ranges: []Range{{From: 10, To: 15}}}
	a := &Archive{Reels: []*Reel{r1, r2}}
	for _, c := range []struct {
		n    int
		want *Reel
	}{{1, r1}, {10, r1}, {11, r2}, {15, r2}, {16, nil}, {20, r1}, {0, nil}} {
		if got := a.ReelHolding(c.n); got != c.want {
			t.Errorf("ReelHolding(%d) = %v; want %v", c.n, got, c.want)
		}
	}
	if got := (&Archive{}).ReelHolding(1); got != nil {
		t.Errorf("ReelHolding with no reels = %v", got)
	}
}

// TestDetails: a unit without Details reads every one as empty, and the
// shared empty Details is never given to a unit to write to.
func TestDetails(t *testing.T) {
	c := &Component{Pos: source.Pos{File: "a.yaml", Line: 3, Col: 5}}
	if c.UnitID() != "" || c.Raw() != "" || len(c.Containers()) != 0 || c.InvPos().IsValid() {
		t.Error("a unit without details reads some")
	}
	c.OwnDetails().UnitID = "A/1"
	c.InvLine, c.InvCol = 4, 7
	if c.UnitID() != "A/1" || (&Component{}).UnitID() != "" {
		t.Errorf("UnitID = %q", c.UnitID())
	}
	if got, want := c.InvPos(), (source.Pos{File: "a.yaml", Line: 4, Col: 7}); got != want {
		t.Errorf("InvPos = %v, want %v", got, want)
	}
}

// TestAnchors pins the identifiers every output gives records.
func TestAnchors(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{(&Person{Record: Record{ID: "trotsky"}}).Anchor(), "person-trotsky"},
		{(&Body{Record: Record{ID: "ilo"}}).Anchor(), "body-ilo"},
		{(&Place{Record: Record{ID: "prinkipo"}}).Anchor(), "place-prinkipo"},
		{(&Pseudonym{ID: "ps-crux"}).Anchor(), "ps-crux"},
		{(&Pseudonym{ID: "crux"}).Anchor(), "ps-crux"},
		{(&Reel{No: 7}).Anchor(), "reel-7"},
		{(&Component{ID: "inv-723"}).Anchor(), "inv-723"},
	} {
		if c.got != c.want {
			t.Errorf("anchor %q, want %q", c.got, c.want)
		}
		if c.want != "inv-723" && ReservedPrefix(c.got) == "" {
			t.Errorf("anchor %q does not start with a prefix units may not take", c.got)
		}
	}
	a := &Archive{People: []*Person{{Record: Record{ID: "p"}}}, Bodies: []*Body{{Record: Record{ID: "b"}}},
		Places: []*Place{{Record: Record{ID: "l"}}}}
	var got []string
	for au := range a.Authorities() {
		got = append(got, au.Kind()+":"+au.Base().ID)
	}
	if want := []string{"person:p", "body:b", "place:l"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Authorities: %v, want %v", got, want)
	}
	ag := &Agent{Place: a.Places[0]}
	if ag.Authority() != a.Places[0] || (&Agent{}).Authority() != nil {
		t.Error("Agent.Authority")
	}
}

// TestHidden: a unit is hidden when it or an ancestor is internal (resolve
// sets InternalAbove), unless internal material is published.
func TestHidden(t *testing.T) {
	top := &Component{Internal: true}
	below := &Component{Parent: top, InternalAbove: true}
	open := &Component{}
	for _, c := range []struct {
		c       *Component
		publish bool
		want    bool
	}{{top, false, true}, {below, false, true}, {open, false, false}, {top, true, false}, {below, true, false}} {
		if got := c.c.Hidden(c.publish); got != c.want {
			t.Errorf("Hidden(%v) of %+v = %v", c.publish, c.c, got)
		}
	}
}

func TestPosAt(t *testing.T) {
	lit := Prose{Pos: source.Pos{File: "f", Line: 10, Col: 3}, Text: "ab\ncd [x](y)\n", Literal: true, Indent: 3}
	if got := lit.PosAt(strings.Index(lit.Text, "[")); got != (source.Pos{File: "f", Line: 11, Col: 6}) {
		t.Errorf("literal: %v", got)
	}
	one := Prose{Pos: source.Pos{File: "f", Line: 4, Col: 8}, Text: "é [x](y)", Indent: 8}
	if got := one.PosAt(strings.Index(one.Text, "[")); got != (source.Pos{File: "f", Line: 4, Col: 10}) {
		t.Errorf("single line counts characters, not bytes: %v", got)
	}
	folded := Prose{Pos: source.Pos{File: "f", Line: 4, Col: 8}, Text: "a\nb [x](y)"}
	if got := folded.PosAt(4); got != folded.Pos {
		t.Errorf("folded: %v", got)
	}
}

func TestReservedPrefix(t *testing.T) {
	for id, want := range map[string]string{
		"person-trotsky": "person-", "ps-crux": "ps-", "body-ilo": "body-", "place-prinkipo": "place-",
		"reel-7": "reel-", "event-3": "event-", "inv-723": "", "reels": "", "persons-x": "", "psx": "",
	} {
		if got := ReservedPrefix(id); got != want {
			t.Errorf("ReservedPrefix(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestLookup: a reference names a record by kind and id (a reel by its
// number); an unknown one, or an inventory number, names none.
func TestLookup(t *testing.T) {
	p := &Person{Record: Record{ID: "trotsky"}}
	ps := &Pseudonym{ID: "ps-crux", Person: p}
	b := &Body{Record: Record{ID: "ilo"}}
	pl := &Place{Record: Record{ID: "prinkipo"}}
	r := &Reel{No: 7}
	a := &Archive{PersonByID: map[string]*Person{"trotsky": p}, PseudonymFor: map[string]*Pseudonym{"ps-crux": ps},
		BodyByID: map[string]*Body{"ilo": b}, PlaceByID: map[string]*Place{"prinkipo": pl}, ReelByNo: map[int]*Reel{7: r},
		ByInv: map[int]*Component{7: {ID: "inv-7", Inv: 7}}}
	for _, c := range []struct {
		kind, target string
		want         Referent
	}{
		{"person", "trotsky", p}, {"pseudonym", "ps-crux", ps}, {"body", "ilo", b}, {"place", "prinkipo", pl},
		{"reel", "7", r}, {"reel", "07", r},
		{"person", "ilo", nil}, {"reel", "8", nil}, {"reel", "seven", nil}, {"inv", "7", nil}, {"bogus", "x", nil},
	} {
		if got := a.Lookup(c.kind, c.target); got != c.want {
			t.Errorf("Lookup(%q, %q) = %v, want %v", c.kind, c.target, got, c.want)
		}
	}
}

// TestSizes holds the model's most numerous values to their size on a
// 64-bit machine: a finding aid of a million units holds a million
// Components and more Agents, and a unit note for each unit with notes. A
// field added, or one moved so that it needs padding, shows here.
func TestSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit machines")
	}
	for _, s := range []struct {
		name       string
		size, want uintptr
	}{
		{"Component", unsafe.Sizeof(Component{}), 344},
		{"Prose", unsafe.Sizeof(Prose{}), 80},
		{"unit note", unsafe.Sizeof(unitNote{}), 88},
		{"UnitNotes", unsafe.Sizeof(UnitNotes{}), 24},
		{"Agent", unsafe.Sizeof(Agent{}), 112},
		{"Date", unsafe.Sizeof(Date{}), 112},
	} {
		if s.size > s.want {
			t.Errorf("a %s is %d bytes, more than %d", s.name, s.size, s.want)
		}
	}
}

// A kept person's Heading and Anchor are what they are computed to be,
// and reading the heading allocates nothing (the anchor: TestKeepAnchor);
// a person changed after Keep must be kept again.
func TestPersonKeep(t *testing.T) {
	for _, tc := range []struct {
		p                   *Person
		heading, anchorWant string
	}{
		{&Person{Record: Record{ID: "trotsky", Name: "Trockij, Lev"}}, "Trockij, Lev", "person-trotsky"},
		{&Person{Record: Record{ID: "trotsky", Name: "Trockij, Lev"}, Pseudonyms: []*Pseudonym{{Name: "Crux"}, {Name: "Trotsky, Leon", Maintained: true}, {Name: "L.T.", Maintained: true}}},
			"Trotsky, Leon", "person-trotsky"},
	} {
		for _, kept := range []bool{false, true} {
			if kept {
				tc.p.Keep()
			}
			if h, a := tc.p.Heading(), tc.p.Anchor(); h != tc.heading || a != tc.anchorWant {
				t.Errorf("kept %v: Heading, Anchor = %q, %q, want %q, %q", kept, h, a, tc.heading, tc.anchorWant)
			}
		}
		if n := testing.AllocsPerRun(100, func() { _ = tc.p.Heading() }); n != 0 {
			t.Errorf("a kept person's Heading allocates %v times", n)
		}
	}
}

// A kept record's anchor is what it is computed to be, and reading it
// allocates nothing, for persons, bodies and places alike; a record whose
// id changes after KeepAnchor must be kept again.
func TestKeepAnchor(t *testing.T) {
	for _, tc := range []struct {
		a    Authority
		want string
	}{
		{&Person{Record: Record{ID: "trotsky"}}, "person-trotsky"},
		{&Body{Record: Record{ID: "ilo"}}, "body-ilo"},
		{&Place{Record: Record{ID: "prinkipo"}}, "place-prinkipo"},
	} {
		if n := testing.AllocsPerRun(10, func() { _ = tc.a.Anchor() }); n == 0 {
			t.Errorf("%s: an anchor never kept allocates nothing: is it kept already?", tc.want)
		}
		for _, kept := range []bool{false, true} {
			if kept {
				KeepAnchor(tc.a)
			}
			if got := tc.a.Anchor(); got != tc.want {
				t.Errorf("kept %v: Anchor = %q, want %q", kept, got, tc.want)
			}
		}
		if n := testing.AllocsPerRun(100, func() { _ = tc.a.Anchor() }); n != 0 {
			t.Errorf("%s: a kept Anchor allocates %v times", tc.want, n)
		}
		tc.a.Base().ID = "other"
		if KeepAnchor(tc.a); tc.a.Anchor() != tc.a.Kind()+"-other" {
			t.Errorf("kept again after a new id: Anchor = %q, want %q", tc.a.Anchor(), tc.a.Kind()+"-other")
		}
	}
}
