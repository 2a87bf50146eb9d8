package importer

import (
	"slices"
	"testing"

	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/model"
)

// TestNoteTables: the importer writes every note field of the model, in
// the schema's order (which the default sources follow), and reads every
// EAD note element that the writer writes a field as back into that field.
func TestNoteTables(t *testing.T) {
	order := noteOrder()
	if len(order) != len(model.NoteFields) {
		t.Errorf("noteOrder has %d fields, the model %d: %v", len(order), len(model.NoteFields), order)
	}
	for _, f := range model.NoteFields {
		if !slices.Contains(order, f.Name) {
			t.Errorf("noteOrder lacks %s", f.Name)
		}
	}
	if i, j := slices.Index(order, "access"), slices.Index(order, "custodial_history"); i < 0 || j < i {
		t.Errorf("noteOrder is not the schema's: %v", order)
	}
	for _, f := range model.NoteFields {
		tag, typ, ok := ead.NoteTag(f.Name)
		if !ok {
			continue // in the did: abstract, language_note
		}
		if !noteNames[tag] {
			t.Errorf("%s, written as <%s>, is not among the notes repairTree knows", f.Name, tag)
		}
		if got := ead.NoteOfTag(tag, typ); got != f.Name {
			t.Errorf("<%s type=%q> is read as %q, written from %q", tag, typ, got, f.Name)
		}
	}
}
