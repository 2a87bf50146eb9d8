//go:build !race

package testtool

// Race reports whether the race detector runs: it makes tests of large
// finding aids many times slower, and checks nothing more in them.
const Race = false
