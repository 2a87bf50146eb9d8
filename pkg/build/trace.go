package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// A traceFS is a finding aid's folder that notes what the load stage asks
// of it and what it is told: the bytes of each file read, the kind and size
// of each file looked at, the names in each folder listed, an error as its
// message. A later build asks the same again (replay); when every answer
// is the same, the check's result still holds, whatever else changed in
// the folder. It is safe for concurrent use, as load reads files at once.
type traceFS struct {
	fsys  fs.FS
	hints *hintSet // learns what each whole file read was
	base  string   // the folder, for hints
	mu    sync.Mutex
	ops   map[traceKey][sha256.Size]byte
	bad   string // why the trace cannot be kept: an answer changed during the run
}

// A traceKey is one question: its kind and the path asked about.
type traceKey struct {
	Kind byte // opOpen, opStat, opLstat, opReadLink, opReadDir
	Name string
}

// A traceOp is a question and a digest of its answer, as the cache keeps it
// (in a gob, so its fields are its own, exported).
type traceOp struct {
	Kind byte
	Name string
	Sum  [sha256.Size]byte
}

const (
	opOpen     = 'o'
	opStat     = 's'
	opLstat    = 'l'
	opReadLink = 'r'
	opReadDir  = 'd'
)

// maxDrain bounds what Close reads of a file the reader left unfinished,
// to digest it whole; a trace that would need more is not kept.
const maxDrain = 256 << 20

func newTraceFS(fsys fs.FS, hints *hintSet, base string) *traceFS {
	return &traceFS{fsys: fsys, hints: hints, base: base, ops: map[traceKey][sha256.Size]byte{}}
}

// hintPath is the path a hint knows a source by: its finding aid's folder
// and its name there.
func hintPath(base, name string) string { return base + "\x00" + name }

func (t *traceFS) note(kind byte, name string, sum [sha256.Size]byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := traceKey{kind, name}
	if prev, ok := t.ops[k]; ok && prev != sum && t.bad == "" {
		t.bad = fmt.Sprintf("%s changed while it was read", name)
	}
	t.ops[k] = sum
}

func (t *traceFS) spoil(why string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bad == "" {
		t.bad = why
	}
}

// Ops returns the questions asked and the answers' digests, sorted, and
// why they cannot be kept ("" when they can).
func (t *traceFS) Ops() ([]traceOp, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ops := make([]traceOp, 0, len(t.ops))
	for k, s := range t.ops {
		ops = append(ops, traceOp{k.Kind, k.Name, s})
	}
	slices.SortFunc(ops, func(a, b traceOp) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return ops, t.bad
}

func (t *traceFS) Open(name string) (fs.File, error) {
	f, err := t.fsys.Open(name)
	if err != nil {
		t.note(opOpen, name, errSum(err))
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		t.note(opOpen, name, errSum(err))
		return nil, err
	}
	if info.IsDir() {
		t.note(opOpen, name, sumOf("dir"))
		if d, ok := f.(fs.ReadDirFile); ok {
			return &tracedDir{ReadDirFile: d, t: t, name: name}, nil
		}
		return f, nil
	}
	h := openHash(info)
	return &tracedFile{File: f, t: t, name: name, h: h, info: info}, nil
}

func (t *traceFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(t.fsys, name)
	t.note(opStat, name, infoSum(info, err))
	return info, err
}

func (t *traceFS) Lstat(name string) (fs.FileInfo, error) {
	info, err := fs.Lstat(t.fsys, name)
	t.note(opLstat, name, infoSum(info, err))
	return info, err
}

func (t *traceFS) ReadLink(name string) (string, error) {
	target, err := fs.ReadLink(t.fsys, name)
	t.note(opReadLink, name, linkSum(target, err))
	return target, err
}

func (t *traceFS) ReadDir(name string) ([]fs.DirEntry, error) {
	list, err := fs.ReadDir(t.fsys, name)
	t.note(opReadDir, name, dirSum(list, err))
	return list, err
}

// A tracedFile digests what is read of a file; Close reads the rest, so
// that the digest is of the whole file, as a replay reads it.
type tracedFile struct {
	fs.File
	t      *traceFS
	name   string
	h      hash.Hash
	info   fs.FileInfo // as it was opened, before it was read
	done   bool
	failed bool
}

func (f *tracedFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.h.Write(p[:n])
	if err != nil && !errors.Is(err, io.EOF) {
		f.failed = true
		f.t.spoil(fmt.Sprintf("%s: %v", f.name, err))
	}
	return n, err
}

func (f *tracedFile) Close() error {
	if !f.done {
		f.done = true
		n, err := drain(f.h, f.File)
		if err != nil || n > maxDrain {
			f.failed = true
			f.t.spoil(fmt.Sprintf("%s could not be read to its end", f.name))
		}
		var sum [sha256.Size]byte
		f.h.Sum(sum[:0])
		f.t.note(opOpen, f.name, sum)
		if !f.failed {
			f.t.hints.learn(f.info, hintSource, hintPath(f.t.base, f.name), sum)
		}
	}
	return f.File.Close()
}

// drain reads what is left of r into h, up to one byte beyond maxDrain,
// through a buffer of the pool.
func drain(h hash.Hash, r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(h, io.LimitReader(r, maxDrain+1), *buf)
}

// A tracedDir notes a folder's names when they are read all at once; read
// in parts, the trace is not kept.
type tracedDir struct {
	fs.ReadDirFile
	t    *traceFS
	name string
}

func (d *tracedDir) ReadDir(n int) ([]fs.DirEntry, error) {
	list, err := d.ReadDirFile.ReadDir(n)
	if n > 0 {
		d.t.spoil(fmt.Sprintf("%s was listed in parts", d.name))
	} else {
		d.t.note(opReadDir, d.name, dirSum(list, err))
	}
	return list, err
}

// replay asks fsys the questions of ops again and reports whether every
// answer is the same. A file that hints knows, as it is now, is not read
// again.
func replay(fsys fs.FS, ops []traceOp, hints *hintSet, base string) bool {
	for _, op := range ops {
		if answer(fsys, traceKey{op.Kind, op.Name}, hints, base) != op.Sum {
			return false
		}
	}
	return true
}

// answer asks one question of fsys, as traceFS notes it; the answer to an
// opening of a file that hints knows, as it is now, is the hint's.
func answer(fsys fs.FS, k traceKey, hints *hintSet, base string) [sha256.Size]byte {
	switch k.Kind {
	case opStat:
		return infoSum(fs.Stat(fsys, k.Name))
	case opLstat:
		return infoSum(fs.Lstat(fsys, k.Name))
	case opReadLink:
		return linkSum(fs.ReadLink(fsys, k.Name))
	case opReadDir:
		return dirSum(fs.ReadDir(fsys, k.Name))
	case opOpen:
		if !hints.empty() {
			if info, err := fs.Stat(fsys, k.Name); err == nil {
				if sum, ok := hints.sumOf(info, hintSource, hintPath(base, k.Name)); ok {
					return sum
				}
			}
		}
		f, err := fsys.Open(k.Name)
		if err != nil {
			return errSum(err)
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return errSum(err)
		}
		if info.IsDir() {
			return sumOf("dir")
		}
		h := openHash(info)
		wholeReads.Add(1)
		if n, err := drain(h, f); err != nil || n > maxDrain {
			return sumOf("unreadable")
		}
		var sum [sha256.Size]byte
		h.Sum(sum[:0])
		hints.learn(info, hintSource, hintPath(base, k.Name), sum)
		return sum
	}
	return sumOf("unknown question")
}

// openHash starts the digest of an opened file: its kind, then its bytes.
func openHash(info fs.FileInfo) hash.Hash {
	h := sha256.New()
	fmt.Fprintf(h, "file %d\n", info.Mode().Type())
	return h
}

func sumOf(parts ...string) [sha256.Size]byte {
	h := sha256.New()
	for _, p := range parts {
		writeString(h, p)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

func errSum(err error) [sha256.Size]byte { return sumOf("error", err.Error()) }

// infoSum digests what load reads of a file's information: its kind and,
// for a regular file, its size.
func infoSum(info fs.FileInfo, err error) [sha256.Size]byte {
	if err != nil {
		return errSum(err)
	}
	size := int64(0)
	if info.Mode().IsRegular() {
		size = info.Size()
	}
	return sumOf("info", fmt.Sprint(info.Mode().Type()), fmt.Sprint(size))
}

func linkSum(target string, err error) [sha256.Size]byte {
	if err != nil {
		return errSum(err)
	}
	return sumOf("link", target)
}

func dirSum(list []fs.DirEntry, err error) [sha256.Size]byte {
	parts := []string{"dir"}
	for _, e := range list {
		parts = append(parts, e.Name(), fmt.Sprint(e.Type()))
	}
	if err != nil {
		parts = append(parts, "error", err.Error())
	}
	return sumOf(parts...)
}
