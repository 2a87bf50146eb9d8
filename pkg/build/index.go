package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"time"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/resolve"
)

// indexArchive reads the finding aid of r for the Indexers, without its
// units: each file of series or parts reads as an empty list of units, and
// the units written in fonds.yaml are dropped once resolved. Its
// description, authorities, chronology and reels are all there. A build
// that takes a finding aid from the cache reads only this of it, and a
// build without the cache reads the same, so that the list of finding aids
// is the same bytes either way. A finding aid still in memory (a build
// that read it) is not read again: it is given as withoutUnits makes it.
func indexArchive(r *Result, limits load.Options) (*model.Archive, error) {
	if r.Archive != nil && r.Archive.Fonds != nil {
		return withoutUnits(r.Archive), nil
	}
	root, err := os.OpenRoot(r.Dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", r.Dir, unwrap(err))
	}
	defer root.Close()
	fsys := unitsHidden{load.RootFS(root), r.units}
	_, a, _ := load.Load(fsys, r.Dir, limits, nil)
	if a.Fonds == nil {
		return nil, fmt.Errorf("%s: %s could not be read again; was it changed during the build?", r.Dir, load.RootFile)
	}
	resolve.Archive(a)
	a.Fonds.Contents, a.Components, a.ByID, a.ByInv = nil, nil, nil, nil
	return a, nil
}

// withoutUnits is a finding aid in memory as indexArchive reads it from
// its files: a copy of it and of its fonds without units (which stay in a).
func withoutUnits(a *model.Archive) *model.Archive {
	b, f := *a, *a.Fonds
	f.Contents = nil
	b.Fonds = &f
	b.Components, b.ByID, b.ByInv = nil, nil, nil
	return &b
}

// noUnits is what a file of units reads as for indexArchive.
var noUnits = []byte("[]\n")

// unitsHidden is a finding aid's folder in which the files of units hold
// no units.
type unitsHidden struct {
	fs.FS
	units []string
}

func (u unitsHidden) Open(name string) (fs.File, error) {
	if slices.Contains(u.units, name) {
		return &memFile{Reader: bytes.NewReader(noUnits), name: name}, nil
	}
	return u.FS.Open(name)
}

func (u unitsHidden) Stat(name string) (fs.FileInfo, error) {
	if slices.Contains(u.units, name) {
		return memInfo{name}, nil
	}
	return fs.Stat(u.FS, name)
}

// A memFile is noUnits as a file.
type memFile struct {
	*bytes.Reader
	name string
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct{ name string }

func (i memInfo) Name() string       { return path.Base(i.name) }
func (i memInfo) Size() int64        { return int64(len(noUnits)) }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
