package pdf

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/fonds-archive/fonds/pkg/model"
)

// xmpValues reads an XMP packet: the text of each property, by its
// namespace prefix and name ("dc:title"), an array's items in order.
func xmpValues(t *testing.T, packet string) map[string][]string {
	t.Helper()
	prefix := map[string]string{
		"http://purl.org/dc/elements/1.1/": "dc",
		"http://ns.adobe.com/pdf/1.3/":     "pdf",
		"http://ns.adobe.com/xap/1.0/":     "xmp",
		"http://ns.adobe.com/pdf/1.3/pdf":  "pdf",
	}
	out := map[string][]string{}
	dec := xml.NewDecoder(strings.NewReader(packet))
	var path []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("the XMP packet is not well-formed XML: %v", err)
			}
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			name := x.Name.Local
			if p := prefix[x.Name.Space]; p != "" {
				name = p + ":" + name
			}
			path = append(path, name)
			text.Reset()
		case xml.CharData:
			text.Write(x)
		case xml.EndElement:
			name := path[len(path)-1]
			path = path[:len(path)-1]
			prop := name
			if name == "li" && len(path) >= 2 {
				prop = path[len(path)-2]
			}
			if name == "li" || strings.Contains(name, ":") {
				if v := strings.TrimSpace(text.String()); v != "" {
					out[prop] = append(out[prop], v)
				}
			}
			text.Reset()
		}
	}
	return out
}

// TestXMP: the document's XMP metadata (pdfinfo -meta) says what its Info
// dictionary says (pdfinfo), and the finding aid's identifier and
// language; its date only when the sources or SOURCE_DATE_EPOCH give one.
func TestXMP(t *testing.T) {
	need(t, "pdfinfo")
	a := load(t, defaultSources)
	path := pdfFile(t, write(t, a, Options{}))
	in := info(t, path)
	if in["Metadata Stream"] != "yes" {
		t.Fatalf("pdfinfo: Metadata Stream: %q", in["Metadata Stream"])
	}
	x := xmpValues(t, poppler(t, "pdfinfo", "-meta", path))
	for prop, want := range map[string]string{
		"dc:title":        in["Title"],
		"dc:creator":      in["Author"],
		"dc:description":  in["Subject"],
		"pdf:Keywords":    in["Keywords"],
		"pdf:Producer":    in["Producer"],
		"xmp:CreatorTool": in["Creator"],
		"dc:identifier":   "https://hdl.handle.net/10622/ARCH01483",
		"dc:language":     "en",
		"dc:publisher":    "International Institute of Social History",
		"dc:format":       "application/pdf",
		"xmp:CreateDate":  "2013-01-01T00:00:00Z",
		"xmp:ModifyDate":  "2013-01-01T00:00:00Z",
	} {
		if got := x[prop]; len(got) != 1 || got[0] != want || want == "" {
			t.Errorf("XMP %s = %q, want %q", prop, got, want)
		}
	}
	if !strings.HasPrefix(in["CreationDate"], "Tue Jan  1 00:00:00 2013") {
		t.Errorf("Info CreationDate %q", in["CreationDate"])
	}
	epoch := time.Unix(1700000000, 0)
	x = xmpValues(t, poppler(t, "pdfinfo", "-meta", pdfFile(t, write(t, a, Options{Created: epoch}))))
	if got := x["xmp:CreateDate"]; len(got) != 1 || got[0] != "2023-11-14T22:13:20Z" {
		t.Errorf("XMP CreateDate with a date given: %q", got)
	}
	a.Fonds.FindingAid.Date = model.Date{}
	x = xmpValues(t, poppler(t, "pdfinfo", "-meta", pdfFile(t, write(t, a, Options{}))))
	if got, ok := x["xmp:CreateDate"]; ok {
		t.Errorf("an undated finding aid's XMP has CreateDate %q", got)
	}
}

// TestText checks the PDF text strings of text against the plain reading
// of ISO 32000-1 §7.9.2.2: a literal with its parentheses and backslashes
// escaped for printable ASCII, else UTF-16BE after a byte order mark in
// hexadecimal, supplementary characters as surrogate pairs and an invalid
// byte as U+FFFD.
func TestText(t *testing.T) {
	reference := func(s string) string {
		if printable(s) {
			return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s) + ")"
		}
		var b strings.Builder
		b.WriteString("<FEFF")
		for _, u := range utf16.Encode([]rune(s)) {
			fmt.Fprintf(&b, "%04X", u)
		}
		return b.String() + ">"
	}
	for _, s := range []string{"", "Letters (1920) \\ copies", "Nový, Petr", "Грюн", "a\u00a0b", "𝔄ℭ 😀",
		"bad \xff byte", "\ufffd", "tab\tand\nline", "\u007f", "\uffff"} {
		want := reference(s)
		if got := text(s); got != want {
			t.Errorf("text(%q) = %s, want %s", s, got, want)
		}
		if got := string(appendText([]byte("x "), s)); got != "x "+want {
			t.Errorf("appendText(%q) = %s, want x %s", s, got, want)
		}
	}
	if got, want := text("😀"), "<FEFFD83DDE00>"; got != want {
		t.Errorf("text(😀) = %s, want %s", got, want)
	}
}
