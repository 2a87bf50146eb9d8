package site

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/templates"
)

// The build runs Check only if Output is a build.Checker: should the
// interface change, this stops compiling instead of the check going
// silent.
var _ build.Checker = (*Output)(nil)

// TestTemplateNamedLikeOutput: further files of the templates named like
// a finding aid's EAD, PDF or folder are errors at its finding_aid.id;
// others are not.
func TestTemplateNamedLikeOutput(t *testing.T) {
	o, err := New(Options{Templates: fstest.MapFS{
		"ARCH01483.XML": {Data: []byte("x")},
		"arch01483.pdf": {Data: []byte("x")},
		"arch01483":     {Data: []byte("x")},
		"arch99999.xml": {Data: []byte("x")},
		"logo.svg":      {Data: []byte("x")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Archive{Fonds: &model.Fonds{FindingAid: model.FindingAid{ID: "ARCH01483"}}}
	var got []string
	for _, d := range o.Check(a, nil) {
		got = append(got, d.Msg)
	}
	want := []string{
		`finding aid "ARCH01483" writes its EAD, arch01483/arch01483.xml, and --templates holds a file named ARCH01483.XML, which fonds copies there too; rename or remove that file`,
		`finding aid "ARCH01483" writes its folder, arch01483, beside the list of finding aids, and --templates holds a file named arch01483, which fonds copies there too; rename or remove that file`,
		`finding aid "ARCH01483" writes its PDF, arch01483/arch01483.pdf, and --templates holds a file named arch01483.pdf, which fonds copies there too; rename or remove that file`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWriteInPlace: the built-in parts.html writes the units and the
// units that cite a record with writeUnits and writeCites, straight into
// the page; a parts.html that prints units and cites instead, as a
// template of one's own may, writes the same bytes, and a value of
// writeUnits used outside a page is what units returns.
func TestWriteInPlace(t *testing.T) {
	builtin, err := fs.ReadFile(templates.Files, "parts.html")
	if err != nil {
		t.Fatal(err)
	}
	printed := strings.NewReplacer("{{writeUnits .}}", "{{units .}}", "{{writeCites .}}", "{{cites .}}").Replace(string(builtin))
	if printed == string(builtin) || strings.Contains(printed, "{{write") {
		t.Fatal("the built-in parts.html no longer calls writeUnits and writeCites")
	}
	dirs := inputs(t)
	want := files(t, compile(t, Options{}, dirs...))
	got := files(t, compile(t, Options{Templates: fstest.MapFS{"parts.html": {Data: []byte(printed)}}}, dirs...))
	pages, cites := 0, 0
	for _, k := range keys(want) {
		if !strings.HasSuffix(k, ".html") {
			continue
		}
		pages++
		cites += strings.Count(string(want[k]), `<ul class="cites">`)
		if !bytes.Equal(want[k], got[k]) {
			t.Errorf("%s differs when parts.html prints units and cites:\n%s", k, diff(want[k], got[k]))
		}
	}
	if pages == 0 || cites == 0 {
		t.Fatalf("%d pages, %d lists of cites: nothing compared", pages, cites)
	}

	s := newSite(synthetic(20, 2, 5), Options{})
	list := []*Unit{s.unit(s.Archive.Components[0], 2, full)}
	if got, want := s.writeUnitsHere(list), s.unitsHTML(list); got != want || !strings.Contains(string(got), `id="inv-1"`) {
		t.Errorf("writeUnits outside a page = %q, want units' %q", got, want)
	}
}
