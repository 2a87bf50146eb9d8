package edtf

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, normal, edtf, label, certainty string
	}{
		{"1929-01-20", "1929-01-20", "1929-01-20", "20 January 1929", ""},
		{"1929-03", "1929-03", "1929-03", "March 1929", ""},
		{"1929", "1929", "1929", "1929", ""},
		{"1933-02-04/1933-02-08", "1933-02-04/1933-02-08", "1933-02-04/1933-02-08", "4–8 February 1933", ""},
		{"1936-08-19/1936-08-24", "1936-08-19/1936-08-24", "1936-08-19/1936-08-24", "19–24 August 1936", ""},
		{"[1929-03-07,1929-03-08]", "1929-03-07/1929-03-08", "[1929-03-07,1929-03-08]", "7 or 8 March 1929", ""},
		{"{1929-03-07,1929-03-09}", "1929-03-07/1929-03-09", "{1929-03-07,1929-03-09}", "7 and 9 March 1929", ""},
		{"1929-22", "1929-06/1929-08", "1929-22", "summer 1929", ""},
		{"1931-23", "1931-09/1931-11", "1931-23", "autumn 1931", ""},
		{"1929-24", "1929-12/1930-02", "1929-24", "winter 1929", ""},
		{"1933?", "1933", "1933?", "1933?", "uncertain"},
		{"1930~", "1930", "1930~", "circa 1930", "approximate"},
		{"1930%", "1930", "1930%", "circa 1930?", "approximate uncertain"},
		{"192X", "1920/1929", "192X", "1920s", ""},
		{"19XX", "1900/1999", "19XX", "1900s", ""},
		{"1929-XX", "1929", "1929-XX", "1929", ""},
		{"1929-03-XX", "1929-03", "1929-03-XX", "March 1929", ""},
		{"1929/..", "", "1929/..", "1929 onwards", ""},
		{"/1940", "", "/1940", "until 1940", ""},
		{"1984?/2004~", "1984/2004", "1984?/2004~", "1984? – circa 2004", "approximate uncertain"},
		{"2000-02-29", "2000-02-29", "2000-02-29", "29 February 2000", ""},
		// English as archivists write it.
		{"March 7 or 8, 1929", "1929-03-07/1929-03-08", "[1929-03-07,1929-03-08]", "March 7 or 8, 1929", ""},
		{"7 or 8 March 1929", "1929-03-07/1929-03-08", "[1929-03-07,1929-03-08]", "7 or 8 March 1929", ""},
		{"January 20, 1929", "1929-01-20", "1929-01-20", "January 20, 1929", ""},
		{"20 January 1929", "1929-01-20", "1929-01-20", "20 January 1929", ""},
		{"Jan. 20th, 1929", "1929-01-20", "1929-01-20", "Jan. 20th, 1929", ""},
		{"February 4-8, 1933", "1933-02-04/1933-02-08", "1933-02-04/1933-02-08", "February 4-8, 1933", ""},
		{"4–8 February 1933", "1933-02-04/1933-02-08", "1933-02-04/1933-02-08", "4–8 February 1933", ""},
		{"July 17 - July 24, 1933", "1933-07-17/1933-07-24", "1933-07-17/1933-07-24", "July 17 - July 24, 1933", ""},
		{"Summer 1929", "1929-06/1929-08", "1929-22", "Summer 1929", ""},
		{"Autumn 1931", "1931-09/1931-11", "1931-23", "Autumn 1931", ""},
		{"fall 1931", "1931-09/1931-11", "1931-23", "fall 1931", ""},
		{"November 1930", "1930-11", "1930-11", "November 1930", ""},
		{"1929-1940", "1929/1940", "1929/1940", "1929-1940", ""},
		{"1929 to 1940", "1929/1940", "1929/1940", "1929 to 1940", ""},
		{"1904-", "", "1904/..", "1904-", ""},
		{"1930s", "1930/1939", "193X", "1930s", ""},
		{"circa 1930", "1930", "1930~", "circa 1930", "approximate"},
		{"c. 1930", "1930", "1930~", "c. 1930", "approximate"},
		{"probably 1933", "1933", "1933?", "probably 1933", "uncertain"},
		{"[1933]", "1933", "1933?", "[1933]", "inferred"},
		{"[1933-02]", "1933-02", "1933-02?", "[February 1933]", "inferred"},
		{"1929 or 1930", "1929/1930", "[1929,1930]", "1929 or 1930", ""},
		{"undated", "", "", "undated", ""},
		{"n.d.", "", "", "n.d.", ""},
		{"until 1940", "", "../1940", "until 1940", ""},
		{"since 1933", "", "1933/..", "since 1933", ""},
		{"1933 onwards", "", "1933/..", "1933 onwards", ""},
		{"until 1940-05-01", "", "../1940-05-01", "until 1940-05-01", ""},
		{"since 1933-01-30", "", "1933-01-30/..", "since 1933-01-30", ""},
		{"1933-01 onwards", "", "1933-01/..", "1933-01 onwards", ""},
		{"before May 1940", "", "../1940-05", "before May 1940", ""},
		{"from 1930 to 1940", "1930/1940", "1930/1940", "from 1930 to 1940", ""},
		{"December 1929 - February 1930", "1929-12/1930-02", "1929-12/1930-02", "December 1929 - February 1930", ""},
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := d.Normal(); got != tt.normal {
			t.Errorf("Parse(%q).Normal() = %q, want %q", tt.in, got, tt.normal)
		}
		if got := d.EDTF(); got != tt.edtf {
			t.Errorf("Parse(%q).EDTF() = %q, want %q", tt.in, got, tt.edtf)
		}
		if got := d.Label(); got != tt.label {
			t.Errorf("Parse(%q).Label() = %q, want %q", tt.in, got, tt.label)
		}
		if got := d.Certainty(); got != tt.certainty {
			t.Errorf("Parse(%q).Certainty() = %q, want %q", tt.in, got, tt.certainty)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "empty date"},
		{"1933-02-30", "February 1933 has no day 30"},
		{"1933-02-29", "February 1933 has no day 29"},
		{"1900-02-29", "February 1900 has no day 29"},
		{"1933-13", "month 13 does not exist"},
		{"1933-00-10", "month 0 does not exist"},
		{"1933-02-08/1933-02-04", "interval ends (4 February 1933) before it starts (8 February 1933)"},
		{"1940-1929", "interval ends (1929) before it starts (1940)"},
		{"February 30, 1933", "February 1933 has no day 30"},
		{"sometime", "cannot read \"sometime\""},
		{"33", "a year has four digits"},
		{"March 7", "no year"},
		{"3000", "outside 0–2999"},
		{"-0500", "before the common era"},
		{"1929-22-01", "a season cannot have a day"},
		{"[1929-03-08,1929-03-07]", "set members are not in order"},
		{"[1929..1931]", "ranges inside sets are not supported"},
		{"[1929,1930", "is not closed"},
		{"1X29", "only the last digits"},
		{"1933/1934/1935", "one \"/\""},
		{"../..", "at least one known end"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error containing %q", tt.in, tt.msg)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%q) = %q, want it to contain %q", tt.in, err, tt.msg)
		}
	}
}

func TestOrder(t *testing.T) {
	a, _ := Parse("1929-03-07")
	b, _ := Parse("summer 1929")
	if !a.Earliest().Before(b.Earliest()) {
		t.Errorf("7 March 1929 should sort before summer 1929")
	}
	if got := b.Latest(); got != (Day{1929, 8, 31}) {
		t.Errorf("summer 1929 ends %v, want 1929-08-31", got)
	}
}

// TestHints: numeric dates with slashes or dots, and months named in
// another language, are refused with the way to write them.
func TestHints(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"02/07/1932", `date "02/07/1932": read as day/month/year this is 2 July 1932: write 1932-07-02 (or 1932-02-07 if the month comes first); numeric dates are read as EDTF, year first, where "/" separates the two ends of an interval`},
		{"13/07/1932", `date "13/07/1932": read as day/month/year this is 13 July 1932: write 1932-07-13; numeric dates are read as EDTF, year first, where "/" separates the two ends of an interval`},
		{"02/13/1932", `date "02/13/1932": read as month/day/year this is 13 February 1932: write 1932-02-13; numeric dates are read as EDTF, year first, where "/" separates the two ends of an interval`},
		{"2.7.1932", `date "2.7.1932": read as day/month/year this is 2 July 1932: write 1932-07-02 (or 1932-02-07 if the month comes first); numeric dates are read as EDTF, year first (YYYY-MM-DD)`},
		{"5/5/1932", `date "5/5/1932": read as day/month/year this is 5 May 1932: write 1932-05-05; numeric dates`},
		{"31/02/1932", `an interval has one "/"`},
		{"3 mars 1933", `date "3 mars 1933": "mars" is not an English month name; fonds reads dates in English or EDTF: write 1933-03-03, or {date: 1933-03-03, expression: "3 mars 1933"} to keep the wording`},
		{"März 1933", `"März" is not an English month name; fonds reads dates in English or EDTF: write 1933-03, or {date: 1933-03, expression: "März 1933"}`},
		{"1 июля 1933", `write 1933-07-01, or {date: 1933-07-01, expression: "1 июля 1933"}`},
		{"3 mars - 5 avril 1933", `write 1933-03-03/1933-04-05, or {date: 1933-03-03/1933-04-05, expression: "3 mars - 5 avril 1933"}`},
		{"5 de mayo de 1933", `date "5 de mayo de 1933": "mayo" is not an English month name (May?); fonds reads dates in English or EDTF: write the date so, and keep the wording with {date: …, expression: "5 de mayo de 1933"}`},
	} {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v\nwant %s", tt.in, err, tt.want)
		}
	}
	if _, err := Parse("1 december 1933"); err != nil {
		t.Errorf("an English month: %v", err)
	}
}

// TestAppendPadded pins appendPadded to fmt's %0*d, which @normal was
// written with before.
func TestAppendPadded(t *testing.T) {
	for _, n := range []int{-2999, -123, -12, -5, 0, 3, 12, 123, 1234, 2999, 12345} {
		for _, width := range []int{2, 4} {
			if got, want := string(appendPadded(nil, n, width)), fmt.Sprintf("%0*d", width, n); got != want {
				t.Errorf("appendPadded(%d, %d) = %q, want %q", n, width, got, want)
			}
		}
	}
}
