package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"sync"
	"syscall"

	"github.com/fonds-archive/fonds/internal/parallel"
)

// A Stage is a staging folder beside an output folder: a build (or an
// import) writes everything into it, and Commit puts it in place of the
// output folder in one step. Its name is "."+the output's name+".tmp-"
// and digits (".dist.tmp-123456"), with ".old" added when it holds the
// previous output on its way out.
//
// Three things keep staging folders from piling up beside the output:
//   - a stage is locked (flock) for as long as its build runs, and a new
//     stage removes the stages of the same output that no running build
//     holds: those of builds that were killed (SIGKILL, a power cut);
//     stages are made and removed under the lock on the folder that holds
//     them, so a stage just made is never taken for a stale one;
//   - Interrupt, called when fonds is stopped by a signal, removes the
//     stages of the builds in progress;
//   - a failed build removes its own (Discard).
type Stage struct {
	Dir string // the staging folder
	// Recycled tells that Dir holds an earlier output (a spare), not
	// nothing: the build makes it what it writes.
	Recycled bool
	out      string
	spare    string // where Commit keeps the previous output; "" to remove it
	// trim, if set, takes out of the previous output what the spare is
	// not to keep, before Commit puts it there (see trimSpare).
	trim func(old string)
	lock *os.File // the open staging folder, flocked while the build runs
	done bool     // committed or discarded
}

// stages are the stages of this process's builds in progress, for
// Interrupt. Once stopped, no stage is made or committed.
var stages = struct {
	sync.Mutex
	live    map[*Stage]bool
	temps   map[string]bool // the build cache's folders of new entries
	stopped bool
}{live: map[*Stage]bool{}, temps: map[string]bool{}}

// makeTemp makes a folder in dir, as os.MkdirTemp, that Interrupt removes
// until dropTemp.
func makeTemp(dir, pattern string) (string, error) {
	stages.Lock()
	defer stages.Unlock()
	if stages.stopped {
		return "", ErrInterrupted
	}
	tmp, err := os.MkdirTemp(dir, pattern)
	if err == nil {
		stages.temps[tmp] = true
	}
	return tmp, err
}

// dropTemp removes a folder of makeTemp.
func dropTemp(tmp string) {
	stages.Lock()
	defer stages.Unlock()
	delete(stages.temps, tmp)
	os.RemoveAll(tmp)
}

// ErrInterrupted is returned by NewStage and Commit after Interrupt.
var ErrInterrupted = errors.New("stopped by a signal; nothing was written")

// A LeftoverError says that the new output is in place but the previous
// one, or a staging folder, could not be removed: a warning, not a failed
// build. The next build removes it.
type LeftoverError struct {
	Out, Left string
	Err       error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("the new %s is in place, but the previous output could not be removed: %v; delete %s, or let the next build remove it", e.Out, e.Err, e.Left)
}

// stageName matches the staging folders of an output named base.
func stageName(base string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.tmp-[0-9]+(\.old)?$`)
}

// NewStage makes a staging folder beside out (creating out's parent), after
// removing the stale stages of out.
func NewStage(out string) (*Stage, error) { return newStage(out, "") }

// newStage is NewStage; with a spare, the folder where Commit keeps the
// previous output instead of removing it (see Stage.Recycled): a stage
// that finds one there takes it (Recycled), so that a build that changes
// little of a large output links and removes little. The spare must be on
// out's file system.
func newStage(out, spare string) (*Stage, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFolder(parent)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removeStale(parent, filepath.Base(out))
	// Made and registered in one step for Interrupt: a signal that comes
	// as the folder appears finds it registered, or stops it being made.
	stages.Lock()
	defer stages.Unlock()
	if stages.stopped {
		return nil, ErrInterrupted
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	s := &Stage{Dir: dir, out: out, spare: spare}
	if info, err := os.Lstat(spare); spare != "" && err == nil && !info.IsDir() {
		os.Remove(spare) // not a spare: a file, a symbolic link (never followed)
	}
	// The system's rename, not os.Rename, which refuses to replace a
	// folder, even an empty one. It replaces the empty folder only with a
	// folder: a spare that is not one (a symbolic link put there since)
	// fails with EISDIR, and is never written through.
	s.Recycled = spare != "" && syscall.Rename(spare, dir) == nil
	if s.lock, err = os.Open(dir); err == nil {
		err = syscall.Flock(int(s.lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	}
	if err != nil {
		s.close()
		os.RemoveAll(dir)
		return nil, err
	}
	stages.live[s] = true
	return s, nil
}

// removeStale removes the staging folders of the output named base, in
// parent, that no build holds. The caller holds the lock on parent.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	name := stageName(base)
	for _, e := range entries {
		if !e.IsDir() || !name.MatchString(e.Name()) {
			continue // a symbolic link is not a folder here: never followed
		}
		dir := filepath.Join(parent, e.Name())
		f, err := os.Open(dir)
		if err != nil {
			continue
		}
		// A running build holds its stage locked; a stage no one holds was
		// left by a build that was killed.
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.RemoveAll(dir)
		}
		f.Close()
	}
}

// lockFolder takes the lock on a folder (flock on the folder itself, so
// that no lock file strays into it) and returns its release.
func lockFolder(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// Commit puts the stage in place of the output folder, holding the lock on
// the folder that holds both, so that two builds never swap at once. The
// previous output goes; when it cannot be removed, the new output is in
// place all the same and Commit returns a *LeftoverError.
func (s *Stage) Commit() error {
	unlock, err := lockFolder(filepath.Dir(s.out))
	if err != nil {
		return err
	}
	defer unlock()
	stages.Lock()
	if stages.stopped {
		stages.Unlock()
		return ErrInterrupted
	}
	old, err := s.swap()
	delete(stages.live, s)
	stages.Unlock()
	s.done = true
	s.close()
	if err != nil {
		os.RemoveAll(s.Dir)
		return err
	}
	if old != "" {
		// Trimmed before it is put where another build may take it as its
		// stage, and under the lock, as a removal is.
		if s.spare != "" {
			if s.trim != nil {
				s.trim(old)
			}
			if os.Rename(old, s.spare) == nil {
				return nil
			}
		}
		if err := removeAll(old); err != nil {
			return &LeftoverError{Out: s.out, Left: old, Err: unwrap(err)}
		}
	}
	return nil
}

// removeAll is removeTree; tests replace it to see a removal fail.
var removeAll = removeTree

// removeTree removes dir and everything in it, like os.RemoveAll, the
// entries of dir (a previous output's finding aids) at once on every core:
// a rebuild of a large corpus that took most of it from the cache spends
// much of its time removing the previous output's tens of thousands of
// files, and the system removes files from different folders in parallel.
// Anything but a folder (a symbolic link to one above all: only the link
// goes, never what it points to) is left to os.RemoveAll.
func removeTree(dir string) error {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return os.RemoveAll(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	parallel.Do(len(entries), runtime.GOMAXPROCS(0), func(i int) {
		errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
	})
	for _, err := range errs {
		if err != nil {
			return err // the first, as os.RemoveAll would
		}
	}
	return os.RemoveAll(dir)
}

// swap renames the stage into place and returns where the previous output
// is now, "" when there was none.
func (s *Stage) swap() (old string, err error) {
	if _, err := os.Lstat(s.out); err != nil {
		if err := os.Rename(s.Dir, s.out); err != nil {
			return "", fmt.Errorf("cannot put the new %s in place: %w", s.out, err)
		}
		return "", nil
	}
	// Exchange the two folders in one step where the system can; the
	// staging path then holds the previous output.
	ok, err := exchange(s.Dir, s.out)
	if err != nil {
		return "", fmt.Errorf("cannot put the new %s in place: %w", s.out, err)
	}
	if ok {
		return s.Dir, nil
	}
	old = s.Dir + ".old"
	if err := os.Rename(s.out, old); err != nil {
		return "", fmt.Errorf("cannot move the previous %s aside: %w", s.out, err)
	}
	if err := os.Rename(s.Dir, s.out); err != nil {
		os.Rename(old, s.out) // put the previous output back
		return "", fmt.Errorf("cannot put the new %s in place: %w", s.out, err)
	}
	return old, nil
}

// Discard removes the stage of a build that failed; after Commit it does
// nothing.
func (s *Stage) Discard() {
	stages.Lock()
	defer stages.Unlock()
	if s.done {
		return
	}
	s.done = true
	delete(stages.live, s)
	os.RemoveAll(s.Dir)
	s.close()
}

func (s *Stage) close() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// Interrupt removes the staging folders of the builds in progress (and the
// new entries of their caches) and keeps any other from starting or being
// put in place; a build being put
// in place is let finish first. fonds calls it when a signal stops it,
// just before it exits. It returns the folders removed.
func Interrupt() []string {
	stages.Lock()
	defer stages.Unlock()
	stages.stopped = true
	var removed []string
	for s := range stages.live {
		// Renamed first, so that a writer still running cannot add to it
		// by its old path while it goes.
		dir := s.Dir
		if os.Rename(dir, dir+".old") == nil {
			dir += ".old"
		}
		os.RemoveAll(dir)
		s.done = true
		s.close()
		removed = append(removed, s.Dir)
	}
	clear(stages.live)
	for tmp := range stages.temps {
		os.RemoveAll(tmp)
	}
	clear(stages.temps)
	sort.Strings(removed)
	return removed
}
