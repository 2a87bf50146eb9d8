package load

import (
	"bytes"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/source"
)

// Lookup finds the node at a data path given as segments ("contents", "3",
// "title"), following aliases. It returns the value node and, when the last
// segment is a mapping key, the key node; nil when the path does not exist.
func (d *Doc) Lookup(segs []string) (value, key *yaml.Node) {
	n := d.Root
	for _, s := range segs {
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			return nil, nil
		}
		switch n.Kind {
		case yaml.MappingNode:
			var found bool
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					key, n, found = n.Content[i], n.Content[i+1], true
					break
				}
			}
			if !found {
				return nil, nil
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, nil
			}
			n, key = n.Content[i], nil
		default:
			return nil, nil
		}
	}
	return n, key
}

// Pos returns the position of a node of d.
func (d *Doc) Pos(n *yaml.Node) source.Pos { return nodePos(d.Name, n) }

// PathString formats path segments the way diagnostics show them:
// contents[3].title.
func PathString(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// Line returns line l (counted from 1) of the file, without its line break.
func (d *Doc) Line(l int) (string, bool) {
	b, ok := d.lineBytes(l)
	return string(b), ok
}

// lineBytes is Line, in the file's own bytes.
func (d *Doc) lineBytes(l int) ([]byte, bool) {
	if d.lines == nil {
		d.lines = make([]int, 1, bytes.Count(d.Data, []byte{'\n'})+1)
		for i, c := range d.Data {
			if c == '\n' {
				d.lines = append(d.lines, i+1)
			}
		}
	}
	if l < 1 || l > len(d.lines) || d.lines[l-1] >= len(d.Data) {
		return nil, false
	}
	start, end := d.lines[l-1], len(d.Data)
	if l < len(d.lines) {
		end = d.lines[l] - 1
	}
	return bytes.TrimRight(d.Data[start:end], "\r"), true
}
