package source

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"Crux", "Stein, Vera", "Trotsky, Lev", "ps-crux", "ps-stein-vera", "sedov"}
	fields := []string{"abstract", "biographical_history", "custodial_history", "finding_aid", "finding_aids", "pseudonyms", "scope_and_content"}
	for _, tt := range []struct {
		s    string
		list []string
		want string
	}{
		{"Crukx", names, "Crux"},                  // a typo
		{"Vera Stein", names, "Stein, Vera"},      // natural order
		{"ps-vera-stein", names, "ps-stein-vera"}, // an id's words swapped
		{"sedow", names, "sedov"},
		{"Lenin", names, ""},
		{"pseudonym", fields, "pseudonyms"},
		{"biography", fields, "biographical_history"}, // the beginning of a field
		{"custodial", fields, "custodial_history"},
		{"finding", fields, ""}, // two fields begin so
		{"bio", fields, ""},     // too short a beginning
		{"abstracts", fields, "abstract"},
		{"history", fields, ""},
	} {
		if got := Suggest(tt.s, tt.list); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	if SameWords("Crux", "crux") {
		t.Error("one word is no reordering")
	}
}
