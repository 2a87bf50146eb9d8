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
// command links the importer, and most never import (decoding the schema
// took about 10 ms of each process's start).
var schemaCodes = sync.OnceValue(func() *codeLists {
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
	c := &codeLists{lang: map[string]bool{}, script: map[string]bool{}, country: map[string]bool{}}
	for def, set := range map[string]map[string]bool{"langcode": c.lang, "scriptcode": c.script, "countrycode": c.country} {
		var e struct {
			Enum []string `json:"enum"`
		}
		if err := json.Unmarshal(s.Definitions[def], &e); err != nil {
			panic(err)
		}
		for _, code := range e.Enum {
			set[code] = true
		}
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
