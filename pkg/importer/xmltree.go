package importer

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/fonds-archive/fonds/pkg/ead"
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

// parse reads an EAD document: in any of the encodings real finding aids
// declare, with or without a DOCTYPE (whose DTD is never read: named
// entities come from the ISO sets built in), namespaced or not, the ead
// element at the root or wrapped (OAI-PMH). It returns the ead element.
func parse(r io.Reader, file string) (*document, error) {
	src, enc := bomReader(bufio.NewReaderSize(r, 64<<10))
	sc := &scanner{r: bufio.NewReaderSize(src, 64<<10), file: file, line: 1, col: 1}
	ents := newEntities(file)
	pro, err := readProlog(sc, ents)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, &SyntaxError{File: file, Msg: err.Error()}
	}
	rest, err := io.ReadAll(sc.r)
	if err != nil {
		return nil, &SyntaxError{File: file, Msg: err.Error()}
	}
	if at, ok := ents.growth(rest); !ok {
		line := sc.line + bytes.Count(rest[:at], []byte("\n"))
		col := at - bytes.LastIndexByte(rest[:at], '\n')
		if line == sc.line {
			col = sc.col + at
		}
		return nil, &SyntaxError{File: file, Line: line, Col: col, Msg: fmt.Sprintf("the entities declared in the DOCTYPE expand to more than %d MiB of text; fonds refuses them (entities that expand so far are an attack, the \"billion laughs\")", maxExpansion>>20)}
	}
	doc := &document{encoding: enc, doctype: pro.doctype}
	d := xml.NewDecoder(io.MultiReader(bytes.NewReader(pro.decl), &padding{pro.lines, pro.cols}, bytes.NewReader(rest)))
	d.Strict = true
	d.Entity = ents.decoder
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		doc.encoding = label
		return charsetReader(label, in, enc != "")
	}
	var stack []*node
	scopes := [][]xml.Attr{nil} // namespace declarations in scope, for entities with markup
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
			msg := xmlMsg(err)
			if m := badEntity.FindStringSubmatch(msg); m != nil && ents.external[m[1]] {
				msg = fmt.Sprintf("entity &%s; is declared as an external file, which fonds does not read", m[1])
			}
			return nil, fail("malformed XML: " + msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, fail(fmt.Sprintf("elements nested deeper than %d levels", maxDepth))
			}
			scope := nsScope(scopes[len(scopes)-1], t.Attr)
			scopes = append(scopes, scope)
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
				v := a.Value
				if ents.hasMarker([]byte(v)) {
					if v, err = ents.attrText(v, scope, depth, line, col); err != nil {
						return nil, err
					}
				}
				n.attrs = append(n.attrs, attr{space: a.Name.Space, name: a.Name.Local, value: v})
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
			scopes = scopes[:len(scopes)-1]
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			p := stack[len(stack)-1]
			kids := []*node{{text: string(t), line: line, col: col}}
			if ents.hasMarker(t) {
				if kids, err = ents.splice(string(t), line, col, scopes[len(scopes)-1], depth); err != nil {
					return nil, err
				}
			}
			for _, k := range kids {
				if k.name == "" {
					if n := len(p.kids); n > 0 && p.kids[n-1].name == "" {
						p.kids[n-1].text += k.text
						continue
					}
				}
				k.parent = p
				p.kids = append(p.kids, k)
			}
		case xml.ProcInst:
			if t.Target == "xml" && doc.encoding == "" {
				if m := declEncoding.FindSubmatch(t.Inst); m != nil {
					doc.encoding = string(m[1])
				}
			}
		case xml.Comment:
			// encoding/xml checks a comment's "--" but not its
			// characters, which XML restricts as in text.
			for i := 0; i < len(t); {
				r, w := utf8.DecodeRune(t[i:])
				switch {
				case r == utf8.RuneError && w == 1:
					return nil, &SyntaxError{File: file, Line: line, Col: col, Msg: "malformed XML: a comment holds bytes that are not UTF-8"}
				case !ead.XMLChar(r):
					return nil, &SyntaxError{File: file, Line: line, Col: col, Msg: fmt.Sprintf("malformed XML: a comment holds the character U+%04X, which XML does not allow", r)}
				}
				i += w
			}
			if len(stack) > 0 {
				doc.comments = append(doc.comments, line)
			}
		case xml.Directive:
			if bytes.HasPrefix(t, []byte("DOCTYPE")) {
				return nil, fail("malformed XML: a DOCTYPE after the root element's start")
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
