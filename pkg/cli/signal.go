package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/fonds-archive/fonds/pkg/build"
)

// Run is fonds as a process runs it: Main, with SIGINT (Ctrl-C), SIGTERM
// (what CI runners and timeouts send) and SIGHUP (a closed terminal)
// caught, so that a build or an import stopped half way removes its
// staging folder, leaves its output folder as it was, and exits with 128
// and the signal's number (130, 143, 129), as a shell reports a process
// the signal killed. A check or a build asks for huge pages for its heap
// (heap.go).
//
// fonds serve is the exception: it stops on these signals by itself, once
// the requests under way are answered, with exit status 0.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		return Main(args, stdin, stdout, stderr)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	done := make(chan int, 1)
	go func() { done <- dispatch(&env{stdin: stdin, stdout: stdout, stderr: stderr, ownsHeap: true}, args) }()
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		removed := build.Interrupt()
		for _, dir := range removed {
			fmt.Fprintf(stderr, "fonds: %v: removed the unfinished output %s; the output folder is as it was\n", sig, dir)
		}
		fmt.Fprintf(stderr, "fonds: %v: stopped\n", sig)
		return 128 + int(sig.(syscall.Signal))
	}
}
