package eadschema

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A valueType is what an attribute's value may be.
type valueType struct {
	name    string
	base    string // a built-in type of XML Schema, or "" for any text
	enum    []string
	pattern *regexp.Regexp
}

// Check returns what is wrong with value as the attribute's value, in
// words for an archivist, or "" when the schema takes it. It is at least
// as strict as libxml2 (xmllint) validating against ead.xsd; where the two
// differ, it refuses what xmllint would take (an id with letters outside
// Latin, Greek and Cyrillic, a web address that is not RFC 3986 once its
// spaces are read as xmllint reads them).
func (a *Attribute) Check(value string) string {
	t := a.typ
	v := value
	if t.base != "string" && t.base != "" {
		v = Collapse(value) // every type but string is read with its spaces collapsed
	}
	if a.Fixed != "" {
		if v != a.Fixed {
			return fmt.Sprintf("must be %q", a.Fixed)
		}
		return ""
	}
	if len(t.enum) > 0 {
		if _, ok := slices.BinarySearch(t.enum, v); !ok {
			return fmt.Sprintf("%q is not one of the values EAD 2002 allows (%s)", value, list(t.enum, 12))
		}
		return ""
	}
	if t.pattern != nil {
		if !t.pattern.MatchString(v) {
			switch t.name {
			case "normal":
				return fmt.Sprintf("%q is not an ISO 8601 date or range of dates the schema takes (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, two of them joined by /)", value)
			case "data.repositorycode":
				return fmt.Sprintf("%q is not an ISIL (ISO 15511: a country code or a 1, 3 or 4-letter prefix, a hyphen, up to 11 letters, digits, ':', '/' or '-')", value)
			}
			return fmt.Sprintf("%q does not have the form the schema asks", value)
		}
		return ""
	}
	switch t.base {
	case "NMTOKEN":
		if !IsNmtoken(v) {
			return fmt.Sprintf("%q is not a name token (letters, digits, '.', '-', '_' and ':', no spaces)", value)
		}
	case "ID", "IDREF":
		if !IsNCName(v) {
			return fmt.Sprintf("%q is not an XML id (a letter or '_' first, then letters, digits, '.', '-' and '_')", value)
		}
	case "IDREFS":
		ids := strings.Fields(v)
		if len(ids) == 0 {
			return "is empty; it names the ids of other elements"
		}
		for _, id := range ids {
			if !IsNCName(id) {
				return fmt.Sprintf("%q is not an XML id (a letter or '_' first, then letters, digits, '.', '-' and '_')", id)
			}
		}
	case "ENTITY":
		return "names an entity of a DTD, and the EAD fonds writes has none; link with xlink:href instead"
	case "anyURI":
		if !IsURI(v) {
			return fmt.Sprintf("%q is not a web address (RFC 3986): check its '%%' escapes, brackets and ':'", value)
		}
	}
	return ""
}

// IsID reports whether the attribute's value is an XML id (@id).
func (a *Attribute) IsID() bool { return a.typ.base == "ID" }

// IsIDRef reports whether the attribute's value names one id (@target) or
// several (@parent).
func (a *Attribute) IsIDRef() bool { return a.typ.base == "IDREF" || a.typ.base == "IDREFS" }

// Values returns the values the attribute may take when the schema lists
// them, sorted.
func (a *Attribute) Values() []string { return a.typ.enum }

// Collapse reads a value the way XML Schema reads every type but string:
// tabs and line breaks become spaces, runs of spaces one, and none lead or
// trail.
func Collapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }), " ")
}

// IsSpace reports whether s is XML whitespace only (spaces, tabs, line
// breaks): what may stand between the elements of an element that holds
// no text.
func IsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}

// list names at most n values, then how many there are.
func list(vals []string, n int) string {
	if len(vals) <= n {
		return strings.Join(vals, ", ")
	}
	return fmt.Sprintf("%s … %d values in all", strings.Join(vals[:n], ", "), len(vals))
}

// nameStart and nameChar are the characters of XML names that both XML
// 1.0 editions allow, restricted to Latin, Greek and Cyrillic letters:
// libxml2 checks the names of IDs and name tokens against the 4th
// edition's narrower classes, so fonds accepts only what both take.
func nameStart(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
		return true
	case r < 0xC0:
		return false
	}
	for _, rg := range letters {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

func nameChar(r rune) bool {
	return nameStart(r) || r >= '0' && r <= '9' || r == '.' || r == '-' || r == 0xB7 ||
		r >= 0x300 && r <= 0x345 || r == 0x360 || r == 0x361 || r == 0x387
}

// letters are letters of the XML 1.0 4th edition's BaseChar class (which
// the 5th edition's NameStartChar includes): Latin-1, Latin Extended-A
// and -B, Greek and Cyrillic.
var letters = [][2]rune{
	{0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0xFF}, {0x100, 0x131}, {0x134, 0x13E}, {0x141, 0x148},
	{0x14A, 0x17E}, {0x180, 0x1C3}, {0x1CD, 0x1F0}, {0x1F4, 0x1F5}, {0x1FA, 0x217}, {0x386, 0x386},
	{0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3CE}, {0x401, 0x40C}, {0x40E, 0x44F},
	{0x451, 0x45C}, {0x45E, 0x481},
}

// IsNCName reports whether s is an XML name without a colon, as ids are.
func IsNCName(s string) bool {
	for i, r := range s {
		if i == 0 && !nameStart(r) || !nameChar(r) {
			return false
		}
	}
	return s != ""
}

// IsNmtoken reports whether s is an XML name token.
func IsNmtoken(s string) bool {
	for _, r := range s {
		if !nameChar(r) && r != ':' {
			return false
		}
	}
	return s != ""
}

// IsURI reports whether s is a URI reference as libxml2 reads an anyURI:
// each byte that is not printable ASCII, and the characters <>"{}|\^`' and
// space, read as '_', and the rest parsed as RFC 3986 has it.
func IsURI(s string) bool {
	b := []byte(s)
	for i, c := range b {
		if c < 32 || c >= 127 || strings.IndexByte(" <>\"{}|\\^`'", c) >= 0 {
			b[i] = '_'
		}
	}
	s = string(b)
	return s == "" || absoluteURI(s) || relativeRef(s)
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unreservedOrSub(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("-._~!$&'()*+,;=", c) >= 0
}

// chars reports whether s is made of unreservedOrSub characters, the
// extra ones and %XX escapes.
func chars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case unreservedOrSub(c), strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

// splitTail cuts "?query#fragment" off s and checks them.
func splitTail(s string) (string, bool) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		if !chars(s[i+1:], ":@/?") {
			return "", false
		}
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		if !chars(s[i+1:], ":@/?") {
			return "", false
		}
		s = s[:i]
	}
	return s, true
}

func absoluteURI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || !isAlpha(s[0]) {
		return false
	}
	for j := 1; j < i; j++ {
		if !isAlpha(s[j]) && !isDigit(s[j]) && s[j] != '+' && s[j] != '-' && s[j] != '.' {
			return false
		}
	}
	rest, ok := splitTail(s[i+1:])
	if !ok {
		return false
	}
	if strings.HasPrefix(rest, "//") {
		return authorityPath(rest[2:])
	}
	return segments(rest) // path-absolute, path-rootless or path-empty
}

func relativeRef(s string) bool {
	rest, ok := splitTail(s)
	if !ok {
		return false
	}
	if strings.HasPrefix(rest, "//") {
		return authorityPath(rest[2:])
	}
	first, _, _ := strings.Cut(rest, "/")
	if strings.IndexByte(first, ':') >= 0 {
		return false // path-noscheme: no colon in the first segment
	}
	return segments(rest)
}

// authorityPath checks "authority path-abempty".
func authorityPath(s string) bool {
	auth, path := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		auth, path = s[:i], s[i:]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		if !chars(auth[:i], ":") {
			return false
		}
		auth = auth[i+1:]
	}
	host, port := auth, ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return false
		}
		for _, c := range []byte(host[1:end]) {
			if !isHex(c) && c != ':' && c != '.' {
				return false
			}
		}
		port = host[end+1:]
		if port != "" && port[0] != ':' {
			return false
		}
	} else if i := strings.IndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i:]
		if !chars(host, "") {
			return false
		}
	} else if !chars(host, "") {
		return false
	}
	if port != "" {
		port = port[1:]
		if len(port) > 5 {
			return false
		}
		for _, c := range []byte(port) {
			if !isDigit(c) {
				return false
			}
		}
	}
	return segments(path)
}

// segments checks a path: segments of pchars separated by '/'.
func segments(s string) bool { return chars(s, ":@/") }
