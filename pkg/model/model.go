// Package model is the finding aid as the archivist described it: a Fonds with
// its nested Components, the Persons behind Pseudonyms, corporate Bodies,
// Places, microfilm Reels and the Chronology. Every node remembers where in
// the sources it was written (source.Pos).
//
// The load stage fills the fields as written; the resolve stage fills the
// pointer fields (marked "resolved"), the indexes of Archive and its Notes,
// every note's Markdown parsed once. Writers read a resolved Archive and
// never change it; the identifiers they give records are the records'
// Anchor methods, so that every output links to the same ones.
package model

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/source"
)

// An Archive is one finding aid: everything under one folder of sources.
type Archive struct {
	Dir    string   // the folder, as given on the command line
	Files  []string // every source file read, in reading order
	Fonds  *Fonds
	People []*Person
	Bodies []*Body
	Places []*Place
	Reels  []*Reel
	Events []*Event // the chronology, in the order written

	// Resolved: lookups filled by the resolve stage.
	ByID         map[string]*Component // component ID → component
	ByInv        map[int]*Component    // inventory number → component
	PersonByID   map[string]*Person
	PseudonymFor map[string]*Pseudonym // pseudonym ID → pseudonym
	BodyByID     map[string]*Body
	PlaceByID    map[string]*Place
	ReelByNo     map[int]*Reel
	Components   []*Component // every component, depth first in document order
	OnReels      int          // how many distinct inventory numbers the reels hold
	// Notes holds every prose field parsed, once, by resolve: the writers
	// render these trees and never parse a note again.
	Notes prose.Notes
}

// Text is a string with the language it is written in, when that differs
// from the finding aid's ("ru" for a Russian title).
type Text struct {
	source.Pos
	Value string
	Lang  string // ISO 639-2/B code (EAD's @langcode), e.g. "rus"; empty when the finding aid's own
	// Editorial reports a title the encoder supplied, which the source
	// does not give; the outputs show it in square brackets.
	Editorial bool
}

// Prose is a Markdown (CommonMark) field. Head replaces the default heading
// an output gives the field. Internal prose is kept out of published outputs.
//
// Text is the source's words. Editorial, when there is one, is the
// encoder's note on them (the sources' editorial:), which every output
// shows after Text and marked as the encoder's; a note with an Editorial
// and no Text is the encoder's alone. Its Head and Internal are unused:
// it has the note's.
type Prose struct {
	source.Pos
	Head      string
	Text      string
	Editorial *Prose
	Indent    int32 // column of the block's first character, for literal blocks
	Internal  bool
	// Literal reports that Text was a literal block scalar (|), whose lines
	// map one to one onto lines of the file; positions inside it can be exact.
	Literal bool
}

// IsZero reports whether p holds no text, neither the source's nor the
// encoder's.
func (p Prose) IsZero() bool { return p.Text == "" && p.Editorial.Empty() }

// Empty reports whether p is nil or holds no text: an editorial part that
// is not there.
func (p *Prose) Empty() bool { return p == nil || p.IsZero() }

// PosAt maps a byte offset in p's text to a position in its source file:
// exactly for literal blocks (|) and single-line values, at the start of
// the value otherwise.
func (p Prose) PosAt(off int) source.Pos {
	if off < 0 || off > len(p.Text) {
		return p.Pos
	}
	switch {
	case p.Literal:
		before := p.Text[:off]
		line := p.Pos.Line + strings.Count(before, "\n")
		start := strings.LastIndexByte(before, '\n') + 1
		return source.Pos{File: p.Pos.File, Line: line, Col: int(p.Indent) + utf8.RuneCountInString(before[start:])}
	case p.Indent > 0 && !strings.Contains(p.Text, "\n"):
		return source.Pos{File: p.Pos.File, Line: p.Pos.Line, Col: int(p.Indent) + utf8.RuneCountInString(p.Text[:off])}
	}
	return p.Pos
}

// A Date is a date as written, read by package edtf.
//
// A finding aid has a Date or more per unit: a Date is 112 bytes, its
// Parts apart.
type Date struct {
	source.Pos
	edtf.Date
	// Bulk reports a unit date of type bulk (EAD's unitdate/@type); other
	// dates are inclusive.
	Bulk bool
	// Expression is the date as an imported finding aid words it for
	// readers ("1577 oktober 9 - 1577 oktober 24"), when that differs from
	// what fonds would write. A Date with an Expression and no parts is a
	// date fonds cannot read: shown as written, with no normal form.
	Expression string
}

// Display returns the date as readers see it: the Expression when there is
// one, else the reader's form of the date (Label).
func (d Date) Display() string {
	if d.Expression != "" {
		return d.Expression
	}
	return d.Label()
}

// IsZero reports whether no date was given at all: neither a date nor an
// expression.
func (d Date) IsZero() bool { return d.Text == "" && d.Expression == "" }

// An Extent is a quantity of material, "4.34 meters" or "12 boxes".
type Extent struct {
	source.Pos
	Value string
}

// Language is a language of the material, with its script.
type Language struct {
	source.Pos
	Code   string // ISO 639-2/B, e.g. "rus"
	Script string // ISO 15924, e.g. "Cyrl"
	Name   string // the language named in words, if given
}

// Repository is the institution that holds the fonds.
type Repository struct {
	source.Pos
	Name    string
	ISIL    string   // ISO 15511, e.g. "NL-AmISG"
	Country string   // ISO 3166-1 alpha-2, e.g. "NL"
	Address []string // lines
	URL     string
	Email   string // where readers write with questions and requests
	Request Prose  // how readers ask to see the material (Markdown); shown by the site
}

// CreatorLabel is the label the sources give the fonds's i-th creator, or
// "".
func (f *Fonds) CreatorLabel(i int) string {
	if i < len(f.CreatorLabels) {
		return f.CreatorLabels[i]
	}
	return ""
}

// Revision is one entry in the finding aid's revision history.
type Revision struct {
	source.Pos
	Date Date
	Text string
	Who  string
}

// FindingAid describes the finding aid itself (EAD's eadheader).
type FindingAid struct {
	source.Pos
	ID  string // the EAD identifier, e.g. "ARCH01483"; also names the output files
	URL string // a stable address of the finding aid
	// Identifier is the finding aid's persistent identifier, a URI
	// ("hdl:10622/ARCH01483"), when the sources give one.
	Identifier string
	Title      string // title of the finding aid, if not the fonds title
	Author     string
	Publisher  string
	Date       Date   // a date written in the sources, never the clock
	Language   string // ISO 639-2/B code of the finding aid's language
	Script     string // ISO 15924 code
	Rules      string // descriptive rules followed (EAD descrules), e.g. ISAD(G)
	Revisions  []Revision
}

// Description holds the descriptive notes of ISAD(G) / DACS that a fonds and
// any component can carry. Each is Markdown.
type Description struct {
	Abstract            Prose
	BiographicalHistory Prose
	ScopeAndContent     Prose
	Arrangement         Prose
	Access              Prose // conditions governing access
	Reproduction        Prose // conditions governing reproduction and use
	CustodialHistory    Prose
	Acquisition         Prose
	Appraisal           Prose
	Accruals            Prose
	PhysicalCharacter   Prose // physical characteristics and technical requirements
	FindingAids         Prose // other finding aids
	PreferredCitation   Prose // how readers should cite the material (EAD prefercite)
	Originals           Prose // existence and location of originals
	Copies              Prose // existence and location of copies (alternative forms)
	RelatedMaterial     Prose
	SeparatedMaterial   Prose
	Publications        Prose // publication note (bibliography)
	Notes               Prose
	Conventions         Prose // conventions used in the inventory
	Processing          Prose // processing information
	LanguageNote        Prose
}

// A NoteField is one note field: its name in the sources and its place
// among the notes of a fonds (Description) or a unit (UnitNotes). The table
// NoteFields lists them all, so that walking the notes of a unit allocates
// nothing.
type NoteField struct {
	Name  string // as the sources write it: "scope_and_content"
	index int    // in NoteFields
}

// Of returns the note of d that f names: in a unit's notes without it, an
// empty note, shared, that the caller reads and never writes.
func (f NoteField) Of(d NoteSet) *Prose { return d.note(f.index) }

// A NoteSet holds the notes of a fonds (*Description) or of a unit
// (*UnitNotes); NoteField.Of reads either.
type NoteSet interface {
	note(i int) *Prose
}

// NoteFields lists every note field of Description, in the order it
// declares them. The order the outputs show them in is the presentation's
// (package present); this one is for walking them all.
var NoteFields = [...]NoteField{
	{"abstract", 0}, {"biographical_history", 1}, {"scope_and_content", 2}, {"arrangement", 3},
	{"access", 4}, {"reproduction", 5}, {"custodial_history", 6}, {"acquisition", 7},
	{"appraisal", 8}, {"accruals", 9}, {"physical_characteristics", 10}, {"finding_aids", 11},
	{"preferred_citation", 12}, {"originals", 13}, {"copies", 14}, {"related_material", 15},
	{"separated_material", 16}, {"publications", 17}, {"notes", 18}, {"conventions", 19},
	{"processing", 20}, {"language_note", 21},
}

// descField gives the field of a Description that NoteFields[i] names.
var descField = [len(NoteFields)]func(*Description) *Prose{
	func(d *Description) *Prose { return &d.Abstract },
	func(d *Description) *Prose { return &d.BiographicalHistory },
	func(d *Description) *Prose { return &d.ScopeAndContent },
	func(d *Description) *Prose { return &d.Arrangement },
	func(d *Description) *Prose { return &d.Access },
	func(d *Description) *Prose { return &d.Reproduction },
	func(d *Description) *Prose { return &d.CustodialHistory },
	func(d *Description) *Prose { return &d.Acquisition },
	func(d *Description) *Prose { return &d.Appraisal },
	func(d *Description) *Prose { return &d.Accruals },
	func(d *Description) *Prose { return &d.PhysicalCharacter },
	func(d *Description) *Prose { return &d.FindingAids },
	func(d *Description) *Prose { return &d.PreferredCitation },
	func(d *Description) *Prose { return &d.Originals },
	func(d *Description) *Prose { return &d.Copies },
	func(d *Description) *Prose { return &d.RelatedMaterial },
	func(d *Description) *Prose { return &d.SeparatedMaterial },
	func(d *Description) *Prose { return &d.Publications },
	func(d *Description) *Prose { return &d.Notes },
	func(d *Description) *Prose { return &d.Conventions },
	func(d *Description) *Prose { return &d.Processing },
	func(d *Description) *Prose { return &d.LanguageNote },
}

func (d *Description) note(i int) *Prose { return descField[i](d) }

// UnitNotes are the notes of a unit: only those written, each with its
// field, since a unit has one or two notes of the twenty-two a fonds may
// have (a Description of them all is 1.7 KB; a unit's one note, 120 B).
// Read them with NoteField.Of; the loader adds them with Set.
type UnitNotes struct {
	list []unitNote // in the order of NoteFields
}

type unitNote struct {
	Prose
	index int
}

// noProse is the note of every note field a unit does not have.
var noProse Prose

func (u *UnitNotes) note(i int) *Prose {
	if u != nil {
		for j := range u.list {
			if u.list[j].index == i {
				return &u.list[j].Prose
			}
		}
	}
	return &noProse
}

// All yields the notes the unit has, each with its field, in the order of
// NoteFields: the notes Of would give, without the fields it has none of.
// A nil UnitNotes yields nothing.
func (u *UnitNotes) All() iter.Seq2[NoteField, *Prose] {
	return func(yield func(NoteField, *Prose) bool) {
		if u == nil {
			return
		}
		for j := range u.list {
			if !yield(NoteFields[u.list[j].index], &u.list[j].Prose) {
				return
			}
		}
	}
}

// Set sets the note f of the unit to p, keeping the notes in the order of
// NoteFields. The loader sets a unit's notes before anything reads them.
func (u *UnitNotes) Set(f NoteField, p Prose) {
	j, found := slices.BinarySearchFunc(u.list, f.index, func(n unitNote, i int) int { return n.index - i })
	if found {
		u.list[j].Prose = p
		return
	}
	u.list = slices.Insert(u.list, j, unitNote{p, f.index})
}

// NoteNamed returns the note field of that name in the sources, and whether
// there is one.
func NoteNamed(name string) (NoteField, bool) {
	f, ok := noteByName[name]
	return f, ok
}

// IsNote reports whether name is the name of a note field in the sources.
func IsNote(name string) bool {
	_, ok := noteByName[name]
	return ok
}

var noteByName = map[string]NoteField{}

func init() {
	for _, f := range NoteFields {
		noteByName[f.Name] = f
	}
}

// Fonds is the collection-level description.
type Fonds struct {
	source.Pos
	ReferenceCode string
	Title         Text
	Dates         []Date
	Level         string // "fonds" unless the sources say "collection" etc.
	Extent        []Extent
	Creators      []*Agent
	// CreatorLabels are the labels the sources give the creators (EAD's
	// origination/@label: "Creator", "Source"), one per creator, "" where
	// none is given; nil when none is.
	CreatorLabels []string
	Repository    Repository
	Languages     []Language
	FindingAid    FindingAid
	Subjects      []string // topical subject headings (controlaccess)
	Genres        []string // genre/form headings
	Description
	Contents []*Component
	// Raw is EAD kept from an import that has no field in fonds, written
	// unchanged: an eadheader element's children merge into the header,
	// a did's into the fonds's did, a dsc's head into the dsc; other
	// elements follow the notes.
	Raw string
	// RawAt is the ead field as written: its text and where it stands, so
	// that a problem inside it can be reported at its line (Prose.PosAt).
	RawAt Prose
}

// Levels of description a component can have (EAD @level values and the
// country file, an otherlevel).
var Levels = []string{"series", "subseries", "country", "file", "item", "subfonds", "subgrp", "recordgrp", "class", "collection", "otherlevel"}

// A Component is a unit of description below the fonds: a series, subseries,
// country file, file or item, nested to any depth.
//
// A finding aid has a Component per unit, so its size is much of the size
// of the model: its booleans are side by side, the source file it was
// written in (Pos.File) is not repeated (InvLine and InvCol are in it), and
// what few units have is behind a pointer: the notes (Description) and the
// rest (Details), each read through methods that need no nil check.
type Component struct {
	source.Pos        // where it is written; Pos.File is its source file
	ID         string // stable; "inv-723" when not written and Inv is set
	Level      string
	Inv        int // inventory number; 0 for none
	// InvLine and InvCol are where Inv is written in the unit's file
	// (InvPos); 0 when it is not.
	InvLine, InvCol int32
	Title           Text
	Dates           []Date
	Forms           []string // physical forms: manuscript, typescript, carbon copy, telegram…
	From            []*Agent // senders
	To              []*Agent // addressees
	// The unit's notes; nil when it has none, as most items have. Read
	// them with NoteField.Of (f.Of(c.Description)), which reads a nil
	// UnitNotes as empty; Set on a nil one panics rather than writing to
	// notes every unit would share.
	Description *UnitNotes
	// What few units have; nil when the unit has none of it. Read it with
	// the methods of the same names (c.UnitID(), c.Containers()…).
	Details  *Details
	Children []*Component

	// Resolved.
	Parent *Component
	Reels  []*Reel

	// Seq is the unit's place in Archive.Components (document order),
	// filled by resolve, so that writers can keep a fact per unit in a
	// slice rather than a map.
	Seq int

	Depth         int  // 1 for the children of the fonds; set by load
	IDWritten     bool // ID is written in the sources, not made from Inv
	Internal      bool // not published unless asked
	InternalAbove bool // resolved: an ancestor is marked internal
}

// Details holds what a unit has that few units have: the letters of an
// inventory have none of it, imported finding aids some. Component reads
// each field through a method of the same name, which gives the zero
// value when the unit has no Details.
type Details struct {
	OtherLevel string // when Level is "otherlevel", or "country file" for "country"
	UnitID     string // another identifier, when not a number (imports)
	PhysDesc   string
	Extent     []Extent
	Names      []*Agent // other persons and bodies the unit is about
	PlaceRefs  []*Agent // places the unit is about
	Languages  []Language
	Containers []Container
	Links      []Link
	Raw        string // EAD passed through unchanged (imports): a did's children go into the did, a head before it, the rest after the notes
	RawAt      Prose  // the ead field as written, for positions inside it
}

// noDetails is the Details of every unit that has none.
var noDetails Details

// more returns the unit's Details, or an empty one, shared, when it has
// none: read it, never write to it.
func (c *Component) more() *Details {
	if c.Details == nil {
		return &noDetails
	}
	return c.Details
}

// OwnDetails returns the unit's Details, which it first gives the unit
// when it has none: for the code that builds a unit (the loader), never
// for a writer.
func (c *Component) OwnDetails() *Details {
	if c.Details == nil {
		c.Details = new(Details)
	}
	return c.Details
}

// OtherLevel is the level's name when Level is "otherlevel", or "country
// file" for "country".
func (c *Component) OtherLevel() string { return c.more().OtherLevel }

// UnitID is another identifier of the unit, when not a number (imports).
func (c *Component) UnitID() string { return c.more().UnitID }

// PhysDesc is the unit's physical description in words.
func (c *Component) PhysDesc() string { return c.more().PhysDesc }

// Extent is the quantity of the unit's material.
func (c *Component) Extent() []Extent { return c.more().Extent }

// Names are the other persons and bodies the unit is about.
func (c *Component) Names() []*Agent { return c.more().Names }

// PlaceRefs are the places the unit is about.
func (c *Component) PlaceRefs() []*Agent { return c.more().PlaceRefs }

// Languages are the languages of the unit's material.
func (c *Component) Languages() []Language { return c.more().Languages }

// Containers are the physical containers the unit is in.
func (c *Component) Containers() []Container { return c.more().Containers }

// Links are the digital objects and resources linked from the unit.
func (c *Component) Links() []Link { return c.more().Links }

// Raw is EAD passed through unchanged (imports); see Details.Raw.
func (c *Component) Raw() string { return c.more().Raw }

// RawAt is the ead field as written, for positions inside it.
func (c *Component) RawAt() Prose { return c.more().RawAt }

// InvPos is where the inventory number is written; the zero Pos when it
// is not.
func (c *Component) InvPos() source.Pos {
	if c.InvLine == 0 {
		return source.Pos{}
	}
	return source.Pos{File: c.File, Line: int(c.InvLine), Col: int(c.InvCol)}
}

// Container is a physical container: box 3, folder 12.
type Container struct {
	source.Pos
	Type  string
	Value string
	Label string
	// ID names the container, so that another one can say it lies in it
	// (Parent): folder 12 in box 3. Both come from imports (EAD's
	// container/@id and @parent).
	ID     string
	Parent string
}

// Link is a digital object or external resource linked from a unit.
type Link struct {
	source.Pos
	Href  string
	Title string
	Role  string
	Text  string // what the object shows, in words (EAD's daodesc)
}

// Label names the link for readers: its title and what it shows in words
// ("Drawings: scans of 12 sketches"), either alone when the other is
// missing or the same; "" when it has neither.
func (l Link) Label() string {
	switch {
	case l.Text == "" || l.Text == l.Title:
		return l.Title
	case l.Title == "":
		return l.Text
	}
	return l.Title + ": " + l.Text
}

// A Certainty is how sure the inventory is of a name, as the seed's
// conventions write it: certain, in square brackets (solved by the
// cataloguer) or "probably".
type Certainty uint8

// The certainties; the zero Certainty is Certain.
const (
	Certain Certainty = iota
	Bracketed
	Probable
)

var certainties = [...]string{Certain: "certain", Bracketed: "bracketed", Probable: "probable"}

// String is the certainty as the sources' certainty: and EAD's @altrender
// write it: "certain", "bracketed" or "probable".
func (c Certainty) String() string {
	if int(c) < len(certainties) {
		return certainties[c]
	}
	return "Certainty(" + strconv.Itoa(int(c)) + ")"
}

// CertaintyNamed returns the certainty of that name (String's form), and
// whether there is one.
func CertaintyNamed(name string) (Certainty, bool) {
	for c, s := range certainties {
		if s == name {
			return Certainty(c), true
		}
	}
	return Certain, false
}

// A Role is what an agent is to the unit that cites it; the zero Role is
// none.
type Role uint8

// The roles, as EAD's @role writes them (String).
const (
	NoRole Role = iota
	Sender
	Addressee
	Creator
	Subject
)

var roles = [...]string{NoRole: "", Sender: "sender", Addressee: "addressee", Creator: "creator", Subject: "subject"}

// String is the role as EAD's @role writes it: "sender", "addressee",
// "creator", "subject"; "" for none.
func (r Role) String() string {
	if int(r) < len(roles) {
		return roles[r]
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// An Agent is a name cited in the sources: a sender, an addressee, a creator,
// a subject. Name is as written; it refers to a person (by ID, authorized
// name or pseudonym), a corporate body or a place, unless Free is set.
//
// A finding aid has an Agent per name cited, more than one per unit: its
// small fields are side by side after the pointers.
type Agent struct {
	source.Pos
	Name string // as written, without brackets or "probably"
	// Next is the next item of a list in flow style when both are
	// unquoted: [Trockij, Lev Davidovič] may be one name split at its
	// comma, which resolve tells when "Name, Next.Name" is a known name.
	Next *Agent

	// Resolved.
	Person    *Person
	Pseudonym *Pseudonym // set when the name cited is a pseudonym
	Body      *Body
	Place     *Place

	// As written, as Name is.
	Certainty Certainty
	Role      Role
	Free      bool // a name with no authority record; not linked
}

// Cited returns the name under which the unit cites the agent: the
// pseudonym when one was used, else the record's name; a person's is the
// form the inventory lists the person under (Person.Heading).
func (a *Agent) Cited() string {
	switch {
	case a.Pseudonym != nil:
		return a.Pseudonym.Name
	case a.Person != nil:
		return a.Person.Heading()
	case a.Body != nil:
		return a.Body.Name
	case a.Place != nil:
		return a.Place.Name
	}
	return a.Name
}

// Authority returns the record the agent refers to (a *Person, *Body or
// *Place), or nil for a free name or one that is not resolved.
func (a *Agent) Authority() Authority {
	switch {
	case a.Person != nil:
		return a.Person
	case a.Body != nil:
		return a.Body
	case a.Place != nil:
		return a.Place
	}
	return nil
}

// A Record is what the authority records of persons, corporate bodies and
// places have in common; each embeds one.
type Record struct {
	source.Pos
	ID       string
	Name     string // the authorized form; of a person "Surname, Forenames"
	Variants []string
	Note     Prose
	// The authority record the form is taken from.
	Authority  string // authority number, e.g. a VIAF or local identifier
	AuthSource string // the authority file, e.g. "viaf"
	AuthRules  string // the rules the authorized form follows, e.g. "dacs" (EAD @rules)

	Citations []Citation // resolved: the units that cite it, in document order

	// Resolved: what Anchor returns, kept by KeepAnchor; "" until then.
	anchor string
}

// Base returns the record itself, for code that handles any Authority.
func (r *Record) Base() *Record { return r }

// KeepAnchor keeps what a's Anchor returns in its Record, so that the
// writers, which ask for it at every unit that cites the record (the EAD
// at every name it cites), read a field instead of joining strings each
// time. resolve calls it for every person, body and place once their ids
// are final; a record whose id changes after it must be kept again. A
// record never kept (built by hand) computes its anchor at every call.
func KeepAnchor(a Authority) {
	r := a.Base()
	r.anchor = ""
	r.anchor = a.Anchor()
}

// anchorAs is the anchor of a record of the kind: the one kept, or else
// the kind, a hyphen and the id.
func (r *Record) anchorAs(kind string) string {
	if r.anchor != "" {
		return r.anchor
	}
	return kind + "-" + r.ID
}

// An Authority is an authority record that units cite: a *Person, *Body or
// *Place.
type Authority interface {
	// Anchor is the record's identifier in every output: its index entry
	// in the EAD, its entry on the site, its named destination in the PDF.
	Anchor() string
	// Kind is "person", "body" or "place", as references in prose name it.
	Kind() string
	Base() *Record
}

// A Person is an authority record for a person.
type Person struct {
	Record
	Dates      *Date
	Pseudonyms []*Pseudonym

	// Splits are the neighbouring unquoted names of Variants and
	// Pseudonyms written in [ ], any of which may be one name that YAML
	// split at its comma; resolve reports those that are.
	Splits []Split

	// Resolved: what Heading returns, kept by Keep; "" until then.
	heading string
}

// Keep keeps what Heading returns, so that the writers, which ask for it
// at every unit that cites the person, read a field instead of walking the
// pseudonyms each time (at 300,000 items, with the anchor, about 3% of a build's
// CPU time). resolve calls it once the person's pseudonyms are final, with
// KeepAnchor; a person changed after it must be kept again. A person never
// kept (built by hand) computes its heading at every call.
func (p *Person) Keep() {
	p.heading = p.findHeading()
}

// Anchor implements Authority: "person-trotsky".
func (p *Person) Anchor() string { return p.anchorAs(prose.Person) }

// Kind implements Authority.
func (p *Person) Kind() string { return prose.Person }

// A Split is two neighbouring unquoted items of a list in [ ], First and
// Second, which YAML read as two names though "First, Second" may be one.
type Split struct {
	source.Pos           // where First stands
	List          string // the data path of the list
	Item          int    // First's index in it
	First, Second string
	SecondPos     source.Pos
	Shape         bool // "First, Second" has the shape of one inverted name, a surname and forenames
}

// Path is the data path of First.
func (s Split) Path() string { return fmt.Sprintf("%s[%d]", s.List, s.Item) }

// Joined is the one name the two may be.
func (s Split) Joined() string { return s.First + ", " + s.Second }

// Message says that YAML read the two as two names, and how to write what
// was meant; known, when given, says what record the joined name is.
func (s Split) Message(known string) string {
	joined := s.Joined()
	if known != "" {
		return fmt.Sprintf("in [ ] a comma separates items, so %q and %q are two names, but %q is the %s: quote it as one name, \"%s\"", s.First, s.Second, joined, known, joined)
	}
	return fmt.Sprintf("in [ ] a comma separates items, so %q and %q are two names; write [\"%s\"] if they are one name, [\"%s\", \"%s\"] if they are two", s.First, s.Second, joined, s.First, s.Second)
}

// Heading returns the form under which the inventory lists the person: a
// pseudonym maintained in the inventory when there is one, else the
// authorized form.
func (p *Person) Heading() string {
	if p.heading != "" {
		return p.heading
	}
	return p.findHeading()
}

func (p *Person) findHeading() string {
	for _, ps := range p.Pseudonyms {
		if ps.Maintained {
			return ps.Name
		}
	}
	return p.Name
}

// A Pseudonym is a name a person used. Maintained pseudonyms are the ones the
// inventory keeps, because the person is generally known by them.
type Pseudonym struct {
	source.Pos
	ID         string // "ps-" and a slug of the name, unless written
	Name       string
	Maintained bool
	Note       string

	// Resolved.
	Person    *Person
	Citations []Citation
}

// Anchor is the pseudonym's identifier in every output: its id when that
// starts with "ps-" (as the ids fonds makes do), else the id after "ps-", so
// that it never meets a unit's id ("ps-" is kept from units).
func (ps *Pseudonym) Anchor() string {
	if strings.HasPrefix(ps.ID, "ps-") {
		return ps.ID
	}
	return "ps-" + ps.ID
}

// A Citation is a unit that names a person, with the name it used.
type Citation struct {
	Component *Component
	Agent     *Agent
}

// A Body is a corporate body: a party, an organization, an institution.
type Body struct {
	Record
	Short string // abbreviation, "ILO"
	Dates *Date
}

// Anchor implements Authority: "body-ilo".
func (b *Body) Anchor() string { return b.anchorAs(prose.Body) }

// Kind implements Authority.
func (b *Body) Kind() string { return prose.Body }

// A Place is a geographic name.
type Place struct {
	Record
	Country string // ISO 3166-1 alpha-2
}

// Anchor implements Authority: "place-prinkipo".
func (p *Place) Anchor() string { return p.anchorAs(prose.Place) }

// Kind implements Authority.
func (p *Place) Kind() string { return prose.Place }

// A Referent is a record that a reference in prose names by id or number,
// and that every output gives an anchor: an Authority, a *Pseudonym or a
// *Reel.
type Referent interface {
	Anchor() string
}

// Lookup returns the record a reference of the given kind names (the
// kinds of package prose: a person, pseudonym, corporate body or place by
// id, a reel by number), or nil when the finding aid has none. An
// inventory number (prose.Inv) names a unit or only a place on a reel,
// which each output decides for itself; Lookup returns nil for it.
func (a *Archive) Lookup(kind, target string) Referent {
	switch kind {
	case prose.Person:
		return found(a.PersonByID, target)
	case prose.Pseudonym:
		return found(a.PseudonymFor, target)
	case prose.Body:
		return found(a.BodyByID, target)
	case prose.Place:
		return found(a.PlaceByID, target)
	case prose.Reel:
		if n, err := strconv.Atoi(target); err == nil {
			return found(a.ReelByNo, n)
		}
	}
	return nil
}

// found is m[key] as a Referent: nil, not a nil pointer, when m has none.
func found[K comparable, R Referent](m map[K]R, key K) Referent {
	if r, ok := m[key]; ok {
		return r
	}
	return nil
}

// Authorities yields every authority record: the persons, then the
// corporate bodies, then the places, each in the order of the sources.
func (a *Archive) Authorities() iter.Seq[Authority] {
	return func(yield func(Authority) bool) {
		for _, p := range a.People {
			if !yield(p) {
				return
			}
		}
		for _, b := range a.Bodies {
			if !yield(b) {
				return
			}
		}
		for _, p := range a.Places {
			if !yield(p) {
				return
			}
		}
	}
}

// A Range is a run of inventory numbers, From to To inclusive.
type Range struct {
	source.Pos
	Path     string
	From, To int
}

// A Reel is a microfilm reel: the inventory numbers it holds, or other content.
type Reel struct {
	source.Pos
	Path    string
	No      int
	Ranges  []Range
	Content string // what the reel holds when it is not inventory numbers, e.g. "Inventory"
	Note    string
	Unread  bool // some of its items could not be read (reported); its coverage is unknown

	Items []*Component // resolved: the described units it holds, in inventory order
}

// Anchor is the reel's identifier in every output, "reel-7".
func (r *Reel) Anchor() string { return "reel-" + strconv.Itoa(r.No) }

// ReelHolding returns the first reel, in the order of the sources, that
// holds inventory number n, or nil when none does: the reel a reference to
// an inventory number that is not described leads to.
func (a *Archive) ReelHolding(n int) *Reel {
	for _, r := range a.Reels {
		if r.Holds(n) {
			return r
		}
	}
	return nil
}

// Holds reports whether the reel holds inventory number n.
func (r *Reel) Holds(n int) bool {
	for _, rg := range r.Ranges {
		if n >= rg.From && n <= rg.To {
			return true
		}
	}
	return false
}

// An Event is one dated entry of the chronology.
type Event struct {
	source.Pos
	Path string
	Date Date
	Text Prose
}

// reservedPrefixes begin the identifiers that the outputs give to authority
// records, reels and events (person-trotsky, ps-crux, reel-7).
var reservedPrefixes = []string{"person-", "ps-", "body-", "place-", "reel-", "event-"}

// ReservedPrefix returns the prefix of fonds's own identifiers that id
// starts with, or "". A unit's own id may not start with one (package
// resolve refuses it, fonds import repairs it), so that ids never collide
// in the one id space of the EAD and the anchors of the site and the PDF.
func ReservedPrefix(id string) string {
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(id, p) {
			return p
		}
	}
	return ""
}

// Slug returns the name of the finding aid's outputs: its EAD identifier in
// lower case, with every character other than a-z, 0-9, '.', '-' and '_'
// replaced by '-'. "ARCH01483" gives "arch01483".
func (a *Archive) Slug() string {
	id := ""
	if a.Fonds != nil {
		id = a.Fonds.FindingAid.ID
	}
	var b []byte
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b = append(b, byte(r))
		default:
			b = append(b, '-')
		}
	}
	s := strings.Trim(string(b), ".-")
	if s == "" {
		return "finding-aid"
	}
	return s
}

// Anchor is the unit's identifier in every output: its id, "inv-723".
func (c *Component) Anchor() string { return c.ID }

// Hidden reports whether c is kept out of published outputs: it or one of
// its ancestors is marked internal, and internal material was not asked for.
// The ancestors are looked at once, by resolve (InternalAbove).
func (c *Component) Hidden(publishInternal bool) bool {
	return !publishInternal && (c.Internal || c.InternalAbove)
}
