package edtf

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Two forms of date that fonds cannot read are common enough to deserve
// an error that says how to write them: day, month and year separated by
// slashes or dots (02/07/1932, 2.7.1932), and a month named in another
// language than English (3 mars 1933, März 1933).

var (
	numericDate = regexp.MustCompile(`^(\d{1,2})([/.])(\d{1,2})[/.](\d{4})$`)
	dayDot      = regexp.MustCompile(`\b(\d{1,2})\.\s`)
)

// hint returns the error to report for text, which Parse could not read
// (err): one with advice where the text has one of those forms, else err.
func hint(text string, err error) error {
	if m := numericDate.FindStringSubmatch(text); m != nil {
		if h := numericHint(m); h != "" {
			return errorf(text, "%s", h)
		}
	}
	if h := monthHint(text); h != "" {
		return errorf(text, "%s", h)
	}
	return err
}

// numericHint reads a, b and the year of "a/b/year" both ways.
func numericHint(m []string) string {
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	year, _ := strconv.Atoi(m[4])
	valid := func(day, month int) bool { return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) }
	iso := func(day, month int) string { return fmt.Sprintf("%04d-%02d-%02d", year, month, day) }
	words := func(day, month int) string { return fmt.Sprintf("%d %s %d", day, monthNames[month], year) }
	why := "numeric dates are read as EDTF, year first (YYYY-MM-DD)"
	if m[2] == "/" {
		why = "numeric dates are read as EDTF, year first, where \"/\" separates the two ends of an interval"
	}
	dmy, mdy := valid(a, b), valid(b, a)
	switch {
	case dmy && mdy && a != b:
		return fmt.Sprintf("read as day/month/year this is %s: write %s (or %s if the month comes first); %s", words(a, b), iso(a, b), iso(b, a), why)
	case dmy:
		return fmt.Sprintf("read as day/month/year this is %s: write %s; %s", words(a, b), iso(a, b), why)
	case mdy:
		return fmt.Sprintf("read as month/day/year this is %s: write %s; %s", words(b, a), iso(b, a), why)
	}
	return ""
}

// monthHint finds the words of text that name a month in another
// language, and reads text with English names instead.
func monthHint(text string) string {
	var word string
	month := 0
	english := text
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if m, ok := foreignMonths[strings.ToLower(w)]; ok {
			if month == 0 {
				word, month = w, m
			}
			english = strings.Replace(english, w, monthNames[m], 1)
		}
	}
	if month == 0 {
		return ""
	}
	english = dayDot.ReplaceAllString(english, "$1 ") // German: 12. März 1934
	if d, err := Parse(english); err == nil {
		return fmt.Sprintf("%q is not an English month name; fonds reads dates in English or EDTF: write %s, or {date: %s, expression: %q} to keep the wording",
			word, d.EDTF(), d.EDTF(), text)
	}
	return fmt.Sprintf("%q is not an English month name (%s?); fonds reads dates in English or EDTF: write the date so, and keep the wording with {date: …, expression: %q}",
		word, monthNames[month], text)
}

// foreignMonths are the names of the months, and their usual
// abbreviations, in the languages of the archives fonds has met, where
// they differ from English: French, German, Dutch, Spanish, Italian,
// Portuguese, the Scandinavian languages, Polish and Russian (with the
// genitive that dates use).
var foreignMonths = map[string]int{}

func init() {
	names := [13]string{1: "janvier janv jänner januar januari enero gennaio janeiro stycznia styczeń январь января янв",
		2:  "février fevrier févr fevr februar februari febrero febbraio fevereiro lutego luty февраль февраля фев",
		3:  "mars märz maerz maart marzo março marco marca marzec март марта",
		4:  "avril avr abril aprile kwietnia kwiecień апрель апреля апр",
		5:  "mai mei mayo maggio maio maj maja май мая",
		6:  "juin juni junio giugno junho czerwca czerwiec июнь июня",
		7:  "juillet juil juli julio luglio julho lipca lipiec июль июля",
		8:  "août aout augustus agosto augusti sierpnia sierpień август августа авг",
		9:  "septembre septiembre setiembre settembre setembro września wrzesień сентябрь сентября сен",
		10: "octobre oktober octubre ottobre outubro października październik октябрь октября окт",
		11: "novembre noviembre novembro listopada listopad ноябрь ноября ноя",
		12: "décembre decembre déc dezember diciembre dicembre dezembro desember grudnia grudzień декабрь декабря дек"}
	for month, list := range names {
		for _, w := range strings.Fields(list) {
			foreignMonths[w] = month
		}
	}
}
