package serve

import (
	"bytes"
	"html"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/fonds-archive/fonds/pkg/oai"
)

// Handler serves OAI-PMH at /oai and the site at every other path.
func (s *Server) Handler() http.Handler {
	o := &oai.Handler{
		Repository: func() (*oai.Repository, func()) {
			snap, _ := s.acquire()
			if snap == nil {
				return nil, nil
			}
			return snap.repo, func() { s.release(snap) }
		},
		Now: s.opt.Now,
		Log: func(format string, args ...any) { s.log("fonds serve: "+format+"\n", args...) },
	}
	mux := http.NewServeMux()
	mux.Handle("/oai", o)
	mux.HandleFunc("/", s.site)
	return mux
}

// site serves a file of the last good build. Only GET and HEAD are
// answered; no path leads outside the build (the files are opened through
// an os.Root, and symbolic links are not followed); a folder is its
// index.html. While the sources have errors, every HTML page shows them
// at its top.
func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "the site is read with GET or HEAD", http.StatusMethodNotAllowed)
		return
	}
	snap, problem := s.acquire()
	if snap == nil {
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, errorPage(problem))
		return
	}
	defer s.release(snap)
	name, ok := siteName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	info, err := snap.root.Lstat(name)
	if err != nil || info.Mode()&fs.ModeSymlink != 0 {
		http.NotFound(w, r)
		return
	}
	if info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, path.Base(r.URL.Path)+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if info, err = snap.root.Lstat(name); err != nil || !info.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
	}
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	f, err := snap.root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if problem != nil && strings.HasSuffix(name, ".html") {
		page, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "cannot read the page", http.StatusInternalServerError)
			return
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(withBanner(page, problem)))
		return
	}
	http.ServeContent(w, r, name, time.Time{}, f)
}

// siteName turns a URL path into the name of a file of the build: cleaned,
// relative, with no "..", no back slash and no NUL. ok is false for a path
// fonds never writes.
func siteName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	return name, true
}

// banner is the notice shown at the top of every page while the sources
// have errors: the diagnostics, file:line:col first.
func banner(problem []byte) string {
	return `<div role="alert" id="fonds-serve-problems" style="margin:0;padding:1em;background:#fff3cd;color:#3d2c00;border-bottom:3px solid #b58100;font:14px/1.4 sans-serif">` +
		`<p style="margin:0 0 .5em"><strong>The sources have errors.</strong> This is the last good build; fonds serve builds again when a source changes.</p>` +
		`<pre style="margin:0;white-space:pre-wrap;font:13px/1.4 monospace">` + html.EscapeString(strings.TrimRight(string(problem), "\n")) + `</pre></div>`
}

// withBanner puts the banner right after the page's <body> tag.
func withBanner(page, problem []byte) []byte {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return append([]byte(banner(problem)), page...)
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return page
	}
	at := i + j + 1
	out := make([]byte, 0, len(page)+len(problem)+512)
	out = append(out, page[:at]...)
	out = append(out, '\n')
	out = append(out, banner(problem)...)
	return append(out, page[at:]...)
}

// errorPage is the page served when there is no good build yet.
func errorPage(problem []byte) string {
	body := `<p>fonds serve is building the finding aids; this page reloads itself.</p>`
	if problem != nil {
		body = banner(problem)
	}
	return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"2\">\n<title>fonds serve</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n"
}
