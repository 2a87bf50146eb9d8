package present

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
)

// TestCompareNames checks the order of names against neighbours in the
// inventory's own table, and the word-by-word order ("Frank, Jakob"
// before "Frankel, Jan").
func TestCompareNames(t *testing.T) {
	order := []string{"Crux", "D(oud)", "Durand", "Feroci", "Fersen, L.", "Fischer, Oscar", "Frank, Jakob", "Frankel, Jan",
		"Lode, Roelandt", "Ludwig", "Mark", "Markin, N.", "Martin", "Mèche, J.", "Mill, M.", "Molinié", "Munis, G.",
		"Nicole", "Niel, Shi", "Obin, J.", "O-r", "Ørsted", "Rosmer, Alfred", "Rosmer, Marguerite", "Rüssbuhldt, O.",
		"Schmidt, W.", "Scholze", "Van", "Van Droogenbrock, J.H.", "Vásquez, Frederico", "Weber, Sara", "Well, Roman"}
	for i := range order {
		for j := range order {
			got := CompareNames(order[i], order[j])
			if want := cmpInt(i, j); got != want {
				t.Errorf("CompareNames(%q, %q) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	shuffled := slices.Clone(order)
	slices.Reverse(shuffled)
	SortNames(shuffled, func(s string) string { return s })
	if !slices.Equal(shuffled, order) {
		t.Errorf("SortNames:\n got %q\nwant %q", shuffled, order)
	}
	for name, want := range map[string]string{"O-r": "O", "Ørsted": "O", "Élie": "E", "(1933)": "#", "": "#", "Αθήνα": "Α"} {
		if got := Initial(name); got != want {
			t.Errorf("Initial(%q) = %q, want %q", name, got, want)
		}
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestPseudonymsInTheInventorysOrder builds the default sources and checks
// that Pseudonyms lists all 78 pseudonyms in the order of the inventory's
// own table "Pseudonym / User" in the seed text, each with its user as the
// table names it.
func TestPseudonymsInTheInventorysOrder(t *testing.T) {
	seed := seedTable(t)
	a := check(t, filepath.Join(testtool.Root(t), "sources", "trotsky-ilo"))
	got := Pseudonyms(a)
	if len(got) != 78 {
		t.Fatalf("%d pseudonyms, want 78", len(got))
	}
	// Where each pseudonym stands in the table: at the start of a line, or
	// after the user of the entry before it on a damaged line, and
	// followed by its dash.
	at := map[*model.Pseudonym]int{}
	for _, ps := range got {
		i := -1
		for _, before := range []string{"\n", "\n*", " ", " *"} {
			for _, dash := range []string{" - ", "- "} {
				if k := strings.Index(seed, before+ps.Name+dash+ps.Person.Name); k >= 0 && (i < 0 || k < i) {
					i = k
				}
			}
		}
		if i < 0 {
			t.Errorf("%q, used by %q, is not in the seed's table", ps.Name, ps.Person.Name)
			continue
		}
		at[ps] = i
	}
	for i := 1; i < len(got); i++ {
		if at[got[i-1]] > at[got[i]] {
			t.Errorf("%q comes before %q, but the inventory lists it after", got[i-1].Name, got[i].Name)
		}
	}
}

// seedTable returns the inventory's table of pseudonyms from the seed text
// in ../shared/seed.
func seedTable(t *testing.T) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testtool.Shared(t, "seed"), "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, table, ok := strings.Cut(string(data), "Pseudonym / User"); ok {
			table, _, _ = strings.Cut(table, "Pseudonym maintained in the inventory")
			return table
		}
	}
	t.Fatal("no seed text holds the table \"Pseudonym / User\"")
	return ""
}

// check runs a finding aid through the pipeline.
func check(t *testing.T, dir string) *model.Archive {
	t.Helper()
	res := build.Check(dir, build.Options{})
	if res.Archive == nil || res.Failed(false) {
		t.Fatalf("%s does not check:\n%v", dir, res.Diags)
	}
	return res.Archive
}

// TestHeading: a person with a maintained pseudonym is headed by it.
func TestHeading(t *testing.T) {
	griot := &model.Person{Record: model.Record{ID: "griot", Name: "Griot, Alfred"}}
	rosmer := &model.Pseudonym{ID: "ps-rosmer-alfred", Name: "Rosmer, Alfred", Maintained: true, Person: griot}
	griot.Pseudonyms = []*model.Pseudonym{{ID: "ps-x", Name: "X", Person: griot}, rosmer}
	if h := Heading(griot); h != "Rosmer, Alfred" {
		t.Errorf("Heading = %q", h)
	}
	if m := Maintained(griot); m != rosmer {
		t.Errorf("Maintained = %v", m)
	}
	trotsky := &model.Person{Record: model.Record{ID: "trotsky", Name: "Trotsky, Lev"}}
	trotsky.Pseudonyms = []*model.Pseudonym{{ID: "ps-crux", Name: "Crux", Person: trotsky}}
	if h := Heading(trotsky); h != "Trotsky, Lev" || Maintained(trotsky) != nil {
		t.Errorf("Heading = %q", h)
	}
	a := &model.Archive{People: []*model.Person{trotsky, griot}}
	var names []string
	for _, p := range Persons(a) {
		names = append(names, Heading(p))
	}
	if want := []string{"Rosmer, Alfred", "Trotsky, Lev"}; !slices.Equal(names, want) {
		t.Errorf("Persons: %q, want %q", names, want)
	}
}
