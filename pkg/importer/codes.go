package importer

import (
	"fmt"
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
	tree, err := schema.Tree()
	if err != nil {
		panic(fmt.Sprintf("importer: the built-in schema: %v", err))
	}
	c := &codeLists{}
	for def, set := range map[string]*map[string]bool{"langcode": &c.lang, "scriptcode": &c.script, "countrycode": &c.country} {
		codes := tree.Pointer("#/definitions/" + def + "/enum").Strings()
		if len(codes) == 0 {
			panic("importer: the built-in schema has no code list " + def)
		}
		*set = make(map[string]bool, len(codes))
		for _, code := range codes {
			(*set)[code] = true
		}
	}
	c.isil = regexp.MustCompile(tree.Pointer("#/definitions/fonds/properties/repository/properties/isil/pattern").Text())
	return c
})
