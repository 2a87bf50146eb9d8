// Command xsdgen writes the tables of package eadschema from the EAD 2002
// W3C schema (ead.xsd) and the XLink schema it imports (xlink.xsd): every
// element's content model, whether it holds text, and its attributes with
// their types, so that fonds can check raw EAD against the schema without
// running another program.
//
//	go run ./internal/xsdgen -o tables.go ../../../shared/ead2002/ead.xsd ../../../shared/ead2002/xlink.xsd
//
// Content models are written in the notation of DTDs: "a, b" a sequence,
// "a | b" a choice, "?", "*" and "+" their usual counts, "%name" one of the
// schema's named groups. The generator refuses any construct of XML
// Schema it does not translate (a count other than 0, 1 or unbounded, a
// facet other than enumeration and pattern, a local element whose type
// differs from its name), so a schema it cannot render faithfully fails
// the generation instead of giving looser tables.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const (
	xsNS    = "http://www.w3.org/2001/XMLSchema"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// A node is an element of a schema document.
type node struct {
	name  string // local name, in the XML Schema namespace
	attrs map[string]string
	kids  []*node
	ns    map[string]string // the namespace prefixes in scope
	tns   string            // the schema's target namespace
}

func (n *node) elems(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// qname resolves a QName attribute value (xs:ID, xlink:simpleLink).
func (n *node) qname(v string) (space, local string) {
	prefix, local, ok := strings.Cut(v, ":")
	if !ok {
		return n.ns[""], v
	}
	return n.ns[prefix], local
}

func read(path string) (*node, []byte) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: map[string]string{}, ns: map[string]string{}}
			if t.Name.Space != xsNS {
				fail("%s: element %s of namespace %s", path, t.Name.Local, t.Name.Space)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				for k, v := range p.ns {
					n.ns[k] = v
				}
				n.tns = p.tns
				p.kids = append(p.kids, n)
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					n.ns[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					n.ns[""] = a.Value
				case a.Name.Space == "":
					n.attrs[a.Name.Local] = a.Value
				}
			}
			if tns, ok := n.attrs["targetNamespace"]; ok && len(stack) == 0 {
				n.tns = tns
			}
			if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil || root.name != "schema" {
		fail("%s: not an XML Schema", path)
	}
	return root, data
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "xsdgen: "+format+"\n", args...)
	os.Exit(1)
}

// A schema is one schema document's named components.
type schema struct {
	root        *node
	attrGroups  map[string]*node
	groups      map[string]*node
	complex     map[string]*node
	simple      map[string]*node
	globalAttrs map[string]*node
	elements    map[string]*node
}

func index(root *node) *schema {
	s := &schema{root: root, attrGroups: map[string]*node{}, groups: map[string]*node{}, complex: map[string]*node{},
		simple: map[string]*node{}, globalAttrs: map[string]*node{}, elements: map[string]*node{}}
	for _, k := range root.kids {
		name := k.attrs["name"]
		switch k.name {
		case "attributeGroup":
			s.attrGroups[name] = k
		case "group":
			s.groups[name] = k
		case "complexType":
			s.complex[name] = k
		case "simpleType":
			s.simple[name] = k
		case "attribute":
			s.globalAttrs[name] = k
		case "element":
			s.elements[name] = k
		case "import", "annotation":
		default:
			fail("top-level %s is not translated", k.name)
		}
	}
	return s
}

// gen holds what is written.
type gen struct {
	ead, xlink *schema
	elemType   map[string]string // element name → complex type name ("" for ead's own)
	elements   map[string]*elementOut
	types      map[string]simpleOut // attribute value types
	anon       map[string]*anonType // anonymous types, by their content
	groups     map[string]string
	// renamed allows an element whose type has another name (apeEAD's c
	// of type c.level); untyped reads an element declared without a type
	// as the type of its name. The EAD 2002 schema has neither.
	renamed, untyped bool
}

type elementOut struct {
	mixed bool
	model string
	attrs []attrOut
}

type attrOut struct {
	name, typ string
	required  bool
	fixed     string
}

// An anonymousType is a simple type declared inside an attribute; it is
// named once every attribute is known.
type anonType struct {
	body   simpleOut
	attr   string
	owners []string
	name   string
}

type simpleOut struct {
	base    string
	enum    []string
	pattern string
}

func (g *gen) count(n *node) string {
	min, max := n.attrs["minOccurs"], n.attrs["maxOccurs"]
	if min == "" {
		min = "1"
	}
	if max == "" {
		max = "1"
	}
	switch min + "/" + max {
	case "1/1":
		return ""
	case "0/1":
		return "?"
	case "0/unbounded":
		return "*"
	case "1/unbounded":
		return "+"
	}
	fail("minOccurs=%s maxOccurs=%s is not translated", min, max)
	return ""
}

// particle renders a particle of a content model.
func (g *gen) particle(n *node) string {
	switch n.name {
	case "element":
		name, typ := n.attrs["name"], n.attrs["type"]
		if name == "" || n.attrs["ref"] != "" {
			fail("element without a name or with a ref is not translated")
		}
		_, local := n.qname(typ)
		switch {
		case typ == "" && g.untyped:
			// xs:anyType (apeEAD's list in an item): read as the type of
			// the same name, which is stricter, so what passes the
			// tables passes the schema.
			local = name
		case local != name && !g.renamed:
			fail("element %s of type %s: a type named otherwise is not translated", name, typ)
		}
		if prev, ok := g.elemType[name]; ok && prev != local {
			fail("element %s has two types", name)
		}
		g.elemType[name] = local
		return name + g.count(n)
	case "group":
		space, ref := n.qname(n.attrs["ref"])
		if space != n.tns {
			fail("group %s of another namespace", ref)
		}
		return "%" + ref + g.count(n)
	case "sequence", "choice":
		sep := ", "
		if n.name == "choice" {
			sep = " | "
		}
		var parts []string
		for _, k := range n.kids {
			if k.name == "annotation" {
				continue
			}
			parts = append(parts, g.particle(k))
		}
		c := g.count(n)
		if len(parts) == 1 && c == "" {
			return parts[0]
		}
		return "(" + strings.Join(parts, sep) + ")" + c
	}
	fail("particle %s is not translated", n.name)
	return ""
}

// complexType renders an element's type: its content and attributes.
func (g *gen) complexType(owner string, n *node) *elementOut {
	out := &elementOut{mixed: n.attrs["mixed"] == "true"}
	for _, k := range n.kids {
		switch k.name {
		case "sequence", "choice", "group":
			if out.model != "" {
				fail("%s: two content models", owner)
			}
			out.model = g.particle(k)
		case "attribute", "attributeGroup":
			out.attrs = append(out.attrs, g.attributes(g.ead, owner, k)...)
		case "annotation":
		default:
			fail("%s: %s in a complexType is not translated", owner, k.name)
		}
	}
	sort.Slice(out.attrs, func(i, j int) bool { return out.attrs[i].name < out.attrs[j].name })
	for i := 1; i < len(out.attrs); i++ {
		if out.attrs[i].name == out.attrs[i-1].name {
			fail("%s: attribute %s declared twice", owner, out.attrs[i].name)
		}
	}
	return out
}

// attributes renders an attribute declaration or an attribute group
// reference of schema s.
func (g *gen) attributes(s *schema, owner string, n *node) []attrOut {
	if n.name == "attributeGroup" {
		space, ref := n.qname(n.attrs["ref"])
		gs := g.ead
		if space == xlinkNS {
			gs = g.xlink
		} else if space != g.ead.root.tns {
			fail("attribute group %s of namespace %s", ref, space)
		}
		grp := gs.attrGroups[ref]
		if grp == nil {
			fail("unknown attribute group %s", ref)
		}
		var out []attrOut
		for _, k := range grp.kids {
			switch k.name {
			case "attribute", "attributeGroup":
				out = append(out, g.attributes(gs, ref, k)...)
			case "annotation":
			default:
				fail("%s in attribute group %s", k.name, ref)
			}
		}
		return out
	}
	use := n.attrs["use"]
	if use != "" && use != "optional" && use != "required" {
		fail("%s: use=%s", owner, use)
	}
	a := attrOut{required: use == "required", fixed: n.attrs["fixed"]}
	decl := n
	if ref := n.attrs["ref"]; ref != "" {
		space, local := n.qname(ref)
		if space != xlinkNS {
			fail("attribute ref %s", ref)
		}
		decl = g.xlink.globalAttrs[local]
		if decl == nil {
			fail("unknown attribute %s", ref)
		}
		a.name = "xlink:" + local
		if a.fixed == "" {
			a.fixed = decl.attrs["fixed"]
		}
	} else {
		a.name = n.attrs["name"]
		qualified := n.attrs["form"] == "qualified" || s.root.attrs["attributeFormDefault"] == "qualified"
		if qualified {
			if s.root.tns != xlinkNS {
				fail("qualified attribute %s of namespace %s", a.name, s.root.tns)
			}
			a.name = "xlink:" + a.name
		}
	}
	if decl != n {
		owner = "xlink" // a global attribute of XLink's, the same wherever it is used
	}
	a.typ = g.attrType(owner, a.name, decl)
	return []attrOut{a}
}

var builtins = map[string]bool{"string": true, "token": true, "NMTOKEN": true, "ID": true, "IDREF": true,
	"IDREFS": true, "ENTITY": true, "anyURI": true}

// attrType names the type of an attribute's value: a built-in type of XML
// Schema, a named simple type of EAD, or an anonymous one, named after the
// attribute (and its owner when two anonymous types share a name).
func (g *gen) attrType(owner, attr string, decl *node) string {
	if t := decl.attrs["type"]; t != "" {
		space, local := decl.qname(t)
		switch {
		case space == xsNS && builtins[local]:
			return local
		case space == g.ead.root.tns && g.ead.simple[local] != nil:
			g.simpleType(local, g.ead.simple[local])
			return local
		}
		fail("attribute %s: type %s is not translated", attr, t)
	}
	st := decl.elems("simpleType")
	if len(st) == 0 {
		return "" // any text
	}
	body := g.simpleBody(attr, st[0])
	key := fmt.Sprintf("%s %q", attr, body)
	t := g.anon[key]
	if t == nil {
		t = &anonType{body: body, attr: strings.TrimPrefix(attr, "xlink:")}
		g.anon[key] = t
	}
	t.owners = append(t.owners, owner)
	return "\x00" + key
}

// nameAnonymous names each anonymous type after its attribute or, when
// attributes of one name have types that differ, after the attribute and
// the first element or group (in alphabetical order) that declares it.
func (g *gen) nameAnonymous() {
	byAttr := map[string]int{}
	for _, t := range g.anon {
		byAttr[t.attr]++
	}
	for _, t := range g.anon {
		t.name = t.attr
		if byAttr[t.attr] > 1 {
			sort.Strings(t.owners)
			t.name = t.owners[0] + "@" + t.attr
		}
		if _, taken := g.types[t.name]; taken {
			fail("type name %s is taken", t.name)
		}
		g.types[t.name] = t.body
	}
	for _, e := range g.elements {
		for i := range e.attrs {
			if key, ok := strings.CutPrefix(e.attrs[i].typ, "\x00"); ok {
				e.attrs[i].typ = g.anon[key].name
			}
		}
	}
}

func (g *gen) simpleType(name string, n *node) {
	if _, ok := g.types[name]; ok {
		return
	}
	g.types[name] = g.simpleBody(name, n)
}

func (g *gen) simpleBody(name string, n *node) simpleOut {
	var r *node
	for _, k := range n.kids {
		switch k.name {
		case "restriction":
			r = k
		case "annotation":
		default:
			fail("simple type %s: %s is not translated", name, k.name)
		}
	}
	if r == nil {
		fail("simple type %s has no restriction", name)
	}
	space, base := r.qname(r.attrs["base"])
	if space != xsNS || !builtins[base] {
		fail("simple type %s: base %s is not translated", name, r.attrs["base"])
	}
	out := simpleOut{base: base}
	seen := map[string]bool{}
	for _, f := range r.kids {
		switch f.name {
		case "enumeration":
			v := f.attrs["value"]
			if !seen[v] { // the schema lists a few language codes twice
				seen[v] = true
				out.enum = append(out.enum, v)
			}
		case "pattern":
			if out.pattern != "" {
				fail("simple type %s: two patterns", name)
			}
			out.pattern = f.attrs["value"]
			if _, err := regexp.Compile(`^(?:` + out.pattern + `)$`); err != nil {
				fail("simple type %s: pattern does not compile as a Go regexp: %v", name, err)
			}
		case "annotation":
		default:
			fail("simple type %s: facet %s is not translated", name, f.name)
		}
	}
	sort.Strings(out.enum)
	return out
}

func main() {
	out := flag.String("o", "", "output file")
	prefix := flag.String("prefix", "", "prefix of the tables' names, for a profile of EAD 2002 (ape: apeGroups, apeElements …)")
	title := flag.String("title", "the EAD 2002 W3C schema", "what the schema is, for the file's comments")
	flag.Parse()
	if flag.NArg() != 2 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: xsdgen [-prefix ape -title 'the apeEAD schema'] -o tables.go ead.xsd xlink.xsd")
		os.Exit(2)
	}
	// name is a table's name: groups, or apeGroups with -prefix ape.
	name := func(n string) string {
		if *prefix == "" {
			return n
		}
		return *prefix + strings.ToUpper(n[:1]) + n[1:]
	}
	eadRoot, eadData := read(flag.Arg(0))
	xlinkRoot, xlinkData := read(flag.Arg(1))
	if eadRoot.tns != "urn:isbn:1-931666-22-9" || xlinkRoot.tns != xlinkNS {
		fail("the schemas' target namespaces are not EAD 2002's and XLink's")
	}
	g := &gen{ead: index(eadRoot), xlink: index(xlinkRoot), elemType: map[string]string{},
		elements: map[string]*elementOut{}, types: map[string]simpleOut{}, anon: map[string]*anonType{},
		groups: map[string]string{}, renamed: *prefix != "", untyped: *prefix != ""}

	for name, grp := range g.ead.groups {
		var body []*node
		for _, k := range grp.kids {
			if k.name != "annotation" {
				body = append(body, k)
			}
		}
		if len(body) != 1 {
			fail("group %s: one particle expected", name)
		}
		g.groups[name] = g.particle(body[0])
	}
	root := g.ead.elements["ead"]
	if root == nil || len(g.ead.elements) != 1 {
		fail("one global element, ead, expected")
	}
	ct := root.elems("complexType")
	if len(ct) != 1 {
		fail("ead: an inline complexType expected")
	}
	g.elements["ead"] = g.complexType("ead", ct[0])
	for name, n := range g.ead.complex {
		g.elements[name] = g.complexType(name, n)
	}
	g.nameAnonymous()
	for name, typ := range g.elemType {
		if g.elements[typ] == nil {
			fail("element %s: no complexType %s", name, typ)
		}
	}
	used := map[string]bool{}
	for _, typ := range g.elemType {
		used[typ] = true
	}
	for name := range g.ead.complex {
		if !used[name] {
			fail("complexType %s names no element", name)
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/xsdgen from %s; DO NOT EDIT.\n\n", *title)
	fmt.Fprintf(&b, "package eadschema\n\n")
	fmt.Fprintf(&b, "// Sources of these tables, as vendored in %s beside the repository:\n//\n", vendored(flag.Arg(0), flag.Arg(1)))
	for _, f := range []struct {
		path string
		data []byte
	}{{flag.Arg(0), eadData}, {flag.Arg(1), xlinkData}} {
		sum := sha256.Sum256(f.data)
		fmt.Fprintf(&b, "//\t%s sha256 %s\n", filepath.Base(f.path), hex.EncodeToString(sum[:]))
	}
	fmt.Fprintf(&b, "const (\n")
	fmt.Fprintf(&b, "\t%s = %q\n", name("sourceXSD"), filepath.Base(flag.Arg(0)))
	sum := sha256.Sum256(eadData)
	fmt.Fprintf(&b, "\t%s = %q\n", name("sourceXSDSHA256"), hex.EncodeToString(sum[:]))
	fmt.Fprintf(&b, ")\n\n")

	fmt.Fprintf(&b, "// %s are the schema's named model groups, used in content models as %%name.\n", name("groups"))
	fmt.Fprintf(&b, "var %s = map[string]string{\n", name("groups"))
	for _, name := range sortedKeys(g.groups) {
		fmt.Fprintf(&b, "\t%q: %q,\n", name, g.groups[name])
	}
	fmt.Fprintf(&b, "}\n\n")

	whose := "EAD 2002's"
	if *prefix != "" {
		whose = "the schema's"
	}
	fmt.Fprintf(&b, "// %s are %s elements: whether they hold text, their\n// content model (\"\" for none) and their attributes.\n", name("elements"), whose)
	fmt.Fprintf(&b, "var %s = map[string]elementDecl{\n", name("elements"))
	names := []string{"ead"}
	for name := range g.elemType {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		typ := g.elemType[name]
		if name == "ead" {
			typ = "ead"
		}
		e := g.elements[typ]
		fmt.Fprintf(&b, "\t%q: {mixed: %v, model: %q, attrs: []attrDecl{", name, e.mixed, e.model)
		for i, a := range e.attrs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{name: %q, typ: %q", a.name, a.typ)
			if a.required {
				b.WriteString(", required: true")
			}
			if a.fixed != "" {
				fmt.Fprintf(&b, ", fixed: %q", a.fixed)
			}
			b.WriteString("}")
		}
		fmt.Fprintf(&b, "}},\n")
	}
	fmt.Fprintf(&b, "}\n\n")

	fmt.Fprintf(&b, "// %s are the attribute value types the schema constrains, by name:\n// the schema's own names, or the attribute's for an anonymous type.\n", name("types"))
	fmt.Fprintf(&b, "var %s = map[string]simpleType{\n", name("types"))
	for _, name := range sortedKeys(g.types) {
		t := g.types[name]
		fmt.Fprintf(&b, "\t%q: {base: %q", name, t.base)
		if t.pattern != "" {
			fmt.Fprintf(&b, ", pattern: %s", strconv.Quote(t.pattern))
		}
		if len(t.enum) > 0 {
			b.WriteString(", enum: []string{")
			for i, v := range t.enum {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", v)
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	fmt.Fprintf(&b, "}\n")

	src, err := format.Source(b.Bytes())
	if err != nil {
		fail("formatting: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fail("%v", err)
	}
}

// vendored names the folder the schemas are vendored in, as the tables
// record it: shared/ead2002, or shared/apeead and shared/ead2002.
func vendored(paths ...string) string {
	var dirs []string
	for _, p := range paths {
		d := "shared/" + filepath.Base(filepath.Dir(p))
		if len(dirs) == 0 || dirs[len(dirs)-1] != d {
			dirs = append(dirs, d)
		}
	}
	return strings.Join(dirs, " and ")
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
