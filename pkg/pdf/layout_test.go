package pdf

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func newTestSetter(t testing.TB) *typesetter {
	fs, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	return &typesetter{faces: fs, paper: papers["a4"], measure: true, at: map[string]int{}, mentions: map[string][]int{}}
}

// lineText is what a line shows.
func lineText(l *line) string {
	var b strings.Builder
	for _, r := range l.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

// checkLines checks that lines stay within their measure (a character wider
// than the measure aside) and lose no character but spaces.
func checkLines(t *testing.T, ts *typesetter, in string, lines []*line, x0, right float64) {
	t.Helper()
	var got strings.Builder
	for i, l := range lines {
		for _, r := range l.runs {
			if r.x < x0-0.01 {
				t.Errorf("line %d starts at %.2f, left of %.2f", i, r.x, x0)
			}
			if end := r.x + r.w; end > right+0.01 && len([]rune(lineText(l))) > 1 {
				t.Errorf("line %d %q ends at %.2f, past %.2f", i, lineText(l), end, right)
			}
			if w := ts.width(r.text, r.st); w-r.w > 0.01 || r.w-w > 0.01 {
				t.Errorf("run %q measured %.2f, is %.2f", r.text, r.w, w)
			}
		}
		got.WriteString(lineText(l))
	}
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '\u00ad' || unicode.IsControl(r) || r == '\u200b' {
				return -1
			}
			return r
		}, clean(s))
	}
	g, w := strip(got.String()), strip(in)
	if strings.Contains(in, "\u00ad") {
		g = strings.ReplaceAll(g, "-", "")
		w = strings.ReplaceAll(w, "-", "")
	}
	if g != w {
		t.Errorf("lines lost text:\n got %q\nwant %q", g, w)
	}
}

func TestSetLines(t *testing.T) {
	ts := newTestSetter(t)
	cases := []struct {
		name, text string
		width      float64
	}{
		{"words", "Письмо о работе бюро (Letter on the work of the bureau): a long title that goes on and on", 150},
		{"url", "See https://archive.example.org/a/very/long/path/to/a/scan/of/letter-723.pdf?page=2&zoom=fit for the scan", 120},
		{"one long word", "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt", 90},
		{"soft hyphens", "Ein\u00adhundert\u00adjahr\u00adfeier\u00adkomitee\u00adsitzung und mehr", 70},
		{"greek", "Επιστολή του Νίκου Παπαδόπουλου προς την Ελληνική Ομάδα", 80},
		{"spaces", "  two  spaces\tand\na newline  ", 200},
		{"narrow", "Wide words in a column narrower than a letter", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := ts.setLines([]span{{text: c.text, st: body}}, 10, 20, 10+c.width, 13)
			if len(lines) == 0 {
				t.Fatal("no lines")
			}
			checkLines(t, ts, c.text, lines, 10, 10+c.width)
		})
	}
}

func TestBreaks(t *testing.T) {
	ts := newTestSetter(t)
	lines := ts.setLines([]span{{text: "https://archive.example.org/scans/of/the/bureau/letter-4.pdf", st: body}}, 0, 0, 120, 13)
	for _, l := range lines[:len(lines)-1] {
		if s := lineText(l); !strings.HasSuffix(s, "/") && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "-") {
			t.Errorf("a web address broke inside a name: line %q", s)
		}
	}
	lines = ts.setLines([]span{{text: "Jahr\u00adhundert\u00adfeier", st: body}}, 0, 0, 45, 13)
	if len(lines) < 2 || !strings.HasSuffix(lineText(lines[0]), "-") {
		t.Errorf("soft hyphen: lines %q", texts(lines))
	}
	if s := strings.Join(texts(lines), ""); strings.ContainsRune(s, '\u00ad') {
		t.Errorf("a soft hyphen was printed: %q", s)
	}
	// A run of one style and link is one run, so a link is one rectangle.
	lines = ts.setLines([]span{{text: "Lev Davidovič Trockij", st: body, link: "#x"}}, 0, 0, 400, 13)
	if len(lines) != 1 || len(lines[0].runs) != 1 || lines[0].runs[0].text != "Lev Davidovič Trockij" {
		t.Errorf("one span on one line: %+v", lines[0].runs)
	}
}

func texts(ls []*line) []string {
	var s []string
	for _, l := range ls {
		s = append(s, lineText(l))
	}
	return s
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Davidovic\u030c":        "Davidovič", // decomposed: composed for the font
		"a\u2009b\u202fc\u2011d": "a b\u00a0c-d",
		"tab\tand\n\nnewline":    "tab and newline",
		"clean text":             "clean text",
		"two  spaces":            "two spaces",
		"del\x7f":                "del",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsClean checks that the text clean returns at once, unchecked, is
// text that cleanText would leave as it is: every string of one or two
// characters below U+0300 (and a few beyond, which it must not pass), and
// every ASCII string of three.
func TestIsClean(t *testing.T) {
	var rs []rune
	for r := rune(0); r < 0x300; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, 0x300, 0x301, 0x340, 0x387, 0x2011, 0x200b, 0x2028, 0x3000, 0xfffd, 0x10000)
	check := func(s string) {
		if isClean(s) && cleanText(s) != s {
			t.Fatalf("isClean(%q) is true, but cleanText gives %q", s, cleanText(s))
		}
	}
	for _, r := range rs {
		check(string(r))
		for _, r2 := range rs {
			check(string([]rune{r, r2}))
		}
	}
	for _, s := range []string{"\xff", "a\xc3", "e\u0301", "\u00e9\u0301", "a  b", "\u00a0\u00ad"} {
		check(s)
	}
	var b [3]byte
	for i := range 1 << 21 {
		for k := range 3 {
			b[k] = byte(i >> (7 * k) & 0x7f)
		}
		check(string(b[:]))
	}
	if !isClean("Davidovič, Stéfan Ţăranu: ʻOkina") || isClean("Давидович") {
		t.Error("isClean does not pass precomposed Latin, or passes Cyrillic (which it leaves to cleanText)")
	}
}

// FuzzSetLines breaks arbitrary text: no panic, no text lost, lines within
// their measure.
func FuzzSetLines(f *testing.F) {
	f.Add("Письмо о работе бюро: a long title", 100.0)
	f.Add("https://example.org/a/b/c?d=e&f=g", 30.0)
	f.Add("soft\u00adhyphen\u00ad\u00ad  ", 5.0)
	f.Add("\x00\u200b\u2011 \t", 0.0)
	ts := newTestSetter(f)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if width != width || width < 0 || width > 2000 {
			return
		}
		lines := ts.setLines([]span{{text: text, st: body}, {text: text, st: style{face: italic, size: 8}}}, 0, 5, width, 12)
		for _, l := range lines {
			for _, r := range l.runs {
				if r.text == "" && r.w != 0 {
					t.Errorf("empty run with width %v", r.w)
				}
			}
		}
	})
}

// FuzzWrite sets arbitrary Markdown as a note of a finding aid: whatever an
// archivist writes, the inventory is written.
func FuzzWrite(f *testing.F) {
	f.Add("A *note* with [a link](https://example.org) and <inv:4>.")
	f.Add("1. one\n2. two\n   - nested\n\n> quote\n\n```\ncode\n```\n\n---\n# Heading")
	f.Add("[unknown](person:nobody) [x](inv:notanumber) <reel:999>")
	a := load(f, filepath.Join(fixtures, "letters"))
	f.Fuzz(func(t *testing.T, md string) {
		a.Fonds.Notes.Text = md
		var out countWriter
		if err := Write(&out, a, Options{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestKeepWithNext fills a page to every height near its foot and then
// sets a heading and a paragraph: the heading is never the last line of a
// page, and a paragraph never leaves one line alone at the foot or the top.
func TestKeepWithNext(t *testing.T) {
	ts := newTestSetter(t)
	para := strings.Repeat("A paragraph of several lines that runs on. ", 12)
	for fill := 0.0; fill < 140; fill += 1.5 {
		ts.page, ts.at = 0, map[string]int{}
		ts.newPage()
		ts.y = ts.bottom() - fill
		h := &block{lines: ts.setLines([]span{{text: "Heading", st: h2}}, 0, 0, 400, 17), keepNext: true, before: 12}
		h.lines[0].anchors = []string{"h"}
		p := &block{lines: ts.setLines([]span{{text: para, st: body}}, 0, 0, 400, 13), before: 2}
		if len(p.lines) < 4 {
			t.Fatalf("the paragraph has %d lines; the test needs four or more", len(p.lines))
		}
		p.lines[0].anchors = []string{"p0"}
		p.lines[1].anchors = []string{"p1"}
		p.lines[len(p.lines)-2].anchors = []string{"pz"}
		p.lines[len(p.lines)-1].anchors = []string{"pl"}
		ts.add(h)
		ts.add(p)
		if ts.at["h"] != ts.at["p0"] || ts.at["p0"] != ts.at["p1"] {
			t.Errorf("%.1f pt left: heading on page %d, first two lines on %d and %d", fill, ts.at["h"], ts.at["p0"], ts.at["p1"])
		}
		if ts.at["pz"] != ts.at["pl"] {
			t.Errorf("%.1f pt left: the last line is alone on page %d", fill, ts.at["pl"])
		}
	}
}

// strconvNum is num as it was written first, all through strconv.
func strconvNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// TestNum compares num with strconv's rounding of the exact value, which
// it leaves to strconv only near halfway: on a grid of hundredths and
// thousandths, a hair on either side of each, and values as the layout
// makes them (sums of glyph widths at a size).
func TestNum(t *testing.T) {
	var vs []float64
	for i := -200000; i <= 200000; i++ {
		v := float64(i) / 1000
		vs = append(vs, v, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, math.Inf(-1)), v+1e-7, v-1e-7)
	}
	for i := range 100000 {
		vs = append(vs, float64(i)*8.5*556/1000, 841.89-float64(i)*13.2, float64(i)*0.1, -float64(i)*0.01, float64(i)*1e5+0.005)
	}
	vs = append(vs, 0, math.Copysign(0, -1), 1e9, -1e9, 1e15+0.125, 123456789.125)
	for _, v := range vs {
		if got, want := num(v), strconvNum(v); got != want {
			t.Fatalf("num(%v) = %q, want %q", v, got, want)
		}
	}
	if got := num(0.125); got != "0.12" {
		t.Errorf("num(0.125) = %q, want strconv's round half to even, 0.12", got)
	}
}

// TestDrawText checks that the runs of a line in one style are one string
// of text, placed where the first was measured, and that a run in another
// style, or one that does not follow on, begins a string of its own.
func TestDrawText(t *testing.T) {
	ts := newTestSetter(t)
	ts.measure = false
	st := style{face: regular, size: 8.5, color: gray}
	strong := st
	strong.face = bold
	lines := ts.setLines([]span{{text: "1 May 1931", st: st}, {text: " · ", st: st}, {text: "typescript", st: st}, {text: " · ", st: st},
		{text: "from Natalia", st: strong}}, 10, 10, 400, 11)
	if len(lines) != 1 || len(lines[0].runs) != 5 {
		t.Fatalf("want one line of 5 runs, got %d lines", len(lines))
	}
	rs := lines[0].runs
	ts.drawText(rs, 700)
	got := ts.buf.String()
	if n := strings.Count(got, " Tj ET\n"); n != 2 {
		t.Errorf("want 2 strings of text (one per style), got %d:\n%q", n, got)
	}
	for _, r := range []run{rs[0], rs[4]} {
		if want := "Tf " + num(marginLeft+r.x) + " 700 Td ("; !strings.Contains(got, want) {
			t.Errorf("no string begins where %q was measured (%q):\n%q", r.text, want, got)
		}
	}
	ts.buf.Reset()
	apart := append([]run(nil), rs[:3]...)
	apart[2].x += 5
	ts.drawText(apart, 700)
	if n := strings.Count(ts.buf.String(), " Tj ET\n"); n != 2 {
		t.Errorf("a run that does not follow on: want 2 strings of text, got %d:\n%q", n, ts.buf.String())
	}
}
