package present

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/fonds-archive/fonds/pkg/iso"
	"github.com/fonds-archive/fonds/pkg/model"
)

// LanguageName names an ISO 639-2 language in English as readers know it
// ("rus" gives "Russian", "gre" gives "Greek"); a code that ISO 639-2 does
// not list is given back as it is.
func LanguageName(code string) string {
	if n := iso.Language(code); n != "" {
		return n
	}
	return code
}

// ScriptName names an ISO 15924 script in English ("Cyrl" gives
// "Cyrillic"); a code that ISO 15924 does not list is given back.
func ScriptName(code string) string {
	if n := iso.Script(code); n != "" {
		return n
	}
	return code
}

// CountryName names an ISO 3166-1 country in English, as ISO 3166 does
// ("KZ" gives "Kazakhstan"); a code that ISO 3166-1 does not list is given
// back. Readers see the name, never the code.
func CountryName(code string) string {
	if n := iso.Country(code); n != "" {
		return n
	}
	return code
}

// Language names a language of the material for readers: its name as the
// sources give it, else as ISO 639-2 does, with its script when one is
// given: "Russian (Cyrillic)".
func Language(l model.Language) string {
	name := l.Name
	if name == "" {
		name = LanguageName(l.Code)
	}
	if l.Script != "" {
		name += " (" + ScriptName(l.Script) + ")"
	}
	return name
}

// Tag returns the BCP 47 tag (RFC 5646) of an ISO 639-2 language code and
// an optional ISO 15924 script code, as HTML's lang attribute and PDF's
// /Lang take it, in its shortest canonical form: the ISO 639-1 code where
// there is one ("rus" gives "ru", "tib" and "bod" give "bo"), and the
// script only where it is not the one the language is written in unless
// said otherwise (Unicode CLDR's likely script): "rus" in Cyrl gives "ru",
// "srp" in Latn gives "sr-Latn". An empty code gives "", a code that is no
// language "und" (undetermined).
func Tag(code, script string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "" {
		return ""
	}
	base := iso.Part1(code)
	if base == "" {
		base = code
	}
	b, err := language.ParseBase(base)
	if err != nil {
		return "und"
	}
	tag, err := language.Compose(b)
	if err != nil {
		return "und"
	}
	if s, err := language.ParseScript(script); err == nil {
		if likely, conf := tag.Script(); conf == language.No || likely != s {
			if withScript, err := language.Compose(b, s); err == nil {
				tag = withScript
			}
		}
	}
	if c, err := language.BCP47.Canonicalize(tag); err == nil {
		tag = c
	}
	return tag.String()
}
