package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/oai/oaitest"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// harvestPages harvests a list page by page with client and returns the
// pages, keyed by the query that asked for each, in order.
func harvestPages(client *http.Client, base, query string) ([]string, map[string][]byte, error) {
	var order []string
	pages := map[string][]byte{}
	verb := strings.TrimPrefix(strings.Split(query, "&")[0], "verb=")
	for {
		resp, err := client.Get(base + "?" + query)
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, nil, err
		}
		if resp.StatusCode != 200 {
			return nil, nil, fmt.Errorf("%s: HTTP %d", query, resp.StatusCode)
		}
		order = append(order, query)
		pages[query] = data
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(data); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", query, err)
		}
		tok := doc.FindElement("//resumptionToken")
		if tok == nil || tok.Text() == "" {
			return order, pages, nil
		}
		query = "verb=" + verb + "&resumptionToken=" + url.QueryEscape(tok.Text())
	}
}

// TestConcurrentHarvesters lets 100 harvesters harvest at once over the
// loopback: each gets every page complete, the same bytes as a harvester
// alone, and those pages validate.
func TestConcurrentHarvesters(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteCorpus(dir, 24, 3, 7); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{Dirs: []string{dir}, Outputs: []build.Output{ead.Output{}}, OAI: oai.Options{PageSize: 5}})
	base := r.url + "/oai"
	queries := []string{
		"verb=ListIdentifiers&metadataPrefix=ead",
		"verb=ListRecords&metadataPrefix=oai_dc",
		"verb=ListRecords&metadataPrefix=ead",
		"verb=ListRecords&metadataPrefix=oai_dc&set=isil",
	}
	want := map[string]map[string][]byte{}
	var files []string
	for i, q := range queries {
		order, pages, err := harvestPages(http.DefaultClient, base, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(order) != 5 {
			t.Fatalf("%s: %d pages, want 5 of 5 records", q, len(order))
		}
		want[q] = pages
		for j, k := range order {
			f := filepath.Join(t.TempDir(), fmt.Sprintf("q%d-p%d.xml", i, j))
			os.WriteFile(f, pages[k], 0o644)
			files = append(files, f)
		}
	}
	oaitest.Validate(t, "", files...)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for h := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := queries[h%len(queries)]
			order, pages, err := harvestPages(client, base, q)
			if err != nil {
				errs <- fmt.Errorf("harvester %d: %v", h, err)
				return
			}
			if len(order) != len(want[q]) {
				errs <- fmt.Errorf("harvester %d: %d pages, want %d", h, len(order), len(want[q]))
				return
			}
			for _, k := range order {
				if !bytes.Equal(pages[k], want[q][k]) {
					errs <- fmt.Errorf("harvester %d: the page %s differs from a harvester's alone", h, k)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
