package load

import (
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// packScalars moves the values of a file's scalars into one allocation,
// each node's Value then a string within it, in the order of the file.
//
// The YAML parser makes every scalar a string of its own. The model keeps
// most of the values (titles, names, dates as written, notes), so a
// finding aid of 300,000 items kept about 1.4 million of them, a third of
// the objects alive while its outputs were written, each marked on its
// own by every collection, each in a slot of its size class. Packed, a
// file's values are one object: the collector marks them once, they take
// the bytes they have, and the writers, which read the units in the order
// of the file, read them from memory in that order. The parser's strings
// are garbage once the file is parsed.
//
// Keys are left as they are: the decoder matches them and keeps none.
// Aliases are not followed: what one stands for is packed where it is
// defined, unless that is a key. Load packs the files it decodes, after
// parseYAML has checked the tree's depth and aliases; the trees read only
// for their keys (PathAt, the files beside a finding aid's) are not. Nothing
// writes to the block afterwards, which is what makes the strings made
// from it (unsafe.String) strings.
func packScalars(root *yaml.Node) {
	n := 0
	walkValues(root, func(v *yaml.Node) { n += len(v.Value) })
	if n == 0 {
		return
	}
	block := make([]byte, 0, n)
	walkValues(root, func(v *yaml.Node) {
		if v.Value == "" {
			return
		}
		start := len(block)
		block = append(block, v.Value...)
		v.Value = unsafe.String(&block[start], len(v.Value))
	})
}

// walkValues calls fn with every scalar under n that is not a key of a
// mapping, each once: aliases are not followed.
func walkValues(n *yaml.Node, fn func(*yaml.Node)) {
	switch n.Kind {
	case yaml.ScalarNode:
		fn(n)
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			walkValues(n.Content[i], fn)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			walkValues(c, fn)
		}
	}
}
