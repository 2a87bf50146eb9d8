package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	goccy "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/source"
)

// parseYAML parses one source file into its document node and, when
// value is set, the plain value (maps, slices, strings, json.Number, bools,
// nil) that gojsonschema reads. It reports every problem it finds with its
// position; a nil node means the file could not be read as YAML at all.
// The top of the file is a mapping, or, when list is set (a file named by
// include), a mapping or a list.
func parseYAML(file string, data []byte, opt Options, list, value bool, diags *source.List) (*yaml.Node, any) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // a UTF-8 byte order mark is harmless
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		diags.Errorf(source.File{Name: file, Data: data}.Pos(off), "",
			"invalid UTF-8 at byte offset %d (byte 0x%02X); save the file as UTF-8", off, data[off])
		return nil, nil
	}
	if forbiddenChars(file, data, diags) {
		// Reported; blank them out so the rest of the file is still
		// checked, and all its problems are reported at once.
		data = blankForbidden(data)
	}
	if onlyComments(data) {
		diags.Errorf(source.Pos{File: file, Line: 1, Col: 1}, "", "file is empty")
		return nil, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		syntaxError(file, data, err, opt.MaxDepth, diags)
		return nil, nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		diags.Errorf(source.Pos{File: file, Line: max(second.Line, 1), Col: 1}, "",
			"a source file holds one YAML document; a second one starts here")
		return nil, nil
	} else if err != io.EOF {
		syntaxError(file, data, err, opt.MaxDepth, diags)
		return nil, nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		diags.Errorf(source.Pos{File: file, Line: 1, Col: 1}, "", "file is empty")
		return nil, nil
	}
	root := doc.Content[0]
	c := converter{file: file, opt: opt, diags: diags, onStack: map[*yaml.Node]bool{}, checkOnly: !value}
	v, ok := c.value(root, 0)
	if !ok {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode && !(list && root.Kind == yaml.SequenceNode) {
		diags.Errorf(nodePos(file, root), "", "expected a mapping of fields at the top of the file, found %s", describe(root))
		return nil, nil
	}
	if !value {
		return root, nil // the converter's empty stand-ins, not a value
	}
	return root, v
}

// onlyComments reports whether data holds nothing but blank lines and
// comments.
func onlyComments(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// forbiddenChars reports characters that XML 1.0 cannot hold (C0 controls
// other than tab, newline and carriage return; U+FFFE and U+FFFF), since
// every value may end up in the EAD.
func forbiddenChars(file string, data []byte, diags *source.List) bool {
	if !mayForbid(data) {
		return false // nearly every file: no byte that could start one
	}
	found := 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			diags.Errorf(source.File{Name: file, Data: data}.Pos(i), "",
				"character U+%04X is not allowed (XML 1.0 cannot hold it)", r)
			found++
			if found == 10 {
				break
			}
		}
		i += n
	}
	return found > 0
}

// mayForbid reports whether data holds a byte that may start a character
// forbiddenChars reports: a control character other than tab, newline and
// carriage return, or 0xEF, the first byte of U+FFFE and U+FFFF (and of
// the rest of U+E000…U+FFFF).
func mayForbid(data []byte) bool {
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0xEF {
			return true
		}
	}
	return false
}

func blankForbidden(data []byte) []byte {
	out := []byte(strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return ' '
		}
		return r
	}, string(data)))
	return out
}

// Neither YAML library gives a syntax error a kind: yaml.v3 gives text
// alone, "yaml: line N: message" (no column, and for an unclosed quote not
// even the right line; its one typed error, *yaml.TypeError, comes from
// decoding into Go values, and fonds decodes into yaml.Node, whose every
// node has its position), and goccy/go-yaml gives a typed error with the
// token where it stopped, so a position, but its message is text too. The texts
// below are therefore matched; TestLibraryMessages pins each one, so that a
// library upgrade that rewords one fails a test instead of silently
// changing what fonds says.
var v3Line = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

const (
	v3TooDeep      = "exceeded max depth"             // yaml.v3, past its 10,000 levels
	v3FlowUnclosed = "did not find expected ',' or "  // yaml.v3: a [ or { not closed, or a "?" inside one
	tabChar        = "tab character"                  // both: "found a tab character where an indentation space is expected"
	goccyTab       = "'\t'"                           // goccy: "found character '\t' that cannot start any token"
	mapUnclosed    = "',' or '}'"                     // both: a { whose entries run on
	seqUnclosed    = "',' or ']'"                     // both: a [ whose entries run on
	notInContext   = "is not allowed in this context" // goccy: "mapping value is not allowed in this context", "value is not allowed …"
)

// goccyError is what every error of goccy/go-yaml's parser implements
// (its yaml.Error): the token where it stopped, and the message.
type goccyError interface {
	GetToken() *token.Token
	GetMessage() string
}

// syntaxError reports a YAML syntax error. yaml.v3 gives only a line, and
// for unclosed quotes not even the right one, so the error is located again
// with goccy/go-yaml, whose parser gives the token, with line and column.
func syntaxError(file string, data []byte, err error, maxDepth int, diags *source.List) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := source.Pos{File: file, Line: 1, Col: 1}
	if m := v3Line.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if strings.Contains(msg, v3TooDeep) {
		// Too deep for yaml.v3; a second parser would spend gigabytes on
		// it, so find the first bracket past the limit here.
		depth := 0
		scanFlow(data, func(l, c int, b byte) bool {
			switch b {
			case '[', '{':
				if depth++; depth > maxDepth {
					pos.Line, pos.Col = l, c
					return false
				}
			case ']', '}':
				depth--
			}
			return true
		})
		diags.Errorf(pos, "", "nesting deeper than %d levels", maxDepth)
		return
	}
	var ge goccyError
	if _, gerr := goccy.ParseBytes(data, 0); errors.As(gerr, &ge) && ge.GetToken() != nil {
		tok := ge.GetToken()
		pos.Line, pos.Col = tok.Position.Line, tok.Position.Column
		msg = ge.GetMessage()
	}
	if strings.Contains(msg, notInContext) {
		// A field indented more than the one above it, which has its
		// value already: YAML reads it as more of that value and stops
		// at its colon, on the line above. Point at the field.
		if l, c, key, above, ok := overIndented(data, pos.Line); ok {
			diags.Errorf(source.Pos{File: file, Line: l, Col: c}, "",
				"YAML syntax error: %q is indented more than %q above it, so YAML reads it as more of the value of %q; indent %q as %q is",
				key, above, above, key, above)
			return
		}
	}
	if friendly, ok := syntaxMessages[msg]; ok {
		msg = friendly
	}
	if strings.HasPrefix(msg, v3FlowUnclosed) {
		if l, c, ok := flowQuestion(data); ok {
			word, start := questionWord(lineText(data, l), c)
			pos.Line, pos.Col = l, start
			diags.Errorf(pos, "", "YAML syntax error: inside [ ] or { }, quote text that holds a \"?\": write \"%s\"", word)
			return
		}
	}
	// The parser notices an unclosed { or [ where the next entry starts;
	// point at the bracket instead, which is where the fix goes.
	if strings.Contains(msg, mapUnclosed) || strings.Contains(msg, seqUnclosed) || msg == flowMapUnclosed || msg == flowSeqUnclosed {
		if l, c, ch, ok := unclosedFlow(data, pos.Line, pos.Col); ok {
			what := map[byte]string{'{': "mapping opened with { here is not closed with }", '[': "list opened with [ here is not closed with ]"}[ch]
			msg = what + "; quote text inside it that holds \",\", \": \", [ ] or { }"
			pos.Line, pos.Col = l, c
		}
	}
	// Tabs are the commonest mistake; say so plainly.
	if line := lineText(data, pos.Line); strings.Contains(msg, tabChar) || strings.Contains(msg, goccyTab) {
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			pos.Col = 1 + utf8.RuneCountInString(line[:i])
			msg = "tab character in indentation; YAML indents with spaces"
		}
	}
	diags.Errorf(pos, "", "YAML syntax error: %s", strings.ReplaceAll(msg, "\t", `\t`))
}

// What fonds says of a { or [ left open at the end of the file.
const (
	flowMapUnclosed = "mapping opened with { is not closed"
	flowSeqUnclosed = "list opened with [ is not closed"
)

// syntaxMessages rewords goccy/go-yaml's messages in an archivist's terms.
var syntaxMessages = map[string]string{
	"could not find end character of double-quoted text": "double-quoted text is not closed",
	"could not find end character of single-quoted text": "single-quoted text is not closed",
	"value is not allowed in this context":               "unexpected value here; check the indentation",
	"mapping value is not allowed in this context":       "unexpected \":\" here; quote text that contains \": \", or check the indentation",
	"sequence end token ']' not found":                   flowSeqUnclosed,
	"could not find flow mapping end token '}'":          flowMapUnclosed,
}

var (
	fieldLine = regexp.MustCompile(`^( *)([A-Za-z_][\w.-]*):( |$)`)
	valueLine = regexp.MustCompile(`^( *(?:- +)?)([A-Za-z_][\w.-]*): +([^|>\[{&*#\s].*)$`)
)

// overIndented finds, on line or the line after it, a field indented more
// than the field on the line above it, which has a value on its own line
// already (not a block or a [ ] or { } that goes on). It returns the
// field's line and column, its key and the key above.
func overIndented(data []byte, line int) (l, col int, key, above string, ok bool) {
	for l = max(line, 2); l <= line+1; l++ {
		m := fieldLine.FindStringSubmatch(lineText(data, l))
		if m == nil {
			continue
		}
		p := l - 1
		for p > 0 {
			if t := strings.TrimSpace(lineText(data, p)); t != "" && !strings.HasPrefix(t, "#") {
				break
			}
			p--
		}
		a := valueLine.FindStringSubmatch(lineText(data, p))
		if a == nil || len(m[1]) <= len(a[1]) {
			continue
		}
		return l, len(m[1]) + 1, m[2], a[2], true
	}
	return 0, 0, "", "", false
}

func lineText(data []byte, line int) string {
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if line < 1 || line > len(lines) {
		return ""
	}
	return string(lines[line-1])
}

func nodePos(file string, n *yaml.Node) source.Pos {
	return source.Pos{File: file, Line: n.Line, Col: n.Column}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// converter turns a yaml.Node tree into a plain value, checking as it goes
// what YAML allows but fonds does not: duplicate keys, merge keys, aliases
// that form cycles or expand without bound, excessive nesting, huge values.
type converter struct {
	file     string
	opt      Options
	diags    *source.List
	values   int                 // values produced, aliases expanded
	original int                 // nodes in the file
	text     int64               // bytes of scalar values produced, aliases expanded
	written  int64               // bytes of scalar values written out in the file
	onStack  map[*yaml.Node]bool // anchored values being expanded, for cycles
	failed   bool
	at       []step // where the value being converted stands

	// checkOnly makes the converter check the tree without building the
	// value: what Load does, whose checker walks the nodes (see Value).
	checkOnly bool

	alias     *yaml.Node // the outermost alias being expanded, if any
	aliasPath string
}

// A step is one step of the way from the top of the file to a value: a
// key of a mapping (index -1), or an index in a list. The converter keeps
// the steps to the value it converts, and writes them out as a data path
// only when it reports a problem there.
type step struct {
	key   string
	index int
}

// path is the data path of the value being converted.
func (c *converter) path() string {
	s := ""
	for _, st := range c.at {
		if st.index < 0 {
			s = joinPath(s, st.key)
		} else {
			s = elem(s, st.index)
		}
	}
	return s
}

// child converts the value v at one step below the current value.
func (c *converter) child(v *yaml.Node, st step, depth int) (any, bool) {
	c.at = append(c.at, st)
	out, ok := c.value(v, depth)
	c.at = c.at[:len(c.at)-1]
	return out, ok
}

func (c *converter) fail(n *yaml.Node, path string, format string, args ...any) {
	c.diags.Errorf(nodePos(c.file, n), path, format, args...)
	c.failed = true
}

// KeysSeen is what DupKey keeps of the keys of mapping n that it has
// looked at: nothing (nil) for a small mapping, whose earlier keys it
// compares one by one, and a map of them for a large one, where that
// would take time in the square of the keys.
func KeysSeen(n *yaml.Node) map[string]*yaml.Node {
	if len(n.Content) > 32 {
		return make(map[string]*yaml.Node, len(n.Content)/2)
	}
	return nil
}

// DupKey returns the first key of mapping n before key i that is the same
// as key i, or nil. The keys are looked at in order, i = 0, 2, 4…, with
// seen from KeysSeen(n), which gets key i when it is not a repeat. The
// converter and package validate's compiled schema both skip a repeated
// key this way: the first value counts.
func DupKey(n *yaml.Node, i int, seen map[string]*yaml.Node) *yaml.Node {
	k := n.Content[i]
	if seen != nil {
		if first := seen[k.Value]; first != nil {
			return first
		}
		seen[k.Value] = k
		return nil
	}
	for j := 0; j < i; j += 2 {
		if n.Content[j].Value == k.Value {
			return n.Content[j]
		}
	}
	return nil
}

func (c *converter) value(n *yaml.Node, depth int) (any, bool) {
	if c.failed {
		return nil, false
	}
	if depth > c.opt.MaxDepth {
		c.fail(n, "", "nesting deeper than %d levels", c.opt.MaxDepth)
		return nil, false
	}
	c.values++
	if c.alias == nil {
		c.original++
	}
	if c.values > c.opt.MaxValues || (c.values > 100_000 && c.values > 10*c.original) {
		// Report where the expansion that blew up started.
		at, atPath := n, c.path()
		if c.alias != nil {
			at, atPath = c.alias, c.aliasPath
		}
		c.fail(at, atPath, "aliases expand to more than %d values; fonds stops here (an alias bomb?)", c.values-1)
		return nil, false
	}
	// Only an anchored value can be met again, through an alias; only
	// those are kept track of.
	if n.Anchor != "" && n.Kind != yaml.AliasNode {
		c.onStack[n] = true
		defer delete(c.onStack, n)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if c.onStack[n.Alias] {
			c.fail(n, c.path(), "alias *%s refers to a value that contains it (a cycle)", n.Value)
			return nil, false
		}
		if c.alias == nil {
			c.alias, c.aliasPath = n, c.path()
			defer func() { c.alias, c.aliasPath = nil, "" }()
		}
		return c.value(n.Alias, depth)
	case yaml.ScalarNode:
		if !c.countText(n) {
			return nil, false
		}
		return c.scalar(n)
	case yaml.SequenceNode:
		var out []any
		if !c.checkOnly {
			out = make([]any, 0, len(n.Content))
		}
		for i, e := range n.Content {
			v, ok := c.child(e, step{index: i}, depth+1)
			if !ok {
				return nil, false
			}
			if !c.checkOnly {
				out = append(out, v)
			}
		}
		return out, true
	case yaml.MappingNode:
		var out map[string]any
		if !c.checkOnly {
			out = make(map[string]any, len(n.Content)/2)
		}
		seen := KeysSeen(n)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.fail(k, c.path(), "a key must be a plain name, found %s", describe(k))
				return nil, false
			}
			if k.Tag == "!!merge" {
				c.fail(k, c.path(), "merge keys (<<) are not supported; write the fields out")
				return nil, false
			}
			key := k.Value
			if first := DupKey(n, i, seen); first != nil {
				c.diags.Errorf(nodePos(c.file, k), joinPath(c.path(), key), "duplicate key %q", key).
					Note(nodePos(c.file, first), "first written here")
				// The first value counts; the second is still checked for
				// cycles and bombs, since the decoder must never meet one.
				if _, ok := c.child(v, step{key, -1}, depth+1); !ok {
					return nil, false
				}
				continue
			}
			val, ok := c.child(v, step{key, -1}, depth+1)
			if !ok {
				return nil, false
			}
			if !c.checkOnly {
				out[key] = val
			}
		}
		return out, true
	}
	c.fail(n, c.path(), "unexpected YAML node")
	return nil, false
}

// PlainValue is the plain value of the file (maps, slices, strings,
// json.Number, bools, nil), which gojsonschema reads: Value, or, for a Doc
// that Load read, which keeps its tree while it is checked but builds no
// value, the value built from Root now. It is nil when Root is.
func (d *Doc) PlainValue() any {
	if d.Value != nil || d.Root == nil {
		return d.Value
	}
	// The tree passed every check of the converter when it was parsed, so
	// with no limits and its diagnostics dropped it builds the same value.
	var diags source.List
	unlimited := Options{MaxValueSize: math.MaxInt, MaxDepth: math.MaxInt, MaxValues: math.MaxInt, MaxText: math.MaxInt64}
	c := converter{file: d.Name, opt: unlimited, diags: &diags, onStack: map[*yaml.Node]bool{}}
	v, _ := c.value(d.Root, 0)
	return v
}

// aliasText is how much text aliases may always expand to; past it, they
// may expand a file's text to ten times what it writes out, and never past
// Options.MaxText. Counting values alone would let a few aliases of one long
// value through: 500 aliases of a 1 MB note are 500 MB of EAD.
const aliasText = 1 << 20

// countText adds a scalar's bytes to what the file produces, and stops the
// conversion, at the outermost alias being expanded, when aliases make
// that too much.
func (c *converter) countText(n *yaml.Node) bool {
	size := int64(len(n.Value))
	c.text += size
	if c.alias == nil {
		c.written += size
		return true
	}
	limit := c.opt.MaxText
	if c.text <= limit && (c.text <= aliasText || c.text <= 10*c.written) {
		return true
	}
	if c.text <= limit {
		limit = max(aliasText, 10*c.written)
	}
	c.fail(c.alias, c.aliasPath, "aliases expand to more than %d bytes of text; fonds stops here (an alias bomb?)", limit)
	return false
}

func (c *converter) scalar(n *yaml.Node) (any, bool) {
	if len(n.Value) > c.opt.MaxValueSize {
		c.fail(n, c.path(), "value is %d bytes long; the limit is %d", len(n.Value), c.opt.MaxValueSize)
		return nil, false
	}
	if i, r := escapedForbidden(n); i >= 0 {
		c.diags.Errorf(nodePos(c.file, n), c.path(),
			"character U+%04X at offset %d of the value is not allowed (XML 1.0 cannot hold it)", r, i)
	}
	if c.checkOnly {
		return nil, true
	}
	switch kind, text := Scalar(n); kind {
	case Number:
		return json.Number(text), true
	case Bool:
		return text == "true", true
	case Null:
		return nil, true
	default:
		return text, true
	}
}

// A ScalarKind is what the schema sees in a scalar: JSON's null, boolean,
// number or string.
type ScalarKind uint8

const (
	String ScalarKind = iota
	Number
	Bool
	Null
)

// Scalar resolves a scalar node as the schema sees it: its kind, and its
// text: a number written as JSON writes it (1_000 and 0x10 as 1000 and
// 16), a boolean as "true" or "false", a string as it is. It is the one
// resolution of YAML's tags into JSON's types: the plain value load builds
// (Doc.Value, json.Number for numbers) and package validate's compiled
// checker, which walks the nodes, both read scalars through it.
func Scalar(n *yaml.Node) (ScalarKind, string) {
	if i, _ := escapedForbidden(n); i >= 0 {
		return String, n.Value // reported by the converter; kept as text
	}
	switch n.ShortTag() {
	case "!!int":
		if plainDecimal(n.Value) {
			return Number, n.Value // as FormatInt writes it, without the allocation
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return Number, strconv.FormatInt(i, 10)
		}
		return Number, n.Value
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return Number, strconv.FormatFloat(f, 'g', -1, 64)
		}
		return String, n.Value
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return Bool, strconv.FormatBool(b)
	case "!!null":
		return Null, ""
	}
	// Strings, and timestamps such as 1929-01-20, which fonds reads as dates
	// in words of its own.
	return String, n.Value
}

// plainDecimal reports whether s is a decimal integer as
// strconv.FormatInt writes it: digits with no leading zero, short enough
// to fit an int64.
func plainDecimal(s string) bool {
	return digitsOnly(s) && len(s) <= 18 && (s[0] != '0' || len(s) == 1)
}

// escapedForbidden finds in the value of n a character that XML 1.0
// cannot hold, as forbiddenRune does. Only an escape of a double-quoted
// scalar ("\x01", "\uFFFE") can put one there: yaml.v3 refuses such
// characters written out, and parseYAML has blanked them before it parses
// anyway. So the other scalars, nearly all, are not read again.
func escapedForbidden(n *yaml.Node) (int, rune) {
	if n.Style&yaml.DoubleQuotedStyle == 0 {
		return -1, 0
	}
	return forbiddenRune(n.Value)
}

// forbiddenRune finds the first character of s that XML 1.0 cannot hold
// (see forbiddenChars), and its byte offset; -1 when there is none.
func forbiddenRune(s string) (int, rune) {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= 0x20 && b != 0xEF || b == '\t' || b == '\n' || b == '\r' {
			continue
		}
		// A control character, or the first byte of U+E000…U+FFFF.
		r, _ := utf8.DecodeRuneInString(s[i:])
		if r < 0x20 || r == 0xFFFE || r == 0xFFFF {
			return i, r
		}
	}
	return -1, 0
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// unclosedFlow finds the innermost { or [ still open at line:col (1-based);
// ok is false when there is none.
func unclosedFlow(data []byte, line, col int) (oline, ocol int, ch byte, ok bool) {
	type open struct {
		line, col int
		ch        byte
	}
	var stack []open
	scanFlow(data, func(l, c int, b byte) bool {
		if l > line || l == line && c >= col {
			return false
		}
		switch {
		case b == '{' || b == '[':
			stack = append(stack, open{l, c, b})
		case (b == '}' || b == ']') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
		return true
	})
	if len(stack) == 0 {
		return 0, 0, 0, false
	}
	top := stack[len(stack)-1]
	return top.line, top.col, top.ch, true
}

// flowQuestion finds the first "?" in unquoted text inside [ ] or { }:
// yaml.v3 (as libyaml) cannot read one there, and says so without a
// line, though archivists write uncertain dates so: {date: 1935?}.
func flowQuestion(data []byte) (line, col int, ok bool) {
	depth := 0
	scanFlow(data, func(l, c int, b byte) bool {
		switch b {
		case '{', '[':
			depth++
		case '}', ']':
			depth = max(depth-1, 0)
		case '?':
			if depth > 0 {
				line, col, ok = l, c, true
				return false
			}
		}
		return true
	})
	return line, col, ok
}

// scanFlow calls visit with the position (1-based line and column, in
// characters) of each flow indicator of data: a [ or { that opens a flow
// collection, and every [ ] { } ? inside one, until visit returns false.
// It follows YAML far enough to skip what is text: quoted scalars, plain
// scalars in block context (title: Letter [?] to Sedov), block scalars
// (| and >) and comments.
func scanFlow(data []byte, visit func(line, col int, b byte) bool) {
	var (
		l, c        = 1, 1
		i           int
		prev        = byte('\n')
		depth       int  // flow collections open
		valueStart  bool // block context: the next byte starts a value
		indent      int  // of the current line
		blockIndent = -1 // of the line that opened a block scalar
	)
	adv := func() {
		switch b := data[i]; {
		case b == '\n':
			l, c = l+1, 1
		case b < 0x80 || b >= 0xC0:
			c++
		}
		prev = data[i]
		i++
	}
	toEOL := func() {
		for i < len(data) && data[i] != '\n' {
			adv()
		}
	}
	spaceAfter := func() bool { return i+1 >= len(data) || strings.IndexByte(" \t\r\n", data[i+1]) >= 0 }
	quoted := func(q byte) {
		adv()
		for i < len(data) {
			switch {
			case q == '"' && data[i] == '\\' && i+1 < len(data):
				adv()
			case data[i] == q && q == '\'' && i+1 < len(data) && data[i+1] == '\'':
				adv()
			case data[i] == q:
				adv()
				return
			}
			adv()
		}
	}
	for i < len(data) {
		if depth == 0 && prev == '\n' {
			n := 0
			for i+n < len(data) && data[i+n] == ' ' {
				n++
			}
			blank := i+n >= len(data) || data[i+n] == '\n' || data[i+n] == '\r'
			if blockIndent >= 0 && (blank || n > blockIndent) {
				toEOL()
				if i < len(data) {
					adv()
				}
				continue
			}
			blockIndent, indent, valueStart = -1, n, true
		}
		b := data[i]
		switch {
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			adv()
		case b == '#' && strings.IndexByte(" \t\n", prev) >= 0:
			toEOL()
		case depth > 0:
			switch {
			case (b == '"' || b == '\'') && strings.IndexByte(" \t\n[{,:", prev) >= 0:
				quoted(b)
				continue
			case strings.IndexByte("[]{}?", b) >= 0:
				if !visit(l, c, b) {
					return
				}
				if b == '[' || b == '{' {
					depth++
				} else if b == ']' || b == '}' {
					depth--
				}
			}
			adv()
		case !valueStart:
			// Plain text, or what follows a quoted scalar or a flow
			// collection; ": " starts a value.
			if b == ':' && spaceAfter() {
				valueStart = true
			}
			adv()
		case (b == '-' || b == '?' || b == ':') && spaceAfter():
			adv()
		case b == '[' || b == '{':
			if !visit(l, c, b) {
				return
			}
			depth++
			valueStart = false
			adv()
		case b == '"' || b == '\'':
			quoted(b)
			valueStart = false
		case b == '|' || b == '>':
			blockIndent = indent
			toEOL()
		case b == '&' || b == '!':
			for i < len(data) && strings.IndexByte(" \t\r\n", data[i]) < 0 {
				adv()
			}
		default:
			valueStart = false
			adv()
		}
	}
}

// questionWord is the unquoted text around the "?" at column col of line,
// and the column where it starts.
func questionWord(line string, col int) (string, int) {
	r := []rune(line)
	if col < 1 || col > len(r) {
		return "…?", col
	}
	stop := func(c rune) bool { return strings.ContainsRune(",[]{}", c) }
	i, j := col-1, col
	for i > 0 && !stop(r[i-1]) && !(r[i-1] == ' ' && i > 1 && r[i-2] == ':') {
		i--
	}
	for i < col-1 && r[i] == ' ' {
		i++
	}
	for j < len(r) && !stop(r[j]) {
		j++
	}
	return strings.TrimSpace(string(r[i:j])), i + 1
}
