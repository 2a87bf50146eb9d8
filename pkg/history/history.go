// Package history says when each finding aid's sources last changed. It
// gives OAI-PMH datestamps that change when a finding aid's EAD changes
// and never when the same sources are built again, on any machine.
//
// For a finding aid in a git repository the date is that of the last commit
// that changed one of the files the finding aid reads (fonds.yaml and every
// file it names), walking back from HEAD along first parents, so that a
// change merged from a branch is dated by the merge. When one of those files
// differs from HEAD (an uncommitted change, or a file git does not track),
// the date is the newest modification time of the files that differ, and
// never earlier than the commit. Outside git it is the newest modification
// time of all the files the finding aid reads.
//
// The repository is read with github.com/go-git/go-git: fonds needs no git
// program. History is walked once for all the finding aids of a repository.
package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Sources are the files of one finding aid: its folder and every file it
// reads, as the build read them (model.Archive's Dir and Files).
type Sources struct {
	Dir   string
	Files []string
}

// How says where a Stamp comes from.
type How int

const (
	// Committed: the last commit that changed a file the finding aid reads.
	Committed How = iota
	// Uncommitted: a file the finding aid reads differs from the last
	// commit; the newest modification time of such files.
	Uncommitted
	// Untracked: the finding aid is not in a git repository; the newest
	// modification time of its files.
	Untracked
)

func (h How) String() string {
	switch h {
	case Committed:
		return "committed"
	case Uncommitted:
		return "uncommitted changes"
	default:
		return "not in git"
	}
}

// A Stamp is when a finding aid's sources last changed.
type Stamp struct {
	Time   time.Time // UTC, whole seconds
	How    How
	Commit string // the commit that dates it, or that the changes are made on; "" outside git
	// Shallow reports that the history ends before the finding aid's last
	// change could be found (a shallow clone): Time is that of the oldest
	// commit there is.
	Shallow bool
}

// Of returns when the sources of each finding aid last changed, in the
// order of list.
func Of(list []Sources) ([]Stamp, error) {
	out := make([]Stamp, len(list))
	groups := map[string][]int{} // repository top folder → indexes into list
	var roots []string
	for i, s := range list {
		dir, err := realDir(s.Dir)
		if err != nil {
			return nil, err
		}
		root := topOf(dir)
		if root == "" {
			st, err := newest(s.Files)
			if err != nil {
				return nil, err
			}
			out[i] = Stamp{Time: st, How: Untracked}
			continue
		}
		if groups[root] == nil {
			roots = append(roots, root)
		}
		groups[root] = append(groups[root], i)
	}
	for _, root := range roots {
		if err := stampRepo(root, list, groups[root], out); err != nil {
			return nil, fmt.Errorf("%s: cannot read the git history: %w", root, err)
		}
	}
	return out, nil
}

// Head returns the commit that HEAD names in the repository that holds dir,
// or "" when dir is not in one or HEAD names no commit yet. A server polls
// it to see commits that change no file.
func Head(dir string) string {
	real, err := realDir(dir)
	if err != nil {
		return ""
	}
	root := topOf(real)
	if root == "" {
		return ""
	}
	r, err := open(root)
	if err != nil {
		return ""
	}
	ref, err := r.Head()
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

func realDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// topOf returns the top folder of the git work tree that holds dir: the
// nearest folder, from dir up, with a .git entry (a folder, or the file of
// a linked work tree). "" means none.
func topOf(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

func open(root string) (*git.Repository, error) {
	return git.PlainOpenWithOptions(root, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
}

// fa is one finding aid being dated within a repository.
type fa struct {
	at    int      // index into the list
	dir   string   // its folder, relative to the top of the work tree, with /
	files []string // the files it reads, likewise
	disk  []string // the same files as the build named them
}

func stampRepo(root string, list []Sources, at []int, out []Stamp) error {
	r, err := open(root)
	if err != nil {
		return err
	}
	fas := make([]*fa, len(at))
	for k, i := range at {
		f, err := relative(root, list[i])
		if err != nil {
			return err
		}
		f.at = i
		fas[k] = f
	}
	w := &walker{r: r, trees: map[plumbing.Hash]*object.Tree{}}
	ref, err := r.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		// A repository with no commit yet: everything is uncommitted.
		for _, f := range fas {
			t, err := newest(f.disk)
			if err != nil {
				return err
			}
			out[f.at] = Stamp{Time: t, How: Uncommitted}
		}
		return nil
	}
	if err != nil {
		return err
	}
	head, err := r.CommitObject(ref.Hash())
	if err != nil {
		return err
	}
	headTree, err := w.tree(head.TreeHash)
	if err != nil {
		return err
	}
	// Files that differ from HEAD date their finding aid by their
	// modification times; the others are dated by the history below.
	var pending []*fa
	dirty := map[int]time.Time{}
	for _, f := range fas {
		t, changed, err := w.uncommitted(headTree, f)
		if err != nil {
			return err
		}
		if changed {
			dirty[f.at] = t
		}
		pending = append(pending, f)
	}
	done := func(f *fa, c *object.Commit, shallow bool) {
		s := Stamp{Time: when(c), How: Committed, Commit: c.Hash.String(), Shallow: shallow}
		if t, ok := dirty[f.at]; ok {
			s.How = Uncommitted
			s.Commit = head.Hash.String()
			s.Shallow = false
			if t.After(s.Time) {
				s.Time = t
			}
		}
		out[f.at] = s
	}
	cur, curTree := head, headTree
	for len(pending) > 0 {
		if cur.NumParents() == 0 {
			for _, f := range pending {
				done(f, cur, false)
			}
			break
		}
		parent, err := cur.Parent(0)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			// The history stops here: a shallow clone.
			for _, f := range pending {
				done(f, cur, true)
			}
			break
		}
		if err != nil {
			return err
		}
		if parent.TreeHash == cur.TreeHash {
			cur = parent
			continue
		}
		parentTree, err := w.tree(parent.TreeHash)
		if err != nil {
			return err
		}
		// The folders that hold finding aids are compared once: most
		// commits change few of the finding aids in them.
		moved, err := w.movedChildren(curTree, parentTree, pending)
		if err != nil {
			return err
		}
		still := pending[:0]
		for _, f := range pending {
			changed := false
			if moved[f.dir] {
				if changed, err = w.changed(curTree, parentTree, f); err != nil {
					return err
				}
			}
			if changed {
				done(f, cur, false)
			} else {
				still = append(still, f)
			}
		}
		pending = still
		cur, curTree = parent, parentTree
		if len(w.trees) > 50_000 {
			w.trees = map[plumbing.Hash]*object.Tree{} // bound memory on long histories
		}
	}
	return nil
}

// relative names a finding aid's folder and files from the top of the work
// tree, as git does.
func relative(root string, s Sources) (*fa, error) {
	dir, err := realDir(s.Dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return nil, err
	}
	f := &fa{dir: filepath.ToSlash(rel), disk: s.Files}
	prefix := strings.TrimSuffix(filepath.ToSlash(s.Dir), "/") + "/"
	for _, name := range s.Files {
		inside := strings.TrimPrefix(filepath.ToSlash(name), prefix)
		f.files = append(f.files, pathJoin(f.dir, inside))
	}
	return f, nil
}

func pathJoin(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

func when(c *object.Commit) time.Time {
	return c.Committer.When.UTC().Truncate(time.Second)
}

// newest returns the newest modification time of files, in UTC and whole
// seconds.
func newest(files []string) (time.Time, error) {
	var t time.Time
	for _, name := range files {
		info, err := os.Stat(name)
		if err != nil {
			return time.Time{}, err
		}
		if m := info.ModTime(); m.After(t) {
			t = m
		}
	}
	return t.UTC().Truncate(time.Second), nil
}

// walker reads trees, keeping the ones it decoded.
type walker struct {
	r     *git.Repository
	trees map[plumbing.Hash]*object.Tree
}

func (w *walker) tree(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := w.trees[h]; ok {
		return t, nil
	}
	t, err := w.r.TreeObject(h)
	if err != nil {
		return nil, err
	}
	w.trees[h] = t
	return t, nil
}

// entry returns the hash of what path names in tree t, or the zero hash
// when it names nothing.
func (w *walker) entry(t *object.Tree, path string) (plumbing.Hash, error) {
	if path == "." || path == "" {
		return t.Hash, nil
	}
	parts := strings.Split(path, "/")
	for i, name := range parts {
		e, err := t.FindEntry(name)
		if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
			return plumbing.ZeroHash, nil
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if i == len(parts)-1 {
			return e.Hash, nil
		}
		if e.Mode != filemode.Dir {
			return plumbing.ZeroHash, nil
		}
		if t, err = w.tree(e.Hash); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return plumbing.ZeroHash, nil
}

// movedChildren returns the folders of the finding aids fas whose contents
// differ between trees a and b. It compares the folders that hold them
// once each, entry by entry, rather than looking up each finding aid.
func (w *walker) movedChildren(a, b *object.Tree, fas []*fa) (map[string]bool, error) {
	moved := map[string]bool{}
	parents := map[string]bool{}
	for _, f := range fas {
		if f.dir == "." {
			moved["."] = a.Hash != b.Hash // the finding aid is the whole work tree
			continue
		}
		parents[pathDir(f.dir)] = true
	}
	for p := range parents {
		ha, hb, err := w.entries(a, b, p)
		if err != nil {
			return nil, err
		}
		if ha == hb {
			continue
		}
		names := map[string]plumbing.Hash{}
		if ha != plumbing.ZeroHash {
			ta, err := w.tree(ha)
			if err != nil {
				return nil, err
			}
			for _, e := range ta.Entries {
				names[e.Name] = e.Hash
			}
		}
		if hb != plumbing.ZeroHash {
			tb, err := w.tree(hb)
			if err != nil {
				return nil, err
			}
			for _, e := range tb.Entries {
				if h, ok := names[e.Name]; ok && h == e.Hash {
					delete(names, e.Name)
				} else {
					names[e.Name] = e.Hash
				}
			}
		}
		for name := range names {
			moved[pathJoin(p, name)] = true
		}
	}
	return moved, nil
}

// pathDir is the folder of a slash-separated path; "." at the top.
func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

// entries returns what path names in two trees.
func (w *walker) entries(a, b *object.Tree, path string) (plumbing.Hash, plumbing.Hash, error) {
	ha, err := w.entry(a, path)
	if err != nil {
		return ha, ha, err
	}
	hb, err := w.entry(b, path)
	return ha, hb, err
}

// changed reports whether a file the finding aid reads differs between two
// trees (in which its folder differs: see movedChildren).
func (w *walker) changed(a, b *object.Tree, f *fa) (bool, error) {
	for _, name := range f.files {
		ha, hb, err := w.entries(a, b, name)
		if err != nil {
			return false, err
		}
		if ha != hb {
			return true, nil
		}
	}
	return false, nil
}

// uncommitted compares the files of a finding aid on disk with HEAD's. It
// returns the newest modification time of the files that differ, and
// whether any does.
func (w *walker) uncommitted(head *object.Tree, f *fa) (time.Time, bool, error) {
	var t time.Time
	changed := false
	for i, name := range f.files {
		want, err := w.entry(head, name)
		if err != nil {
			return t, false, err
		}
		data, err := os.ReadFile(f.disk[i])
		if err != nil {
			return t, false, err
		}
		if want != plumbing.ZeroHash && plumbing.ComputeHash(plumbing.BlobObject, data) == want {
			continue
		}
		changed = true
		info, err := os.Stat(f.disk[i])
		if err != nil {
			return t, false, err
		}
		if m := info.ModTime().UTC().Truncate(time.Second); m.After(t) {
			t = m
		}
	}
	return t, changed, nil
}
