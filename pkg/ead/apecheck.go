package ead

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/fonds-archive/fonds/pkg/eadschema"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/resolve"
	"github.com/fonds-archive/fonds/pkg/source"
)

// apeCheck reports, for the profile ape, what apeEAD needs that the
// sources lack (errors: the repository's codes must be values apeEAD
// takes) and what the profile writes otherwise than EAD 2002 as it is
// (information, never a problem: each says where in the sources the
// thing stands and where apeEAD keeps it). fonds check --profile ape and
// fonds build --profile ape print both.
func apeCheck(a *model.Archive, opt Options, diags *source.List) {
	f := a.Fonds
	pos := func(p source.Pos) source.Pos {
		if p.IsValid() {
			return p
		}
		return f.Pos
	}
	eadid := eadschema.APE.Lookup("eadid")
	rep := f.Repository
	if rep.Country != "" {
		if msg := eadid.Attribute("countrycode").Check(rep.Country); msg != "" {
			diags.Errorf(pos(rep.Pos), "repository.country", "country code %q is not one apeEAD takes for eadid/@countrycode (EAD profile ape)", rep.Country)
		}
	}
	if rep.ISIL != "" {
		if msg := eadid.Attribute("mainagencycode").Check(rep.ISIL); msg != "" {
			diags.Errorf(pos(rep.Pos), "repository.isil", "ISIL %q is not of the form apeEAD takes for eadid/@mainagencycode (a country code or 1, 3 or 4 letters, a hyphen and up to 11 letters, digits, / or :) (EAD profile ape)", rep.ISIL)
		}
	}

	info := func(p source.Pos, format string, args ...any) {
		diags.Infof(pos(p), "", "EAD profile ape: "+format, args...)
	}
	if opt.Numbered {
		info(f.Pos, "the units are written as c, not c01…c12: apeEAD takes unnumbered c only")
	}
	if f.Level != "" && f.Level != "fonds" {
		info(f.Pos, "the archdesc is written with level fonds, the one level apeEAD takes there, not %q", f.Level)
	}
	if n := publishedEvents(a, opt); n > 0 {
		info(a.Events[0].Pos, "the chronology (%s) is a list in the bioghist, one item \"date: event\" an event: apeEAD has no chronlist", plural(n, "event"))
	}
	if len(a.Reels) > 0 {
		info(a.Reels[0].Pos, "the microfilm concordance (%s) is a table in the fonds's altformavail, and a unit's reels are named in words: apeEAD has no deflist and gives reels no ids", plural(len(a.Reels), "reel"))
	}
	if len(a.People)+len(a.Bodies)+len(a.Places) > 0 {
		var p source.Pos
		for au := range a.Authorities() {
			p = au.Base().Pos
			break
		}
		ps := 0
		for _, pr := range a.People {
			ps += len(pr.Pseudonyms)
		}
		info(p, "the indexes are notes (odd): lists of the persons, corporate bodies and places with what the sources say of them and the units that cite them, and the table \"Pseudonym / User\" (%s); the persons and the %s are access points in the controlaccess, without @normal, @role, @source or @rules, which apeEAD does not take (a name's @authfilenumber stays): apeEAD has no index",
			plural(ps, "pseudonym"), plural(ps, "pseudonym"))
	}

	// What the notes hold.
	var abstracts, refs, quotes, code int
	var abstractAt, refAt, quoteAt source.Pos
	resolve.Fields(a, func(p *model.Prose, path string, c *model.Component) {
		if p.Text == "" || p.Internal && !opt.Internal || c != nil && c.Hidden(opt.Internal) {
			return
		}
		if path == "abstract" {
			abstracts++
			abstractAt = first(abstractAt, p.Pos)
		}
		doc := a.Notes.Doc(p.Text)
		for _, r := range doc.Refs {
			if r.Kind != prose.Inv {
				refs++
				refAt = first(refAt, p.PosAt(r.Offset))
			}
		}
		ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n.(type) {
			case *ast.Blockquote:
				quotes++
				quoteAt = first(quoteAt, p.Pos)
			case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
				code++
				quoteAt = first(quoteAt, p.Pos)
			}
			return ast.WalkContinue, nil
		})
	})
	if abstracts > 0 {
		info(abstractAt, "%s written as a scopecontent with encodinganalog \"summary\", before the other notes, as APE's own converter does: apeEAD has no abstract", plural(abstracts, "abstract is", "abstracts are"))
	}
	if refs > 0 {
		info(refAt, "%s in notes to persons, pseudonyms, corporate bodies, places or reels keep their words without the link: apeEAD's ref leads to a unit only", plural(refs, "reference"))
	}
	if quotes+code > 0 {
		info(quoteAt, "block quotes and code in notes are written as their paragraphs and text: apeEAD has no blockquote, and its emph is bold or italic only")
	}

	// What the units hold.
	var langs, dates, labels, texts, roles int
	var langAt, dateAt, labelAt, textAt, roleAt source.Pos
	units := []*model.Component{}
	for _, c := range a.Components {
		if !c.Hidden(opt.Internal) {
			units = append(units, c)
		}
	}
	for _, c := range units {
		if c.Title.Lang != "" {
			langs++
			langAt = first(langAt, c.Title.Pos)
		}
		for _, d := range c.Dates {
			if d.Bulk || d.Certainty() != "" {
				dates++
				dateAt = first(dateAt, c.Pos)
			}
		}
		for _, ct := range c.Containers() {
			if ct.Label != "" {
				labels++
				labelAt = first(labelAt, ct.Pos)
			}
		}
		for _, l := range c.Links() {
			if l.Text != "" {
				texts++
				textAt = first(textAt, l.Pos)
			}
		}
		if len(c.To)+len(c.Names())+len(c.PlaceRefs()) > 0 {
			roles++
			roleAt = first(roleAt, c.Pos)
		}
	}
	for _, d := range f.Dates {
		if d.Bulk || d.Certainty() != "" {
			dates++
			dateAt = first(dateAt, f.Pos)
		}
	}
	if langs > 0 {
		info(langAt, "the language of %s is not written (unittitle/@altrender in EAD 2002): apeEAD's unittitle takes no attribute for it", plural(langs, "title"))
	}
	if dates > 0 {
		info(dateAt, "%s say that they are bulk dates, or how certain they are, in their words (\"bulk 1931-1933\", \"circa 1930\"): apeEAD's unitdate has no @type or @certainty", plural(dates, "date"))
	}
	if labels > 0 {
		info(labelAt, "the label of %s is not written: apeEAD's container takes no @label", plural(labels, "container"))
	}
	if texts > 0 {
		info(textAt, "what %s show in words is their xlink:title: apeEAD's dao has no daodesc", plural(texts, "link"))
	}
	if roles > 0 {
		info(roleAt, "the addressees, names and places of %s are access points grouped by what they are (a controlaccess with a head each), names cited with uncertainty listed as cited (\"[Crux]\"): apeEAD's names take no @role or @altrender", plural(roles, "unit"))
	}
	for _, c := range units {
		if c.Raw() != "" {
			info(c.RawAt().Pos, "the EAD kept in the ead field of unit %s is made to fit apeEAD where it stands: an attribute apeEAD does not take is left out, an element it has no place for gives way to what it holds (its text is kept), text where only elements may stand goes into a p", c.ID)
		}
	}
	if f.Raw != "" {
		info(f.RawAt.Pos, "the EAD kept in the fonds's ead field is made to fit apeEAD where it stands: an attribute apeEAD does not take is left out, an element it has no place for gives way to what it holds (its text is kept), text where only elements may stand goes into a p")
	}
}

// publishedEvents counts the events of the chronology that are published.
func publishedEvents(a *model.Archive, opt Options) int {
	n := 0
	for _, ev := range a.Events {
		if !ev.Text.Internal || opt.Internal {
			n++
		}
	}
	return n
}

// first is p unless it is set already.
func first(at, p source.Pos) source.Pos {
	if at.IsValid() {
		return at
	}
	return p
}

// plural is n and a noun, in the plural unless n is 1: plural(2, "reel")
// is "2 reels"; with two nouns, the second is the plural.
func plural(n int, noun ...string) string {
	if n == 1 {
		return "1 " + noun[0]
	}
	if len(noun) > 1 {
		return fmt.Sprintf("%d %s", n, noun[1])
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(noun[0], "s"))
}
