package build

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestBadInput checks every case under testdata/bad: the diagnostics fonds
// reports must be exactly the ones the case expects, at the exact line and
// column. Expectations sit on the offending line as a comment,
//
//	title: [a, b]   # want "12: contents[0].title: expected text or a mapping, found a list"
//
// (column, then the message as printed after file:line:col), or, where a
// comment cannot stand on that line, in the case's want.txt as full lines
// "file:line:col: message".
func TestBadInput(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/bad/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases under testdata/bad: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Check(dir, Options{})
			if !res.Failed(false) {
				t.Errorf("no error reported")
			}
			var got []string
			for _, d := range res.Diags {
				got = append(got, strings.TrimPrefix(d.Error(), filepath.ToSlash(dir)+"/"))
			}
			want := wants(t, dir)
			compare(t, got, want)
			assertUntouched(t, dir)
		})
	}
}

var wantComment = regexp.MustCompile(`#\s*want\s+((?:"(?:[^"\\]|\\.)*"\s*)+)$`)
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// wants collects the expected diagnostics of a case.
func wants(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if rel == "want.txt" {
			for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
				if l != "" {
					out = append(out, l)
				}
			}
			return nil
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<26)
		for line := 1; sc.Scan(); line++ {
			m := wantComment.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			for _, q := range quoted.FindAllString(m[1], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("%s:%d: bad want comment %s", rel, line, q)
				}
				col, rest, ok := strings.Cut(s, ": ")
				if !ok {
					t.Fatalf("%s:%d: want comment %s lacks \"COL: \"", rel, line, q)
				}
				out = append(out, rel+":"+strconv.Itoa(line)+":"+col+": "+rest)
			}
		}
		return nil
	})
	return out
}

func compare(t *testing.T, got, want []string) {
	t.Helper()
	sort.Strings(got)
	sort.Strings(want)
	g, w := map[string]bool{}, map[string]bool{}
	for _, s := range got {
		g[s] = true
	}
	for _, s := range want {
		w[s] = true
	}
	for _, s := range want {
		if !g[s] {
			t.Errorf("missing diagnostic:\n\t%s", s)
		}
	}
	for _, s := range got {
		if !w[s] {
			t.Errorf("unexpected diagnostic:\n\t%s", s)
		}
	}
}

// assertUntouched builds a bad case over a previous output folder and checks
// that the build fails and leaves the folder exactly as it was.
func assertUntouched(t *testing.T, dir string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist")
	if err := os.MkdirAll(filepath.Join(out, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "old", "index.html"), []byte("previous build"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Compile([]string{dir}, out, Options{}, nil)
	if err == nil {
		t.Errorf("build succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("build left %v beside the output folder", names)
	}
	data, rerr := os.ReadFile(filepath.Join(out, "old", "index.html"))
	if rerr != nil || string(data) != "previous build" {
		t.Errorf("previous output changed")
	}
}
