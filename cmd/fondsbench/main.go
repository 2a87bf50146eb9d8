// Command fondsbench times the fonds command as a whole process on synthetic
// finding aids and writes the results, with the Go benchmarks of the stages,
// to a Markdown table. "make bench" runs it.
//
//	fondsbench -fonds bin/fonds -stages bench/stages.txt -o bench/RESULTS.md
//
// For each size (1,000, 10,000 and 100,000 items) it runs fonds check; fonds
// build with each output alone (EAD, HTML, PDF); and the full build; then
// the same for a corpus of many small finding aids. Every figure is the
// median of several runs; wall time, CPU time (user + system), peak resident
// memory and output size are measured by the operating system.
//
// Then it searches the site of the largest finding aid in headless
// Chromium, opened from the file system, through tools/a11y/check.js bench
// (Node and Debian's chromium; skipped with a note when they are missing):
// for each query, the bytes of the search index it loaded and the time to
// its first result.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fonds-archive/fonds/pkg/synth"
)

type scenario struct {
	name  string
	args  []string // after the fonds binary; OUT is replaced by an output folder
	items int
}

type figures struct {
	wall, cpu []time.Duration
	rss       []int64 // KiB
	size      int64
	err       string
}

func main() {
	bin := flag.String("fonds", "bin/fonds", "the fonds binary")
	stages := flag.String("stages", "", "output of go test -bench for the stage table")
	out := flag.String("o", "bench/RESULTS.md", "where to write the results")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "fonds-bench"), "folder for the generated sources")
	runs := flag.Int("runs", 5, "runs per scenario (3 for the largest)")
	sizes := flag.String("sizes", "1000,10000,100000", "items per finding aid")
	corpus := flag.String("corpus", "1000x200", "M finding aids of N items; empty to skip")
	outputs := flag.String("outputs", "ead,html,pdf", "outputs to time one by one")
	extra := flag.String("import", "", "an EAD file to time fonds import on (optional)")
	a11y := flag.String("a11y", "tools/a11y", "the folder of check.js, for the search in the browser; empty to skip it")
	flag.Parse()

	var rows []row
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fatal(err)
		}
		dir := filepath.Join(*cache, fmt.Sprintf("synth-%d", n))
		generate(dir, func(d string) error { return synth.Write(d, synth.Options{Items: n, Seed: 1}) })
		r := *runs
		if n >= 100000 {
			r = max(3, r/2)
		}
		for _, sc := range scenarios(dir, n, *outputs) {
			rows = append(rows, measure(*bin, sc, r, fmt.Sprintf("%d items", n)))
		}
	}
	if *corpus != "" {
		var m, n int
		if _, err := fmt.Sscanf(*corpus, "%dx%d", &m, &n); err != nil {
			fatal(fmt.Errorf("-corpus %q: want MxN", *corpus))
		}
		dir := filepath.Join(*cache, fmt.Sprintf("corpus-%dx%d", m, n))
		generate(dir, func(d string) error { return synth.WriteCorpus(d, m, n, 1) })
		for _, sc := range []scenario{
			{"check", []string{"check", dir}, m * n},
			{"full build", []string{"build", "-o", "OUT", dir}, m * n},
		} {
			rows = append(rows, measure(*bin, sc, max(3, *runs/2), fmt.Sprintf("corpus %d × %d", m, n)))
		}
	}
	if *extra != "" {
		info, err := os.Stat(*extra)
		if err != nil {
			fatal(err)
		}
		rows = append(rows, measure(*bin, scenario{"import", []string{"import", "--force", "-o", "OUT", *extra}, 0}, *runs,
			fmt.Sprintf("import %.1f MB EAD", float64(info.Size())/1e6)))
	}
	var search *searchFigures
	if *a11y != "" {
		var largest int
		for _, sz := range strings.Split(*sizes, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(sz)); err == nil && n > largest {
				largest = n
			}
		}
		search = searchBench(*bin, *a11y, filepath.Join(*cache, fmt.Sprintf("synth-%d", largest)), largest, *runs)
	}
	if err := write(*out, rows, *stages, *bin, search); err != nil {
		fatal(err)
	}
	fmt.Println("wrote", *out)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "fondsbench:", err)
	os.Exit(1)
}

// generate writes sources once; later runs reuse them.
func generate(dir string, fn func(string) error) {
	if _, err := os.Stat(dir); err == nil {
		return
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := fn(tmp); err != nil {
		fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		fatal(err)
	}
}

func scenarios(dir string, n int, outputs string) []scenario {
	list := []scenario{{"check", []string{"check", dir}, n}}
	for _, o := range strings.Split(outputs, ",") {
		if o = strings.TrimSpace(o); o != "" {
			list = append(list, scenario{strings.ToUpper(o) + " only", []string{"build", "--only", o, "-o", "OUT", dir}, n})
		}
	}
	return append(list, scenario{"full build", []string{"build", "-o", "OUT", dir}, n})
}

type row struct {
	group string
	sc    scenario
	f     figures
}

func measure(bin string, sc scenario, runs int, group string) row {
	var f figures
	fmt.Fprintf(os.Stderr, "%s, %s: ", group, sc.name)
	for i := 0; i < runs; i++ {
		tmp, err := os.MkdirTemp("", "fondsbench-")
		if err != nil {
			fatal(err)
		}
		outDir := filepath.Join(tmp, "out")
		args := make([]string, len(sc.args))
		for j, a := range sc.args {
			args[j] = strings.ReplaceAll(a, "OUT", outDir)
		}
		cmd := exec.Command(bin, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err = cmd.Run()
		wall := time.Since(start)
		if err != nil {
			f.err = firstLine(stderr.String(), err)
			os.RemoveAll(tmp)
			fmt.Fprintln(os.Stderr, "failed:", f.err)
			return row{group, sc, f}
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		f.wall = append(f.wall, wall)
		f.cpu = append(f.cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		f.rss = append(f.rss, ru.Maxrss)
		f.size = dirSize(outDir)
		os.RemoveAll(tmp)
		fmt.Fprintf(os.Stderr, "%.2fs ", wall.Seconds())
	}
	fmt.Fprintln(os.Stderr)
	return row{group, sc, f}
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func median[T int64 | time.Duration](v []T) T {
	s := append([]T(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func write(path string, rows []row, stages, bin string, search *searchFigures) error {
	var b strings.Builder
	b.WriteString("# fonds benchmark results\n\nWritten by `make bench` (cmd/fondsbench). Figures are medians of several runs of the\nwhole `fonds` process on synthetic finding aids from `pkg/synth` (seed 1); min–max in brackets.\n\n")
	b.WriteString("## Machine\n\n")
	for _, l := range machine(bin) {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("\n## Whole process\n\n| sources | command | wall (s) | CPU (s) | CPU/wall | peak RSS (MiB) | output (MB) | items/s |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		if r.f.err != "" {
			fmt.Fprintf(&b, "| %s | %s | failed: %s | | | | | |\n", r.group, r.sc.name, strings.ReplaceAll(r.f.err, "|", "/"))
			continue
		}
		w, c := median(r.f.wall), median(r.f.cpu)
		rate := "—"
		if r.sc.items > 0 {
			rate = fmt.Sprintf("%.0f", float64(r.sc.items)/w.Seconds())
		}
		size := "—"
		if r.f.size > 0 {
			size = fmt.Sprintf("%.1f", float64(r.f.size)/1e6)
		}
		fmt.Fprintf(&b, "| %s | %s | %.2f (%.2f–%.2f) | %.2f | %.2f | %.0f | %s | %s |\n", r.group, r.sc.name,
			w.Seconds(), slices(r.f.wall)[0].Seconds(), slices(r.f.wall)[len(r.f.wall)-1].Seconds(),
			c.Seconds(), c.Seconds()/w.Seconds(), float64(median(r.f.rss))/1024, size, rate)
	}
	if search != nil {
		b.WriteString(search.table())
	}
	if stages != "" {
		table, err := stageTable(stages)
		if err != nil {
			return err
		}
		b.WriteString("\n## Stages (Go benchmarks)\n\nMedians of `go test -bench` runs (`-count` as in the Makefile), in-process.\n\n")
		b.WriteString(table)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func slices(v []time.Duration) []time.Duration {
	s := append([]time.Duration(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

// stageTable reads go test -bench output and gives, per benchmark, the
// median of each metric.
func stageTable(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	type key struct{ pkg, name string }
	values := map[key]map[string][]float64{}
	var order []key
	pkg := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "pkg: ") {
			pkg = strings.TrimPrefix(line, "pkg: github.com/fonds-archive/fonds/")
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 {
			continue
		}
		name := fields[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		k := key{pkg, name}
		if values[k] == nil {
			values[k] = map[string][]float64{}
			order = append(order, k)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				values[k][fields[i+1]] = append(values[k][fields[i+1]], v)
			}
		}
	}
	var b strings.Builder
	b.WriteString("| package | benchmark | time/op | items/s | allocated/op | allocs/op | runs |\n|---|---|---|---|---|---|---|\n")
	for _, k := range order {
		v := values[k]
		med := func(unit string) float64 {
			s := append([]float64(nil), v[unit]...)
			if len(s) == 0 {
				return 0
			}
			sort.Float64s(s)
			return s[len(s)/2]
		}
		rate := "—"
		if r := med("items/s"); r > 0 {
			rate = fmt.Sprintf("%.0f", r)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.1f MB | %.0f | %d |\n", k.pkg, k.name,
			time.Duration(med("ns/op")).Round(time.Microsecond), rate, med("B/op")/1e6, med("allocs/op"), len(v["ns/op"]))
	}
	return b.String(), sc.Err()
}

// machine describes where the figures were taken.
func machine(bin string) []string {
	var out []string
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				out = append(out, "CPU: "+strings.TrimSpace(strings.SplitN(l, ":", 2)[1]))
				break
			}
		}
	}
	out = append(out, fmt.Sprintf("cores available to Go: %d (GOMAXPROCS)", runtime.GOMAXPROCS(0)))
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		first := strings.SplitN(string(data), "\n", 2)[0]
		out = append(out, "memory: "+strings.Join(strings.Fields(first)[1:], " "))
	}
	if v, err := exec.Command("uname", "-srm").Output(); err == nil {
		out = append(out, "system: "+strings.TrimSpace(string(v)))
	}
	out = append(out, "Go: "+runtime.Version())
	if v, err := exec.Command(bin, "version").Output(); err == nil {
		out = append(out, "fonds: "+strings.TrimSpace(string(v)))
	}
	out = append(out, "date: "+time.Now().UTC().Format("2006-01-02"))
	return out
}
