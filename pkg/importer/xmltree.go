package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Namespaces fonds import reads.
const (
	eadNS   = "urn:isbn:1-931666-22-9"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
)

// A node is an element or a run of text of the document, with the line and
// column where it starts. used marks what the mapping has consumed, so that
// whatever was not can be reported: attributes not kept and text dropped.
type node struct {
	name      string // local name of an element; "" for text
	space     string // namespace as written (URI, or an unbound prefix)
	attrs     []attr
	kids      []*node
	text      string // the text of a text node
	line, col int
	parent    *node
	used      bool // text: kept somewhere; element: passed through whole
	foreign   bool // an element of another namespace: dropped, and reported
}

type attr struct {
	space, name, value string
	used               bool
}

// is reports whether n is an element named one of names.
func (n *node) is(names ...string) bool {
	if n == nil || n.name == "" {
		return false
	}
	for _, s := range names {
		if n.name == s {
			return true
		}
	}
	return false
}

// attr returns the value of an attribute of n by local name, in no
// namespace or in the XLink namespace (DTD-era files write href, newer
// ones xlink:href), and marks it kept.
func (n *node) attr(name string) string {
	for i := range n.attrs {
		a := &n.attrs[i]
		if a.name == name && (a.space == "" || a.space == xlinkNS || a.space == "xlink") {
			a.used = true
			return strings.TrimSpace(a.value)
		}
	}
	return ""
}

// elems returns the element children of n.
func (n *node) elems() []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name != "" {
			out = append(out, k)
		}
	}
	return out
}

// child returns the first element child named name.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// A SyntaxError is input that is not well-formed XML, or not EAD at all.
type SyntaxError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// maxDepth bounds element nesting; EAD needs a few dozen levels.
const maxDepth = 512

// document is what parsing found around the ead element.
type document struct {
	ead      *node
	encoding string // as declared, or "UTF-8"
	wrapper  string // the root element when ead is wrapped (OAI-PMH)
	doctype  bool
	comments []int // lines of comments, which are not kept
}

var entityDecl = regexp.MustCompile(`<!ENTITY\s+([A-Za-z_][A-Za-z0-9._-]*)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)`)

// Bounds on the entities a DOCTYPE declares: the text of one, and the text
// all their uses add to the document.
const (
	maxEntity    = 64 << 10
	maxExpansion = 16 << 20
)

// entityGrowth is how much text the uses of the declared entities add to
// data (each use copies its entity's text), counted in one pass and
// stopping once past maxExpansion.
func entityGrowth(data []byte, declared map[string]bool, entities map[string]string) int {
	grow := 0
	if len(declared) == 0 {
		return 0
	}
	for rest := data; grow <= maxExpansion; {
		i := bytes.IndexByte(rest, '&')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		j := 0
		for j < len(rest) && (rest[j] == '.' || rest[j] == '_' || rest[j] == '-' || rest[j] >= '0' && rest[j] <= '9' ||
			rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] >= 'a' && rest[j] <= 'z') {
			j++
		}
		if j < len(rest) && rest[j] == ';' && declared[string(rest[:j])] {
			grow += len(entities[string(rest[:j])])
		}
	}
	return grow
}

// parse reads an EAD document: in any of the encodings real finding aids
// declare, with or without a DOCTYPE (whose DTD is never read: named
// entities come from the ISO sets built in), namespaced or not, the ead
// element at the root or wrapped (OAI-PMH). It returns the ead element.
func parse(r io.Reader, file string) (*document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data, enc, err := decodeBOM(data)
	if err != nil {
		return nil, &SyntaxError{File: file, Msg: err.Error()}
	}
	doc := &document{encoding: enc}
	entities := make(map[string]string, len(isoEntities)+len(xml.HTMLEntity))
	for k, v := range xml.HTMLEntity {
		entities[k] = v
	}
	for k, v := range isoEntities {
		entities[k] = v
	}
	external := map[string]bool{}
	declared := map[string]bool{} // entities the DOCTYPE declares
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = entities
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		doc.encoding = label
		return charsetReader(label, in, enc != "")
	}
	var stack []*node
	depth := 0
	fail := func(msg string) error {
		line, col := d.InputPos()
		return &SyntaxError{File: file, Line: line, Col: col, Msg: msg}
	}
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
				if m := badEntity.FindStringSubmatch(msg); m != nil && external[m[1]] {
					msg = fmt.Sprintf("entity &%s; is declared as an external file, which fonds does not read", m[1])
				}
			}
			return nil, fail("malformed XML: " + msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, fail(fmt.Sprintf("elements nested deeper than %d levels", maxDepth))
			}
			if len(stack) == 0 {
				switch {
				case doc.ead != nil && t.Name.Local == "ead":
					return nil, fail("the file holds more than one finding aid (ead element); fonds import reads one at a time")
				case doc.ead != nil || t.Name.Local != "ead":
					if doc.ead == nil && doc.wrapper == "" {
						doc.wrapper = t.Name.Local
					}
					continue // a wrapper around the ead element (OAI-PMH)
				}
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, line: line, col: col}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue // namespace declarations
				}
				n.attrs = append(n.attrs, attr{space: a.Name.Space, name: a.Name.Local, value: a.Value})
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				n.parent = p
				p.kids = append(p.kids, n)
			} else {
				doc.ead = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			depth--
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			p := stack[len(stack)-1]
			if k := len(p.kids); k > 0 && p.kids[k-1].name == "" {
				p.kids[k-1].text += string(t)
				continue
			}
			p.kids = append(p.kids, &node{text: string(t), line: line, col: col, parent: p})
		case xml.ProcInst:
			if t.Target == "xml" && doc.encoding == "" {
				if m := declEncoding.FindSubmatch(t.Inst); m != nil {
					doc.encoding = string(m[1])
				}
			}
		case xml.Comment:
			if len(stack) > 0 {
				doc.comments = append(doc.comments, line)
			}
		case xml.Directive:
			if bytes.HasPrefix(t, []byte("DOCTYPE")) {
				doc.doctype = true
				for _, m := range entityDecl.FindAllSubmatch(t, -1) {
					name := string(m[1])
					if len(m[4]) > 0 {
						external[name] = true
						continue
					}
					val := string(m[2]) + string(m[3])
					if _, ok := entities[name]; !ok {
						v := expandRefs(val, entities)
						if len(v) > maxEntity {
							return nil, fail(fmt.Sprintf("entity &%s; expands to more than %d KiB of text; fonds refuses it (entities that expand so far are an attack, the \"billion laughs\")", name, maxEntity>>10))
						}
						entities[name] = v
						declared[name] = true
					}
				}
				if entityGrowth(data, declared, entities) > maxExpansion {
					return nil, fail(fmt.Sprintf("the entities declared in the DOCTYPE expand to more than %d MiB of text; fonds refuses them (entities that expand so far are an attack, the \"billion laughs\")", maxExpansion>>20))
				}
			}
		}
	}
	if doc.ead == nil {
		return nil, &SyntaxError{File: file, Msg: "no ead element: this is not an EAD finding aid"}
	}
	if doc.encoding == "" {
		doc.encoding = "UTF-8"
	}
	return doc, nil
}

var declEncoding = regexp.MustCompile(`encoding\s*=\s*["']([^"']+)["']`)

var badEntity = regexp.MustCompile(`invalid character entity &([^;]+);`)
var charRefs = regexp.MustCompile(`&#[xX]([0-9A-Fa-f]+);|&#([0-9]+);|&([A-Za-z_][A-Za-z0-9._-]*);`)

// expandRefs resolves character and entity references in an entity value
// declared in the DOCTYPE's internal subset.
func expandRefs(s string, entities map[string]string) string {
	return charRefs.ReplaceAllStringFunc(s, func(ref string) string {
		m := charRefs.FindStringSubmatch(ref)
		var r rune
		switch {
		case m[1] != "":
			var v int
			fmt.Sscanf(m[1], "%x", &v)
			r = rune(v)
		case m[2] != "":
			var v int
			fmt.Sscanf(m[2], "%d", &v)
			r = rune(v)
		default:
			switch m[3] {
			case "amp":
				return "&"
			case "lt":
				return "<"
			case "gt":
				return ">"
			case "quot":
				return `"`
			case "apos":
				return "'"
			}
			if v, ok := entities[m[3]]; ok {
				return v
			}
			return ref
		}
		if !utf8.ValidRune(r) {
			return ""
		}
		return string(r)
	})
}

// decodeBOM strips a UTF-8 byte order mark and turns UTF-16 (which
// encoding/xml cannot read) into UTF-8. It returns the encoding it decoded,
// or "" when the bytes are left for the XML declaration to name.
func decodeBOM(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], "", nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		be := data[0] == 0xFE
		data = data[2:]
		if len(data)%2 != 0 {
			return nil, "", errors.New("UTF-16 text with an odd number of bytes")
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if be {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return []byte(string(utf16.Decode(u))), "UTF-16", nil
	}
	return data, "", nil
}

// charsetReader reads the single-byte encodings real finding aids declare.
// ISO-8859-1 maps each byte to the same code point; windows-1252 differs
// in 0x80–0x9F. A file already decoded from UTF-16 passes through.
func charsetReader(label string, in io.Reader, decoded bool) (io.Reader, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	l = strings.NewReplacer("_", "-", " ", "-").Replace(l)
	switch {
	case decoded && strings.HasPrefix(l, "utf-16"):
		return in, nil
	case l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii":
		return in, nil
	case l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "latin-1" || l == "l1" || l == "iso-ir-100":
		return &singleByte{r: in}, nil
	case l == "windows-1252" || l == "cp1252" || l == "x-cp1252":
		return &singleByte{r: in, table: &cp1252}, nil
	}
	return nil, fmt.Errorf("encoding %q is not supported (fonds import reads UTF-8, UTF-16, ISO-8859-1 and windows-1252)", label)
}

// cp1252 holds the code points of windows-1252 bytes 0x80–0x9F; the five
// bytes it leaves undefined map to the C1 controls, as ISO-8859-1 does.
var cp1252 = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

type singleByte struct {
	r     io.Reader
	table *[32]rune
	buf   []byte
	pend  []byte
}

func (s *singleByte) Read(p []byte) (int, error) {
	for len(s.pend) == 0 {
		if cap(s.buf) == 0 {
			s.buf = make([]byte, 16<<10)
		}
		n, err := s.r.Read(s.buf[:cap(s.buf)/2])
		out := s.pend[:0]
		for _, b := range s.buf[:n] {
			switch {
			case b < 0x80:
				out = append(out, b)
			case b < 0xA0 && s.table != nil:
				out = utf8.AppendRune(out, s.table[b-0x80])
			default:
				out = utf8.AppendRune(out, rune(b))
			}
		}
		s.pend = out
		if n == 0 && err != nil {
			return 0, err
		}
	}
	n := copy(p, s.pend)
	s.pend = s.pend[n:]
	return n, nil
}
