package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/fonds-archive/fonds/internal/diff"
	"github.com/fonds-archive/fonds/internal/parallel"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/format"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/source"
)

// runFmt is fonds fmt: like gofmt, it prints the sources in fonds's layout,
// or with -l lists the files whose layout differs, with -d prints the
// difference and with -w rewrites them. A file with an error is never
// rewritten: its errors are printed instead, and the exit status is 1.
func runFmt(e *env, args []string) int {
	fs := newFlags(e, "fmt")
	list := fs.Bool("l", false, "list the files whose layout differs from fonds's")
	diffs := fs.Bool("d", false, "print the difference each file would see, as a unified diff")
	write := fs.Bool("w", false, "rewrite the files whose layout differs, each in one step")
	targets, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(targets) == 0 {
		targets = []string{DefaultSources}
	}
	jobs, err := fmtJobs(targets)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds fmt: %v\n", err)
		return ExitUsage
	}
	var problems source.List
	code := ExitOK
	for _, j := range jobs {
		res := build.Check(j.dir, build.Options{Sources: true})
		bad := map[string]bool{} // files with an error, by name
		for _, d := range res.Diags {
			if d.Severity == source.Error && (j.all || j.files[d.Pos.File]) {
				bad[d.Pos.File] = true
				problems = append(problems, d)
			}
		}
		if bad[j.dir] || len(res.Sources) == 0 {
			continue // the folder or fonds.yaml could not be read
		}
		for _, name := range j.order {
			if !j.all && !containsSource(res.Sources, name) {
				fmt.Fprintf(e.stderr, "fonds fmt: %s is not part of the finding aid in %s: no file of it names this one\n", name, j.dir)
				code = max(code, ExitProblems)
			}
		}
		// Files are laid out concurrently, and printed or written in the
		// order the finding aid names them.
		var todo []build.Source
		for _, src := range res.Sources {
			if (j.all || j.files[src.Name]) && !bad[src.Name] {
				todo = append(todo, src)
			}
		}
		outs := make([][]byte, len(todo))
		errs := make([]error, len(todo))
		parallel.Do(len(todo), runtime.GOMAXPROCS(0), func(i int) {
			outs[i], errs[i] = format.Source(todo[i].Data, todo[i].Kind)
		})
		for i, src := range todo {
			out, err := outs[i], errs[i]
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: fonds fmt: %v\n", src.Name, err)
				code = max(code, ExitProblems)
				continue
			}
			changed := !bytes.Equal(out, src.Data)
			switch {
			case *list || *diffs || *write:
				if changed && *list {
					fmt.Fprintln(e.stdout, src.Name)
				}
				if changed && *diffs {
					e.stdout.Write(diff.Diff(src.Name, src.Data, src.Name+" (fonds fmt)", out))
				}
				if changed && *write {
					if err := rewrite(src.Name, out); err != nil {
						fmt.Fprintf(e.stderr, "fonds fmt: %v\n", err)
						return ExitFailure
					}
				}
			default:
				e.stdout.Write(out)
			}
		}
	}
	if len(problems) > 0 {
		problems.Sort()
		source.Write(e.stderr, problems, source.FormatText)
		code = max(code, ExitProblems)
	}
	return code
}

// A fmtJob is one finding aid, and the files of it to lay out: all of
// them, or those named on the command line.
type fmtJob struct {
	dir   string
	all   bool
	files map[string]bool // by name as diagnostics show them
	order []string
}

// fmtJobs turns the command line into finding aids: a folder is checked as
// fonds check does (a finding aid, or a folder of them); a file is laid out
// as part of the finding aid whose folder holds it.
func fmtJobs(targets []string) ([]*fmtJob, error) {
	var jobs []*fmtJob
	byDir := map[string]*fmtJob{}
	job := func(dir string) *fmtJob {
		if j := byDir[dir]; j != nil {
			return j
		}
		j := &fmtJob{dir: dir, files: map[string]bool{}}
		byDir[dir] = j
		jobs = append(jobs, j)
		return j
	}
	for _, t := range targets {
		info, err := os.Stat(t)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no file or folder %s", t)
		}
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			dirs, err := build.Discover([]string{t})
			if err != nil {
				return nil, err
			}
			for _, d := range dirs {
				job(d).all = true
			}
			continue
		}
		if !load.IsYAML(t) {
			return nil, fmt.Errorf("%s is not a YAML file (.yaml or .yml)", t)
		}
		dir, rel, err := findingAidOf(t)
		if err != nil {
			return nil, err
		}
		j := job(dir)
		name := strings.TrimSuffix(dir, "/") + "/" + rel
		if dir == "." {
			name = rel
		}
		if !j.files[name] {
			j.files[name] = true
			j.order = append(j.order, name)
		}
	}
	return jobs, nil
}

// findingAidOf finds the folder of the finding aid that holds file: the
// nearest folder above it with a fonds.yaml. It returns the folder as a
// path relative to the working folder when file was given so, and the
// file's slash-separated path inside it.
func findingAidOf(file string) (dir, rel string, err error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", "", err
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, load.RootFile)); err == nil {
			rel, _ := filepath.Rel(d, abs)
			shown := d
			if !filepath.IsAbs(file) {
				if wd, err := os.Getwd(); err == nil {
					if r, err := filepath.Rel(wd, d); err == nil {
						shown = r
					}
				}
			}
			return filepath.ToSlash(shown), filepath.ToSlash(rel), nil
		}
		if filepath.Dir(d) == d {
			return "", "", fmt.Errorf("%s is in no finding aid: no folder above it holds a %s", file, load.RootFile)
		}
	}
}

func containsSource(list []build.Source, name string) bool {
	for _, s := range list {
		if s.Name == name {
			return true
		}
	}
	return false
}

// rewrite replaces the file name with data in one step, keeping its mode.
func rewrite(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return writeFileAtomic(name, data, info.Mode().Perm())
}
