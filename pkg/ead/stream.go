package ead

import (
	"fmt"
	"iter"

	"github.com/beevik/etree"
)

// A stream is the children of an element that grow with the finding aid
// (the entries of an index, the reels of the concordance): they are built
// one at a time as they are written, after the element's own children,
// and dropped, so that the whole list is never held at once. Every child
// of a stream has the same tag, which the conformer checks the element's
// content against before any child is built.
type stream struct {
	tag      string
	children iter.Seq[*etree.Element]
}

// streamInto makes children the stream of e: layout writes them after
// e's own children. The caller makes sure that children yields at least
// one element, so that e is never left empty.
func (x *writer) streamInto(e *etree.Element, tag string, children iter.Seq[*etree.Element]) {
	if x.streams == nil {
		x.streams = map[*etree.Element]stream{}
	}
	x.streams[e] = stream{tag: tag, children: children}
}

// stream writes the children of parent's stream, each at the given depth,
// conformed to the profile where it stands.
func (x *writer) stream(parent *etree.Element, s stream, depth int) {
	k := x.conformer()
	// Each child is built, written and dropped before the next: it takes
	// the leaves of the one before (see leaves).
	x.leaves = x.reusedLeaves()
	defer func() { x.leaves = nil }()
	for c := range s.children {
		if x.err != nil {
			return
		}
		if c.Tag != s.tag {
			x.err = fmt.Errorf("%s: ead: a <%s> streamed into <%s>, which takes <%s>", x.a.Dir, c.Tag, parent.Tag, s.tag)
			return
		}
		if k != nil && !k.next(parent, c) {
			x.err = fmt.Errorf("%s: the EAD cannot be made valid for profile %s (<%s> in <%s>)", x.a.Dir, x.prof.name, c.Tag, parent.Tag)
			return
		}
		x.newline(depth)
		x.layout(c, depth)
		x.taken.reuse()
	}
	if k != nil && x.err == nil && !k.end(parent) {
		x.err = fmt.Errorf("%s: the EAD cannot be made valid for profile %s (<%s> ends too soon)", x.a.Dir, x.prof.name, parent.Tag)
	}
}

// reusedLeaves returns the leaves that units and the children of streams
// take one after the other.
func (x *writer) reusedLeaves() *leaves {
	if x.taken == nil {
		x.taken = &leaves{}
	}
	return x.taken
}
