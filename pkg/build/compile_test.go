package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/model"
)

// fileOutput writes one file per finding aid; it can be made to fail or
// panic half way, after writing a first file.
type fileOutput struct {
	name  string
	fail  bool
	panic bool
}

func (o fileOutput) Name() string { return o.name }

func (o fileOutput) Write(a *model.Archive, dir string) error {
	if err := os.WriteFile(filepath.Join(dir, o.name+".txt"), []byte(a.Fonds.Title.Value), 0o644); err != nil {
		return err
	}
	switch {
	case o.panic:
		panic("boom")
	case o.fail:
		return errors.New("disk full (simulated)")
	}
	return nil
}

func (o fileOutput) WriteIndex(archives []*model.Archive, dir string) error {
	var b strings.Builder
	for _, a := range archives {
		b.WriteString(a.Slug() + "\n")
	}
	return os.WriteFile(filepath.Join(dir, "index-"+o.name+".txt"), []byte(b.String()), 0o644)
}

// tree lists the files under dir with their contents, but for the Marker
// (whose presence is checked separately).
func tree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() && p != filepath.Join(dir, Marker) {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			lines = append(lines, rel+": "+string(data))
		}
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func siblings(t *testing.T, out string) []string {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

var fixtures = []string{"../../testdata/fixtures/letters", "../../testdata/fixtures/minimal"}

func TestCompileReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	os.MkdirAll(filepath.Join(out, "stale"), 0o755)
	os.WriteFile(filepath.Join(out, "stale", "old.txt"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(out, Marker), nil, 0o644)
	if _, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "a"}}); err != nil {
		t.Fatal(err)
	}
	want := "fix-letters.1/a.txt: Papers of the Imaginary Correspondence Bureau (fictional test fixture)\n" +
		"fix-min/a.txt: A minimal finding aid (fictional test fixture)\n" +
		"index-a.txt: fix-letters.1\nfix-min\n"
	if got := tree(t, out); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if data, err := os.ReadFile(filepath.Join(out, Marker)); err != nil || string(data) != markerText {
		t.Errorf("marker: %q %v", data, err)
	}
	if s := siblings(t, out); strings.Join(s, " ") != "dist" {
		t.Errorf("left beside the output: %v", s)
	}
}

func TestCompileFailureKeepsOutput(t *testing.T) {
	for _, o := range []fileOutput{{name: "bad", fail: true}, {name: "bad", panic: true}} {
		t.Run(fmt.Sprintf("fail=%v,panic=%v", o.fail, o.panic), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "dist")
			os.MkdirAll(out, 0o755)
			os.WriteFile(filepath.Join(out, "keep.txt"), []byte("previous"), 0o644)
			os.WriteFile(filepath.Join(out, Marker), nil, 0o644)
			_, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "good"}, o})
			if err == nil {
				t.Fatal("build succeeded")
			}
			if !strings.Contains(err.Error(), "bad output") {
				t.Errorf("error does not name the output: %v", err)
			}
			if got := tree(t, out); got != "keep.txt: previous" {
				t.Errorf("previous output changed:\n%s", got)
			}
			if s := siblings(t, out); len(s) != 1 {
				t.Errorf("left beside the output: %v", s)
			}
		})
	}
}

// TestConcurrentBuilds starts builds into the same folder at once: each
// succeeds, and the folder ends up holding one complete build.
func TestConcurrentBuilds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Compile(fixtures, out, Options{}, []Output{fileOutput{name: "a"}, fileOutput{name: "b"}})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	want := "fix-letters.1/a.txt: Papers of the Imaginary Correspondence Bureau (fictional test fixture)\n" +
		"fix-letters.1/b.txt: Papers of the Imaginary Correspondence Bureau (fictional test fixture)\n" +
		"fix-min/a.txt: A minimal finding aid (fictional test fixture)\n" +
		"fix-min/b.txt: A minimal finding aid (fictional test fixture)\n" +
		"index-a.txt: fix-letters.1\nfix-min\n\n" +
		"index-b.txt: fix-letters.1\nfix-min\n"
	if got := tree(t, out); got != want {
		t.Errorf("output is not one complete build:\n%s", got)
	}
	if s := siblings(t, out); strings.Join(s, " ") != "dist" {
		t.Errorf("left beside the output: %v", s)
	}
}

func TestCompileDuplicateSlugs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	results, err := Compile([]string{"../../testdata/fixtures/minimal", "../../testdata/fixtures/minimal"}, out, Options{}, nil)
	if err != ErrProblems {
		t.Errorf("err = %v", err)
	}
	if len(results) != 2 || len(results[0].Diags) != 0 || len(results[1].Diags) != 1 ||
		!strings.HasSuffix(results[1].Diags[0].Error(), `fonds.yaml:8:14: finding_aid.id: finding aid "fix-min" publishes as "fix-min", as ../../testdata/fixtures/minimal does (finding aid "fix-min"); give them different finding_aid ids`) {
		t.Errorf("results: %v", results)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("output folder was created")
	}
}

// startLog records the order in which outputs start writing.
type startLog struct {
	sync.Mutex
	started []string
}

// loggedOutput is a fileOutput that records when it starts.
type loggedOutput struct {
	fileOutput
	log *startLog
}

func (o loggedOutput) Write(a *model.Archive, dir string) error {
	o.log.Lock()
	o.log.started = append(o.log.started, o.name+" "+a.Slug())
	o.log.Unlock()
	return o.fileOutput.Write(a, dir)
}

// quickOutput is a loggedOutput that is Quick.
type quickOutput struct{ loggedOutput }

func (quickOutput) Quick() {}

// writeAll starts the outputs that are not Quick first, for every finding
// aid, then the Quick ones (runOrder); the error a failing output gives is
// the one it gives when they start in the order given.
func TestCompileStartsQuickOutputsLast(t *testing.T) {
	log := &startLog{}
	quick := quickOutput{loggedOutput{fileOutput{name: "quick"}, log}}
	slow := loggedOutput{fileOutput{name: "slow"}, log}
	// Two finding aids, each with the two outputs in the order given.
	jobs := []*job{{out: quick}, {out: slow}, {out: quick}, {out: slow}}
	if got, want := fmt.Sprint(runOrder(jobs)), "[1 3 0 2]"; got != want {
		t.Errorf("runOrder = %s, want %s: the slow outputs of both finding aids, then the quick ones", got, want)
	}
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := Compile(fixtures, out, Options{}, []Output{quick, slow}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(log.started)
	want := "quick fix-letters.1,quick fix-min,slow fix-letters.1,slow fix-min"
	if got := strings.Join(log.started, ","); got != want {
		t.Errorf("outputs started: %s, want %s", got, want)
	}

	// Both fail: the error is the first output's, in the order given,
	// though it started last.
	quick.fail, slow.fail = true, true
	_, err := Compile(fixtures, filepath.Join(t.TempDir(), "dist"), Options{}, []Output{quick, slow})
	if err == nil || !strings.Contains(err.Error(), "quick output: disk full") || !strings.Contains(err.Error(), "fixtures/letters") {
		t.Errorf("error %v, want the quick output's on letters", err)
	}
}

// rendezvousOutput is written only once all the outputs that share its
// counter have started, or fails after a while.
type rendezvousOutput struct {
	name    string
	started *sync.WaitGroup
}

func (o rendezvousOutput) Name() string { return o.name }

func (o rendezvousOutput) Write(a *model.Archive, dir string) error {
	o.started.Done()
	all := make(chan struct{})
	go func() { o.started.Wait(); close(all) }()
	select {
	case <-all:
		return os.WriteFile(filepath.Join(dir, o.name+".txt"), []byte(a.Fonds.Title.Value), 0o644)
	case <-time.After(20 * time.Second):
		return errors.New("the other outputs did not start while this one was being written")
	}
}

// TestOutputsStartTogether: the outputs of a finding aid are written at
// once, even on one core (one worker per core would write them one after
// the other, and the output started last would run alone at the end).
func TestOutputsStartTogether(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var started sync.WaitGroup
	started.Add(3)
	outputs := []Output{rendezvousOutput{"a", &started}, rendezvousOutput{"b", &started}, rendezvousOutput{"c", &started}}
	out := filepath.Join(t.TempDir(), "dist")
	results, err := Compile(fixtures[1:], out, Options{}, outputs)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b", "c"} {
		if _, err := os.Stat(filepath.Join(out, results[0].Slug, name+".txt")); err != nil {
			t.Error(err)
		}
	}
}
