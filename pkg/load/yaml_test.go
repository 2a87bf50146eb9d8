package load

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	goccy "github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"

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
			parseYAML("f.yaml", []byte(tt.yaml), DefaultOptions, false, true, &diags)
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), tt.want) {
				t.Errorf("got %v\nwant %s", diags, tt.want)
			}
		})
	}
}

// TestLibraryMessages pins the texts of the two YAML libraries that
// syntaxError recognises (neither gives its syntax errors a kind), and what
// fonds makes of each: a library upgrade that rewords a message fails here,
// rather than turning fonds's plain words back into the parser's, or
// losing the position.
func TestLibraryMessages(t *testing.T) {
	tests := []struct {
		yaml     string
		v3       string // yaml.v3's error, exactly
		goccy    string // goccy/go-yaml's "[line:col] message", or "" when it reads the text
		fonds    string
		patterns []string // the forms of syntaxError this case exercises
	}{
		{"title: \"abc\nnext: 1\n", "yaml: line 3: found unexpected end of stream",
			"[1:8] could not find end character of double-quoted text",
			"f.yaml:1:8: YAML syntax error: double-quoted text is not closed", []string{"v3Line"}},
		{"title: 'abc\nnext: 1\n", "yaml: line 3: found unexpected end of stream",
			"[1:8] could not find end character of single-quoted text",
			"f.yaml:1:8: YAML syntax error: single-quoted text is not closed", nil},
		{"a: b\n  c: d\n", "yaml: line 2: mapping values are not allowed in this context",
			"[1:4] mapping value is not allowed in this context",
			`f.yaml:2:3: YAML syntax error: "c" is indented more than "a" above it, so YAML reads it as more of the value of "a"; indent "c" as "a" is`, []string{"notInContext"}},
		{"a: b: c\n", "yaml: mapping values are not allowed in this context",
			"[1:4] mapping value is not allowed in this context",
			`f.yaml:1:4: YAML syntax error: unexpected ":" here; quote text that contains ": ", or check the indentation`, nil},
		{"- a\nb: 1\n", "yaml: line 1: did not find expected '-' indicator",
			"[2:1] value is not allowed in this context",
			"f.yaml:2:1: YAML syntax error: unexpected value here; check the indentation", nil},
		{"a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'",
			"[1:4] sequence end token ']' not found",
			"f.yaml:1:4: YAML syntax error: list opened with [ is not closed", nil},
		{"a: {x: 1\n", "yaml: line 1: did not find expected ',' or '}'",
			"[1:4] could not find flow mapping end token '}'",
			"f.yaml:1:4: YAML syntax error: mapping opened with { is not closed", nil},
		{"b: 3\na: [1, 2\nb: 3\n", "yaml: line 1: did not find expected ',' or ']'",
			"[3:1] ',' or ']' must be specified",
			`f.yaml:2:4: YAML syntax error: list opened with [ here is not closed with ]; quote text inside it that holds ",", ": ", [ ] or { }`,
			[]string{"seqUnclosed"}},
		{"a: {x: 1, y: 2\nb: 3\n", "yaml: line 1: did not find expected ',' or '}'",
			"[2:1] ',' or '}' must be specified",
			`f.yaml:1:4: YAML syntax error: mapping opened with { here is not closed with }; quote text inside it that holds ",", ": ", [ ] or { }`,
			[]string{"mapUnclosed"}},
		{"a: {x: 1935?}\n", "yaml: did not find expected ',' or '}'", "",
			`f.yaml:1:8: YAML syntax error: inside [ ] or { }, quote text that holds a "?": write "1935?"`,
			[]string{"v3FlowUnclosed"}},
		{"a:\n\tb: 1\n", "yaml: line 2: found character that cannot start any token",
			"[2:1] found character '\t' that cannot start any token",
			"f.yaml:2:1: YAML syntax error: tab character in indentation; YAML indents with spaces", []string{"goccyTab"}},
		{"a: 1\n\tb: 2\n", "yaml: line 2: found a tab character that violates indentation",
			"[2:1] found character '\t' that cannot start any token",
			"f.yaml:2:1: YAML syntax error: tab character in indentation; YAML indents with spaces", []string{"tabChar"}},
		{"a: |\n  x\n\tb: 1\n", "yaml: line 3: found a tab character where an indentation space is expected",
			"[3:1] found a tab character where an indentation space is expected",
			"f.yaml:3:1: YAML syntax error: tab character in indentation; YAML indents with spaces", []string{"tabChar"}},
		{"a: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n", "yaml: exceeded max depth of 10000", "",
			"f.yaml:1:260: nesting deeper than 256 levels", []string{"v3TooDeep"}},
	}
	forms := map[string]string{"v3TooDeep": v3TooDeep, "v3FlowUnclosed": v3FlowUnclosed, "tabChar": tabChar,
		"goccyTab": goccyTab, "mapUnclosed": mapUnclosed, "seqUnclosed": seqUnclosed}
	exercised := map[string]bool{}
	goccyMessages := map[string]bool{}
	for _, tt := range tests {
		var n yaml.Node
		err := yaml.NewDecoder(strings.NewReader(tt.yaml)).Decode(&n)
		if err == nil || err.Error() != tt.v3 {
			t.Errorf("%q: yaml.v3 says %v, want %q", tt.yaml, err, tt.v3)
		}
		got := ""
		var ge goccyError
		if _, gerr := goccy.ParseBytes([]byte(tt.yaml), 0); errors.As(gerr, &ge) {
			tok := ge.GetToken()
			got = fmt.Sprintf("[%d:%d] %s", tok.Position.Line, tok.Position.Column, ge.GetMessage())
			goccyMessages[ge.GetMessage()] = true
		} else if gerr != nil {
			got = "untyped: " + gerr.Error()
		}
		if got != tt.goccy {
			t.Errorf("%q: goccy/go-yaml says %q, want %q", tt.yaml, got, tt.goccy)
		}
		var diags source.List
		parseYAML("f.yaml", []byte(tt.yaml), DefaultOptions, false, true, &diags)
		if len(diags) != 1 || diags[0].Error() != tt.fonds {
			t.Errorf("%q: fonds says %v, want %s", tt.yaml, diags, tt.fonds)
		}
		for _, p := range tt.patterns {
			exercised[p] = true
			if form, ok := forms[p]; ok && !strings.Contains(err.Error()+"\n"+got, form) {
				t.Errorf("%q: neither library's message holds %q (%s)", tt.yaml, form, p)
			}
		}
		if m := v3Line.FindStringSubmatch(tt.v3); m == nil && strings.Contains(tt.v3, "line") {
			t.Errorf("%q: v3Line does not read %q", tt.yaml, tt.v3)
		}
	}
	for name := range forms {
		if !exercised[name] {
			t.Errorf("no case exercises %s", name)
		}
	}
	for msg := range syntaxMessages {
		if !goccyMessages[msg] {
			t.Errorf("syntaxMessages rewords %q, which goccy/go-yaml says in no case here: reworded upstream?", msg)
		}
	}
}

// TestForbiddenChars checks the characters XML 1.0 cannot hold, written
// raw in a file, and those around them that it can: the fast scan for a
// byte that may start one must let none through.
func TestForbiddenChars(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string // positions and characters reported
	}{
		{"title: a\tb\r\n", nil},
		{"title: \uF000 \uFFFD \uE000 é\n", nil},
		{"title: a\uFFFEb\n", []string{"f.yaml:1:9: character U+FFFE"}},
		{"title: a\n\nnote: \uFFFF\n", []string{"f.yaml:3:7: character U+FFFF"}},
		{"title: \x01\x7F\x1F\n", []string{"f.yaml:1:8: character U+0001", "f.yaml:1:10: character U+001F"}},
	} {
		var diags source.List
		got := forbiddenChars("f.yaml", []byte(tt.text), &diags)
		if got != (len(tt.want) > 0) || len(diags) != len(tt.want) {
			t.Errorf("%q: reported %v: %v", tt.text, got, diags.Err())
			continue
		}
		for i, d := range diags {
			if !strings.HasPrefix(d.Error(), tt.want[i]) {
				t.Errorf("%q: got %q, want %q…", tt.text, d.Error(), tt.want[i])
			}
		}
	}
}

// TestRawForbiddenRefused pins what escapedForbidden relies on: yaml.v3
// refuses a character XML 1.0 cannot hold written out in a plain, single-
// quoted, double-quoted or block scalar, so only a double-quoted escape
// can put one in a value.
func TestRawForbiddenRefused(t *testing.T) {
	for _, r := range []string{"\x01", "\x1F", "\uFFFE", "\uFFFF"} {
		for _, form := range []string{"a: b%sc\n", "a: 'b%sc'\n", "a: \"b%sc\"\n", "a: |\n  b%sc\n", "a: >\n  b%sc\n", "%s: b\n"} {
			text := fmt.Sprintf(form, r)
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(text), &n); err == nil {
				t.Errorf("%q: yaml.v3 read it", text)
			}
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(`a: "b\x01c"`), &n); err != nil {
		t.Fatal(err)
	}
	if v := n.Content[0].Content[1]; v.Value != "b\x01c" {
		t.Fatalf("escape read as %q", v.Value)
	}
	if i, r := escapedForbidden(n.Content[0].Content[1]); i != 1 || r != 1 {
		t.Errorf("escapedForbidden: %d, %U", i, r)
	}
}
