package ead

import (
	"cmp"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// languageNote is the note on the languages of the material, which EAD
// puts in the did beside the languages.
var languageNote, _ = present.NoteNamed("language_note")

// abstractNote is the abstract, which EAD puts in the did.
var abstractNote, _ = present.NoteNamed("abstract")

// A noteSpec says which EAD element a note field of model.Description
// becomes, and its @type.
type noteSpec struct {
	tag, typ string
}

// noteSpecs maps the note fields (present.Notes, which gives their order,
// headings and ISAD(G) elements) to EAD. abstract and language_note belong
// in the did and are written there.
var noteSpecs = map[string]noteSpec{
	"biographical_history":     {"bioghist", ""},
	"scope_and_content":        {"scopecontent", ""},
	"arrangement":              {"arrangement", ""},
	"access":                   {"accessrestrict", ""},
	"reproduction":             {"userestrict", ""},
	"physical_characteristics": {"phystech", ""},
	"finding_aids":             {"otherfindaid", ""},
	"preferred_citation":       {"prefercite", ""},
	"custodial_history":        {"custodhist", ""},
	"acquisition":              {"acqinfo", ""},
	"appraisal":                {"appraisal", ""},
	"accruals":                 {"accruals", ""},
	"originals":                {"originalsloc", ""},
	"copies":                   {"altformavail", ""},
	"related_material":         {"relatedmaterial", ""},
	"separated_material":       {"separatedmaterial", ""},
	"publications":             {"bibliography", ""},
	"notes":                    {"odd", ""},
	"conventions":              {"odd", "conventions"},
	"processing":               {"processinfo", ""},
}

// presentSpecs are the noteSpecs of present.Notes, in its order: what
// notes reads for every unit, without a lookup by name. A note written in
// the did has none (its tag is "").
var presentSpecs = func() []noteSpec {
	specs := make([]noteSpec, len(present.Notes))
	for i, n := range present.Notes {
		specs[i] = noteSpecs[n.Name]
	}
	return specs
}()

// NoteTag returns the EAD element that the note field name (as the
// sources write it: "scope_and_content") is written as, with its @type
// when the element holds more than one field ("odd" of type
// "conventions"). ok is false for abstract and language_note, which are
// written in the did, and for what is no note field. The importer reads
// the notes back through NoteOfTag, its inverse.
func NoteTag(name string) (tag, typ string, ok bool) {
	s, ok := noteSpecs[name]
	return s.tag, s.typ, ok
}

// NoteOfTag returns the note field that an EAD note element tag of @type
// typ holds, NoteTag's inverse: the field written with that type (matched
// without regard to case), else the one written without a type; "" when
// fonds writes no note field as tag.
func NoteOfTag(tag, typ string) string {
	if typ != "" {
		if f, ok := noteOfTag[noteSpec{tag, strings.ToLower(typ)}]; ok {
			return f
		}
	}
	return noteOfTag[noteSpec{tag: tag}]
}

// noteOfTag is noteSpecs inverted.
var noteOfTag = map[noteSpec]string{}

func init() {
	for name, s := range noteSpecs {
		noteOfTag[s] = name
	}
}

// archdesc builds the description of the fonds: its did, its notes with
// the chronology and the microfilm concordance, its access points, the
// dsc (whose components layout streams) and the indexes.
func (x *writer) archdesc() *etree.Element {
	f := x.a.Fonds
	ad := etree.NewElement("archdesc")
	level := f.Level
	if level == "" || x.prof.ape {
		level = "fonds" // the one level apeEAD takes here
	}
	attr(ad, "level", level)
	attr(ad, "relatedencoding", "ISAD(G)v2")
	ad.AddChild(x.fondsDid())
	extra := map[string]func(*etree.Element){
		"bioghist":     x.chronology,
		"altformavail": x.concordance,
	}
	if x.prof.ape {
		x.summary(ad, &f.Abstract)
	}
	x.notes(ad, &f.Description, true, extra)
	x.accessPoints(ad)
	if x.raw != nil {
		for _, e := range x.raw.rest {
			ad.AddChild(e)
		}
	}
	if x.prof.ape {
		x.apeIndexes(ad) // before the dsc, where apeEAD wants the notes
	}
	if x.hasComponents() || x.raw != nil && len(x.raw.dsc) > 0 {
		x.dsc = x.child(ad, "dsc")
		if x.prof.ape {
			attr(x.dsc, "type", "othertype")
		} else {
			attr(x.dsc, "type", "combined")
		}
		if x.raw != nil {
			for _, d := range x.raw.dsc {
				kids := d.ChildElements()
				moveChildren(d)
				for _, k := range kids {
					x.dsc.AddChild(k)
				}
			}
		}
	}
	if !x.prof.ape {
		x.indexes(ad)
	}
	return ad
}

func (x *writer) fondsDid() *etree.Element {
	f := x.a.Fonds
	rep := f.Repository
	did := etree.NewElement("did")
	id := x.elem(did, "unitid", f.ReferenceCode)
	attr(id, "countrycode", rep.Country)
	attr(id, "repositorycode", rep.ISIL)
	attr(id, "encodinganalog", "3.1.1")
	attr(x.title(did, f.Title), "encodinganalog", "3.1.2")
	for i := range f.Dates {
		attr(x.unitdate(did, f.Dates, i), "encodinganalog", "3.1.3")
	}
	if pd := x.physdesc(did, nil, f.Extent, ""); pd != nil {
		attr(pd, "encodinganalog", "3.1.5")
	}
	for i, ag := range f.Creators {
		o := x.child(did, "origination")
		attr(o, "label", cmp.Or(f.CreatorLabel(i), present.Creator))
		attr(o, "encodinganalog", "3.2.1")
		x.agent(o, ag)
	}
	x.languages(did, f.Languages, &f.LanguageNote, languageNote.ISAD)
	rp := x.child(did, "repository")
	cn := x.elem(rp, "corpname", rep.Name)
	if rep.ISIL != "" {
		attr(cn, "source", "ISIL")
		attr(cn, "authfilenumber", rep.ISIL)
	}
	if len(rep.Address) > 0 {
		addr := x.child(rp, "address")
		for _, line := range rep.Address {
			x.elem(addr, "addressline", line)
		}
	}
	if rep.URL != "" {
		extref(rp, rep.URL, "").CreateText(rep.URL)
	}
	if rep.Email != "" {
		extref(rp, "mailto:"+rep.Email, "").CreateText(rep.Email)
	}
	x.abstract(did, &f.Abstract)
	if x.raw != nil {
		addToDid(did, x.raw.did)
	}
	return did
}

// title adds a unittitle. EAD 2002 has no attribute for the language of a
// title; fonds records it as @altrender="lang:rus" (documented in the
// README) rather than drop it. A title the encoder supplied is in square
// brackets, with @type="editorial".
func (x *writer) title(parent *etree.Element, t model.Text) *etree.Element {
	e := x.elem(parent, "unittitle", present.Title(t))
	if t.Editorial {
		attr(e, "type", editorialMark)
	}
	if t.Lang != "" {
		attr(e, "altrender", "lang:"+t.Lang)
	}
	return e
}

// languages adds the languages of the material and the note about them,
// each a langmaterial of its own.
func (x *writer) languages(did *etree.Element, langs []model.Language, note *model.Prose, isad string) {
	if len(langs) > 0 {
		lm := x.child(did, "langmaterial")
		attr(lm, "encodinganalog", isad)
		for i, l := range langs {
			if i > 0 {
				x.addText(lm, ", ")
			}
			x.language(lm, l)
		}
	}
	if x.published(note) {
		lm := etree.NewElement("langmaterial")
		attr(lm, "encodinganalog", isad)
		x.audience(lm, note)
		x.prose(lm, note.Text, inlineOnly)
		if len(lm.Child) > 0 {
			did.AddChild(lm)
		}
		x.editorialBeside(did, "langmaterial", note)
	}
}

func (x *writer) abstract(did *etree.Element, p *model.Prose) {
	if !x.published(p) || x.prof.ape {
		return // apeEAD has no abstract: see summary
	}
	ab := etree.NewElement("abstract")
	x.audience(ab, p)
	x.prose(ab, p.Text, inlineOnly)
	if len(ab.Child) > 0 {
		did.AddChild(ab)
	}
	x.editorialBeside(did, "abstract", p)
}

// summary writes the abstract where apeEAD keeps it, as APE's own
// converter does: a scopecontent with @encodinganalog "summary", before
// the other notes.
func (x *writer) summary(parent *etree.Element, p *model.Prose) {
	if !x.published(p) {
		return
	}
	sc := x.child(parent, "scopecontent")
	attr(sc, "encodinganalog", "summary")
	x.elem(sc, "head", "Abstract")
	x.prose(sc, p.Text, blocks)
	x.editorial(sc, p, blocks)
}

// genreForms are the physical forms that name a kind of document: EAD
// genreform ("A term that identifies the types of material being
// described"). The other forms name how a document was made or copied
// (manuscript, typescript, carbon copy…): EAD physfacet ("information
// about the appearance or construction of the described materials").
var genreForms = map[string]bool{
	"telegram": true, "postcard": true, "picture postcard": true,
	"clipping": true, "photograph": true, "draft": true,
}

// physdesc adds one physdesc with the forms, the extents and the physical
// description in words, separated for readers; nil when there is none.
func (x *writer) physdesc(did *etree.Element, forms []string, extents []model.Extent, words string) *etree.Element {
	if len(forms) == 0 && len(extents) == 0 && words == "" {
		return nil
	}
	pd := x.child(did, "physdesc")
	sep := ""
	for _, form := range forms {
		x.addText(pd, sep)
		tag := "physfacet"
		if genreForms[form] {
			tag = "genreform"
		}
		x.elem(pd, tag, form)
		sep = ", "
	}
	if sep != "" {
		sep = "; "
	}
	for _, ex := range extents {
		x.addText(pd, sep)
		x.elem(pd, "extent", ex.Value)
		sep = "; "
	}
	if words != "" {
		x.addText(pd, sep+words)
	}
	return pd
}

// published reports whether a note is written: it has text, the source's
// or the encoder's, and is not internal, unless internal material was
// asked for.
func (x *writer) published(p *model.Prose) bool {
	return !p.IsZero() && (!p.Internal || x.opt.Internal)
}

// audience marks internal material that is published on request.
func (x *writer) audience(e *etree.Element, p *model.Prose) {
	if p.Internal {
		attr(e, "audience", "internal")
	}
}

// notes adds the descriptive notes of d in reading order. At the fonds
// level each gets a heading and its ISAD(G) element; extra adds what
// follows a note's own text (the chronology after the biographical
// history, the concordance after the copies), and may make a note of its
// own when the sources have none.
func (x *writer) notes(parent *etree.Element, d model.NoteSet, fonds bool, extra map[string]func(*etree.Element)) {
	for i, n := range present.Notes {
		spec := presentSpecs[i]
		if spec.tag == "" {
			continue // abstract and language_note: in the did
		}
		p := n.Of(d)
		fn := extra[spec.tag]
		if fn == nil && !x.published(p) {
			continue
		}
		e := etree.NewElement(spec.tag)
		attr(e, "type", spec.typ)
		if fonds {
			attr(e, "encodinganalog", n.ISAD)
		}
		head := p.Head
		if fonds {
			head = n.Head(p)
		}
		if x.published(p) {
			x.audience(e, p)
			if head != "" {
				x.elem(e, "head", head)
			}
			x.prose(e, p.Text, blocks)
			x.editorial(e, p, blocks)
		} else if head != "" && fonds {
			x.elem(e, "head", head)
		}
		if fn != nil && spec.typ == "" {
			fn(e)
		}
		if hasBody(e) {
			parent.AddChild(e)
		}
	}
}

// hasBody reports whether e holds more than a heading: EAD requires notes
// to have content.
func hasBody(e *etree.Element) bool {
	for c := range e.ChildElementsSeq() {
		if c.Tag != "head" {
			return true
		}
	}
	return false
}

// chronology adds the chronology to the fonds-level bioghist.
func (x *writer) chronology(bioghist *etree.Element) {
	var events []*model.Event
	for _, ev := range x.a.Events {
		if !ev.Text.Internal || x.opt.Internal {
			events = append(events, ev)
		}
	}
	if len(events) == 0 {
		return
	}
	if x.prof.ape {
		x.apeChronology(bioghist, events)
		return
	}
	cl := x.child(bioghist, "chronlist")
	for _, ev := range events {
		ci := x.child(cl, "chronitem")
		x.audience(ci, &ev.Text)
		x.date(ci, "date", ev.Date)
		event := x.child(ci, "event")
		x.prose(event, ev.Text.Text, mixed)
		x.editorial(event, &ev.Text, mixed)
	}
}

// accessPoints adds the fonds's controlaccess: the access points an
// archivist chose, for aggregators' facets and searches. They are the
// subjects and genres; the creators; every person, corporate body and
// place a published unit cites; every person of the inventory's table of
// pseudonyms, under the heading, and each of the pseudonyms that is not
// that heading, as a persname whose @normal is the heading of the person
// who used it and whose @altrender is "pseudonym"; and every record that
// neither a unit nor a note names, which the authorities hold for no other
// reason (fonds import keeps the access points of an EAD's archdesc so).
// Records named only in prose (a note, the chronology) are linked there
// and listed in the indexes, not made access points.
func (x *writer) accessPoints(ad *etree.Element) {
	a, f := x.a, x.a.Fonds
	creators, cited := map[model.Authority]bool{}, map[model.Authority]bool{}
	named := x.namedInProse()
	var free []*model.Agent
	for _, ag := range f.Creators {
		if au := ag.Authority(); au != nil {
			creators[au] = true
		} else if ag.Name != "" {
			free = append(free, ag)
		}
	}
	for _, c := range a.Components {
		for _, list := range [][]*model.Agent{c.From, c.To, c.Names(), c.PlaceRefs()} {
			for _, ag := range list {
				if au := ag.Authority(); au != nil {
					cited[au] = cited[au] || !c.Hidden(x.opt.Internal)
				}
			}
		}
	}
	chosen := func(au model.Authority) bool {
		published, cites := cited[au]
		return creators[au] || published || !cites && !named[au]
	}
	var points []model.Authority
	for _, p := range x.records().persons {
		if chosen(p) || len(p.Pseudonyms) > 0 {
			points = append(points, p)
		}
	}
	for _, b := range x.records().bodies {
		if chosen(b) {
			points = append(points, b)
		}
	}
	for _, pl := range x.records().places {
		if chosen(pl) {
			points = append(points, pl)
		}
	}
	var pseudonyms []*model.Pseudonym
	for _, ps := range x.records().pseudonyms {
		if ps.Name != present.Heading(ps.Person) {
			pseudonyms = append(pseudonyms, ps)
		}
	}
	if len(f.Subjects)+len(f.Genres)+len(free)+len(points)+len(pseudonyms) == 0 {
		return
	}
	ca := x.child(ad, "controlaccess")
	x.elem(ca, "head", "Access points")
	for _, s := range f.Subjects {
		x.elem(ca, "subject", s)
	}
	for _, g := range f.Genres {
		x.elem(ca, "genreform", g)
	}
	for _, ag := range free {
		attr(x.elem(ca, "name", ag.Name), "role", "creator")
	}
	for _, au := range points {
		if _, person := au.(*model.Person); !person && pseudonyms != nil {
			x.pseudonymPoints(ca, pseudonyms)
			pseudonyms = nil
		}
		e := x.child(ca, nameTag(au))
		if creators[au] {
			attr(e, "role", "creator")
		}
		normal(e, au)
		e.CreateText(headingOf(au))
		x.namePtr(e, au)
	}
	x.pseudonymPoints(ca, pseudonyms)
}

// pseudonymPoints adds the access points of pseudonyms, after the persons'.
func (x *writer) pseudonymPoints(ca *etree.Element, pseudonyms []*model.Pseudonym) {
	for _, ps := range pseudonyms {
		e := x.child(ca, "persname")
		attr(e, "normal", present.Heading(ps.Person))
		attr(e, "altrender", "pseudonym")
		e.CreateText(ps.Name)
		x.namePtr(e, ps)
	}
}

// namedInProse returns the records that a note names (any note, of the
// fonds, a unit, a record or an event; a pseudonym names its person).
func (x *writer) namedInProse() map[model.Authority]bool {
	named := map[model.Authority]bool{}
	for _, doc := range x.a.Notes {
		for _, ref := range doc.Refs {
			switch r := x.a.Lookup(ref.Kind, ref.Target).(type) {
			case model.Authority:
				named[r] = true
			case *model.Pseudonym:
				if r.Person != nil {
					named[r.Person] = true
				}
			}
		}
	}
	return named
}

// agent adds a name as a unit or the fonds cites it. The name element
// holds one form of the name: the pseudonym when the unit cites one, else
// the record's heading (present.Heading). It carries @role (creator,
// sender, addressee, subject), @normal (the heading of the record) and the
// authority record, the certainty in @altrender ("bracketed",
// "probable"), and a ptr to the record's index entry (a pseudonym's, when
// the unit cites one). Where the parent holds text (origination) the
// inventory's marks of uncertainty stand around the name element,
// "[<persname>Crux</persname>]", "probably <persname>…</persname>", so
// that readers see them and the element holds the name alone; elsewhere
// (controlaccess) @altrender says it alone.
func (x *writer) agent(parent *etree.Element, ag *model.Agent) *etree.Element {
	marks := parent.Tag == "origination"
	au := ag.Authority()
	if marks {
		switch ag.Certainty {
		case model.Bracketed:
			x.addText(parent, "[")
		case model.Probable:
			x.addText(parent, "probably ")
		}
	}
	e := x.textElem(parent, nameTag(au), ag.Cited(), true, true)
	var target anchored
	if au != nil {
		target = au
	}
	if ag.Person != nil && ag.Pseudonym != nil {
		target = ag.Pseudonym
	}
	attr(e, "role", ag.Role.String())
	if au != nil {
		normal(e, au)
	}
	switch ag.Certainty {
	case model.Bracketed, model.Probable:
		attr(e, "altrender", ag.Certainty.String())
	}
	if target != nil {
		x.namePtr(e, target)
	}
	if marks && ag.Certainty == model.Bracketed {
		x.addText(parent, "]")
	}
	return e
}

// anchored is a record that has an index entry to point at.
type anchored interface{ Anchor() string }

// namePtr adds to the name element e a ptr to target's index entry. The
// profile ape has none: apeEAD's names hold text only (and it has no index
// to point at), so the writer neither builds what conform would remove nor
// makes the anchor.
func (x *writer) namePtr(e *etree.Element, target anchored) {
	if x.prof.ape {
		return
	}
	attr(x.child(e, "ptr"), "target", target.Anchor())
}

// nameTag is the EAD element of a name: persname, corpname or geogname for
// a record, name for a name with none.
func nameTag(au model.Authority) string {
	switch au.(type) {
	case *model.Person:
		return "persname"
	case *model.Body:
		return "corpname"
	case *model.Place:
		return "geogname"
	}
	return "name"
}

// normal gives the name element of a person, corporate body or place the
// form it is listed under (@normal: a person's heading, else the
// authorized form) and, when the sources have one, its authority record:
// the file (@source), the number there (@authfilenumber) and the rules of
// the authorized form (@rules).
func normal(e *etree.Element, au model.Authority) {
	r := au.Base()
	attr(e, "normal", headingOf(au))
	attr(e, "source", nmtoken(r.AuthSource))
	attr(e, "authfilenumber", r.Authority)
	attr(e, "rules", nmtoken(r.AuthRules))
}

// extref adds a link to a web resource, with the XLink attributes the
// schema asks for.
func extref(parent *etree.Element, href, title string) *etree.Element {
	e := parent.CreateElement("extref")
	attr(e, "xlink:type", "simple")
	attr(e, "xlink:href", href)
	attr(e, "xlink:title", title)
	attr(e, "xlink:show", "new")
	attr(e, "xlink:actuate", "onRequest")
	return e
}
