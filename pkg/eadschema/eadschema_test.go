package eadschema

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTablesCompile: every content model of the schema compiles into a
// deterministic automaton, and every attribute type is known.
func TestTablesCompile(t *testing.T) {
	names := Names()
	if len(names) != len(elements) || len(names) < 140 {
		t.Fatalf("%d elements compiled of %d", len(names), len(elements))
	}
	for _, n := range names {
		e := Lookup(n)
		for _, a := range e.Attributes() {
			if a.typ == nil {
				t.Errorf("%s/@%s has no type", n, a.Name)
			}
		}
	}
}

// accepts feeds children to an element's content model.
func accepts(elem string, kids ...string) (ok bool, at int, allowed []string) {
	s := Lookup(elem).Start()
	for i, k := range kids {
		next, ok := s.Next(k)
		if !ok {
			return false, i, s.Allowed()
		}
		s = next
	}
	if !s.End() {
		return false, len(kids), s.Allowed()
	}
	return true, -1, nil
}

func TestContentModels(t *testing.T) {
	tests := []struct {
		elem string
		kids string
		ok   bool
		at   int // index of the child refused, or len(kids) when the element ends too early
	}{
		{"c", "did", true, 0},
		{"c", "head did odd scopecontent c c", true, 0},
		{"c", "did runner", false, 1},
		{"c", "did c odd", false, 2},
		{"c", "odd", false, 0},
		{"c", "head head did", false, 1},
		{"c", "did thead c thead c", true, 0},
		{"c", "did thead", false, 2},
		{"c03", "did c04", true, 0},
		{"c03", "did c", false, 1},
		{"c12", "did c13", false, 1},
		{"prefercite", "head p", true, 0},
		{"prefercite", "head", false, 1},
		{"prefercite", "", false, 0},
		{"odd", "c", false, 0},
		{"odd", "p list blockquote", true, 0},
		{"did", "unittitle unitid note dao", true, 0},
		{"did", "head", false, 1},
		{"did", "p", false, 0},
		{"dsc", "head p c c thead c", true, 0},
		{"dsc", "c c01", false, 1},
		{"dsc", "", true, 0},
		{"archdesc", "runner did odd dsc", true, 0},
		{"archdesc", "odd", false, 0},
		{"eadheader", "eadid filedesc profiledesc revisiondesc", true, 0},
		{"eadheader", "eadid profiledesc", false, 1},
		{"chronitem", "date event", true, 0},
		{"chronitem", "date event event", false, 2},
		{"list", "head item item", true, 0},
		{"list", "defitem item", false, 1},
		{"p", "emph list persname ref", true, 0},
		{"emph", "emph lb ref", true, 0},
		{"emph", "persname", false, 0},
		{"lb", "", true, 0},
	}
	for _, tt := range tests {
		kids := strings.Fields(tt.kids)
		ok, at, allowed := accepts(tt.elem, kids...)
		if ok != tt.ok || !ok && at != tt.at {
			t.Errorf("<%s> %v: ok %v at %d (allowed %v), want ok %v at %d", tt.elem, kids, ok, at, allowed, tt.ok, tt.at)
		}
	}
	if !Lookup("lb").Empty || Lookup("p").Empty || Lookup("odd").Mixed || !Lookup("p").Mixed {
		t.Error("lb empty, p mixed, odd element-only")
	}
	if got := strings.Join(Lookup("prefercite").Start().Allowed(), " "); got != "address blockquote chronlist head list note p prefercite table" {
		t.Errorf("allowed at the start of prefercite: %s", got)
	}
}

func TestAttributeValues(t *testing.T) {
	tests := []struct {
		elem, attr, value string
		ok                bool
	}{
		{"c", "level", "series", true},
		{"c", "level", " series ", true},
		{"c", "level", "box", false},
		{"c", "id", "inv-1", true},
		{"c", "id", "1a", false},
		{"c", "id", "a b", false},
		{"c", "id", "brief-müller", true},
		{"c", "id", "δ-1", true},
		{"c", "id", "a:b", false},
		{"c", "id", "a\u0E01", false}, // Thai: XML 1.0 4th edition has it, fonds does not risk it
		{"c", "otherlevel", "country-file", true},
		{"c", "otherlevel", "country file", false},
		{"ref", "target", "person-x", true},
		{"ref", "target", "", false},
		{"container", "parent", "a b", true},
		{"container", "parent", " ", false},
		{"unitdate", "normal", "1933-02-04/1933-02-08", true},
		{"unitdate", "normal", "1933-13", false},
		{"unitdate", "type", "bulk", true},
		{"list", "type", "marked", true},
		{"list", "type", "bulleted", false},
		{"language", "langcode", "rus", true},
		{"language", "langcode", "ru", false},
		{"unitid", "countrycode", "NL", true},
		{"unitid", "countrycode", "XX", false},
		{"unitid", "repositorycode", "NL-AmISG", true},
		{"unitid", "repositorycode", "AmISG", false},
		{"extref", "xlink:type", "simple", true},
		{"extref", "xlink:type", "locator", false},
		{"extref", "xlink:show", "new", true},
		{"extref", "xlink:show", " new", false}, // a string: spaces count
		{"extref", "xlink:href", "https://example.org/a b?x=1#top", true},
		{"extref", "xlink:href", "%zz", false},
		{"extref", "xlink:href", "http://a:b:c/", false},
		{"extref", "xlink:href", "#a#b", false},
		{"extref", "xlink:href", "1a:b", false},
		{"extref", "xlink:href", "hdl:10622/ARCH01483", true},
		{"extref", "xlink:href", "mailto:a@example.org", true},
		{"extref", "xlink:href", "", true},
		{"extref", "entityref", "x", false},
		{"tgroup", "cols", "3", true},
		{"emph", "render", "super", true},
		{"emph", "render", "superscript", false},
	}
	for _, tt := range tests {
		a := Lookup(tt.elem).Attribute(tt.attr)
		if a == nil {
			t.Errorf("<%s> has no @%s", tt.elem, tt.attr)
			continue
		}
		msg := a.Check(tt.value)
		if (msg == "") != tt.ok {
			t.Errorf("<%s %s=%q>: %q, want ok %v", tt.elem, tt.attr, tt.value, msg, tt.ok)
		}
	}
	if a := Lookup("tgroup").Attribute("cols"); !a.Required {
		t.Error("tgroup/@cols is required")
	}
	if Lookup("odd").Attribute("foo") != nil || Lookup("odd").Attribute("xml:lang") != nil {
		t.Error("odd has no foo or xml:lang")
	}
}

// TestTablesCurrent: tables.go is what the generator makes from the
// schema in ../shared/ead2002, which the file names with its sha256.
func TestTablesCurrent(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "ead2002")
	if _, err := os.Stat(filepath.Join(dir, "ead.xsd")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the EAD 2002 schema is missing: %v", err)
		}
		t.Skipf("no ../shared/ead2002 beside the repository: %v", err)
	}
	out := filepath.Join(t.TempDir(), "tables.go")
	cmd := exec.Command("go", "run", "./internal/xsdgen", "-o", out, filepath.Join(dir, "ead.xsd"), filepath.Join(dir, "xlink.xsd"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xsdgen: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Error("tables.go differs from what the generator makes of ../shared/ead2002: run go generate ./pkg/eadschema")
	}
}

// TestAPE pins what apeEAD allows where it differs from EAD 2002, as its
// schema's own notes list it.
func TestAPE(t *testing.T) {
	names := APE.Names()
	if len(names) != len(apeElements) || len(names) < 90 {
		t.Fatalf("%d apeEAD elements compiled of %d", len(names), len(apeElements))
	}
	for _, n := range []string{"index", "indexentry", "chronlist", "chronitem", "abstract", "ptr", "defitem", "listhead", "blockquote", "c01", "daodesc", "runner"} {
		if APE.Lookup(n) != nil {
			t.Errorf("apeEAD has %s", n)
		}
		if Lookup(n) == nil {
			t.Errorf("EAD 2002 has no %s", n)
		}
	}
	for _, tc := range []struct {
		elem, attr string
		has        bool
	}{
		{"persname", "authfilenumber", true}, {"persname", "normal", false}, {"persname", "role", false},
		{"persname", "source", false}, {"unitdate", "type", false}, {"unitdate", "normal", true},
		{"unitid", "countrycode", false}, {"odd", "type", false}, {"c", "id", true}, {"ref", "target", true},
		{"eadid", "identifier", true}, {"p", "id", false},
	} {
		if got := APE.Lookup(tc.elem).Attribute(tc.attr) != nil; got != tc.has {
			t.Errorf("apeEAD %s/@%s: %v, want %v", tc.elem, tc.attr, got, tc.has)
		}
	}
	if msg := APE.Lookup("archdesc").Attribute("level").Check("collection"); msg == "" {
		t.Error("apeEAD takes archdesc/@level collection")
	}
	if msg := APE.Lookup("dsc").Attribute("type").Check("combined"); msg == "" {
		t.Error("apeEAD takes dsc/@type combined")
	}
	for _, a := range []string{"countrycode", "mainagencycode", "identifier"} {
		if !APE.Lookup("eadid").Attribute(a).Required {
			t.Errorf("apeEAD's eadid/@%s is not required", a)
		}
	}
	accept := func(elem string, kids ...string) bool {
		s := APE.Lookup(elem).Start()
		for _, k := range kids {
			next, ok := s.Next(k)
			if !ok {
				return false
			}
			s = next
		}
		return s.End()
	}
	for _, tc := range []struct {
		elem, kids string
		ok         bool
	}{
		{"controlaccess", "head persname p geogname", true},
		{"controlaccess", "controlaccess", false},
		{"odd", "head list table p", true},
		{"odd", "head chronlist", false},
		{"bioghist", "head p dao list", true},
		{"item", "emph list extref ref", true},
		{"p", "emph ref extref lb", true},
		{"p", "persname", false},
		{"did", "unitid unittitle unitdate origination", true},
		{"did", "abstract", false},
		{"archdesc", "did odd controlaccess dsc", true},
		{"c", "did scopecontent c c", true},
		{"c", "head did", false},
	} {
		if got := accept(tc.elem, strings.Fields(tc.kids)...); got != tc.ok {
			t.Errorf("apeEAD %s of %s: %v, want %v", tc.elem, tc.kids, got, tc.ok)
		}
	}
}

// TestAPETablesCurrent: apetables.go is what the generator makes from the
// schema in ../shared/apeead, which the file names with its sha256.
func TestAPETablesCurrent(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "apeead", "apeEAD.xsd")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the apeEAD schema is missing: %v", err)
		}
		t.Skipf("no ../shared/apeead beside the repository: %v", err)
	}
	out := filepath.Join(t.TempDir(), "apetables.go")
	cmd := exec.Command("go", "run", "./internal/xsdgen", "-prefix", "ape", "-title", "the apeEAD schema of Archives Portal Europe",
		"-o", out, filepath.Join(shared, "apeead", "apeEAD.xsd"), filepath.Join(shared, "ead2002", "xlink.xsd"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xsdgen: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("apetables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Error("apetables.go differs from what the generator makes of ../shared/apeead: run go generate ./pkg/eadschema")
	}
}
