package oai

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
)

// The Dublin Core element each part of an EAD's fonds-level description
// gives, after the Library of Congress's EAD to Dublin Core crosswalk and
// the DCMI's recommendations for unqualified Dublin Core in OAI-PMH (a
// name in its authorized form, a date in ISO 8601, a language as its code,
// the DCMI Type "Collection"). Paths are of local names from the root.
var dcPaths = map[string]string{
	"ead/eadheader/eadid":                              "identifier", // its @url
	"ead/eadheader/filedesc/publicationstmt/publisher": "publisher",
	"ead/archdesc/did/unittitle":                       "title",
	"ead/archdesc/did/origination/persname":            "creator",
	"ead/archdesc/did/origination/corpname":            "creator",
	"ead/archdesc/did/origination/famname":             "creator",
	"ead/archdesc/did/origination/name":                "creator",
	"ead/archdesc/did/unitdate":                        "date",
	"ead/archdesc/did/physdesc/extent":                 "format",
	"ead/archdesc/did/unitid":                          "identifier",
	"ead/archdesc/did/langmaterial/language":           "language",
	"ead/archdesc/did/abstract":                        "description",
	"ead/archdesc/did/repository/corpname":             "publisher",
	"ead/archdesc/scopecontent":                        "description",
	"ead/archdesc/accessrestrict":                      "rights",
	"ead/archdesc/userestrict":                         "rights",
	"ead/archdesc/controlaccess/subject":               "subject",
	"ead/archdesc/controlaccess/persname":              "subject",
	"ead/archdesc/controlaccess/corpname":              "subject",
	"ead/archdesc/controlaccess/famname":               "subject",
	"ead/archdesc/controlaccess/geogname":              "coverage",
	"ead/archdesc/controlaccess/genreform":             "type",
}

// dcOrder is the order of the fifteen elements of Dublin Core.
var dcOrder = []string{"title", "creator", "subject", "description", "publisher", "contributor", "date",
	"type", "format", "identifier", "source", "language", "relation", "coverage", "rights"}

// inline elements of EAD run on within text; every other element's start
// and end separate words.
var inline = map[string]bool{
	"emph": true, "persname": true, "corpname": true, "famname": true, "geogname": true, "name": true,
	"subject": true, "genreform": true, "occupation": true, "function": true, "title": true, "ref": true,
	"extref": true, "ptr": true, "date": true, "num": true, "abbr": true, "expan": true, "unitdate": true,
}

// DublinCore maps the fonds-level description of an EAD 2002 file to an
// oai_dc record. It reads the EAD only as far as the components (dsc), so
// its cost does not grow with the inventory. Markup is dropped, white space
// collapsed; names take their authorized form (@normal), dates their ISO
// 8601 form, languages their ISO 639-2 code; what is marked
// audience="internal" is left out, and so is an editorial note inside a
// note (@altrender="editorial").
func DublinCore(ead io.Reader) ([]byte, error) {
	dec := xml.NewDecoder(ead)
	vals := map[string][]string{"type": {"Collection"}}
	var path []string
	var capture strings.Builder
	captureAt := -1 // depth of the element captured, or -1
	field := ""
	skipAt := -1 // depth of an element left out (head, internal), or -1
	add := func(f, v string) {
		v = strings.Join(strings.Fields(v), " ")
		if v != "" && !slices.Contains(vals[f], v) {
			vals[f] = append(vals[f], v)
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			path = append(path, name)
			depth := len(path)
			if depth == 3 && path[1] == "archdesc" && name == "dsc" {
				return dcRecord(vals), nil
			}
			if skipAt >= 0 {
				continue
			}
			// An editorial note inside a note is the encoder's, not the
			// note's: the description keeps the note's own words (an
			// element that is the encoder's as a whole is mapped as any).
			if attr(t, "audience") == "internal" || captureAt >= 0 && (name == "head" || attr(t, "altrender") == "editorial") {
				skipAt = depth
				continue
			}
			if captureAt >= 0 {
				if !inline[name] {
					capture.WriteByte(' ')
				}
				continue
			}
			f, ok := dcPaths[strings.Join(path, "/")]
			if !ok {
				continue
			}
			switch {
			case name == "eadid":
				add(f, attr(t, "url"))
			case name == "language":
				add(f, attr(t, "langcode"))
			case attr(t, "normal") != "" && name != "extent":
				add(f, attr(t, "normal"))
			default:
				captureAt, field = depth, f
				capture.Reset()
			}
		case xml.EndElement:
			depth := len(path)
			path = path[:depth-1]
			switch {
			case skipAt == depth:
				skipAt = -1
			case skipAt >= 0:
			case captureAt == depth:
				add(field, capture.String())
				captureAt = -1
			case captureAt >= 0 && !inline[t.Name.Local]:
				capture.WriteByte(' ')
			}
		case xml.CharData:
			if captureAt >= 0 && skipAt < 0 {
				capture.Write(t)
			}
		}
	}
	return dcRecord(vals), nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func dcRecord(vals map[string][]string) []byte {
	var b bytes.Buffer
	b.WriteString(`<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="` + nsXSI + `" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">` + "\n")
	for _, f := range dcOrder {
		for _, v := range vals[f] {
			b.WriteString("  <dc:" + f + ">" + escape(v, false) + "</dc:" + f + ">\n")
		}
	}
	b.WriteString("</oai_dc:dc>")
	return b.Bytes()
}
