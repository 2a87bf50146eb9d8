// Package format writes a YAML source file of a finding aid in fonds's one
// layout, as gofmt does for Go; fonds fmt calls it. The layout:
//
//   - the fields of a mapping in the order the schema lists them, except that
//     the files a fonds.yaml names (authorities, reels, chronology), the raw
//     EAD (ead) and the units below (contents) come last, in that order;
//   - two spaces of indentation a level, a list indented under its key;
//   - quotes only where YAML needs them (a value it would read as a number,
//     a date or true, one that holds ": " or " #", or starts with a sign
//     YAML reserves), and in [ ] and { } wherever the file had them, since
//     there they say that a comma-separated name is one name;
//   - [ ] and { } on one line, with ", " between items;
//   - unquoted text longer than Width characters continued on the next lines,
//     broken at spaces; text under > keeps its line breaks, and only its lines
//     longer than Width are broken; text under | is never changed;
//   - every comment kept: the ones above a field, at the end of a line
//     (aligned with those of the lines next to it) and after a list or
//     mapping; one blank line at most where the file had any.
//
// Source never changes what a file says: it parses what it wrote and
// compares it with the input, value by value and comment by comment, and
// returns an error instead of a file that differs.
package format

import (
	"bytes"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/schema"
)

// Width is the column (in characters) up to which long text is folded.
const Width = 100

// An Error is a file that Source cannot lay out, with the line it stops at
// (0 when none).
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func errorf(line int, format string, args ...any) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Source returns data, a source file of the given kind ("fonds", "series",
// "parts", "authorities", "reels" or "chronology", as in package schema),
// in fonds's layout. The result has LF line ends and no byte order mark.
func Source(data []byte, kind string) ([]byte, error) {
	k, ok := schema.Kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind of source file %q", kind)
	}
	tree, err := schema.Tree()
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	// Line ends as YAML reads them: CRLF, and a CR alone (old Mac OS).
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	list := kind == "parts" // a file of units is a list
	doc, err := parse(data, list)
	if err != nil {
		return nil, err
	}
	f := &formatter{
		src:    data,
		lines:  bytes.Split(data, []byte("\n")),
		doc:    doc,
		root:   doc.Content[0],
		tree:   tree,
		block:  map[*yaml.Node]bool{},
		head:   map[*yaml.Node][]string{},
		foot:   map[*yaml.Node][]string{},
		line:   map[*yaml.Node]string{},
		blank:  map[*yaml.Node]bool{},
		schema: map[*yaml.Node]*schema.Value{},
	}
	if bytes.IndexByte(data, '#') >= 0 {
		// Without a # the file has no comment, and the result none.
		f.lexed, f.ends = lex(data)
	}
	if err := f.checkKeys(f.root); err != nil {
		return nil, err
	}
	f.bindSchema(f.root, tree.Pointer("#/definitions/"+k.Definition))
	if err := f.comments(); err != nil {
		return nil, err
	}
	out, err := f.print()
	if err != nil {
		return nil, err
	}
	if err := same(f.lexed, doc, out, list, f.lexed != nil); err != nil {
		return nil, fmt.Errorf("fonds fmt would change what the file says (%v); the file is left as it is", err)
	}
	return out, nil
}

// parse reads one YAML document whose top is a mapping, or a list (list).
func parse(data []byte, list bool) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not YAML fonds can read: %v", err)
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return nil, errorf(second.Line, "a source file holds one YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("the file is empty")
	}
	if top := doc.Content[0].Kind; top != yaml.MappingNode && !(list && top == yaml.SequenceNode) {
		return nil, errors.New("the file does not hold a mapping of fields")
	}
	return &doc, nil
}

// checkKeys refuses what fonds's sources never hold and the layout could
// not keep: keys that are not text, and a key written twice.
func (f *formatter) checkKeys(n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				return errorf(k.Line, "a key must be plain text")
			}
			if seen[k.Value] {
				return errorf(k.Line, "duplicate key %q", k.Value)
			}
			seen[k.Value] = true
		}
	}
	for _, c := range n.Content {
		if err := f.checkKeys(c); err != nil {
			return err
		}
	}
	return nil
}
