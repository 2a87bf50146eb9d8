package edtf

import (
	"strconv"
	"strings"
)

// parseEDTF reads the EDTF forms fonds supports: level 0 and 1 dates and
// intervals, and the level 2 sets [a,b] (one of) and {a,b} (all of).
func parseEDTF(s string) (Date, error) {
	if s == "" {
		return Date{}, errorf(s, "empty date")
	}
	if s[0] == '[' || s[0] == '{' {
		return parseSet(s)
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		a, b := s[:i], s[i+1:]
		if strings.ContainsRune(b, '/') {
			return Date{}, errorf(s, "an interval has one \"/\"")
		}
		pa, err := parseEnd(s, a)
		if err != nil {
			return Date{}, err
		}
		pb, err := parseEnd(s, b)
		if err != nil {
			return Date{}, err
		}
		if pa.Unknown && pb.Unknown || pa.Open && pb.Open {
			return Date{}, errorf(s, "an interval needs at least one known end")
		}
		return Date{Kind: Interval, Parts: []Part{pa, pb}}, nil
	}
	p, err := parsePart(s, s)
	if err != nil {
		return Date{}, err
	}
	d := Date{Kind: Single, Parts: []Part{p}}
	// A qualifier on a single date qualifies the date as a whole.
	d.Uncertain, d.Approximate = p.Uncertain, p.Approximate
	d.Parts[0].Uncertain, d.Parts[0].Approximate = false, false
	return d, nil
}

func parseEnd(whole, s string) (Part, error) {
	switch s {
	case "":
		return Part{Unknown: true}, nil
	case "..":
		return Part{Open: true}, nil
	}
	return parsePart(whole, s)
}

func parseSet(s string) (Date, error) {
	open, close := s[0], byte(']')
	kind := OneOf
	if open == '{' {
		close, kind = '}', AllOf
	}
	// A qualifier after the set qualifies the set as a whole, as EDTF()
	// writes it: [1929-03-07,1929-03-08]? is an uncertain choice.
	body := s
	var uncertain, approximate bool
	switch s[len(s)-1] {
	case '?':
		uncertain = true
	case '~':
		approximate = true
	case '%':
		uncertain, approximate = true, true
	}
	if uncertain || approximate {
		body = s[:len(s)-1]
	}
	if len(body) < 2 || body[len(body)-1] != close {
		return Date{}, errorf(s, "set opened with %q is not closed with %q", open, close)
	}
	inner := body[1 : len(body)-1]
	if strings.TrimSpace(inner) == "" {
		return Date{}, errorf(s, "empty set")
	}
	if kind == OneOf && !strings.ContainsAny(inner, ",.") {
		// [1933]: the archival convention for a date supplied by the
		// cataloguer, not a set of one.
		p, err := parsePart(s, strings.TrimSpace(inner))
		if err != nil {
			return Date{}, err
		}
		// As on any single date, a qualifier inside the brackets
		// qualifies the date as a whole: [1933?] is one uncertain date.
		d := Date{Kind: Single, Parts: []Part{p}, Bracketed: true, Uncertain: p.Uncertain || uncertain, Approximate: p.Approximate || approximate}
		d.Parts[0].Uncertain, d.Parts[0].Approximate = false, false
		return d, nil
	}
	d := Date{Kind: kind, Uncertain: uncertain, Approximate: approximate}
	for _, m := range strings.Split(inner, ",") {
		m = strings.TrimSpace(m)
		if strings.Contains(m, "..") {
			return Date{}, errorf(s, "ranges inside sets are not supported; write an interval such as 1929/1931")
		}
		p, err := parsePart(s, m)
		if err != nil {
			return Date{}, err
		}
		d.Parts = append(d.Parts, p)
	}
	return d, nil
}

// parsePart reads YYYY[-MM[-DD]] with unspecified digits (X) and a final
// qualifier (?, ~ or %). whole is the full text, for error messages.
func parsePart(whole, s string) (Part, error) {
	var p Part
	switch {
	case strings.HasSuffix(s, "%"):
		p.Uncertain, p.Approximate = true, true
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "?"):
		p.Uncertain = true
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "~"):
		p.Approximate = true
		s = s[:len(s)-1]
	}
	if strings.HasPrefix(s, "-") {
		return p, errorf(whole, "years before the common era are not supported")
	}
	if strings.HasPrefix(s, "Y") {
		return p, errorf(whole, "years beyond 9999 are not supported")
	}
	fields := strings.Split(s, "-")
	if len(fields) > 3 {
		return p, errorf(whole, "expected YYYY, YYYY-MM or YYYY-MM-DD")
	}
	y := fields[0]
	if len(y) != 4 {
		return p, errorf(whole, "a year has four digits, got %q", y)
	}
	for i := 0; i < 4; i++ {
		c := y[i]
		switch {
		case c == 'X':
			if p.YearMask == 0 {
				p.YearMask = 4 - i
			}
		case c >= '0' && c <= '9':
			if p.YearMask > 0 {
				return p, errorf(whole, "only the last digits of a year can be unspecified (X)")
			}
		default:
			return p, errorf(whole, "a year has four digits, got %q", y)
		}
	}
	if p.YearMask > 2 {
		return p, errorf(whole, "a year needs at least its first two digits")
	}
	p.Year, _ = strconv.Atoi(strings.ReplaceAll(y, "X", "0"))
	if len(fields) == 1 {
		return p, nil
	}
	if p.YearMask > 0 {
		return p, errorf(whole, "a year with unspecified digits cannot have a month")
	}
	m := fields[1]
	switch {
	case m == "XX":
		p.MonthUnspec = true
	case len(m) == 2 && isDigits(m):
		v, _ := strconv.Atoi(m)
		switch {
		case v >= 1 && v <= 12:
			p.Month = v
		case v >= 21 && v <= 24:
			p.Season = v
		default:
			return p, errorf(whole, "month %d does not exist (seasons are 21 spring, 22 summer, 23 autumn, 24 winter)", v)
		}
	default:
		return p, errorf(whole, "a month has two digits, got %q", m)
	}
	if len(fields) == 2 {
		return p, nil
	}
	if p.Season != 0 {
		return p, errorf(whole, "a season cannot have a day")
	}
	dd := fields[2]
	switch {
	case dd == "XX":
		p.DayUnspec = true
		if !p.MonthUnspec && p.Month == 0 {
			return p, errorf(whole, "a day needs a month")
		}
	case len(dd) == 2 && isDigits(dd):
		if p.MonthUnspec {
			return p, errorf(whole, "a known day needs a known month")
		}
		p.Day, _ = strconv.Atoi(dd)
		if p.Day == 0 {
			return p, errorf(whole, "day 0 does not exist")
		}
	default:
		return p, errorf(whole, "a day has two digits, got %q", dd)
	}
	return p, nil
}
