package validate

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/load"
)

// A checker is one schema of fonds.schema.json compiled into Go: it says
// whether a YAML tree is valid, and nothing more. It walks the yaml.Node
// tree that load parsed, reading scalars through load.Scalar, the same
// resolution of tags that builds the plain value gojsonschema reads, and
// follows gojsonschema's reading of each keyword (validation.go of
// gojsonschema v1.2.0): what it accepts, gojsonschema accepts. A file it
// finds invalid goes to gojsonschema, whose errors fonds reports.
type checker struct {
	ref *checker // $ref: the definition, which stands for the whole schema

	types    types // the types allowed; 0 when "type" is absent
	anyOf    []*checker
	enum     map[string]bool // strings only (see fill); code lists run to hundreds
	hasEnum  bool
	pattern  *regexp.Regexp
	minLen   int // minLength and maxLength, in runes; -1 when absent
	maxLen   int
	min, max *big.Rat // minimum and maximum; nil when absent
	// The same as int64, when they are whole numbers that fit one, for
	// the numbers that fit one (nearly all: inventory numbers).
	minInt, maxInt int64
	intMin, intMax bool

	// Of lists.
	items    *checker
	minItems int

	// Of mappings.
	props         map[string]*checker
	required      []string
	additional    *checker // additionalProperties as a schema
	noAdditional  bool     // additionalProperties: false
	minProperties int
}

// types is a set of JSON types, as "type" names them.
type types uint8

const (
	tNull types = 1 << iota
	tBoolean
	tInteger
	tNumber
	tString
	tArray
	tObject
)

var typeNames = map[string]types{
	"null": tNull, "boolean": tBoolean, "integer": tInteger, "number": tNumber,
	"string": tString, "array": tArray, "object": tObject,
}

// ignored are the keywords that do not bear on validity.
var ignored = map[string]bool{"description": true, "title": true, "$schema": true, "$comment": true}

// compiler compiles the definitions of one raw schema; each definition is
// compiled once, so that recursive ones ($ref to a definition that holds
// it, as a component's contents do) end.
type compiler struct {
	defs map[string]any
	done map[string]*checker
}

// compileSchema compiles the definition def of the raw schema (as
// encoding/json reads fonds.schema.json). It refuses a schema that uses a
// keyword, or a form of one, that the checkers do not implement, so that
// the compiled checker never judges what it does not understand: such a
// schema is left to gojsonschema alone.
func compileSchema(raw map[string]any, def string) (*checker, error) {
	defs, ok := raw["definitions"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no definitions")
	}
	c := &compiler{defs: defs, done: map[string]*checker{}}
	return c.ref("#/definitions/" + def)
}

func (c *compiler) ref(ref string) (*checker, error) {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok || strings.Contains(name, "/") || strings.Contains(name, "~") {
		return nil, fmt.Errorf("$ref %q: only #/definitions/name is compiled", ref)
	}
	if ch, ok := c.done[name]; ok {
		return ch, nil
	}
	raw, ok := c.defs[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q: no such definition", ref)
	}
	ch := &checker{}
	c.done[name] = ch // before compiling it, for definitions that refer to themselves
	if err := c.fill(ch, raw); err != nil {
		return nil, fmt.Errorf("definitions/%s: %v", name, err)
	}
	return ch, nil
}

func (c *compiler) schema(raw any) (*checker, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a schema that is not an object (%T)", raw)
	}
	ch := &checker{}
	return ch, c.fill(ch, m)
}

// fill compiles the keywords of m into ch. Keys are taken in sorted order,
// so that the first error is always the same one.
func (c *compiler) fill(ch *checker, m map[string]any) error {
	ch.minLen, ch.maxLen, ch.minItems, ch.minProperties = -1, -1, -1, -1
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if ref, ok := m["$ref"]; ok {
		// A $ref stands for the whole schema; gojsonschema reads nothing
		// beside it.
		s, ok := ref.(string)
		if !ok {
			return fmt.Errorf("$ref is not a string")
		}
		target, err := c.ref(s)
		ch.ref = target
		return err
	}
	for _, k := range keys {
		v := m[k]
		var err error
		switch k {
		case "type":
			ch.types, err = typeSet(v)
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("properties is not an object")
			}
			ch.props = make(map[string]*checker, len(props))
			for name, p := range props {
				if ch.props[name], err = c.schema(p); err != nil {
					return fmt.Errorf("properties/%s: %v", name, err)
				}
			}
		case "additionalProperties":
			switch a := v.(type) {
			case bool:
				ch.noAdditional = !a
			default:
				ch.additional, err = c.schema(a)
			}
		case "required":
			ch.required, err = stringList(v)
		case "items":
			ch.items, err = c.schema(v) // the list form (a tuple) is refused here
		case "anyOf":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				return fmt.Errorf("anyOf is not a non-empty list")
			}
			for _, s := range list {
				sub, err := c.schema(s)
				if err != nil {
					return fmt.Errorf("anyOf: %v", err)
				}
				ch.anyOf = append(ch.anyOf, sub)
			}
		case "enum":
			// Only strings: equality of numbers, lists or mappings as
			// gojsonschema sees it (their JSON text, numbers normalised)
			// is not compiled.
			var list []string
			list, err = stringList(v)
			ch.enum = make(map[string]bool, len(list))
			for _, e := range list {
				ch.enum[e] = true
			}
			ch.hasEnum = len(list) > 0 // gojsonschema ignores an empty one
		case "pattern":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("pattern is not a string")
			}
			ch.pattern, err = regexp.Compile(s) // unanchored, as gojsonschema's
		case "minLength":
			ch.minLen, err = count(v)
		case "maxLength":
			ch.maxLen, err = count(v)
		case "minItems":
			ch.minItems, err = count(v)
		case "minProperties":
			ch.minProperties, err = count(v)
		case "minimum":
			ch.min, err = rat(v)
			ch.minInt, ch.intMin = whole(ch.min)
		case "maximum":
			ch.max, err = rat(v)
			ch.maxInt, ch.intMax = whole(ch.max)
		default:
			if !ignored[k] {
				return fmt.Errorf("keyword %q is not compiled", k)
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %v", k, err)
		}
	}
	return nil
}

func typeSet(v any) (types, error) {
	names, err := stringList(v)
	if s, ok := v.(string); ok {
		names, err = []string{s}, nil
	}
	if err != nil || len(names) == 0 {
		return 0, fmt.Errorf("not a type name or a list of them")
	}
	var t types
	for _, n := range names {
		bit, ok := typeNames[n]
		if !ok {
			return 0, fmt.Errorf("unknown type %q", n)
		}
		t |= bit
	}
	return t, nil
}

func stringList(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("not a list")
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%v is not a string", e)
		}
		out = append(out, s)
	}
	return out, nil
}

func count(v any) (int, error) {
	f, ok := v.(float64)
	if !ok || f < 0 || f != float64(int(f)) {
		return 0, fmt.Errorf("not a whole number")
	}
	return int(f), nil
}

func rat(v any) (*big.Rat, error) {
	f, ok := v.(float64)
	if !ok {
		return nil, fmt.Errorf("not a number")
	}
	// As gojsonschema reads a bound: the decimal the number is written as
	// (0.1 is 1/10), not the float's binary value.
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return nil, fmt.Errorf("not a number")
	}
	return r, nil
}

// whole is r as an int64, when it is a whole number that fits one.
func whole(r *big.Rat) (int64, bool) {
	if r == nil || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// valid reports whether the tree at n is valid. It follows aliases, and
// reads a mapping as the converter builds it (the first of two equal keys
// counts); the converter has refused what it cannot build (keys that are
// not scalars, merge keys, cycles), so the tree is one it built.
func (ch *checker) valid(n *yaml.Node) bool {
	for ch.ref != nil {
		ch = ch.ref
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return ch.scalar(n)
	case yaml.SequenceNode:
		if ch.types != 0 && ch.types&tArray == 0 || !ch.anyOfValid(n) || ch.hasEnum {
			return false
		}
		if ch.items != nil {
			for _, e := range n.Content {
				if !ch.items.valid(e) {
					return false
				}
			}
		}
		return ch.minItems < 0 || len(n.Content) >= ch.minItems
	case yaml.MappingNode:
		if ch.types != 0 && ch.types&tObject == 0 || !ch.anyOfValid(n) || ch.hasEnum {
			return false
		}
		return ch.mapping(n)
	}
	return false
}

func (ch *checker) anyOfValid(n *yaml.Node) bool {
	if len(ch.anyOf) == 0 {
		return true
	}
	for _, a := range ch.anyOf {
		if a.valid(n) {
			return true
		}
	}
	return false
}

func (ch *checker) scalar(n *yaml.Node) bool {
	kind, text := load.Scalar(n)
	switch kind {
	case load.Null:
		// gojsonschema's enum would compare "null" with the strings.
		return (ch.types == 0 || ch.types&tNull != 0) && ch.anyOfValid(n) && !ch.hasEnum
	case load.Bool:
		return (ch.types == 0 || ch.types&tBoolean != 0) && ch.anyOfValid(n) && !ch.hasEnum
	case load.Number:
		return ch.number(n, text)
	}
	if ch.types != 0 && ch.types&tString == 0 || !ch.anyOfValid(n) {
		return false
	}
	if ch.hasEnum && !ch.enum[text] {
		return false
	}
	if ch.minLen >= 0 || ch.maxLen >= 0 {
		// In characters, as gojsonschema counts.
		runes := utf8.RuneCountInString(text)
		if ch.minLen >= 0 && runes < ch.minLen || ch.maxLen >= 0 && runes > ch.maxLen {
			return false
		}
	}
	return ch.pattern == nil || ch.pattern.MatchString(text)
}

// number checks a number as gojsonschema checks a json.Number: it is an
// integer when big.Rat reads it as one (so 1e3 is, and 1.5 is not), and it
// is compared with minimum and maximum exactly.
func (ch *checker) number(n *yaml.Node, text string) bool {
	var (
		r     *big.Rat
		isInt bool
		small int64
		exact bool // small holds the value
	)
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		small, exact, isInt = i, true, true
	} else {
		var ok bool
		r, ok = new(big.Rat).SetString(text)
		isInt = ok && r.IsInt()
		if !ok {
			r = nil
		}
	}
	if ch.types != 0 && ch.types&tNumber == 0 && !(isInt && ch.types&tInteger != 0) {
		return false
	}
	if !ch.anyOfValid(n) || ch.hasEnum {
		return false
	}
	if ch.min == nil && ch.max == nil {
		return true
	}
	if exact && (ch.min == nil || ch.intMin) && (ch.max == nil || ch.intMax) {
		return (ch.min == nil || small >= ch.minInt) && (ch.max == nil || small <= ch.maxInt)
	}
	if exact {
		r = new(big.Rat).SetInt64(small)
	}
	if r == nil {
		return false // gojsonschema cannot compare it either; let it say so
	}
	return (ch.min == nil || r.Cmp(ch.min) >= 0) && (ch.max == nil || r.Cmp(ch.max) <= 0)
}

func (ch *checker) mapping(n *yaml.Node) bool {
	seen := load.KeysSeen(n)
	keys := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if load.DupKey(n, i, seen) != nil {
			continue // the first value counts, as in the converter
		}
		keys++
		v := n.Content[i+1]
		if p, ok := ch.props[k]; ok {
			if !p.valid(v) {
				return false
			}
		} else if ch.noAdditional || ch.additional != nil && !ch.additional.valid(v) {
			return false
		}
	}
	if ch.minProperties >= 0 && keys < ch.minProperties {
		return false
	}
	for _, r := range ch.required {
		if !hasKey(n, r) {
			return false
		}
	}
	return true
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}
