package importer

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// The encoder's words in fonds's own EAD (pkg/ead/editorial.go), read back
// into the sources' editorial fields and marks: an element marked
// @altrender="editorial" is the encoder's note on the element it stands in
// (or, for an abstract or a language note, beside), a unittitle of
// @type="editorial" a title the encoder supplied, and an emph of
// @altrender "sic" or "lost" the mark [sic] or […].

// fondsEditorial splits the children of a prose element of fonds's EAD
// into its own words and the encoder's note fonds wrote inside it: an
// element of its own kind (tag) or a note, marked editorial. It returns
// the other children and the note's Markdown, "" when there is none.
func (im *importer) fondsEditorial(kids []*node, tag string) (own []*node, md string) {
	for _, k := range kids {
		if (k.name == tag || k.name == "note") && isEditorial(k) && md == "" {
			var body []*node
			for _, c := range k.kids {
				if c.name == "head" && norm(textOf(c, false)) == present.EditorialNote {
					continue
				}
				body = append(body, c)
			}
			markUsed(k)
			md = im.fondsMarkdown(body, blockMode)
			continue
		}
		own = append(own, k)
	}
	return own, md
}

// isEditorial reports an element fonds wrote beside another to hold the
// encoder's note on it (an abstract, a language note).
func isEditorial(k *node) bool { return k.peek("altrender") == "editorial" }

// withEditorial adds the encoder's note md to the note n (a string or
// {head, text, internal}), after its text; n may be nil, for a note that
// is the encoder's alone.
func withEditorial(n *yaml.Node, md string) *yaml.Node {
	if md == "" {
		return n
	}
	m := newMapping()
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode:
		m.set("text", n)
	default:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "internal" {
				break
			}
			m.set(n.Content[i].Value, n.Content[i+1])
		}
	}
	m.set("editorial", str(md))
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "internal" {
				m.set("internal", n.Content[i+1])
			}
		}
	}
	return m.n
}

// internalNote marks the note n (a string or a mapping) internal.
func internalNote(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	m := newMapping()
	if n.Kind == yaml.ScalarNode {
		m.set("text", n)
	} else {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value != "internal" {
				m.set(n.Content[i].Value, n.Content[i+1])
			}
		}
	}
	m.set("internal", boolNode(true))
	return m.n
}

// editorialTitle reads a unittitle fonds wrote for a title the encoder
// supplied: its text without the square brackets the outputs add.
func editorialTitle(k *node, title string) (string, bool) {
	if k.peek("type") != "editorial" || !strings.HasPrefix(title, "[") || !strings.HasSuffix(title, "]") {
		return title, false
	}
	k.attr("type")
	return title[1 : len(title)-1], true
}

// fondsMark reads an editorial mark of fonds's EAD, <emph
// altrender="sic">[sic]</emph> or <emph altrender="lost">[…]</emph>, as
// the Markdown that writes it; false for any other emph.
func fondsMark(k *node) (string, bool) {
	what, text := k.peek("altrender"), textOf(k, false)
	switch {
	case what == prose.Sic && text == "[sic]", what == prose.Lost && text == "[…]":
		markUsed(k)
		return text, true
	}
	return "", false
}
