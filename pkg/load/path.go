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

// PathAt returns the data path of the value written at pos in one of the
// set's files, as diagnostics show it ("contents[3].from[1]"), or "" when
// no value of its files starts there. The first call for a file parses it
// again and notes where each of its values starts: the model keeps no path
// of the names it holds, which are many, and only a problem with one needs
// it. A value reached through an alias is found where its anchor is. It
// may be called from several goroutines.
func (s *Set) PathAt(pos source.Pos) string {
	s.pathsMu.Lock()
	defer s.pathsMu.Unlock()
	paths, ok := s.paths[pos.File]
	if !ok {
		for _, d := range s.Docs {
			if d.Name == pos.File && d.Data != nil {
				var none source.List
				if root, _ := parseYAML(d.Name, d.Data, s.opt, true, false, &none); root != nil {
					paths = map[[2]int]string{}
					notePaths(root, "", paths)
				}
				break
			}
		}
		if s.paths == nil {
			s.paths = map[string]map[[2]int]string{}
		}
		s.paths[pos.File] = paths
	}
	return paths[[2]int{pos.Line, pos.Col}]
}

// notePaths notes where n and each value inside it starts, with its data
// path, the first value to start at a place keeping it: a unit's mapping,
// not its first key. Aliases are not followed.
func notePaths(n *yaml.Node, path string, into map[[2]int]string) {
	at := [2]int{n.Line, n.Column}
	if _, ok := into[at]; !ok {
		into[at] = path
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			notePaths(n.Content[i+1], joinPath(path, n.Content[i].Value), into)
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			notePaths(e, elem(path, i), into)
		}
	}
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
