package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/model"
)

// seedText reads the seed document the default sources encode, from
// ../shared/seed beside the repository. In CI it must be there.
func seedText(t *testing.T) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testtool.Shared(t, "seed"), "*.txt"))
	if len(files) != 1 {
		t.Fatalf("../shared/seed holds %d text files, want the seed document alone", len(files))
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func defaultArchive(t *testing.T) *model.Archive {
	t.Helper()
	res := Check("../../sources/trotsky-ilo", Options{})
	if res.Failed(true) {
		t.Fatalf("default sources do not check clean:\n%v", res.Diags.Err())
	}
	return res.Archive
}

// between returns the text of s between two markers.
func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	j := strings.Index(s[i+1:], to)
	if i < 0 || j < 0 {
		t.Fatalf("seed lacks %q … %q", from, to)
	}
	return s[i+len(from) : i+1+j]
}

// TestSeedPseudonyms compares the pseudonym table of the seed, after the
// repairs that authorities.yaml documents, with the sources.
func TestSeedPseudonyms(t *testing.T) {
	seed := seedText(t)
	table := between(t, seed, "Pseudonym / User", "N.B.")
	// The documented repairs: the glued footnote, two lines holding two
	// entries each, two missing spaces before the dash.
	table = strings.Replace(table, " * Pseudonym maintained in the inventory.", "", 1)
	table = strings.Replace(table, "Tresso, Pietro Braun, E./N.", "Tresso, Pietro\nBraun, E./N.", 1)
	table = strings.Replace(table, "Tresso, Pietro Keller, Werner", "Tresso, Pietro\nKeller, Werner", 1)
	table = strings.Replace(table, "D(oud)- ", "D(oud) - ", 1)
	table = strings.Replace(table, "Molinié- ", "Molinié - ", 1)
	type entry struct {
		person     string
		maintained bool
	}
	want := map[string]entry{}
	for _, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ps, person, ok := strings.Cut(line, " - ")
		if !ok {
			t.Fatalf("cannot read seed entry %q", line)
		}
		m := strings.HasPrefix(ps, "*")
		want[strings.TrimPrefix(ps, "*")] = entry{person, m}
	}
	if len(want) != 78 {
		t.Fatalf("seed table has %d entries after repair, want 78", len(want))
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
	seed := seedText(t)
	body := between(t, seed, "the following data are drawn.", "The archive")
	var want []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		_, text, ok := strings.Cut(line, "- ")
		if !ok {
			t.Fatalf("cannot read seed event %q", line)
		}
		want = append(want, text)
	}
	a := defaultArchive(t)
	if len(a.Events) != len(want) || len(want) != 37 {
		t.Fatalf("sources have %d events, seed %d (want 37)", len(a.Events), len(want))
	}
	for i, ev := range a.Events {
		plain := mdLink.ReplaceAllString(ev.Text.Text, "$1")
		plain = strings.ReplaceAll(plain, "*", "")
		if squeeze(plain) != squeeze(want[i]) {
			t.Errorf("event %d differs from the seed:\n sources: %s\n    seed: %s", i, plain, want[i])
		}
	}
}

var seedReel = regexp.MustCompile(`(?m)^(\d+)\. (?:(\d+)(?:-(\d+))?|Inventory)\.`)

func TestSeedReels(t *testing.T) {
	seed := seedText(t)
	_, list, _ := strings.Cut(seed, "Microfilm / Inv.nos.")
	ms := seedReel.FindAllStringSubmatch(list, -1)
	a := defaultArchive(t)
	if len(ms) != 45 || len(a.Reels) != 45 {
		t.Fatalf("seed lists %d reels, sources %d (want 45)", len(ms), len(a.Reels))
	}
	for i, m := range ms {
		r := a.Reels[i]
		no, _ := strconv.Atoi(m[1])
		if r.No != no {
			t.Errorf("reel %d: sources have reel %d here", no, r.No)
			continue
		}
		if m[2] == "" {
			if r.Content != "Inventory" || len(r.Ranges) != 0 {
				t.Errorf("reel %d should hold the inventory", no)
			}
			continue
		}
		from, _ := strconv.Atoi(m[2])
		to := from
		if m[3] != "" {
			to, _ = strconv.Atoi(m[3])
		}
		if len(r.Ranges) != 1 || r.Ranges[0].From != from || r.Ranges[0].To != to {
			t.Errorf("reel %d: sources %v, seed %d-%d", no, r.Ranges, from, to)
		}
	}
	if a.OnReels != 1304 {
		t.Errorf("%d inventory numbers on reels, want 1304", a.OnReels)
	}
}
