package schema

import (
	"slices"
	"testing"
)

func TestCodes(t *testing.T) {
	for def, want := range map[string]string{"langcode": "rus", "scriptcode": "Cyrl", "countrycode": "NL"} {
		codes, err := Codes(def)
		if err != nil || !slices.Contains(codes, want) {
			t.Errorf("Codes(%q): %d codes, %v; want %q among them", def, len(codes), err, want)
		}
	}
	if _, err := Codes("component"); err == nil {
		t.Error("Codes of a definition that is no code list gave no error")
	}
}
