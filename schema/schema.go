// Package schema embeds the JSON Schema (draft-07) files that describe the
// fonds source format. fonds.schema.json holds every definition and describes
// fonds.yaml at its root; the other files point editors at the definition
// for each other kind of source file (series, authorities, reels,
// chronology). pkg/validate compiles them from here, so the schema an editor
// uses and the one fonds checks against are the same bytes.
package schema

import (
	"embed"
	"encoding/json"
	"fmt"
)

// Files holds the schema files.
//
//go:embed *.schema.json
var Files embed.FS

// Main is the name of the file that holds every definition.
const Main = "fonds.schema.json"

// Kinds maps each kind of source file to the definition in Main that
// describes it, and the schema file an editor is pointed at.
var Kinds = map[string]struct{ Definition, File string }{
	"fonds":       {"fonds", "fonds.schema.json"},
	"series":      {"component", "series.schema.json"},
	"parts":       {"parts", "parts.schema.json"},
	"authorities": {"authoritiesFile", "authorities.schema.json"},
	"reels":       {"reelsFile", "reels.schema.json"},
	"chronology":  {"chronologyFile", "chronology.schema.json"},
}

// Codes returns the code list the schema holds under a definition of Main:
// "langcode" (ISO 639-2), "scriptcode" (ISO 15924) or "countrycode" (ISO
// 3166-1), copied from the EAD 2002 schema, in the schema's order.
func Codes(definition string) ([]string, error) {
	data, err := Files.ReadFile(Main)
	if err != nil {
		return nil, err
	}
	var s struct {
		Definitions map[string]struct {
			Enum []string `json:"enum"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	d, ok := s.Definitions[definition]
	if !ok || len(d.Enum) == 0 {
		return nil, fmt.Errorf("%s defines no code list %q", Main, definition)
	}
	return d.Enum, nil
}
