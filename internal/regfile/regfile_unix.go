//go:build unix

package regfile

import (
	"os"
	"syscall"
)

// OpenFile opens name with flag (os.O_RDONLY, os.O_CREATE …) and, for a
// file it creates, the permission bits of perm, as os.OpenFile does, and
// returns an *os.File that the network poller does not watch.
func OpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, flag|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	// A descriptor in blocking mode: os.NewFile asks only that (one
	// fcntl) and leaves it out of the poller.
	return os.NewFile(uintptr(fd), name), nil
}
