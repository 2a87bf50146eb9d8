// Command fondsgen writes synthetic finding aids in the fonds source format,
// for benchmarks: one of N items, or a corpus of M finding aids.
//
//	fondsgen -items 100000 -o /tmp/synth-100k
//	fondsgen -corpus 1000 -items 200 -o /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/fonds-archive/fonds/pkg/synth"
)

func main() {
	items := flag.Int("items", 1000, "inventory numbers (items) per finding aid")
	corpus := flag.Int("corpus", 0, "write this many finding aids instead of one")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same bytes")
	out := flag.String("o", "", "output folder (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: fondsgen [-items N] [-corpus M] [-seed S] -o DIR")
		os.Exit(2)
	}
	var err error
	if *corpus > 0 {
		err = synth.WriteCorpus(*out, *corpus, *items, *seed)
	} else {
		err = synth.Write(*out, synth.Options{Items: *items, Seed: *seed})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fondsgen:", err)
		os.Exit(1)
	}
}
