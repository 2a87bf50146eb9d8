package present

import (
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/schema"
)

func TestTag(t *testing.T) {
	for _, c := range []struct{ code, script, want string }{
		{"rus", "", "ru"}, {"rus", "Cyrl", "ru"}, {"tib", "", "bo"}, {"bod", "", "bo"}, {"tib", "Cyrl", "bo-Cyrl"},
		{"amh", "", "am"}, {"amh", "Ethi", "am"}, {"srp", "Latn", "sr-Latn"}, {"srp", "Cyrl", "sr"}, {"chi", "Hans", "zh"}, {"tib", "Tibt", "bo"},
		{"eng", "Latn", "en"}, {"gre", "Grek", "el"}, {"ger", "", "de"}, {"chi", "Hant", "zh-Hant"},
		{"grc", "", "grc"}, {"mul", "", "mul"}, {"und", "", "und"}, {"scc", "", "sr"}, {"scr", "", "hr"},
		{" RUS ", "", "ru"}, {"", "Latn", ""}, {"xx1", "", "und"},
	} {
		if got := Tag(c.code, c.script); got != c.want {
			t.Errorf("Tag(%q, %q) = %q, want %q", c.code, c.script, got, c.want)
		}
	}
}

// TestTagsCanonical: every language code the schema accepts, alone and
// with a script, gives a tag that BCP 47 reads and that is already in its
// canonical, shortest form.
func TestTagsCanonical(t *testing.T) {
	codes, err := schema.Codes("langcode")
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) < 400 {
		t.Fatalf("the schema lists %d language codes", len(codes))
	}
	for _, code := range codes {
		for _, script := range []string{"", "Latn", "Cyrl", "Arab"} {
			tag := Tag(code, script)
			if err := canonical(tag); err != nil {
				t.Errorf("Tag(%q, %q): %v", code, script, err)
			}
		}
		if LanguageName(code) == code {
			t.Errorf("language %q has no name", code)
		}
	}
}

func TestLanguage(t *testing.T) {
	for _, c := range []struct {
		l    model.Language
		want string
	}{
		{model.Language{Code: "rus", Script: "Cyrl"}, "Russian (Cyrillic)"},
		{model.Language{Code: "tib", Script: "Cyrl"}, "Tibetan (Cyrillic)"},
		{model.Language{Code: "gre"}, "Greek"},
		{model.Language{Code: "rus", Name: "Russian (pre-reform spelling)"}, "Russian (pre-reform spelling)"},
		{model.Language{Code: "chi", Script: "Hans"}, "Chinese (Simplified Han)"},
		{model.Language{Code: "xxx", Script: "Xxxx"}, "xxx (Xxxx)"},
	} {
		if got := Language(c.l); got != c.want {
			t.Errorf("Language(%+v) = %q, want %q", c.l, got, c.want)
		}
	}
}

// canonical reports why tag is not a BCP 47 tag in canonical form, or nil.
func canonical(tag string) error {
	parsed, err := language.Parse(tag)
	if err != nil {
		return err
	}
	canon, err := language.BCP47.Canonicalize(parsed)
	if err != nil {
		return err
	}
	if canon.String() != tag {
		return fmt.Errorf("tag %s is not canonical: %s", tag, canon)
	}
	// Shortest: a script is written only where it says something.
	if s, conf := parsed.Script(); conf == language.Exact {
		b, bconf := parsed.Base()
		if likely, _ := language.Make(b.String()).Script(); bconf == language.Exact && likely == s {
			return fmt.Errorf("tag %s names the script %s is written in anyway", tag, b)
		}
	}
	return nil
}
