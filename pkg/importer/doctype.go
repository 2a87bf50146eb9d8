package importer

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// fonds import reads the DOCTYPE of DTD-era finding aids itself, as a
// stream, before the rest of the file is read: its internal subset may
// declare entities, which fonds expands as XML does, and which a hostile
// file can make enormous (one entity of a gigabyte), endless (a → b → a)
// or exponential (the "billion laughs"). The DTD it names is never read.
//
//   - One entity's text may be at most 64 KiB, as written and once the
//     entities it uses are expanded; the texts of all the entities the
//     DOCTYPE declares at most 1 MiB; and all their uses in the document
//     may add at most 16 MiB. A file past a bound is refused at the line
//     of the entity (or of the use), having read no more of it than the
//     bound and a buffer.
//   - An entity that uses itself, directly or through others, is refused
//     with the cycle.
//   - An entity's text is XML: markup in it (boilerplate notes with
//     their <p> and <emph>, as DTD-era files declare them) becomes
//     elements where the entity is used in text, exactly as if written
//     there; in an attribute value, where XML allows no markup, it is
//     refused.

// Bounds on what the DOCTYPE declares.
const (
	maxEntity    = 64 << 10 // the text of one entity, as written and expanded
	maxDeclared  = 1 << 20  // the names and texts of all the entities declared
	maxExpansion = 16 << 20 // what the uses of declared entities add to the document
	maxDTDToken  = 4 << 10  // a name, a quoted identifier or the XML declaration
)

// An entity is a general entity the DOCTYPE declares.
type entity struct {
	name      string
	text      string // replacement text: character references expanded, entity references kept
	line, col int    // of its declaration
	size      int    // length once expanded; -1 until known
	nodes     []*node
	parsed    bool
}

// entities are those the DOCTYPE declares, with the named character
// entities fonds knows without a DTD.
type entities struct {
	file     string
	list     []*entity // in the order declared
	byName   map[string]*entity
	external map[string]bool   // declared SYSTEM or PUBLIC: never read
	decoder  map[string]string // what encoding/xml substitutes for &name;
	declared int               // bytes of names and texts declared
}

func newEntities(file string) *entities {
	es := &entities{file: file, byName: map[string]*entity{}, external: map[string]bool{},
		decoder: make(map[string]string, len(isoEntities)+len(xml.HTMLEntity))}
	for k, v := range xml.HTMLEntity {
		es.decoder[k] = v
	}
	for k, v := range isoEntities {
		es.decoder[k] = v
	}
	return es
}

// A declared entity reaches the decoder as a marker it copies into the
// text (U+FDD0, the entity's number, U+FDD1: noncharacters, which no
// finding aid holds); parse replaces each marker with what the entity
// expands to. encoding/xml substitutes entity text without reading it as
// XML, so the markers are how fonds gets markup in entities parsed.
const (
	markOpen  = '\uFDD0'
	markClose = '\uFDD1'
)

func marker(i int) string { return string(markOpen) + strconv.Itoa(i) + string(markClose) }

// hasMarker reports whether decoded text holds an entity's marker.
func (es *entities) hasMarker(s []byte) bool {
	return len(es.list) > 0 && bytes.ContainsRune(s, markOpen)
}

// A scanner reads the start of a file byte by byte, counting lines and
// columns as encoding/xml does (columns in bytes, lines at '\n').
type scanner struct {
	r         *bufio.Reader
	file      string
	line, col int
}

func (s *scanner) next() (byte, error) {
	b, err := s.r.ReadByte()
	if err != nil {
		return 0, err
	}
	if b == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	return b, nil
}

func (s *scanner) peek(n int) []byte {
	p, _ := s.r.Peek(n)
	return p
}

func (s *scanner) has(prefix string) bool {
	return bytes.HasPrefix(s.peek(len(prefix)), []byte(prefix))
}

func (s *scanner) skip(n int) error {
	for range n {
		if _, err := s.next(); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) errorAt(line, col int, format string, args ...any) error {
	return &SyntaxError{File: s.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) eof(what string) error {
	return s.errorAt(s.line, s.col, "malformed XML: the file ends inside %s", what)
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func (s *scanner) skipSpace() bool {
	any := false
	for {
		p := s.peek(1)
		if len(p) == 0 || !isSpace(p[0]) {
			return any
		}
		s.next()
		any = true
	}
}

// until skips past the first occurrence of end; what it skips is not kept.
func (s *scanner) until(end, what string) error {
	matched := 0
	for matched < len(end) {
		b, err := s.next()
		if err != nil {
			return s.eof(what)
		}
		switch {
		case b == end[matched]:
			matched++
		case b == end[0]:
			matched = 1
		default:
			matched = 0
		}
	}
	return nil
}

func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '-' || b == '_' ||
		b == ':' || b >= 0x80
}

// name reads an XML name.
func (s *scanner) name(what string) (string, error) {
	var b []byte
	for {
		p := s.peek(1)
		if len(p) == 0 || !isNameByte(p[0]) {
			break
		}
		if len(b) == maxDTDToken {
			return "", s.errorAt(s.line, s.col, "malformed XML: a name in the DOCTYPE is longer than %d bytes", maxDTDToken)
		}
		s.next()
		b = append(b, p[0])
	}
	if len(b) == 0 {
		return "", s.errorAt(s.line, s.col, "malformed XML: %s expected in the DOCTYPE", what)
	}
	return string(b), nil
}

// literal reads a quoted string of at most limit bytes; keep=false reads
// it without keeping it, whatever its length.
func (s *scanner) literal(limit int, keep bool, tooLong func() error) (string, error) {
	q, err := s.next()
	if err != nil {
		return "", s.eof("the DOCTYPE")
	}
	if q != '"' && q != '\'' {
		return "", s.errorAt(s.line, s.col-1, "malformed XML: a quoted value expected in the DOCTYPE, not %q", q)
	}
	var b []byte
	for {
		c, err := s.next()
		if err != nil {
			return "", s.eof("a quoted value of the DOCTYPE")
		}
		if c == q {
			return string(b), nil
		}
		if keep {
			if len(b) == limit {
				return "", tooLong()
			}
			b = append(b, c)
		}
	}
}

// A prolog is what fonds read of a file before handing the rest to
// encoding/xml: the XML declaration, given to the decoder as written, and
// everything up to the end of the DOCTYPE, which the decoder gets as
// whitespace with the same line breaks, so that every position it reports
// is the file's.
type prolog struct {
	decl      []byte
	lines     int // line breaks after the declaration, up to the end of the DOCTYPE
	cols      int // bytes after the last of them
	encoding  string
	doctype   bool
	doctypeAt int // line of the DOCTYPE
}

// readProlog reads the XML declaration, comments and processing
// instructions and the DOCTYPE, stopping at the root element (or at
// anything else, which the decoder reports).
func readProlog(s *scanner, es *entities) (*prolog, error) {
	pro := &prolog{}
	if s.isDecl() {
		for !bytes.HasSuffix(pro.decl, []byte("?>")) {
			b, err := s.next()
			if err != nil {
				return nil, s.eof("the XML declaration")
			}
			if len(pro.decl) == maxDTDToken {
				return nil, s.errorAt(1, 1, "malformed XML: the XML declaration is longer than %d bytes", maxDTDToken)
			}
			pro.decl = append(pro.decl, b)
		}
		if m := declEncoding.FindSubmatch(pro.decl); m != nil {
			pro.encoding = string(m[1])
		}
	}
	line0, col0 := s.line, s.col
	defer func() {
		pro.lines = s.line - line0
		if pro.lines > 0 {
			pro.cols = s.col - 1
		} else {
			pro.cols = s.col - col0
		}
	}()
	for {
		s.skipSpace()
		switch {
		case s.has("<!--"):
			if err := s.until("-->", "a comment"); err != nil {
				return nil, err
			}
		case s.has("<?") && !s.isDecl():
			if err := s.until("?>", "a processing instruction"); err != nil {
				return nil, err
			}
		case s.has("<!DOCTYPE"):
			pro.doctype, pro.doctypeAt = true, s.line
			if err := s.doctype(es, pro.encoding); err != nil {
				return nil, err
			}
			return pro, es.finish()
		default:
			// The root element, or what the decoder reports; never a
			// DOCTYPE, which the decoder would read whole.
			if p := s.peek(2); len(p) == 2 && p[0] == '<' && p[1] != '!' && p[1] != '?' || len(p) == 0 {
				return pro, nil
			}
			return nil, s.errorAt(s.line, s.col, "malformed XML: %q where the root element or the DOCTYPE should start", string(s.peek(1)))
		}
	}
}

// isDecl reports whether the XML declaration starts here.
func (s *scanner) isDecl() bool {
	p := s.peek(6)
	return len(p) == 6 && bytes.HasPrefix(p, []byte("<?xml")) && (isSpace(p[5]) || p[5] == '?')
}

// doctype reads a DOCTYPE declaration and the entities of its internal
// subset.
func (s *scanner) doctype(es *entities, encoding string) error {
	s.skip(len("<!DOCTYPE"))
	if !s.skipSpace() {
		return s.errorAt(s.line, s.col, "malformed XML: a space expected after <!DOCTYPE")
	}
	if _, err := s.name("the root element's name"); err != nil {
		return err
	}
	s.skipSpace()
	if s.has("SYSTEM") || s.has("PUBLIC") {
		if err := s.externalID(); err != nil {
			return err
		}
		s.skipSpace()
	}
	if s.has("[") {
		s.next()
		if err := s.subset(es, encoding); err != nil {
			return err
		}
		s.skipSpace()
	}
	b, err := s.next()
	if err != nil {
		return s.eof("the DOCTYPE")
	}
	if b != '>' {
		return s.errorAt(s.line, s.col-1, "malformed XML: %q where the DOCTYPE should end with >", b)
	}
	return nil
}

// externalID reads SYSTEM "uri" or PUBLIC "id" "uri", which fonds never
// follows.
func (s *scanner) externalID() error {
	public := s.has("PUBLIC")
	s.skip(6)
	n := 1
	if public {
		n = 2
	}
	for i := range n {
		s.skipSpace()
		if i == 1 && !s.has(`"`) && !s.has("'") {
			return nil // PUBLIC with no system id, as in a NOTATION
		}
		if _, err := s.literal(0, false, nil); err != nil {
			return err
		}
	}
	return nil
}

// subset reads the internal subset up to its ]: entity declarations are
// kept, every other declaration, comment or processing instruction is
// read past.
func (s *scanner) subset(es *entities, encoding string) error {
	for {
		s.skipSpace()
		p := s.peek(1)
		switch {
		case len(p) == 0:
			return s.eof("the DOCTYPE")
		case p[0] == ']':
			s.next()
			return nil
		case p[0] == '%': // a parameter entity reference: fonds reads no DTD
			s.next()
			if _, err := s.name("a parameter entity's name"); err != nil {
				return err
			}
			if b, err := s.next(); err != nil || b != ';' {
				return s.errorAt(s.line, s.col, "malformed XML: ; expected after a parameter entity reference")
			}
		case s.has("<!--"):
			if err := s.until("-->", "a comment"); err != nil {
				return err
			}
		case s.has("<?"):
			if err := s.until("?>", "a processing instruction"); err != nil {
				return err
			}
		case s.has("<!ENTITY"):
			if err := s.entityDecl(es, encoding); err != nil {
				return err
			}
		case s.has("<!ELEMENT"), s.has("<!ATTLIST"), s.has("<!NOTATION"):
			if err := s.skipDecl(); err != nil {
				return err
			}
		default:
			return s.errorAt(s.line, s.col, "malformed XML: unexpected %q in the DOCTYPE", p[0])
		}
	}
}

// skipDecl reads past a markup declaration, whose quoted values may hold >.
func (s *scanner) skipDecl() error {
	s.skip(2)
	return s.skipRest()
}

// skipRest reads past the rest of a markup declaration, up to its >.
func (s *scanner) skipRest() error {
	for {
		p := s.peek(1)
		if len(p) == 0 {
			return s.eof("a declaration of the DOCTYPE")
		}
		switch p[0] {
		case '"', '\'':
			if _, err := s.literal(0, false, nil); err != nil {
				return err
			}
		case '>':
			s.next()
			return nil
		default:
			s.next()
		}
	}
}

// entityDecl reads <!ENTITY name "text"> (kept) or an external or
// parameter entity (recorded, or read past).
func (s *scanner) entityDecl(es *entities, encoding string) error {
	line, col := s.line, s.col
	s.skip(len("<!ENTITY"))
	if !s.skipSpace() {
		return s.errorAt(s.line, s.col, "malformed XML: a space expected after <!ENTITY")
	}
	if s.has("%") { // a parameter entity, for the DTD: not read
		return s.skipRest()
	}
	name, err := s.name("an entity's name")
	if err != nil {
		return err
	}
	s.skipSpace()
	if s.has("SYSTEM") || s.has("PUBLIC") {
		if err := s.externalID(); err != nil {
			return err
		}
		es.external[name] = true
		return s.skipRest() // NDATA and the closing >
	}
	text, err := s.literal(maxEntity, true, func() error {
		return s.errorAt(line, col, "entity &%s; is longer than %d KiB; fonds refuses it (an entity that large is an attack or a mistake)", name, maxEntity>>10)
	})
	if err != nil {
		return err
	}
	s.skipSpace()
	if b, err := s.next(); err != nil || b != '>' {
		return s.errorAt(s.line, s.col, "malformed XML: > expected at the end of the declaration of entity &%s;", name)
	}
	if _, dup := es.byName[name]; dup || es.external[name] || predefined[name] {
		return nil // the first declaration binds; XML's own five are fixed
	}
	if es.declared += len(name) + len(text); es.declared > maxDeclared {
		return s.errorAt(line, col, "the entities the DOCTYPE declares hold more than %d MiB of text; fonds refuses them (entities that large are an attack or a mistake)", maxDeclared>>20)
	}
	text, err = decodeEntity(text, encoding)
	if err != nil {
		return s.errorAt(line, col, "entity &%s;: %v", name, err)
	}
	e := &entity{name: name, text: expandCharRefs(text), line: line, col: col, size: -1}
	es.byName[name] = e
	es.list = append(es.list, e)
	es.decoder[name] = marker(len(es.list) - 1)
	return nil
}

var predefined = map[string]bool{"lt": true, "gt": true, "amp": true, "apos": true, "quot": true}

// decodeEntity turns an entity's text, read as bytes of the file, into
// UTF-8 as the decoder reads the rest of the file.
func decodeEntity(text, encoding string) (string, error) {
	if encoding == "" || isASCII(text) {
		return text, nil
	}
	r, err := charsetReader(encoding, strings.NewReader(text), false)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(r)
	return string(b), err
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// expandCharRefs replaces the character references of an entity's text,
// as XML does when it reads the declaration; entity references stay, to
// be expanded where the entity is used.
func expandCharRefs(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "&#")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ';')
		if j < 0 {
			break
		}
		ref := s[i+2 : i+j]
		var n uint64
		var err error
		if strings.HasPrefix(ref, "x") {
			n, err = strconv.ParseUint(ref[1:], 16, 32)
		} else {
			n, err = strconv.ParseUint(ref, 10, 32)
		}
		b.WriteString(s[:i])
		if err != nil || !utf8.ValidRune(rune(n)) {
			b.WriteString(s[i : i+j+1]) // left for the decoder to refuse
		} else {
			b.WriteRune(rune(n))
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// refs calls fn for each entity reference &name; in s, with its offset.
func refs(s string, fn func(name string, at int) bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if j > i+1 && j < len(s) && s[j] == ';' {
			if !fn(s[i+1:j], i) {
				return
			}
		}
	}
}

// finish checks the entities once the DOCTYPE is read (an entity may use
// one declared after it): none uses itself, and none expands past
// maxEntity.
func (es *entities) finish() error {
	for _, e := range es.list {
		if _, err := es.expandedSize(e, nil); err != nil {
			return err
		}
	}
	return nil
}

// expandedSize is the length of e's text once every entity in it is
// expanded, computed once; path holds the entities being expanded, to
// find cycles.
func (es *entities) expandedSize(e *entity, path []*entity) (int, error) {
	if e.size >= 0 {
		return e.size, nil
	}
	for i, p := range path {
		if p == e {
			var names []string
			for _, q := range path[i:] {
				names = append(names, "&"+q.name+";")
			}
			first := path[i]
			return 0, &SyntaxError{File: es.file, Line: first.line, Col: first.col,
				Msg: fmt.Sprintf("entity &%s; refers to itself (%s → &%s;); fonds refuses it, as XML does", first.name, strings.Join(names, " → "), first.name)}
		}
	}
	path = append(path, e)
	size := len(e.text)
	var err error
	refs(e.text, func(name string, _ int) bool {
		size -= len(name) + 2
		d := es.byName[name]
		if d == nil {
			size += len(es.decoder[name]) // a character entity, or one the decoder will refuse
			return true
		}
		var n int
		if n, err = es.expandedSize(d, path); err != nil {
			return false
		}
		size += n
		return size <= maxEntity
	})
	if err != nil {
		return 0, err
	}
	if size > maxEntity {
		return 0, &SyntaxError{File: es.file, Line: e.line, Col: e.col,
			Msg: fmt.Sprintf("entity &%s; expands to more than %d KiB of text; fonds refuses it (entities that expand so far are an attack, the \"billion laughs\")", e.name, maxEntity>>10)}
	}
	e.size = size
	return size, nil
}

// growth checks what the uses of the declared entities in the rest of the
// file add to it, counted on the text before it is parsed and stopping at
// the use past maxExpansion, whose offset in rest it returns.
func (es *entities) growth(rest []byte) (int, bool) {
	if len(es.list) == 0 {
		return 0, true
	}
	grow := 0
	for i := 0; i < len(rest); i++ {
		if rest[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(rest) && isNameByte(rest[j]) {
			j++
		}
		if j < len(rest) && rest[j] == ';' {
			if e := es.byName[string(rest[i+1:j])]; e != nil {
				if grow += e.size; grow > maxExpansion {
					return i, false
				}
			}
		}
	}
	return 0, true
}

// splice turns decoded text holding entity markers into nodes: text, and
// what each entity expands to, parsed as XML content in the namespaces in
// scope, each positioned at the reference. depth is how deep the text
// stands.
func (es *entities) splice(text string, line, col int, scope []xml.Attr, depth int) ([]*node, error) {
	var out []*node
	addText := func(t string, l, c int) {
		if t == "" {
			return
		}
		if k := len(out); k > 0 && out[k-1].name == "" {
			out[k-1].text += t
			return
		}
		out = append(out, &node{text: t, line: l, col: c})
	}
	rest := text
	for {
		i, e, end := es.nextMarker(rest)
		if e == nil {
			addText(rest, line, col)
			return out, nil
		}
		addText(rest[:i], line, col)
		// the reference's position: after the text before it
		if nl := strings.Count(rest[:i], "\n"); nl > 0 {
			line += nl
			col = 1 + len(rest[:i]) - strings.LastIndexByte(rest[:i], '\n') - 1
		} else {
			col += i
		}
		nodes, err := es.parseEntity(e, scope, depth)
		if err != nil {
			return nil, &SyntaxError{File: es.file, Line: line, Col: col, Msg: err.Error()}
		}
		for _, n := range nodes {
			c := clone(n, line, col)
			if c.name == "" {
				addText(c.text, line, col)
			} else {
				out = append(out, c)
			}
		}
		rest = rest[end:]
	}
}

// nextMarker finds the first entity marker in s: where it starts and
// ends, and its entity (nil when there is none).
func (es *entities) nextMarker(s string) (int, *entity, int) {
	from := 0
	for {
		i := strings.IndexRune(s[from:], markOpen)
		if i < 0 {
			return 0, nil, 0
		}
		i += from
		j := i + utf8.RuneLen(markOpen)
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j && strings.HasPrefix(s[k:], string(markClose)) {
			if n, err := strconv.Atoi(s[j:k]); err == nil && n < len(es.list) {
				return i, es.list[n], k + utf8.RuneLen(markClose)
			}
		}
		from = j // a noncharacter in the text itself: left as it is
	}
}

// attrText expands the entities of an attribute value, where XML allows
// no markup.
func (es *entities) attrText(v string, scope []xml.Attr, depth int, line, col int) (string, error) {
	nodes, err := es.splice(v, line, col, scope, depth)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, n := range nodes {
		if n.name != "" {
			return "", &SyntaxError{File: es.file, Line: line, Col: col,
				Msg: fmt.Sprintf("an entity used in an attribute value holds markup (<%s>), which XML does not allow there", n.name)}
		}
		b.WriteString(n.text)
	}
	return b.String(), nil
}

// parseEntity parses e's text as XML content, once per namespace scope.
func (es *entities) parseEntity(e *entity, scope []xml.Attr, depth int) ([]*node, error) {
	if e.parsed && len(scope) == 0 {
		return e.nodes, nil
	}
	var open strings.Builder
	open.WriteString("<fonds-entity")
	for _, a := range scope {
		if a.Name.Space == "" {
			fmt.Fprintf(&open, ` xmlns="%s"`, escapeAttr(a.Value))
		} else {
			fmt.Fprintf(&open, ` xmlns:%s="%s"`, a.Name.Local, escapeAttr(a.Value))
		}
	}
	open.WriteString(">")
	d := xml.NewDecoder(strings.NewReader(open.String() + e.text + "</fonds-entity>"))
	d.Strict = true
	d.Entity = es.decoder
	var stack []*node
	var top []*node
	add := func(n *node) {
		if len(stack) == 1 {
			top = append(top, n)
		} else {
			p := stack[len(stack)-1]
			n.parent = p
			p.kids = append(p.kids, n)
		}
	}
	scopes := [][]xml.Attr{scope}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := xmlMsg(err)
			if m := closedByWrapper.FindStringSubmatch(msg); m != nil {
				msg = "element <" + m[1] + "> is not closed in it"
			}
			return nil, fmt.Errorf("entity &%s; (declared on line %d) holds XML that is not well-formed: %s", e.name, e.line, msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			sc := nsScope(scopes[len(scopes)-1], t.Attr)
			scopes = append(scopes, sc)
			if len(stack) == 0 {
				stack = append(stack, &node{name: t.Name.Local})
				continue
			}
			if depth+len(stack) > maxDepth {
				return nil, fmt.Errorf("elements nested deeper than %d levels (entity &%s;)", maxDepth, e.name)
			}
			n := &node{name: t.Name.Local, space: t.Name.Space}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				v := a.Value
				if es.hasMarker([]byte(v)) {
					if v, err = es.attrText(v, sc, depth+len(stack), e.line, e.col); err != nil {
						return nil, errors.New(msgOf(err))
					}
				}
				n.attrs = append(n.attrs, attr{space: a.Name.Space, name: a.Name.Local, value: v})
			}
			add(n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if !es.hasMarker(t) {
				add(&node{text: string(t)})
				continue
			}
			kids, err := es.splice(string(t), 0, 0, scopes[len(scopes)-1], depth+len(stack))
			if err != nil {
				return nil, errors.New(msgOf(err))
			}
			for _, k := range kids {
				add(k)
			}
		}
	}
	if len(scope) == 0 {
		e.nodes, e.parsed = top, true
	}
	return top, nil
}

var closedByWrapper = regexp.MustCompile(`^element <(\S+)> closed by </fonds-entity>`)

// xmlMsg is what encoding/xml says is wrong, without its "XML syntax
// error on line N" (fonds gives the line and column itself).
func xmlMsg(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// msgOf is an error's message without its position: the position given
// is the outer reference's.
func msgOf(err error) string {
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// nsScope is the namespace declarations in scope in an element: its
// parent's, then its own.
func nsScope(parent []xml.Attr, attrs []xml.Attr) []xml.Attr {
	var own []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			own = append(own, a)
		}
	}
	if len(own) == 0 {
		return parent
	}
	return append(append([]xml.Attr(nil), parent...), own...)
}

// clone copies a node parsed from an entity, for one use of it, at the
// position of the reference.
func clone(n *node, line, col int) *node {
	c := &node{name: n.name, space: n.space, text: n.text, line: line, col: col,
		attrs: append([]attr(nil), n.attrs...)}
	for _, k := range n.kids {
		kc := clone(k, line, col)
		kc.parent = c
		c.kids = append(c.kids, kc)
	}
	return c
}

// bomReader strips a UTF-8 byte order mark and decodes UTF-16 (which
// encoding/xml cannot read) into UTF-8 as it is read. It returns the
// encoding it decodes, or "" when the bytes are left for the XML
// declaration to name.
func bomReader(br *bufio.Reader) (io.Reader, string) {
	p, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(p, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, ""
	case bytes.HasPrefix(p, []byte{0xFE, 0xFF}), bytes.HasPrefix(p, []byte{0xFF, 0xFE}):
		br.Discard(2)
		return &utf16Reader{r: br, be: p[0] == 0xFE}, "UTF-16"
	}
	return br, ""
}

// utf16Reader turns UTF-16 into UTF-8 as it is read.
type utf16Reader struct {
	r    *bufio.Reader
	be   bool
	pend []byte
	err  error
}

func (u *utf16Reader) unit() (uint16, error) {
	a, err := u.r.ReadByte()
	if err != nil {
		return 0, err
	}
	b, err := u.r.ReadByte()
	if err != nil {
		return 0, errors.New("UTF-16 text with an odd number of bytes")
	}
	if u.be {
		return uint16(a)<<8 | uint16(b), nil
	}
	return uint16(b)<<8 | uint16(a), nil
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.pend) < len(p) && u.err == nil {
		c, err := u.unit()
		if err != nil {
			u.err = err
			break
		}
		r := rune(c)
		if utf16.IsSurrogate(r) {
			c2, err := u.unit()
			if err != nil {
				u.err = err
				break
			}
			r = utf16.DecodeRune(r, rune(c2))
		}
		u.pend = utf8.AppendRune(u.pend, r)
	}
	n := copy(p, u.pend)
	u.pend = u.pend[n:]
	if n == 0 && u.err != nil {
		return 0, u.err
	}
	return n, nil
}

// padding is whitespace with a given number of line breaks, then spaces:
// what the decoder reads in place of the prolog fonds read itself.
type padding struct{ lines, cols int }

func (p *padding) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) && (p.lines > 0 || p.cols > 0) {
		if p.lines > 0 {
			b[n] = '\n'
			p.lines--
		} else {
			b[n] = ' '
			p.cols--
		}
		n++
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}
