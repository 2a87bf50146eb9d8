// Package present is the vocabulary the writers share (package ead, site
// and pdf): how a finding aid's things are put into words for readers,
// said once so that the EAD, the HTML site and the PDF inventory say them
// alike. It holds the labels of dates, how a cited name shows its
// certainty, the note fields with their headings and ISAD(G) elements in
// the order every output lists them, and the names and BCP 47 tags of
// languages and scripts.
//
// The identifiers outputs give records (anchors) are methods of the model
// (model.Person.Anchor and the like), since every output must agree on them
// and resolve keeps units from taking them.
package present

import (
	"cmp"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
)

// Dates writes a list of dates for readers, in the order given, each as
// the sources word it or fonds reads it: "1929 – 1934", or "1929 – 1934
// (inclusive); bulk 1931 – 1933" when a bulk date stands in the list, as
// DateIn says each.
func Dates(ds []model.Date) string {
	switch len(ds) {
	case 0:
		return ""
	case 1:
		return DateIn(ds, 0)
	}
	parts := make([]string, len(ds))
	for i := range ds {
		parts[i] = DateIn(ds, i)
	}
	return strings.Join(parts, "; ")
}

// DateIn is the date ds[i] for readers as Dates prints it in its list: a
// bulk date says so ("bulk 1931 – 1933"), and a date that is not bulk is
// "(inclusive)" when a bulk date stands beside it, where the reader needs
// the contrast ("1929 – 1937 (inclusive)"); alone, it is the date.
func DateIn(ds []model.Date, i int) string {
	d := ds[i]
	switch {
	case d.Bulk:
		return "bulk " + d.Display()
	case hasBulk(ds):
		return d.Display() + " (inclusive)"
	}
	return d.Display()
}

func hasBulk(ds []model.Date) bool {
	for _, d := range ds {
		if d.Bulk {
			return true
		}
	}
	return false
}

// Name is a name as a unit cites it (the pseudonym when it cites one),
// marked with its certainty the way the inventory does: "Crux", "[Crux]"
// for a name the cataloguer supplied, "probably Crux".
func Name(a *model.Agent) string { return Mark(a.Certainty, a.Cited()) }

// Mark marks a name with a certainty (model.Certain, Bracketed or
// Probable), as Name does. The marks are plain text that needs no escaping,
// so name may be HTML: a link to the name's record.
func Mark(certainty model.Certainty, name string) string {
	before, after := MarkParts(certainty)
	return before + name + after
}

// MarkParts is the text Mark puts before and after a name: for a writer
// that writes the name itself, escaped or linked.
func MarkParts(certainty model.Certainty) (before, after string) {
	switch certainty {
	case model.Bracketed:
		return "[", "]"
	case model.Probable:
		return "probably ", ""
	}
	return "", ""
}

// EditorialNote is the label of the encoder's note on a note (a note's
// editorial: in the sources), which every output puts before its words.
const EditorialNote = "Editorial note"

// Title is a title for readers: in square brackets when the encoder
// supplied it (editorial: true), as printed finding aids mark a title the
// source does not give.
func Title(t model.Text) string {
	if t.Editorial && t.Value != "" {
		return "[" + t.Value + "]"
	}
	return t.Value
}

// Creator is the label of a creator of the fonds whose sources give it
// none, where each creator stands beside its label (and EAD's
// origination/@label).
const Creator = "Creator"

// CreatorGroup is a line of the creators of the fonds in a description: a
// label and the creators beside it.
type CreatorGroup struct {
	Label  string
	Agents []*model.Agent
}

// Creators are the lines of the creators of the fonds in a description:
// one line "Creators" with all of them when the sources give no labels,
// else each creator beside its label (Creator where it has none).
func Creators(f *model.Fonds) []CreatorGroup {
	if f.CreatorLabels == nil {
		return []CreatorGroup{{Label: "Creators", Agents: f.Creators}}
	}
	gs := make([]CreatorGroup, len(f.Creators))
	for i, ag := range f.Creators {
		gs[i] = CreatorGroup{Label: cmp.Or(f.CreatorLabel(i), Creator), Agents: []*model.Agent{ag}}
	}
	return gs
}
