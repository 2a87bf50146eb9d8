package edtf

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
)

// The English forms archivists write, read by parseWords:
//
//	undated, n.d., s.d., no date
//	1929 · March 1929 · March 7, 1929 · 7 March 1929 · Summer 1929 · 1930s
//	March 7 or 8, 1929 · 7 or 8 March 1929 · 1929 or 1930
//	February 4-8, 1933 · 4-8 February 1933 · July 17 - July 24, 1933
//	1929-1940 · 1929 to 1940 · 1904- (open end)
//	circa 1930, c. 1930, ca. 1930, about 1930 (approximate)
//	probably 1933, 1933? (uncertain) · [1933] (supplied by the cataloguer)
type token struct {
	kind  tokKind
	val   int
	text  string
	width int // digits in a number
}

type tokKind int

const (
	tNum tokKind = iota
	tMonth
	tSeason
	tDash // -, to, until
	tOr
	tAnd
)

var monthWords = map[string]int{}

func init() {
	for i, n := range monthNames[1:] {
		l := strings.ToLower(n)
		monthWords[l] = i + 1
		monthWords[l[:3]] = i + 1
	}
	monthWords["sept"] = 9
}

var seasonWords = map[string]int{"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

var undatedWords = map[string]bool{"undated": true, "n.d.": true, "n.d": true, "nd": true, "s.d.": true,
	"s.d": true, "no date": true, "not dated": true, "without date": true, "date unknown": true}

// openEnd reads the known end of "until 1940" or "1933-01 onwards": rest,
// one date in words or in EDTF ("until 1940-05-01": those hyphens are no
// dash). A range there is an error, or, when rangeOK ("from 1930 to
// 1940"), not ok: the caller reads it as an interval.
func openEnd(text, rest string, rangeOK bool) (a Part, ok bool, err error) {
	if e, err := parseEDTF(rest); err == nil && e.Kind == Single {
		return e.Parts[0], true, nil
	}
	toks, err := tokenize(text, rest)
	if err != nil {
		return Part{}, false, err
	}
	for _, t := range toks {
		if t.kind == tDash || t.kind == tOr || t.kind == tAnd {
			if rangeOK {
				return Part{}, false, nil
			}
			return Part{}, false, errConnective
		}
	}
	a, err = fields(text, toks)
	return a, err == nil, err
}

var errConnective = errors.New("a range after an open-ended word")

func parseWords(text string) (Date, error) {
	var d Date
	d.Words = true
	s := strings.TrimSpace(text)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		d.Bracketed = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	low := strings.ToLower(s)
	if undatedWords[low] {
		d.Kind = Undated
		return d, nil
	}
	if strings.HasSuffix(low, "?") {
		d.Uncertain = true
		low = strings.TrimSpace(strings.TrimSuffix(low, "?"))
	}
	for _, w := range []string{"circa ", "ca. ", "ca ", "c. ", "c ", "about ", "approximately ", "approx. "} {
		if strings.HasPrefix(low, w) {
			d.Approximate = true
			low = strings.TrimSpace(low[len(w):])
			break
		}
	}
	for _, w := range []string{"probably ", "possibly ", "presumably ", "perhaps "} {
		if strings.HasPrefix(low, w) {
			d.Uncertain = true
			low = strings.TrimSpace(low[len(w):])
			break
		}
	}
	// "until 1940", "since 1933", "1933 onwards": intervals with one open end.
	for _, w := range []struct {
		prefix, suffix string
		openStart      bool
	}{
		{"until ", "", true}, {"till ", "", true}, {"up to ", "", true}, {"before ", "", true},
		{"since ", "", false}, {"after ", "", false}, {"from ", "", false}, {"", " onwards", false}, {"", " and after", false},
	} {
		if w.prefix != "" && !strings.HasPrefix(low, w.prefix) || w.suffix != "" && !strings.HasSuffix(low, w.suffix) {
			continue
		}
		rest := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(low, w.prefix), w.suffix))
		a, ok, err := openEnd(text, rest, w.prefix == "from ")
		if errors.Is(err, errConnective) {
			return Date{}, errorf(text, "%q opens a range with one end; write a range with two as 1930-1940", strings.TrimSpace(w.prefix+w.suffix))
		}
		if err != nil {
			return Date{}, err
		}
		if !ok {
			low = rest // "from 1930 to 1940": an interval, read below
			break
		}
		if a.Year == 0 {
			return Date{}, errorf(text, "no year in %q", text)
		}
		d.Kind, d.Parts = Interval, []Part{a, {Open: true}}
		if w.openStart {
			d.Parts = []Part{{Open: true}, a}
		}
		return d, nil
	}
	toks, err := tokenize(text, low)
	if err != nil {
		return Date{}, err
	}
	if len(toks) == 0 {
		return Date{}, errorf(text, "no date in it")
	}
	// Split at the first connective: "or", "and", or a dash.
	for i, t := range toks {
		if t.kind != tDash && t.kind != tOr && t.kind != tAnd {
			continue
		}
		left, right := toks[:i], toks[i+1:]
		if t.kind == tDash && len(right) == 0 {
			a, err := fields(text, left)
			if err != nil {
				return Date{}, err
			}
			if a.Year == 0 {
				return Date{}, errorf(text, "an open range needs a year")
			}
			d.Kind, d.Parts = Interval, []Part{a, {Open: true}}
			return d, nil
		}
		a, err := fields(text, left)
		if err != nil {
			return Date{}, err
		}
		b, err := fields(text, right)
		if err != nil {
			return Date{}, err
		}
		// The right side usually carries the year, and sometimes the month
		// ("March 7 or 8, 1929"), for both sides.
		if b.Day != 0 && b.Month == 0 {
			if a.Month == 0 {
				return Date{}, errorf(text, "cannot tell the month of %q", text)
			}
			b.Month = a.Month
		}
		if a.Day != 0 && a.Month == 0 {
			a.Month = b.Month
		}
		if a.Year == 0 {
			a.Year = b.Year
		}
		if b.Year == 0 {
			b.Year = a.Year
		}
		if a.Year == 0 {
			return Date{}, errorf(text, "no year in %q", text)
		}
		d.Parts = []Part{a, b}
		switch t.kind {
		case tDash:
			d.Kind = Interval
		case tOr:
			d.Kind = OneOf
		case tAnd:
			d.Kind = AllOf
		}
		return d, nil
	}
	p, err := fields(text, toks)
	if err != nil {
		return Date{}, err
	}
	if p.Day != 0 && p.Month == 0 {
		return Date{}, errorf(text, "a day needs a month")
	}
	if p.Year == 0 {
		return Date{}, errorf(text, "no year in %q", text)
	}
	d.Kind, d.Parts = Single, []Part{p}
	return d, nil
}

func tokenize(text, s string) ([]token, error) {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r) || r == ',':
			i++
		case r == '-' || r == '–' || r == '—':
			toks = append(toks, token{kind: tDash, text: "-"})
			i++
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			num := string(rs[i:j])
			v, _ := strconv.Atoi(num)
			t := token{kind: tNum, val: v, text: num, width: j - i}
			// ordinals (7th) and decades (1930s)
			k := j
			for k < len(rs) && unicode.IsLetter(rs[k]) {
				k++
			}
			switch suf := string(rs[j:k]); suf {
			case "", "st", "nd", "rd", "th":
			case "s":
				if t.width != 4 || v%10 != 0 {
					return nil, errorf(text, "%q is not a decade", num+suf)
				}
				t.width = -1 // decade marker
			default:
				return nil, errorf(text, "cannot read %q", num+suf)
			}
			toks = append(toks, t)
			i = k
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '.') {
				j++
			}
			w := strings.TrimSuffix(string(rs[i:j]), ".")
			i = j
			switch {
			case monthWords[w] != 0:
				toks = append(toks, token{kind: tMonth, val: monthWords[w], text: w})
			case seasonWords[w] != 0:
				toks = append(toks, token{kind: tSeason, val: seasonWords[w], text: w})
			case w == "or":
				toks = append(toks, token{kind: tOr, text: w})
			case w == "and" || w == "&":
				toks = append(toks, token{kind: tAnd, text: w})
			case w == "to" || w == "until" || w == "till":
				toks = append(toks, token{kind: tDash, text: w})
			case w == "of" || w == "the":
			default:
				return nil, errorf(text, "cannot read %q as part of a date", w)
			}
		default:
			return nil, errorf(text, "cannot read %q as part of a date", string(r))
		}
	}
	return toks, nil
}

// fields reads one side of a date in words: any of year, month or season,
// and day, in the orders English uses.
func fields(text string, toks []token) (Part, error) {
	var p Part
	for _, t := range toks {
		switch t.kind {
		case tMonth:
			if p.Month != 0 || p.Season != 0 {
				return p, errorf(text, "two months in %q", text)
			}
			p.Month = t.val
		case tSeason:
			if p.Month != 0 || p.Season != 0 {
				return p, errorf(text, "two months in %q", text)
			}
			p.Season = t.val
		case tNum:
			switch {
			case t.width == -1:
				if p.Year != 0 {
					return p, errorf(text, "two years in %q", text)
				}
				p.Year, p.YearMask = t.val, 1
			case t.width >= 3:
				if p.Year != 0 {
					return p, errorf(text, "two years in %q", text)
				}
				p.Year = t.val
			default:
				if p.Day != 0 {
					return p, errorf(text, "two days in %q", text)
				}
				if t.val < 1 || t.val > 31 {
					return p, errorf(text, "day %d does not exist", t.val)
				}
				p.Day = t.val
			}
		default:
			return p, errorf(text, "cannot read %q", text)
		}
	}
	if p.Season != 0 && p.Day != 0 {
		return p, errorf(text, "a season cannot have a day")
	}
	if p.YearMask > 0 && (p.Month != 0 || p.Season != 0 || p.Day != 0) {
		return p, errorf(text, "a decade cannot have a month or day")
	}
	if p.Year == 0 && p.Month == 0 && p.Season == 0 && p.Day == 0 {
		return p, errorf(text, "cannot read %q", text)
	}
	return p, nil
}
