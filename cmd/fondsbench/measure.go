package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A scenario is one command to time.
type scenario struct {
	name  string
	bin   string   // the program; "" is fonds
	args  []string // OUT is replaced by an output folder
	items int      // for items/s; 0 for none
	env   []string // added to the environment
	// out, when set, is the output folder of every run, kept between runs
	// (and its build cache beside it); otherwise each run writes into a
	// new temporary folder.
	out string
	// before runs before each run (a change to the sources, say); it is
	// not timed.
	before func(run int)
}

// figures are what the runs of a scenario measured.
type figures struct {
	wall, cpu []time.Duration
	rss       []int64 // KiB
	size      int64
	err       string // why a run failed or was stopped
	stopped   bool   // a bound stopped it: wall and rss hold that run
}

// bounds stop a run that takes too long or too much memory, so that a
// build that cannot finish is recorded (with how far it got) rather than
// left to run the machine out of memory.
type bounds struct {
	timeout time.Duration
	maxRSS  int64 // KiB
}

// measure runs a scenario runs times and returns what it measured; the
// first failure or stop ends the runs.
func measure(fonds string, sc scenario, runs int, b bounds) figures {
	var f figures
	fmt.Fprintf(os.Stderr, "%s: ", sc.name)
	for i := range runs {
		if sc.before != nil {
			sc.before(i)
		}
		outDir, cleanup := sc.out, func() {}
		if outDir == "" {
			tmp, err := os.MkdirTemp("", "fondsbench-")
			if err != nil {
				fatal(err)
			}
			outDir, cleanup = filepath.Join(tmp, "out"), func() { os.RemoveAll(tmp) }
		}
		args := make([]string, len(sc.args))
		for j, a := range sc.args {
			args[j] = strings.ReplaceAll(a, "OUT", outDir)
		}
		bin := sc.bin
		if bin == "" {
			bin = fonds
		}
		// Each run starts with what the runs before wrote on disk, not
		// still in the system's memory waiting to be: a full build writes
		// hundreds of megabytes, and their writeback would otherwise land
		// in the next run's time (a rebuild of the corpus after three full
		// builds took 2.5–3.0 s, alone 1.0–1.3 s).
		syscall.Sync()
		r := run(bin, args, sc.env, b)
		if r.err == "" {
			f.size = dirSize(outDir)
		}
		cleanup()
		if r.err != "" {
			f.err, f.stopped = r.err, r.stopped
			if r.stopped {
				f.wall, f.rss = append(f.wall, r.wall), append(f.rss, r.rss)
			}
			fmt.Fprintln(os.Stderr, r.err)
			return f
		}
		f.wall = append(f.wall, r.wall)
		f.cpu = append(f.cpu, r.cpu)
		f.rss = append(f.rss, r.rss)
		fmt.Fprintf(os.Stderr, "%.2fs ", r.wall.Seconds())
	}
	fmt.Fprintln(os.Stderr)
	return f
}

// A result is one run of a program.
type result struct {
	wall, cpu time.Duration
	rss       int64 // KiB, the peak
	err       string
	stopped   bool
}

// run runs a program once, measured by the operating system, and stops
// it past the bounds.
func run(bin string, args, env []string, b bounds) result {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{err: err.Error()}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var deadline <-chan time.Time
	if b.timeout > 0 {
		deadline = time.After(b.timeout)
	}
	stop := ""
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-deadline:
			stop = fmt.Sprintf("stopped after %s", b.timeout)
			cmd.Process.Kill()
		case <-tick.C:
			if b.maxRSS > 0 && stop == "" {
				if rss := currentRSS(cmd.Process.Pid); rss > b.maxRSS {
					stop = fmt.Sprintf("stopped at %d MiB of memory after %.0f s", rss/1024, time.Since(start).Seconds())
					cmd.Process.Kill()
				}
			}
		}
	}
	r := result{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss
	}
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	switch {
	case stop != "":
		r.err, r.stopped = stop, true
	case err != nil:
		r.err = lastLine(stderr.String(), err)
	}
	return r
}

// currentRSS reads a process's resident memory, in KiB, from /proc.
func currentRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

func lastLine(s string, err error) string {
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
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func sorted[T int64 | time.Duration](v []T) []T {
	s := slices.Clone(v)
	slices.Sort(s)
	return s
}
