//go:build unix

package build

import (
	"io/fs"
	"syscall"
)

// idOf is the identity of the file of info, from Lstat or Stat.
func idOf(info fs.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true //nolint:unconvert // the types differ between systems
}
