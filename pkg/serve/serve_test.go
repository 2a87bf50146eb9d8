package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
)

// TestSiteIsTheBuild serves the default sources and a fixture and fetches
// every file fonds build writes for them: the same bytes, at the same
// paths; a folder answers with its index.html.
func TestSiteIsTheBuild(t *testing.T) {
	dirs := []string{"../../sources/trotsky-ilo", "../../testdata/fixtures/letters"}
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := build.Compile(dirs, out, build.Options{}, allOutputs(t)); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{Dirs: dirs, Outputs: allOutputs(t)})
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		code, got := get(t, r.url+"/"+filepath.ToSlash(rel))
		if code != 200 || !bytes.Equal(got, want) {
			t.Errorf("/%s: %d, %d bytes; fonds build wrote %d bytes", rel, code, len(got), len(want))
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d files compared", n)
	}
	for path, file := range map[string]string{"/": "index.html", "/arch01483/": "arch01483/index.html"} {
		want, _ := os.ReadFile(filepath.Join(out, file))
		if code, got := get(t, r.url+path); code != 200 || !bytes.Equal(got, want) {
			t.Errorf("%s: %d; want the bytes of %s", path, code, file)
		}
	}
	// A folder without its slash is redirected to it, as relative links need.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(r.url + "/arch01483")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/arch01483/" {
		t.Errorf("/arch01483: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		req, _ := http.NewRequest(m, r.url+"/index.html", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s on the site: %s, Allow %q", m, resp.Status, resp.Header.Get("Allow"))
		}
	}
}

// rawGet sends a request line as written, without a client's cleaning,
// and returns the status code.
func rawGet(t *testing.T, addr, target string) int {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestNoPathOutside asks for files outside the build in every spelling,
// and through symbolic links put into the build: none is served.
func TestNoPathOutside(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../../testdata/fixtures/minimal", filepath.Join(dir, "src", "minimal"))
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{Dirs: []string{filepath.Join(dir, "src")}, Outputs: []build.Output{ead.Output{}}})
	snap, _ := r.acquire()
	defer r.release(snap)
	// Links in the build leading out of it, to a file and to a folder.
	if err := os.Symlink(secret, filepath.Join(snap.dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(snap.dir, "up")); err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(r.url, "http://")
	if code := rawGet(t, addr, "/fix-min/fix-min.xml"); code != 200 {
		t.Fatalf("the EAD itself: %d", code)
	}
	rel, _ := filepath.Rel(snap.dir, secret)
	for _, target := range []string{
		"/../secret.txt",
		"/" + filepath.ToSlash(rel),
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
		"/fix-min/..%2f..%2fsecret.txt",
		"/fix-min/%2e%2e%5c%2e%2e%5csecret.txt",
		"/..\\secret.txt",
		"/fix-min%00.xml",
		"/link.txt",
		"/up/secret.txt",
		"/up/",
		"//etc/passwd",
		"/etc/passwd",
		"http://evil.example.org/../secret.txt",
	} {
		if code := rawGet(t, addr, target); code == 200 {
			t.Errorf("GET %s: 200; it leads outside the build", target)
		}
	}
}

// TestLivePreview changes a source while the server runs: the page and
// the record's datestamp change. Then it breaks the source: the last good
// page is still served, with the error at its top, file:line:col first,
// and OAI-PMH still answers; once fixed, the error goes.
func TestLivePreview(t *testing.T) {
	dir, fonds := minimalCopy(t)
	// put replaces fonds.yaml in one step, modification time included, so
	// that no build sees the text without its time.
	put := func(data []byte, at time.Time) {
		tmp := fonds + ".new"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(tmp, at, at); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, fonds); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(fonds)
	if err != nil {
		t.Fatal(err)
	}
	put(src, time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC))
	r := start(t, Options{Dirs: []string{dir}, Outputs: allOutputs(t), Poll: 20 * time.Millisecond})
	page := r.url + "/fix-min/index.html"
	stamp := func() string {
		_, data := get(t, r.url+"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:fonds.localhost:fix-min")
		e := xmlDoc(t, data).FindElement("//datestamp")
		if e == nil {
			t.Fatalf("no datestamp:\n%s", data)
		}
		return e.Text()
	}
	if _, body := get(t, page); !bytes.Contains(body, []byte("A minimal finding aid")) {
		t.Fatalf("the first page:\n%s", body)
	}
	if got := stamp(); got != "2024-05-01T08:00:00Z" {
		t.Errorf("datestamp %s, want the file's modification time 2024-05-01T08:00:00Z", got)
	}

	edited := bytes.Replace(src, []byte("title: A minimal finding aid"), []byte("title: An edited finding aid"), 1)
	put(edited, time.Date(2024, 6, 2, 9, 30, 0, 0, time.UTC))
	r.waitFor(t, "the edited page", time.Minute, func() bool {
		_, body := get(t, page)
		return bytes.Contains(body, []byte("An edited finding aid"))
	})
	if got := stamp(); got != "2024-06-02T09:30:00Z" {
		t.Errorf("datestamp after the edit %s, want 2024-06-02T09:30:00Z", got)
	}

	broken := bytes.Replace(edited, []byte("extent: 1 folder"), []byte("extent: [1 folder"), 1)
	put(broken, time.Date(2024, 7, 3, 0, 0, 0, 0, time.UTC))
	r.waitFor(t, "the error", time.Minute, func() bool { return r.Problem() != nil })
	code, body := get(t, page)
	if code != 200 || !bytes.Contains(body, []byte("An edited finding aid")) {
		t.Errorf("while the sources are broken: %d, and not the last good page", code)
	}
	line := 0
	for i, l := range strings.Split(string(broken), "\n") {
		if strings.HasPrefix(l, "extent:") {
			line = i + 1
		}
	}
	want := fmt.Sprintf("%s:%d:", filepath.ToSlash(fonds), line)
	if !bytes.Contains(body, []byte(`id="fonds-serve-problems"`)) || !bytes.Contains(body, []byte(want)) {
		t.Errorf("the page does not show the error at %s…:\n%s", want, body)
	}
	if _, css := get(t, r.url+"/fix-min/fonds.css"); bytes.Contains(css, []byte("fonds-serve-problems")) {
		t.Error("the error was put into the style sheet")
	}
	if got := stamp(); got != "2024-06-02T09:30:00Z" {
		t.Errorf("OAI-PMH while the sources are broken: datestamp %s, want the last good build's", got)
	}

	put(edited, time.Date(2024, 8, 4, 0, 0, 0, 0, time.UTC))
	r.waitFor(t, "the fixed page", time.Minute, func() bool {
		_, body := get(t, page)
		return !bytes.Contains(body, []byte("fonds-serve-problems"))
	})
	if got := stamp(); got != "2024-08-04T00:00:00Z" {
		t.Errorf("datestamp once fixed %s", got)
	}
}

// TestBrokenFromTheStart starts on sources with an error: every page says
// so, and OAI-PMH answers 503 until the sources are fixed.
func TestBrokenFromTheStart(t *testing.T) {
	dir, fonds := minimalCopy(t)
	src, _ := os.ReadFile(fonds)
	if err := os.WriteFile(fonds, bytes.Replace(src, []byte("dates:"), []byte("datez:"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{Dirs: []string{dir}, Outputs: []build.Output{ead.Output{}}, Poll: 20 * time.Millisecond})
	code, body := get(t, r.url+"/fix-min/")
	if code != http.StatusServiceUnavailable || !bytes.Contains(body, []byte(filepath.ToSlash(fonds)+":")) || !bytes.Contains(body, []byte("datez")) {
		t.Errorf("no good build yet: %d\n%s", code, body)
	}
	if code, _ := get(t, r.url+"/oai?verb=Identify"); code != http.StatusServiceUnavailable {
		t.Errorf("OAI-PMH with no good build: %d", code)
	}
	if err := os.WriteFile(fonds, src, 0o644); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the first good build", time.Minute, func() bool {
		code, _ := get(t, r.url+"/oai?verb=Identify")
		return code == 200
	})
}

// TestOldBuildStaysWhileUsed rebuilds while a request reads the last
// build: the request is answered whole from the build it began with, and
// that build's folder goes once it is done.
func TestOldBuildStaysWhileUsed(t *testing.T) {
	dir, _ := minimalCopy(t)
	r := start(t, Options{Dirs: []string{dir}, Outputs: []build.Output{ead.Output{}}})
	old, _ := r.acquire()
	if !r.Build() {
		t.Fatalf("the second build failed:\n%s", r.log.String())
	}
	if _, err := os.Stat(old.dir); err != nil {
		t.Errorf("the build still in use was removed: %v", err)
	}
	f, err := old.root.Open("fix-min/fix-min.xml")
	if err != nil {
		t.Fatalf("reading the build still in use: %v", err)
	}
	io.Copy(io.Discard, f)
	f.Close()
	r.release(old)
	if _, err := os.Stat(old.dir); !os.IsNotExist(err) {
		t.Errorf("the old build %s is still there once no request uses it", old.dir)
	}
}
