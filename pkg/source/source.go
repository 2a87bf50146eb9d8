// Package source holds what every stage of fonds shares about the sources it
// reads: positions in files (Pos) and the diagnostics reported against them
// (Diagnostic, List), in the manner of go/token and go/scanner.
//
// A diagnostic prints as
//
//	path/to/file.yaml:LINE:COL: data.path: message
//		path/to/other.yaml:LINE:COL: note
//
// and a List is sorted by file, line and column before it is printed, so the
// same sources always give the same report.
package source

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col count from 1; a zero Line
// means the position names a whole file, and an empty File means no position
// is known.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether p names a file.
func (p Pos) IsValid() bool { return p.File != "" }

// String formats p as file:line:col, file:line or file.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Before reports whether p sorts before q: by file, then line, then column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Severity says whether a diagnostic fails the run.
type Severity int

const (
	// Error fails the run.
	Error Severity = iota
	// Warning is reported but fails the run only under --strict.
	Warning
	// Info is information, never a problem: what an output writes
	// otherwise than the sources have it, and why (what fonds check
	// --profile ape says the profile changes). It never fails the run,
	// --strict or not.
	Info
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "error"
}

// A Note is a second place that explains a diagnostic, such as where a
// duplicate was first declared.
type Note struct {
	Pos Pos
	Msg string
}

// A Diagnostic is one problem found in the sources.
type Diagnostic struct {
	Pos      Pos
	Path     string // data path inside the file, e.g. contents[2].title; may be empty
	Msg      string // lower case, no final period, offending value quoted
	Severity Severity
	Notes    []Note
}

// Error formats d the way the command line prints it (without notes).
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity != Error {
		b.WriteString(d.Severity.String() + ": ")
	}
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Note adds a note to d and returns d, so notes can be chained at the call.
func (d *Diagnostic) Note(pos Pos, format string, args ...any) *Diagnostic {
	d.Notes = append(d.Notes, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	return d
}

// List collects diagnostics. The zero value is ready to use.
type List []*Diagnostic

// Errorf records an error at pos and returns it so notes can be added.
func (l *List) Errorf(pos Pos, path, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Pos: pos, Path: path, Msg: fmt.Sprintf(format, args...)}
	*l = append(*l, d)
	return d
}

// Warnf records a warning at pos and returns it.
func (l *List) Warnf(pos Pos, path, format string, args ...any) *Diagnostic {
	d := l.Errorf(pos, path, format, args...)
	d.Severity = Warning
	return d
}

// Infof records information at pos (see Info) and returns it.
func (l *List) Infof(pos Pos, path, format string, args ...any) *Diagnostic {
	d := l.Errorf(pos, path, format, args...)
	d.Severity = Info
	return d
}

// Append adds the diagnostics of m to l.
func (l *List) Append(m List) { *l = append(*l, m...) }

// Sort orders l by position, then severity, then message, and drops exact
// duplicates (the same message at the same place), which arise when one
// problem is seen through two paths.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, d := range s {
		if i > 0 {
			p := s[i-1]
			if p.Pos == d.Pos && p.Path == d.Path && p.Msg == d.Msg && p.Severity == d.Severity {
				continue
			}
		}
		out = append(out, d)
	}
	*l = out
}

// Count returns the number of errors and warnings in l; information
// (Info) counts as neither.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Warning:
			warnings++
		case Error:
			errors++
		}
	}
	return errors, warnings
}

// HasErrors reports whether l holds at least one error (warnings do not count).
func (l List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Err returns l as an error if it holds errors, else nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return ErrorList(l)
}

// ErrorList is a List used as an error value.
type ErrorList List

func (e ErrorList) Error() string {
	var b strings.Builder
	for i, d := range e {
		if d.Severity != Error {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
		if i > 20 {
			b.WriteString("\n…")
			break
		}
	}
	return b.String()
}
