package source

import (
	"strings"
	"testing"
)

// TestFilePos: lines count from 1, columns in characters, not bytes.
func TestFilePos(t *testing.T) {
	text := "title: Τρότσκι\nnote: ש x\n\n"
	f := File{Name: "f.yaml", Data: []byte(text)}
	for _, tt := range []struct {
		off  int
		want string
	}{
		{0, "f.yaml:1:1"},
		{strings.Index(text, "Τ"), "f.yaml:1:8"},
		{strings.Index(text, "ρ"), "f.yaml:1:9"}, // Τ is two bytes, one character
		{strings.Index(text, "\n"), "f.yaml:1:15"},
		{strings.Index(text, "note"), "f.yaml:2:1"},
		{strings.Index(text, "ש"), "f.yaml:2:7"},
		{strings.Index(text, "x"), "f.yaml:2:9"},
		{len(text), "f.yaml:4:1"},
	} {
		if got := f.Pos(tt.off).String(); got != tt.want {
			t.Errorf("Pos(%d) = %s, want %s", tt.off, got, tt.want)
		}
	}
}
