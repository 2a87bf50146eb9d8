package importer

import (
	"fmt"
	"strings"

	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/present"
)

// noteNames are the descriptive notes EAD 2002 defines, at any level.
var noteNames = map[string]bool{}

func init() {
	for _, n := range present.Notes {
		if tag, _, ok := ead.NoteTag(n.Name); ok {
			noteNames[tag] = true
		}
	}
	for _, n := range []string{"fileplan", "legalstatus", "descgrp", "index"} {
		noteNames[n] = true
	}
}

// repairTree mends, before anything is mapped, what real finding aids get
// wrong in ways that would make the sources or the EAD written from them
// invalid, and reports each repair:
//
//   - revisionsdesc, a producer's misspelling, is read as revisiondesc;
//   - a note that holds a head and nothing else (an empty bioghist,
//     phystech, altformavail…) is dropped, its heading quoted in the
//     report, since the schema refuses a note with no content;
//   - text standing directly in a list, where only items may stand, is
//     wrapped in an item of its own;
//   - a did with no child is reported: the unit has no title, date or
//     identifier, and the EAD writer gives it an empty unittitle.
func (im *importer) repairTree(n *node) {
	kept := n.kids[:0]
	for _, k := range n.kids {
		switch {
		case k.name == "revisionsdesc":
			im.repaired.add("revisionsdesc (a misspelling) read as revisiondesc", k.line, 0)
			k.name = "revisiondesc"
		case noteNames[k.name] && onlyHead(k):
			head := ""
			if h := k.child("head"); h != nil {
				head = norm(textOf(h, false))
			}
			markUsed(k)
			im.repaired.add(fmt.Sprintf("empty %s (a head and nothing else) dropped: %q", k.name, head), k.line, 0)
			continue
		case k.name == "list":
			im.wrapListText(k)
		case k.name == "did" && len(k.elems()) == 0 && n.name != "archdesc":
			im.repaired.add("did with no child: the unit has no title, date or identifier (the EAD gets an empty unittitle)", k.line, 0)
		}
		if k.name != "" {
			im.repairTree(k)
		}
		kept = append(kept, k)
	}
	n.kids = kept
}

// onlyHead reports whether a note holds nothing but a head and blanks.
func onlyHead(n *node) bool {
	for _, k := range n.kids {
		switch {
		case k.name == "head":
		case k.name == "" && strings.TrimSpace(k.text) == "":
		default:
			return false
		}
	}
	return true
}

// wrapListText puts text that stands directly in a list into items.
func (im *importer) wrapListText(l *node) {
	for i, k := range l.kids {
		if k.name != "" || strings.TrimSpace(k.text) == "" {
			continue
		}
		item := &node{name: "item", space: l.space, line: k.line, col: k.col, parent: l, kids: []*node{k}}
		k.parent = item
		l.kids[i] = item
		im.repaired.add("text directly inside a list wrapped in an item", k.line, 0)
	}
}
