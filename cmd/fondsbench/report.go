package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// find returns the row of a scenario, or nil.
func find(rows []row, group, name string) *row {
	for i := range rows {
		if rows[i].group == group && rows[i].sc.name == name {
			return &rows[i]
		}
	}
	return nil
}

// ok reports whether the row ran to the end.
func (r *row) ok() bool { return r != nil && r.f.err == "" && len(r.f.wall) > 0 }

func (r *row) wall() time.Duration { return median(r.f.wall) }

func (r *row) rssMiB() float64 { return float64(median(r.f.rss)) / 1024 }

// A target is one of issue 20's, as measured.
type target struct {
	goal     string
	measured string
	state    string // "met", "missed", "not measured"
}

// floorName is the scenario of the floor with as many workers as fonds.
func floorName() string { return floorScenarios("", "")[1].name }

// targets evaluates the targets of issue 20 on the rows and the
// ArchivesSpace section.
func targets(rows []row, aspace string) []target {
	var list []target
	ratio := func(goal, group, name string, most float64) {
		t := target{goal: goal, state: "not measured"}
		r, fl := find(rows, group, name), find(rows, group, floorName())
		switch {
		case r.ok() && fl.ok():
			x := r.wall().Seconds() / fl.wall().Seconds()
			t.measured = fmt.Sprintf("%.2f s ÷ %.2f s = %.2f×%s", r.wall().Seconds(), fl.wall().Seconds(), x, cpuRatio(r, fl, "×"))
			t.state = state(x <= most)
		case r != nil && r.f.err != "":
			t.measured, t.state = r.f.err, "missed"
		}
		list = append(list, t)
	}
	ratio("full build of 100,000 items ≤ 3× the YAML floor", "100000 items", "full build", 3)
	ratio("check of 100,000 items ≤ 1.5× the YAML floor", "100000 items", "check", 1.5)

	t := target{goal: "peak memory of the 100,000-item full build ≤ 400 MB", state: "not measured"}
	if r := find(rows, "100000 items", "full build"); r.ok() {
		mb := float64(median(r.f.rss)) * 1024 / 1e6
		t.measured, t.state = fmt.Sprintf("%.0f MB", mb), state(mb <= 400)
	}
	list = append(list, t)

	t = target{goal: "1,000,000 items build in under 60 s", state: "not measured"}
	m := target{goal: "1,000,000 items build in under 3 GB", state: "not measured"}
	if r := find(rows, "1000000 items", "full build"); r != nil && len(r.f.wall) > 0 {
		gb := float64(median(r.f.rss)) * 1024 / 1e9
		if r.f.err != "" {
			// Stopped: too slow for certain; too large only if it had
			// passed 3 GB by then.
			t.measured, t.state = r.f.err, "missed"
			m.measured = fmt.Sprintf("%.1f GB when it was stopped", gb)
			if gb >= 3 {
				m.state = "missed"
			}
		} else {
			t.measured, t.state = fmt.Sprintf("%.1f s", r.wall().Seconds()), state(r.wall() < time.Minute)
			m.measured, m.state = fmt.Sprintf("%.1f GB", gb), state(gb < 3)
		}
	}
	list = append(list, t, m)

	t = target{goal: "rebuild of a 1,000-finding-aid corpus after one finding aid's source changed ≤ 5% of the full build", state: "not measured"}
	for _, r := range rows {
		if r.table != "incremental" || !strings.Contains(r.sc.name, "series file") {
			continue
		}
		full := find(rows, r.group, "full build, --no-cache")
		if r.ok() && full.ok() {
			x := r.wall().Seconds() / full.wall().Seconds()
			t.measured = fmt.Sprintf("%s: %.2f s ÷ %.2f s = %.1f%%%s", r.group, r.wall().Seconds(), full.wall().Seconds(), 100*x, cpuRatio(&r, full, "%"))
			t.state = state(x <= 0.05)
		}
	}
	list = append(list, t)

	t = target{goal: "full build of the Marx–Engels finding aid ≥ 30× faster than ArchivesSpace's PDF alone", state: "not measured"}
	w := target{goal: "every word ArchivesSpace's PDF prints is printed by fonds's PDF", state: "not measured"}
	if m := asMeasured.FindStringSubmatch(aspace); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		missing, _ := strconv.Atoi(m[2])
		t.measured, t.state = fmt.Sprintf("%.1f× (see below)", x), state(x >= 30)
		w.measured, w.state = fmt.Sprintf("%d words missing (see below)", missing), state(missing == 0)
	}
	return append(list, t, w)
}

// cpuRatio is the ratio of the CPU times of two rows, for a machine too
// busy for wall times to say much: "" when they are the same as the wall
// times' to a few percent.
func cpuRatio(r, to *row, unit string) string {
	c, w := median(r.f.cpu).Seconds()/median(to.f.cpu).Seconds(), r.wall().Seconds()/to.wall().Seconds()
	if median(to.f.cpu) == 0 || c/w > 0.97 && c/w < 1.03 {
		return ""
	}
	if unit == "%" {
		return fmt.Sprintf(" (CPU time: %.1f%%)", 100*c)
	}
	return fmt.Sprintf(" (CPU time: %.2f×)", c)
}

func state(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}

// asMeasured reads the figures that aspace.go leaves in its section.
var asMeasured = regexp.MustCompile(`<!-- aspace ratio=([0-9.]+) missing=([0-9]+) -->`)

// Markers around the ArchivesSpace section, which make bench keeps as the
// last fondsbench -aspace-ead wrote it.
const (
	asBegin = "<!-- begin aspace -->"
	asEnd   = "<!-- end aspace -->"
)

// previousSection returns the ArchivesSpace section of the results file
// at path, markers included, or "".
func previousSection(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	s := string(data)
	i, j := strings.Index(s, asBegin), strings.Index(s, asEnd)
	if i < 0 || j < i {
		return ""
	}
	return s[i : j+len(asEnd)]
}

// previousWalls reads the wall times of the whole-process table of the
// results file at path, by sources and command, for the "before" column.
func previousWalls(path string) map[string]string {
	out := map[string]string{}
	data, err := os.ReadFile(path)
	if err != nil {
		return out
	}
	in := false
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "## Whole process"):
			in = true
		case strings.HasPrefix(l, "## "):
			in = false
		case in && strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| sources"):
			cells := strings.Split(l, "|")
			if len(cells) > 4 {
				wall, _, _ := strings.Cut(strings.TrimSpace(cells[3]), " ")
				out[strings.TrimSpace(cells[1])+"|"+strings.TrimSpace(cells[2])] = wall
			}
		}
	}
	return out
}

// write writes the results file and returns the targets missed.
func write(path string, rows []row, stages, stagesBefore, bin string, search *searchFigures) ([]string, error) {
	before := previousWalls(path)
	aspace := previousSection(path)
	var b strings.Builder
	b.WriteString("# fonds benchmark results\n\nWritten by `make bench` (cmd/fondsbench). Figures are medians of several runs of the\nwhole `fonds` process on synthetic finding aids from `pkg/synth` (seed 1); min–max in brackets.\nEach run starts after a `sync`, so that the writeback of what the runs before wrote is not timed in it.\n")
	b.WriteString("The YAML floor (cmd/yamlfloor) reads the same files and decodes them with the same YAML library into\n`any`, and does nothing else: what no checker of these sources can avoid.\n\n")
	b.WriteString("## Machine\n\n")
	for _, l := range machine(bin) {
		b.WriteString("- " + l + "\n")
	}

	var missed []string
	b.WriteString("\n## Targets (issue 20)\n\n| target | measured | |\n|---|---|---|\n")
	for _, t := range targets(rows, aspace) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", t.goal, cell(t.measured), t.state)
		if t.state == "missed" {
			missed = append(missed, t.goal+": "+t.measured)
		}
	}

	fl := floorName()
	fmt.Fprintf(&b, "\n## Against the YAML floor\n\nWall time; the ratios are to the floor with %d workers (with 1 worker in brackets).\n\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "| sources | floor, 1 worker (s) | floor, %d workers (s) | check (s) | check ÷ floor | full build (s) | full build ÷ floor | full build, peak RSS (MiB) |\n|---|---|---|---|---|---|---|---|\n", runtime.GOMAXPROCS(0))
	var groups []string
	for _, r := range rows {
		if r.table == "floor" && (len(groups) == 0 || groups[len(groups)-1] != r.group) {
			groups = append(groups, r.group)
		}
	}
	for _, g := range groups {
		one, many := find(rows, g, "YAML floor, 1 worker"), find(rows, g, fl)
		chk, full := find(rows, g, "check"), find(rows, g, "full build")
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", g, secs(one), secs(many), secs(chk), times(chk, many, one),
			secs(full), times(full, many, one), peak(full))
	}

	b.WriteString("\n## Incremental builds\n\nRebuilds into one output folder with its build cache, after the build that fills it; each run changes\nanother finding aid (a comment added to a file). The ratio is to the full build without the cache.\n\n")
	b.WriteString("| sources | build | wall (s) | CPU (s) | ÷ full build | peak RSS (MiB) |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fullBuild := r.table == "whole" && strings.HasPrefix(r.group, "corpus") && strings.HasPrefix(r.sc.name, "full build")
		if !fullBuild && r.table != "incremental" {
			continue
		}
		full := find(rows, r.group, "full build, --no-cache")
		ratio := ""
		if r.ok() && full.ok() {
			ratio = fmt.Sprintf("%.1f%%", 100*r.wall().Seconds()/full.wall().Seconds())
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.group, r.sc.name, secs(&r), cpu(&r), ratio, peak(&r))
	}

	b.WriteString("\n## Whole process\n\n\"before\" is the wall time the previous results file gave for the same sources and command.\n\n")
	b.WriteString("| sources | command | wall (s) | before (s) | CPU (s) | CPU/wall | peak RSS (MiB) | output (MB) | items/s |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		if r.table != "whole" {
			continue
		}
		prev := before[r.group+"|"+r.sc.name]
		if prev == "" {
			prev = "—"
		}
		if r.f.err != "" {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | | | %s | | |\n", r.group, r.sc.name, cell(r.f.err), prev, peak(&r))
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
		s := sorted(r.f.wall)
		fmt.Fprintf(&b, "| %s | %s | %.2f (%.2f–%.2f) | %s | %.2f | %.2f | %.0f | %s | %s |\n", r.group, r.sc.name,
			w.Seconds(), s[0].Seconds(), s[len(s)-1].Seconds(), prev, c.Seconds(), c.Seconds()/w.Seconds(), r.rssMiB(), size, rate)
	}

	if search != nil {
		b.WriteString(search.table())
		missed = append(missed, search.missed()...)
	}
	if aspace != "" {
		b.WriteString("\n" + aspace + "\n")
	}
	if stages != "" {
		table, slower, drift, err := stageTable(stages, stagesBefore)
		if err != nil {
			return nil, err
		}
		b.WriteString("\n## Stages (Go benchmarks)\n\nMedians of `go test -bench` runs (`-count` as in the Makefile), in-process; \"before\" is the previous\n`make bench`'s run of the same benchmark (bench/stages.before.txt). A stage counts as slower when it allocates\nmore than 2% more bytes or objects than before (these are the same on every run), or when it takes a second or\nmore and its time grew 50% more than the median stage's did: time moves by tens of percent between runs on a\nshared machine (a benchmark of one iteration under a second, by more than half), and the machine itself may be\nslower or faster than last time.")
		fmt.Fprintf(&b, " The median stage took %.2f× its time before in this run.\n\n", drift)
		b.WriteString(table)
		missed = append(missed, slower...)
	}
	return missed, os.WriteFile(path, []byte(b.String()), 0o644)
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "/") }

func secs(r *row) string {
	switch {
	case r == nil:
		return "—"
	case r.f.err != "":
		return cell(r.f.err)
	}
	return fmt.Sprintf("%.2f", r.wall().Seconds())
}

func cpu(r *row) string {
	if !r.ok() {
		return "—"
	}
	return fmt.Sprintf("%.2f", median(r.f.cpu).Seconds())
}

func times(r, many, one *row) string {
	if !r.ok() || !many.ok() || !one.ok() {
		return "—"
	}
	return fmt.Sprintf("%.2f (%.2f)", r.wall().Seconds()/many.wall().Seconds(), r.wall().Seconds()/one.wall().Seconds())
}

func peak(r *row) string {
	if r == nil || len(r.f.rss) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f", r.rssMiB())
}

// A stage is one Go benchmark: its package, its name, and the values
// of each metric over its runs.
type stage struct {
	pkg, name string
	values    map[string][]float64
}

// median gives the median of a metric, 0 when it was not reported.
func (s *stage) median(unit string) float64 {
	if s == nil {
		return 0
	}
	v := append([]float64(nil), s.values[unit]...)
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// readStages reads go test -bench output, in the order the benchmarks
// ran.
func readStages(path string) ([]*stage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byKey := map[[2]string]*stage{}
	var order []*stage
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
		k := [2]string{pkg, name}
		s := byKey[k]
		if s == nil {
			s = &stage{pkg: pkg, name: name, values: map[string][]float64{}}
			byKey[k] = s
			order = append(order, s)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				s.values[fields[i+1]] = append(s.values[fields[i+1]], v)
			}
		}
	}
	return order, sc.Err()
}

// Bounds past which a stage counts as slower than before: the bytes and
// the number of allocations are exact and the same on every run, so any
// growth beyond rounding is real; time on a shared machine moves by tens
// of percent from run to run (a benchmark of one iteration under a
// second, by more than half), and the machine itself may be slower than
// the last time, so a stage's time counts as slower only when the stage
// takes a second or more and its time grew 50% more than the median
// stage's did (the machine's drift).
const (
	allocGrowth = 1.02
	timeGrowth  = 1.5
	timeJudged  = 1e9 // ns
)

// stageTable gives, per benchmark, the median of each metric, beside the
// median of the same benchmark in before (the previous run's output; ""
// when there is none), and the stages that got slower; and the machine's
// drift: the median, over the stages run both times, of how much longer
// each took (1 when none was).
func stageTable(path, before string) (string, []string, float64, error) {
	after, err := readStages(path)
	if err != nil {
		return "", nil, 0, err
	}
	prev := map[[2]string]*stage{}
	if before != "" {
		old, err := readStages(before)
		if err != nil && !os.IsNotExist(err) {
			return "", nil, 0, err
		}
		for _, s := range old {
			prev[[2]string{s.pkg, s.name}] = s
		}
	}
	var ratios []float64
	for _, s := range after {
		if p := prev[[2]string{s.pkg, s.name}]; p != nil && p.median("ns/op") > 0 && s.median("ns/op") > 0 {
			ratios = append(ratios, s.median("ns/op")/p.median("ns/op"))
		}
	}
	drift := 1.0
	if len(ratios) > 0 {
		sort.Float64s(ratios)
		drift = ratios[len(ratios)/2]
	}
	var b strings.Builder
	var slower []string
	b.WriteString("| package | benchmark | time/op | before | items/s | allocated/op | before | allocs/op | before | runs | |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range after {
		p := prev[[2]string{s.pkg, s.name}]
		rate := "—"
		if r := s.median("items/s"); r > 0 {
			rate = fmt.Sprintf("%.0f", r)
		}
		dur := func(s *stage) string {
			if s == nil || len(s.values["ns/op"]) == 0 {
				return "—"
			}
			return time.Duration(s.median("ns/op")).Round(time.Microsecond).String()
		}
		mb := func(s *stage) string {
			if s == nil || len(s.values["B/op"]) == 0 {
				return "—"
			}
			return fmt.Sprintf("%.1f MB", s.median("B/op")/1e6)
		}
		count := func(s *stage) string {
			if s == nil || len(s.values["allocs/op"]) == 0 {
				return "—"
			}
			return fmt.Sprintf("%.0f", s.median("allocs/op"))
		}
		var worse []string
		grew := func(unit, what string, bound float64) {
			old, now := p.median(unit), s.median(unit)
			if old > 0 && now > old*bound {
				worse = append(worse, fmt.Sprintf("%s %.2f×", what, now/old))
			}
		}
		if p != nil {
			if s.median("ns/op") >= timeJudged {
				grew("ns/op", "time", timeGrowth*max(1, drift))
			}
			grew("B/op", "bytes", allocGrowth)
			grew("allocs/op", "allocations", allocGrowth)
		}
		state := ""
		if len(worse) > 0 {
			state = "slower: " + strings.Join(worse, ", ")
			slower = append(slower, fmt.Sprintf("stage %s %s is slower than before: %s", s.pkg, s.name, strings.Join(worse, ", ")))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n", s.pkg, s.name,
			dur(s), dur(p), rate, mb(s), mb(p), count(s), count(p), len(s.values["ns/op"]), state)
	}
	return b.String(), slower, drift, nil
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
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		out = append(out, "load average when the results were written (1, 5, 15 min): "+strings.Join(strings.Fields(string(data))[:3], ", "))
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
