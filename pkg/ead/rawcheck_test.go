package ead

import (
	"strings"
	"testing"
)

// TestRawRefused: raw EAD in the sources may hold EAD 2002's elements
// only, and no link a browser would run.
func TestRawRefused(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`<odd><p>Fine <emph render="bold">text</emph></p></odd>`, ""},
		{`<dao xlink:href="https://example.org/scan.jpg"/>`, ""},
		{`<odd><p><script>alert(1)</script></p></odd>`, "<script> is not an element of EAD 2002"},
		{`<bogus/>`, "<bogus> is not an element of EAD 2002"},
		{`<v:extra xmlns:v="urn:v">x</v:extra>`, "<v:extra> is not an element of EAD 2002"},
		{`<odd><p><extref xlink:href="javascript:alert(1)">x</extref></p></odd>`, `<extref xlink:href="javascript:alert(1)">: javascript links are refused`},
		{`<dao xlink:href=" JavaScript:alert(1)"/>`, "javascript links are refused"},
		{`<dao href="data:text/html,x"/>`, "data links are refused"},
	}
	for _, tt := range tests {
		_, err := parseRaw(tt.raw)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.raw, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %v, want %q", tt.raw, err, tt.want)
		}
	}
}
