package oai

import (
	"bytes"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/pkg/synth"
)

// corpusRepo is a repository of 100 synthetic finding aids of 20 items.
func corpusRepo(b *testing.B) *Repository {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "corpus")
	if err := synth.WriteCorpus(dir, 100, 20, 1); err != nil {
		b.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		dirs = append(dirs, filepath.Join(dir, e.Name()))
	}
	return fixtureRepo(b, Options{}, dirs...)
}

// BenchmarkListRecords writes one page of 100 records, as EAD (about 3.5
// MB read from the build's files) and as Dublin Core (held in memory).
func BenchmarkListRecords(b *testing.B) {
	repo := corpusRepo(b)
	for _, prefix := range []string{"ead", "oai_dc"} {
		b.Run(prefix, func(b *testing.B) {
			values := url.Values{"verb": {"ListRecords"}, "metadataPrefix": {prefix}}
			var n int64
			for b.Loop() {
				cw := &counter{}
				if err := repo.Answer(cw, values, testBase, testNow); err != nil {
					b.Fatal(err)
				}
				n = cw.n
			}
			b.SetBytes(n)
		})
	}
}

// BenchmarkDublinCore maps the default sources' EAD to Dublin Core.
func BenchmarkDublinCore(b *testing.B) {
	archives, out := built(b, "../../sources/trotsky-ilo")
	data, err := os.ReadFile(filepath.Join(out, archives[0].Slug(), archives[0].Slug()+".xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DublinCore(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*counter)(nil)
