// Package parallel runs the independent jobs of a stage concurrently, a
// bounded number at a time: the finding aids that fonds checks, the files
// that it validates, the outputs that it writes.
package parallel

import "sync"

// Do calls job(i) for each i from 0 to n-1, at most limit at once (at least
// one), and returns when every call has returned. Each job writes its
// result into a slot of its own, by i, so results keep the order of the
// input whatever order the jobs finish in.
func Do(n, limit int, job func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(limit, 1))
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			job(i)
		})
	}
	wg.Wait()
}
