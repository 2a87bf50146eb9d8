package ead

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// maxNumbered is the deepest level numbered components reach: c12.
const maxNumbered = 12

// kindWords name the kinds of authority record in messages.
var kindWords = map[string]string{prose.Person: "person", prose.Body: "corporate body", prose.Place: "place"}

// Check finds, before anything is written, what would make the document
// invalid or refused by the profile (errors) and what an aggregator would
// object to but the schema allows (warnings): ids used twice (persons,
// pseudonyms, bodies, places, reels and units share one id space in the
// EAD), trees too deep for --numbered, dates whose @normal the schema or
// ArcLight would refuse, raw EAD that is not well-formed or that the
// schema would refuse where fonds writes it (rawcheck.go), and the
// profile's needs. Each diagnostic is at the place in the sources to fix.
// fonds check and fonds build run it with the sources' own checks.
func Check(a *model.Archive, opt Options) source.List {
	diags, _ := check(a, opt)
	return diags
}

// An idOwner is what an id of the EAD belongs to, and where it is written.
// Its description is the kind and the name ("unit", "inv-723"), joined
// only when a message needs it: a finding aid has an id a unit.
type idOwner struct {
	kind, name string
	pos        source.Pos
}

// what describes the owner in messages: "unit inv-723".
func (o idOwner) what() string {
	if o.kind == "" {
		return o.name
	}
	return o.kind + " " + o.name
}

// check is Check; it returns also every id of the EAD, fonds's and raw
// EAD's (without their prefix), with their owners (an id of raw EAD is at
// the fonds).
func check(a *model.Archive, opt Options) (source.List, map[string]idOwner) {
	var diags source.List
	if a == nil || a.Fonds == nil {
		return diags, nil
	}
	prof, err := profileNamed(opt.Profile)
	if err != nil {
		diags.Errorf(source.Pos{File: a.Dir}, "", "%v", err)
		return diags, nil
	}
	f := a.Fonds

	var missing []string
	if f.Repository.ISIL == "" {
		missing = append(missing, "repository.isil")
	}
	if f.Repository.Country == "" {
		missing = append(missing, "repository.country")
	}
	if len(missing) > 0 {
		pos := f.Repository.Pos
		if !pos.IsValid() {
			pos = f.Pos
		}
		msg := fmt.Sprintf("no %s: Archives Portal Europe and Archives Hub need the repository's ISIL and country code (eadid/@mainagencycode, eadid/@countrycode)",
			strings.Join(missing, " or "))
		if prof.needAgency {
			diags.Errorf(pos, "repository", "%s (EAD profile %s)", msg, prof.name)
		} else {
			diags.Warnf(pos, "repository", "%s", msg)
		}
	}

	ids := make(map[string]idOwner, len(a.Components)+len(a.Reels))
	claim := func(id string, owner idOwner) {
		if prev, dup := ids[id]; dup {
			diags.Errorf(owner.pos, "", "id %q of %s is also the id of %s in the EAD; rename one of them", id, owner.what(), prev.what())
			return
		}
		ids[id] = owner
	}
	for au := range a.Authorities() {
		r := au.Base()
		claim(au.Anchor(), idOwner{kindWords[au.Kind()], r.ID, r.Pos})
		if p, ok := au.(*model.Person); ok {
			for _, ps := range p.Pseudonyms {
				claim(ps.Anchor(), idOwner{"pseudonym", ps.Name, ps.Pos})
			}
		}
	}
	for _, r := range a.Reels {
		claim(r.Anchor(), idOwner{"reel", strconv.Itoa(r.No), r.Pos})
	}

	dates := func(pos source.Pos, ds []model.Date) {
		for _, d := range ds {
			if n := d.Normal(); n != "" && !normalOK(n) {
				diags.Errorf(pos, "", "date %q gives @normal %q, which EAD and ArcLight refuse", d.Text, n)
			}
		}
	}
	dates(f.Pos, f.Dates)
	for _, ev := range a.Events {
		dates(ev.Pos, []model.Date{ev.Date})
	}
	for _, c := range a.Components {
		if c.Hidden(opt.Internal) {
			continue
		}
		claim(c.Anchor(), idOwner{"unit", c.ID, c.Pos})
		containers(c, claim, &diags)
		if opt.Numbered && !prof.ape && c.Depth > maxNumbered {
			diags.Errorf(c.Pos, "", "unit %s is %d levels deep; --numbered writes c01 to c%02d only (build without --numbered to write <c>)",
				c.ID, c.Depth, maxNumbered)
		}
		// Without the profile, resolve has warned already.
		if c.Title.Value == "" && len(c.Dates) == 0 && prof.needTitleOrDate {
			diags.Errorf(c.Pos, "", "unit %s has neither a title nor a date, which ArcLight needs (EAD profile %s)", c.ID, prof.name)
		}
		dates(c.Pos, c.Dates)
	}
	newWriter(a, opt, prof).checkRaw(&diags, ids)
	if prof.ape {
		apeCheck(a, opt, &diags)
	}
	diags.Sort()
	return diags, ids
}

// check is Check's errors, as one error, for Write: the build has
// reported them, with the warnings, before any output is written.
func (x *writer) check() error {
	var errs []string
	for _, d := range Check(x.a, x.opt) {
		if d.Severity == source.Error {
			errs = append(errs, d.Error())
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

var normalForm = regexp.MustCompile(`^\d{4}(-\d\d(-\d\d)?)?(/\d{4}(-\d\d(-\d\d)?)?)?$`)

// normalOK reports whether n is a date or a range of two, at any of the
// three precisions, that does not end before it starts.
func normalOK(n string) bool {
	if !normalForm.MatchString(n) {
		return false
	}
	from, to, isRange := strings.Cut(n, "/")
	if !isRange {
		return true
	}
	k := min(len(from), len(to))
	return from[:k] <= to[:k]
}

// containers claims the ids of a unit's containers and checks that each
// parent names one of the unit's containers written before it.
func containers(c *model.Component, claim func(id string, owner idOwner), diags *source.List) {
	seen := map[string]bool{}
	for i, ct := range c.Containers() {
		if ct.Parent != "" && !seen[ct.Parent] {
			diags.Errorf(ct.Pos, fmt.Sprintf("containers[%d].parent", i), "container parent %q is not the id of a container of unit %s written before it", ct.Parent, c.ID)
		}
		if ct.ID != "" {
			claim(ct.ID, idOwner{"a container of unit", c.ID, ct.Pos})
			seen[ct.ID] = true
		}
	}
}
