// Package edtf reads the dates archivists write and gives each its machine
// forms: the Extended Date/Time Format of the Library of Congress (EDTF,
// level 1, plus the set notation of level 2) and the ISO 8601 date or range
// that EAD's @normal attribute takes.
//
// Parse accepts EDTF ("1929-03-07", "1933-02-04/1933-02-08", "1929-22" for
// summer 1929, "1933?", "1930~", "192X", "[1929-03-07,1929-03-08]") and
// English as it is written in inventories ("March 7 or 8, 1929",
// "February 4-8, 1933", "Summer 1929", "circa 1930", "1929-1940", "1904-",
// "undated"). Impossible dates (30 February), inverted intervals and text it
// cannot read are errors.
package edtf

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind says how the parts of a Date combine.
type Kind int

const (
	// Undated is "undated", "n.d." and the like: no parts.
	Undated Kind = iota
	// Single is one calendar unit: a day, month, season, year or decade.
	Single
	// Interval runs from Parts[0] to Parts[1].
	Interval
	// OneOf is one of the parts, not known which ("March 7 or 8").
	OneOf
	// AllOf is every one of the parts.
	AllOf
)

// A Day is a calendar day used as a bound; the zero Day is unknown.
type Day struct{ Year, Month, Day int }

// IsZero reports whether d is unknown.
func (d Day) IsZero() bool { return d == Day{} }

// Before reports whether d is earlier than e.
func (d Day) Before(e Day) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// A Part is one calendar unit: a day, a month, a season, a year or, with
// unspecified digits, a decade or century. Open and Unknown mark the missing
// end of an interval ("1929/.." and "1929/").
type Part struct {
	Year, Month, Day int // Month and Day are 0 when not given
	Season           int // 21 spring, 22 summer, 23 autumn, 24 winter; 0 if none
	YearMask         int // digits of the year left unspecified: 1 for 192X, 2 for 19XX
	MonthUnspec      bool
	DayUnspec        bool
	Open, Unknown    bool
	Uncertain        bool
	Approximate      bool
}

// A Date is a date as an archivist wrote it, read.
type Date struct {
	Text        string // as written, trimmed
	Kind        Kind
	Parts       []Part
	Uncertain   bool // "?", "probably"
	Approximate bool // "~", "circa"
	Bracketed   bool // written in [ ]: supplied by the cataloguer
	Words       bool // written in words rather than EDTF
}

// Error is a date that cannot be read or cannot exist.
type Error struct {
	Text string
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("date %q: %s", e.Text, e.Msg) }

func errorf(text, format string, args ...any) error {
	return &Error{Text: text, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads s as EDTF or as English and checks that it can exist.
func Parse(s string) (Date, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Date{}, errorf(s, "empty date (write \"undated\" if there is none)")
	}
	if len(text) > 200 {
		return Date{}, errorf(text[:40]+"…", "too long to be a date")
	}
	d, err := parseEDTF(text)
	if err != nil && !looksEDTF(text) {
		var werr error
		d, werr = parseWords(text)
		if werr == nil {
			err = nil
		} else {
			err = werr
		}
	}
	if err != nil {
		return Date{}, hint(text, err)
	}
	d.Text = text
	if err := d.check(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// looksEDTF reports whether s uses only EDTF's characters and starts like a
// date, so that its EDTF error is the useful one to report.
func looksEDTF(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; !(c >= '0' && c <= '9') && c != '[' && c != '{' && c != '.' && c != '/' && c != '-' {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789X?~%/.-[]{},", c) {
			return false
		}
	}
	// Year ranges such as 1929-1940 (or 1929-1940?) are written in words,
	// not EDTF.
	s = strings.TrimRight(s, "?~%")
	if len(s) == 9 && s[4] == '-' && isDigits(s[:4]) && isDigits(s[5:]) {
		return false
	}
	if len(s) == 5 && s[4] == '-' && isDigits(s[:4]) {
		return false
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// daysIn returns the number of days in a month of the proleptic Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var seasonNames = map[int]string{21: "spring", 22: "summer", 23: "autumn", 24: "winter"}

// check rejects parts that cannot exist and intervals that run backwards.
func (d Date) check() error {
	for _, p := range d.Parts {
		if p.Open || p.Unknown {
			continue
		}
		if p.Year < 0 || p.Year > 2999 {
			return errorf(d.Text, "year %d is outside 0–2999, the range EAD dates can hold", p.Year)
		}
		if p.Month != 0 && (p.Month < 1 || p.Month > 12) {
			return errorf(d.Text, "month %d does not exist", p.Month)
		}
		if p.Day != 0 {
			if p.Month == 0 {
				return errorf(d.Text, "a day needs a month")
			}
			if p.Day < 1 || p.Day > daysIn(p.Year, p.Month) {
				return errorf(d.Text, "%s %d has no day %d", monthNames[p.Month], p.Year, p.Day)
			}
		}
	}
	switch d.Kind {
	case Interval:
		a, b := d.Parts[0], d.Parts[1]
		if a.Open || a.Unknown || b.Open || b.Unknown {
			return nil
		}
		if hi(b).Before(lo(a)) {
			return errorf(d.Text, "interval ends (%s) before it starts (%s)", label(b), label(a))
		}
	case OneOf, AllOf:
		for i := 1; i < len(d.Parts); i++ {
			if lo(d.Parts[i]).Before(lo(d.Parts[i-1])) {
				return errorf(d.Text, "set members are not in order (%s before %s)", label(d.Parts[i-1]), label(d.Parts[i]))
			}
		}
	}
	return nil
}

// lo and hi return the first and last day a part covers.
func lo(p Part) Day {
	y := p.Year
	if p.YearMask > 0 {
		m := pow10(p.YearMask)
		y = y / m * m
	}
	switch {
	case p.Season != 0:
		return Day{y, seasonStart(p.Season), 1}
	case p.Month == 0 || p.MonthUnspec:
		return Day{y, 1, 1}
	case p.Day == 0 || p.DayUnspec:
		return Day{y, p.Month, 1}
	}
	return Day{y, p.Month, p.Day}
}

func hi(p Part) Day {
	y := p.Year
	if p.YearMask > 0 {
		m := pow10(p.YearMask)
		y = y/m*m + m - 1
	}
	switch {
	case p.Season != 0:
		ey, em := y, seasonStart(p.Season)+2
		if em > 12 {
			ey, em = y+1, em-12
		}
		return Day{ey, em, daysIn(ey, em)}
	case p.Month == 0 || p.MonthUnspec:
		return Day{y, 12, 31}
	case p.Day == 0 || p.DayUnspec:
		return Day{y, p.Month, daysIn(y, p.Month)}
	}
	return Day{y, p.Month, p.Day}
}

// seasonStart gives the first month of a season, northern hemisphere:
// spring March–May, summer June–August, autumn September–November, winter
// December to February of the next year.
func seasonStart(s int) int {
	return map[int]int{21: 3, 22: 6, 23: 9, 24: 12}[s]
}

func pow10(n int) int {
	v := 1
	for range n {
		v *= 10
	}
	return v
}

// Earliest returns the first day d can mean; zero when undated or open.
func (d Date) Earliest() Day {
	var best Day
	for _, p := range d.Parts {
		if p.Open || p.Unknown {
			continue
		}
		if l := lo(p); best.IsZero() || l.Before(best) {
			best = l
		}
	}
	return best
}

// Latest returns the last day d can mean; zero when undated or open-ended.
func (d Date) Latest() Day {
	var best Day
	for _, p := range d.Parts {
		if p.Open || p.Unknown {
			return Day{}
		}
		if h := hi(p); best.IsZero() || best.Before(h) {
			best = h
		}
	}
	return best
}

// IsUndated reports whether d is "undated".
func (d Date) IsUndated() bool { return d.Kind == Undated }

// Normal returns the ISO 8601 form that EAD's @normal takes: a date
// ("1929-03-07", "1929-03", "1929") or a range of two ("1929-06/1929-08").
// Seasons, decades and sets become the range they cover; the qualifiers
// "uncertain" and "approximate" are carried by Certainty, not here. It
// returns "" for undated and open-ended dates, which @normal cannot express.
func (d Date) Normal() string {
	if d.Kind == Undated {
		return ""
	}
	for _, p := range d.Parts {
		if p.Open || p.Unknown {
			return ""
		}
	}
	first, last := d.Parts[0], d.Parts[len(d.Parts)-1]
	if d.Kind == OneOf || d.Kind == AllOf {
		for _, p := range d.Parts {
			if lo(p).Before(lo(first)) {
				first = p
			}
			if hi(last).Before(hi(p)) {
				last = p
			}
		}
	}
	// ead.xsd's pattern for @normal has four-digit years from -2999 to
	// 2999; a date beyond (the winter of 2999 ends in 3000) has no normal
	// form there, and is written without one.
	for _, d := range []Day{lo(first), hi(last)} {
		if d.Year > 2999 || d.Year < -2999 {
			return ""
		}
	}
	a, b := isoLo(first), isoHi(last)
	if a == b {
		return a
	}
	return a + "/" + b
}

// isoLo and isoHi write the first and last unit of a part at its own precision.
func isoLo(p Part) string { return isoAt(p, lo(p)) }
func isoHi(p Part) string { return isoAt(p, hi(p)) }

func isoAt(p Part, d Day) string {
	var buf [16]byte
	b := appendPadded(buf[:0], d.Year, 4)
	switch {
	case p.YearMask > 0 || p.Month == 0 && p.Season == 0 || p.MonthUnspec:
		return string(b)
	case p.Season != 0 || p.Day == 0 || p.DayUnspec:
		return string(appendPadded(append(b, '-'), d.Month, 2))
	}
	return string(appendPadded(append(appendPadded(append(b, '-'), d.Month, 2), '-'), d.Day, 2))
}

// appendPadded appends n as fmt's %0*d does, width counting the sign:
// every date's @normal is written, so without fmt.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n, width = -n, width-1
	}
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := len(d); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, d...)
}

// Certainty names the qualifier of the whole date for EAD's @certainty:
// "approximate", "uncertain", "inferred" (bracketed) or "".
func (d Date) Certainty() string {
	var q []string
	if d.Approximate {
		q = append(q, "approximate")
	}
	if d.Uncertain {
		q = append(q, "uncertain")
	}
	if d.Bracketed {
		q = append(q, "inferred")
	}
	for _, p := range d.Parts {
		if p.Approximate && !d.Approximate {
			q = append(q, "approximate")
			break
		}
	}
	for _, p := range d.Parts {
		if p.Uncertain && !d.Uncertain {
			q = append(q, "uncertain")
			break
		}
	}
	return strings.Join(q, " ")
}

// EDTF returns d in the Extended Date/Time Format; "" for undated.
func (d Date) EDTF() string {
	var parts []string
	for _, p := range d.Parts {
		parts = append(parts, edtfPart(p))
	}
	var s string
	switch d.Kind {
	case Undated:
		return ""
	case Single:
		s = parts[0]
	case Interval:
		s = parts[0] + "/" + parts[1]
	case OneOf:
		return "[" + strings.Join(parts, ",") + "]" + qual(d.Uncertain, d.Approximate)
	case AllOf:
		return "{" + strings.Join(parts, ",") + "}" + qual(d.Uncertain, d.Approximate)
	}
	if d.Kind == Single {
		return s + qual(d.Uncertain || d.Bracketed, d.Approximate)
	}
	return s
}

func qual(uncertain, approximate bool) string {
	switch {
	case uncertain && approximate:
		return "%"
	case uncertain:
		return "?"
	case approximate:
		return "~"
	}
	return ""
}

func edtfPart(p Part) string {
	if p.Open {
		return ".."
	}
	if p.Unknown {
		return ""
	}
	y := fmt.Sprintf("%04d", p.Year)
	if p.YearMask > 0 {
		y = y[:4-p.YearMask] + strings.Repeat("X", p.YearMask)
	}
	s := y
	switch {
	case p.Season != 0:
		s += fmt.Sprintf("-%02d", p.Season)
	case p.MonthUnspec:
		s += "-XX"
		if p.DayUnspec {
			s += "-XX"
		}
	case p.Month != 0:
		s += fmt.Sprintf("-%02d", p.Month)
		if p.DayUnspec {
			s += "-XX"
		} else if p.Day != 0 {
			s += fmt.Sprintf("-%02d", p.Day)
		}
	}
	return s + qual(p.Uncertain, p.Approximate)
}

// Label returns the date for a reader: as written when it was written in
// words, otherwise in English ("20 January 1929", "7 or 8 March 1929",
// "4–8 February 1933", "summer 1929", "1920s", "undated").
func (d Date) Label() string {
	if d.Words {
		return d.Text
	}
	var s string
	switch d.Kind {
	case Undated:
		return "undated"
	case Single:
		s = label(d.Parts[0])
	case Interval:
		s = labelInterval(d.Parts[0], d.Parts[1])
	case OneOf, AllOf:
		sep := " or "
		if d.Kind == AllOf {
			sep = " and "
		}
		s = labelSet(d.Parts, sep)
	}
	if d.Approximate {
		s = "circa " + s
	}
	if d.Uncertain {
		s += "?"
	}
	if d.Bracketed {
		s = "[" + s + "]"
	}
	return s
}

func label(p Part) string {
	var s string
	switch {
	case p.Open:
		return "open"
	case p.Unknown:
		return "unknown"
	case p.YearMask > 0:
		s = strconv.Itoa(lo(p).Year) + "s"
	case p.Season != 0:
		s = seasonNames[p.Season] + " " + strconv.Itoa(p.Year)
	case p.Month == 0 || p.MonthUnspec:
		s = strconv.Itoa(p.Year)
	case p.Day == 0 || p.DayUnspec:
		s = monthNames[p.Month] + " " + strconv.Itoa(p.Year)
	default:
		s = strconv.Itoa(p.Day) + " " + monthNames[p.Month] + " " + strconv.Itoa(p.Year)
	}
	if p.Approximate {
		s = "circa " + s
	}
	if p.Uncertain {
		s += "?"
	}
	return s
}

func plainDay(p Part) bool {
	return p.Day != 0 && !p.DayUnspec && !p.Uncertain && !p.Approximate && p.YearMask == 0
}

func labelInterval(a, b Part) string {
	switch {
	case a.Unknown && b.Unknown:
		return "unknown"
	case a.Open || a.Unknown:
		return "until " + label(b)
	case b.Open:
		return label(a) + " onwards"
	case b.Unknown:
		return "from " + label(a) + ", end unknown"
	}
	if plainDay(a) && plainDay(b) && a.Year == b.Year {
		if a.Month == b.Month {
			return fmt.Sprintf("%d–%d %s %d", a.Day, b.Day, monthNames[a.Month], a.Year)
		}
		return fmt.Sprintf("%d %s – %d %s %d", a.Day, monthNames[a.Month], b.Day, monthNames[b.Month], b.Year)
	}
	return label(a) + " – " + label(b)
}

func labelSet(ps []Part, sep string) string {
	same := len(ps) > 1
	for _, p := range ps {
		if !plainDay(p) || p.Year != ps[0].Year || p.Month != ps[0].Month {
			same = false
		}
	}
	if same {
		days := make([]string, len(ps))
		for i, p := range ps {
			days[i] = fmt.Sprint(p.Day)
		}
		return strings.Join(days, sep) + " " + monthNames[ps[0].Month] + " " + fmt.Sprint(ps[0].Year)
	}
	ls := make([]string, len(ps))
	for i, p := range ps {
		ls[i] = label(p)
	}
	return strings.Join(ls, sep)
}
