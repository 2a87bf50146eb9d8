package importer

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/site"
)

// words is a multiset of the words of a text: runs of letters and digits,
// in lower case.
type words map[string]int

func (w words) add(text string) {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w[strings.ToLower(f)]++
	}
}

func (w words) total() int {
	n := 0
	for _, c := range w {
		n += c
	}
	return n
}

// missing returns how many of the words of in are not in out (counted as
// multisets), and the most frequent of them.
func (in words) missing(out words) (int, []string) {
	n := 0
	type miss struct {
		w string
		n int
	}
	var list []miss
	for w, c := range in {
		if d := c - out[w]; d > 0 {
			n += d
			list = append(list, miss{w, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].w < list[j].w
	})
	var top []string
	for i, m := range list {
		if i == 8 {
			break
		}
		top = append(top, fmt.Sprintf("%s×%d", m.w, m.n))
	}
	return n, top
}

// textRun is a run of text of the input with the element it belongs to:
// its nearest ancestor that is not an inline phrase.
type textRun struct {
	elem, text string
}

// inlineElems are phrases that may stand inside a word ("<emph>M</emph>arx"):
// their text is not cut from what surrounds it.
var inlineElems = map[string]bool{"emph": true, "abbr": true, "expan": true, "num": true, "title": true}

// eadRuns returns the published text of an EAD document's archdesc, run by
// run: what is marked audience="internal" is left out, as fonds leaves it
// out of what it publishes.
func eadRuns(t testing.TB, data []byte) []textRun {
	t.Helper()
	doc, err := parse(bytes.NewReader(data), "ead")
	if err != nil {
		t.Fatal(err)
	}
	var runs []textRun
	var walk func(n *node, owner string)
	walk = func(n *node, owner string) {
		if rawAttr(n, "audience") == "internal" {
			return
		}
		if !inlineElems[n.name] {
			owner = n.name
			runs = append(runs, textRun{owner, " "})
		}
		for _, k := range n.kids {
			if k.name == "" {
				runs = append(runs, textRun{owner, k.text})
				continue
			}
			walk(k, owner)
		}
		if !inlineElems[n.name] {
			runs = append(runs, textRun{owner, " "})
		}
	}
	if ad := doc.ead.child("archdesc"); ad != nil {
		walk(ad, "archdesc")
	}
	return runs
}

// eadWords are the words of the published text of an EAD document's
// archdesc.
func eadWords(t testing.TB, data []byte) words {
	var b strings.Builder
	for _, r := range eadRuns(t, data) {
		b.WriteString(r.text)
	}
	w := words{}
	w.add(b.String())
	return w
}

// lostBy attributes the words of the input that out lacks to the elements
// of the input that held them, most first: "physloc 3478".
func lostBy(runs []textRun, out words) []string {
	left := maps.Clone(out)
	lost := map[string]int{}
	// Words split across runs ("<emph>M</emph>arx") are joined first.
	var owner string
	var b strings.Builder
	flush := func() {
		w := words{}
		w.add(b.String())
		for word, n := range w {
			for ; n > 0; n-- {
				if left[word] > 0 {
					left[word]--
				} else {
					lost[owner]++
				}
			}
		}
		b.Reset()
	}
	for _, r := range runs {
		if r.elem != owner {
			flush()
			owner = r.elem
		}
		b.WriteString(r.text)
	}
	flush()
	var list []string
	for e, n := range lost {
		list = append(list, fmt.Sprintf("%s %d", e, n))
	}
	sort.Slice(list, func(i, j int) bool {
		var a, b int
		fmt.Sscan(strings.Fields(list[i])[1], &a)
		fmt.Sscan(strings.Fields(list[j])[1], &b)
		if a != b {
			return a > b
		}
		return list[i] < list[j]
	})
	return list
}

var (
	htmlSkip = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`)
	htmlTag  = regexp.MustCompile(`(?s)<[^>]*>`)
)

// htmlWords are the words of every page of a finding aid's site.
func htmlWords(t testing.TB, dir string) words {
	t.Helper()
	w := words{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := htmlTag.ReplaceAllString(htmlSkip.ReplaceAllString(string(data), " "), " ")
		w.add(html.UnescapeString(text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// pdfWords are the words pdftotext reads in a PDF. In CI a missing
// pdftotext fails the test.
func pdfWords(t testing.TB, file string) words {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed: CI must read the PDF (poppler-utils, see .ci/run)")
		}
		t.Skip("pdftotext is not installed: cannot read the PDF")
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	w := words{}
	w.add(string(out))
	return w
}

// buildAll builds sources with the three outputs into a new folder and
// returns the finding aid's folder in it.
func buildAll(t testing.TB, src string) string {
	t.Helper()
	dist := filepath.Join(t.TempDir(), "dist")
	html, err := site.New(site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []build.Output{ead.Output{}, html, pdf.Output{}}
	results, err := build.Compile([]string{src}, dist, build.Options{}, outputs)
	if err != nil {
		for _, r := range results {
			t.Logf("%v", r.Diags)
		}
		t.Fatalf("build: %v", err)
	}
	return filepath.Join(dist, results[0].Archive.Slug())
}

// TestEveryWordProbe measures, for the EAD files of $FONDS_WORDS (a
// folder), the words of each archdesc that the EAD, the PDF and the site
// lose.
func TestEveryWordProbe(t *testing.T) {
	dir := os.Getenv("FONDS_WORDS")
	if dir == "" {
		t.Skip("FONDS_WORDS not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Import(bytes.NewReader(data), filepath.Base(f), Options{})
			if err != nil {
				t.Fatal(err)
			}
			src := filepath.Join(t.TempDir(), "sources", res.Name)
			writeSources(t, src, res)
			out := buildAll(t, src)
			in := eadWords(t, data)
			runs := eadRuns(t, data)
			xml, err := os.ReadFile(filepath.Join(out, filepath.Base(out)+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range []struct {
				name string
				w    words
			}{
				{"EAD", eadWords(t, xml)},
				{"PDF", pdfWords(t, filepath.Join(out, filepath.Base(out)+".pdf"))},
				{"HTML", htmlWords(t, out)},
			} {
				n, top := in.missing(o.w)
				t.Logf("%-5s %7d words in, %6d missing (%.2f%%): %s", o.name, in.total(), n, 100*float64(n)/float64(max(1, in.total())), strings.Join(top, " "))
				if n > 0 {
					t.Logf("      lost from: %s", strings.Join(lostBy(runs, o.w), ", "))
				}
			}
		})
	}
}
