package importer

import (
	"encoding/json"
	"regexp"

	"github.com/fonds-archive/fonds/schema"
)

// The code lists and the ISIL pattern of the EAD 2002 schema, read from
// fonds's own JSON Schema (which copies them from ead.xsd), so that what
// the import writes passes both.
var (
	langCodes    = map[string]bool{}
	scriptCodes  = map[string]bool{}
	countryCodes = map[string]bool{}
	isilPattern  *regexp.Regexp
)

func init() {
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
	for def, set := range map[string]map[string]bool{"langcode": langCodes, "scriptcode": scriptCodes, "countrycode": countryCodes} {
		var e struct {
			Enum []string `json:"enum"`
		}
		if err := json.Unmarshal(s.Definitions[def], &e); err != nil {
			panic(err)
		}
		for _, c := range e.Enum {
			set[c] = true
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
	isilPattern = regexp.MustCompile(f.Properties.Repository.Properties.ISIL.Pattern)
}
