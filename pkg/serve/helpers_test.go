package serve

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/site"
)

// testNow is the clock of the OAI-PMH answers in the tests, so that the
// same request gives the same bytes.
var testNow = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// allOutputs are the outputs of a full build.
func allOutputs(t testing.TB) []build.Output {
	t.Helper()
	html, err := site.New(site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return []build.Output{ead.Output{}, html, pdf.Output{Options: pdf.Options{Paper: "a4"}}}
}

// copyDir copies a folder of sources, so a test may change them.
func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// minimalCopy copies the minimal fixture into a folder of sources of its
// own, and returns the folder and the copy's fonds.yaml.
func minimalCopy(t testing.TB) (dir, fonds string) {
	t.Helper()
	dir = t.TempDir()
	copyDir(t, "../../testdata/fixtures/minimal", filepath.Join(dir, "minimal"))
	return dir, filepath.Join(dir, "minimal", "fonds.yaml")
}

// running is a server run in the background for a test.
type running struct {
	*Server
	url  string
	log  *syncBuffer
	stop func()
}

// start runs a server on a free port of the loopback and waits for its
// first build.
func start(t testing.TB, opt Options) *running {
	t.Helper()
	if opt.Addr == "" {
		opt.Addr = "127.0.0.1:0"
	}
	if opt.Now == nil {
		opt.Now = func() time.Time { return testNow }
	}
	log := &syncBuffer{}
	opt.Log = log
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(a net.Addr) { addr <- a }) }()
	r := &running{Server: s, log: log}
	select {
	case a := <-addr:
		r.url = "http://" + a.String()
	case err := <-done:
		t.Fatalf("the server did not start: %v", err)
	}
	stopped := false
	r.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if _, err := os.Stat(s.tmp); !os.IsNotExist(err) {
			t.Errorf("the server's temporary folder %s is still there after it stopped", s.tmp)
		}
	}
	t.Cleanup(r.stop)
	// A build of 1,000 finding aids under the race detector on a busy
	// machine is slow.
	r.waitFor(t, "the first build", 10*time.Minute, func() bool {
		snap, problem := s.acquire()
		if snap != nil {
			s.release(snap)
		}
		return snap != nil || problem != nil
	})
	return r
}

// waitFor polls cond until it holds, for limit at most.
func (r *running) waitFor(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s; the server said:\n%s", what, r.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches a path of the server.
func get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// xml reads an answer back.
func xmlDoc(t testing.TB, data []byte) *etree.Document {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, data)
	}
	return doc
}
