package format

import (
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// same checks that out says what the input said: it parses, its values are
// the input's (the order of a mapping's keys aside), a list in [ ] keeps
// which of its items are quoted, and it has the input's comments (when
// lexed; an input without a # has none, and out none either, since out
// writes no # but in comments and values).
func same(comments []comment, doc *yaml.Node, out []byte, list, lexed bool) error {
	got, err := parse(out, list)
	if err != nil {
		return err
	}
	if err := sameNode(doc.Content[0], got.Content[0], "", false); err != nil {
		return err
	}
	if !lexed {
		return nil
	}
	var a, b []string
	for _, c := range comments {
		a = append(a, c.text)
	}
	outComments, _ := lex(out)
	for _, c := range outComments {
		b = append(b, c.text)
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return errors.New("the comments would not be kept")
	}
	return nil
}

// sameNode compares a and b, found at path; inFlow says that both stand in a
// flow list, where quoting a name is part of what it says.
func sameNode(a, b *yaml.Node, path string, inFlow bool) error {
	differ := func(what string) error {
		if path == "" {
			path = "the top"
		}
		return fmt.Errorf("%s differs at %s", what, path)
	}
	if a.Kind != b.Kind {
		return differ("the kind of value")
	}
	if a.Anchor != b.Anchor {
		return differ("an anchor")
	}
	switch a.Kind {
	case yaml.AliasNode:
		if a.Value != b.Value {
			return differ("an alias")
		}
	case yaml.ScalarNode:
		if a.ShortTag() != b.ShortTag() {
			return differ("the type of a value")
		}
		if a.ShortTag() != "!!null" && a.Value != b.Value {
			return differ("a value")
		}
		if inFlow && a.ShortTag() == "!!str" && (a.Style == 0) != (b.Style == 0) {
			return differ("quoting in [ ]")
		}
	case yaml.SequenceNode:
		if len(a.Content) != len(b.Content) {
			return differ("the length of a list")
		}
		flow := isFlow(a) && isFlow(b)
		for i := range a.Content {
			if err := sameNode(a.Content[i], b.Content[i], fmt.Sprintf("%s[%d]", path, i), flow); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		if len(a.Content) != len(b.Content) {
			return differ("the fields of a mapping")
		}
		byKey := map[string]*yaml.Node{}
		for i := 0; i+1 < len(b.Content); i += 2 {
			byKey[b.Content[i].Value] = b.Content[i+1]
		}
		for i := 0; i+1 < len(a.Content); i += 2 {
			k := a.Content[i].Value
			v, ok := byKey[k]
			if !ok {
				return differ("the fields of a mapping")
			}
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			if err := sameNode(a.Content[i+1], v, sub, false); err != nil {
				return err
			}
		}
	}
	return nil
}
