package pdf

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// TestIndexEntries: the index lists every person, corporate body and
// place under its heading once, every pseudonym but the one a person is
// listed under, and refers from every other form of a name (variants,
// abbreviations, the authorized name of a person listed under a
// pseudonym) to the heading; in the inventory's order of names.
func TestIndexEntries(t *testing.T) {
	a := load(t, defaultSources)
	es := newDoc(newTestSetter(t), a, Options{}).indexEntries()
	type key struct {
		name string
		kind int
		rec  model.Authority
	}
	have := map[key]int{}
	for i, e := range es {
		have[key{e.name, e.kind, e.rec}]++
		if i > 0 && present.SortKey(es[i-1].name) > present.SortKey(e.name) {
			t.Errorf("%q comes before %q", es[i-1].name, e.name)
		}
	}
	want := func(name string, kind int, r model.Authority) {
		t.Helper()
		if n := have[key{name, kind, r}]; n != 1 {
			t.Errorf("%d entries %q of kind %d for %s, want 1", n, name, kind, r.Anchor())
		}
	}
	records := 0
	for r := range a.Authorities() {
		records++
		h, hps := indexHeading(r)
		want(h, entryRecord, r)
		for _, v := range r.Base().Variants {
			want(v, entrySee, r)
		}
		switch x := r.(type) {
		case *model.Person:
			if hps != nil {
				want(x.Name, entrySee, r)
				if !hps.Maintained || x.Heading() != hps.Name {
					t.Errorf("%s is listed under %q, which is not the heading the model gives it (%q)", x.ID, h, x.Heading())
				}
			}
			for _, ps := range x.Pseudonyms {
				if ps != hps {
					want(ps.Name, entryPseudonym, r)
				}
			}
		case *model.Body:
			if x.Short != "" {
				want(x.Short, entrySee, r)
			}
		}
	}
	if records != 58+16+23 {
		t.Errorf("%d records in the default sources; the test expects 58 persons, 16 bodies and 23 places", records)
	}
	// The inventory's own examples.
	text := func(e indexEntry) string {
		h, _ := indexHeading(e.rec)
		return e.name + " see " + h
	}
	refs := map[string]bool{}
	for _, e := range es {
		if e.kind == entrySee {
			refs[text(e)] = true
		}
	}
	for _, s := range []string{"Trockij, Lev Davidovič see Trotsky, Lev", "Soblen, Roman see Sobolevicius (Soblen), Roman",
		"Sobolevicius, Roman see Sobolevicius (Soblen), Roman", "Griot, Alfred see Rosmer, Alfred", "Prinkipo see Büyük Ada",
		"ILO see International Left Opposition"} {
		if !refs[s] {
			t.Errorf("no reference %q", s)
		}
	}
}

// TestIndexText checks the index of the default sources as printed: the
// references, an entry under a maintained pseudonym, bodies and places
// with the pages that name them, and a named destination for every
// record and pseudonym.
func TestIndexText(t *testing.T) {
	need(t, "pdftotext", "pdfinfo")
	a := load(t, defaultSources)
	path := pdfFile(t, write(t, a, Options{}))
	ds := dests(t, path)
	text := flat(bodyText(t, path, a))
	page := strconv.Itoa(ds[destDescription])
	for _, s := range []string{
		"Trockij, Lev Davidovič see Trotsky, Lev",
		"Soblen, Roman see Sobolevicius (Soblen), Roman",
		"Rosmer, Alfred (pseudonym of Griot, Alfred",
		"Griot, Alfred see Rosmer, Alfred",
		"Prinkipo see Büyük Ada",
		"ILO see International Left Opposition",
		"International Left Opposition (ILO); also written International Communist League; ICL — p",
		"Dewey Commission; also written Commission of Inquiry — pp. " + page + ", ",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the index has no %q", s)
		}
	}
	// Büyük Ada is named in the description (as an access point) and in
	// the chronology.
	m := regexp.MustCompile(`Büyük Ada; also written Prinkipo — pp\. (\d+), (\d+)`).FindStringSubmatch(text)
	if m == nil || m[1] != page || m[2] != strconv.Itoa(ds[destChronology]) {
		t.Errorf("index entry of Büyük Ada: %q; want the pages of the description (%s) and the chronology (%d)", m, page, ds[destChronology])
	}
	for r := range a.Authorities() {
		if ds[r.Anchor()] == 0 {
			t.Errorf("%s has no named destination", r.Anchor())
		}
		if p, ok := r.(*model.Person); ok {
			for _, ps := range p.Pseudonyms {
				if ds[ps.Anchor()] == 0 {
					t.Errorf("%s has no named destination", ps.Anchor())
				}
			}
		}
	}
}

// TestMergePages: two ascending lists of pages as one.
func TestMergePages(t *testing.T) {
	for _, c := range []struct{ a, b, want []int }{
		{nil, nil, nil}, {[]int{3}, nil, []int{3}}, {nil, []int{4}, []int{4}},
		{[]int{1, 3, 5}, []int{2, 3, 6}, []int{1, 2, 3, 5, 6}}, {[]int{7}, []int{7}, []int{7}},
	} {
		if got := mergePages(c.a, c.b); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("mergePages(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestFlow: a part that fits on what is left of the page goes there (the
// letters fixture's pseudonym list and concordance, after the inventory),
// one that does not starts a new page; either way its title is on the page
// of its first row (never alone at the foot of a page), whatever the space
// left when it comes.
func TestFlow(t *testing.T) {
	need(t, "pdfinfo")
	a := load(t, filepath.Join(fixtures, "letters"))
	ds := dests(t, pdfFile(t, write(t, a, Options{})))
	if ds[destPseudonyms] != ds["inv-10"] || ds[destConcordance] != ds["inv-10"] {
		t.Errorf("the pseudonyms (page %d) and the concordance (page %d) do not follow the inventory's last unit on page %d",
			ds[destPseudonyms], ds[destConcordance], ds["inv-10"])
	}
	if ds[destIndex] == ds[destConcordance] {
		t.Errorf("the index, longer than what is left of page %d, starts there", ds[destIndex])
	}
	// Set the pseudonym list after text that leaves less and less room.
	first := a.People[0].Pseudonyms[0]
	for _, p := range a.People {
		for _, ps := range p.Pseudonyms {
			if present.SortKey(ps.Name) < present.SortKey(first.Name) {
				first = ps
			}
		}
	}
	for fill := 0.0; fill < 200; fill += 2.5 {
		ts := newTestSetter(t)
		ts.unitPage = make([]int32, len(a.Components))
		d := newDoc(ts, a, Options{})
		ts.newPage()
		ts.y = ts.bottom() - fill
		d.part("Pseudonyms", destPseudonyms, "Sect", d.pseudonyms)
		ts.flushPending()
		title, row := ts.at[destPseudonyms], ts.mentions[first.Anchor()]
		if len(row) == 0 || title != row[0] {
			t.Errorf("%.1f pt left: the title is on page %d, the first row (%s) on %v", fill, title, first.Name, row)
		}
		if whole := ts.page == 1; whole != ts.flows[0] {
			t.Errorf("%.1f pt left: the part fits on the page: %v; the trial said %v", fill, whole, ts.flows[0])
		}
	}
}
