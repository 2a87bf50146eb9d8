package pdf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/fonds-archive/fonds/pkg/model"
)

// meta is what the document says about itself, in its Info dictionary and,
// the same, in its XMP metadata (which PDF/UA and archives' tools read).
type meta struct {
	title, author, subject string
	keywords               []string
	identifier             string // the finding aid's address, else its id
	publisher              string
	lang                   string // BCP 47
	created                time.Time
}

// metaOf gathers the document's metadata from the sources; created is the
// document's date, the zero time for none.
func metaOf(a *model.Archive, created time.Time) meta {
	f := a.Fonds
	m := meta{title: f.Title.Value, author: f.Repository.Name, publisher: f.FindingAid.Publisher, lang: docLang(a)}
	if f.FindingAid.Title != "" {
		m.title = f.FindingAid.Title
	}
	m.subject = "Archival inventory of " + f.Title.Value
	if f.ReferenceCode != "" {
		m.subject += " (" + f.ReferenceCode + ")"
	}
	if len(f.Dates) > 0 {
		m.subject += ", " + f.Dates[0].Display()
	}
	for _, k := range append(append([]string{f.ReferenceCode}, f.Subjects...), f.Genres...) {
		if k = clean(k); k != "" {
			m.keywords = append(m.keywords, k)
		}
	}
	m.identifier = f.FindingAid.URL
	if m.identifier == "" {
		m.identifier = f.FindingAid.ID
	}
	// An undated finding aid's PDF says nothing rather than 1970.
	if y := created.UTC().Year(); !created.IsZero() && y >= 0 && y <= 9999 {
		m.created = created.UTC()
	}
	m.title, m.author, m.subject = clean(m.title), clean(m.author), clean(m.subject)
	m.identifier, m.publisher = clean(m.identifier), clean(m.publisher)
	return m
}

// info is the document's Info dictionary.
func (m meta) info() string {
	dates := ""
	if !m.created.IsZero() {
		d := text(m.created.Format("D:20060102150405Z"))
		dates = " /CreationDate " + d + " /ModDate " + d
	}
	return fmt.Sprintf("<</Title %s /Author %s /Subject %s /Keywords %s /Creator (fonds) /Producer (fonds)%s>>",
		text(m.title), text(m.author), text(m.subject), text(strings.Join(m.keywords, "; ")), dates)
}

// xmp is the document's XMP metadata packet (ISO 16684-1), saying what
// the Info dictionary says in Dublin Core and the PDF and XMP schemas,
// and the finding aid's identifier and language besides. It claims no
// conformance (no pdfuaid:part): fonds follows PDF/UA's conventions but no
// validator has certified its output.
func (m meta) xmp() []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n" +
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"  <rdf:Description rdf:about=\"\"\n" +
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n" +
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n" +
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n" +
		"   <dc:format>application/pdf</dc:format>\n")
	alt := func(name, value string) {
		fmt.Fprintf(&b, "   <dc:%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:%s>\n", name, esc(value), name)
	}
	list := func(name, kind string, values ...string) {
		if len(values) == 0 || values[0] == "" {
			return
		}
		fmt.Fprintf(&b, "   <dc:%s><rdf:%s>", name, kind)
		for _, v := range values {
			fmt.Fprintf(&b, "<rdf:li>%s</rdf:li>", esc(v))
		}
		fmt.Fprintf(&b, "</rdf:%s></dc:%s>\n", kind, name)
	}
	alt("title", m.title)
	list("creator", "Seq", m.author)
	alt("description", m.subject)
	if m.identifier != "" {
		fmt.Fprintf(&b, "   <dc:identifier>%s</dc:identifier>\n", esc(m.identifier))
	}
	list("publisher", "Bag", m.publisher)
	list("language", "Bag", m.lang)
	list("subject", "Bag", m.keywords...)
	fmt.Fprintf(&b, "   <pdf:Keywords>%s</pdf:Keywords>\n", esc(strings.Join(m.keywords, "; ")))
	b.WriteString("   <pdf:Producer>fonds</pdf:Producer>\n   <xmp:CreatorTool>fonds</xmp:CreatorTool>\n")
	if !m.created.IsZero() {
		d := m.created.Format("2006-01-02T15:04:05Z")
		fmt.Fprintf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", d, d)
	}
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return b.Bytes()
}
