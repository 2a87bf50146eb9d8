//go:build darwin || freebsd || netbsd

package build

import (
	"io/fs"
	"syscall"
)

// ctimeOf is when the information of the file of info last changed, in
// nanoseconds since 1970; 0 when it is not known.
func ctimeOf(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctimespec.Nano()
	}
	return 0
}
