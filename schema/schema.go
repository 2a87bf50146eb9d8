// Package schema embeds the JSON Schema (draft-07) files that describe the
// fonds source format. fonds.schema.json holds every definition and describes
// fonds.yaml at its root; the other files point editors at the definition
// for each other kind of source file (series, authorities, reels,
// chronology). pkg/validate compiles them from here, so the schema an editor
// uses and the one fonds checks against are the same bytes.
package schema

import "embed"

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
