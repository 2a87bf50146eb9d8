package oai

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
)

// FuzzAnswer asks the repository anything: every answer is well-formed
// XML with one OAI-PMH root, whatever the arguments, the verb or the
// resumptionToken.
func FuzzAnswer(f *testing.F) {
	for _, q := range []string{
		"verb=Identify", "verb=ListRecords&metadataPrefix=ead", "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01&until=2024-12-31",
		"verb=GetRecord&identifier=oai:fonds.localhost:fix-min&metadataPrefix=oai_dc", "verb=ListSets", "verb=%FF", "verb=ListRecords&resumptionToken=abc.def",
		"verb=ListIdentifiers&metadataPrefix=ead&set=isil:NL-XxFIX", "verb=ListMetadataFormats&identifier=oai%01",
	} {
		f.Add(q)
	}
	fuzzRepo := fixtureRepo(f, Options{PageSize: 1}, fixtures...)
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := fuzzRepo.Answer(&b, values, testBase, testNow); err != nil {
			t.Fatal(err)
		}
		wellFormed(t, b.Bytes())
		// A token the answer gives leads to a good next page.
		if _, rest, ok := bytes.Cut(b.Bytes(), []byte("<resumptionToken")); ok {
			_, rest, _ = bytes.Cut(rest, []byte(">"))
			if tok, _, ok := bytes.Cut(rest, []byte("</resumptionToken>")); ok && len(tok) > 0 {
				var next bytes.Buffer
				verb := values.Get("verb")
				if err := fuzzRepo.Answer(&next, url.Values{"verb": {verb}, "resumptionToken": {string(tok)}}, testBase, testNow); err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(next.Bytes(), []byte("<error")) {
					t.Errorf("the token of %q leads to an error:\n%s", query, next.Bytes())
				}
			}
		}
	})
}

// FuzzDublinCore maps anything to Dublin Core: an error or a well-formed
// record, never a panic.
func FuzzDublinCore(f *testing.F) {
	f.Add(`<ead><eadheader><eadid url="u">X</eadid></eadheader><archdesc><did><unittitle>T <emph>x</emph></unittitle></did><dsc/></archdesc></ead>`)
	f.Add(`<ead><archdesc><scopecontent audience="internal"><p>a</p></scopecontent><controlaccess><geogname>&amp;</geogname></controlaccess></archdesc></ead>`)
	f.Fuzz(func(t *testing.T, ead string) {
		dc, err := DublinCore(strings.NewReader(ead))
		if err != nil {
			return
		}
		wellFormed(t, dc)
	})
}

// wellFormed fails the test unless data is one well-formed XML document.
func wellFormed(t *testing.T, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	roots := 0
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, data)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		t.Fatalf("%d root elements:\n%s", roots, data)
	}
}
