package importer

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/edtf"
)

// normalPart reads one end of a @normal as producers write it: ISO 8601
// extended (1576-09-25, 1576-09, 1576) or basic (15760925, 157609), with
// 00 standing for an unknown month or day.
var normalPart = regexp.MustCompile(`^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$`)

// Other forms of @normal producers write: a range of years with a hyphen
// (1900-1905), and a date with a time of day (1900-01-01T00:00:00, with or
// without a zone), of which fonds keeps the day.
var (
	yearRange = regexp.MustCompile(`^(\d{4})-(\d{4})$`)
	dateTime  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$`)
)

// parseNormal turns a @normal into the EDTF fonds reads: "15771009/15771024"
// gives "1577-10-09/1577-10-24", "1896/1896" gives "1896". ok is false
// when the value cannot be read or names a date that cannot exist.
func parseNormal(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if m := yearRange.FindStringSubmatch(s); m != nil {
		s = m[1] + "/" + m[2] // 1900-1905: a range of years
	}
	parts := strings.Split(s, "/")
	if len(parts) > 2 {
		return "", false
	}
	var out []string
	for _, p := range parts {
		p = dateTime.ReplaceAllString(strings.TrimSpace(p), "$1") // 1900-01-01T00:00:00: the day
		m := normalPart.FindStringSubmatch(p)
		if m == nil {
			return "", false
		}
		v := m[1]
		if m[2] != "" && m[2] != "00" {
			v += "-" + m[2]
			if m[3] != "" && m[3] != "00" {
				v += "-" + m[3]
			}
		}
		out = append(out, v)
	}
	if len(out) == 2 && out[0] == out[1] {
		out = out[:1]
	}
	e := strings.Join(out, "/")
	if _, err := edtf.Parse(e); err != nil {
		return "", false
	}
	return e, true
}

// A readDate is a date of the EAD as fonds will hold it.
type readDate struct {
	date       string // what fonds reads ("" when it cannot read the date)
	expression string // the wording, when fonds would word it otherwise
	typ        string // bulk or inclusive, as the EAD says
	how        string // "normal", "text" or "kept as written"
}

// readEADDate reads a date element: from its @normal when there is a
// readable one, else from its text; the text is kept as the expression
// whenever fonds would word the date differently. A date fonds cannot read
// at all keeps its text alone.
func readEADDate(text, normal string) (readDate, bool) {
	text = norm(text)
	if e, ok := parseNormal(normal); ok {
		d := readDate{date: e, how: "normal"}
		if text != "" && label(e) != text {
			d.expression = text
		}
		return d, true
	}
	if text == "" {
		return readDate{}, false
	}
	for _, c := range readings(text) {
		parsed, err := edtf.Parse(c)
		if err != nil {
			continue
		}
		d := readDate{date: c, how: "text"}
		if parsed.Label() != text {
			// The wording differs from fonds's ("1934." for 1934,
			// "1933-02-04/1933-02-08" which fonds words in English).
			d.expression = text
		}
		return d, true
	}
	return readDate{expression: text, how: "kept as written"}, true
}

// undatedWords are the ways finding aids say "undated", in the languages
// of the producers fonds meets.
var undatedWords = map[string]bool{
	"s.d.": true, "s. d.": true, "sd": true, "s.d": true, "z.d.": true, "z. d.": true, "z.d": true,
	"o.d.": true, "o. d.": true, "o.j.": true, "o. j.": true, "s.a.": true, "s.f.": true, "b.d.": true,
	"sans date": true, "zonder datum": true, "ohne datum": true, "undatiert": true, "non daté": true,
	"non datée": true, "sin fecha": true, "senza data": true, "sine dato": true, "ongedateerd": true,
}

var dayFirst = regexp.MustCompile(`^(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})$`)

// readings returns the forms of a date's text that fonds tries to read,
// in order: as written; without the punctuation catalogues put around and
// after dates ("1934.", "(1588 januari 28)", "[1921-1922]"); "undated"
// for the words that mean it; and day-first numeric dates when they
// cannot be read otherwise (31.12.1921, 19/02/2018).
func readings(text string) []string {
	out := []string{text}
	t := strings.TrimRight(text, ".,;: ")
	for len(t) > 2 && (t[0] == '(' && t[len(t)-1] == ')' || t[0] == '[' && t[len(t)-1] == ']') {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if t != text && t != "" {
		out = append(out, t)
	}
	if undatedWords[strings.ToLower(strings.TrimSpace(text))] || undatedWords[strings.ToLower(t)] {
		out = append(out, "undated")
	}
	if m := dayFirst.FindStringSubmatch(t); m != nil && m[2] == m[4] {
		day, month := atoi(m[1]), atoi(m[3])
		// Dotted dates are day-first everywhere; with / or - only a day
		// above 12 says so.
		if m[2] == "." || day > 12 {
			out = append(out, fmt.Sprintf("%s-%02d-%02d", m[5], month, day))
		}
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func label(e string) string {
	d, err := edtf.Parse(e)
	if err != nil {
		return ""
	}
	return d.Label()
}

// yaml writes the date as a source value: the date alone, or a mapping
// with its expression and type.
func (d readDate) yaml() *yaml.Node {
	if d.expression == "" && d.typ == "" {
		return str(d.date)
	}
	m := newMapping()
	m.str("date", d.date)
	m.str("expression", d.expression)
	m.str("type", d.typ)
	return m.n
}

// Words producers write in @certainty, by the EDTF qualifier they mean.
var certaintyWords = map[string]string{
	"approximate": "~", "approximately": "~", "circa": "~", "ca": "~", "ca.": "~", "about": "~",
	"uncertain": "?", "questionable": "?", "probable": "?", "probably": "?", "possible": "?", "unsure": "?",
	"inferred": "[]", "supplied": "[]",
}

// qualify adds the qualifier a unitdate's @certainty names to the date
// read: circa (~), uncertain (?), or inferred ([…], as the inventory
// brackets a date the cataloguer supplied). It reports false when the
// word is not one fonds knows or the date cannot take it. text is the
// date's wording, which is kept as its expression only when fonds would
// word the qualified date otherwise.
func (d *readDate) qualify(certainty, text string) bool {
	q, ok := certaintyWords[strings.ToLower(strings.TrimSpace(certainty))]
	if !ok || d.date == "" || d.date == "undated" {
		return false
	}
	var e string
	if q == "[]" {
		e = "[" + d.date + "]"
	} else {
		parts := strings.Split(d.date, "/")
		for i, p := range parts {
			switch {
			case p == "" || p == "..":
			case strings.HasSuffix(p, q):
			case strings.HasSuffix(p, "?") || strings.HasSuffix(p, "~"):
				parts[i] = p[:len(p)-1] + "%"
			default:
				parts[i] = p + q
			}
		}
		e = strings.Join(parts, "/")
	}
	parsed, err := edtf.Parse(e)
	if err != nil || parsed.Certainty() == "" {
		return false
	}
	d.date = e
	d.expression = ""
	if t := norm(text); t != "" && parsed.Label() != t {
		d.expression = t
	}
	return true
}
