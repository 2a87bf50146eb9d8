package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// smallBuffers gives each connection a small send buffer, so that a
// client that does not read keeps the server waiting after a few
// kilobytes.
type smallBuffers struct{ *net.TCPListener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.AcceptTCP()
	if err == nil {
		c.SetWriteBuffer(4096)
	}
	return c, err
}

// bigServer serves the EAD of one finding aid of 300 items (about 290 KB
// in a GetRecord answer) over connections with small buffers.
func bigServer(t *testing.T, opt Options) *running {
	t.Helper()
	dir := t.TempDir()
	if err := synth.Write(filepath.Join(dir, "big"), synth.Options{Items: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opt.Dirs, opt.Outputs, opt.Listener = []string{dir}, []build.Output{ead.Output{}}, smallBuffers{ln.(*net.TCPListener)}
	return start(t, opt)
}

// slowRequest sends a request for target and reads nothing of the answer
// until the server is kept waiting writing it; it returns the connection
// and the build the answer comes from.
func slowRequest(t *testing.T, r *running, target string) (net.Conn, *snapshot) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	used, _ := r.acquire()
	r.release(used)
	inUse := func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return used.refs > 0
	}
	r.waitFor(t, "the answer to be under way", time.Minute, inUse)
	time.Sleep(300 * time.Millisecond)
	if !inUse() {
		t.Fatal("the answer to the slow reader is done: the test needs it under way")
	}
	return c, used
}

// readAnswer reads the whole answer from a slow reader's connection.
func readAnswer(t *testing.T, c net.Conn) []byte {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the slow reader's answer: %v", err)
	}
	return body
}

// TestSlowClients checks that slow clients block no one: one that never
// finishes its request headers is cut off after ReadHeaderTimeout, and
// one that reads a large answer slowly keeps it whole while other requests
// are answered and the sources are built again.
func TestSlowClients(t *testing.T) {
	r := bigServer(t, Options{ReadHeaderTimeout: 300 * time.Millisecond})
	addr := strings.TrimPrefix(r.url, "http://")
	quick := func(what string) {
		t.Helper()
		begin := time.Now()
		code, _ := get(t, r.url+"/oai?verb=Identify")
		if code != 200 || time.Since(begin) > 10*time.Second {
			t.Errorf("%s: Identify answered %d after %v", what, code, time.Since(begin))
		}
	}

	// A client that never ends its request headers.
	loris, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer loris.Close()
	fmt.Fprintf(loris, "GET /oai?verb=Identify HTTP/1.1\r\nHost: %s\r\nX-Slow: ", addr)
	quick("beside a client that never ends its headers")
	begin := time.Now()
	loris.SetReadDeadline(time.Now().Add(20 * time.Second))
	io.Copy(io.Discard, loris)
	if d := time.Since(begin); d > 10*time.Second {
		t.Errorf("a client that never ends its headers was kept %v", d)
	}

	// A client that asks for a large answer and does not read it.
	id := url.QueryEscape(oai.Identifier(oai.DefaultID, "SYNTH-300"))
	slow, used := slowRequest(t, r, "/oai?verb=GetRecord&metadataPrefix=ead&identifier="+id)
	for i := range 5 {
		quick(fmt.Sprintf("request %d beside a slow reader", i))
	}
	if code, _ := get(t, r.url+"/synth-300/synth-300.xml"); code != 200 {
		t.Errorf("the site beside a slow reader: %d", code)
	}
	if !r.Build() {
		t.Fatalf("a build beside a slow reader failed:\n%s", r.log.String())
	}
	if _, err := os.Stat(used.dir); err != nil {
		t.Errorf("the build a slow reader still reads was removed: %v", err)
	}
	body := readAnswer(t, slow)
	if !bytes.HasSuffix(body, []byte("</OAI-PMH>\n")) || !bytes.Contains(body, []byte("<GetRecord>")) {
		t.Errorf("the slow reader got %d bytes, not a whole answer", len(body))
	}
	xmlDoc(t, body)
	t.Logf("the slow reader's answer: %d bytes", len(body))
	r.waitFor(t, "the old build to go", time.Minute, func() bool {
		_, err := os.Stat(used.dir)
		return os.IsNotExist(err)
	})
}

// TestShutdownFinishesRequests stops the server while a slow reader is
// still being answered: the answer is finished whole, then the server
// stops and its temporary folder goes.
func TestShutdownFinishesRequests(t *testing.T) {
	r := bigServer(t, Options{})
	slow, _ := slowRequest(t, r, "/synth-300/synth-300.xml")
	stopped := make(chan struct{})
	go func() {
		r.stop()
		close(stopped)
	}()
	time.Sleep(200 * time.Millisecond)
	select {
	case <-stopped:
		t.Fatal("the server stopped before the answer under way was written")
	default:
	}
	if body := readAnswer(t, slow); !bytes.HasSuffix(body, []byte("</ead>\n")) {
		t.Errorf("the answer under way at shutdown: %d bytes, not the whole EAD", len(body))
	}
	<-stopped
}

// TestLargeRequests: request headers over 16 KiB and POST bodies over 64
// KiB are refused, and the server goes on answering.
func TestLargeRequests(t *testing.T) {
	dir, _ := minimalCopy(t)
	r := start(t, Options{Dirs: []string{dir}, Outputs: []build.Output{ead.Output{}}})
	req, _ := http.NewRequest("GET", r.url+"/oai?verb=Identify", nil)
	req.Header.Set("X-Large", strings.Repeat("x", 20<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("20 KiB of headers: %s", resp.Status)
	}
	resp, err = http.Post(r.url+"/oai", "application/x-www-form-urlencoded", strings.NewReader("verb=Identify&x="+strings.Repeat("y", 70<<10)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a POST body of 70 KiB: %s", resp.Status)
	}
	if code, _ := get(t, r.url+"/oai?verb=Identify"); code != 200 {
		t.Errorf("after the large requests: %d", code)
	}
}
