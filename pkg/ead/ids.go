package ead

import (
	"slices"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Every @id of an EAD file begins with its finding aid's prefix, and so
// does every reference to one (@target, and each name of @parent): an
// OAI-PMH answer that carries several finding aids is one XML document, in
// which an id may stand once, and two finding aids of a build may well
// both describe "person-trotsky" or "reel-7". The prefix depends on the
// finding aid alone, so an id is the same whatever else is built with it.
// The HTML site and the PDF keep their anchors and destinations without
// it (inventory.html#inv-723 stays the address of a unit). The writer
// puts the prefix before them as it writes them (startTag in xml.go).

// IDPrefix is the prefix of every id in the EAD of a: its slug and a dot
// ("arch01483." for ARCH01483), with an underscore before a slug that
// begins with a digit, since an xs:ID must begin with a letter or an
// underscore ("_1999-04." for finding aid 1999-04).
func IDPrefix(a *model.Archive) string {
	slug := a.Slug()
	if slug != "" && slug[0] >= '0' && slug[0] <= '9' {
		slug = "_" + slug
	}
	return slug + "."
}

// CheckSet implements build.SetChecker: it reports the ids that two EAD
// files of a build would share, prefixes included. Prefixes differ, so
// this happens only when one finding aid's prefix begins the other's
// (finding aids "a" and "a.b", whose ids "b.x" and "x" are both "a.b.x"),
// or when two slugs differ by a leading underscore ("_1" and "1"); it is
// reported at the id of the second finding aid, in the order of the build.
func (o Output) CheckSet(archives []*model.Archive) []source.List {
	out := make([]source.List, len(archives))
	order := make([]int, len(archives))
	for i := range order {
		order[i] = i
	}
	prefix := func(i int) string { return IDPrefix(archives[i]) }
	slices.SortStableFunc(order, func(i, j int) int { return strings.Compare(prefix(i), prefix(j)) })
	ids := map[int]map[string]idOwner{}
	idsOf := func(i int) map[string]idOwner {
		if m, ok := ids[i]; ok {
			return m
		}
		_, m := check(archives[i], o.Options)
		ids[i] = m
		return m
	}
	for k, i := range order {
		for _, j := range order[k+1:] {
			if !strings.HasPrefix(prefix(j), prefix(i)) {
				break
			}
			first, second := i, j
			if second < first {
				first, second = second, first
			}
			firstIDs := map[string]idOwner{}
			for id, owner := range idsOf(first) {
				firstIDs[prefix(first)+id] = owner
			}
			var clashes []string
			secondIDs := idsOf(second)
			for id := range secondIDs {
				if _, ok := firstIDs[prefix(second)+id]; ok {
					clashes = append(clashes, id)
				}
			}
			slices.Sort(clashes)
			for _, id := range clashes {
				full := prefix(second) + id
				owner, prev := secondIDs[id], firstIDs[full]
				out[second].Errorf(owner.pos, "", "id %q of %s is %q in the EAD, as is the id of %s in finding aid %q (%s): an OAI-PMH answer that holds both would be invalid; rename one of them, or give one finding aid another finding_aid id",
					id, owner.what(), full, prev.what(), archives[first].Fonds.FindingAid.ID, archives[first].Dir)
			}
		}
	}
	return out
}
