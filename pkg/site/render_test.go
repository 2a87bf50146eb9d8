package site

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/eadtext"
	"github.com/fonds-archive/fonds/pkg/model"
)

// TestUnitMarkup checks that the units and citations written in Go (render.go) are the
// bytes that html/template wrote from the templates parts.html had before
// (testdata/unit-templates.html), for the units of a synthetic inventory
// and for units whose every field holds what needs escaping: markup,
// quotes, "+", a NUL, letters outside ASCII, addresses with spaces,
// escapes and schemes that may not be links.
func TestUnitMarkup(t *testing.T) {
	a := synthetic(60, 2, 5)
	for _, opt := range []Options{{}, {Internal: true}, {PageUnits: 8}} {
		s := newSite(a, opt)
		tmpl := template.Must(template.New("").Funcs(s.funcs()).ParseFiles("testdata/unit-templates.html"))
		var units []*Unit
		for _, c := range a.Components {
			if s.published(c) {
				units = append(units, s.unit(c, 2, s.mode(c)), s.unit(c, 1, head), s.unit(c, 3, stub))
			}
		}
		units = append(units, hostileUnits(a)...)
		for i, u := range units {
			for _, name := range []string{"unit", "unit-body", "heading", "title"} {
				var want strings.Builder
				if err := tmpl.ExecuteTemplate(&want, name, u); err != nil {
					t.Fatal(err)
				}
				var got template.HTML
				switch name {
				case "unit":
					got = s.unitHTML(u)
				case "unit-body":
					got = s.unitBodyHTML(u)
				case "heading":
					got = s.headingHTML(u)
				case "title":
					got = s.titleHTML(u.Title)
				}
				if string(got) != want.String() {
					t.Errorf("unit %d (%s), %s:\n got %s\nwant %s", i, u.ID, name, got, want.String())
				}
			}
		}
		var want strings.Builder
		if err := tmpl.ExecuteTemplate(&want, "units", units); err != nil {
			t.Fatal(err)
		}
		if got := s.unitsHTML(units); string(got) != want.String() {
			t.Errorf("units: got %d bytes, want %d", len(got), want.Len())
		}
		var cites []Cite
		for _, u := range units {
			cites = append(cites, Cite{C: u.C, Roles: u.Level, s: s})
		}
		odd := units[len(units)-1].No
		cites = append(cites, Cite{C: &model.Component{ID: odd, Details: &model.Details{UnitID: odd}, Title: model.Text{Value: odd, Lang: "fre"}, Dates: a.Components[9].Dates}, Roles: odd, s: s})
		want.Reset()
		if err := tmpl.ExecuteTemplate(&want, "cites", cites); err != nil {
			t.Fatal(err)
		}
		if got := s.citesHTML(cites); string(got) != want.String() {
			t.Errorf("cites:\n got %s\nwant %s", got, want.String())
		}
	}
}

// hostileUnits are units whose fields need escaping, at every heading
// level, under a heading and as rows.
func hostileUnits(a *model.Archive) []*Unit {
	odd := "A + B <i>x</i> & \"q\" 'q' \x00 Kadıköy"
	c := &model.Component{ID: "odd", From: a.Components[5].From, To: a.Components[5].To, Details: &model.Details{Names: a.Components[6].To, PlaceRefs: a.Components[7].From}}
	links := []Link{{"javascript:alert(1)", odd}, {"http://example.org/a b%20c%zz?d=1&e=ü+#f'g", odd}, {"", odd},
		{"MAILTO:x@example.org", "mail"}, {"page 2.html#x+y", "rel"}, {"/x:y", "colon after a slash"}}
	var out []*Unit
	for h := range 8 {
		for _, id := range []string{"", "inv 7+ü\"<&'%"} {
			u := &Unit{C: c, ID: id, Heading: h, No: odd, Title: model.Text{Value: odd, Lang: "rus"}, Level: odd, Dates: odd,
				Forms: odd, Extent: []string{odd, "2 m"}, Languages: []string{odd, "French"}, Containers: odd, Links: links,
				Kept: []eadtext.Field{{Label: odd, Text: odd}}, Notes: []Section{{Head: odd, Prose: a.Fonds.ScopeAndContent}},
				NoteLevel: h, Reels: a.Reels, Internal: h%2 == 0, Count: h, Path: []Link{{"x y.html#a+b", odd}},
				Citation: odd, Permalink: odd}
			if h == 3 {
				u.Href = "javascript:x"
			}
			if h == 4 {
				u.Href = links[1].Href
			}
			if h > 4 {
				u.Kids = []*Unit{{C: &model.Component{}, Title: model.Text{}, Dates: odd, Href: links[4].Href}}
			}
			out = append(out, u)
		}
	}
	return out
}

// TestOwnUnitTemplates builds the default sources and every fixture with a
// parts.html of one's own: the built-in one with the units and citations
// written by the templates it had before, and the microfilm.html it had
// (every page the same bytes), and with the
// README's example of a "unit" of one's own.
func TestOwnUnitTemplates(t *testing.T) {
	builtin, err := os.ReadFile(filepath.Join(root(t), "templates", "parts.html"))
	if err != nil {
		t.Fatal(err)
	}
	former, err := os.ReadFile(filepath.Join("testdata", "unit-templates.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The built-in parts.html without its units, which the replacement defines.
	rest := string(builtin[bytes.Index(builtin, []byte("{{/* contact is")):])
	dirs := inputs(t)
	want := compile(t, Options{}, dirs...)
	microfilm, err := os.ReadFile(filepath.Join("testdata", "microfilm-template.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := compile(t, Options{Templates: fstest.MapFS{"parts.html": {Data: []byte(string(former) + rest)},
		"microfilm.html": {Data: microfilm}}}, dirs...)
	compared := 0
	err = filepath.WalkDir(want, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		rel, _ := filepath.Rel(want, path)
		w, _ := os.ReadFile(path)
		g, err := os.ReadFile(filepath.Join(got, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s differs when units are written by templates", rel)
		}
		compared++
		return nil
	})
	if err != nil || compared < 20 {
		t.Fatalf("compared %d pages: %v", compared, err)
	}

	// The README's example.
	example := `{{define "unit" -}}
<li{{with .ID}} id="{{.}}"{{end}}>{{.No}} {{title .Title}}, {{.Dates}}{{with .Kids}}{{template "units" .}}{{end}}</li>
{{- end}}
{{define "units" -}}
<ol>{{range .}}{{template "unit" .}}{{end}}</ol>
{{- end}}
`
	own := strings.Replace(string(former), `{{define "units" -}}`, `{{define "former-units" -}}`, 1)
	own = strings.Replace(own, `{{define "unit" -}}`, `{{define "former-unit" -}}`, 1)
	dir := compile(t, Options{Templates: fstest.MapFS{"parts.html": {Data: []byte(example + own + rest)}}},
		filepath.Join(root(t), "testdata", "fixtures", "letters"))
	inv, err := os.ReadFile(filepath.Join(dir, "fix-letters.1", "inventory.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(inv, []byte(`<ol><li id="`)) || bytes.Contains(inv, []byte(`class="unit row`)) {
		t.Errorf("inventory.html does not show the units as the own template says:\n%s", inv)
	}
}
