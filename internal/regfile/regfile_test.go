package regfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestFiles: what regfile opens reads, writes, truncates and fails as
// what os opens does: the bytes written read back, Create truncates,
// O_EXCL refuses a file that exists, a file created has the permission
// asked for (less the umask), and a missing file is fs.ErrNotExist in a
// *PathError that names it.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	for _, text := range []string{"a longer first text\n", "short\n"} {
		f, err := Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, text); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		f, err = Open(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(got) != text {
			t.Errorf("read back %q, %v; want %q", got, err, text)
		}
	}
	if _, err := OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); !errors.Is(err, fs.ErrExist) {
		t.Errorf("O_EXCL on a file that exists: %v, want fs.ErrExist", err)
	}
	other := filepath.Join(dir, "b.txt")
	f, err := OpenFile(other, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if info, err := os.Stat(other); err != nil || info.Mode().Perm()&^0o600 != 0 {
		t.Errorf("created with %v (%v), want no more than 0600", info.Mode().Perm(), err)
	}
	missing := filepath.Join(dir, "missing")
	_, err = Open(missing)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing || pe.Op != "open" {
		t.Errorf("Open of a missing file: %v", err)
	}
}
