package ead

import (
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// The writer serializes the elements it built itself rather than through
// etree's WriteTo, in the same bytes (etree's canonical escaping, which
// TestEscape pins): so that it can put the finding aid's prefix before
// every id and reference as it writes them (IDPrefix), where etree would
// need every attribute changed first, and so that text with nothing to
// escape, nearly all of it, is copied in one piece.

// element writes e, with what it holds, as etree would with the writer's
// settings, every id and reference prefixed.
func (x *writer) element(e *etree.Element) {
	x.startTag(e)
	if len(e.Child) == 0 {
		x.out.WriteString("/>")
		return
	}
	x.out.WriteByte('>')
	for _, c := range e.Child {
		switch c := c.(type) {
		case *etree.Element:
			x.element(c)
		case *etree.CharData:
			if c.IsCData() {
				c.WriteTo(x.out, &x.set)
			} else {
				x.escape(c.Data, false)
			}
		default: // comments and the like, kept from imports
			c.WriteTo(x.out, &x.set)
		}
	}
	x.endTag(e)
}

// startTag writes e's start tag without its closing '>'.
func (x *writer) startTag(e *etree.Element) {
	x.out.WriteByte('<')
	x.name(e.Space, e.Tag)
	for i := range e.Attr {
		a := &e.Attr[i]
		x.out.WriteByte(' ')
		x.name(a.Space, a.Key)
		x.out.WriteString(`="`)
		switch {
		case a.Space != "" || a.Value == "":
			x.escape(a.Value, true)
		case a.Key == "id" || a.Key == "target":
			x.out.WriteString(x.prefix)
			x.escape(a.Value, true)
		case a.Key == "parent":
			for j, n := range strings.Fields(a.Value) {
				if j > 0 {
					x.out.WriteByte(' ')
				}
				x.out.WriteString(x.prefix)
				x.escape(n, true)
			}
		default:
			x.escape(a.Value, true)
		}
		x.out.WriteByte('"')
	}
}

func (x *writer) endTag(e *etree.Element) {
	x.out.WriteString("</")
	x.name(e.Space, e.Tag)
	x.out.WriteByte('>')
}

func (x *writer) name(space, local string) {
	if space != "" {
		x.out.WriteString(space)
		x.out.WriteByte(':')
	}
	x.out.WriteString(local)
}

// escape writes s as text (attr false) or as an attribute value in double
// quotes, escaped as etree escapes canonical text and attribute values:
// & and < always; > in text; " in values; tab, newline and carriage
// return in values as character references, and a carriage return in
// text; what is not an XML character as U+FFFD.
func (x *writer) escape(s string, attr bool) {
	plain := &plainText
	if attr {
		plain = &plainAttr
	}
	last := 0
	for i := 0; i < len(s); {
		b := s[i]
		if plain[b] {
			i++
			continue
		}
		var esc string
		width := 1
		switch {
		case b == '&':
			esc = "&amp;"
		case b == '<':
			esc = "&lt;"
		case b == '>' && !attr:
			esc = "&gt;"
		case b == '"' && attr:
			esc = "&quot;"
		case b == '\t' && attr:
			esc = "&#x9;"
		case b == '\n' && attr:
			esc = "&#xA;"
		case b == '\r':
			esc = "&#xD;"
		case b < 0x20:
			esc = "\uFFFD"
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			width = w
			if XMLChar(r) && !(r == utf8.RuneError && w == 1) {
				i += w
				continue
			}
			esc = "\uFFFD"
		}
		x.out.WriteString(s[last:i])
		x.out.WriteString(esc)
		i += width
		last = i
	}
	x.out.WriteString(s[last:])
}

// plainText and plainAttr are the bytes that escape copies as they are, in
// text and in attribute values: the ASCII that is neither markup nor, in
// values, white space other than the space. What they leave out goes to the
// switch of escape, which is the only place the other bytes are handled.
var plainText, plainAttr = plainBytes(false), plainBytes(true)

func plainBytes(attr bool) (plain [256]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		plain[b] = b != '&' && b != '<' && !(b == '>' && !attr) && !(b == '"' && attr)
	}
	plain['\t'], plain['\n'] = !attr, !attr
	return plain
}

// XMLChar reports whether r is a character XML 1.0 allows (its production
// Char), in text, attribute values and comments alike.
func XMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
