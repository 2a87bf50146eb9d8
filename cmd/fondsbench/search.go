package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// searchQueries are what the search bench asks the synthetic finding aid
// (pkg/synth's words): a word every item's title holds, a subject word, two
// words, a phrase, a surname, a pseudonym, a name without its diacritics
// (Kovač), Cyrillic, an inventory number, a facet, three words.
var searchQueries = []string{
	"letter", "conference", "moscow trials", `"new International"`, "adler", "crux", "kovac", "Письмо",
	"12345", "?q=letter&decade=1930", "letter conference visas",
}

// searchFigures are the search bench's medians, per query.
type searchFigures struct {
	items int
	runs  int
	load  string // the machine's load average as the runs began and ended
	skip  string // why the bench did not run
	rows  []searchRow
}

type searchRow struct {
	query               string
	files, bytes        int
	first, page, facets []int // milliseconds from the page's start
	results             string
}

// searchBench builds the site of the finding aid in src and searches it in
// Chromium, runs times for each query, each run in a fresh browser context.
func searchBench(bin, a11y, src string, items, runs int) *searchFigures {
	f := &searchFigures{items: items, runs: runs}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		f.skip = "node is not installed"
		return f
	}
	if _, err := os.Stat(filepath.Join(a11y, "node_modules", "puppeteer-core")); err != nil {
		f.skip = "tools/a11y/node_modules is missing (npm ci --ignore-scripts --prefix tools/a11y)"
		return f
	}
	tmp, err := os.MkdirTemp("", "fondsbench-search-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(os.Stderr, "search: building the site of %d items\n", items)
	if out, err := exec.Command(bin, "build", "--only", "html", "-o", tmp, src).CombinedOutput(); err != nil {
		f.skip = "the site could not be built: " + lastLine(string(out), err)
		return f
	}
	entries, _ := os.ReadDir(tmp)
	site := ""
	for _, e := range entries {
		if e.IsDir() {
			site = filepath.Join(tmp, e.Name())
		}
	}
	f.load = loadAverage()
	cmd := exec.Command(nodeBin, append([]string{filepath.Join(a11y, "check.js"), "bench", site}, searchQueries...)...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("RUNS=%d", runs))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	fmt.Fprintf(os.Stderr, "search: %d queries, %d runs each\n", len(searchQueries), runs)
	if err := cmd.Run(); err != nil {
		f.skip = "check.js bench failed: " + lastLine(stderr.String(), err)
		return f
	}
	f.load += " → " + loadAverage()
	var report struct {
		Queries []struct {
			Query                string
			Files, Bytes         int
			Ms, PageMs, FacetsMs int
			Status               string
		}
		Errors []struct{ Query, Error string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		f.skip = "check.js bench: " + err.Error()
		return f
	}
	if len(report.Errors) > 0 {
		f.skip = fmt.Sprintf("the page reported an error for %s: %s", report.Errors[0].Query, report.Errors[0].Error)
		return f
	}
	byQuery := map[string]*searchRow{}
	var order []string
	for _, q := range report.Queries {
		r := byQuery[q.Query]
		if r == nil {
			r = &searchRow{query: q.Query, files: q.Files, bytes: q.Bytes, results: q.Status}
			byQuery[q.Query] = r
			order = append(order, q.Query)
		}
		r.first = append(r.first, q.Ms)
		r.page = append(r.page, q.PageMs)
		r.facets = append(r.facets, q.FacetsMs)
	}
	for _, q := range order {
		f.rows = append(f.rows, *byQuery[q])
	}
	return f
}

// loadAverage is the machine's load over the last minute, which the times
// depend on: the machine is shared.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func (f *searchFigures) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n## Search in the browser\n\n")
	if f.skip != "" {
		fmt.Fprintf(&b, "Not measured: %s.\n", f.skip)
		return b.String()
	}
	fmt.Fprintf(&b, "The site of the %d-item finding aid, opened from the file system in headless Chromium, searched through\n"+
		"`search.html?q=…` (`tools/a11y/check.js bench`), each run in a fresh browser context as a reader's first search:\n"+
		"the index files the query loaded (`search/*.js`) and their bytes, and the milliseconds from the start of the page\n"+
		"to its first result, to the whole page of 20 results and to the facets counted. Medians of %d runs (min–max); the\n"+
		"machine's load average (1 minute) went %s during the runs.\n\n", f.items, f.runs, f.load)
	b.WriteString("| query | results | index files | index bytes loaded | first result (ms) | page of results (ms) | facets (ms) |\n|---|---|---|---|---|---|---|\n")
	for _, r := range f.rows {
		fmt.Fprintf(&b, "| `%s` | %s | %d | %s | %s | %s | %s |\n", strings.ReplaceAll(r.query, "|", "\\|"), resultCount(r.results),
			r.files, thousands(r.bytes), spread(r.first), spread(r.page), spread(r.facets))
	}
	for _, m := range f.missed() {
		fmt.Fprintf(&b, "\nTarget missed: %s.\n", m)
	}
	if len(f.rows) > 0 && len(f.missed()) == 0 {
		b.WriteString("\nTarget (issue 15): at most 2 MB of index loaded and the first result in under 300 ms for every query — **met**.\n")
	}
	return b.String()
}

// missed lists the queries that miss issue 15's targets: at most 2 MB of
// index loaded, the first result in under 300 ms (medians).
func (f *searchFigures) missed() []string {
	var out []string
	for _, r := range f.rows {
		if r.bytes > 2_000_000 {
			out = append(out, fmt.Sprintf("search %q loaded %s bytes of index (target: at most 2 MB)", r.query, thousands(r.bytes)))
		}
		if len(r.first) > 0 {
			s := append([]int(nil), r.first...)
			sort.Ints(s)
			if s[len(s)/2] >= 300 {
				out = append(out, fmt.Sprintf("search %q showed its first result after %d ms (target: under 300 ms)", r.query, s[len(s)/2]))
			}
		}
	}
	return out
}

// resultCount is the number of results the status line gives.
func resultCount(status string) string {
	if strings.HasPrefix(status, "Nothing found") {
		return "0"
	}
	return strings.Fields(status)[0]
}

func spread(ms []int) string {
	s := append([]int(nil), ms...)
	sort.Ints(s)
	return fmt.Sprintf("%d (%d–%d)", s[len(s)/2], s[0], s[len(s)-1])
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
