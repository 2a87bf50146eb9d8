package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// The PDF is checked with poppler-utils, the tools a reading room's
// machines have: pdftotext, pdfinfo, pdffonts, pdftoppm. In CI (CI=true) a
// missing tool fails the test; elsewhere the test is skipped with a note.
func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		testtool.Need(t, tool)
	}
}

// pdfFile writes data to a temporary file for the tools.
func pdfFile(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "inventory.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// poppler runs a poppler tool and fails on any complaint it prints: poppler
// reports every syntax error and broken font it meets on stderr.
func poppler(t testing.TB, name string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	if errb.Len() > 0 {
		t.Fatalf("%s %s complained:\n%s", name, strings.Join(args, " "), errb.String())
	}
	return out.String()
}

// load checks a finding aid folder and returns its model.
func load(t testing.TB, dir string) *model.Archive {
	t.Helper()
	res := build.Check(dir, build.Options{})
	if res.Failed(false) || res.Archive == nil {
		t.Fatalf("%s does not check: %v", dir, res.Diags)
	}
	return res.Archive
}

func write(t testing.TB, a *model.Archive, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, a, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// info is what pdfinfo says, field by field.
func info(t testing.TB, path string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(poppler(t, "pdfinfo", path), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

var destLine = regexp.MustCompile(`(?m)^\s*(\d+) \[ XYZ[^\]]*\] "(.*)"$`)

// dests returns the named destinations poppler finds in the name tree,
// with their pages.
func dests(t testing.TB, path string) map[string]int {
	m := map[string]int{}
	for _, s := range destLine.FindAllStringSubmatch(poppler(t, "pdfinfo", "-dests", path), -1) {
		n, _ := strconv.Atoi(s[1])
		m[s[2]] = n
	}
	if len(m) == 0 {
		t.Fatal("pdfinfo -dests lists no named destination")
	}
	return m
}

// A linkSet holds the targets of the document's link annotations and
// bookmarks, read from the file's objects (objects): named destinations,
// page objects, web addresses.
type linkSet struct {
	named, bookmarks []string
	pages            []int // object numbers of page link targets
	uris             []string
	pageObjs         map[int]bool
}

var (
	reNamedLink = regexp.MustCompile(`/Subtype /Link /Rect \[[^\]]*\] /Border \[0 0 0\] /Dest \(([^)]*)\)`)
	rePageLink  = regexp.MustCompile(`/Subtype /Link /Rect \[[^\]]*\] /Border \[0 0 0\] /Dest \[(\d+) 0 R /Fit\]`)
	reURILink   = regexp.MustCompile(`/Subtype /Link /Rect \[[^\]]*\] /Border \[0 0 0\] /A <</S /URI /URI \(([^)]*)\)>>`)
	reBookmark  = regexp.MustCompile(`<</Title (?:\([^)]*\)|<[0-9A-F]*>) /Parent \d+ 0 R /Dest \(([^)]*)\)`)
	rePageObj   = regexp.MustCompile(`(?m)^(\d+) 0 obj\n<</Type /Page /Parent`)
)

func links(data []byte) linkSet {
	var l linkSet
	s := string(data)
	for _, m := range reNamedLink.FindAllStringSubmatch(s, -1) {
		l.named = append(l.named, m[1])
	}
	for _, m := range rePageLink.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		l.pages = append(l.pages, n)
	}
	for _, m := range reURILink.FindAllStringSubmatch(s, -1) {
		l.uris = append(l.uris, m[1])
	}
	for _, m := range reBookmark.FindAllStringSubmatch(s, -1) {
		l.bookmarks = append(l.bookmarks, m[1])
	}
	l.pageObjs = map[int]bool{}
	for _, m := range rePageObj.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		l.pageObjs[n] = true
	}
	return l
}

// checkLinks checks that every link and bookmark leads somewhere real.
func checkLinks(t *testing.T, data []byte, ds map[string]int) linkSet {
	t.Helper()
	l := links(objects(t, data))
	if len(l.named) == 0 || len(l.bookmarks) == 0 {
		t.Fatalf("%d internal links and %d bookmarks; want some of each", len(l.named), len(l.bookmarks))
	}
	for _, n := range append(append([]string(nil), l.named...), l.bookmarks...) {
		if ds[n] == 0 {
			t.Errorf("link or bookmark to %q, which is no named destination", n)
		}
	}
	for _, p := range l.pages {
		if !l.pageObjs[p] {
			t.Errorf("link to object %d, which is no page", p)
		}
	}
	return l
}

// checkFonts checks pdffonts: every font embedded, subset and with a Unicode map.
func checkFonts(t *testing.T, path string) {
	t.Helper()
	out := poppler(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 7 {
			t.Fatalf("pdffonts line %q", l)
		}
		// name type… encoding emb sub uni object ID: read from the right.
		emb, sub, uni := f[len(f)-5], f[len(f)-4], f[len(f)-3]
		if emb != "yes" || sub != "yes" || uni != "yes" {
			t.Errorf("font not embedded, subset and mapped to Unicode: %s", l)
		}
	}
}

// plainProse is Markdown as a reader sees it: the text, references read as
// their link text or, for autolinks, the record's name.
func plainProse(a *model.Archive, md string) string {
	pd := prose.Parse(md)
	d := &doc{a: a}
	var b strings.Builder
	ast.Walk(pd.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(pd.Source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			name, _, _ := d.ref(string(n.URL(pd.Source)))
			if name == "" {
				name = string(n.Label(pd.Source))
			}
			b.WriteString(name)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// flat normalises text for comparison: composed characters, one space for
// any run of white space, and none for a line break after a hyphen, dash or
// slash, where the PDF may have broken a line.
func flat(s string) string {
	s = norm.NFC.String(strings.ReplaceAll(s, "\u00ad", ""))
	var b strings.Builder
	space, newline := false, false
	var last rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			newline = newline || r == '\n'
			continue
		}
		if space && last != 0 && !(newline && strings.ContainsRune("-/–—", last)) {
			b.WriteByte(' ')
		}
		space, newline = false, false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// bodyText is pdftotext's text without the running headers and page
// numbers, which interrupt a paragraph that runs over a page.
func bodyText(t *testing.T, path string, a *model.Archive) string {
	out := poppler(t, "pdftotext", "-enc", "UTF-8", path, "-")
	page := regexp.MustCompile(`^page \d+ of \d+$`)
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.Trim(l, "\f ")
		if l == a.Fonds.Title.Value || l == a.Fonds.ReferenceCode || page.MatchString(l) {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

// pdfObjs reads the objects of a PDF fonds wrote, through its
// cross-reference stream: plain objects at their offsets, the others in
// their object streams.
type pdfObjs struct {
	t       testing.TB
	data    []byte
	entries []xrefEntry
	streams map[int][]byte // object streams, inflated
}

type xrefEntry struct {
	typ    int
	f2, f3 int64
}

var (
	reStartXref = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`)
	reInt       = func(key string) *regexp.Regexp { return regexp.MustCompile(key + ` (\d+)`) }
)

func readObjs(t testing.TB, data []byte) *pdfObjs {
	t.Helper()
	m := reStartXref.FindSubmatch(data)
	if m == nil {
		t.Fatal("no startxref at the end of the file")
	}
	start, _ := strconv.Atoi(string(m[1]))
	o := &pdfObjs{t: t, data: data, streams: map[int][]byte{}}
	dict, xref := o.at(start)
	w := regexp.MustCompile(`/W \[1 (\d) 2\]`).FindStringSubmatch(dict)
	if !strings.Contains(dict, "/Type /XRef") || w == nil {
		t.Fatalf("no cross-reference stream at %d: %.100s", start, dict)
	}
	n, _ := strconv.Atoi(w[1])
	size := 1 + n + 2
	for i := 0; i+size <= len(xref); i += size {
		e := xrefEntry{typ: int(xref[i])}
		for _, b := range xref[i+1 : i+1+n] {
			e.f2 = e.f2<<8 | int64(b)
		}
		e.f3 = int64(xref[i+1+n])<<8 | int64(xref[i+2+n])
		o.entries = append(o.entries, e)
	}
	if want := reInt("/Size").FindStringSubmatch(dict); want == nil || want[1] != strconv.Itoa(len(o.entries)) {
		t.Fatalf("the cross-reference stream has %d entries; its /Size says %v", len(o.entries), want)
	}
	return o
}

// at reads the object at an offset: its dictionary (or other body) and,
// for a stream, its data, inflated.
func (o *pdfObjs) at(off int) (string, []byte) {
	rest := o.data[off:]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 || !bytes.HasSuffix(rest[:nl], []byte(" 0 obj")) {
		o.t.Fatalf("no object at offset %d", off)
	}
	rest = rest[nl+1:]
	end := bytes.Index(rest, []byte("\nendobj\n"))
	s := bytes.Index(rest, []byte("\nstream\n"))
	if s < 0 || s > end {
		return string(rest[:end]), nil
	}
	dict := string(rest[:s])
	l, _ := strconv.Atoi(reInt("/Length").FindStringSubmatch(dict)[1])
	raw := rest[s+len("\nstream\n") : s+len("\nstream\n")+l]
	if !strings.Contains(dict, "/FlateDecode") {
		return dict, raw
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		o.t.Fatalf("stream at %d: %v", off, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		o.t.Fatalf("stream at %d: %v", off, err)
	}
	return dict, out
}

// get returns object n's body and, for a stream, its data.
func (o *pdfObjs) get(n int) (string, []byte) {
	if n <= 0 || n >= len(o.entries) {
		o.t.Fatalf("no object %d", n)
	}
	e := o.entries[n]
	switch e.typ {
	case 1:
		return o.at(int(e.f2))
	case 2:
		stm := int(e.f2)
		data, ok := o.streams[stm]
		dict := ""
		if !ok {
			dict, data = o.get(stm)
			if !strings.Contains(dict, "/Type /ObjStm") {
				o.t.Fatalf("object %d is in %d, which is no object stream", n, stm)
			}
			first, _ := strconv.Atoi(reInt("/First").FindStringSubmatch(dict)[1])
			o.streams[stm] = data
			o.streams[-stm] = []byte(strconv.Itoa(first))
		}
		first, _ := strconv.Atoi(string(o.streams[-stm]))
		head := strings.Fields(string(data[:first]))
		k := 2 * int(e.f3)
		if head[k] != strconv.Itoa(n) {
			o.t.Fatalf("object stream %d holds object %s where %d is due", stm, head[k], n)
		}
		from, _ := strconv.Atoi(head[k+1])
		to := len(data) - first
		if k+3 < len(head) {
			to, _ = strconv.Atoi(head[k+3])
		}
		return strings.TrimSuffix(string(data[first+from:first+to]), "\n"), nil
	}
	o.t.Fatalf("object %d is free", n)
	return "", nil
}

// text is every object but the object streams and the cross-reference
// stream, each as "N 0 obj\n…\nendobj\n" in the order of their numbers (a
// stream's dictionary without its data), for tests that search the file's
// objects.
func (o *pdfObjs) text() []byte {
	var b bytes.Buffer
	for n, e := range o.entries {
		if e.typ == 0 {
			continue
		}
		body, _ := o.get(n)
		if strings.Contains(body, "/Type /ObjStm") || strings.Contains(body, "/Type /XRef") {
			continue
		}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	return b.Bytes()
}

// objects is the text of the objects of a PDF (pdfObjs.text).
func objects(t testing.TB, data []byte) []byte {
	t.Helper()
	return readObjs(t, data).text()
}
