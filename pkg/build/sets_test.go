package build

import (
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// setChecker reports, at each finding aid but the first it is given, how
// many finding aids it was given.
type setChecker struct{ given *[]string }

func (setChecker) Check(*model.Archive, []source.File) source.List { return nil }

func (s setChecker) CheckSet(archives []*model.Archive) []source.List {
	out := make([]source.List, len(archives))
	for i, a := range archives {
		*s.given = append(*s.given, a.Fonds.FindingAid.ID)
		if i > 0 {
			out[i].Errorf(a.Fonds.FindingAid.Pos, "finding_aid.id", "given with %d more", len(archives)-1)
		}
	}
	return out
}

// TestSetChecker: a Checker that is a SetChecker sees every finding aid
// of the build that has no error, and its problems land on the right one.
func TestSetChecker(t *testing.T) {
	var given []string
	dirs := []string{"../../testdata/fixtures/letters", "../../testdata/bad/duplicate-inv", "../../testdata/fixtures/minimal"}
	results := CheckAll(dirs, Options{Checkers: []Checker{setChecker{&given}}})
	if strings.Join(given, " ") != "FIX-Letters.1 fix-min" {
		t.Errorf("the SetChecker was given %v, want the two finding aids without errors", given)
	}
	if len(results[0].Diags) != 0 {
		t.Errorf("the first: %v", results[0].Diags)
	}
	if d := results[2].Diags; len(d) != 1 || !strings.Contains(d[0].Error(), "finding_aid.id: given with 1 more") {
		t.Errorf("the last: %v", d)
	}
}
