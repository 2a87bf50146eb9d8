package load

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// RootFS is the file system of a folder opened as root: like root.FS(), the
// kernel keeps every path inside the folder, but a file is opened without
// blocking (O_NONBLOCK) and only a regular file or a folder opens. A named
// pipe put in place of a file between a check of its kind and its opening
// then gives an error instead of a read that waits forever.
func RootFS(root *os.Root) fs.FS { return rootFS{root} }

type rootFS struct{ root *os.Root }

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := r.root.OpenFile(filepath.FromSlash(name), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if kind := Irregular(info.Mode()); kind != "" {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%s, not a regular file", kind)}
	}
	return f, nil
}

// Stat does not open the file, so that a device is never opened to be
// looked at.
func (r rootFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.Stat(filepath.FromSlash(name))
}

// Lstat implements fs.ReadLinkFS with ReadLink, so that a link can be told
// from what it points to.
func (r rootFS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.Lstat(filepath.FromSlash(name))
}

func (r rootFS) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.Readlink(filepath.FromSlash(name))
}

// Irregular names what a file of the given mode is when it is neither a
// regular file nor a folder ("a named pipe", "a device"), or is "".
func Irregular(mode fs.FileMode) string {
	switch t := mode.Type(); {
	case t == 0, t&fs.ModeDir != 0:
		return ""
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a device"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}
