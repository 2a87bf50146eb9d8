package ead

import (
	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// header builds the eadheader: the identity of the finding aid itself, as
// opposed to the archive it describes. Every date in it comes from the
// sources; fonds never reads the clock.
func (x *writer) header() *etree.Element {
	f := x.a.Fonds
	fa, rep := f.FindingAid, f.Repository
	h := etree.NewElement("eadheader")
	// The code lists of the attributes below, named although they are the
	// schema's defaults: Archives Portal Europe asks for them.
	attr(h, "countryencoding", "iso3166-1")
	attr(h, "dateencoding", "iso8601")
	attr(h, "langencoding", "iso639-2b")
	attr(h, "repositoryencoding", "iso15511")
	attr(h, "scriptencoding", "iso15924")

	// The eadid is what aggregators know a finding aid by when they
	// harvest it again: its text the finding aid's id (ArcLight makes its
	// record's id of it, Archives Portal Europe and Archives Hub key the
	// finding aid on it within the repository), @identifier the persistent
	// identifier when the sources give one (a handle, a DOI, an ARK),
	// globally unique and kept whatever the text, else the id again;
	// @url the address readers follow.
	id := x.elem(h, "eadid", fa.ID)
	attr(id, "countrycode", rep.Country)
	attr(id, "mainagencycode", rep.ISIL)
	identifier := fa.Identifier
	if identifier == "" {
		identifier = fa.ID
	}
	attr(id, "identifier", identifier)
	attr(id, "url", fa.URL)

	fd := x.child(h, "filedesc")
	ts := x.child(fd, "titlestmt")
	title := fa.Title
	if title == "" {
		title = f.Title.Value
	}
	x.elem(ts, "titleproper", title)
	if fa.Author != "" {
		x.elem(ts, "author", fa.Author)
	}
	ps := x.child(fd, "publicationstmt")
	if fa.Publisher != "" {
		x.elem(ps, "publisher", fa.Publisher)
	}
	if !fa.Date.IsZero() {
		x.date(ps, "date", fa.Date)
	} else if fa.Publisher == "" {
		x.elem(ps, "p", rep.Name) // publicationstmt may not be empty
	}

	pd := x.child(h, "profiledesc")
	cr := x.child(pd, "creation")
	if x.prof.ape {
		x.addText(cr, "Encoded in apeEAD, the profile of EAD 2002 of Archives Portal Europe, by fonds from the finding aid's sources")
	} else {
		x.addText(cr, "Encoded in EAD 2002 by fonds from the finding aid's sources")
	}
	if !fa.Date.IsZero() {
		x.addText(cr, "; the finding aid is dated ")
		x.date(cr, "date", fa.Date)
	}
	x.addText(cr, ".")
	if fa.Language != "" {
		lu := x.child(pd, "langusage")
		x.addText(lu, "The finding aid is written in ")
		x.language(lu, model.Language{Code: fa.Language, Script: fa.Script})
		x.addText(lu, ".")
	}
	if fa.Rules != "" {
		x.elem(pd, "descrules", fa.Rules)
	}

	if len(fa.Revisions) > 0 {
		rd := x.child(h, "revisiondesc")
		for _, r := range fa.Revisions {
			ch := x.child(rd, "change")
			if !r.Date.IsZero() {
				x.date(ch, "date", r.Date)
			} else {
				x.child(ch, "date") // change needs its date, even unknown
			}
			text := r.Text
			if r.Who != "" {
				text += " (" + r.Who + ")"
			}
			x.elem(ch, "item", text)
		}
	}
	if x.raw != nil {
		for _, e := range x.raw.header {
			mergeInto(h, e)
		}
	}
	return h
}

// unitdate adds the unitdate ds[i]. apeEAD has no @type or @certainty:
// the profile ape says the date in words, as the other outputs do
// (present.DateIn): "bulk 1931-1933", and "1929-1937 (inclusive)" beside a
// bulk date; the certainty is in the date's words already ("circa 1930").
func (x *writer) unitdate(did *etree.Element, ds []model.Date, i int) *etree.Element {
	e := x.date(did, "unitdate", ds[i])
	if !x.prof.ape {
		return e
	}
	if w := present.DateIn(ds, i); w != ds[i].Display() {
		e.SetText(w)
	}
	return e
}

// date adds a date element (date, unitdate) with its reader's form as text,
// the ISO 8601 @normal and the @certainty of the date. Undated and
// open-ended dates have no @normal.
func (x *writer) date(parent *etree.Element, tag string, d model.Date) *etree.Element {
	e := x.textElem(parent, tag, d.Display(), true, true) // the wording an import kept, else fonds's
	if tag == "unitdate" {
		typ := "inclusive"
		if d.Bulk {
			typ = "bulk"
		}
		attr(e, "type", typ)
	}
	attr(e, "normal", d.Normal())
	attr(e, "certainty", d.Certainty())
	return e
}

// language adds a language element: the codes for machines, the English
// name for readers.
func (x *writer) language(parent *etree.Element, l model.Language) {
	name := l.Name
	if name == "" {
		name = present.LanguageName(l.Code)
	}
	e := x.textElem(parent, "language", name, true, true)
	attr(e, "langcode", l.Code)
	attr(e, "scriptcode", l.Script)
}
