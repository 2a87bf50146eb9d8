package source

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
// request). l should be sorted. Text and github print at most MaxPerKind
// diagnostics of a kind, and escape what the sources wrote, so that no
// value can add a line (Printable, githubEscape); json lists every one,
// escaped by encoding/json.
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

// MaxPerKind is how many diagnostics of one kind the text and github
// formats print; the others are counted in one line, as compilers do, so
// that one mistake repeated 200,000 times does not bury everything else.
// The json format lists every one.
const MaxPerKind = 10

// kind is what diagnostics of one kind share: their severity and their
// message with its numbers and quoted values left out.
func kind(d *Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Severity.String())
	b.WriteByte(':')
	msg := d.Msg
	for i := 0; i < len(msg); i++ {
		switch c := msg[i]; {
		case c >= '0' && c <= '9':
			for i+1 < len(msg) && msg[i+1] >= '0' && msg[i+1] <= '9' {
				i++
			}
			b.WriteByte('#')
		case c == '"':
			for i++; i < len(msg) && msg[i] != '"'; i++ {
				if msg[i] == '\\' {
					i++
				}
			}
			b.WriteString(`"…"`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// capped calls show for each diagnostic of l to print, and more after the
// last one printed of a kind that has more, with how many were left out.
func capped(l List, show func(d *Diagnostic), more func(n int)) {
	kinds := make([]string, len(l))
	total := map[string]int{}
	for i, d := range l {
		kinds[i] = kind(d)
		total[kinds[i]]++
	}
	shown := map[string]int{}
	for i, d := range l {
		k := kinds[i]
		if shown[k] == MaxPerKind {
			continue
		}
		shown[k]++
		show(d)
		if shown[k] == MaxPerKind && total[k] > MaxPerKind {
			more(total[k] - MaxPerKind)
		}
	}
}

// moreLine says how many diagnostics like the one above were left out.
func moreLine(n int) string {
	return fmt.Sprintf("… and %s more like this (--format=json lists every one)", thousands(n))
}

// thousands writes n with commas between groups of three digits: 199,990.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func writeText(w io.Writer, l List) error {
	var b strings.Builder
	capped(l, func(d *Diagnostic) {
		b.WriteString(Printable(d.Error()))
		b.WriteByte('\n')
		for _, n := range d.Notes {
			fmt.Fprintf(&b, "\t%s: %s\n", Printable(n.Pos.String()), Printable(n.Msg))
		}
	}, func(n int) {
		b.WriteString(moreLine(n))
		b.WriteByte('\n')
	})
	if e, wn := l.Count(); e+wn > 0 {
		b.WriteString(Summary(l))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Printable is s with every character that could start a new line or
// steer a terminal written as an escape: control characters (\n, \r, ESC
// and the rest of C0 and C1), DEL, the Unicode line and paragraph
// separators and the bidirectional controls, which can make text read
// otherwise than it is. A key, a file name or a title holding a line break
// then stays on its line: it cannot pass for a diagnostic of its own, or
// for a workflow command in a CI log.
func Printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unprintable(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029 ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
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
	capped(l, func(d *Diagnostic) {
		kind := "error"
		switch d.Severity {
		case Warning:
			kind = "warning"
		case Info:
			kind = "notice"
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
	}, func(n int) {
		b.WriteString(moreLine(n))
		b.WriteByte('\n')
	})
	_, err := io.WriteString(w, b.String())
	return err
}
