package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"testing/iotest"
	"time"
)

// TestRootFSRefusesPipes opens a named pipe through RootFS, as a read that
// raced with its creation would: the open must fail at once, not wait for
// a writer.
func TestRootFSRefusesPipes(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := RootFS(root)
	done := make(chan error, 1)
	go func() {
		f, err := fsys.Open("pipe.yaml")
		if err == nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "a named pipe (FIFO), not a regular file") {
			t.Errorf("opening a pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opening a named pipe blocked")
	}
	if data, err := fs.ReadFile(fsys, "ok.yaml"); err != nil || string(data) != "a: 1\n" {
		t.Errorf("a regular file: %q, %v", data, err)
	}
	if info, err := fs.Stat(fsys, "pipe.yaml"); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("Stat of a pipe: %v, %v", info, err)
	}
}

// endless is a file system whose one file says it is small and regular but
// never ends, like a device behind a lying Stat: the read must stop at the
// size limit.
type endless struct{ fstest.MapFS }

func (e endless) Open(name string) (fs.File, error) {
	if name != "big.yaml" {
		return e.MapFS.Open(name)
	}
	return endlessFile{}, nil
}

type endlessFile struct{}

func (endlessFile) Stat() (fs.FileInfo, error) { return fstest.MapFS{"big.yaml": {}}.Stat("big.yaml") }
func (endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}
func (endlessFile) Close() error { return nil }

func TestReadStopsAtTheLimit(t *testing.T) {
	fsys := endless{fstest.MapFS{
		"fonds.yaml": {Data: []byte("authorities: big.yaml\n")},
		"big.yaml":   {},
	}}
	var before, after runtimeMem
	before.read()
	_, diags := Parse(fsys, "fa", Options{MaxFileSize: 1 << 20})
	after.read()
	if len(diags) != 1 || diags[0].Error() != "fa/fonds.yaml:1:14: big.yaml is more than 1048576 bytes" {
		t.Errorf("diagnostics: %v", diags)
	}
	if grown := after.total - before.total; grown > 16<<20 {
		t.Errorf("reading an endless file allocated %d MiB", grown>>20)
	}
}

// runtimeMem is the bytes allocated so far, for bounds on what a read costs.
type runtimeMem struct{ total uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}

// TestAliasTextBounded expands a 1 MB value through 20,000 aliases (20 GB
// of text, were it expanded): the loader stops at the limit, having
// allocated a small multiple of the file (the time is logged, not
// asserted: the race detector on a busy machine takes seconds).
func TestAliasTextBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("abstract: &big " + strings.Repeat("x", 1_000_000) + "\nsubjects: [")
	for i := range 20_000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*big")
	}
	b.WriteString("]\n")
	fsys := fstest.MapFS{"fonds.yaml": {Data: []byte(b.String())}}
	var before, after runtimeMem
	before.read()
	start := time.Now()
	_, diags := Parse(fsys, "fa", Options{})
	elapsed := time.Since(start)
	after.read()
	want := "fa/fonds.yaml:2:66: subjects[9]: aliases expand to more than 10000000 bytes of text; fonds stops here (an alias bomb?)"
	if len(diags) != 1 || diags[0].Error() != want {
		t.Errorf("diagnostics: %v\nwant %s", diags, want)
	}
	if grown := after.total - before.total; grown > 64<<20 {
		t.Errorf("loading allocated %d MiB for a %d-byte file", grown>>20, b.Len())
	}
	t.Logf("refused in %v, %d MiB allocated", elapsed, (after.total-before.total)>>20)
}

// TestReadSized checks that a file is read whole whatever size it was said
// to have (it may change between the measuring and the reading), in a
// buffer of that size when it was right.
func TestReadSized(t *testing.T) {
	text := strings.Repeat("title: x\n", 300)
	for _, size := range []int64{0, 1, 100, int64(len(text)) - 1, int64(len(text)), int64(len(text)) + 1000} {
		data, err := readSized(iotest.HalfReader(strings.NewReader(text)), size)
		if err != nil || string(data) != text {
			t.Errorf("size %d: read %d bytes, %v", size, len(data), err)
		}
		if size == int64(len(text)) && cap(data) != len(text)+1 {
			t.Errorf("size %d: buffer of %d bytes, want %d", size, cap(data), len(text)+1)
		}
	}
	if _, err := readSized(iotest.ErrReader(errors.New("disk gone")), 10); err == nil || err.Error() != "disk gone" {
		t.Errorf("error: got %v", err)
	}
}
