package source

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats accepted by Write.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
)

// Write prints l in the given format: "text" (one line per problem, notes
// indented, then a count), "json" (an array of objects, for tools) or
// "github" (GitHub Actions workflow commands, which annotate the pull
// request). l should be sorted.
func Write(w io.Writer, l List, format string) error {
	switch format {
	case FormatText, "":
		return writeText(w, l)
	case FormatJSON:
		return writeJSON(w, l)
	case FormatGitHub:
		return writeGitHub(w, l)
	}
	return fmt.Errorf("unknown format %q (want text, json or github)", format)
}

func writeText(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Error())
		b.WriteByte('\n')
		for _, n := range d.Notes {
			fmt.Fprintf(&b, "\t%s: %s\n", n.Pos, n.Msg)
		}
	}
	if e, wn := l.Count(); e+wn > 0 {
		b.WriteString(Summary(l))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary counts the errors and warnings of l in words: "2 errors, 1 warning".
func Summary(l List) string {
	e, w := l.Count()
	var parts []string
	if e > 0 || w == 0 {
		parts = append(parts, plural(e, "error"))
	}
	if w > 0 {
		parts = append(parts, plural(w, "warning"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// JSONNote is a note in the JSON form of diagnostics.
type JSONNote struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONDiagnostic is a diagnostic in the JSON form that --format=json prints.
type JSONDiagnostic struct {
	File     string     `json:"file"`
	Line     int        `json:"line"`
	Column   int        `json:"column"`
	Path     string     `json:"path,omitempty"`
	Severity string     `json:"severity"`
	Message  string     `json:"message"`
	Notes    []JSONNote `json:"notes,omitempty"`
}

func writeJSON(w io.Writer, l List) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(JSONList(l))
}

// JSONList converts l to its JSON form.
func JSONList(l List) []JSONDiagnostic {
	out := make([]JSONDiagnostic, 0, len(l))
	for _, d := range l {
		j := JSONDiagnostic{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col, Path: d.Path,
			Severity: d.Severity.String(), Message: d.Msg}
		for _, n := range d.Notes {
			j.Notes = append(j.Notes, JSONNote{n.Pos.File, n.Pos.Line, n.Pos.Col, n.Msg})
		}
		out = append(out, j)
	}
	return out
}

// githubEscape escapes a value for a workflow command, as the Actions
// toolkit does: %, CR and LF in messages; also : and , in properties.
func githubEscape(s string, property bool) string {
	s = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
	if property {
		s = strings.NewReplacer(":", "%3A", ",", "%2C").Replace(s)
	}
	return s
}

func writeGitHub(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		kind := "error"
		if d.Severity == Warning {
			kind = "warning"
		}
		msg := d.Msg
		if d.Path != "" {
			msg = d.Path + ": " + msg
		}
		for _, n := range d.Notes {
			msg += "\n" + n.Pos.String() + ": " + n.Msg
		}
		fmt.Fprintf(&b, "::%s file=%s", kind, githubEscape(d.Pos.File, true))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
		}
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
		}
		fmt.Fprintf(&b, "::%s\n", githubEscape(msg, false))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
