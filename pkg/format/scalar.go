package format

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

const quotedStyle = yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle

// keyText writes a key of a block mapping.
func (f *formatter) keyText(k *yaml.Node) string {
	s, _ := f.scalar(k, false)
	return s
}

// scalar writes a scalar that is not a block scalar, on one line: plain
// where YAML reads the plain text back as the same text, else quoted; in
// flow context (flow), quoted where the file quoted it. plain says which.
func (f *formatter) scalar(n *yaml.Node, flow bool) (text string, plain bool) {
	tag := n.ShortTag()
	if tag == "!!str" {
		if flow && n.Style&quotedStyle != 0 {
			return quote(n.Value), false
		}
		if plainOK(n.Value, flow) {
			return n.Value, true
		}
		return quote(n.Value), false
	}
	text = n.Value
	switch {
	case tag == "!!null" && text == "":
		if flow {
			text = "null"
		}
	case n.Style&(quotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		text = quote(n.Value)
	}
	if n.Style&yaml.TaggedStyle != 0 {
		text = strings.TrimSpace(n.Tag + " " + text)
	}
	return text, false
}

// flow writes a [ ] or { } collection on one line.
func (f *formatter) flow(n *yaml.Node) string {
	var parts []string
	item := func(v *yaml.Node) string {
		s := ""
		if v.Anchor != "" {
			s = "&" + v.Anchor + " "
		}
		switch v.Kind {
		case yaml.AliasNode:
			return s + "*" + v.Value
		case yaml.MappingNode, yaml.SequenceNode:
			return s + f.flow(v)
		}
		t, _ := f.scalar(v, true)
		return s + t
	}
	if n.Kind == yaml.SequenceNode {
		for _, e := range n.Content {
			parts = append(parts, item(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	for _, kv := range f.pairs(n) {
		k, _ := f.scalar(kv.key, true)
		parts = append(parts, k+": "+item(kv.value))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// blockScalar writes the header (| or > with its indicators) and the lines
// of a literal or folded scalar, without their indentation ("" for an
// empty line). A literal scalar is written from its value, unchanged. A
// folded one keeps the lines of the file, and only those longer than the
// width are broken, at a single space between words: both lines of the
// break are then text lines that YAML folds back into one with a space.
// ok is false when the value is better quoted.
func (f *formatter) blockScalar(n *yaml.Node, key *yaml.Node, nested int) (header string, body []string, ok bool) {
	content := strings.TrimRight(n.Value, "\n")
	trailing := len(n.Value) - len(content)
	if content == "" || !blockSafe(n.Value) {
		return "", nil, false
	}
	chomp := "-"
	switch {
	case trailing == 1:
		chomp = ""
	case trailing > 1:
		chomp = "+"
	}
	indicator := "|"
	if n.Style&yaml.FoldedStyle != 0 {
		indicator = ">"
		body = f.foldedLines(n, key)
		if body == nil {
			// Not read from the file: write the value as a literal
			// scalar, which keeps it exactly.
			indicator = "|"
		}
	}
	if body == nil {
		body = strings.Split(content, "\n")
	}
	for _, l := range body {
		if l != "" {
			if l[0] == ' ' || l[0] == '\t' {
				indicator += "2"
			}
			break
		}
	}
	if indicator[0] == '>' {
		var out []string
		for _, l := range body {
			if l == "" || l[0] == ' ' || l[0] == '\t' {
				out = append(out, l)
				continue
			}
			out = append(out, fold(l, Width-nested, Width-nested)...)
		}
		body = out
	}
	for i := 1; i < trailing; i++ {
		body = append(body, "")
	}
	return indicator + chomp, body, true
}

// blockSafe reports whether s can stand in a block scalar: no character
// that must be escaped, no carriage return (YAML reads it as a line break).
func blockSafe(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && needsEscape(r) {
			return false
		}
	}
	return true
}

// foldedLines reads the lines of the folded scalar n from the file,
// without their indentation and without the empty lines at the end; nil
// when it cannot (an explicit indentation indicator).
func (f *formatter) foldedLines(n, key *yaml.Node) []string {
	if n.Line < 1 || n.Line > len(f.lines) {
		return nil
	}
	header := string(f.lines[n.Line-1])
	rs := []rune(header)
	if n.Column < 1 || n.Column > len(rs) || rs[n.Column-1] != '>' {
		return nil
	}
	ind := strings.TrimLeft(string(rs[n.Column:]), "+-")
	if ind != "" && ind[0] >= '1' && ind[0] <= '9' {
		return nil
	}
	// The block the scalar belongs to is indented by its key's column, or
	// by its list item's dash.
	parent := 0
	if key != nil {
		parent = key.Column - 1
	} else if d := strings.LastIndex(string(rs[:n.Column-1]), "-"); d >= 0 {
		parent = utf8.RuneCountInString(string(rs[:n.Column-1])[:d])
	}
	indent := -1
	var body []string
	for l := n.Line + 1; l <= len(f.lines); l++ {
		s := string(f.lines[l-1])
		t := strings.TrimLeft(s, " ")
		lead := len(s) - len(t)
		if t == "" {
			if indent >= 0 && lead > indent {
				body = append(body, s[indent:])
			} else {
				body = append(body, "")
			}
			continue
		}
		if indent < 0 {
			if lead <= parent {
				break
			}
			indent = lead
		}
		if lead < indent {
			break
		}
		body = append(body, s[indent:])
	}
	for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
		body = body[:len(body)-1]
	}
	if len(body) == 0 {
		return nil
	}
	return body
}

// indicators are the characters a line of unquoted text must not start
// with, lest YAML read them as syntax.
const indicators = "-?:,[]{}#&*!|>'\"%@`"

// fold breaks s into lines of at most first characters, then rest, at
// single spaces between words; a word that does not fit stands alone.
// A break is never made before a character YAML could take for syntax, so
// each line reads back as text, and the lines joined by single spaces are
// s.
func fold(s string, first, rest int) []string {
	first, rest = max(first, 20), max(rest, 20)
	if utf8.RuneCountInString(s) <= first {
		return []string{s}
	}
	var words []string
	start := 0
	for i := 1; i+1 < len(s); i++ {
		if s[i] == ' ' && s[i-1] != ' ' && s[i+1] != ' ' && !strings.ContainsRune(indicators, rune(s[i+1])) {
			words = append(words, s[start:i])
			start = i + 1
		}
	}
	words = append(words, s[start:])
	var out []string
	line, n, width := words[0], utf8.RuneCountInString(words[0]), first
	for _, w := range words[1:] {
		wn := utf8.RuneCountInString(w)
		if n+1+wn <= width {
			line += " " + w
			n += 1 + wn
			continue
		}
		out = append(out, line)
		line, n, width = w, wn, rest
	}
	return append(out, line)
}

// quote writes s in double quotes, or in single quotes when it holds a "
// or \ and nothing that must be escaped.
func quote(s string) string {
	escape := false
	for _, r := range s {
		if needsEscape(r) {
			escape = true
			break
		}
	}
	if !escape && strings.ContainsAny(s, `"\`) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0x85:
			b.WriteString(`\N`)
		case 0xA0:
			b.WriteString(`\_`)
		case 0x2028:
			b.WriteString(`\L`)
		case 0x2029:
			b.WriteString(`\P`)
		default:
			switch {
			case !needsEscape(r):
				b.WriteRune(r)
			case r <= 0xFF:
				fmt.Fprintf(&b, `\x%02X`, r)
			case r <= 0xFFFF:
				fmt.Fprintf(&b, `\u%04X`, r)
			default:
				fmt.Fprintf(&b, `\U%08X`, r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// needsEscape reports whether r is written as an escape in double quotes:
// a control character, a line or paragraph separator, a byte order mark,
// or a character that is not printable.
func needsEscape(r rune) bool {
	switch {
	case r == ' ':
		return false
	case r < 0x20 || r == 0x7F || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == utf8.RuneError:
		return true
	case r == 0xA0:
		return false
	}
	return !unicode.IsPrint(r) && !unicode.IsSpace(r)
}

var plainCache sync.Map // [2]any{flow, text} → bool

// plainOK reports whether s may be written without quotes: YAML reads it
// back as the same text (not a number, date, boolean or null, not syntax),
// after a key (flow false) or inside [ ] (flow true).
func plainOK(s string, flow bool) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\n\r\t") {
		return false
	}
	if fastPlain(s, flow) {
		return true
	}
	if yaml11Word(s) {
		return false
	}
	key := [2]any{flow, s}
	if v, ok := plainCache.Load(key); ok {
		return v.(bool)
	}
	src := "k: " + s + "\n"
	if flow {
		src = "k: [" + s + "]\n"
	}
	var doc yaml.Node
	ok := yaml.Unmarshal([]byte(src), &doc) == nil && len(doc.Content) == 1
	if ok {
		m := doc.Content[0]
		ok = m.Kind == yaml.MappingNode && len(m.Content) == 2
		if ok {
			v := m.Content[1]
			if flow {
				ok = v.Kind == yaml.SequenceNode && len(v.Content) == 1
				if ok {
					v = v.Content[0]
				}
			}
			ok = ok && v.Kind == yaml.ScalarNode && v.Style == 0 && v.ShortTag() == "!!str" && v.Value == s
		}
	}
	plainCache.Store(key, ok)
	return ok
}

// fastPlain says yes, without asking the YAML reader, to the commonest
// text: a letter, then letters, digits, single spaces and . ; ( ) ' / -
// (and , outside [ ]), that is not one of the words YAML reads otherwise.
func fastPlain(s string, flow bool) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) || len(s) > 200 {
		return false
	}
	prev := rune(0)
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == ' ':
			if prev == ' ' {
				return false
			}
		case strings.ContainsRune(".;()'/-", r):
		case r == ',' && !flow:
		default:
			return false
		}
		prev = r
	}
	return !yaml11Word(s)
}

// yaml11Word reports whether s is a word that YAML 1.1 readers (some
// editors' among them) take for a boolean, null or number, though YAML 1.2
// does not: such words are quoted, so that every reader sees text.
func yaml11Word(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", ".nan", ".inf":
		return true
	}
	return false
}
