package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIDFromAddress(t *testing.T) {
	tests := []struct {
		text, identifier, want string
		ok                     bool
	}{
		{"https://hdl.handle.net/10622/ARCH00111", "hdl:10622/ARCH00111", "ARCH00111", true},
		{"https://example.org/ead/mc_1/", "", "mc_1", true},
		{"http://example.org/show?id=7", "", "show", true},
		{"https://example.org/", "urn:x:coll-9", "coll-9", true},
		{"https://example.org/%20", "", "", false},
		{"ARCH00111", "", "", false},
		{"hdl:10622/ARCH00111", "", "", false},
	}
	for _, tt := range tests {
		id, ok := idFromAddress(tt.text, tt.identifier)
		if id != tt.want || ok != tt.ok {
			t.Errorf("idFromAddress(%q, %q) = %q, %v; want %q, %v", tt.text, tt.identifier, id, ok, tt.want, tt.ok)
		}
	}
}

// TestImportIISHAddress imports the IISH sample, whose eadid is the
// handle's address: the id is the last segment, the address the url.
func TestImportIISHAddress(t *testing.T) {
	file := filepath.Join(shared(t, "ead-samples"), "iisg_ARCH00111_julius-braunthal-papers.xml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(bytes.NewReader(data), file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Name != "arch00111" {
		t.Errorf("folder %q, want arch00111", res.Name)
	}
	fonds := string(res.Files["fonds.yaml"])
	if !strings.Contains(fonds, "finding_aid:\n  id: ARCH00111\n  url: https://hdl.handle.net/10622/ARCH00111\n") {
		t.Errorf("finding_aid in fonds.yaml:\n%s", fonds)
	}
}
