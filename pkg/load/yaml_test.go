package load

import (
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/source"
)

// TestSyntaxErrorPlace checks where a syntax error about [ ] { } or "?" is
// reported: at the bracket or the text to quote, never at brackets or
// question marks inside plain, quoted or block text, and with columns that
// count the quotes of earlier values.
func TestSyntaxErrorPlace(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{
			"question mark after quoted values",
			"names: [\"Sedov\", 'Ljova', Falco?]\n",
			`f.yaml:1:27: YAML syntax error: inside [ ] or { }, quote text that holds a "?": write "Falco?"`,
		},
		{
			"unclosed mapping after quoted values",
			"names: [\"A\", 'B', {x: 1, y: 2]\nnext: 2\n",
			"f.yaml:1:19: YAML syntax error: mapping opened with { here is not closed with }",
		},
		{
			"brackets in plain text before the question",
			"title: Letter from Sedov [?] to Trotsky\nnote: see [1935] {draft}\nitems:\n  - {inv: 2, dates: 1935?}\n",
			`f.yaml:4:21: YAML syntax error: inside [ ] or { }, quote text that holds a "?": write "1935?"`,
		},
		{
			"brackets in a block scalar before an unclosed list",
			"scope: |\n  Letters [from Sedov\n  {and others\nnames: [Sedov, Falco\ntitle: x\n",
			"f.yaml:4:8: YAML syntax error: list opened with [ here is not closed with ]",
		},
		{
			"brackets in quoted text before an unclosed mapping",
			"title: \"Letter [draft\"\nitem: {inv: 1, title: 'Note {x', dates: 1935\nnext: 2\n",
			"f.yaml:2:7: YAML syntax error: mapping opened with { here is not closed with }",
		},
	}
	// yaml.v3 gives up at 10,000 levels; the message is fonds's, at the
	// first bracket past its limit, found without a second parser (which
	// took 15 GB for this).
	tests = append(tests, struct{ name, yaml, want string }{
		"100,000 brackets deep",
		"title: T\nabstract: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
		"f.yaml:2:267: nesting deeper than 256 levels",
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags source.List
			parseYAML("f.yaml", []byte(tt.yaml), DefaultOptions, false, &diags)
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), tt.want) {
				t.Errorf("got %v\nwant %s", diags, tt.want)
			}
		})
	}
}
