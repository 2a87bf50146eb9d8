//go:build race

package importer

// raceEnabled tells tests that the race detector runs, which makes the
// large imports ten times slower without checking anything more: an
// import runs in one goroutine.
const raceEnabled = true
