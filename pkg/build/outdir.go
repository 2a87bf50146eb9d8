package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fonds-archive/fonds/pkg/load"
)

// Marker is the file fonds writes at the top of every output folder. A
// build replaces an existing folder only when it holds this file (or is
// empty), so that a mistyped -o never wipes out work fonds did not write.
const Marker = ".fonds-build"

const markerText = "This folder is written by fonds build and is replaced whole by the next build.\n" +
	"Do not keep anything else here: edit the sources instead.\n"

// An OutputError says why a build refused its output folder before doing
// any work; the command line reports it as a usage error.
type OutputError struct{ Msg string }

func (e *OutputError) Error() string { return e.Msg }

func outputErrorf(format string, args ...any) error {
	return &OutputError{Msg: fmt.Sprintf(format, args...)}
}

// CheckOutput reports whether a build may replace out. It refuses
//   - a folder that is or holds one of keep (the finding-aid folders and
//     anything else the build reads, such as templates), or that holds the
//     working folder;
//   - something that is not a folder, or a symbolic link;
//   - a folder that holds finding-aid sources (a fonds.yaml at its top or
//     one level down), even with force;
//   - unless force, a folder that is not empty and holds no Marker; inside
//     one of keep, force does not count.
//
// out is cleaned first, as Compile cleans it, so that the folder checked is
// the folder replaced ("link/../notes" is "notes" to both).
func CheckOutput(out string, keep []string, force bool) error {
	out = filepath.Clean(out)
	abs, err := realPath(out)
	if err != nil {
		return outputErrorf("output folder %s: %v", out, err)
	}
	if holdsWorkingDir(abs) {
		return outputErrorf("output folder %s is the working folder or holds it; a build replaces its output folder whole, so name a folder of its own, such as dist", out)
	}
	inside := ""
	for _, k := range keep {
		kabs, err := realPath(k)
		if err != nil {
			continue
		}
		switch {
		case within(kabs, abs):
			return outputErrorf("output folder %s is or holds %s, which this build reads; a build replaces its output folder whole, so name a folder of its own, such as dist", out, k)
		case within(abs, kabs):
			inside = k
		}
	}
	if inside != "" {
		// dist/ inside a finding aid's folder is fine; --force there could
		// wipe out a folder of sources, so it counts for nothing.
		force = false
	}
	switch kind, err := statFolder(out); {
	case err != nil:
		return outputErrorf("output folder %s: %v", out, err)
	case kind == pathMissing:
		return nil
	case kind == pathLink:
		return outputErrorf("output folder %s is a symbolic link; a build would replace the link, not what it points to, so name the real folder", out)
	case kind == pathFile:
		return outputErrorf("output folder %s exists and is not a folder", out)
	}
	if src := SourcesIn(out); src != "" {
		return outputErrorf("output folder %s holds finding-aid sources (%s); a build replaces its output folder whole, so name a folder of its own, such as dist", out, src)
	}
	if force {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	if empty, err := isEmpty(out); err != nil {
		return outputErrorf("output folder %s: %v", out, unwrap(err))
	} else if !empty {
		if inside != "" {
			return outputErrorf("output folder %s is inside %s, which this build reads, and was not written by fonds (it has no %s file); name a new folder, such as %s", out, inside, Marker, filepath.Join(inside, "dist"))
		}
		return outputErrorf("output folder %s is not empty and was not written by fonds (it has no %s file; a folder built by fonds before that file was written has none either); a build replaces it whole, so empty it, name another folder, or pass --force to replace it", out, Marker)
	}
	return nil
}

// SourcesIn returns the path of a finding aid's root file in dir or in one
// of its folders, or "" when there is none: a folder that a build or an
// import must never replace whole.
func SourcesIn(dir string) string {
	if p := filepath.Join(dir, load.RootFile); exists(p) {
		return p
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if p := filepath.Join(dir, e.Name(), load.RootFile); e.IsDir() && exists(p) {
			return p
		}
	}
	return ""
}

// holdsWorkingDir reports whether abs (absolute, links resolved) is the
// working folder or a folder above it.
func holdsWorkingDir(abs string) bool {
	wd, err := os.Getwd()
	if err != nil {
		return false
	}
	wd, err = realPath(wd)
	return err == nil && within(wd, abs)
}

// A pathKind is what a path names, as statFolder finds it.
type pathKind int

const (
	pathMissing pathKind = iota
	pathFolder
	pathLink
	pathFile
)

// statFolder says whether p is missing, a folder, a symbolic link or
// something else, without following a link.
func statFolder(p string) (pathKind, error) {
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return pathMissing, nil
	case err != nil:
		return 0, unwrap(err)
	case fi.Mode()&os.ModeSymlink != 0:
		return pathLink, nil
	case !fi.IsDir():
		return pathFile, nil
	}
	return pathFolder, nil
}

// writeMarker puts the Marker file at the top of the staging folder.
func writeMarker(stage string) error {
	return os.WriteFile(filepath.Join(stage, Marker), []byte(markerText), 0o644)
}

// realPath is p absolute, with the symbolic links of its longest existing
// prefix resolved, so that two spellings of one folder compare equal.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
}

// within reports whether p is dir or lies inside it; both are clean and
// absolute.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}
