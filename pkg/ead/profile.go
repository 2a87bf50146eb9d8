package ead

import (
	"fmt"
	"strings"
)

// A profile is what one aggregator asks of EAD beyond the schema. A
// profile decides which of an aggregator's needs that the sources may
// fail to meet stop the build (an error) and which are reported (a
// warning). Every profile but ape writes the same document; ape writes
// apeEAD, the stricter profile of EAD 2002 that Archives Portal Europe
// takes (ape.go).
//
// Whatever the profile, the output is valid against the EAD 2002 schema
// (and, for ape, against apeEAD's),
// every @id is unique, every @normal date is YYYY[-MM[-DD]] or a range of
// two that is not inverted, the eadid has no spaces (the sources' schema
// refuses them), the file name is lower-case and URL-safe, and nothing
// marked internal is published unless asked.
type profile struct {
	name string
	doc  string
	// needAgency: the repository's ISIL and country code are required, for
	// eadid/@mainagencycode, eadid/@countrycode and unitid's codes.
	needAgency bool
	// needTitleOrDate: every published unit needs a title or a date.
	needTitleOrDate bool
	// warnSize: warn when the file is larger than Archives Hub's limit.
	warnSize bool
	// ape: write apeEAD, Archives Portal Europe's profile of EAD 2002
	// (ape.go), instead of EAD 2002 as it is.
	ape bool
}

// hubLimit is the largest description Archives Hub takes.
const hubLimit = 5 << 20

var profiles = []profile{
	{name: "default", doc: "what every aggregator accepts; the needs the sources cannot meet are warnings",
		warnSize: true},
	{name: "ape", doc: "Archives Portal Europe: apeEAD, valid against APE's schema; the repository's ISIL and country code are required",
		needAgency: true, ape: true},
	{name: "hub", doc: "Archives Hub: the repository's ISIL and country code are required; a warning above 5 MB",
		needAgency: true, warnSize: true},
	{name: "arclight", doc: "ArcLight: every published unit needs a title or a date",
		needTitleOrDate: true},
	{name: "oac", doc: "Online Archive of California: lower-case file names, as every profile writes them"},
}

// Profiles returns the names of the profiles, the default first.
func Profiles() []string {
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = p.name
	}
	return names
}

// ProfileDoc returns a one-line description of a profile.
func ProfileDoc(name string) string {
	p, err := profileNamed(name)
	if err != nil {
		return ""
	}
	return p.doc
}

// CheckProfile reports whether name is a profile, with an error that lists
// the valid ones.
func CheckProfile(name string) error {
	_, err := profileNamed(name)
	return err
}

func profileNamed(name string) (profile, error) {
	if name == "" {
		name = "default"
	}
	for _, p := range profiles {
		if p.name == name {
			return p, nil
		}
	}
	return profile{}, fmt.Errorf("unknown EAD profile %q (want %s)", name, strings.Join(Profiles(), ", "))
}

func (x *writer) warnSize(n int64) {
	if x.prof.warnSize && n > hubLimit {
		x.warn("the EAD is %.1f MB; Archives Hub takes descriptions of up to 5 MB", float64(n)/(1<<20))
	}
}
