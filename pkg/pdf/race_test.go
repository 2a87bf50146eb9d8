//go:build race

package pdf

// raceEnabled tells tests that the race detector runs, which makes the
// 100,000-item test ten times slower without checking anything more: the
// writer runs in one goroutine.
const raceEnabled = true
