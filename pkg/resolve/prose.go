package resolve

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Fields calls fn for every prose field of a, with its data path and the
// unit it belongs to (nil for the fonds and authority records). Of a
// unit's notes only those it has are visited (model.UnitNotes.All); the
// fonds's are all visited, empty or not.
func Fields(a *model.Archive, fn func(p *model.Prose, path string, c *model.Component)) {
	if a.Fonds != nil {
		for _, f := range model.NoteFields {
			fn(f.Of(&a.Fonds.Description), f.Name, nil)
		}
		fn(&a.Fonds.Repository.Request, "repository.request", nil)
	}
	for _, c := range a.Components {
		for f, p := range c.Description.All() {
			fn(p, f.Name, c)
		}
	}
	for au := range a.Authorities() {
		fn(&au.Base().Note, "note", nil)
	}
	for _, ev := range a.Events {
		fn(&ev.Text, ev.Path+".event", nil)
	}
}

// prose parses every prose field once, the source's words and the
// encoder's note on them, keeping the trees in a.Notes for the writers,
// and checks their references, in order. Most of the parsing is done
// already, by ahead.
func (r *resolver) prose(ahead *notesAhead) {
	a := r.a
	a.Notes = ahead.notes()
	Fields(a, func(p *model.Prose, path string, c *model.Component) {
		r.parse(p)
		if p.Editorial != nil {
			r.parse(p.Editorial)
		}
	})
}

// notesAhead parses the notes of a finding aid in the background while
// the rest of it is resolved: parsing them is the largest part of
// resolving and needs nothing resolved, so it runs on the other core.
// Each distinct text is parsed once, by whichever of the background and
// notes (which joins it) takes it first; what the trees are does not
// depend on who parsed them or when.
type notesAhead struct {
	listed chan struct{} // closed once texts and parsed are complete
	texts  []string      // the distinct texts, in the order Fields meets them
	parsed prose.Notes   // every text of texts, its tree nil until notes
	docs   []*prose.Doc  // the tree of texts[i]
	next   atomic.Int64  // the next text to take
	wg     sync.WaitGroup
}

// parseAhead starts parsing the notes of a. Nothing may change a's prose
// until notes is called; resolving reads it only.
func parseAhead(a *model.Archive) *notesAhead {
	n := &notesAhead{listed: make(chan struct{}), parsed: prose.Notes{}}
	n.wg.Go(func() {
		Fields(a, func(p *model.Prose, _ string, _ *model.Component) {
			n.list(p)
			if p.Editorial != nil {
				n.list(p.Editorial)
			}
		})
		n.docs = make([]*prose.Doc, len(n.texts))
		close(n.listed)
		n.work()
	})
	return n
}

func (n *notesAhead) list(p *model.Prose) {
	if _, ok := n.parsed[p.Text]; !ok && p.Text != "" {
		n.parsed[p.Text] = nil
		n.texts = append(n.texts, p.Text)
	}
}

// work parses texts until none is left to take.
func (n *notesAhead) work() {
	for i := int(n.next.Add(1) - 1); i < len(n.texts); i = int(n.next.Add(1) - 1) {
		n.docs[i] = prose.Parse(n.texts[i])
	}
}

// notes parses what the background has not taken yet, beside it, and
// returns every note's tree.
func (n *notesAhead) notes() prose.Notes {
	<-n.listed
	n.work()
	n.wg.Wait()
	for i, t := range n.texts {
		n.parsed[t] = n.docs[i]
	}
	return n.parsed
}

func (r *resolver) parse(p *model.Prose) {
	if p.Text == "" {
		return
	}
	doc := r.a.Notes.Add(p.Text)
	for _, pr := range doc.Problems {
		r.diags.Errorf(p.PosAt(pr.Offset), "", "%s", pr.Msg)
	}
	for _, ref := range doc.Refs {
		if msg := r.checkRef(ref); msg != "" {
			r.diags.Errorf(p.PosAt(ref.Offset), "", "%s", msg)
		}
	}
}

// checkRef returns what is wrong with a reference, or "".
func (r *resolver) checkRef(ref prose.Ref) string {
	a := r.a
	unknown := func(what string, keys []string) string {
		msg := fmt.Sprintf("unknown %s %q", what, ref.Target)
		if sug := source.Suggest(ref.Target, keys); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		}
		return msg
	}
	switch ref.Kind {
	case prose.Person:
		if a.PersonByID[ref.Target] == nil {
			return unknown("person", sortedKeys(a.PersonByID))
		}
	case prose.Pseudonym:
		if a.PseudonymFor[ref.Target] == nil {
			return unknown("pseudonym", sortedKeys(a.PseudonymFor))
		}
	case prose.Body:
		if a.BodyByID[ref.Target] == nil {
			return unknown("corporate body", sortedKeys(a.BodyByID))
		}
	case prose.Place:
		if a.PlaceByID[ref.Target] == nil {
			return unknown("place", sortedKeys(a.PlaceByID))
		}
	case prose.Inv:
		n, err := strconv.Atoi(ref.Target)
		if err != nil || n < 1 {
			return fmt.Sprintf("inventory number %q is not a number", ref.Target)
		}
		if a.ByInv[n] == nil && a.ReelHolding(n) == nil {
			return fmt.Sprintf("inventory number %d is neither described nor on a reel%s", n, invSpan(a))
		}
	case prose.Reel:
		n, err := strconv.Atoi(ref.Target)
		if err != nil {
			return fmt.Sprintf("reel %q is not a number", ref.Target)
		}
		if a.ReelByNo[n] == nil && !r.guessed[n] {
			if len(a.ReelByNo) == 0 {
				return fmt.Sprintf("unknown reel %d: the finding aid lists no reels", n)
			}
			if len(a.ReelByNo) == 1 {
				return fmt.Sprintf("unknown reel %d (the only reel is %s)", n, span(a.ReelByNo))
			}
			return fmt.Sprintf("unknown reel %d (the reels are numbered %s)", n, span(a.ReelByNo))
		}
	}
	return ""
}

// span is "1-45": the lowest and highest key of m, which is not empty.
func span[T any](m map[int]T) string {
	keys := slices.Collect(maps.Keys(m))
	lo, hi := slices.Min(keys), slices.Max(keys)
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// invSpan says which inventory numbers the finding aid has, for a message
// about one it has not: " (described: 1-12; on reels: 1-1304)".
func invSpan(a *model.Archive) string {
	var parts []string
	if len(a.ByInv) > 0 {
		parts = append(parts, "described: "+span(a.ByInv))
	}
	lo, hi := 0, 0
	for _, r := range a.Reels {
		for _, rg := range r.Ranges {
			if lo == 0 || rg.From < lo {
				lo = rg.From
			}
			hi = max(hi, rg.To)
		}
	}
	if hi > 0 {
		parts = append(parts, fmt.Sprintf("on reels: %d-%d", lo, hi))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
