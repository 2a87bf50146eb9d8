// Command yamlfloor is the floor of fonds's benchmarks: it does only what
// no check of YAML sources can avoid. It walks the folders it is given as
// fonds's load stage does (every .yaml and .yml file, folders starting
// with a dot left alone), reads each file and decodes it with the YAML
// library fonds uses (go.yaml.in/yaml/v3) into an any, nothing more, with
// -workers files at once. make bench (cmd/fondsbench) times it beside
// fonds check and fonds build on the same sources, and gives their times
// as multiples of its own.
//
//	yamlfloor -workers 1 /tmp/fonds-bench/synth-100000
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

func main() {
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "files decoded at once")
	flag.Parse()
	if flag.NArg() == 0 || *workers < 1 {
		fmt.Fprintln(os.Stderr, "usage: yamlfloor [-workers N] DIR…")
		os.Exit(2)
	}
	files, n, err := decodeAll(flag.Args(), *workers)
	if err != nil {
		fmt.Fprintln(os.Stderr, "yamlfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d bytes decoded with %d workers\n", files, n, *workers)
}

// decodeAll decodes every YAML file under dirs, workers at once, and
// returns how many files and bytes it decoded, or the first error in the
// order of the files.
func decodeAll(dirs []string, workers int) (int, int64, error) {
	var files []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && path != dir && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")):
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return 0, 0, err
		}
	}
	var (
		next  atomic.Int64
		bytes atomic.Int64
		wg    sync.WaitGroup
		errs  = make([]error, len(files))
	)
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				data, err := os.ReadFile(files[i])
				if err == nil {
					var v any
					err = yaml.Unmarshal(data, &v)
				}
				errs[i] = err
				bytes.Add(int64(len(data)))
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %v", files[i], err)
		}
	}
	return len(files), bytes.Load(), nil
}
