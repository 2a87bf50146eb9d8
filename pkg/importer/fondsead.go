package importer

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/iso"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
)

// fonds's own EAD. An EAD that fonds wrote (its creation says so) is read
// back into the structures of the sources, not kept as raw EAD: the
// persons with their pseudonyms, variants and authority numbers from the
// indexes, the corporate bodies and places, the notes on them, the
// chronology from the bioghist's chronlist, the reels from the microfilm
// concordance, the names the units cite (with their certainty) from the
// ptr and ref that lead to the index entries, and prose, with its links to
// records, units and reels, as the Markdown it was written from. What
// fonds generates (the access points of the fonds, the microfilm note of
// each unit, the headings it gives notes) is left for the build to write
// again. So building the import writes the same EAD.
//
// The reader goes by what the elements are and where the links lead, not
// by fixed positions, so that it keeps working as the EAD writer grows:
// an entry is a person's when its id starts with "person-", whatever comes
// before (a build prefixes every id with the finding aid's slug and a dot,
// ead.IDPrefix; fonds before issue 13 wrote none).

// fondsEAD is what the reader of fonds's own EAD knows of a document.
type fondsEAD struct {
	prefix  string                 // what every unit's @id starts with: ead.IDPrefix, when the build put it there
	records map[string]fondsRecord // an @id of the EAD → what it names
	units   map[string]int         // a unit's @id → its inventory number (0: none)
	persons []*fondsPerson
	bodies  []*yaml.Node
	places  []*yaml.Node
	notes   map[string]*yaml.Node // a record's EAD id → its note
	descs   map[string][]descFact // a record's EAD id → the facts of its description
	events  []*yaml.Node
	reels   []*yaml.Node
	taken   map[string]bool // the ids sourceID gave out, kept or made
	// repair reports a value changed so that the sources are valid, at
	// its line of the EAD (the import's report, "repaired").
	repair func(msg string, line int)
}

// sourceID is a record's id as the sources can hold it: id itself when it
// is a valid identifier (fonds's EAD writes only such) that no record
// read before holds, else, for an EAD that claims to be fonds's but holds
// another (altered, or hostile), prefix and the slug of the record's
// name, numbered when given out before, which the report gives as
// repaired at the element at. Persons, pseudonyms, bodies and places
// share one set of ids in the sources, so the ids kept and made share
// one set here: "person-body-x" keeps "body-x", which a body whose EAD id
// is "body-%" must not be given too.
func (f *fondsEAD) sourceID(id, prefix, name string, at *node) string {
	valid := validID.MatchString(id) && len(id) <= 100
	if valid && !f.taken[id] {
		f.taken[id] = true
		return id
	}
	out := claim(f.taken, prefix+shortID(load.Slug(name)))
	ead := at.peek("id")
	if ead == "" {
		ead = at.peek("target") // a pseudonym's ptr
	}
	why := "cannot be an id in the sources"
	if valid {
		why = fmt.Sprintf("gives the id %q, which a record before it holds", id)
	}
	f.repair(fmt.Sprintf("the EAD id %q of %q %s: written as %q", ead, name, why, out), at.line)
	return out
}

// A fondsRecord is what an @id names: a person, pseudonym, body or place
// (id: its id in the sources; name: the pseudonym's name), or a reel.
type fondsRecord struct {
	kind, id, name string
	// cite is the name a unit cites the record by, when not its id (a
	// pseudonym's name): see disambiguate.
	cite string
	line int // of its element in the EAD, for the report
}

// disambiguate chooses the name each record is cited by: in the sources a
// unit cites a record by any of its names (its id, name, short form, other
// forms; a pseudonym by its name or id), and a name that two records hold
// is refused as ambiguous. Each record is cited by the first of its names
// that no other record holds: a pseudonym by its name, then its id; any
// other by its id, then its name and other forms. A record whose every
// name another holds too is given an id made from its name (reported as
// repaired). fonds's own EAD, built from sources that passed the check,
// keeps its ids; an altered one can give a person the EAD id "person-a"
// and another person's pseudonym the name "a".
func (f *fondsEAD) disambiguate() {
	type rec struct {
		eadID string
		kind  string
		node  *yaml.Node // its mapping, or a pseudonym's scalar
		p     *fondsPerson
		i     int      // the pseudonym's index in p.ps
		names []string // in the order they are tried for citing it
	}
	var recs []*rec
	eadIDs := map[fondsRecord]string{}
	for eadID, r := range f.records {
		eadIDs[fondsRecord{kind: r.kind, id: r.id}] = eadID
	}
	for _, p := range f.persons {
		recs = append(recs, &rec{eadID: p.eadID, kind: "person", node: p.m.n})
		for i, psID := range p.psIDs {
			recs = append(recs, &rec{eadID: psID, kind: "pseudonym", node: p.ps[i], p: p, i: i})
		}
	}
	for _, n := range f.bodies {
		recs = append(recs, &rec{eadID: eadIDs[fondsRecord{kind: "body", id: n.Content[1].Value}], kind: "body", node: n})
	}
	for _, n := range f.places {
		recs = append(recs, &rec{eadID: eadIDs[fondsRecord{kind: "place", id: n.Content[1].Value}], kind: "place", node: n})
	}
	holders := map[string]map[string]bool{} // a name → the EAD ids of the records that hold it
	add := func(r *rec, s string) {
		if s == "" {
			return
		}
		if holders[s] == nil {
			holders[s] = map[string]bool{}
		}
		holders[s][r.eadID] = true
		r.names = append(r.names, s)
		f.taken[s] = true // no id made below is any record's name
	}
	for _, r := range recs {
		if r.kind == "pseudonym" {
			add(r, recordName(r.node))
		}
		add(r, f.records[r.eadID].id)
		if r.node.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(r.node.Content); i += 2 {
			switch k, v := r.node.Content[i].Value, r.node.Content[i+1]; k {
			case "name", "short":
				add(r, v.Value)
			case "variants":
				for _, x := range v.Content {
					add(r, x.Value)
				}
			}
		}
	}
	for _, r := range recs {
		fr := f.records[r.eadID]
		cite := ""
		for _, s := range r.names {
			if len(holders[s]) == 1 {
				cite = s
				break
			}
		}
		if cite == "" {
			prefix := r.kind + "-"
			if r.kind == "pseudonym" {
				prefix = "ps-"
			}
			id := claim(f.taken, prefix+shortID(load.Slug(recordName(r.node))))
			f.repair(fmt.Sprintf("every name of %q (%s) names another record too: its id is written as %q", recordName(r.node), strings.Join(r.names, ", "), id), fr.line)
			fr.id, cite = id, id
			switch {
			case r.node.Kind == yaml.MappingNode:
				setField(r.node, "id", id)
			default: // a pseudonym written by its name alone
				m := newMapping()
				m.str("name", r.node.Value)
				m.str("id", id)
				m.n.Style = yaml.FlowStyle
				r.p.ps[r.i] = m.n
			}
		}
		if cite != fr.id {
			fr.cite = cite
		}
		f.records[r.eadID] = fr
	}
}

// recordName is the name field of a record's mapping, or a pseudonym's
// scalar.
func recordName(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// setField sets the value of key in the mapping n, adding it when absent.
func setField(n *yaml.Node, key, v string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = str(v)
			return
		}
	}
	mapping{n}.str(key, v)
}

// A descFact is one labelled fact of a record's description (the odd of
// type "names"): its label (ead.FactDates, …) and the item that states it.
type descFact struct {
	label string
	item  *node
}

// fact returns the text of the facts labelled label in a record's
// description, in order.
func (f *fondsEAD) facts(eadID, label string) []string {
	var out []string
	for _, d := range f.descs[eadID] {
		if d.label == label {
			out = append(out, norm(textOf(d.item, false)))
		}
	}
	return out
}

type fondsPerson struct {
	eadID string
	m     mapping
	ps    []*yaml.Node
	psIDs []string
}

// isFondsEAD reports whether fonds wrote the document: its creation says so.
func isFondsEAD(ead *node) bool {
	h := ead.child("eadheader")
	if h == nil {
		return false
	}
	pd := h.child("profiledesc")
	if pd == nil {
		return false
	}
	cr := pd.child("creation")
	return cr != nil && strings.Contains(textOf(cr, false), "by fonds")
}

// idPart returns what follows the last occurrence of prefix in an @id, so
// that "person-trotsky" and "arch01483.person-trotsky" both give
// "trotsky"; ok is false when prefix is not in it.
func idPart(id, prefix string) (string, bool) {
	i := strings.LastIndex(id, prefix)
	if i < 0 || i > 0 && id[i-1] != '.' && id[i-1] != '-' {
		return "", false
	}
	return id[i+len(prefix):], true
}

// readFondsRecords reads the indexes and the notes on names of the
// archdesc, and the ids of the units and reels, before anything else is
// mapped.
func (im *importer) readFondsRecords(ad *node) {
	f := &fondsEAD{records: map[string]fondsRecord{}, units: map[string]int{}, notes: map[string]*yaml.Node{},
		descs: map[string][]descFact{}, taken: map[string]bool{}, repair: func(msg string, line int) { im.repaired.add(msg, line, 0) }}
	im.fonds = f
	// Units: fonds writes an inventory number as the first unitid; a
	// number used twice is no inventory number.
	seen := map[int]int{}
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.kids {
			switch {
			case c.name == "list" && n.name == "altformavail" && c.peek("type") == "deflist":
				// The reels of a concordance fonds wrote (fondsConcordance),
				// all or none, for what refers to them before it is read.
				if _, ids, ok := fondsReels(c); ok {
					for _, id := range ids {
						no, _ := reelNo(id)
						f.records[id] = fondsRecord{kind: "reel", id: strconv.Itoa(no)}
					}
				}
			case isComponent(c) && c.peek("id") != "":
				inv := 0
				if did := c.child("did"); did != nil {
					if u := did.child("unitid"); u != nil && plainInt.MatchString(norm(textOf(u, false))) {
						inv, _ = strconv.Atoi(norm(textOf(u, false)))
						seen[inv]++
					}
				}
				f.units[c.peek("id")] = inv
			}
			if c.name != "" {
				walk(c)
			}
		}
	}
	walk(ad)
	for id, inv := range f.units {
		if seen[inv] > 1 {
			f.units[id] = 0
		}
	}
	// A build names every id after its finding aid ("arch01483.inv-7",
	// ead.IDPrefix), so that ids are unique across the finding aids it
	// publishes: the sources' ids are what follows.
	if eadid := ad.parent.child("eadheader").child("eadid"); eadid != nil && len(f.units) > 0 {
		a := model.Archive{Fonds: &model.Fonds{FindingAid: model.FindingAid{ID: norm(textOf(eadid, false))}}}
		prefix := ead.IDPrefix(&a)
		for id := range f.units {
			if !strings.HasPrefix(strings.ToLower(id), prefix) {
				prefix = ""
				break
			}
		}
		f.prefix = prefix
	}
	// The descriptions of the records first: a person's index entry names
	// the heading, and the civil name, the dates and the other forms of
	// the name are there.
	for _, k := range ad.kids {
		if k.name == "odd" && k.peek("type") == "names" {
			im.fondsDescriptions(k)
		}
	}
	for _, idx := range ad.kids {
		if idx.name != "index" {
			continue
		}
		for _, e := range idx.kids {
			if e.name == "indexentry" {
				f.entry(e)
			}
		}
	}
	f.disambiguate()
	for _, id := range slices.Sorted(maps.Keys(f.descs)) {
		for _, d := range f.descs[id] {
			if d.label == ead.FactNote {
				im.fondsNote(id, d.item)
			}
		}
	}
	// Pseudonyms: the index of pseudonyms says which are maintained.
	for _, idx := range ad.kids {
		if idx.name != "index" {
			continue
		}
		for _, e := range idx.kids {
			if e.name == "indexentry" && e.peek("altrender") == "maintained" {
				f.maintained(e.peek("id"))
			}
		}
	}
}

func idEndsWith(id, tail string) bool {
	return id == tail || strings.HasSuffix(id, "-"+tail)
}

// entry reads an index entry: a person (with pseudonyms and variants), a
// pseudonym, a corporate body or a place.
func (f *fondsEAD) entry(e *node) {
	id := e.peek("id")
	if pid, ok := idPart(id, "person-"); ok {
		f.person(e, id, pid)
		return
	}
	if bid, ok := idPart(id, "body-"); ok {
		f.record(e, id, bid, "body")
		return
	}
	if plid, ok := idPart(id, "place-"); ok {
		f.record(e, id, plid, "place")
	}
	// A pseudonym's entry: read with its person's.
}

// readableDates keeps a record's dates as its dates when fonds can read
// them, else in its name as the EAD wrote them ("A, 19?0-1950"), so that
// no word is lost and the import passes fonds check.
func readableDates(name, dates string) (string, string) {
	if dates == "" {
		return name, ""
	}
	if _, err := edtf.Parse(dates); err != nil {
		return name + ", " + dates, ""
	}
	return name, dates
}

// entryName is an index entry's name element: its @normal (the authorized
// form) and its text (the name with the record's dates).
func entryName(e *node, tag string) (n *node, name, dates string) {
	n = e.child(tag)
	if n == nil {
		return nil, "", ""
	}
	text := norm(textOf(n, false))
	name = n.peek("normal")
	if name == "" {
		name = text
	}
	if strings.HasPrefix(text, name+", ") {
		dates = strings.TrimPrefix(text, name+", ")
	}
	return n, name, dates
}

func (f *fondsEAD) person(e *node, eadID, id string) {
	n, name, dates := entryName(e, "persname")
	if n == nil {
		return
	}
	// A person headed by a pseudonym the inventory maintains: the entry
	// names the pseudonym, the description the civil name.
	if civil := f.facts(eadID, ead.FactCivil); len(civil) > 0 {
		name = civil[0]
	}
	if d := f.facts(eadID, ead.FactDates); len(d) > 0 {
		dates = d[0]
	}
	name, dates = readableDates(name, dates)
	if name == "" {
		f.repair(fmt.Sprintf("index entry %q names no one: left out, and what cites it keeps its own words", eadID), e.line)
		return
	}
	id = f.sourceID(id, "person-", name, e)
	p := &fondsPerson{eadID: eadID, m: newMapping()}
	p.m.str("id", id)
	p.m.str("name", name)
	f.records[eadID] = fondsRecord{kind: "person", id: id, name: name, line: e.line}
	var variants []*yaml.Node
	for _, v := range f.facts(eadID, ead.FactVariant) {
		variants = append(variants, str(v))
	}
	for _, sub := range e.kids {
		if sub.name != "indexentry" {
			continue
		}
		switch sub.peek("altrender") {
		case "pseudonym":
			ps := sub.child("persname")
			ptr := sub.child("ptr")
			if ps == nil || ptr == nil {
				continue
			}
			psName := norm(textOf(ps, false))
			psID := ptr.peek("target")
			if psName == "" {
				continue
			}
			// Its id in the sources: the EAD's without the finding aid's
			// prefix.
			own, _ := idPart(psID, "ps-")
			if own == "" {
				own = psID
			} else {
				own = "ps-" + own
			}
			own = f.sourceID(own, "ps-", psName, ptr)
			f.records[psID] = fondsRecord{kind: "pseudonym", id: own, name: psName, line: ptr.line}
			node := str(psName)
			if want := "ps-" + load.Slug(psName); !idEndsWith(psID, want) && own != want {
				m := newMapping()
				m.str("name", psName)
				m.str("id", own)
				m.n.Style = yaml.FlowStyle
				node = m.n
			}
			p.ps = append(p.ps, node)
			p.psIDs = append(p.psIDs, psID)
		case "variant": // as fonds wrote other forms of a name before 2025
			if v := sub.child("persname"); v != nil {
				variants = append(variants, str(norm(textOf(v, false))))
			}
		}
	}
	if len(variants) > 0 {
		p.m.set("variants", seq(variants...))
	}
	if dates != "" {
		p.m.set("dates", str(dates))
	}
	if au := authorityOf(n); au != nil {
		p.m.set("authority", au)
	}
	f.persons = append(f.persons, p)
}

// maintained marks the pseudonym with that EAD id as maintained.
func (f *fondsEAD) maintained(psID string) {
	for _, p := range f.persons {
		for i, id := range p.psIDs {
			if id != psID {
				continue
			}
			m := newMapping()
			if p.ps[i].Kind == yaml.MappingNode {
				m.n = p.ps[i]
			} else {
				m.str("name", p.ps[i].Value)
				m.n.Style = yaml.FlowStyle
			}
			m.set("maintained", boolNode(true))
			p.ps[i] = m.n
		}
	}
}

// record reads a corporate body's or a place's entry.
func (f *fondsEAD) record(e *node, eadID, id, kind string) {
	tag := map[string]string{"body": "corpname", "place": "geogname"}[kind]
	n, name, dates := entryName(e, tag)
	if n == nil {
		return
	}
	if kind == "place" {
		dates = "" // places have no dates: a comma is part of the name
	}
	if d := f.facts(eadID, ead.FactDates); len(d) > 0 && kind == "body" {
		dates = d[0]
	}
	name, dates = readableDates(name, dates)
	if name == "" {
		f.repair(fmt.Sprintf("index entry %q names nothing: left out, and what cites it keeps its own words", eadID), e.line)
		return
	}
	id = f.sourceID(id, kind+"-", name, e)
	f.records[eadID] = fondsRecord{kind: kind, id: id, name: name, line: e.line}
	m := newMapping()
	m.str("id", id)
	m.str("name", name)
	for _, short := range f.facts(eadID, ead.FactShort) {
		m.str("short", short)
	}
	var variants []*yaml.Node
	for _, v := range f.facts(eadID, ead.FactVariant) {
		variants = append(variants, str(v))
	}
	for _, country := range f.facts(eadID, ead.FactCountry) {
		code := iso.CountryCode(country)
		if code == "" {
			code = country
		}
		defer m.str("country", code)
	}
	// Before 2025 fonds wrote the abbreviation, other forms and country
	// as sub-entries.
	for _, sub := range e.kids {
		if sub.name != "indexentry" {
			continue
		}
		v := sub.child(tag)
		if v == nil {
			continue
		}
		text := norm(textOf(v, false))
		switch sub.peek("altrender") {
		case "abbreviation":
			m.str("short", text)
		case "variant":
			variants = append(variants, str(text))
		case "country":
			code := iso.CountryCode(text)
			if code == "" {
				code = text
			}
			defer m.str("country", code)
		}
	}
	if len(variants) > 0 {
		m.set("variants", seq(variants...))
	}
	if dates != "" {
		m.set("dates", str(dates))
	}
	if au := authorityOf(n); au != nil {
		m.set("authority", au)
	}
	if kind == "body" {
		f.bodies = append(f.bodies, m.n)
	} else {
		f.places = append(f.places, m.n)
	}
}

// authorityOf reads a name's authority record: @source, @authfilenumber,
// @rules (an ISIL's "source" is the repository's, not a record's).
func authorityOf(n *node) *yaml.Node {
	m := newMapping()
	m.str("source", n.peek("source"))
	m.str("id", n.peek("authfilenumber"))
	m.str("rules", n.peek("rules"))
	if len(m.n.Content) == 0 {
		return nil
	}
	m.n.Style = yaml.FlowStyle
	return m.n
}

// fondsDescriptions reads what the EAD says of persons, pseudonyms,
// bodies and places besides their names: a definition list whose labels
// lead to the records and whose items are lists of labelled facts (dates,
// civil name, other forms of the name, abbreviation, country, note), read
// with the records' index entries; the notes, whose links lead to other
// records, once every record is known. Before 2025 fonds wrote the note
// alone as the item.
func (im *importer) fondsDescriptions(odd *node) {
	f := im.fonds
	for _, l := range odd.kids {
		if l.name != "list" {
			continue
		}
		for _, di := range l.kids {
			if di.name != "defitem" {
				continue
			}
			lb, it := di.child("label"), di.child("item")
			if lb == nil || it == nil || lb.child("ref") == nil {
				continue
			}
			target := lb.child("ref").peek("target")
			if facts := it.child("list"); facts != nil && facts.peek("type") == "deflist" && onlyElement(it, facts) {
				for _, fd := range facts.kids {
					flb, fit := fd.child("label"), fd.child("item")
					if fd.name != "defitem" || flb == nil || fit == nil {
						continue
					}
					f.descs[target] = append(f.descs[target], descFact{norm(textOf(flb, false)), fit})
				}
				continue
			}
			f.descs[target] = append(f.descs[target], descFact{ead.FactNote, it})
		}
	}
	markUsed(odd)
}

// onlyElement reports whether the only content of n is its element k.
func onlyElement(n, k *node) bool {
	for _, c := range n.kids {
		if c != k && (c.name != "" || strings.TrimSpace(c.text) != "") {
			return false
		}
	}
	return true
}

// fondsNote keeps the note on the record an EAD id names: a pseudonym's as
// plain text, any other's as Markdown, internal when marked so.
func (im *importer) fondsNote(target string, it *node) {
	f := im.fonds
	if _, ok := idPart(target, "ps-"); ok {
		f.notes[target] = str(norm(textOf(it, false)))
		return
	}
	own, ed := im.fondsEditorial(it.kids, "")
	var note *yaml.Node
	if md := im.fondsMarkdown(own, mixedMode); md != "" {
		note = str(md)
	}
	note = withEditorial(note, ed)
	if it.peek("audience") == "internal" {
		note = internalNote(note)
	}
	f.notes[target] = note
}

// fondsAuthorities writes authorities.yaml from the indexes: persons in
// the order of their index, with pseudonyms and notes; bodies; places.
func (im *importer) fondsAuthorities() *yaml.Node {
	f := im.fonds
	var persons []*yaml.Node
	for _, p := range f.persons {
		if len(p.ps) > 0 {
			for i, id := range p.psIDs {
				if note, ok := f.notes[id]; ok {
					m := newMapping()
					if p.ps[i].Kind == yaml.MappingNode {
						m.n = p.ps[i]
						m.n.Style = 0
					} else {
						m.str("name", p.ps[i].Value)
					}
					m.set("note", note)
					p.ps[i] = m.n
				}
			}
			p.m.set("pseudonyms", seq(p.ps...))
		}
		p.m.set("note", f.notes[p.eadID])
		persons = append(persons, p.m.n)
		im.rep.Persons++
	}
	// A record's id in the sources is its own (sourceID), so its note is
	// found by its kind and id, whatever its EAD id was.
	eadIDs := map[fondsRecord]string{}
	for eadID, rec := range f.records {
		eadIDs[fondsRecord{kind: rec.kind, id: rec.id}] = eadID
	}
	withNotes := func(list []*yaml.Node, kind string) []*yaml.Node {
		for _, r := range list {
			if note, ok := f.notes[eadIDs[fondsRecord{kind: kind, id: r.Content[1].Value}]]; ok {
				mapping{r}.set("note", note)
			}
		}
		return list
	}
	im.rep.Bodies, im.rep.Places = len(f.bodies), len(f.places)
	m := newMapping()
	if len(persons) > 0 {
		m.set("persons", seq(persons...))
	}
	if len(f.bodies) > 0 {
		m.set("bodies", seq(withNotes(f.bodies, "body")...))
	}
	if len(f.places) > 0 {
		m.set("places", seq(withNotes(f.places, "place")...))
	}
	if len(m.n.Content) == 0 {
		return nil
	}
	return m.n
}

// fondsAgent reads a name as a unit or the fonds cites it: the record its
// ptr leads to (a person by id, a pseudonym by name, a body or place by
// id), with its certainty (@altrender); a name with no ptr is a free
// name, kept as written.
func (im *importer) fondsAgent(n *node) *yaml.Node {
	var rec fondsRecord
	if p := n.child("ptr"); p != nil {
		rec = im.fonds.records[p.peek("target")]
	}
	markUsed(n)
	if rec.kind == "" {
		t := norm(textOf(n, false))
		if t == "" {
			return nil
		}
		m := newMapping()
		m.str("text", t)
		return m.n
	}
	name := rec.id
	if rec.cite != "" {
		name = rec.cite
	}
	switch c := n.peek("altrender"); c {
	case model.Bracketed.String(), model.Probable.String():
		m := newMapping()
		m.str("name", name)
		m.str("certainty", c)
		m.n.Style = yaml.FlowStyle
		return m.n
	}
	return str(name)
}

// fondsChronology reads the chronology of the bioghist; false when the
// list is not one fonds wrote.
func (im *importer) fondsChronology(cl *node) bool {
	// Every item is looked at before any is read, since reading one marks
	// its parts used: a list that turns out not to be fonds's must reach
	// the general reading whole. fonds writes each event with a date it
	// can read and words (its own or the encoder's).
	for _, ci := range cl.kids {
		if ci.name == "" {
			continue
		}
		d, ev := ci.child("date"), ci.child("event")
		if ci.name != "chronitem" || d == nil || ev == nil || strings.TrimSpace(textOf(ev, false)) == "" {
			return false
		}
		if _, ok := readEADDate(textOf(d, false), d.peek("normal")); !ok {
			return false
		}
	}
	var events []*yaml.Node
	for _, ci := range cl.kids {
		if ci.name == "" {
			continue
		}
		d, ev := ci.child("date"), ci.child("event")
		m := newMapping()
		rd, _ := readEADDate(textOf(d, false), d.peek("normal"))
		if c := d.peek("certainty"); c != "" {
			rd.qualify(c, textOf(d, false))
		}
		m.set("date", rd.yaml())
		own, ed := im.fondsEditorial(ev.kids, "")
		var event *yaml.Node
		if md := im.fondsMarkdown(own, mixedMode); md != "" {
			event = str(md)
		}
		m.set("event", withEditorial(event, ed))
		events = append(events, m.n)
	}
	markUsed(cl)
	im.fonds.events = append(im.fonds.events, events...)
	return true
}

// reelNo is the number of the reel that a defitem's @id of fonds's EAD
// names ("reel-7", with the finding aid's prefix or not): false when it
// names none a source may hold, as a reel 0 (found by FuzzImport).
func reelNo(id string) (int, bool) {
	no, ok := idPart(id, "reel-")
	n, err := strconv.Atoi(no)
	if !ok || err != nil || n < 1 || n > load.MaxNumber {
		return 0, false
	}
	return n, true
}

// fondsConcordance reads the reels of the microfilm concordance (their
// records were made before, from fondsReels); false when the list is not
// one fonds wrote.
func (im *importer) fondsConcordance(l *node) bool {
	reels, _, ok := fondsReels(l)
	if !ok {
		return false
	}
	markUsed(l)
	im.fonds.reels = append(im.fonds.reels, reels...)
	return true
}

// fondsReels reads the reels of a microfilm concordance as fonds writes
// it (a deflist of altformavail), and the @id of each: false when the list
// is not one fonds wrote, as when a reel holds nothing (which fonds
// refuses to write; found by FuzzImport).
func fondsReels(l *node) (reels []*yaml.Node, ids []string, ok bool) {
	for _, di := range l.kids {
		if di.name != "defitem" {
			continue
		}
		n, ok := reelNo(di.peek("id"))
		it := di.child("item")
		if !ok || it == nil {
			return nil, nil, false
		}
		// The numbers and the content, before the units described
		// (". Described: ", whose full stop may be the content's own: the
		// EAD is the same either way).
		var text strings.Builder
		for _, k := range it.kids {
			if k.name != "" {
				break
			}
			text.WriteString(k.text)
		}
		held := text.String()
		if i := strings.Index(held, " Described: "); i >= 0 {
			held = strings.TrimSuffix(held[:i], ".")
		}
		held = strings.TrimSpace(held)
		m := newMapping()
		m.set("reel", intNode(n))
		var items, other []string
		for _, part := range strings.Split(held, "; ") {
			if _, err := load.ParseRange(part); err == nil {
				items = append(items, part)
			} else if part != "" {
				other = append(other, part)
			}
		}
		switch len(items) {
		case 0:
		case 1:
			m.str("items", items[0])
		default:
			m.str("items", strings.Join(items, ", "))
		}
		if len(other) > 0 {
			m.str("content", other[0])
		}
		if len(other) > 1 {
			m.str("note", strings.Join(other[1:], "; "))
		}
		if len(items) == 0 && len(other) == 0 {
			return nil, nil, false
		}
		m.n.Style = yaml.FlowStyle
		reels = append(reels, m.n)
		ids = append(ids, di.peek("id"))
	}
	return reels, ids, true
}

// fondsPhysdesc reads the physdesc fonds writes: the forms (physfacet and
// genreform, separated by ", "), the extents (after "; ") and the
// physical description in words: the text after the last of them.
func (im *importer) fondsPhysdesc(k *node, u *unitDesc) {
	words := ""
	for _, c := range k.kids {
		switch c.name {
		case "physfacet", "genreform":
			switch t := norm(textOf(c, false)); {
			case t == "": // an empty one says nothing
			case isForm()[t]:
				u.forms = append(u.forms, t)
			default: // not a form fonds knows: kept in words
				u.physdesc = append(u.physdesc, t)
			}
			words = ""
		case "extent":
			if t := norm(textOf(c, false)); t != "" {
				u.extent = append(u.extent, t)
			}
			words = ""
		case "":
			words += c.text
		default:
			u.rawDid = append(u.rawDid, k)
			im.keep(k, " in the did: a physical description fonds did not write")
			return
		}
	}
	markUsed(k)
	if len(u.forms)+len(u.extent) > 0 {
		words = strings.TrimPrefix(words, "; ")
	}
	if words != "" {
		u.physdesc = append(u.physdesc, words)
	}
}

// fondsPart reads what fonds writes at the fonds level besides the notes:
// the indexes and the notes on names (read already), the access points
// (their subjects and genres are the fonds's; the names are its
// records'), the chronology in the bioghist and the microfilm concordance
// in the altformavail. It reports false for what the generic mapping
// reads.
func (im *importer) fondsPart(k *node, u *unitDesc) bool {
	switch {
	case k.name == "index", k.name == "odd" && k.peek("type") == "names":
		markUsed(k)
		return true
	case k.name == "controlaccess" && k.child("head") != nil && norm(textOf(k.child("head"), false)) == "Access points":
		for _, c := range k.kids {
			switch c.name {
			case "subject":
				im.subjects = append(im.subjects, norm(textOf(c, false)))
			case "genreform":
				im.genres = append(im.genres, norm(textOf(c, false)))
			}
		}
		markUsed(k)
		return true
	case k.name == "bioghist" || k.name == "altformavail":
		// The chronology and the concordance follow the note's own text;
		// a note fonds made for them alone has nothing else but its head.
		var rest []*node
		for _, c := range k.kids {
			switch {
			case c.name == "chronlist" && k.name == "bioghist" && im.fondsChronology(c):
			case c.name == "list" && k.name == "altformavail" && c.peek("type") == "deflist" && im.fondsConcordance(c):
			default:
				rest = append(rest, c)
			}
		}
		if len(rest) == len(k.kids) {
			return false
		}
		k.kids = rest
		if onlyHead(k) {
			markUsed(k)
			return true
		}
		return false
	}
	return false
}

// fondsUnitPart reads what fonds writes on a unit besides its notes: the
// microfilm note (which the build writes again from the reels) and the
// access points: addressees, names and places.
func (im *importer) fondsUnitPart(k *node, u *unitDesc) bool {
	switch {
	case k.name == "altformavail" && k.peek("type") == "microfilm":
		markUsed(k)
		return true
	case k.name == "controlaccess" && k.child("head") == nil:
		for _, c := range k.kids {
			if c.name == "" {
				c.used = true
				continue
			}
			a := im.fondsAgent(c)
			if a == nil {
				continue
			}
			switch {
			case c.name == "geogname":
				u.places = append(u.places, a)
			case c.peek("role") == "addressee":
				u.to = append(u.to, a)
			default:
				u.names = append(u.names, a)
			}
		}
		markUsed(k)
		return true
	}
	return false
}

// fondsFiles returns chronology.yaml and reels.yaml, nil when there are
// none.
func (im *importer) fondsFiles() (chronology, reels *yaml.Node) {
	f := im.fonds
	if len(f.events) > 0 {
		m := newMapping()
		m.set("chronology", seq(f.events...))
		chronology = m.n
	}
	if len(f.reels) > 0 {
		m := newMapping()
		m.set("reels", seq(f.reels...))
		reels = m.n
	}
	return chronology, reels
}

// fondsTitle drops the finding aid's title when it is the fonds's: fonds
// writes the fonds's title as the finding aid's when it has none.
func (im *importer) fondsTitle(fonds mapping) {
	title := ""
	for i := 0; i+1 < len(fonds.n.Content); i += 2 {
		if fonds.n.Content[i].Value == "title" {
			title = fonds.n.Content[i+1].Value
		}
	}
	fa := im.findingAid
	for i := 0; i+1 < len(fa.Content); i += 2 {
		if fa.Content[i].Value == "title" && fa.Content[i+1].Value == title {
			fa.Content = append(fa.Content[:i], fa.Content[i+2:]...)
			return
		}
	}
}
