//go:build !unix

package build

import "io/fs"

// newDirMode is the mode of a folder made with os.Mkdir(…, 0o755).
var newDirMode fs.FileMode = 0o755
