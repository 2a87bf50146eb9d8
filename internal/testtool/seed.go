package testtool

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Seed returns the seed document, the text of the IISH inventory that the
// default sources encode, from ../shared/seed beside the repository. When
// it is not there, Seed skips the test (fails it in CI).
func Seed(t testing.TB) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Shared(t, "seed"), "*.txt"))
	if len(files) != 1 {
		t.Fatalf("../shared/seed holds %d text files, want the seed document alone", len(files))
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// SeedBetween returns the text of the seed between two markers.
func SeedBetween(t testing.TB, seed, from, to string) string {
	t.Helper()
	i := strings.Index(seed, from)
	if i < 0 {
		t.Fatalf("seed lacks %q", from)
	}
	j := strings.Index(seed[i+len(from):], to)
	if j < 0 {
		t.Fatalf("seed lacks %q after %q", to, from)
	}
	return seed[i+len(from) : i+len(from)+j]
}

// A SeedPseudonym is an entry of the seed's table "Pseudonym / User".
type SeedPseudonym struct {
	Name, User string
	Maintained bool // the table's asterisk, "Pseudonym maintained in the inventory"
}

// SeedPseudonyms reads the seed's pseudonym table, after the repairs of
// its extraction damage that the default sources document (the comment at
// the top of sources/trotsky-ilo/authorities.yaml): the footnote glued to
// the last entry, two lines holding two entries each, two entries without
// a space before the dash. It fails the test unless the table has 78
// entries.
func SeedPseudonyms(t testing.TB, seed string) []SeedPseudonym {
	t.Helper()
	table := SeedBetween(t, seed, "Pseudonym / User", "N.B.")
	table = strings.Replace(table, " * Pseudonym maintained in the inventory.", "", 1)
	table = strings.Replace(table, "Tresso, Pietro Braun, E./N.", "Tresso, Pietro\nBraun, E./N.", 1)
	table = strings.Replace(table, "Tresso, Pietro Keller, Werner", "Tresso, Pietro\nKeller, Werner", 1)
	table = strings.Replace(table, "D(oud)- ", "D(oud) - ", 1)
	table = strings.Replace(table, "Molinié- ", "Molinié - ", 1)
	var out []SeedPseudonym
	for _, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ps, user, ok := strings.Cut(line, " - ")
		if !ok {
			t.Fatalf("cannot read seed entry %q", line)
		}
		out = append(out, SeedPseudonym{strings.TrimPrefix(ps, "*"), user, strings.HasPrefix(ps, "*")})
	}
	if len(out) != 78 {
		t.Fatalf("seed table has %d entries after repair, want 78", len(out))
	}
	return out
}

// A SeedEvent is an entry of the seed's chronology: its date as the seed
// writes it, without the year its lost heading gave ("January 20",
// "November"), and the event.
type SeedEvent struct{ Date, Event string }

// seedEvent is "DATE - EVENT"; the dash is followed by a space, which the
// dash of a range ("February 4-8") is not. Two lines lack the space before
// the dash ("November- Trotsky").
var seedEvent = regexp.MustCompile(`^(.*?)\s*-\s+(.*)$`)

// SeedChronology reads the seed's chronology, in its order. It fails the
// test unless there are 37 events.
func SeedChronology(t testing.TB, seed string) []SeedEvent {
	t.Helper()
	body := SeedBetween(t, seed, "the following data are drawn.", "The archive")
	var out []SeedEvent
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := seedEvent.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("cannot read seed event %q", line)
		}
		out = append(out, SeedEvent{m[1], m[2]})
	}
	if len(out) != 37 {
		t.Fatalf("seed chronology has %d events, want 37", len(out))
	}
	return out
}

// SeedReel is an entry of the seed's list "Microfilm / Inv.nos.": a reel
// and what it holds, "1-150" or "Inventory".
type SeedReel struct{ No, Holds string }

var seedReel = regexp.MustCompile(`(?m)^(\d+)\. (\d+(?:-\d+)?|Inventory)\.`)

// SeedReels reads the seed's microfilm list. It fails the test unless
// there are 45 reels.
func SeedReels(t testing.TB, seed string) []SeedReel {
	t.Helper()
	_, list, _ := strings.Cut(seed, "Microfilm / Inv.nos.")
	var out []SeedReel
	for _, m := range seedReel.FindAllStringSubmatch(list, -1) {
		out = append(out, SeedReel{m[1], m[2]})
	}
	if len(out) != 45 {
		t.Fatalf("seed lists %d reels, want 45", len(out))
	}
	return out
}
