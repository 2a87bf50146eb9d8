package present

import (
	"testing"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
)

func date(t *testing.T, s, typ string) model.Date {
	t.Helper()
	d, err := edtf.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return model.Date{Date: d, Bulk: typ == "bulk"}
}

func TestDates(t *testing.T) {
	for _, c := range []struct {
		ds   []model.Date
		want string
	}{
		{nil, ""},
		{[]model.Date{date(t, "1929/1934", "")}, "1929 – 1934"},
		{[]model.Date{date(t, "1929/1934", ""), date(t, "1935", "")}, "1929 – 1934; 1935"},
		{[]model.Date{date(t, "1929/1934", ""), date(t, "1931/1933", "bulk")}, "1929 – 1934 (inclusive); bulk 1931 – 1933"},
		{[]model.Date{date(t, "1931/1933", "bulk"), date(t, "1929/1934", ""), date(t, "1940", "")}, "bulk 1931 – 1933; 1929 – 1934 (inclusive); 1940 (inclusive)"},
		{[]model.Date{date(t, "1931/1933", "bulk")}, "bulk 1931 – 1933"},
		{[]model.Date{{Expression: "1577 oktober 9"}}, "1577 oktober 9"},
	} {
		if got := Dates(c.ds); got != c.want {
			t.Errorf("Dates = %q, want %q", got, c.want)
		}
	}
}

func TestName(t *testing.T) {
	trotsky := &model.Person{Record: model.Record{ID: "trotsky", Name: "Trotsky, Lev"}}
	crux := &model.Pseudonym{ID: "ps-crux", Name: "Crux", Person: trotsky}
	for _, c := range []struct {
		a    *model.Agent
		want string
	}{
		{&model.Agent{Name: "Trotsky", Person: trotsky, Certainty: model.Certain}, "Trotsky, Lev"},
		{&model.Agent{Name: "Crux", Person: trotsky, Pseudonym: crux, Certainty: model.Bracketed}, "[Crux]"},
		{&model.Agent{Name: "Crux", Person: trotsky, Pseudonym: crux, Certainty: model.Probable}, "probably Crux"},
		{&model.Agent{Name: "A stranger", Free: true, Certainty: model.Certain}, "A stranger"},
	} {
		if got := Name(c.a); got != c.want {
			t.Errorf("Name = %q, want %q", got, c.want)
		}
	}
	if got := Mark(model.Bracketed, `<a href="#x">Crux</a>`); got != `[<a href="#x">Crux</a>]` {
		t.Errorf("Mark of HTML: %q", got)
	}
}

// TestNotes: every note field of the model is in the table once, with a
// heading.
func TestNotes(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range Notes {
		if seen[n.Name] {
			t.Errorf("note %q is listed twice", n.Name)
		}
		seen[n.Name] = true
		if n.Heading == "" {
			t.Errorf("note %q has no heading", n.Name)
		}
		if got, ok := NoteNamed(n.Name); !ok || got.Heading != n.Heading {
			t.Errorf("NoteNamed(%q) = %+v, %v", n.Name, got, ok)
		}
	}
	for _, f := range model.NoteFields {
		if !seen[f.Name] {
			t.Errorf("note %q of the model is not in present.Notes", f.Name)
		}
	}
	n, _ := NoteNamed("scope_and_content")
	if got := n.Head(&model.Prose{Text: "x"}); got != "Scope and content" {
		t.Errorf("standard heading: %q", got)
	}
	if got := n.Head(&model.Prose{Text: "x", Head: "Contents"}); got != "Contents" {
		t.Errorf("own heading: %q", got)
	}
}

// TestISADOrder: the notes follow ISAD(G)'s numbering; separated material
// (no element of its own) follows related units, the abstract comes first.
func TestISADOrder(t *testing.T) {
	if Notes[0].Name != "abstract" {
		t.Errorf("the first note is %s, want the abstract", Notes[0].Name)
	}
	prev := ""
	for i, n := range Notes {
		switch {
		case n.ISAD == "":
		case n.ISAD <= prev:
			t.Errorf("%s (%s) comes after %s", n.Name, n.ISAD, prev)
		default:
			prev = n.ISAD
		}
		if n.Name == "separated_material" && Notes[i-1].Name != "related_material" {
			t.Errorf("separated material follows %s, want related_material", Notes[i-1].Name)
		}
	}
}

func TestTitle(t *testing.T) {
	for _, c := range []struct {
		t    model.Text
		want string
	}{
		{model.Text{Value: "General correspondence"}, "General correspondence"},
		{model.Text{Value: "Papers of Lev Trotsky", Editorial: true}, "[Papers of Lev Trotsky]"},
		{model.Text{Editorial: true}, ""},
	} {
		if got := Title(c.t); got != c.want {
			t.Errorf("Title(%+v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestCreators(t *testing.T) {
	marx, engels := &model.Agent{}, &model.Agent{}
	f := &model.Fonds{Creators: []*model.Agent{marx, engels}}
	if gs := Creators(f); len(gs) != 1 || gs[0].Label != "Creators" || len(gs[0].Agents) != 2 || gs[0].Agents[1] != engels {
		t.Errorf("no labels: %+v, want one line Creators with both", gs)
	}
	f.CreatorLabels = []string{"Source"}
	gs := Creators(f)
	if len(gs) != 2 || gs[0].Label != "Source" || gs[0].Agents[0] != marx || gs[1].Label != Creator || gs[1].Agents[0] != engels {
		t.Errorf("labels: %+v, want Source (marx), Creator (engels)", gs)
	}
}
