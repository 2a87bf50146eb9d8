package importer

import (
	"bytes"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A mapping is a YAML mapping built in the order fields are added, so that
// files read in a stable, familiar order.
type mapping struct{ n *yaml.Node }

func newMapping() mapping { return mapping{&yaml.Node{Kind: yaml.MappingNode}} }

// set adds key: value; nil values are skipped.
func (m mapping) set(key string, v *yaml.Node) {
	if v == nil {
		return
	}
	m.n.Content = append(m.n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func (m mapping) str(key, v string) {
	if v != "" {
		m.set(key, str(v))
	}
}

// str is a string scalar: a literal block when it spans lines, quoted
// when YAML would read it as something else or cannot hold it plainly.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case needsQuotes(s):
		n.Style = yaml.DoubleQuotedStyle
	case strings.Contains(s, "\n"):
		n.Style = yaml.LiteralStyle
	}
	return n
}

// needsQuotes: characters that YAML reads as line breaks or cannot write
// in a block (NEL, line and paragraph separators, a BOM, controls, or
// spaces at the ends of lines a literal block could not keep).
func needsQuotes(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			return true
		}
	}
	if strings.Contains(s, "\n") {
		// A literal block cannot start with a space-only first line, nor keep trailing spaces.
		for _, line := range strings.Split(s, "\n") {
			if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
				return true
			}
		}
		if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n") {
			return true
		}
	}
	return false
}

func intNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

// flowSeq is a list written on one line, for short lists of names.
func flowSeq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: items}
}

// modeline starts the first line of every source file, which names its
// schema for editors.
const modeline = "# yaml-language-server: $schema="

// encodeFile writes one source file: the schema line, then the document.
func encodeFile(schemaLine string, root *yaml.Node) []byte {
	var buf bytes.Buffer
	buf.WriteString(modeline + schemaLine + "\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		// yaml.v3 fails only on node trees it cannot represent, which the
		// builders above never make.
		panic("importer: encoding YAML: " + err.Error())
	}
	enc.Close()
	return buf.Bytes()
}

// dropFields removes from a file's mapping, and the units in it, the ead
// fields that conformRaw left with nothing to write.
func dropFields(n *yaml.Node, empty map[*rawField]bool) {
	nodes := make(map[*yaml.Node]bool, len(empty))
	for f := range empty {
		nodes[f.node] = true
	}
	dropNodes(n, nodes)
}

func dropNodes(n *yaml.Node, empty map[*yaml.Node]bool) {
	switch n.Kind {
	case yaml.MappingNode:
		out := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			if empty[n.Content[i+1]] {
				continue
			}
			dropNodes(n.Content[i+1], empty)
			out = append(out, n.Content[i], n.Content[i+1])
		}
		n.Content = out
	case yaml.SequenceNode:
		for _, k := range n.Content {
			dropNodes(k, empty)
		}
	}
}
