package build

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/model"
)

func defaultArchive(t *testing.T) *model.Archive {
	t.Helper()
	res := Check("../../sources/trotsky-ilo", Options{})
	if res.Failed(true) {
		t.Fatalf("default sources do not check clean:\n%v", res.Diags.Err())
	}
	return res.Archive
}

// TestSeedPseudonyms compares the pseudonym table of the seed, after the
// repairs that authorities.yaml documents, with the sources: every entry,
// its user as the table names them, and the asterisk.
func TestSeedPseudonyms(t *testing.T) {
	seed := testtool.Seed(t)
	type entry struct {
		person     string
		maintained bool
	}
	want := map[string]entry{}
	for _, e := range testtool.SeedPseudonyms(t, seed) {
		want[e.Name] = entry{e.User, e.Maintained}
	}
	a := defaultArchive(t)
	got := map[string]entry{}
	persons := map[string]bool{}
	for _, p := range a.People {
		for _, ps := range p.Pseudonyms {
			got[ps.Name] = entry{p.Name, ps.Maintained}
			persons[p.ID] = true
		}
	}
	for ps, w := range want {
		if g, ok := got[ps]; !ok {
			t.Errorf("pseudonym %q of the seed is missing", ps)
		} else if g != w {
			t.Errorf("pseudonym %q: sources say %+v, seed says %+v", ps, g, w)
		}
	}
	for ps := range got {
		if _, ok := want[ps]; !ok {
			t.Errorf("pseudonym %q is not in the seed", ps)
		}
	}
	if len(persons) != 52 {
		t.Errorf("%d persons have pseudonyms, want 52", len(persons))
	}
}

// squeeze drops everything but letters and digits, so that spacing damaged in
// extraction ("Trotsky(1879-1940)") compares equal to the repaired text.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// TestSeedChronology checks that every event of the seed is in the sources,
// word for word, in the same order, and that there are no others.
func TestSeedChronology(t *testing.T) {
	want := testtool.SeedChronology(t, testtool.Seed(t))
	a := defaultArchive(t)
	if len(a.Events) != len(want) {
		t.Fatalf("sources have %d events, seed %d", len(a.Events), len(want))
	}
	for i, ev := range a.Events {
		plain := mdLink.ReplaceAllString(ev.Text.Text, "$1")
		plain = strings.ReplaceAll(plain, "*", "")
		if squeeze(plain) != squeeze(want[i].Event) {
			t.Errorf("event %d differs from the seed:\n sources: %s\n    seed: %s", i, plain, want[i].Event)
		}
	}
}

func TestSeedReels(t *testing.T) {
	want := testtool.SeedReels(t, testtool.Seed(t))
	a := defaultArchive(t)
	if len(a.Reels) != len(want) {
		t.Fatalf("seed lists %d reels, sources %d", len(want), len(a.Reels))
	}
	for i, w := range want {
		r := a.Reels[i]
		no, _ := strconv.Atoi(w.No)
		if r.No != no {
			t.Errorf("reel %d: sources have reel %d here", no, r.No)
			continue
		}
		if w.Holds == "Inventory" {
			if r.Content != "Inventory" || len(r.Ranges) != 0 {
				t.Errorf("reel %d should hold the inventory", no)
			}
			continue
		}
		from, to, ok := strings.Cut(w.Holds, "-")
		if !ok {
			to = from
		}
		f, _ := strconv.Atoi(from)
		l, _ := strconv.Atoi(to)
		if len(r.Ranges) != 1 || r.Ranges[0].From != f || r.Ranges[0].To != l {
			t.Errorf("reel %d: sources %v, seed %s", no, r.Ranges, w.Holds)
		}
	}
	if a.OnReels != 1304 {
		t.Errorf("%d inventory numbers on reels, want 1304", a.OnReels)
	}
}
