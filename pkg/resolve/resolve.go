// Package resolve links a decoded finding aid together, once, for every
// output: names to persons, pseudonyms, bodies and places; inventory numbers
// to units and to the microfilm reels that hold them; references inside
// prose to their records. It reports what does not link: unknown names and
// numbers (with suggestions), duplicates, pseudonyms claimed twice, reel
// ranges that are inverted, overlap or leave gaps, units on no reel.
package resolve

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Archive resolves a and returns the problems found. A problem with a
// name is reported at its position, without its data path; ArchiveAt
// gives the path too.
func Archive(a *model.Archive) source.List { return ArchiveAt(a, nil) }

// ArchiveAt is Archive, with pathAt giving the data path of a value from
// its position ("contents[3].from[1]"), for the problems found with names,
// which the model keeps no path of (a million letters have a million and
// more names): load.Set.PathAt, which reads the file again only for a
// problem. pathAt may be nil, and may return "".
func ArchiveAt(a *model.Archive, pathAt func(source.Pos) string) source.List {
	r := &resolver{a: a, pathAt: pathAt}
	units := 0
	if a.Fonds != nil {
		units = count(a.Fonds.Contents)
	}
	a.Components = make([]*model.Component, 0, units)
	a.ByID = make(map[string]*model.Component, units)
	a.ByInv = make(map[int]*model.Component, units)
	a.PersonByID = map[string]*model.Person{}
	a.PseudonymFor = map[string]*model.Pseudonym{}
	a.BodyByID = map[string]*model.Body{}
	a.PlaceByID = map[string]*model.Place{}
	a.ReelByNo = map[int]*model.Reel{}
	r.authorities()
	if a.Fonds != nil {
		r.components(a.Fonds.Contents)
		r.agents(a.Fonds.Creators, nil, false)
	}
	ahead := parseAhead(a)
	for _, c := range a.Components {
		for _, list := range [][]*model.Agent{c.From, c.To, c.Names()} {
			r.agents(list, c, false)
		}
		r.agents(c.PlaceRefs(), c, true)
	}
	trimCitations(a)
	r.reels()
	r.chronology()
	r.prose(ahead)
	for _, p := range a.People {
		p.Keep()
	}
	for au := range a.Authorities() {
		model.KeepAnchor(au)
	}
	return r.diags
}

// trimCitations gives every record's Citations, which grew by append, an
// array of their length: a large finding aid has more citations than
// units, and append leaves up to as much room again unused.
func trimCitations(a *model.Archive) {
	for _, p := range a.People {
		p.Citations = trimmed(p.Citations)
		for _, ps := range p.Pseudonyms {
			ps.Citations = trimmed(ps.Citations)
		}
	}
	for _, b := range a.Bodies {
		b.Citations = trimmed(b.Citations)
	}
	for _, p := range a.Places {
		p.Citations = trimmed(p.Citations)
	}
}

// trimmed is s in an array of its length, when the one it is in has room
// for an eighth more.
func trimmed(s []model.Citation) []model.Citation {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return slices.Clone(s)
}

type resolver struct {
	a     *model.Archive
	diags source.List
	names map[string][]target // every name and id an agent may be written as
	// The keys of names that are places, and that are persons,
	// pseudonyms or bodies, each sorted, for suggestions.
	placeKeys, agentKeys []string
	// guessed are the numbers that reels listed twice were probably meant
	// to have: a reference to one is no second error.
	guessed map[int]bool
	pathAt  func(source.Pos) string // see ArchiveAt; may be nil
}

// path is the data path of the value at pos, or "" when there is no
// telling.
func (r *resolver) path(pos source.Pos) string {
	if r.pathAt == nil {
		return ""
	}
	return r.pathAt(pos)
}

// A target is one record a name can refer to.
type target struct {
	person    *model.Person
	pseudonym *model.Pseudonym
	body      *model.Body
	place     *model.Place
}

func (t target) same(u target) bool {
	return t.person == u.person && t.pseudonym == u.pseudonym && t.body == u.body && t.place == u.place
}

func (t target) describe() string {
	switch {
	case t.pseudonym != nil:
		return fmt.Sprintf("pseudonym of %s", t.pseudonym.Person.Name)
	case t.person != nil:
		return fmt.Sprintf("person %s", t.person.ID)
	case t.body != nil:
		return fmt.Sprintf("body %s", t.body.ID)
	}
	return fmt.Sprintf("place %s", t.place.ID)
}

func (r *resolver) addName(name string, t target) {
	if name == "" {
		return
	}
	for _, u := range r.names[name] {
		if u.same(t) {
			return
		}
	}
	r.names[name] = append(r.names[name], t)
}

func (r *resolver) authorities() {
	a := r.a
	r.names = map[string][]target{}
	ids := map[string]source.Pos{}
	claim := func(id string, pos source.Pos, what string) bool {
		if id == "" {
			r.diags.Errorf(pos, "", "%s has no id", what)
			return false
		}
		if first, dup := ids[id]; dup {
			r.diags.Errorf(pos, "", "id %q is used twice", id).Note(first, "first used here")
			return false
		}
		ids[id] = pos
		return true
	}
	pseudonymName := map[string]*model.Pseudonym{}
	// A pseudonym that is half of a name split by YAML is reported as
	// such; that the half is claimed twice follows from it.
	halves := map[source.Pos]bool{}
	for _, p := range a.People {
		for _, sp := range p.Splits {
			if sp.Shape {
				halves[sp.Pos], halves[sp.SecondPos] = true, true
			}
		}
	}
	// Outputs give a pseudonym whose id lacks "ps-" that prefix (Anchor),
	// so "crux" and "ps-crux" would be one identifier there.
	anchors := map[string]*model.Pseudonym{}
	for au := range a.Authorities() {
		rec := au.Base()
		var t target
		switch x := au.(type) {
		case *model.Person:
			t.person = x
			if claim(x.ID, x.Pos, "a person") {
				a.PersonByID[x.ID] = x
			}
		case *model.Body:
			t.body = x
			if claim(x.ID, x.Pos, "a corporate body") {
				a.BodyByID[x.ID] = x
			}
			r.addName(x.Short, t)
		case *model.Place:
			t.place = x
			if claim(x.ID, x.Pos, "a place") {
				a.PlaceByID[x.ID] = x
			}
		}
		r.addName(rec.ID, t)
		r.addName(rec.Name, t)
		for _, v := range rec.Variants {
			r.addName(v, t)
		}
		p, ok := au.(*model.Person)
		if !ok {
			continue
		}
		for _, ps := range p.Pseudonyms {
			if first, dup := pseudonymName[ps.Name]; dup {
				switch {
				case halves[ps.Pos] || halves[first.Pos]:
				case first.Person == p:
					r.diags.Errorf(ps.Pos, "", "pseudonym %q is listed twice for %s", ps.Name, p.Name).
						Note(first.Pos, "first listed here")
				default:
					r.diags.Errorf(ps.Pos, "", "pseudonym %q is claimed by two persons: %s and %s", ps.Name, first.Person.Name, p.Name).
						Note(first.Pos, "claimed for %s here", first.Person.Name)
				}
				continue
			}
			pseudonymName[ps.Name] = ps
			if !claim(ps.ID, ps.Pos, "a pseudonym") {
				continue
			}
			if first, dup := anchors[ps.Anchor()]; dup {
				r.diags.Errorf(ps.Pos, "", "pseudonym id %q is %q in the outputs, as pseudonym id %q is; rename one of them", ps.ID, ps.Anchor(), first.ID).
					Note(first.Pos, "%s declared here", first.Name)
			}
			anchors[ps.Anchor()] = ps
			a.PseudonymFor[ps.ID] = ps
			pt := target{person: p, pseudonym: ps}
			r.addName(ps.Name, pt)
			r.addName(ps.ID, pt)
		}
	}
	r.freeNames()
	for k, ts := range r.names {
		for _, t := range ts {
			if t.place != nil {
				r.placeKeys = append(r.placeKeys, k)
			} else {
				r.agentKeys = append(r.agentKeys, k)
			}
		}
	}
	for _, keys := range []*[]string{&r.placeKeys, &r.agentKeys} {
		sort.Strings(*keys)
		*keys = slices.Compact(*keys)
	}
}

// freeNames checks the names a person record gives (variants and
// pseudonyms): a pseudonym that is also the name of another record, which
// a unit could then cite only by id, is warned of; two names of a list in
// [ ] that are surely one name split by YAML at its comma (they have the
// shape of a surname and forenames, or joined they name a record) are an
// error, which says how to write either reading.
func (r *resolver) freeNames() {
	for _, p := range r.a.People {
		for _, ps := range p.Pseudonyms {
			if r.a.PseudonymFor[ps.ID] != ps {
				continue // claimed twice, or its id is; reported
			}
			for _, t := range r.names[ps.Name] {
				if t.pseudonym != nil || t.place != nil || t.person == p {
					continue
				}
				other, at := t.describe(), source.Pos{}
				if t.person != nil {
					at = t.person.Pos
				} else {
					at = t.body.Pos
				}
				r.diags.Warnf(ps.Pos, "", "pseudonym %q of %s is also the name of %s, so a unit that cites %q is refused as ambiguous: cite the pseudonym as %s and the other by its id, or keep the name under one record",
					ps.Name, p.Name, other, ps.Name, ps.ID).Note(at, "%s is here", other)
				break
			}
		}
		var told model.Split // the last reported: its Second is no First
		for _, sp := range p.Splits {
			if told.List == sp.List && told.Item == sp.Item-1 && told.First != "" {
				continue
			}
			known := ""
			if ts := r.targets(sp.Joined(), false); len(ts) > 0 {
				known = ts[0].describe()
			} else if !sp.Shape {
				continue
			}
			r.diags.Errorf(sp.Pos, sp.Path(), "%s", sp.Message(known))
			told = sp
		}
	}
}

// count counts the units in list, at any depth.
func count(list []*model.Component) int {
	n := len(list)
	for _, c := range list {
		n += count(c.Children)
	}
	return n
}

// components walks the tree in document order, indexing ids and inventory
// numbers.
func (r *resolver) components(list []*model.Component) {
	a := r.a
	var walk func([]*model.Component)
	walk = func(list []*model.Component) {
		for _, c := range list {
			c.Seq = len(a.Components)
			a.Components = append(a.Components, c)
			if p := c.Parent; p != nil {
				c.InternalAbove = p.Internal || p.InternalAbove
			}
			switch {
			case c.ID == "" && c.InvPos().IsValid():
				// An inventory number that could not be read: said where
				// it is written; that the unit then has no id follows.
			case c.ID == "":
				r.diags.Errorf(c.Pos, "", "a unit needs an id or an inventory number (inv)")
			case a.ByID[c.ID] != nil && a.ByID[c.ID].Pos != (source.Pos{}):
				// A duplicate inventory number is reported below; its
				// derived id need not be reported too.
				if c.IDWritten || a.ByInv[c.Inv] == nil {
					r.diags.Errorf(c.Pos, "", "id %q is used twice", c.ID).Note(a.ByID[c.ID].Pos, "first used here")
				}
			default:
				a.ByID[c.ID] = c
				if p := model.ReservedPrefix(c.ID); c.IDWritten && p != "" {
					r.diags.Errorf(c.Pos, "", "id %q starts with %q, which fonds keeps for its own identifiers", c.ID, p)
				}
			}
			if c.Inv != 0 {
				if first, dup := a.ByInv[c.Inv]; dup {
					r.diags.Errorf(c.InvPos(), "", "inventory number %d is used twice", c.Inv).
						Note(first.InvPos(), "first used here")
				} else {
					a.ByInv[c.Inv] = c
				}
			}
			for _, l := range c.Links() {
				if msg := prose.CheckLinkTarget(l.Href); msg != "" {
					r.diags.Errorf(l.Pos, "", "%s", msg)
				}
			}
			if c.Level == "otherlevel" && c.OtherLevel() == "" {
				r.diags.Errorf(c.Pos, "", "level otherlevel needs otherlevel: the name of the level")
			}
			if !c.Title.Pos.IsValid() && len(c.Dates) == 0 {
				r.diags.Warnf(c.Pos, "", "unit %s has neither a title nor a date; aggregators need one of them (--profile arclight makes this an error)", c.ID)
			}
			walk(c.Children)
		}
	}
	walk(list)
}

// unreadBetween reports whether a reel numbered from a to b (either way
// round) has items that could not be read: a gap beside it is no news.
func unreadBetween(reels []*model.Reel, a, b int) bool {
	lo, hi := min(a, b), max(a, b)
	for _, r := range reels {
		if r.Unread && r.No >= lo && r.No <= hi {
			return true
		}
	}
	return false
}

// agents resolves a list of names. Two unquoted items of a list in flow
// style that are one known name split at its comma ([Trockij, Lev
// Davidovič]) are told as such: an error, for both, when one of them is no
// name on its own, else a warning.
func (r *resolver) agents(list []*model.Agent, c *model.Component, placeOnly bool) {
	for i := 0; i < len(list); i++ {
		ag := list[i]
		if next := ag.Next; next != nil && i+1 < len(list) && list[i+1] == next {
			joined := ag.Name + ", " + next.Name
			if ts := r.targets(joined, placeOnly); len(ts) > 0 {
				quoted := joined
				if ag.Certainty == model.Probable {
					quoted = "probably " + joined
				}
				msg := fmt.Sprintf("in [ ] a comma separates items, so %q and %q are two names, but %q is the %s: quote it as one name, \"%s\"",
					ag.Name, next.Name, joined, ts[0].describe(), quoted)
				if len(r.targets(ag.Name, placeOnly)) != 1 || len(r.targets(next.Name, placeOnly)) != 1 {
					r.diags.Errorf(ag.Pos, r.path(ag.Pos), "%s", msg)
					i++
					continue
				}
				r.diags.Warnf(ag.Pos, r.path(ag.Pos), "%s", msg)
			}
		}
		r.agent(ag, c, placeOnly)
	}
}

// targets are the records name may cite: places, or everything else.
func (r *resolver) targets(name string, placeOnly bool) []target {
	var ts []target
	for _, t := range r.names[name] {
		if (t.place != nil) == placeOnly {
			ts = append(ts, t)
		}
	}
	return ts
}

// agent resolves a name written in the sources.
func (r *resolver) agent(ag *model.Agent, c *model.Component, placeOnly bool) {
	if ag.Free {
		return
	}
	all := r.names[ag.Name]
	ts := r.targets(ag.Name, placeOnly)
	switch {
	case len(ts) == 0:
		kind, keys := "person, pseudonym or corporate body", r.agentKeys
		if placeOnly {
			kind, keys = "place", r.placeKeys
		}
		if len(all) > 0 {
			// Known, but as the other kind: a place among the names.
			where := "places"
			if placeOnly {
				where = "names (or from, to, creators)"
			}
			r.diags.Errorf(ag.Pos, r.path(ag.Pos), "%q is the %s, not a %s: list it under %s", ag.Name, all[0].describe(), kind, where)
			return
		}
		msg := fmt.Sprintf("unknown %s %q", kind, ag.Name)
		if sug := source.Suggest(ag.Name, keys); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?", sug)
			if source.SameWords(ag.Name, sug) && strings.Contains(sug, ", ") && !strings.Contains(ag.Name, ",") {
				msg += " the authorities write names surname first"
			}
			msg += ")"
		}
		r.diags.Errorf(ag.Pos, r.path(ag.Pos), "%s", msg)
		return
	case len(ts) > 1:
		var what []string
		for _, t := range ts {
			what = append(what, t.describe())
		}
		r.diags.Errorf(ag.Pos, r.path(ag.Pos), "name %q is ambiguous: it could be %s; write the id", ag.Name, strings.Join(what, " or "))
		return
	}
	t := ts[0]
	ag.Person, ag.Pseudonym, ag.Body, ag.Place = t.person, t.pseudonym, t.body, t.place
	if c == nil {
		return
	}
	cit := model.Citation{Component: c, Agent: ag}
	switch {
	case t.person != nil:
		t.person.Citations = append(t.person.Citations, cit)
		if t.pseudonym != nil {
			t.pseudonym.Citations = append(t.pseudonym.Citations, cit)
		}
	case t.body != nil:
		t.body.Citations = append(t.body.Citations, cit)
	case t.place != nil:
		t.place.Citations = append(t.place.Citations, cit)
	}
}

// reels checks the microfilm reels and links them to units both ways.
func (r *resolver) reels() {
	a := r.a
	type span struct {
		model.Range
		reel *model.Reel
		dup  bool // of a reel whose number is listed before, or cannot be read
	}
	var spans []span
	listed := map[int]bool{}
	for _, reel := range a.Reels {
		listed[reel.No] = true
	}
	for i, reel := range a.Reels {
		if reel.No == 0 {
			// Its number could not be read, which is said where it is
			// written; its items still count.
			for _, rg := range reel.Ranges {
				if rg.From <= rg.To {
					spans = append(spans, span{rg, reel, true})
				}
			}
			continue
		}
		if first, dup := a.ReelByNo[reel.No]; dup {
			// Its numbers are still on a reel, so no unit is told it is on
			// none: one mistake, one error.
			msg := fmt.Sprintf("reel %d is listed twice", reel.No)
			if n := missingReel(a.Reels, i, listed); n > 0 {
				msg += fmt.Sprintf(" (is this reel %d? none is listed)", n)
				if r.guessed == nil {
					r.guessed = map[int]bool{}
				}
				r.guessed[n] = true
			}
			r.diags.Errorf(reel.Pos, reel.Path, "%s", msg).Note(first.Pos, "first listed here")
			for _, rg := range reel.Ranges {
				if rg.From <= rg.To {
					spans = append(spans, span{rg, reel, true})
				}
			}
			continue
		}
		a.ReelByNo[reel.No] = reel
		if len(reel.Ranges) == 0 && reel.Content == "" && !reel.Unread {
			r.diags.Errorf(reel.Pos, reel.Path, "reel %d holds nothing: give its items (inventory numbers) or its content", reel.No)
		}
		for _, rg := range reel.Ranges {
			if rg.From > rg.To {
				r.diags.Errorf(rg.Pos, rg.Path, "range %d-%d is inverted; write %d-%d", rg.From, rg.To, rg.To, rg.From)
				continue
			}
			spans = append(spans, span{rg, reel, false})
		}
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].From != spans[j].From {
			return spans[i].From < spans[j].From
		}
		return spans[i].To < spans[j].To
	})
	// Walk the ranges in order of their first number, remembering the one
	// that reaches furthest: a range may share its first number with the
	// last number of the range before it (an item split across two reels),
	// but no more than that; and no number may be skipped.
	var reach *span
	for i := range spans {
		s := &spans[i]
		if reach != nil {
			switch {
			case s.dup || reach.dup:
				// The reel listed twice is reported; where its numbers
				// overlap others' follows from that.
			case s.From < reach.To || s.From == reach.To && s.reel == reach.reel:
				n := min(s.To, reach.To) - s.From + 1
				r.diags.Errorf(s.Pos, s.Path, "range %d-%d overlaps reel %d by %d items; reels may share only one boundary item",
					s.From, s.To, reach.reel.No, n).Note(reach.Pos, "reel %d holds %d-%d", reach.reel.No, reach.From, reach.To)
			case s.From > reach.To+1 && !unreadBetween(a.Reels, reach.reel.No, s.reel.No):
				gap := fmt.Sprintf("numbers %d-%d are", reach.To+1, s.From-1)
				if s.From-1 == reach.To+1 {
					gap = fmt.Sprintf("number %d is", reach.To+1)
				}
				r.diags.Errorf(s.Pos, s.Path, "inventory %s on no reel (a gap after reel %d)", gap, reach.reel.No).
					Note(reach.Pos, "reel %d ends at %d", reach.reel.No, reach.To)
			}
		}
		if reach == nil || s.To > reach.To {
			reach = s
		}
	}
	// How many numbers the reels hold, and the reels of each described unit.
	last := 0
	for _, s := range spans {
		from := max(s.From, last+1)
		if s.To >= from {
			a.OnReels += s.To - from + 1
			last = s.To
		}
	}
	if len(spans) == 0 {
		return
	}
	// Most units are on one reel: they share that reel's list of one
	// (capacity one, so that an append copies it), rather than each
	// having a list of its own.
	alone := make(map[*model.Reel][]*model.Reel, len(a.Reels))
	for _, reel := range a.Reels {
		alone[reel] = []*model.Reel{reel}
	}
	for _, c := range a.Components {
		if c.Inv == 0 {
			continue
		}
		// The spans that can hold c.Inv start at or before it; overlaps
		// are at most one boundary item, so look back only while spans
		// could still reach it.
		i := sort.Search(len(spans), func(i int) bool { return spans[i].From > c.Inv })
		var found []*model.Reel
		onDup := false
		for j := i - 1; j >= 0 && j >= i-8; j-- {
			s := spans[j]
			if s.From <= c.Inv && c.Inv <= s.To {
				onDup = onDup || s.dup
				if !s.dup && !contains(found, s.reel) {
					found = append(found, s.reel)
				}
			}
		}
		sort.Slice(found, func(x, y int) bool { return found[x].No < found[y].No })
		c.Reels = found
		if len(found) == 1 {
			c.Reels = alone[found[0]]
		}
		for _, reel := range found {
			reel.Items = append(reel.Items, c)
		}
		if len(c.Reels) == 0 && !onDup {
			r.diags.Errorf(c.InvPos(), "", "no reel holds inventory number %d", c.Inv)
		}
	}
	for _, reel := range a.Reels {
		sort.SliceStable(reel.Items, func(i, j int) bool { return reel.Items[i].Inv < reel.Items[j].Inv })
		reel.Items = slices.Clone(reel.Items) // without the room append left
	}
}

// missingReel is the number that reel i, which repeats an earlier number,
// probably should have: the one after the reel listed before it, when no
// reel has it and it comes before the reel listed after; 0 when there is
// no such number.
func missingReel(reels []*model.Reel, i int, listed map[int]bool) int {
	if i == 0 {
		return 0
	}
	n := reels[i-1].No + 1
	if listed[n] || i+1 < len(reels) && reels[i+1].No <= n {
		return 0
	}
	return n
}

func contains(list []*model.Reel, r *model.Reel) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// openStart reports whether d is an interval with no known start
// ("../1940", "until 1940"); its Earliest is then its end's.
func openStart(d edtf.Date) bool {
	return d.Kind == edtf.Interval && len(d.Parts) == 2 && (d.Parts[0].Open || d.Parts[0].Unknown)
}

// chronology warns when events are out of date order.
func (r *resolver) chronology() {
	var prev *model.Event
	for _, ev := range r.a.Events {
		if ev.Date.IsUndated() {
			continue
		}
		// Loose dates overlap: summer 1929 may follow 15 August 1929. Warn
		// only when the event must have ended before the previous began.
		// An open end (1904/.., "until 1940") bounds nothing on that side.
		var start edtf.Day
		if prev != nil && !openStart(prev.Date.Date) {
			start = prev.Date.Earliest()
		}
		end := ev.Date.Latest()
		if prev != nil && !end.IsZero() && !start.IsZero() && end.Before(start) {
			r.diags.Warnf(ev.Pos, ev.Path, "event of %s comes after one of %s", ev.Date.Label(), prev.Date.Label()).
				Note(prev.Pos, "the earlier-listed event")
		}
		prev = ev
	}
}
