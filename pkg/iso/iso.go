// Package iso names the codes of the ISO standards that the sources use:
// ISO 639-2 languages (as EAD's @langcode takes them) and ISO 3166-1
// countries. Outputs show the names to readers beside the codes that
// machines read.
package iso

import (
	"strings"
	"sync"
)

//go:generate go run gen.go

// Language returns the English name of an ISO 639-2 code ("rus" gives
// "Russian"), bibliographic or terminologic, or "" when it is unknown.
func Language(code string) string { return languages[code] }

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
	for code, names := range languages {
		if terminologic[code] {
			continue
		}
		for _, n := range strings.Split(names, ";") {
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
