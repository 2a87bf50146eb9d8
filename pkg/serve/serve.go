// Package serve is fonds serve: it builds finding aids into a private
// temporary folder and serves the result over HTTP, the static site at /
// (the bytes fonds build writes) and OAI-PMH 2.0 at /oai (package oai),
// and builds again whenever a source changes.
//
// Each build goes into a folder of its own. Requests are answered from the
// last good build, which stays in place until the requests that use it are
// done; a build that fails (the sources have an error) replaces nothing,
// and its diagnostics are shown at the top of every page of the site until
// a build succeeds again. The temporary folder is removed on shutdown.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/history"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Options configure a server.
type Options struct {
	Addr     string         // host:port to listen on
	Listener net.Listener   // when not nil, what to serve on instead of Addr
	Dirs     []string       // the folders named on the command line, as for fonds build
	Build    build.Options  // how to check and build
	Outputs  []build.Output // what to build; the EAD output must be among them
	OAI      oai.Options    // the OAI-PMH repository

	Poll time.Duration // how often the sources are looked at for changes; 0 never

	// Timeouts and limits of the HTTP server; zero takes the defaults.
	ReadHeaderTimeout time.Duration // 10 s
	ReadTimeout       time.Duration // 30 s: the whole request, body included
	WriteTimeout      time.Duration // 10 min: the whole response, for a slow harvester on a large page
	IdleTimeout       time.Duration // 2 min
	MaxHeaderBytes    int           // 16 KiB
	ShutdownTimeout   time.Duration // 10 s: how long requests under way may finish

	// Now is the clock of OAI-PMH responseDate; time.Now when nil.
	Now func() time.Time
	// Log receives what the server has to say: builds, their problems,
	// requests it could not answer whole. Nil discards it.
	Log io.Writer
}

// A Server builds and serves finding aids.
type Server struct {
	opt Options
	tmp string // the private folder of the builds

	building sync.Mutex // one build at a time
	last     *state     // what the last good build was made of; under building

	mu      sync.Mutex
	cur     *snapshot // the last good build; nil before the first
	problem []byte    // the diagnostics of the last build when it failed, as text
	gen     int

	logMu sync.Mutex
}

// A snapshot is one good build, with what serving it needs.
type snapshot struct {
	dir  string
	root *os.Root
	repo *oai.Repository
	refs int // requests using it
}

// New makes a server; Run starts it.
func New(opt Options) (*Server, error) {
	tmp, err := os.MkdirTemp("", "fonds-serve-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary folder for the builds: %w", err)
	}
	return &Server{opt: opt, tmp: tmp}, nil
}

// Run listens on the address, builds, serves and watches the sources until
// ctx is done; then it lets the requests under way finish (for
// ShutdownTimeout at most), waits for a build under way, and removes its
// temporary folder. ready, when not nil, is called with the address once
// the server listens.
func (s *Server) Run(ctx context.Context, ready func(addr net.Addr)) error {
	defer os.RemoveAll(s.tmp)
	ln := s.opt.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", s.opt.Addr); err != nil {
			return err
		}
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: or(s.opt.ReadHeaderTimeout, 10*time.Second),
		ReadTimeout:       or(s.opt.ReadTimeout, 30*time.Second),
		WriteTimeout:      or(s.opt.WriteTimeout, 10*time.Minute),
		IdleTimeout:       or(s.opt.IdleTimeout, 2*time.Minute),
		MaxHeaderBytes:    s.opt.MaxHeaderBytes,
	}
	if srv.MaxHeaderBytes == 0 {
		srv.MaxHeaderBytes = 16 << 10
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr())
	}
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watch(ctx)
	}()
	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	sctx, cancel := context.WithTimeout(context.Background(), or(s.opt.ShutdownTimeout, 10*time.Second))
	defer cancel()
	err := srv.Shutdown(sctx)
	<-watched
	s.mu.Lock()
	if s.cur != nil {
		s.cur.root.Close()
	}
	s.cur = nil
	s.mu.Unlock()
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		err = nil
	}
	return err
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// watch builds, then builds again whenever the sources change, until ctx
// is done.
func (s *Server) watch(ctx context.Context) {
	last := s.fingerprint()
	s.Build()
	if s.opt.Poll <= 0 {
		<-ctx.Done()
		return
	}
	tick := time.NewTicker(s.opt.Poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if now := s.fingerprint(); now != last {
			last = now
			s.Build()
		}
	}
}

// Build checks and builds the finding aids once, and serves the result if
// it succeeds. It reports whether it did.
func (s *Server) Build() bool {
	s.building.Lock()
	defer s.building.Unlock()
	start := time.Now()
	s.mu.Lock()
	s.gen++
	out := filepath.Join(s.tmp, fmt.Sprintf("build-%d", s.gen))
	s.mu.Unlock()
	snap, diags, err := s.compile(out)
	if err != nil {
		var text bytes.Buffer
		if len(diags) > 0 {
			source.Write(&text, diags, source.FormatText)
		}
		if !errors.Is(err, build.ErrProblems) {
			fmt.Fprintf(&text, "%v\n", err)
		}
		s.mu.Lock()
		s.problem = text.Bytes()
		kept := s.cur != nil
		s.mu.Unlock()
		os.RemoveAll(out)
		if kept {
			text.WriteString("fonds serve: still serving the last good build; the site shows these problems until they are fixed\n")
		}
		s.log("%s", text.Bytes())
		return false
	}
	if len(diags) > 0 {
		var text bytes.Buffer
		source.Write(&text, diags, source.FormatText)
		s.log("%s", text.Bytes())
	}
	s.install(snap)
	what := fmt.Sprintf("%d finding aids", len(snap.repo.Records))
	if len(snap.repo.Records) == 1 {
		what = "1 finding aid"
	}
	s.log("fonds serve: built %s in %.1fs\n", what, time.Since(start).Seconds())
	return true
}

// compile builds into out and makes a snapshot of it. When the last good
// build was made with the same templates, only the finding aids that
// changed are built again (see incremental.go).
func (s *Server) compile(out string) (*snapshot, source.List, error) {
	dirs, err := build.Discover(s.opt.Dirs)
	if err != nil {
		return nil, nil, err
	}
	keep := s.keepSum()
	s.mu.Lock()
	prev := s.cur
	s.mu.Unlock()
	var archives []*model.Archive
	var results []*build.Result
	var aids map[string]*aid
	if prev != nil && s.last != nil && s.last.keep == keep {
		archives, results, aids, err = s.compileChanged(dirs, s.last, prev.dir, out)
	} else {
		aids = map[string]*aid{}
		for _, d := range dirs {
			aids[d] = &aid{dir: d, sum: folderSum(d)} // before the build reads them
		}
		results, err = build.Compile(dirs, out, s.opt.Build, s.opt.Outputs)
		if err == nil {
			for _, r := range results {
				aids[r.Dir].archive = r.Archive
				archives = append(archives, r.Archive)
			}
		}
	}
	var diags source.List
	for _, r := range results {
		diags.Append(r.Diags)
	}
	diags.Sort()
	if err != nil {
		return nil, diags, err
	}
	src := make([]history.Sources, len(archives))
	for i, a := range archives {
		src[i] = history.Sources{Dir: a.Dir, Files: a.Files}
	}
	stamps, err := history.Of(src)
	if err != nil {
		return nil, diags, err
	}
	repo, err := oai.New(archives, out, stamps, s.opt.OAI)
	if err != nil {
		return nil, diags, err
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		return nil, diags, err
	}
	s.last = &state{keep: keep, aids: aids}
	return &snapshot{dir: out, root: root, repo: repo}, diags, nil
}

// install serves snap from now on; the build it replaces goes once the
// last request that uses it is done.
func (s *Server) install(snap *snapshot) {
	s.mu.Lock()
	old := s.cur
	s.cur, s.problem = snap, nil
	gone := old != nil && old.refs == 0
	s.mu.Unlock()
	if gone {
		old.remove()
	}
}

// acquire returns the build to answer a request from, or nil; release
// must be called when the answer is written.
func (s *Server) acquire() (*snapshot, []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		s.cur.refs++
	}
	return s.cur, s.problem
}

func (s *Server) release(snap *snapshot) {
	s.mu.Lock()
	snap.refs--
	gone := snap.refs == 0 && snap != s.cur
	s.mu.Unlock()
	if gone {
		snap.remove()
	}
}

func (snap *snapshot) remove() {
	snap.root.Close()
	os.RemoveAll(snap.dir)
}

// Problem returns the diagnostics of the last build when it failed, or nil.
func (s *Server) Problem() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.problem
}

func (s *Server) log(format string, args ...any) {
	if s.opt.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opt.Log, format, args...)
}

// fingerprint sums up the state of the sources: every file under the
// folders named and the templates' (folderSum), and the commit HEAD names,
// so that a commit that changes no file (which changes datestamps) is
// seen too.
func (s *Server) fingerprint() string {
	var b strings.Builder
	for _, root := range append(slices.Clone(s.opt.Dirs), s.opt.Build.Keep...) {
		fmt.Fprintf(&b, "%s %s %s\n", root, history.Head(root), folderSum(root))
	}
	return b.String()
}
