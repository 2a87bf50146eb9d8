package build_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/site"
)

// Output safety, across the three outputs: whatever text the sources hold,
// the EAD is well-formed and holds no element or link it did not mean to,
// the HTML holds no script, event handler or javascript: link, and the PDF
// holds no action other than links to pages and to http, https or mailto
// addresses.

func checkEAD(t *testing.T, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("EAD is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if ns := se.Name.Space; ns != "urn:isbn:1-931666-22-9" {
			t.Errorf("EAD element %s in namespace %q", se.Name.Local, ns)
		}
		for _, a := range se.Attr {
			v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
			if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
				t.Errorf("EAD attribute %s=%q", a.Name.Local, a.Value)
			}
		}
	}
}

func checkHTML(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "iframe", "object", "embed", "svg", "math", "img", "style", "base":
				t.Errorf("%s: unexpected <%s>", name, n.Data)
			case "script":
				src := ""
				for _, a := range n.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if src == "" || strings.Contains(src, ":") {
					t.Errorf("%s: inline or foreign <script src=%q>", name, src)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" ||
					(a.Key == "href" || a.Key == "src" || a.Key == "action") &&
						(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// pdfTokens returns the names of a PDF's objects, and the strings that
// follow /URI, skipping the text inside strings and streams, where anything
// may be written harmlessly.
func pdfTokens(data []byte) (names []string, uris []string) {
	afterURI := false
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case bytes.HasPrefix(data[i:], []byte("stream")) && (i == 0 || data[i-1] == '\n' || data[i-1] == ' ' || data[i-1] == '\r'):
			end := bytes.Index(data[i:], []byte("endstream"))
			if end < 0 {
				return
			}
			i += end + len("endstream")
		case c == '(':
			depth, j := 0, i
			var b []byte
			for ; j < len(data); j++ {
				switch data[j] {
				case '\\':
					j++
					if j < len(data) {
						b = append(b, data[j])
					}
					continue
				case '(':
					depth++
					if depth == 1 {
						continue
					}
				case ')':
					depth--
				}
				if depth == 0 {
					break
				}
				b = append(b, data[j])
			}
			if afterURI {
				uris = append(uris, string(b))
			}
			afterURI = false
			i = j + 1
		case bytes.HasPrefix(data[i:], []byte("<<")):
			i += 2
		case c == '<':
			end := bytes.IndexByte(data[i:], '>')
			if end < 0 {
				return
			}
			i += end + 1
		case c == '/':
			j := i + 1
			for j < len(data) && !bytes.ContainsRune([]byte(" \t\r\n/<>[]()%{}"), rune(data[j])) {
				j++
			}
			name := string(data[i+1 : j])
			names = append(names, name)
			afterURI = name == "URI"
			i = j
		default:
			i++
		}
	}
	return
}

var pdfActions = map[string]bool{"JavaScript": true, "JS": true, "Launch": true, "SubmitForm": true,
	"ImportData": true, "RichMedia": true, "EmbeddedFile": true, "OpenAction": true, "AA": true}

func checkPDF(t *testing.T, data []byte) {
	t.Helper()
	for _, p := range pdfProblems(data) {
		t.Error(p)
	}
}

func pdfProblems(data []byte) []string {
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
		return []string{"not a complete PDF"}
	}
	var out []string
	names, uris := pdfTokens(data)
	for _, n := range names {
		if pdfActions[n] {
			out = append(out, "PDF holds /"+n)
		}
	}
	for _, u := range uris {
		l := strings.ToLower(u)
		if !strings.HasPrefix(l, "http:") && !strings.HasPrefix(l, "https:") && !strings.HasPrefix(l, "mailto:") {
			out = append(out, fmt.Sprintf("PDF links to %q", u))
		}
	}
	return out
}

// TestPDFChecker shows that the PDF check finds actions written as objects
// and ignores the same words written as text.
func TestPDFChecker(t *testing.T) {
	bad := "%PDF-1.7\n1 0 obj << /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >> endobj\n" +
		"2 0 obj << /S /URI /URI (javascript:x) >> endobj\n%%EOF\n"
	if got := pdfProblems([]byte(bad)); len(got) != 3 {
		t.Errorf("bad PDF: %v", got)
	}
	good := "%PDF-1.7\n1 0 obj << /Title (a /JavaScript \\( /JS b) /S /URI /URI (https://x.example) >> endobj\n" +
		"2 0 obj << /Length 20 >>\nstream\n/JavaScript /Launch\nendstream\nendobj\n%%EOF\n"
	if got := pdfProblems([]byte(good)); len(got) != 0 {
		t.Errorf("good PDF: %v", got)
	}
}

// TestHostileOutputs builds the hostile fixture (hostile text in every field
// fonds check lets through) with all three outputs.
func TestHostileOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	siteOut, err := site.New(site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []build.Output{ead.Output{}, siteOut, pdf.Output{Options: pdf.Options{Paper: "a4"}}}
	if _, err := build.Compile([]string{"../site/testdata/hostile", "../../testdata/fixtures/letters"}, out, build.Options{}, outputs); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		switch filepath.Ext(p) {
		case ".xml":
			checkEAD(t, data)
		case ".html":
			checkHTML(t, p, data)
		case ".pdf":
			checkPDF(t, data)
		default:
			return nil
		}
		n++
		return nil
	})
	if n < 10 {
		t.Errorf("only %d outputs checked", n)
	}
}

// FuzzOutputs puts arbitrary text in a title, a name and a note of a small
// finding aid; whenever fonds check accepts it, every output must be safe.
func FuzzOutputs(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "[x](java&#115;cript:1)",
		"a) Tj (b) /JavaScript (c", "\\", "]]>", "&amp; &lt;", "<https://x.example/?a=1&b=2>", "*a* **b** `c`", "\u202e"} {
		f.Add(s)
	}
	siteOut, err := site.New(site.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := func(s string) string { // a YAML double-quoted scalar
			var b strings.Builder
			b.WriteByte('"')
			for _, r := range s {
				switch {
				case r == '"' || r == '\\':
					b.WriteString(`\` + string(r))
				case r < 0x20 || r == 0x7f:
					b.WriteString(`\x` + string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&15]))
				default:
					b.WriteRune(r)
				}
			}
			b.WriteByte('"')
			return b.String()
		}
		src := "reference_code: F\ntitle: " + q(s) + "\ndates: \"1930\"\nextent: 1 box\n" +
			"repository: {name: " + q(s) + "}\nfinding_aid: {id: f, date: \"2020\", language: eng}\n" +
			"authorities: a.yaml\nscope_and_content: " + q(s) + "\ncontents:\n  - {inv: 1, title: " + q(s) + ", from: p}\n"
		fsys := fstest.MapFS{
			"fonds.yaml": {Data: []byte(src)},
			"a.yaml":     {Data: []byte("persons: [{id: p, name: " + q(s+",x") + ", pseudonyms: [" + q("ps "+s) + "]}]\n")},
		}
		res := build.CheckFS(fsys, "fa", build.Options{})
		if res.Failed(false) {
			return
		}
		a := res.Archive
		var e bytes.Buffer
		if err := ead.Write(&e, a, ead.Options{}); err != nil {
			t.Fatalf("ead: %v", err)
		}
		checkEAD(t, e.Bytes())
		var p bytes.Buffer
		if err := pdf.Write(&p, a, pdf.Options{Paper: "a4"}); err != nil {
			t.Fatalf("pdf: %v", err)
		}
		checkPDF(t, p.Bytes())
		dir := t.TempDir()
		if err := siteOut.Write(a, dir); err != nil {
			t.Fatalf("site: %v", err)
		}
		entries, _ := os.ReadDir(dir)
		for _, en := range entries {
			if strings.HasSuffix(en.Name(), ".html") {
				data, _ := os.ReadFile(filepath.Join(dir, en.Name()))
				checkHTML(t, en.Name(), data)
			}
		}
	})
}
