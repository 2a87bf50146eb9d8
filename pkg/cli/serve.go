package cli

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/serve"
)

func runServe(e *env, args []string) int {
	fs := newFlags(e, "serve")
	var f buildFlags
	f.register(fs)
	var of oaiFlags
	of.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	base := fs.String("base-url", "", "the public address of the site, such as https://archives.example.org/; OAI-PMH answers at its /oai (default: the address each request was sent to)")
	pageSize := fs.Int("page-size", oai.DefaultPageSize, "OAI-PMH: the most headers or records in one response of a list")
	poll := fs.Duration("poll", time.Second, "how often to look at the sources for changes (0: never)")
	noSets := fs.Bool("no-sets", false, "OAI-PMH: offer no sets (requests that name or list sets are answered noSetHierarchy)")
	dirs, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	f.warn = func(msg string) { fmt.Fprintf(e.stderr, "fonds serve: warning: %s\n", msg) }
	outputs, _, err := selectOutputs(f)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds serve: %v\n", err)
		return ExitUsage
	}
	if !slices.ContainsFunc(outputs, isEAD) {
		fmt.Fprintf(e.stderr, "fonds serve: OAI-PMH serves the EAD files: --only must name ead too\n")
		return ExitUsage
	}
	host := ""
	ropt := oai.Options{}
	if *base != "" {
		u, err := url.Parse(*base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			fmt.Fprintf(e.stderr, "fonds serve: --base-url %q is not an http or https address such as https://archives.example.org/\n", *base)
			return ExitUsage
		}
		if len(of.admin) == 0 {
			fmt.Fprintf(e.stderr, "fonds serve: --base-url publishes the repository: give --admin-email too, the address aggregators write to\n")
			return ExitUsage
		}
		host = u.Hostname()
	}
	ropt, err = of.options(host)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds serve: %v\n", err)
		return ExitUsage
	}
	if *base != "" {
		ropt.BaseURL = trimSlash(*base) + "/oai"
	}
	if ropt.ID == "" {
		ropt.ID = oai.DefaultID
	}
	if len(ropt.Admin) == 0 {
		ropt.Admin = []string{"admin@" + ropt.ID}
	}
	if *pageSize < 1 {
		fmt.Fprintf(e.stderr, "fonds serve: --page-size must be 1 or more\n")
		return ExitUsage
	}
	ropt.PageSize = *pageSize
	ropt.NoSets = *noSets
	if len(dirs) == 0 {
		dirs = []string{DefaultSources}
	}
	if _, err := build.Discover(dirs); err != nil {
		fmt.Fprintf(e.stderr, "fonds: %v\n", err)
		return ExitFailure
	}
	srv, err := serve.New(serve.Options{
		Addr:    *addr,
		Dirs:    dirs,
		Build:   f.options(outputs),
		Outputs: outputs,
		OAI:     ropt,
		Poll:    *poll,
		Log:     e.stderr,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds serve: %v\n", err)
		return ExitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	done := make(chan struct{})
	var said sync.WaitGroup
	said.Go(func() {
		select {
		case <-ctx.Done():
			// A second signal stops fonds at once.
			stop()
			fmt.Fprintf(e.stderr, "fonds serve: stopping: the requests under way and a build under way finish first\n")
		case <-done:
		}
	})
	err = srv.Run(ctx, func(a net.Addr) {
		fmt.Fprintf(e.stdout, "fonds serve: serving http://%s/ (OAI-PMH at http://%s/oai, identifiers oai:%s:EADID); Ctrl+C stops\n", a, a, ropt.ID)
	})
	close(done)
	said.Wait()
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds serve: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}
