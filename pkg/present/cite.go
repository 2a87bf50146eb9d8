package present

import (
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
)

// citationNote is the note field of a unit's preferred citation.
var citationNote, _ = NoteNamed("preferred_citation")

// Citation returns how readers should cite c, or the fonds when c is nil,
// in one line of plain text:
//
//   - the unit's own preferred_citation, when the sources give one;
//   - else the fonds's preferred_citation, or when there is none the
//     repository, the title and the reference code ("International
//     Institute of Social History, Lev Davidovič Trockij / International
//     Left Opposition Archives, ARCH01483"), followed for a unit by its
//     inventory number (", inv. no. 723"), else its other identifier, else
//     its title.
//
// A preferred citation marked internal counts only when internal material
// is published. Every output cites alike: the site's "Cite" of each unit,
// the PDF's title page.
func Citation(a *model.Archive, c *model.Component, internal bool) string {
	f := a.Fonds
	if f == nil {
		return ""
	}
	given := func(p *model.Prose) string {
		if p.IsZero() || p.Internal && !internal {
			return ""
		}
		return strings.Join(strings.Fields(Plain(a, p.Text, internal)), " ")
	}
	if c != nil {
		if s := given(citationNote.Of(c.Description)); s != "" {
			return s
		}
	}
	base := given(&f.PreferredCitation)
	if base == "" {
		var parts []string
		for _, s := range []string{f.Repository.Name, f.Title.Value, f.ReferenceCode} {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
		}
		base = strings.Join(parts, ", ")
	}
	if c == nil {
		return base
	}
	base = strings.TrimRight(base, ". ")
	switch {
	case c.Inv != 0:
		return base + ", inv. no. " + strconv.Itoa(c.Inv)
	case c.UnitID() != "":
		return base + ", " + c.UnitID()
	case c.Title.Value != "":
		return base + ", " + c.Title.Value
	case len(c.Dates) > 0:
		return base + ", " + Dates(c.Dates)
	}
	return base + ", " + c.ID
}
