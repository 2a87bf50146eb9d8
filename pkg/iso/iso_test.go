package iso

import (
	"testing"

	"github.com/fonds-archive/fonds/schema"
)

func TestNames(t *testing.T) {
	for code, want := range map[string]string{
		"rus": "Russian", "ger": "German", "deu": "German", "fre": "French", "fra": "French", "xxx": "",
		"gre": "Greek", "grc": "Ancient Greek", "ota": "Ottoman Turkish", "cat": "Catalan", "nde": "North Ndebele",
		"tog": "Tonga (Nyasa)", "cpe": "Creoles and pidgins, English based", "oci": "Occitan", "scc": "Serbian",
	} {
		if got := Language(code); got != want {
			t.Errorf("Language(%q) = %q, want %q", code, got, want)
		}
	}
	for code, want := range map[string]string{"rus": "ru", "tib": "bo", "bod": "bo", "grc": "", "scr": "hr", "mol": "", "xxx": ""} {
		if got := Part1(code); got != want {
			t.Errorf("Part1(%q) = %q, want %q", code, got, want)
		}
	}
	for code, want := range map[string]string{
		"Cyrl": "Cyrillic", "Latn": "Latin", "Hans": "Simplified Han", "Hant": "Traditional Han", "Jpan": "Japanese",
		"Deva": "Devanagari", "Zxxx": "Unwritten", "Zyyy": "Undetermined", "Syre": "Estrangelo Syriac", "cyrl": "",
	} {
		if got := Script(code); got != want {
			t.Errorf("Script(%q) = %q, want %q", code, got, want)
		}
	}
	for code, want := range map[string]string{"NL": "Netherlands", "MX": "Mexico", "nl": "", "XX": ""} {
		if got := Country(code); got != want {
			t.Errorf("Country(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestSchemaCodes: every language, script and country code the sources'
// schema accepts has a name.
func TestSchemaCodes(t *testing.T) {
	for kind, name := range map[string]func(string) string{"langcode": Language, "scriptcode": Script, "countrycode": Country} {
		codes, err := schema.Codes(kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if name(c) == "" {
				t.Errorf("%s %q has no name", kind, c)
			}
		}
	}
}

func TestCodesByName(t *testing.T) {
	for name, want := range map[string]string{"russian": "rus", "German": "ger", "french": "fre", "Dutch": "dut", "Flemish": "dut", "Klingon": "tlh", "elvish": "", "Greek": "gre", "ancient greek": "grc"} {
		if got := LanguageCode(name); got != want {
			t.Errorf("LanguageCode(%q) = %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"netherlands": "NL", "Mexico": "MX", "Atlantis": "", "Russia": "RU", "Turkey": "TR",
		"Czech Republic": "CZ", "Soviet Union": "SU", "Czechia": "CZ"} {
		if got := CountryCode(name); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", name, got, want)
		}
	}
}
