package pdf

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

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
