package format

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// An outLine is a line of the result: its text and the comment at its end.
type outLine struct {
	text, comment string
}

type printer struct {
	f   *formatter
	out []outLine
	err error
}

func (f *formatter) print() ([]byte, error) {
	p := &printer{f: f}
	for _, t := range f.top {
		p.commentLine(0, t)
	}
	if len(f.top) > 0 && f.topGap {
		p.blankLine()
	}
	p.block(f.root, 0, "")
	if p.err != nil {
		return nil, p.err
	}
	return p.bytes(), nil
}

func spaces(n int) string { return strings.Repeat(" ", n) }

func (p *printer) emit(text string) { p.out = append(p.out, outLine{text: text}) }

// endComment puts c at the end of the last line written.
func (p *printer) endComment(line int, c string) {
	if c == "" {
		return
	}
	last := &p.out[len(p.out)-1]
	if last.comment != "" {
		if p.err == nil {
			p.err = errorf(line, "fonds fmt cannot keep two comments at the end of one line; put one on a line of its own")
		}
		return
	}
	last.comment = c
}

func (p *printer) blankLine() {
	if len(p.out) > 0 && p.out[len(p.out)-1].text != "" {
		p.emit("")
	}
}

// commentLine writes a comment on a line of its own; "" is a blank line.
func (p *printer) commentLine(indent int, c string) {
	if c == "" {
		p.blankLine()
		return
	}
	p.emit(spaces(indent) + c)
}

// startEntry writes what stands before an entry: a blank line and its
// comments. Nothing blank opens a block (opens).
func (p *printer) startEntry(first *yaml.Node, indent int, opens bool) {
	head := p.f.head[first]
	if opens {
		for len(head) > 0 && head[0] == "" {
			head = head[1:]
		}
	} else if p.f.blank[first] && len(head) == 0 {
		p.blankLine()
	}
	for _, c := range head {
		p.commentLine(indent, c)
	}
	if len(head) > 0 && p.f.blank[first] {
		p.blankLine()
	}
}

// leadComments writes the comments of the first entry of a block that
// starts on a list item's dash line, before that line, at the dash's
// indentation (indent is the block's).
func (p *printer) leadComments(first *yaml.Node, indent int) {
	head := p.f.head[first]
	for len(head) > 0 && head[0] == "" {
		head = head[1:]
	}
	if len(head) == 0 {
		return
	}
	for _, c := range head {
		p.commentLine(indent-2, c)
	}
}

func (p *printer) footOf(n *yaml.Node, indent int) {
	for _, c := range p.f.foot[n] {
		p.commentLine(indent, c)
	}
}

// mapping writes the block mapping m at indent; lead, when given, stands
// instead of the indentation of its first line ("- " of a list item).
func (p *printer) mapping(m *yaml.Node, indent int, lead string) {
	for i, kv := range p.f.pairs(m) {
		if i > 0 || lead == "" {
			p.startEntry(kv.key, indent, i == 0 && m != p.f.root)
		} else {
			p.leadComments(kv.key, indent)
		}
		prefix := spaces(indent)
		if i == 0 && lead != "" {
			prefix = lead
		}
		p.pair(kv.key, kv.value, indent, prefix+p.f.keyText(kv.key)+":")
	}
	p.footOf(m, indent)
}

// pair writes a value after its key (text holds the key and its colon).
func (p *printer) pair(k, v *yaml.Node, indent int, text string) {
	p.value(v, indent, text, indent+2, k)
}

// value writes v after text (a key and colon, or a list item's dash); nested
// blocks go at indent; key, when given, may carry a comment too.
func (p *printer) value(v *yaml.Node, indent int, text string, nested int, key *yaml.Node) {
	comments := func() {
		if key != nil {
			p.endComment(key.Line, p.f.line[key])
		}
		p.endComment(v.Line, p.f.line[v])
	}
	anchor := ""
	if v.Anchor != "" {
		anchor = "&" + v.Anchor
	}
	switch {
	case v.Kind == yaml.AliasNode:
		p.emit(text + " *" + v.Value)
		comments()
	case p.f.blockStyle(v):
		dash := strings.HasSuffix(text, "-") && key == nil
		if anchor != "" || !dash {
			if anchor != "" {
				text += " " + anchor
			}
			p.emit(text)
			comments()
			p.block(v, nested, "")
			return
		}
		// A list item: the first entry of the block shares the dash's line.
		if p.f.line[v] != "" {
			p.emit(text)
			comments()
			p.block(v, nested, "")
			return
		}
		p.block(v, nested, text+" ")
	case v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode:
		p.emit(join(text, anchor, p.f.flow(v)))
		comments()
	case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && p.blockScalar(v, key, text, anchor, nested, comments):
	default:
		lead := join(text, anchor, "")
		s, plain := p.f.scalar(v, false)
		if s == "" {
			p.emit(lead)
			comments()
			return
		}
		lines := []string{s}
		if plain {
			lines = fold(s, Width-utf8.RuneCountInString(lead)-1, Width-nested)
		}
		p.emit(lead + " " + lines[0])
		for _, l := range lines[1:] {
			p.emit(spaces(nested) + l)
		}
		comments()
	}
}

// blockScalar writes v as a literal or folded scalar, if it can be one.
func (p *printer) blockScalar(v, key *yaml.Node, text, anchor string, nested int, comments func()) bool {
	header, body, ok := p.f.blockScalar(v, key, nested)
	if !ok {
		return false
	}
	p.emit(join(text, anchor, header))
	comments()
	for _, l := range body {
		if l == "" {
			p.emit("")
			continue
		}
		p.emit(spaces(nested) + l)
	}
	return true
}

// block writes a block collection at indent, its first line led by lead
// when given.
func (p *printer) block(v *yaml.Node, indent int, lead string) {
	if v.Kind == yaml.MappingNode {
		p.mapping(v, indent, lead)
		return
	}
	for i, e := range v.Content {
		prefix := spaces(indent)
		if i == 0 && lead != "" {
			prefix = lead
			p.leadComments(e, indent)
		} else {
			p.startEntry(e, indent, i == 0)
		}
		p.value(e, indent, prefix+"-", indent+2, nil)
	}
	p.footOf(v, indent)
}

// join writes text, then an anchor and a value, each after a space.
func join(text, anchor, value string) string {
	for _, s := range []string{anchor, value} {
		if s != "" {
			text += " " + s
		}
	}
	return text
}

// bytes joins the lines. The comments at the ends of neighbouring lines
// are aligned, two spaces after the longest text among them, as long as
// that keeps them within Width; a line that would pass it starts a new
// group.
func (p *printer) bytes() []byte {
	var b bytes.Buffer
	runes := utf8.RuneCountInString
	for i := 0; i < len(p.out); {
		if p.out[i].comment == "" {
			b.WriteString(p.out[i].text)
			b.WriteByte('\n')
			i++
			continue
		}
		j := i + 1
		width, longest := runes(p.out[i].text), runes(p.out[i].comment)
		for ; j < len(p.out) && p.out[j].comment != ""; j++ {
			w, c := max(width, runes(p.out[j].text)), max(longest, runes(p.out[j].comment))
			if w+2+c > Width {
				break
			}
			width, longest = w, c
		}
		for ; i < j; i++ {
			l := p.out[i]
			b.WriteString(l.text)
			b.WriteString(spaces(width - runes(l.text) + 2))
			b.WriteString(l.comment)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
