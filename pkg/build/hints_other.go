//go:build !unix

package build

import "io/fs"

// idOf: without an inode to tell a file by, no file is known by a hint.
func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }
