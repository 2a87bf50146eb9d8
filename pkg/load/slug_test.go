package load

import "testing"

func TestSlug(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Crux", "crux"},
		{"Mèche, J.", "meche-j"},
		{"Gurov, G.", "gurov-g"},
		{"D(oud)", "d-oud"},
		{"O-r", "o-r"},
		// Cyrillic by ISO 9, its diacritics dropped.
		{"Троцкий, Лев Давидович", "trockij-lev-davidovic"},
		{"Жук", "zuk"},
		{"Ильич", "ilic"},
		{"Щербаков", "serbakov"},
		{"Юрий", "urij"},
		{"Ягода", "agoda"},
		{"Обманщик", "obmansik"},
		{"Підпільник", "pidpilnik"},
		// Greek by ISO 843.
		{"Παπαδόπουλος, Νίκος", "papadopoulos-nikos"},
		{"Θεόδωρος", "theodoros"},
		{"Χρήστος", "christos"},
		{"Παύλος", "paulos"},
		{"Ψαράς", "psaras"},
		// Other scripts: code points.
		{"שלום", "u5e9u5dcu5d5u5dd"},
		{"魯迅", "u9b6fu8fc5"},
		{"…", "x"},
	} {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
