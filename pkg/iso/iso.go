// Package iso names the codes of the ISO standards that the sources use:
// ISO 639-2 languages (as EAD's @langcode takes them) and ISO 3166-1
// countries. Outputs show the names to readers beside the codes that
// machines read.
package iso

//go:generate go run gen.go

// Language returns the English name of an ISO 639-2 code ("rus" gives
// "Russian"), bibliographic or terminologic, or "" when it is unknown.
func Language(code string) string { return languages[code] }

// Country returns the English name of an ISO 3166-1 alpha-2 code ("NL"
// gives "Netherlands"), or "" when it is unknown.
func Country(code string) string { return countries[code] }
