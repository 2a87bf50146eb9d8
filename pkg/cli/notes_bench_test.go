package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkNotes measures fonds check and a full build (EAD, HTML, PDF)
// of a finding aid whose one note is pathological (refused by the check:
// the outputs never run) or the heaviest kind of note the Markdown limits
// accept, about a megabyte each: what one note can cost, whole process
// but for its start.
func BenchmarkNotes(b *testing.B) {
	notes := []struct{ name, note string }{
		{"refused/100k-quotes", strings.Repeat(">", 100_000) + " x"},
		{"refused/1M-quotes", strings.Repeat(">", 1_000_000) + " x"},
		{"refused/500k-list-markers", strings.Repeat("- ", 500_000) + "x"},
		{"refused/150k-emphasis", strings.Repeat("*a **", 150_000)},
		{"refused/300k-brackets", strings.Repeat("[", 300_000) + strings.Repeat("](", 300_000)},
		{"refused/250k-list-items", strings.Repeat("- x\n", 250_000)},
		{"accepted/1MiB-text", strings.Repeat("word word word word word word word word word word\n", 19_990)},
		{"accepted/10k-list-items", strings.Repeat("- word word word word word word word word word word word word\n", 9_990)},
		{"accepted/10k-quoted-lines", strings.Repeat("> word word word word word word word word word word word word\n", 9_990)},
		{"accepted/32-deep-lines", strings.Repeat(strings.Repeat("> ", 16)+strings.Repeat("- ", 16)+"word word\n", 600)},
		{"accepted/20k-emphasis-runs", strings.Repeat(strings.Repeat("*word word word word* ", 499)+"\n\n", 19)},
		{"accepted/10k-links", strings.Repeat(strings.Repeat("[word word](https://example.org/x) ", 500)+"\n\n", 19)},
		{"accepted/9k-editorial-marks", strings.Repeat(strings.Repeat("word word [sic] word […] ", 250)+"\n\n", 19)},
	}
	for _, n := range notes {
		dir := b.TempDir()
		var src strings.Builder
		src.WriteString("reference_code: T1\ntitle: T\ndates: \"1930\"\nextent: 1 box\nrepository: {name: R, isil: NL-AmISG, country: NL}\n")
		src.WriteString("finding_aid: {id: t1, date: \"2020\", language: eng}\nnotes: |\n")
		for _, l := range strings.Split(n.note, "\n") {
			src.WriteString("  " + l + "\n")
		}
		fa := filepath.Join(dir, "fa")
		if err := os.MkdirAll(fa, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(fa, "fonds.yaml"), []byte(src.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		want := ExitOK
		if strings.HasPrefix(n.name, "refused/") {
			want = ExitProblems
		}
		b.Run(n.name+"/check", func(b *testing.B) {
			for b.Loop() {
				if code := Main([]string{"check", fa}, nil, io.Discard, io.Discard); code != want {
					b.Fatalf("exit %d, want %d", code, want)
				}
			}
		})
		b.Run(n.name+"/check+build", func(b *testing.B) {
			out := filepath.Join(dir, "dist")
			for b.Loop() {
				if code := Main([]string{"build", "-o", out, fa}, nil, io.Discard, io.Discard); code != want {
					b.Fatalf("exit %d, want %d", code, want)
				}
			}
		})
	}
}
