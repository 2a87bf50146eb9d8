package history

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/history/gittest"
)

// repo is a git repository of a test.
type repo struct{ *gittest.Repo }

func newRepo(t *testing.T) *repo { return &repo{gittest.Init(t)} }

// sources names a finding aid of the repository the way a build names it.
func (r *repo) sources(dir string, files ...string) Sources {
	s := Sources{Dir: filepath.Join(r.Root, dir)}
	for _, f := range files {
		s.Files = append(s.Files, filepath.Join(r.Root, dir, f))
	}
	return s
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func stamps(t *testing.T, list ...Sources) []Stamp {
	t.Helper()
	got, err := Of(list)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestCommitted(t *testing.T) {
	r := newRepo(t)
	r.Write("sources/a/fonds.yaml", "a1")
	r.Write("sources/a/series/s.yaml", "s1")
	r.Write("sources/b/fonds.yaml", "b1")
	first := r.Commit("2024-01-01T10:00:00Z", "first")
	r.Write("sources/a/series/s.yaml", "s2")
	second := r.Commit("2024-02-01T11:30:15+02:00", "change a")
	// A file of b's folder that b does not read, and a file outside both.
	r.Write("sources/b/README", "notes")
	r.Write("README", "top")
	r.Commit("2024-03-01T00:00:00Z", "notes")
	r.Commit("2024-04-01T00:00:00Z", "empty")

	a := r.sources("sources/a", "fonds.yaml", "series/s.yaml")
	b := r.sources("sources/b", "fonds.yaml")
	got := stamps(t, a, b)
	if want := (Stamp{Time: utc("2024-02-01T09:30:15Z"), How: Committed, Commit: second}); got[0] != want {
		t.Errorf("a: got %+v, want %+v", got[0], want)
	}
	if want := (Stamp{Time: utc("2024-01-01T10:00:00Z"), How: Committed, Commit: first}); got[1] != want {
		t.Errorf("b: got %+v, want %+v (a file b does not read changed later)", got[1], want)
	}
	// The same sources give the same stamps again: nothing depends on the
	// clock or on when the question is asked.
	if again := stamps(t, b, a); again[0] != got[1] || again[1] != got[0] {
		t.Errorf("asked again in another order: %+v, want %+v", again, got)
	}
}

// TestTopOfTheWorkTree dates a finding aid that is the whole repository.
func TestTopOfTheWorkTree(t *testing.T) {
	r := newRepo(t)
	r.Write("fonds.yaml", "one")
	c := r.Commit("2024-01-01T00:00:00Z", "one")
	r.Write("README", "notes")
	r.Commit("2024-01-02T00:00:00Z", "notes")
	got := stamps(t, r.sources(".", "fonds.yaml"))
	if got[0].Commit != c {
		t.Errorf("got %+v, want the first commit %s", got[0], c)
	}
	r.Write("fonds.yaml", "two")
	c = r.Commit("2024-01-03T00:00:00Z", "two")
	if got := stamps(t, r.sources(".", "fonds.yaml")); got[0].Commit != c {
		t.Errorf("got %+v, want %s", got[0], c)
	}
}

func TestRevertedChangeIsAChange(t *testing.T) {
	r := newRepo(t)
	r.Write("fa/fonds.yaml", "one")
	r.Commit("2024-01-01T00:00:00Z", "one")
	r.Write("fa/fonds.yaml", "two")
	r.Commit("2024-01-02T00:00:00Z", "two")
	r.Write("fa/fonds.yaml", "one")
	back := r.Commit("2024-01-03T00:00:00Z", "back to one")
	wantCommit(t, stamps(t, r.sources("fa", "fonds.yaml"))[0], back, "2024-01-03T00:00:00Z", "the commit that put the text back")
}

// wantCommit fails the test unless s is dated by the commit c of at.
func wantCommit(t *testing.T, s Stamp, c, at, what string) {
	t.Helper()
	if s.Commit != c || !s.Time.Equal(utc(at)) || s.How != Committed {
		t.Errorf("got %+v, want %s (%s of %s)", s, what, c, at)
	}
}

func TestMergeIsDatedByTheMerge(t *testing.T) {
	r := newRepo(t)
	r.Write("fa/fonds.yaml", "one")
	r.Commit("2024-01-01T00:00:00Z", "one")
	r.Git("", "checkout", "-q", "-b", "topic")
	r.Write("fa/fonds.yaml", "two")
	r.Commit("2024-01-02T00:00:00Z", "on a branch")
	r.Git("", "checkout", "-q", "main")
	r.Write("other.txt", "x")
	r.Commit("2024-01-03T00:00:00Z", "meanwhile")
	r.Git("2024-01-05T00:00:00Z", "merge", "-q", "--no-ff", "-m", "merge", "topic")
	merge := r.Git("", "rev-parse", "HEAD")
	wantCommit(t, stamps(t, r.sources("fa", "fonds.yaml"))[0], merge, "2024-01-05T00:00:00Z",
		"the merge: a harvester that came on the 4th has not seen the change")
}

func TestUncommitted(t *testing.T) {
	r := newRepo(t)
	r.Write("fa/fonds.yaml", "one")
	r.Write("fa/authorities.yaml", "a")
	c := r.Commit("2024-01-01T00:00:00Z", "one")
	src := r.sources("fa", "fonds.yaml", "authorities.yaml", "new.yaml")
	r.Write("fa/fonds.yaml", "edited")
	r.Write("fa/new.yaml", "not yet added")
	edited := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	added := time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC)
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // older than the commit, and unchanged
	for name, tm := range map[string]time.Time{"fa/fonds.yaml": edited, "fa/new.yaml": added, "fa/authorities.yaml": old} {
		if err := os.Chtimes(filepath.Join(r.Root, name), tm, tm); err != nil {
			t.Fatal(err)
		}
	}
	got := stamps(t, src)
	if want := (Stamp{Time: added, How: Uncommitted, Commit: c}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
	// A change older than the commit still dates the finding aid no
	// earlier than the commit.
	for _, name := range []string{"fa/fonds.yaml", "fa/new.yaml"} {
		if err := os.Chtimes(filepath.Join(r.Root, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if got := stamps(t, src); !got[0].Time.Equal(utc("2024-01-01T00:00:00Z")) || got[0].How != Uncommitted {
		t.Errorf("got %+v, want the commit's date", got[0])
	}
	// Committing dates it by the commit.
	c2 := r.Commit("2025-07-01T00:00:00Z", "two")
	if got := stamps(t, src); got[0] != (Stamp{Time: utc("2025-07-01T00:00:00Z"), How: Committed, Commit: c2}) {
		t.Errorf("after the commit: got %+v", got[0])
	}
	// Undoing an edit on disk brings back the commit's date.
	r.Write("fa/fonds.yaml", "x")
	r.Write("fa/fonds.yaml", "edited")
	if got := stamps(t, src); got[0].How != Committed {
		t.Errorf("a file written back with its committed text: got %+v, want Committed", got[0])
	}
}

func TestNoCommitYet(t *testing.T) {
	r := newRepo(t)
	r.Write("fa/fonds.yaml", "one")
	tm := time.Date(2023, 3, 3, 3, 3, 3, 500, time.UTC)
	if err := os.Chtimes(filepath.Join(r.Root, "fa/fonds.yaml"), tm, tm); err != nil {
		t.Fatal(err)
	}
	got := stamps(t, r.sources("fa", "fonds.yaml"))
	if want := (Stamp{Time: tm.Truncate(time.Second), How: Uncommitted}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
	if h := Head(filepath.Join(r.Root, "fa")); h != "" {
		t.Errorf("Head of a repository with no commit: %q", h)
	}
}

func TestOutsideGit(t *testing.T) {
	dir := t.TempDir()
	names := []string{filepath.Join(dir, "fonds.yaml"), filepath.Join(dir, "reels.yaml")}
	times := []time.Time{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 5, 5, 5, 5, 5, 0, time.FixedZone("X", 3600))}
	for i, n := range names {
		if err := os.WriteFile(n, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(n, times[i], times[i]); err != nil {
			t.Fatal(err)
		}
	}
	if topOf(dir) != "" {
		t.Skip("the temporary folder is inside a git work tree")
	}
	got := stamps(t, Sources{Dir: dir, Files: names})
	if want := (Stamp{Time: utc("2022-05-05T04:05:05Z"), How: Untracked}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
	if h := Head(dir); h != "" {
		t.Errorf("Head outside git: %q", h)
	}
}

func TestShallowClone(t *testing.T) {
	r := newRepo(t)
	r.Write("a/fonds.yaml", "a")
	r.Write("b/fonds.yaml", "b")
	r.Commit("2024-01-01T00:00:00Z", "one")
	r.Write("b/fonds.yaml", "b2")
	r.Commit("2024-01-02T00:00:00Z", "two")
	r.Write("c.txt", "c")
	last := r.Commit("2024-01-03T00:00:00Z", "three")

	clone := filepath.Join(t.TempDir(), "clone")
	r.Git("", "clone", "-q", "--depth", "1", "file://"+r.Root, clone)
	c := &repo{gittest.Open(t, clone)}
	got := stamps(t, c.sources("a", "fonds.yaml"), c.sources("b", "fonds.yaml"))
	for i, s := range got {
		if !s.Shallow || s.Commit != last || !s.Time.Equal(utc("2024-01-03T00:00:00Z")) {
			t.Errorf("finding aid %d of a shallow clone: got %+v, want the oldest commit there is, marked Shallow", i, s)
		}
	}
}

func TestLinkedWorkTree(t *testing.T) {
	r := newRepo(t)
	r.Write("fa/fonds.yaml", "one")
	r.Commit("2024-01-01T00:00:00Z", "one")
	r.Git("", "branch", "other")
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("", "worktree", "add", "-q", wt, "other")
	w := &repo{gittest.Open(t, wt)}
	w.Write("fa/fonds.yaml", "two")
	c := w.Commit("2024-02-02T00:00:00Z", "two, in the linked work tree")
	got := stamps(t, w.sources("fa", "fonds.yaml"))
	if got[0].Commit != c || got[0].How != Committed {
		t.Errorf("got %+v, want commit %s of the linked work tree's branch", got[0], c)
	}
	if h := Head(filepath.Join(wt, "fa")); h != c {
		t.Errorf("Head = %q, want %q", h, c)
	}
}
