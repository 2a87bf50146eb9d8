package oai

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	repo := fixtureRepo(t, Options{Admin: []string{"a@example.org"}}, fixtures...)
	var served atomic.Pointer[Repository]
	var released atomic.Int32
	h := &Handler{
		Repository: func() (*Repository, func()) { return served.Load(), func() { released.Add(1) } },
		Now:        func() time.Time { return testNow },
		MaxBody:    1024,
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	do := func(method, target, ctype, body string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, data
	}

	// No good build yet: 503 with a Retry-After.
	resp, _ := do("GET", "/oai?verb=Identify", "", "")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("without a repository: %s, Retry-After %q", resp.Status, resp.Header.Get("Retry-After"))
	}
	served.Store(repo)

	v := newValidator(t)
	resp, data := do("GET", "/oai?verb=Identify", "", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Errorf("GET: %s, %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	v.add("get", data)
	if base := read(t, data).doc.FindElement("//baseURL").Text(); base != srv.URL+"/oai" {
		t.Errorf("baseURL taken from the request: %q, want %q", base, srv.URL+"/oai")
	}
	form := "verb=ListIdentifiers&metadataPrefix=oai_dc&set=isil%3ANL-XxFIX"
	resp, data = do("POST", "/oai", "application/x-www-form-urlencoded; charset=utf-8", form)
	v.add("post", data)
	if ids := read(t, data).identifiers(); resp.StatusCode != 200 || len(ids) != 2 {
		t.Errorf("POST: %s, %v", resp.Status, ids)
	}
	_, get := do("GET", "/oai?"+form, "", "")
	if string(get) != string(data) {
		t.Errorf("GET and POST of the same request differ:\n%s\n%s", get, data)
	}
	// Arguments in both the URL and the body count as given twice.
	_, data = do("POST", "/oai?metadataPrefix=oai_dc", "application/x-www-form-urlencoded", form)
	v.add("post-twice", data)
	if codes := read(t, data).errors(); !slices.Equal(codes, []string{BadArgument}) {
		t.Errorf("an argument in the URL and the body: %v", codes)
	}
	_, data = do("POST", "/oai", "application/json", `{"verb":"Identify"}`)
	v.add("post-json", data)
	if codes := read(t, data).errors(); !slices.Equal(codes, []string{BadArgument}) {
		t.Errorf("POST of JSON: %v", codes)
	}
	_, data = do("GET", "/oai?verb=Identify&identifier=%zz", "", "")
	v.add("bad-escape", data)
	if codes := read(t, data).errors(); !slices.Equal(codes, []string{BadArgument}) {
		t.Errorf("a bad %%-escape: %v", codes)
	}
	resp, _ = do("POST", "/oai", "application/x-www-form-urlencoded", "verb=Identify&x="+strings.Repeat("a", 2000))
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a POST body over the limit: %s", resp.Status)
	}
	for _, m := range []string{"PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"} {
		resp, _ = do(m, "/oai?verb=Identify", "", "")
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST" {
			t.Errorf("%s: %s, Allow %q", m, resp.Status, resp.Header.Get("Allow"))
		}
	}
	v.run()
	if released.Load() == 0 {
		t.Error("the handler never released the repository it used")
	}
}
