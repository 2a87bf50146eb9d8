package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

const escapeHead = "reference_code: T1\ndates: \"1930\"\nextent: 1 box\n" +
	"repository: {name: Test Archive}\nfinding_aid: {id: t1, date: \"2020\", language: eng}\n"

// TestSourceTextCannotAddLines checks a finding aid whose title holds a
// GitHub workflow command after a line break, and whose key holds a line
// break: no format prints a line the sources wrote.
func TestSourceTextCannotAddLines(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "fonds.yaml", escapeHead+
		"title: \"Papers\\n::error file=README.md,line=1::pwned\"\n"+
		"\"bad\\nkey\": 1\n")
	code, stdout, stderr := run(t, "check", "--format=github", dir)
	if code != ExitProblems {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "::error file="+dir+"/fonds.yaml,") {
			t.Errorf("a workflow command the sources wrote: %q", line)
		}
	}
	if !strings.Contains(stdout, `: t1 — Papers\n::error file=README.md,line=1::pwned (1 error)`) {
		t.Errorf("the summary does not show the escaped title:\n%s", stdout)
	}
	if !strings.Contains(stdout, `::error file=`+dir+`/fonds.yaml,line=7,col=1::bad%0Akey: unknown field "bad\nkey"`) {
		t.Errorf("the annotation does not escape the key:\n%s", stdout)
	}

	code, stdout, stderr = run(t, "check", dir)
	want := dir + `/fonds.yaml:7:1: bad\nkey: unknown field "bad\nkey"` + "\n1 error\n"
	if code != ExitProblems || stderr != want {
		t.Errorf("text: exit %d, stderr\n%s\nwant\n%s", code, stderr, want)
	}
	if n := strings.Count(stdout, "\n"); n != 6 {
		t.Errorf("the summary takes %d lines, not 6:\n%s", n, stdout)
	}

	code, stdout, _ = run(t, "check", "--format=json", dir)
	var out struct {
		Diagnostics []struct{ Path, Message string }
		FindingAids []struct{ Title string }
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != ExitProblems {
		t.Fatalf("json: exit %d, %v\n%s", code, err, stdout)
	}
	if len(out.Diagnostics) != 1 || out.Diagnostics[0].Path != "bad\nkey" || out.FindingAids[0].Title != "Papers\n::error file=README.md,line=1::pwned" {
		t.Errorf("json does not keep the text: %+v", out)
	}
}

// TestRepeatedDiagnosticsCapped checks one reel that lists 50,000 numbers
// with a gap after each: 49,999 errors, of which the text format prints
// ten and a count, the summary counts every one, and json lists every one.
// (200,000 numbers, the case of the issue, print the same 22 lines; fewer
// keep the test quick under the race detector.)
func TestRepeatedDiagnosticsCapped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "fonds.yaml", escapeHead+"title: Reels\nreels: reels.yaml\n")
	var b strings.Builder
	b.WriteString("reels:\n  - reel: 1\n    items: [")
	for i := range 50_000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, 2*i+1)
	}
	b.WriteString("]\n")
	write(t, dir, "reels.yaml", b.String())
	start := time.Now()
	code, _, stderr := runWithin(t, "check", dir)
	elapsed := time.Since(start)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != ExitProblems || len(lines) != 2*10+2 {
		t.Fatalf("exit %d, %d lines:\n%.2000s", code, len(lines), stderr)
	}
	if lines[20] != "… and 49,989 more like this (--format=json lists every one)" || lines[21] != "49999 errors" {
		t.Errorf("the last lines:\n%s\n%s", lines[20], lines[21])
	}
	t.Logf("check of 50,000 numbers on one reel with 49,999 gaps: %v", elapsed)
	code, stdout, _ := runWithin(t, "check", "--format=json", dir)
	if n := strings.Count(stdout, `"severity": "error"`); code != ExitProblems || n != 49_999 || !strings.Contains(stdout, `"errors": 49999,`) {
		t.Errorf("json: exit %d, %d diagnostics", code, n)
	}
}
