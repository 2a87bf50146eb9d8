package oai

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/history"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/oai/oaitest"
)

// The fixtures: fictional finding aids of the repository's testdata.
var fixtures = []string{"../../testdata/fixtures/deep", "../../testdata/fixtures/letters", "../../testdata/fixtures/minimal"}

// testBase and testNow are the base URL and clock of the tests' responses.
const testBase = "http://127.0.0.1:8080/oai"

var testNow = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// built builds the EAD of dirs into a temporary folder and returns the
// finding aids and the folder.
func built(t testing.TB, dirs ...string) ([]*model.Archive, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist")
	results, err := build.Compile(dirs, out, build.Options{}, []build.Output{ead.Output{}})
	if err != nil {
		for _, r := range results {
			for _, d := range r.Diags {
				t.Log(d)
			}
		}
		t.Fatalf("build: %v", err)
	}
	var archives []*model.Archive
	for _, r := range results {
		archives = append(archives, r.Archive)
	}
	return archives, out
}

// fixtureRepo is a repository of dirs whose datestamps are a day apart,
// from 2024-01-01T12:00:00Z in the order of dirs.
func fixtureRepo(t testing.TB, opt Options, dirs ...string) *Repository {
	t.Helper()
	archives, out := built(t, dirs...)
	stamps := make([]history.Stamp, len(archives))
	for i := range stamps {
		stamps[i] = history.Stamp{Time: time.Date(2024, 1, 1+i, 12, 0, 0, 0, time.UTC)}
	}
	repo, err := New(archives, out, stamps, opt)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// ask answers a request given as a query string.
func ask(t testing.TB, repo *Repository, query string) []byte {
	t.Helper()
	values, err := url.ParseQuery(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var b bytes.Buffer
	if err := repo.Answer(&b, values, testBase, testNow); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return b.Bytes()
}

// response is a response read back.
type response struct {
	doc *etree.Document
	raw []byte
}

func read(t testing.TB, data []byte) *response {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatalf("the response is not well-formed XML: %v\n%s", err, data)
	}
	return &response{doc, data}
}

// errors are the codes of the response's error elements.
func (r *response) errors() []string {
	var codes []string
	for _, e := range r.doc.FindElements("/OAI-PMH/error") {
		codes = append(codes, e.SelectAttrValue("code", ""))
	}
	return codes
}

func (r *response) requestAttrs() int {
	return len(r.doc.FindElement("/OAI-PMH/request").Attr)
}

// identifiers are the identifiers of the headers of the response, in order.
func (r *response) identifiers() []string {
	var ids []string
	for _, e := range r.doc.FindElements("//header/identifier") {
		ids = append(ids, e.Text())
	}
	return ids
}

// token is the response's resumptionToken: its text, completeListSize and
// cursor; ok is false when there is none.
func (r *response) token() (text, size, cursor string, ok bool) {
	e := r.doc.FindElement("//resumptionToken")
	if e == nil {
		return "", "", "", false
	}
	return e.Text(), e.SelectAttrValue("completeListSize", ""), e.SelectAttrValue("cursor", ""), true
}

// validator collects responses and validates them all at once against the
// OAI-PMH schema with the records' own schemas (../shared/oai-pmh).
type validator struct {
	t     testing.TB
	dir   string
	files []string
}

func newValidator(t testing.TB) *validator {
	return &validator{t: t, dir: t.TempDir()}
}

func (v *validator) add(name string, data []byte) {
	v.t.Helper()
	f := filepath.Join(v.dir, fmt.Sprintf("%03d-%s.xml", len(v.files), name))
	if err := os.WriteFile(f, data, 0o644); err != nil {
		v.t.Fatal(err)
	}
	v.files = append(v.files, f)
}

func (v *validator) run() {
	v.t.Helper()
	oaitest.Validate(v.t, "", v.files...)
}
