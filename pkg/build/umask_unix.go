//go:build unix

package build

import (
	"io/fs"
	"syscall"
)

// newDirMode is the mode of a folder made with os.Mkdir(…, 0o755) under
// the process's umask, read once as the package is set up, before anything
// runs beside it (the umask is the process's: reading it means setting it).
var newDirMode = func() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return 0o755 &^ fs.FileMode(m)
}()
