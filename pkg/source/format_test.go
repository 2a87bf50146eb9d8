package source

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// hostile is a diagnostic whose every field holds text from the sources
// that tries to add lines: a workflow command, a fake diagnostic, a
// terminal escape and a bidirectional override.
func hostile() List {
	var l List
	l.Errorf(Pos{File: "src/a\nb.yaml", Line: 3, Col: 5}, "contents[0].\"ti\ntle\"",
		"unknown field %s", "x\n::error file=README.md,line=1::pwned\r\n\x1b[31mred\u202Eevil").
		Note(Pos{File: "src/c.yaml", Line: 1, Col: 1}, "first written here\n::warning::note")
	return l
}

func TestTextEscapes(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, hostile(), FormatText); err != nil {
		t.Fatal(err)
	}
	want := `src/a\nb.yaml:3:5: contents[0]."ti\ntle": unknown field x\n::error file=README.md,line=1::pwned\r\n\u001B[31mred\u202Eevil` + "\n" +
		"\tsrc/c.yaml:1:1: first written here\\n::warning::note\n" +
		"1 error\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestGitHubEscapes(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, hostile(), FormatGitHub); err != nil {
		t.Fatal(err)
	}
	want := "::error file=src/a%0Ab.yaml,line=3,col=5::contents[0].\"ti%0Atle\": unknown field x%0A::error file=README.md,line=1::pwned%0D%0A\x1b[31mred\u202Eevil%0Asrc/c.yaml:1:1: first written here%0A::warning::note\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
	// One line, and only one workflow command.
	if n := strings.Count(b.String(), "\n"); n != 1 {
		t.Errorf("%d lines", n)
	}
	if got := githubEscape("a:b,c%d", true); got != "a%3Ab%2Cc%25d" {
		t.Errorf("property escape: %q", got)
	}
}

// TestJSONKeepsText: encoding/json escapes what the sources wrote, and a
// tool reads it back unchanged.
func TestJSONKeepsText(t *testing.T) {
	var b strings.Builder
	l := hostile()
	if err := Write(&b, l, FormatJSON); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") != strings.Count(strings.TrimSpace(b.String()), "\n")+1 || strings.Contains(b.String(), "\n::") {
		t.Errorf("raw line break in the JSON:\n%s", b.String())
	}
	var back []JSONDiagnostic
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || back[0].File != l[0].Pos.File || back[0].Path != l[0].Path || back[0].Message != l[0].Msg || back[0].Notes[0].Message != l[0].Notes[0].Msg {
		t.Errorf("read back %+v", back)
	}
}

// TestCapPerKind: 20,000 diagnostics of one kind print ten lines and a
// count of the rest, between two of another kind; the summary counts
// every one, and json lists every one.
func TestCapPerKind(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a.yaml", Line: 1, Col: 1}, "", "other problem %q", "x")
	for i := range 20_000 {
		l.Errorf(Pos{File: "r.yaml", Line: i + 2, Col: 5}, fmt.Sprintf("reels[0].items[%d]", i),
			"inventory number %d is on no reel (a gap after reel %d)", 2*i+1, 1).Note(Pos{File: "r.yaml", Line: 1, Col: 5}, "reel 1 ends at 0")
	}
	l.Warnf(Pos{File: "z.yaml", Line: 1, Col: 1}, "", "other problem %q", "y")
	var b strings.Builder
	if err := Write(&b, l, FormatText); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 1+2*MaxPerKind+1+1+1 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	if lines[2*MaxPerKind+1] != "… and 19,990 more like this (--format=json lists every one)" {
		t.Errorf("count line: %q", lines[2*MaxPerKind+1])
	}
	if last := lines[len(lines)-1]; last != "20001 errors, 1 warning" {
		t.Errorf("summary: %q", last)
	}
	b.Reset()
	if err := Write(&b, l, FormatGitHub); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != 1+MaxPerKind+1+1 {
		t.Errorf("github: %d lines", n)
	}
	b.Reset()
	if err := Write(&b, l, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var all []JSONDiagnostic
	if err := json.Unmarshal([]byte(b.String()), &all); err != nil || len(all) != 20_002 {
		t.Errorf("json: %d diagnostics, %v", len(all), err)
	}
}
