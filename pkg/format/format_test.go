package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fonds-archive/fonds/internal/diff"
	"github.com/fonds-archive/fonds/pkg/load"
)

// TestLayout formats each case under testdata/<case>/<kind>.yaml and
// compares the result with want.yaml beside it (UPDATE_GOLDEN=1 rewrites
// them); formatting the result again must change nothing.
func TestLayout(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	n := 0
	for _, dir := range dirs {
		if filepath.Base(dir) == "fuzz" {
			continue
		}
		inputs, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, in := range inputs {
			if filepath.Base(in) == "want.yaml" {
				continue
			}
			n++
			kind := strings.TrimSuffix(filepath.Base(in), ".yaml")
			t.Run(filepath.Base(dir), func(t *testing.T) {
				data, err := os.ReadFile(in)
				if err != nil {
					t.Fatal(err)
				}
				got, err := Source(data, kind)
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(dir, "want.yaml"), got)
				again, err := Source(got, kind)
				if err != nil {
					t.Fatalf("formatting the result: %v", err)
				}
				if !bytes.Equal(again, got) {
					t.Errorf("not idempotent:\n%s", diff.Diff("once", got, "twice", again))
				}
			})
		}
	}
	if n < 10 {
		t.Fatalf("%d cases under testdata", n)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs (got in %s.got):\n%s", path, path, diff.Diff("want", want, "got", got))
	}
}

// sourceFiles returns every YAML file of the finding aids under the
// repository's sources and testdata, with its kind, read through load as
// fonds check reads them: the files that parse as YAML. refused holds
// those that load reports an error in.
func sourceFiles(t testing.TB) (out map[string]*load.Doc, refused map[string]bool) {
	out, refused = map[string]*load.Doc{}, map[string]bool{}
	for _, pattern := range []string{"../../sources/*", "../../testdata/*/*"} {
		dirs, _ := filepath.Glob(pattern)
		for _, dir := range dirs {
			if _, err := os.Stat(filepath.Join(dir, load.RootFile)); err != nil {
				continue
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			set, diags := load.Parse(root.FS(), dir, load.Options{})
			root.Close()
			for _, d := range diags {
				refused[d.Pos.File] = true
			}
			for _, d := range set.Docs {
				if d.Root != nil {
					out[d.Name] = d
				}
			}
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d source files found", len(out))
	}
	return out, refused
}

// TestEveryFile formats every source file of the repository that parses
// (the default sources, the fixtures, the accepted and the bad inputs):
// each is formatted (unless load refuses it too), and formatting the
// result changes nothing. Source
// compares each result with its input value by value and comment by
// comment, so this also shows that none changes what it says.
func TestEveryFile(t *testing.T) {
	docs, refused := sourceFiles(t)
	for name, d := range docs {
		got, err := Source(d.Data, d.Kind)
		if err != nil {
			if !refused[name] {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		again, err := Source(got, d.Kind)
		if err != nil {
			t.Errorf("%s: formatting the result: %v", name, err)
			continue
		}
		if !bytes.Equal(again, got) {
			t.Errorf("%s: not idempotent:\n%s", name, diff.Diff("once", got, "twice", again))
		}
	}
}

func TestRefused(t *testing.T) {
	for _, tt := range []struct{ name, in, msg string }{
		{"not YAML", "a: [b\n", "not YAML fonds can read"},
		{"a list at the top", "- a\n", "does not hold a mapping"},
		{"two documents", "a: 1\n---\nb: 2\n", "line 2: a source file holds one YAML document"},
		{"a key twice", "id: a\nid: b\n", `line 2: duplicate key "id"`},
		{"a key that is a list", "? [a]\n: b\n", "line 1: a key must be plain text"},
		{"two comments on one line", "title: # one\n  Text # two\nid: x\n", "cannot keep two comments at the end of one line"},
		{"a kind that does not exist", "id: a\n", `unknown kind of source file "reel"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kind := "series"
			if strings.Contains(tt.name, "kind") {
				kind = "reel"
			}
			_, err := Source([]byte(tt.in), kind)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want %q", err, tt.msg)
			}
		})
	}
}

// TestSameRefusesChanges shows that the last check, which every result
// passes, sees each kind of change.
func TestSameRefusesChanges(t *testing.T) {
	in := "id: a\ntitle: T  # c\nform: [\"x\", y]\ncontents:\n  - {inv: 1}\n"
	doc, err := parse([]byte(in), false)
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := lex([]byte(in))
	for _, out := range []string{
		"id: a\ntitle: U  # c\nform: [\"x\", y]\ncontents:\n  - {inv: 1}\n",     // a value
		"id: a\ntitle: T\nform: [\"x\", y]\ncontents:\n  - {inv: 1}\n",          // a comment
		"id: a\ntitle: T  # c\nform: [x, y]\ncontents:\n  - {inv: 1}\n",         // quoting in [ ]
		"id: a\ntitle: T  # c\nform: [\"x\", y]\ncontents:\n  - {inv: \"1\"}\n", // a type
		"id: a\ntitle: T  # c\nform: [\"x\", y]\ncontents:\n  - {inv: 1}\n  - {inv: 2}\n",
		"id: a\ntitel: T  # c\nform: [\"x\", y]\ncontents:\n  - {inv: 1}\n",
	} {
		if err := same(comments, doc, []byte(out), false, true); err == nil {
			t.Errorf("a change passes:\n%s", out)
		}
	}
	if err := same(comments, doc, []byte("form: [\"x\", y]\ntitle: T  # c\nid: a\ncontents: [{inv: 1}]\n"), false, true); err != nil {
		t.Errorf("order and style refused: %v", err)
	}
}

func TestFold(t *testing.T) {
	s := "A title with words, some of them - dashes, [brackets] and #hashes, that goes on long enough to need three lines at a width of forty characters"
	lines := fold(s, 30, 40)
	if strings.Join(lines, " ") != s {
		t.Errorf("folded text differs:\n%q", lines)
	}
	for i, l := range lines {
		if i > 0 && strings.ContainsRune(indicators, rune(l[0])) {
			t.Errorf("line %d starts with %q", i, l[0])
		}
		limit := 40
		if i == 0 {
			limit = 30
		}
		if utf8.RuneCountInString(l) > limit && strings.Contains(l, " ") {
			t.Errorf("line %d is %d characters: %q", i, utf8.RuneCountInString(l), l)
		}
	}
	if len(lines) < 3 {
		t.Errorf("%d lines", len(lines))
	}
	if got := fold("two  spaces"+strings.Repeat("x", 50), 20, 20); len(got) != 1 {
		t.Errorf("broken at a double space: %q", got)
	}
}

func TestPlainOK(t *testing.T) {
	yes := []string{"Crux", "Trotsky, Lev", "1929-1937", "Letter (copy); 3 pages", "Büyük Ada", "ps-crux", "a:b", "K.-L."}
	no := []string{"", "2013", "1933?x: y", "true", "Yes", "null", "~", "[Crux]", "a: b", "a #b", "#a", "- a", " a", "a ", "1.5", "1929-01-20", "&a", "*a", "!a", "|", ">", "'a", `"a`, "%a", "@a", "`a", "a\nb"}
	for _, s := range yes {
		if !plainOK(s, false) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range no {
		if plainOK(s, false) {
			t.Errorf("%q taken as plain", s)
		}
	}
	if plainOK("Trotsky, Lev", true) || plainOK("[a]", true) {
		t.Error("a comma or bracket taken as plain inside [ ]")
	}
}

// TestQuote: every quoted form reads back as the text.
func TestQuote(t *testing.T) {
	for _, s := range []string{"2013", `He said "no"`, `back\slash`, "it's", "tab\there", "line\nbreak", "\u0085\u2028\u00a0", "\x01", "é ε ж"} {
		q := quote(s)
		doc, err := parse([]byte("k: "+q+"\n"), false)
		if err != nil {
			t.Errorf("%q → %s: %v", s, q, err)
			continue
		}
		if v := doc.Content[0].Content[1]; v.Value != s || v.ShortTag() != "!!str" {
			t.Errorf("%q → %s → %q", s, q, v.Value)
		}
	}
}

// BenchmarkSource formats the default sources' files.
func BenchmarkSource(b *testing.B) {
	var docs []*load.Doc
	size := 0
	all, _ := sourceFiles(b)
	for name, d := range all {
		if strings.HasPrefix(name, "../../sources/") {
			docs = append(docs, d)
			size += len(d.Data)
		}
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, d := range docs {
			if _, err := Source(d.Data, d.Kind); err != nil {
				b.Fatal(err)
			}
		}
	}
}
