package present

import (
	"fmt"

	"github.com/fonds-archive/fonds/pkg/model"
)

// A Note is a note field of model.Description as the outputs show it.
type Note struct {
	model.NoteField        // its name in the sources, and the note of a Description
	Heading         string // the heading outputs give it when the sources give none
	ISAD            string // the ISAD(G) element it encodes, "3.3.1"; "" for none
}

// Head returns the heading of p, the note n of a unit: its own head when
// the sources give one, else the standard heading.
func (n Note) Head(p *model.Prose) string {
	if p.Head != "" {
		return p.Head
	}
	return n.Heading
}

// Notes lists every note field in the order every output shows them, the
// order of ISAD(G)'s areas and elements: identity (the abstract, which
// ISAD(G) has no element for, first); context (3.2.2–3.2.4); content and
// structure (3.3.1–3.3.4); conditions of access and use (3.4.1–3.4.5, then
// the preferred citation, which ISAD(G) has no element for);
// allied materials (3.5.1–3.5.3, then separated material, which ISAD(G)
// counts with related units, then 3.5.4); notes (3.6.1); description
// control (3.7.1, 3.7.2).
var Notes = notes([][3]string{
	{"abstract", "Abstract", ""},
	{"biographical_history", "Biographical history", "3.2.2"},
	{"custodial_history", "Archival history", "3.2.3"},
	{"acquisition", "Immediate source of acquisition", "3.2.4"},
	{"scope_and_content", "Scope and content", "3.3.1"},
	{"appraisal", "Appraisal, destruction and scheduling", "3.3.2"},
	{"accruals", "Accruals", "3.3.3"},
	{"arrangement", "System of arrangement", "3.3.4"},
	{"access", "Conditions governing access", "3.4.1"},
	{"reproduction", "Conditions governing reproduction", "3.4.2"},
	{"language_note", "Language and scripts of the material", "3.4.3"},
	{"physical_characteristics", "Physical characteristics and technical requirements", "3.4.4"},
	{"finding_aids", "Other finding aids", "3.4.5"},
	{"preferred_citation", "Preferred citation", ""},
	{"originals", "Existence and location of originals", "3.5.1"},
	{"copies", "Existence and location of copies", "3.5.2"},
	{"related_material", "Related units of description", "3.5.3"},
	{"separated_material", "Separated material", ""},
	{"publications", "Publication note", "3.5.4"},
	{"notes", "Note", "3.6.1"},
	{"processing", "Archivist's note", "3.7.1"},
	{"conventions", "Conventions used in the inventory", "3.7.2"},
})

// notes builds the table from rows of name, heading and ISAD(G) element.
func notes(rows [][3]string) []Note {
	out := make([]Note, len(rows))
	for i, r := range rows {
		f, ok := model.NoteNamed(r[0])
		if !ok {
			panic(fmt.Sprintf("present: %q is no note field of model.Description", r[0]))
		}
		out[i] = Note{f, r[1], r[2]}
	}
	return out
}

// NoteNamed returns the note field of that name in the sources, as the
// outputs show it, and whether there is one.
func NoteNamed(name string) (Note, bool) {
	for _, n := range Notes {
		if n.Name == name {
			return n, true
		}
	}
	return Note{}, false
}
