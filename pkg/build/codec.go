package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"reflect"

	"github.com/fonds-archive/fonds/pkg/resolve"
	"github.com/fonds-archive/fonds/pkg/source"
)

// The cache's entry files are written by hand, field by field, rather than
// with encoding/gob, whose reflection cost more than the rest of a build
// that takes a thousand finding aids from the cache. A file is a magic
// line, a digest of the rest and the fields: numbers as varints, strings
// and lists with their lengths first.

// The version goes up with the format: 3 since a kept file's digest is
// XXH3-128 (16 bytes), where it was SHA-256.
const entryMagic = "fonds-cache 3\n"

var errEntry = errors.New("not a whole cache entry")

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)      { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) str(s string)   { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bytes(b []byte) { e.b = append(e.b, b...) } // a digest, its length known

func (e *encoder) strs(list []string) {
	e.uint(uint64(len(list)))
	for _, s := range list {
		e.str(s)
	}
}
func (e *encoder) pos(p source.Pos) { e.str(p.File); e.int(p.Line); e.int(p.Col) }

// file is the entry file: the magic line, the digest, the fields.
func (e *encoder) file() []byte {
	sum := sha256.Sum256(e.b)
	out := make([]byte, 0, len(entryMagic)+len(sum)+len(e.b))
	return append(append(append(out, entryMagic...), sum[:]...), e.b...)
}

type decoder struct {
	b   []byte
	err error
}

// readEntry reads an entry file and checks its digest.
func readEntry(path string) (*decoder, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(data, []byte(entryMagic)) || len(data) < len(entryMagic)+sha256.Size {
		return nil, errEntry
	}
	data = data[len(entryMagic):]
	fields := data[sha256.Size:]
	if sum := sha256.Sum256(fields); !bytes.Equal(sum[:], data[:sha256.Size]) {
		return nil, errEntry
	}
	return &decoder{b: fields}, nil
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errEntry
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errEntry
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads the length of a list of things at least min bytes each.
func (d *decoder) count(min int) int {
	n := d.uint()
	if n > uint64(len(d.b)/max(min, 1)) {
		d.err = errEntry
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) sum() (s [sha256.Size]byte) {
	d.fill(s[:])
	return s
}

func (d *decoder) fileDigest() (s fileDigest) {
	d.fill(s[:])
	return s
}

// fill reads len(s) bytes into s.
func (d *decoder) fill(s []byte) {
	if d.err != nil || len(d.b) < len(s) {
		d.err = errEntry
		return
	}
	copy(s, d.b)
	d.b = d.b[len(s):]
}

func (d *decoder) strs() []string {
	n := d.count(1)
	var list []string
	for range n {
		list = append(list, d.str())
	}
	return list
}

func (d *decoder) pos() source.Pos { return source.Pos{File: d.str(), Line: d.int(), Col: d.int()} }

// end reports whether every field was read, and nothing is left over.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) > 0 {
		d.err = errEntry
	}
	return d.err
}

// A checkEntry is a finding aid's check, kept.
type checkEntry struct {
	Key      string
	Dir      string
	Revision string // the fonds that wrote it, for people
	Ops      []traceOp
	Diags    source.List
	Stats    resolve.Stats
	ID       string
	Title    string
	Slug     string
	IDPos    source.Pos
	Units    []string
}

func (c *checkEntry) encode() []byte {
	var e encoder
	e.str(c.Key)
	e.str(c.Dir)
	e.str(c.Revision)
	e.uint(uint64(len(c.Ops)))
	for _, op := range c.Ops {
		e.uint(uint64(op.Kind))
		e.str(op.Name)
		e.bytes(op.Sum[:])
	}
	e.uint(uint64(len(c.Diags)))
	for _, d := range c.Diags {
		e.pos(d.Pos)
		e.str(d.Path)
		e.str(d.Msg)
		e.int(int(d.Severity))
		e.uint(uint64(len(d.Notes)))
		for _, n := range d.Notes {
			e.pos(n.Pos)
			e.str(n.Msg)
		}
	}
	stats := reflect.ValueOf(c.Stats)
	e.uint(uint64(stats.NumField()))
	for i := range stats.NumField() {
		e.int(int(stats.Field(i).Int())) // Stats holds counts only
	}
	e.str(c.ID)
	e.str(c.Title)
	e.str(c.Slug)
	e.pos(c.IDPos)
	e.strs(c.Units)
	return e.file()
}

func (c *checkEntry) decode(d *decoder) error {
	c.Key, c.Dir, c.Revision = d.str(), d.str(), d.str()
	for range d.count(1 + 1 + sha256.Size) {
		c.Ops = append(c.Ops, traceOp{Kind: byte(d.uint()), Name: d.str(), Sum: d.sum()})
	}
	for range d.count(6) {
		diag := &source.Diagnostic{Pos: d.pos(), Path: d.str(), Msg: d.str(), Severity: source.Severity(d.int())}
		for range d.count(4) {
			diag.Notes = append(diag.Notes, source.Note{Pos: d.pos(), Msg: d.str()})
		}
		c.Diags = append(c.Diags, diag)
	}
	stats := reflect.ValueOf(&c.Stats).Elem()
	if d.count(1) != stats.NumField() {
		return errEntry
	}
	for i := range stats.NumField() {
		stats.Field(i).SetInt(int64(d.int()))
	}
	c.ID, c.Title, c.Slug, c.IDPos, c.Units = d.str(), d.str(), d.str(), d.pos(), d.strs()
	return d.end()
}

// An outputEntry is the files one output wrote for a finding aid.
type outputEntry struct {
	Key      string
	Files    []cachedFile
	Warnings []string
}

// A cachedFile is one file of an output: its path in the finding aid's
// folder, its permissions and the digest of its bytes. It is kept in the
// entry under its index.
type cachedFile struct {
	Rel  string
	Perm fs.FileMode
	Size int64
	Sum  fileDigest
}

func (o *outputEntry) encode() []byte {
	var e encoder
	e.str(o.Key)
	e.uint(uint64(len(o.Files)))
	for _, f := range o.Files {
		e.str(f.Rel)
		e.uint(uint64(f.Perm))
		e.int(int(f.Size))
		e.bytes(f.Sum[:])
	}
	e.strs(o.Warnings)
	return e.file()
}

func (o *outputEntry) decode(d *decoder) error {
	o.Key = d.str()
	for range d.count(3 + len(fileDigest{})) {
		o.Files = append(o.Files, cachedFile{Rel: d.str(), Perm: fs.FileMode(d.uint()), Size: int64(d.int()), Sum: d.fileDigest()})
	}
	o.Warnings = d.strs()
	return d.end()
}
