package format

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/schema"
)

// yaml.v3 attaches comments to nodes, but not always to the node a reader
// would, and it forgets blank lines. The formatter therefore finds the
// comments itself, with their lines and columns (goccy/go-yaml's lexer,
// which knows what is text and what a comment), and places each by where
// it stands among the entries of the file:
//
//   - a comment on a line of its own goes before the next entry (a field of
//     a mapping or an item of a list), or, when it is indented at least as
//     far as the entries of a list or mapping that ends before it, after
//     that list or mapping;
//   - a comment after something on its line stays at the end of that line,
//     which for a [ ] or { } is the line the whole collection is written on.
//
// A [ ] or { } with a comment inside it is written as block lists and
// mappings, so that each comment keeps its place.

type formatter struct {
	src   []byte
	lines [][]byte
	lexed []comment   // every comment of the file
	ends  map[pos]pos // where each [ ] and { } closes, by where it opens
	doc   *yaml.Node
	root  *yaml.Node
	tree  *schema.Value

	block  map[*yaml.Node]bool          // flow collections written in block style
	head   map[*yaml.Node][]string      // comment lines before an entry ("" a blank line), by the entry's first node
	foot   map[*yaml.Node][]string      // comment lines after the last entry of a block collection
	line   map[*yaml.Node]string        // the comment at the end of a node's last line
	blank  map[*yaml.Node]bool          // a blank line before the entry
	top    []string                     // the comments before the first entry of the file
	topGap bool                         // a blank line between them and the first entry
	schema map[*yaml.Node]*schema.Value // the schema of each mapping
}

type pos struct{ line, col int }

func (p pos) before(q pos) bool { return p.line < q.line || p.line == q.line && p.col < q.col }

func at(n *yaml.Node) pos { return pos{n.Line, n.Column} }

type comment struct {
	pos  pos
	text string // from the # to the end of the line, without trailing space
	own  bool   // on a line of its own
}

// lex finds every comment of src and, for each [ or { that opens a
// collection, the position of the bracket that closes it.
func lex(src []byte) (comments []comment, ends map[pos]pos) {
	lines := bytes.Split(src, []byte("\n"))
	ends = map[pos]pos{}
	var stack []pos
	for _, t := range lexer.Tokenize(string(src)) {
		p := pos{t.Position.Line, t.Position.Column}
		switch t.Type {
		case token.CommentType:
			c := comment{pos: p, text: strings.TrimRight("#"+t.Value, " \t\r")}
			if p.line >= 1 && p.line <= len(lines) {
				c.own = len(bytes.TrimSpace(runePrefix(lines[p.line-1], p.col-1))) == 0
			}
			comments = append(comments, c)
		case token.SequenceStartType, token.MappingStartType:
			stack = append(stack, p)
		case token.SequenceEndType, token.MappingEndType:
			if len(stack) > 0 {
				ends[stack[len(stack)-1]] = p
				stack = stack[:len(stack)-1]
			}
		}
	}
	return comments, ends
}

// runePrefix is the first n characters of line.
func runePrefix(line []byte, n int) []byte {
	i := 0
	for k := 0; k < n && i < len(line); k++ {
		_, size := utf8.DecodeRune(line[i:])
		i += size
	}
	return line[:i]
}

// A visit is a node of the tree in document order.
type visit struct {
	n     *yaml.Node
	depth int
	flow  *yaml.Node // the outermost flow collection it is in (or is)
}

// An entry is a field of a block mapping or an item of a block list.
type entry struct {
	first *yaml.Node   // the key, or the item
	line  int          // where it starts
	chain []*yaml.Node // the block collections that hold it, outermost first
}

func isFlow(n *yaml.Node) bool {
	return (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle != 0
}

// comments places every comment of the file.
func (f *formatter) comments() error {
	cs := f.lexed
	if len(cs) == 0 {
		return nil
	}
	var visits []visit
	var walk func(n *yaml.Node, depth int, flow *yaml.Node)
	walk = func(n *yaml.Node, depth int, flow *yaml.Node) {
		if flow == nil && isFlow(n) {
			flow = n
		}
		visits = append(visits, visit{n, depth, flow})
		for _, c := range n.Content {
			walk(c, depth+1, flow)
		}
	}
	walk(f.root, 0, nil)

	// A comment inside [ ] or { } turns the collection into block style.
	// The outermost ones follow each other in the file, so the one a
	// comment may be in is the last that starts before it.
	type span struct {
		n          *yaml.Node
		start, end pos
	}
	var flows []span
	for _, v := range visits {
		if v.flow == v.n {
			end, ok := f.ends[at(v.n)]
			if !ok {
				return errorf(v.n.Line, "cannot find where this [ ] or { } ends")
			}
			flows = append(flows, span{v.n, at(v.n), end})
		}
	}
	for _, c := range cs {
		i := sort.Search(len(flows), func(i int) bool { return !flows[i].start.before(c.pos) })
		if i > 0 && c.pos.before(flows[i-1].end) {
			f.forceBlock(flows[i-1].n)
		}
	}
	sort.SliceStable(visits, func(i, j int) bool {
		a, b := visits[i], visits[j]
		if at(a.n) != at(b.n) {
			return at(a.n).before(at(b.n))
		}
		return a.depth < b.depth
	})
	es := f.entries()
	gaps := map[int][]comment{} // own-line comments by the index of the entry after them (len(es) at the end)
	for _, c := range cs {
		if c.own {
			i := sort.Search(len(es), func(i int) bool { return es[i].line > c.pos.line })
			gaps[i] = append(gaps[i], c)
			continue
		}
		// At the end of a line: the last node that starts before it.
		i := sort.Search(len(visits), func(i int) bool { return !at(visits[i].n).before(c.pos) })
		if i == 0 {
			f.top = append(f.top, c.text)
			continue
		}
		v := visits[i-1]
		target := v.n
		if v.flow != nil && !f.block[v.flow] {
			target = v.flow
		}
		if f.line[target] != "" {
			return errorf(c.pos.line, "fonds fmt cannot keep two comments at the end of one line; put one on a line of its own")
		}
		f.line[target] = c.text
	}
	indent := f.indents()
	for i := 0; i <= len(es); i++ {
		list := gaps[i]
		if len(list) == 0 {
			continue
		}
		var prev, next *entry
		if i > 0 {
			prev = &es[i-1]
		}
		if i < len(es) {
			next = &es[i]
		}
		f.place(list, prev, next, indent)
	}
	for _, e := range es {
		if f.blankBefore(e.line) {
			f.blank[e.first] = true
		}
	}
	if len(es) > 0 && len(f.top) > 0 {
		f.topGap = f.blank[es[0].first]
		f.blank[es[0].first] = false
	}
	return nil
}

// place puts the own-line comments between the entries prev and next.
// indent gives the column of the entries of each block collection.
func (f *formatter) place(list []comment, prev, next *entry, indent map[*yaml.Node]int) {
	if prev == nil {
		for _, c := range list {
			if f.blankBefore(c.pos.line) && len(f.top) > 0 {
				f.top = append(f.top, "")
			}
			f.top = append(f.top, c.text)
		}
		return
	}
	// The collections that end between prev and next, deepest first.
	var closed []*yaml.Node
	for j := len(prev.chain) - 1; j >= 0; j-- {
		if next != nil && j < len(next.chain) && next.chain[j] == prev.chain[j] {
			break
		}
		closed = append(closed, prev.chain[j])
	}
	from := 0 // comments only move outwards
	for _, c := range list {
		var target *yaml.Node
		for j := from; j < len(closed); j++ {
			if indent[closed[j]] <= c.pos.col {
				target, from = closed[j], j
				break
			}
		}
		text := []string{c.text}
		if f.blankBefore(c.pos.line) {
			text = []string{"", c.text}
		}
		if target != nil {
			f.foot[target] = append(f.foot[target], text...)
			continue
		}
		from = len(closed)
		if next == nil {
			f.foot[f.root] = append(f.foot[f.root], text...)
			continue
		}
		f.head[next.first] = append(f.head[next.first], text...)
	}
}

// forceBlock writes n and every collection inside it in block style.
func (f *formatter) forceBlock(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		f.block[n] = true
	}
	for _, c := range n.Content {
		f.forceBlock(c)
	}
}

// blockStyle reports whether the collection n is written in block style.
func (f *formatter) blockStyle(n *yaml.Node) bool {
	return (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && (!isFlow(n) || f.block[n]) && len(n.Content) > 0
}

// entries lists the entries of the block collections, in document order.
func (f *formatter) entries() []entry {
	var out []entry
	var walk func(n *yaml.Node, chain []*yaml.Node)
	walk = func(n *yaml.Node, chain []*yaml.Node) {
		if !f.blockStyle(n) {
			return
		}
		chain = append(chain[:len(chain):len(chain)], n)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				out = append(out, entry{first: k, line: k.Line, chain: chain})
				walk(n.Content[i+1], chain)
			}
		case yaml.SequenceNode:
			for _, e := range n.Content {
				out = append(out, entry{first: e, line: e.Line, chain: chain})
				walk(e, chain)
			}
		}
	}
	walk(f.root, nil)
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

// indents gives each block collection the column of its entries.
func (f *formatter) indents() map[*yaml.Node]int {
	out := map[*yaml.Node]int{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if f.blockStyle(n) {
			switch n.Kind {
			case yaml.MappingNode:
				out[n] = n.Content[0].Column
			case yaml.SequenceNode:
				out[n] = n.Column
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(f.root)
	return out
}

// blankBefore reports whether the line before line l is blank.
func (f *formatter) blankBefore(l int) bool {
	return l >= 2 && l-2 < len(f.lines) && len(bytes.TrimSpace(f.lines[l-2])) == 0
}
