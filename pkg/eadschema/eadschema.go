// Package eadschema knows what the EAD 2002 W3C schema allows: for every
// element, which elements may stand in it and in what order (its content
// model), whether it holds text, and which attributes it takes with what
// values. fonds check uses it to refuse raw EAD (the ead fields of the
// sources) that would make the written EAD invalid, and fonds import to
// repair what it keeps, without running a validator. It knows apeEAD too,
// the stricter profile of EAD 2002 that Archives Portal Europe takes
// (APE), which the EAD writer's ape profile conforms to.
//
// The tables (tables.go, apetables.go) are generated from the official
// schemas vendored in shared/ead2002 and shared/apeead beside the
// repository, whose files and sha256 they record:
//
//	go generate ./pkg/eadschema
//
// Content models are read as automata: an element's children are fed to
// its State one by one, and State.Allowed says what EAD allows at any
// point, for messages. XML Schema requires content models to be
// deterministic (Unique Particle Attribution), so one automaton state at a
// time is enough.
package eadschema

//go:generate go run ./internal/xsdgen -o tables.go ../../../shared/ead2002/ead.xsd ../../../shared/ead2002/xlink.xsd
//go:generate go run ./internal/xsdgen -prefix ape -title "the apeEAD schema of Archives Portal Europe" -o apetables.go ../../../shared/apeead/apeEAD.xsd ../../../shared/ead2002/xlink.xsd

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Namespaces of the elements and attributes EAD 2002 defines.
const (
	Namespace      = "urn:isbn:1-931666-22-9"
	XLinkNamespace = "http://www.w3.org/1999/xlink"
)

// An Element is the declaration of one element of EAD 2002.
type Element struct {
	Name string
	// Mixed reports that the element holds text beside its elements; in
	// any other element only whitespace may stand between them.
	Mixed bool
	// Empty reports that the element holds nothing: no element, no text.
	Empty bool
	attrs []*Attribute
	auto  *automaton
}

// An Attribute is an attribute an element takes. Name is "id", or
// "xlink:href" for an attribute of the XLink namespace.
type Attribute struct {
	Name     string
	Type     string // a built-in type of XML Schema (ID, NMTOKEN, anyURI …), a type of tables.go, or "" for any text
	Required bool
	Fixed    string // the one value allowed, if any
	typ      *valueType
}

// A Schema is what one W3C schema of EAD allows: EAD 2002, or its profile
// apeEAD.
type Schema struct {
	Name     string // "EAD 2002", "apeEAD"
	groups   map[string]string
	elements map[string]elementDecl
	types    map[string]simpleType
	once     sync.Once
	compiled map[string]*Element
}

// The schemas the tables hold.
var (
	// EAD2002 is the Library of Congress's EAD 2002 schema.
	EAD2002 = &Schema{Name: "EAD 2002", groups: groups, elements: elements, types: types}
	// APE is apeEAD, Archives Portal Europe's profile of EAD 2002 (version
	// 1.5): the same namespace, fewer elements and attributes.
	APE = &Schema{Name: "apeEAD", groups: apeGroups, elements: apeElements, types: apeTypes}
)

// Lookup returns the declaration of the element named name, or nil when
// EAD 2002 has none.
func Lookup(name string) *Element { return EAD2002.Lookup(name) }

// Names returns the names of EAD 2002's elements, sorted.
func Names() []string { return EAD2002.Names() }

// Lookup returns the declaration of the element named name, or nil when
// the schema has none.
func (s *Schema) Lookup(name string) *Element {
	s.once.Do(s.compile)
	return s.compiled[name]
}

// Names returns the names of the schema's elements, sorted.
func (s *Schema) Names() []string {
	s.once.Do(s.compile)
	var out []string
	for n := range s.compiled {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Attribute returns the attribute named name ("id", "xlink:href"), or nil
// when the element has none of that name.
func (e *Element) Attribute(name string) *Attribute {
	i, ok := slices.BinarySearchFunc(e.attrs, name, func(a *Attribute, n string) int { return strings.Compare(a.Name, n) })
	if !ok {
		return nil
	}
	return e.attrs[i]
}

// Attributes returns the element's attributes, sorted by name.
func (e *Element) Attributes() []*Attribute { return e.attrs }

// AttributeNames returns the names of the element's attributes, for
// messages.
func (e *Element) AttributeNames() []string {
	var out []string
	for _, a := range e.attrs {
		out = append(out, a.Name)
	}
	return out
}

// A State is a point in an element's content: which children have been
// seen, and so which may come next.
type State struct {
	a   *automaton
	pos int
}

// Start is the state before the element's first child.
func (e *Element) Start() State { return State{a: e.auto} }

// Next returns the state after a child element named name, and false when
// the content model does not allow name here (the state is then
// unchanged).
func (s State) Next(name string) (State, bool) {
	if s.a == nil {
		return s, false
	}
	to, ok := s.a.next[s.pos][name]
	if !ok {
		return s, false
	}
	return State{a: s.a, pos: to}, true
}

// End reports whether the element may end here.
func (s State) End() bool { return s.a == nil || s.a.final[s.pos] }

// Allowed returns the names of the elements that may come next, sorted.
func (s State) Allowed() []string {
	if s.a == nil {
		return nil
	}
	var out []string
	for n := range s.a.next[s.pos] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// compile turns the generated tables into automata and value types. A
// table that does not compile is a bug of the generator: it panics, and
// the package's tests catch it.
func (s *Schema) compile() {
	vts := map[string]*valueType{}
	for name, st := range s.types {
		vt := &valueType{name: name, base: st.base, enum: st.enum}
		if st.pattern != "" {
			vt.pattern = regexp.MustCompile(`^(?:` + st.pattern + `)$`)
		}
		vts[name] = vt
	}
	expanded := map[string]*expr{}
	s.compiled = make(map[string]*Element, len(s.elements))
	for name, d := range s.elements {
		e := &Element{Name: name, Mixed: d.mixed, Empty: !d.mixed && d.model == ""}
		if d.model != "" {
			x, err := parseModel(d.model, s.groups, expanded)
			if err != nil {
				panic(fmt.Sprintf("eadschema: %s: %s: %v", s.Name, name, err))
			}
			e.auto, err = glushkov(x)
			if err != nil {
				panic(fmt.Sprintf("eadschema: %s: %s: %v", s.Name, name, err))
			}
		}
		for _, a := range d.attrs {
			at := &Attribute{Name: a.name, Type: a.typ, Required: a.required, Fixed: a.fixed}
			switch {
			case a.typ == "" || builtin[a.typ]:
				at.typ = &valueType{name: a.typ, base: a.typ}
			case vts[a.typ] != nil:
				at.typ = vts[a.typ]
			default:
				panic(fmt.Sprintf("eadschema: %s: %s/@%s: unknown type %s", s.Name, name, a.name, a.typ))
			}
			e.attrs = append(e.attrs, at)
		}
		sort.Slice(e.attrs, func(i, j int) bool { return e.attrs[i].Name < e.attrs[j].Name })
		s.compiled[name] = e
	}
}

var builtin = map[string]bool{"string": true, "token": true, "NMTOKEN": true, "ID": true, "IDREF": true,
	"IDREFS": true, "ENTITY": true, "anyURI": true}
