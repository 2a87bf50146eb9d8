package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
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
