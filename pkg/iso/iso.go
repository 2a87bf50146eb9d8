// Package iso names the codes of the ISO standards that the sources use:
// ISO 639-2 languages (as EAD's @langcode takes them) with their ISO 639-1
// codes, ISO 15924 scripts and ISO 3166-1 countries. Outputs show the names
// to readers beside the codes that machines read. The tables are generated
// from Debian's iso-codes (gen.go); nothing is typed by hand but the few
// names readers know better than ISO's first one.
package iso

import (
	"strings"
	"sync"
)

//go:generate go run gen.go

// A language is one row of the generated table of ISO 639-2 codes.
type language struct {
	part1 string // ISO 639-1 code, "" when the language has none
	label string // the English name readers know: "Greek"
	names string // ISO 639-2's English names, "; "-separated: "Greek, Modern (1453-)"
}

// Language returns the English name of an ISO 639-2 code as readers know
// it, bibliographic or terminologic ("rus" gives "Russian", "gre" gives
// "Greek", "grc" gives "Ancient Greek"), or "" when it is unknown.
func Language(code string) string { return languages[code].label }

// Part1 returns the ISO 639-1 code of an ISO 639-2 code ("rus" and "ger"
// give "ru" and "de"), or "" when the language has none ("grc").
func Part1(code string) string { return languages[code].part1 }

// Script returns the English name of an ISO 15924 code ("Cyrl" gives
// "Cyrillic", "Hans" gives "Simplified Han"), or "" when it is unknown.
func Script(code string) string { return scripts[code] }

// Country returns the English name of an ISO 3166-1 alpha-2 code ("NL"
// gives "Netherlands"), or "" when it is unknown.
func Country(code string) string { return countries[code] }

// terminologic are the ISO 639-2/T codes that have a different
// bibliographic code (deu for ger): LanguageCode gives the bibliographic
// one, which EAD and the sources use.
var terminologic = map[string]bool{
	"bod": true, "ces": true, "cym": true, "deu": true, "ell": true, "eus": true, "fas": true,
	"fra": true, "hye": true, "isl": true, "kat": true, "mkd": true, "mri": true, "msa": true,
	"mya": true, "nld": true, "ron": true, "slk": true, "sqi": true, "zho": true,
}

var (
	byNameOnce sync.Once
	langByName map[string]string
	ctryByName map[string]string
)

func byName() {
	langByName = map[string]string{}
	for code, l := range languages {
		if terminologic[code] {
			continue
		}
		for _, n := range strings.Split(l.names, ";") {
			if k := strings.ToLower(strings.TrimSpace(n)); k != "" {
				if prev, ok := langByName[k]; !ok || code < prev {
					langByName[k] = code
				}
			}
		}
	}
	ctryByName = map[string]string{}
	for code, name := range countries {
		ctryByName[strings.ToLower(name)] = code
	}
	for name, code := range languageAliases {
		langByName[name] = code
	}
	for name, code := range countryAliases {
		ctryByName[name] = code
	}
}

// languageAliases are English names archivists write that ISO 639-2 names
// otherwise ("Greek, Modern (1453-)").
var languageAliases = map[string]string{
	"greek": "gre", "modern greek": "gre", "ancient greek": "grc", "farsi": "per",
	"serbo-croatian": "srp", "castilian": "spa", "old church slavonic": "chu",
}

// countryAliases are English names of countries, present and past, that
// ISO 3166 spells otherwise ("Russian Federation", "Türkiye").
var countryAliases = map[string]string{
	"russia": "RU", "turkey": "TR", "czech republic": "CZ", "great britain": "GB", "england": "GB",
	"scotland": "GB", "wales": "GB", "uk": "GB", "britain": "GB", "usa": "US", "u.s.a.": "US",
	"united states of america": "US", "america": "US", "holland": "NL", "soviet union": "SU",
	"ussr": "SU", "u.s.s.r.": "SU", "yugoslavia": "YU", "east germany": "DD", "gdr": "DD",
	"west germany": "DE", "korea": "KR", "persia": "IR", "macedonia": "MK",
}

// LanguageCode returns the ISO 639-2/B code of a language's English name,
// in any case ("russian" gives "rus"), or "" when no language has it.
func LanguageCode(name string) string {
	byNameOnce.Do(byName)
	return langByName[strings.ToLower(strings.TrimSpace(name))]
}

// CountryCode returns the ISO 3166-1 alpha-2 code of a country's English
// name, in any case ("netherlands" gives "NL"), or "".
func CountryCode(name string) string {
	byNameOnce.Do(byName)
	return ctryByName[strings.ToLower(strings.TrimSpace(name))]
}
