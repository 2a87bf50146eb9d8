package edtf

import (
	"regexp"
	"testing"
)

// normalPattern is the pattern ead.xsd puts on @normal.
var normalPattern = regexp.MustCompile(`^(\-?(0|1|2)([0-9]{3})(((01|02|03|04|05|06|07|08|09|10|11|12)((0[1-9])|((1|2)[0-9])|(3[0-1])))|\-((01|02|03|04|05|06|07|08|09|10|11|12)(\-((0[1-9])|((1|2)[0-9])|(3[0-1])))?))?)(/\-?(0|1|2)([0-9]{3})(((01|02|03|04|05|06|07|08|09|10|11|12)((0[1-9])|((1|2)[0-9])|(3[0-1])))|\-((01|02|03|04|05|06|07|08|09|10|11|12)(\-((0[1-9])|((1|2)[0-9])|(3[0-1])))?))?)?$`)

// FuzzDate checks, for any text that parses, that @normal is what the EAD
// schema accepts, that the earliest day is not after the latest, and that
// the EDTF form reads back to the same normal form.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"1929-01-20", "March 7 or 8, 1929", "Summer 1929", "1933-02-04/1933-02-08",
		"[1929-03-07,1929-03-08]", "{1929,1930}", "192X", "1929-XX-XX", "1930~", "1933?", "1930%", "circa 1930",
		"[1933]", "1904-", "1929/..", "/1940", "undated", "n.d.", "1930s", "February 4-8, 1933", "7 or 8 March 1929",
		"December 1929 - February 1930", "1929-24", "2000-02-29", "probably 1933?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if n := d.Normal(); n != "" && !normalPattern.MatchString(n) {
			t.Fatalf("Parse(%q).Normal() = %q, which ead.xsd rejects", s, n)
		}
		if e, l := d.Earliest(), d.Latest(); !e.IsZero() && !l.IsZero() && l.Before(e) {
			t.Fatalf("Parse(%q): latest %v before earliest %v", s, l, e)
		}
		_ = d.Label()
		if x := d.EDTF(); x != "" {
			back, err := Parse(x)
			if err != nil {
				t.Fatalf("Parse(%q).EDTF() = %q, which does not parse: %v", s, x, err)
			}
			if back.Normal() != d.Normal() {
				t.Fatalf("Parse(%q): EDTF %q reads back with normal %q, not %q", s, x, back.Normal(), d.Normal())
			}
		}
	})
}
