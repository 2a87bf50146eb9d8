package model

import "testing"

func TestReservedPrefix(t *testing.T) {
	for id, want := range map[string]string{
		"person-trotsky": "person-", "ps-crux": "ps-", "body-ilo": "body-", "place-prinkipo": "place-",
		"reel-7": "reel-", "event-3": "event-", "inv-723": "", "reels": "", "persons-x": "", "psx": "",
	} {
		if got := ReservedPrefix(id); got != want {
			t.Errorf("ReservedPrefix(%q) = %q, want %q", id, got, want)
		}
	}
}
