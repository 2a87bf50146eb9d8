package oai

import (
	"bufio"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Namespaces and schema locations of what a response holds.
const (
	nsOAI        = "http://www.openarchives.org/OAI/2.0/"
	schemaOAI    = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
	nsXSI        = "http://www.w3.org/2001/XMLSchema-instance"
	nsIdentifier = "http://www.openarchives.org/OAI/2.0/oai-identifier"
	schemaIdent  = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
	nsStatic     = "http://www.openarchives.org/OAI/2.0/static-repository"
	schemaStatic = "http://www.openarchives.org/OAI/2.0/static-repository.xsd"
)

// Granularities of datestamps.
const (
	secondsLayout = "2006-01-02T15:04:05Z"
	dayLayout     = "2006-01-02"
)

// xmlWriter writes the XML of responses, two spaces an indent level. p
// prefixes the OAI-PMH elements: "" in a response, where OAI-PMH is the
// default namespace, "oai:" in a static repository.
type xmlWriter struct {
	w   *bufio.Writer
	p   string
	day bool // datestamps to the day (a static repository), not the second
}

func (x *xmlWriter) raw(s string) { x.w.WriteString(s) }

func (x *xmlWriter) indent(n int) {
	for range n {
		x.w.WriteString("  ")
	}
}

// start writes an indented start tag with attributes given as name, value
// pairs; an empty value leaves its attribute out.
func (x *xmlWriter) start(n int, tag string, attrs ...string) {
	x.indent(n)
	x.tag(tag, attrs)
	x.w.WriteString(">\n")
}

func (x *xmlWriter) tag(tag string, attrs []string) {
	x.w.WriteString("<" + x.p + tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		x.w.WriteString(" " + attrs[i] + `="`)
		x.w.WriteString(escape(attrs[i+1], true))
		x.w.WriteString(`"`)
	}
}

func (x *xmlWriter) end(n int, tag string) {
	x.indent(n)
	x.w.WriteString("</" + x.p + tag + ">\n")
}

// leaf writes an element of text on a line of its own; with no text, an
// empty element.
func (x *xmlWriter) leaf(n int, tag, text string, attrs ...string) {
	x.indent(n)
	x.tag(tag, attrs)
	if text == "" {
		x.w.WriteString("/>\n")
		return
	}
	x.w.WriteString(">")
	x.w.WriteString(escape(text, false))
	x.w.WriteString("</" + x.p + tag + ">\n")
}

func (x *xmlWriter) stamp(t time.Time) string {
	if x.day {
		return t.UTC().Format(dayLayout)
	}
	return t.UTC().Format(secondsLayout)
}

// escape makes s XML text or an attribute value. What XML 1.0 cannot carry
// at all (control characters, a request's stray bytes) becomes U+FFFD.
func escape(s string, attr bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case (r == '\n' || r == '\r' || r == '\t') && attr:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		case r == '\r':
			b.WriteString("&#13;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
