package oai

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEveryVerbAndError asks for every verb and provokes every error of the
// protocol, checks the codes and what the request element echoes, and
// validates every response against the OAI-PMH schema with xmllint.
func TestEveryVerbAndError(t *testing.T) {
	repo := fixtureRepo(t, Options{Admin: []string{"archivist@example.org"}, PageSize: 2}, fixtures...)
	noSets := fixtureRepo(t, Options{Admin: []string{"archivist@example.org"}, NoSets: true}, fixtures[2])
	id := repo.Records[0].Identifier
	eid := url.QueryEscape(id)
	v := newValidator(t)
	cases := []struct {
		name, query string
		repo        *Repository
		want        []string // error codes; none for an answer
		echo        bool     // the request element carries the arguments
	}{
		{"identify", "verb=Identify", repo, nil, true},
		{"formats", "verb=ListMetadataFormats", repo, nil, true},
		{"formats-of-record", "verb=ListMetadataFormats&identifier=" + eid, repo, nil, true},
		{"sets", "verb=ListSets", repo, nil, true},
		{"get-dc", "verb=GetRecord&metadataPrefix=oai_dc&identifier=" + eid, repo, nil, true},
		{"get-ead", "verb=GetRecord&metadataPrefix=ead&identifier=" + eid, repo, nil, true},
		{"ids", "verb=ListIdentifiers&metadataPrefix=oai_dc", repo, nil, true},
		{"ids-set", "verb=ListIdentifiers&metadataPrefix=ead&set=isil", repo, nil, true},
		{"ids-from-until", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-01-01&until=2024-01-02", repo, nil, true},
		{"records-dc", "verb=ListRecords&metadataPrefix=oai_dc", repo, nil, true},
		{"records-ead", "verb=ListRecords&metadataPrefix=ead&from=2024-01-03T12:00:00Z", repo, nil, true},

		{"no-verb", "", repo, []string{BadVerb}, false},
		{"bad-verb", "verb=Harvest", repo, []string{BadVerb}, false},
		{"verb-twice", "verb=Identify&verb=Identify", repo, []string{BadVerb}, false},
		{"verb-not-utf8", "verb=%FF%FE", repo, []string{BadVerb}, false},
		{"identify-argument", "verb=Identify&metadataPrefix=oai_dc", repo, []string{BadArgument}, false},
		{"empty-key", "verb=Identify&=1", repo, []string{BadArgument}, false},
		{"formats-bad-identifier", "verb=ListMetadataFormats&identifier=not%20a%20uri", repo, []string{BadArgument}, false},
		{"formats-control-char", "verb=ListMetadataFormats&identifier=oai%01x", repo, []string{BadArgument}, false},
		{"formats-unknown", "verb=ListMetadataFormats&identifier=oai:fonds.localhost:nothing", repo, []string{IDDoesNotExist}, true},
		{"sets-argument", "verb=ListSets&set=isil", repo, []string{BadArgument}, false},
		{"sets-token", "verb=ListSets&resumptionToken=abc", repo, []string{BadResumptionToken}, true},
		{"sets-none", "verb=ListSets", noSets, []string{NoSetHierarchy}, true},
		{"get-missing", "verb=GetRecord&identifier=" + eid, repo, []string{BadArgument}, false},
		{"get-missing-both", "verb=GetRecord", repo, []string{BadArgument, BadArgument}, false},
		{"get-repeated", "verb=GetRecord&metadataPrefix=oai_dc&metadataPrefix=ead&identifier=" + eid, repo, []string{BadArgument}, false},
		{"get-bad-prefix", "verb=GetRecord&metadataPrefix=oai%20dc&identifier=" + eid, repo, []string{BadArgument}, false},
		{"get-unknown-format", "verb=GetRecord&metadataPrefix=marcxml&identifier=" + eid, repo, []string{CannotDisseminateFormat}, true},
		{"get-unknown-both", "verb=GetRecord&metadataPrefix=marcxml&identifier=oai:fonds.localhost:x", repo, []string{IDDoesNotExist, CannotDisseminateFormat}, true},
		{"ids-no-prefix", "verb=ListIdentifiers", repo, []string{BadArgument}, false},
		{"ids-unknown-format", "verb=ListIdentifiers&metadataPrefix=marcxml", repo, []string{CannotDisseminateFormat}, true},
		{"ids-granularities", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-01-01&until=2024-01-02T00:00:00Z", repo, []string{BadArgument}, false},
		{"ids-bad-date", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-02-30", repo, []string{BadArgument}, false},
		{"ids-no-zone", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-01-01T00:00:00", repo, []string{BadArgument}, false},
		{"ids-too-fine", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-01-01T00:00:00.5Z", repo, []string{BadArgument}, false},
		{"ids-offset", "verb=ListIdentifiers&metadataPrefix=ead&until=2024-01-01T00:00:00%2B01:00", repo, []string{BadArgument}, false},
		{"ids-backwards", "verb=ListIdentifiers&metadataPrefix=ead&from=2024-01-02&until=2024-01-01", repo, []string{BadArgument}, false},
		{"ids-none-after", "verb=ListIdentifiers&metadataPrefix=ead&from=2100-01-01", repo, []string{NoRecordsMatch}, true},
		{"ids-none-before", "verb=ListIdentifiers&metadataPrefix=ead&until=1999-12-31T23:59:59Z", repo, []string{NoRecordsMatch}, true},
		{"ids-unknown-set", "verb=ListIdentifiers&metadataPrefix=ead&set=isil:XX-None", repo, []string{NoRecordsMatch}, true},
		{"ids-bad-set", "verb=ListIdentifiers&metadataPrefix=ead&set=a%20b", repo, []string{BadArgument}, false},
		{"ids-no-sets", "verb=ListIdentifiers&metadataPrefix=ead&set=isil", noSets, []string{NoSetHierarchy}, true},
		{"ids-bad-token", "verb=ListIdentifiers&resumptionToken=abc", repo, []string{BadResumptionToken}, true},
		{"ids-token-and-more", "verb=ListIdentifiers&resumptionToken=abc&metadataPrefix=ead", repo, []string{BadArgument}, false},
		{"records-no-prefix", "verb=ListRecords&from=2024-01-01", repo, []string{BadArgument}, false},
		{"records-unknown-both", "verb=ListRecords&metadataPrefix=marcxml&set=isil", noSets, []string{CannotDisseminateFormat, NoSetHierarchy}, true},
		{"records-bad-token", "verb=ListRecords&resumptionToken=" + url.QueryEscape(strings.Repeat("é", 40)), repo, []string{BadResumptionToken}, true},
	}
	for _, c := range cases {
		got := ask(t, c.repo, c.query)
		v.add(c.name, got)
		r := read(t, got)
		if codes := r.errors(); !slices.Equal(codes, c.want) {
			t.Errorf("%s (%s): errors %v, want %v", c.name, c.query, codes, c.want)
		}
		if n := r.requestAttrs(); (n > 0) != c.echo {
			t.Errorf("%s (%s): the request element has %d attributes; echo %v", c.name, c.query, n, c.echo)
		}
		if c.want == nil {
			verb := r.doc.FindElement("/OAI-PMH/request").SelectAttrValue("verb", "")
			if r.doc.FindElement("/OAI-PMH/"+verb) == nil {
				t.Errorf("%s: no %s element in the answer:\n%s", c.name, verb, got)
			}
		}
	}
	v.run()
}

// TestEchoedRequest checks the request element of an answer: the base URL
// and exactly the request's arguments.
func TestEchoedRequest(t *testing.T) {
	repo := fixtureRepo(t, Options{}, fixtures[2])
	r := read(t, ask(t, repo, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01&set=level"))
	req := r.doc.FindElement("/OAI-PMH/request")
	if req.Text() != testBase {
		t.Errorf("request = %q, want the base URL", req.Text())
	}
	want := map[string]string{"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2024-01-01", "set": "level"}
	if len(req.Attr) != len(want) {
		t.Errorf("request attributes %v, want %v", req.Attr, want)
	}
	for k, v := range want {
		if got := req.SelectAttrValue(k, ""); got != v {
			t.Errorf("request/@%s = %q, want %q", k, got, v)
		}
	}
	if d := r.doc.FindElement("/OAI-PMH/responseDate").Text(); d != "2025-03-04T05:06:07Z" {
		t.Errorf("responseDate = %q", d)
	}
}

func TestIdentify(t *testing.T) {
	repo := fixtureRepo(t, Options{ID: "archives.example.org", Admin: []string{"a@example.org", "b@example.org"}}, fixtures...)
	r := read(t, ask(t, repo, "verb=Identify"))
	get := func(path string) string {
		e := r.doc.FindElement(path)
		if e == nil {
			t.Fatalf("no %s in\n%s", path, r.raw)
		}
		return e.Text()
	}
	for path, want := range map[string]string{
		"//Identify/repositoryName":                           "Fictional Archive of Test Fixtures",
		"//Identify/baseURL":                                  testBase,
		"//Identify/earliestDatestamp":                        "2024-01-01T12:00:00Z",
		"//Identify/deletedRecord":                            "no",
		"//Identify/granularity":                              "YYYY-MM-DDThh:mm:ssZ",
		"//oai-identifier/repositoryIdentifier":               "archives.example.org",
		"//oai-identifier/sampleIdentifier":                   "oai:archives.example.org:FIX-Letters.1",
		"//Identify/description/oai-identifier/delimiter":     ":",
		"//Identify/description/oai-identifier/scheme":        "oai",
		"//Identify/adminEmail[2]":                            "b@example.org",
		"//Identify/protocolVersion":                          "2.0",
		"//Identify/description/oai-identifier/../../baseURL": testBase,
	} {
		if got := get(path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
}

// TestPages harvests every list page by page, following the tokens, and
// checks that each record comes exactly once, with completeListSize and
// cursor right; each page validates.
func TestPages(t *testing.T) {
	repo := fixtureRepo(t, Options{PageSize: 2}, fixtures...)
	v := newValidator(t)
	all := []string{"oai:fonds.localhost:FIX-Letters.1", "oai:fonds.localhost:fix-deep", "oai:fonds.localhost:fix-min"}
	for _, q := range []string{"verb=ListIdentifiers&metadataPrefix=oai_dc", "verb=ListRecords&metadataPrefix=oai_dc", "verb=ListRecords&metadataPrefix=ead"} {
		verb := strings.TrimPrefix(strings.Split(q, "&")[0], "verb=")
		var got, cursors []string
		query := q
		for page := 0; ; page++ {
			data := ask(t, repo, query)
			v.add("page", data)
			r := read(t, data)
			if codes := r.errors(); codes != nil {
				t.Fatalf("%s page %d: %v", q, page, codes)
			}
			got = append(got, r.identifiers()...)
			tok, size, cursor, ok := r.token()
			if !ok {
				t.Fatalf("%s page %d: no resumptionToken in a list of 3 in pages of 2", q, page)
			}
			if size != "3" {
				t.Errorf("%s page %d: completeListSize %q, want 3", q, page, size)
			}
			cursors = append(cursors, cursor)
			if tok == "" {
				break
			}
			query = "verb=" + verb + "&resumptionToken=" + url.QueryEscape(tok)
		}
		if !slices.Equal(got, all) {
			t.Errorf("%s: harvested %v, want %v", q, got, all)
		}
		if !slices.Equal(cursors, []string{"0", "2"}) {
			t.Errorf("%s: cursors %v, want [0 2]", q, cursors)
		}
	}
	// A list that fits one page carries no resumptionToken.
	one := read(t, ask(t, fixtureRepo(t, Options{}, fixtures...), "verb=ListIdentifiers&metadataPrefix=oai_dc"))
	if _, _, _, ok := one.token(); ok {
		t.Error("a list that fits one page has a resumptionToken")
	}
	// Pages of records are bounded by bytes too: one record at least.
	small := fixtureRepo(t, Options{PageBytes: 1}, fixtures...)
	r := read(t, ask(t, small, "verb=ListRecords&metadataPrefix=ead"))
	if n := len(r.identifiers()); n != 1 {
		t.Errorf("a page of 1 byte holds %d records, want 1", n)
	}
	v.run()
}

// TestTokens refuses tokens that are damaged, that continue another verb,
// or that were cut from a list that has changed since; a token issued
// again gives the same page (idempotency).
func TestTokens(t *testing.T) {
	repo := fixtureRepo(t, Options{PageSize: 1}, fixtures...)
	first := read(t, ask(t, repo, "verb=ListIdentifiers&metadataPrefix=ead&set=level"))
	tok, _, _, _ := first.token()
	if tok == "" {
		t.Fatal("no token")
	}
	page := func(r *Repository, verb, tok string) *response {
		return read(t, ask(t, r, "verb="+verb+"&resumptionToken="+url.QueryEscape(tok)))
	}
	a, b := page(repo, "ListIdentifiers", tok), page(repo, "ListIdentifiers", tok)
	if string(a.raw) != string(b.raw) || a.errors() != nil {
		t.Errorf("the same token twice gave different pages:\n%s\n%s", a.raw, b.raw)
	}
	if ids := a.identifiers(); len(ids) != 1 || ids[0] != repo.Records[1].Identifier {
		t.Errorf("second page: %v", ids)
	}
	// Damaged: each character changed in turn is refused.
	for i := range tok {
		bad := []byte(tok)
		bad[i] ^= 1
		if codes := page(repo, "ListIdentifiers", string(bad)).errors(); !slices.Equal(codes, []string{BadResumptionToken}) {
			t.Errorf("token with character %d changed: %v", i, codes)
		}
	}
	for _, bad := range []string{"", ".", tok[:len(tok)-1], tok + "x", strings.ReplaceAll(tok, ".", "")} {
		if codes := page(repo, "ListIdentifiers", bad).errors(); !slices.Equal(codes, []string{BadResumptionToken}) {
			t.Errorf("token %q: %v", bad, codes)
		}
	}
	if codes := page(repo, "ListRecords", tok).errors(); !slices.Equal(codes, []string{BadResumptionToken}) {
		t.Errorf("a ListIdentifiers token given to ListRecords: %v", codes)
	}
	// Stale: a finding aid changed (its datestamp moved), or one more
	// record matches.
	changed := fixtureRepo(t, Options{PageSize: 1}, fixtures...)
	changed.Records[2].Datestamp = changed.Records[2].Datestamp.Add(time.Hour)
	if codes := page(changed, "ListIdentifiers", tok).errors(); !slices.Equal(codes, []string{BadResumptionToken}) {
		t.Errorf("a token of a list that changed: %v", codes)
	}
	fewer := fixtureRepo(t, Options{PageSize: 1}, fixtures[:2]...)
	if codes := page(fewer, "ListIdentifiers", tok).errors(); !slices.Equal(codes, []string{BadResumptionToken}) {
		t.Errorf("a token of a list that lost a record: %v", codes)
	}
	// A token survives a restart: a repository built again from the same
	// sources takes it.
	again := fixtureRepo(t, Options{PageSize: 1}, fixtures...)
	if got := page(again, "ListIdentifiers", tok); string(got.raw) != string(a.raw) {
		t.Errorf("the token on a repository built again:\n%s\nwant\n%s", got.raw, a.raw)
	}
}

// TestSelectiveHarvesting checks from and until at both granularities on
// datestamps at the edges of days.
func TestSelectiveHarvesting(t *testing.T) {
	stamp := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	repo := &Repository{Name: "test", Admin: []string{"a@example.org"}, ID: "example.org", Formats: []Format{DC}}
	for _, r := range []struct{ id, at string }{
		{"a", "2024-01-01T10:00:00Z"}, {"b", "2024-01-02T00:00:00Z"}, {"c", "2024-01-02T23:59:59Z"}, {"d", "2024-01-03T00:00:00Z"},
	} {
		dc := dcRecord(map[string][]string{"title": {r.id}})
		repo.Records = append(repo.Records, &Record{Identifier: "oai:example.org:" + r.id, Datestamp: stamp(r.at), Metadata: map[string]Metadata{"oai_dc": Bytes(dc)}})
	}
	v := newValidator(t)
	for _, c := range []struct{ args, want string }{
		{"", "abcd"},
		{"&from=2024-01-02", "bcd"},
		{"&until=2024-01-02", "abc"},
		{"&from=2024-01-02&until=2024-01-02", "bc"},
		{"&from=2024-01-01T10:00:01Z", "bcd"},
		{"&from=2024-01-01T10:00:00Z&until=2024-01-01T10:00:00Z", "a"},
		{"&until=2024-01-02T23:59:58Z", "ab"},
		{"&from=2024-01-03T00:00:01Z", ""},
	} {
		data := ask(t, repo, "verb=ListIdentifiers&metadataPrefix=oai_dc"+c.args)
		v.add("dates", data)
		r := read(t, data)
		got := ""
		for _, id := range r.identifiers() {
			got += strings.TrimPrefix(id, "oai:example.org:")
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.args, got, c.want)
		}
		if c.want == "" && !slices.Equal(r.errors(), []string{NoRecordsMatch}) {
			t.Errorf("%s: errors %v, want noRecordsMatch", c.args, r.errors())
		}
	}
	v.run()
}

func TestIdentifier(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"ARCH01483", "oai:example.org:ARCH01483"},
		{"fix-letters.1", "oai:example.org:fix-letters.1"},
		{"a b%c/d", "oai:example.org:a%20b%25c/d"},
		{"Łódź", "oai:example.org:%C5%81%C3%B3d%C5%BA"},
	} {
		if got := Identifier("example.org", c.id); got != c.want {
			t.Errorf("Identifier(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

// TestPageOfSeveralEAD puts the EAD of the default sources and of the
// fixtures on one page: they describe the same place and reels in their
// sources, and the page is still valid, since each EAD's ids carry its
// finding aid's prefix.
func TestPageOfSeveralEAD(t *testing.T) {
	repo := fixtureRepo(t, Options{}, append([]string{"../../sources/trotsky-ilo"}, fixtures...)...)
	data := ask(t, repo, "verb=ListRecords&metadataPrefix=ead")
	if n := len(read(t, data).identifiers()); n != 4 {
		t.Fatalf("%d records on the page, want 4", n)
	}
	for _, id := range []string{`id="arch01483.place-prinkipo"`, `id="fix-letters.1.place-prinkipo"`, `id="arch01483.reel-1"`, `id="fix-letters.1.reel-1"`} {
		if !strings.Contains(string(data), id) {
			t.Errorf("no %s on the page", id)
		}
	}
	v := newValidator(t)
	v.add("several-ead", data)
	v.run()
}
