package build

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths in one step (renameat2 with RENAME_EXCHANGE), so
// that readers of the output folder see the old or the new build, never
// neither. It reports false when the file system cannot do it.
func exchange(a, b string) (bool, error) {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EXDEV), errors.Is(err, unix.ENOTSUP):
		return false, nil
	}
	return false, err
}
