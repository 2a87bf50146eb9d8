package importer

import (
	"encoding/json"
	"regexp"
	"sync"

	"github.com/fonds-archive/fonds/schema"
)

// codeLists are the code lists and the ISIL pattern of the EAD 2002
// schema, read from fonds's own JSON Schema (which copies them from
// ead.xsd), so that what the import writes passes both.
type codeLists struct {
	lang, script, country map[string]bool
	isil                  *regexp.Regexp
}

// schemaCodes reads the code lists on first use, not at init: every fonds
// command links the importer, and most never import (reading them at init
// allocated 512 KB in 2,784 allocations at each process's start).
var schemaCodes = sync.OnceValue(func() *codeLists {
	c := &codeLists{}
	for def, set := range map[string]*map[string]bool{"langcode": &c.lang, "scriptcode": &c.script, "countrycode": &c.country} {
		codes, err := schema.Codes(def)
		if err != nil {
			panic(err)
		}
		*set = make(map[string]bool, len(codes))
		for _, code := range codes {
			(*set)[code] = true
		}
	}
	data, err := schema.Files.ReadFile(schema.Main)
	if err != nil {
		panic(err)
	}
	var s struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		panic(err)
	}
	var f struct {
		Properties struct {
			Repository struct {
				Properties struct {
					ISIL struct {
						Pattern string `json:"pattern"`
					} `json:"isil"`
				} `json:"properties"`
			} `json:"repository"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(s.Definitions["fonds"], &f); err != nil {
		panic(err)
	}
	c.isil = regexp.MustCompile(f.Properties.Repository.Properties.ISIL.Pattern)
	return c
})
