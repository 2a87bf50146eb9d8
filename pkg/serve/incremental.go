package serve

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// A build is made again only for the finding aids whose folders changed:
// the others' outputs are linked from the last good build (hard links, or
// copies where the file system has none), the indexes that span every
// finding aid are written again, and the checks that span them (two
// finding aids that would publish into one folder, or share an EAD id) run
// on all. What a template changes is every page: a change to the
// --templates folder builds everything again.

// aid is one finding aid of the last good build.
type aid struct {
	dir     string         // its folder, as Discover names it
	sum     string         // the state of the files in it (folderSum)
	archive *model.Archive // as checked, for the indexes and the checks across finding aids
}

// state is what the last good build was made of.
type state struct {
	keep string          // the state of the --templates folder
	aids map[string]*aid // by folder
}

// folderSum sums up the files of a folder: names, sizes, modification
// times and modes, hidden folders (.git) left out.
func folderSum(root string) string {
	var lines []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			lines = append(lines, path+" "+err.Error())
			return nil
		}
		if d.IsDir() && path != root && len(d.Name()) > 1 && d.Name()[0] == '.' {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		lines = append(lines, fmt.Sprintf("%s %d %d %v", path, info.Size(), info.ModTime().UnixNano(), info.Mode()))
		return nil
	})
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		io.WriteString(h, l+"\n")
	}
	return string(h.Sum(nil))
}

// keepSum sums up the folders the build reads besides the sources.
func (s *Server) keepSum() string {
	var b strings.Builder
	for _, k := range s.opt.Build.Keep {
		b.WriteString(folderSum(k))
	}
	return b.String()
}

// compileChanged builds into out what changed since the last good build,
// last, whose output is in prev. It returns every finding aid of the new
// build with the results of those it checked, or the problems.
func (s *Server) compileChanged(dirs []string, last *state, prev, out string) ([]*model.Archive, []*build.Result, map[string]*aid, error) {
	aids := map[string]*aid{}
	var changed []string
	for _, d := range dirs {
		a := &aid{dir: d, sum: folderSum(d)}
		if old := last.aids[d]; old != nil && old.sum == a.sum {
			a.archive = old.archive
		} else {
			changed = append(changed, d)
		}
		aids[d] = a
	}
	stage := out + ".changed"
	defer os.RemoveAll(stage)
	var results []*build.Result
	if len(changed) > 0 {
		var err error
		results, err = build.Compile(changed, stage, s.opt.Build, s.opt.Outputs)
		if err != nil {
			return nil, results, nil, err
		}
		for _, r := range results {
			aids[r.Dir].archive = r.Archive
		}
	}
	archives := make([]*model.Archive, len(dirs))
	for i, d := range dirs {
		archives[i] = aids[d].archive
	}
	if diags := s.checkAcross(archives); len(diags) > 0 {
		results = append(results, &build.Result{Dir: "", Diags: diags})
		return nil, results, nil, build.ErrProblems
	}
	if err := os.Mkdir(out, 0o755); err != nil {
		return nil, results, nil, err
	}
	for _, a := range archives {
		slug := a.Slug()
		var err error
		if slices.Contains(changed, a.Dir) {
			err = os.Rename(filepath.Join(stage, slug), filepath.Join(out, slug))
		} else {
			err = linkTree(filepath.Join(prev, slug), filepath.Join(out, slug))
		}
		if err != nil {
			return nil, results, nil, err
		}
	}
	if marker := filepath.Join(prev, build.Marker); exists(marker) {
		if err := linkTree(marker, filepath.Join(out, build.Marker)); err != nil {
			return nil, results, nil, err
		}
	}
	sorted := slices.Clone(archives)
	slices.SortFunc(sorted, func(a, b *model.Archive) int { return strings.Compare(a.Slug(), b.Slug()) })
	for _, o := range s.opt.Outputs {
		if ix, ok := o.(build.Indexer); ok {
			if err := ix.WriteIndex(sorted, out); err != nil {
				return nil, results, nil, fmt.Errorf("%s index: %w", o.Name(), err)
			}
		}
	}
	return archives, results, aids, nil
}

// checkAcross runs the checks that span the finding aids of a build on
// all of them: two finding aids that publish into one folder, and the
// SetCheckers.
func (s *Server) checkAcross(archives []*model.Archive) source.List {
	var diags source.List
	bySlug := map[string]*model.Archive{}
	for _, a := range archives {
		prev, dup := bySlug[a.Slug()]
		if !dup {
			bySlug[a.Slug()] = a
			continue
		}
		fa := a.Fonds.FindingAid
		diags.Errorf(fa.Pos, "finding_aid.id", "finding aid %q publishes as %q, as %s does (finding aid %q); give them different finding_aid ids",
			fa.ID, a.Slug(), prev.Dir, prev.Fonds.FindingAid.ID)
	}
	checkers := slices.Clone(s.opt.Build.Checkers)
	for _, o := range s.opt.Outputs {
		if c, ok := o.(build.Checker); ok {
			checkers = append(checkers, c)
		}
	}
	for _, c := range checkers {
		if sc, ok := c.(build.SetChecker); ok {
			for _, l := range sc.CheckSet(archives) {
				diags.Append(l)
			}
		}
	}
	diags.Sort()
	return diags
}

// linkTree makes to hold what from holds, file by file: a hard link where
// the file system allows one, a copy elsewhere.
func linkTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if err := os.Link(p, dst); err == nil {
			return nil
		}
		return copyFile(p, dst)
	})
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
