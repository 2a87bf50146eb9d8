package source

import (
	"bytes"
	"unicode/utf8"
)

// A File is a source file as it was read: its name as diagnostics show it,
// and its bytes. Checks that read the text itself, not the model decoded
// from it, are given Files.
type File struct {
	Name string
	Data []byte
}

// Pos returns the position of the byte at offset off of f, with its
// column counted in characters.
func (f File) Pos(off int) Pos {
	before := f.Data[:off]
	line := 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return Pos{File: f.Name, Line: line, Col: 1 + utf8.RuneCount(before[start:])}
}
