package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/history/gittest"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/oai/oaitest"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// harvested is what a harvester got: how many times each identifier came,
// with its datestamp.
type harvested map[string][]string

// httpOAI harvests with HTTP::OAI (Debian libhttp-oai-perl).
func httpOAI(t *testing.T, base, verb, prefix string, args ...string) harvested {
	t.Helper()
	perl := testtool.Need(t, "perl")
	if err := exec.Command(perl, "-MHTTP::OAI", "-e", "1").Run(); err != nil {
		testtool.Missing(t, "the Perl module HTTP::OAI is not installed", "install Debian's libhttp-oai-perl")
	}
	cmd := exec.Command(perl, append([]string{filepath.Join("testdata", "harvest.pl"), base, verb, prefix}, args...)...)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("HTTP::OAI %s %s %v: %v\n%s", verb, prefix, args, err, errs.String())
	}
	got := harvested{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if id, stamp, ok := strings.Cut(line, "\t"); ok {
			got[id] = append(got[id], stamp)
		}
	}
	return got
}

// catmandu harvests with Catmandu::Importer::OAI (Debian
// libcatmandu-oai-perl).
func catmandu(t *testing.T, base, prefix string, args ...string) harvested {
	t.Helper()
	bin := testtool.Need(t, "catmandu")
	cmdArgs := append([]string{"convert", "OAI", "--url", base, "--metadataPrefix", prefix, "--handler", "raw"}, args...)
	cmd := exec.Command(bin, append(cmdArgs, "to", "JSON", "--line_delimited", "1")...)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("catmandu %v: %v\n%s", cmdArgs, err, errs.String())
	}
	got := harvested{}
	for _, line := range bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n")) {
		var rec struct {
			ID        string `json:"_id"`
			Datestamp string `json:"_datestamp"`
			Metadata  string `json:"_metadata"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("catmandu wrote %q: %v", line, err)
		}
		if len(args) == 0 && !strings.Contains(rec.Metadata, "<dc:title>") {
			t.Errorf("catmandu: record %s has no title: %s", rec.ID, rec.Metadata)
		}
		got[rec.ID] = append(got[rec.ID], rec.Datestamp)
	}
	return got
}

// check fails the test unless h holds exactly the identifiers want, each
// once, with datestamp stamp.
func (h harvested) check(t *testing.T, who string, want []string, stamp string) {
	t.Helper()
	var got []string
	for id, stamps := range h {
		got = append(got, id)
		if len(stamps) != 1 {
			t.Errorf("%s: %s came %d times", who, id, len(stamps))
		}
		if stamps[0] != stamp {
			t.Errorf("%s: %s has datestamp %s, want %s", who, id, stamps[0], stamp)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: harvested %d records, want %d (first got %v, want %v)", who, len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
	}
}

// TestHarvest1000 harvests a corpus of 1,000 synthetic finding aids in a
// git repository with two Debian harvesters: every record comes exactly
// once, dated by its commit, and every page of the EAD validates. Then it
// commits a change to three finding aids (and to a file that no finding aid
// reads) and harvests from a later date: exactly those three come.
func TestHarvest1000(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 50
	}
	repo := gittest.Init(t)
	src := filepath.Join(repo.Root, "sources")
	if err := synth.WriteCorpus(src, n, 20, 1); err != nil {
		t.Fatal(err)
	}
	repo.Commit("2024-01-01T00:00:00Z", "the corpus")

	r := start(t, Options{
		Dirs:    []string{src},
		Outputs: []build.Output{ead.Output{}},
		OAI:     oai.Options{ID: "archives.example.org", Admin: []string{"archivist@example.org"}},
	})
	base := r.url + "/oai"
	var all []string
	for i := 1; i <= n; i++ {
		all = append(all, oai.Identifier("archives.example.org", fmt.Sprintf("SYNTH-C%04d", i)))
	}
	slices.Sort(all)
	first := "2024-01-01T00:00:00Z"

	tm := time.Now()
	httpOAI(t, base, "ListRecords", "oai_dc").check(t, "HTTP::OAI ListRecords oai_dc", all, first)
	httpOAI(t, base, "ListIdentifiers", "ead").check(t, "HTTP::OAI ListIdentifiers ead", all, first)
	catmandu(t, base, "oai_dc").check(t, "Catmandu ListRecords oai_dc", all, first)
	catmandu(t, base, "ead", "--listIdentifiers", "1").check(t, "Catmandu ListIdentifiers ead", all, first)
	t.Logf("four harvests of %d records with the Perl harvesters: %v", n, time.Since(tm).Round(time.Millisecond))

	// The EAD, whole, page by page: every page validates (a page carries
	// several finding aids, whose ids must not clash), every record once.
	tm = time.Now()
	dir := t.TempDir()
	var files []string
	seen := map[string]int{}
	query := "verb=ListRecords&metadataPrefix=ead"
	for page := 0; ; page++ {
		code, data := get(t, base+"?"+query)
		if code != 200 {
			t.Fatalf("page %d: HTTP %d", page, code)
		}
		f := filepath.Join(dir, fmt.Sprintf("page-%03d.xml", page))
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		doc := xmlDoc(t, data)
		for _, e := range doc.FindElements("//header/identifier") {
			seen[e.Text()]++
		}
		tok := doc.FindElement("//resumptionToken")
		if tok == nil || tok.Text() == "" {
			break
		}
		query = "verb=ListRecords&resumptionToken=" + url.QueryEscape(tok.Text())
	}
	if len(seen) != n {
		t.Errorf("the EAD harvest got %d records, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("the EAD harvest got %s %d times", id, k)
		}
	}
	oaitest.Validate(t, "", files...)
	t.Logf("the EAD of %d finding aids in %d pages, harvested and validated: %v", n, len(files), time.Since(tm).Round(time.Millisecond))

	// Change three finding aids and a file no finding aid reads.
	changed := []int{7, n / 2, n}
	var want []string
	for _, i := range changed {
		p := filepath.Join(src, fmt.Sprintf("fa-%04d", i), "fonds.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.Replace(data, []byte("scope_and_content: Correspondence"), []byte("scope_and_content: Revised. Correspondence"), 1)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, oai.Identifier("archives.example.org", fmt.Sprintf("SYNTH-C%04d", i)))
	}
	slices.Sort(want)
	repo.Write("sources/fa-0002/NOTES.txt", "notes that are not part of the finding aid\n")
	repo.Commit("2024-02-01T12:00:00Z", "revise three finding aids")
	if !r.Build() {
		t.Fatalf("the build after the commit failed:\n%s", r.log.String())
	}
	second := "2024-02-01T12:00:00Z"
	httpOAI(t, base, "ListRecords", "oai_dc", "from=2024-01-15").check(t, "HTTP::OAI from 2024-01-15", want, second)
	catmandu(t, base, "oai_dc", "--from", "2024-01-15").check(t, "Catmandu from 2024-01-15", want, second)
	httpOAI(t, base, "ListIdentifiers", "ead", "from=2024-02-01T12:00:00Z").check(t, "HTTP::OAI from the commit's second", want, second)
	rest := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return slices.Contains(want, id) })
	httpOAI(t, base, "ListIdentifiers", "ead", "until=2024-01-31").check(t, "HTTP::OAI until 2024-01-31", rest, first)
	for _, line := range strings.Split(r.log.String(), "\n") {
		if strings.HasPrefix(line, "fonds serve: built") {
			t.Log(line)
		}
	}
}
