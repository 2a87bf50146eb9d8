// Package validate checks each parsed source file against the JSON Schema in
// package schema, and reports every violation at the line and column of the
// YAML that caused it, with the data path and, for misspelt fields and
// values, a suggestion.
//
// Two validators read the one schema. A checker compiled from it into Go
// (compile.go) walks the file's yaml.Node tree and says only whether the
// file is valid; nearly every file is, and is done with there. A file it
// finds invalid goes to github.com/xeipuuv/gojsonschema, with the plain
// value load builds for it, and gojsonschema's errors are what fonds
// reports, so its messages do not depend on the compiled checker. The
// compiler implements exactly the keywords fonds.schema.json uses and
// refuses a schema with any other, which then goes to gojsonschema alone.
package validate

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"
	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/iso"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/source"
	"github.com/fonds-archive/fonds/schema"
)

// compiled holds one schema per kind of source file, and the raw
// definitions, which suggestions are drawn from.
type compiled struct {
	// kinds compiles, on first use, gojsonschema's schema of a kind: only a
	// file the compiled checker finds invalid needs one, and compiling all
	// of them took about 40 ms of every check and build.
	kinds map[string]func() (*gojsonschema.Schema, error)
	raw   map[string]any
	err   error

	// checks holds, per kind, the schema compiled into Go checkers (see
	// checker); nil when the schema uses what they do not implement, and
	// then checkErr says what.
	checks   map[string]*checker
	checkErr error
}

var (
	once    sync.Once
	schemas compiled
)

// loadSchemas compiles the embedded schema once.
func loadSchemas() (compiled, error) {
	once.Do(func() {
		data, err := schema.Files.ReadFile(schema.Main)
		if err != nil {
			schemas.err = err
			return
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			schemas.err = fmt.Errorf("%s: %v", schema.Main, err)
			return
		}
		schemas.raw = raw
		schemas.kinds = map[string]func() (*gojsonschema.Schema, error){}
		for kind, k := range schema.Kinds {
			view := make(map[string]any, len(raw))
			for key, v := range raw {
				view[key] = v
			}
			view["$ref"] = "#/definitions/" + k.Definition
			schemas.kinds[kind] = sync.OnceValues(func() (*gojsonschema.Schema, error) {
				s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(view))
				if err != nil {
					return nil, fmt.Errorf("%s (%s): %v", schema.Main, kind, err)
				}
				return s, nil
			})
		}
		schemas.checks = map[string]*checker{}
		for kind, k := range schema.Kinds {
			ch, err := compileSchema(raw, k.Definition)
			if err != nil {
				// Every file goes to gojsonschema, as if there were no
				// compiled checker.
				schemas.checks, schemas.checkErr = nil, fmt.Errorf("%s (%s): %v", schema.Main, kind, err)
				break
			}
			schemas.checks[kind] = ch
		}
	})
	return schemas, schemas.err
}

// Doc validates one parsed file against the schema for its kind; it is
// the load.Checker that build hands load.Load. When the schema itself does
// not compile, it says so (the same error for every file, which sorting
// the diagnostics keeps once).
func Doc(doc *load.Doc) source.List {
	s, err := loadSchemas()
	if err != nil {
		var l source.List
		l.Errorf(source.Pos{File: schema.Main}, "", "schema does not compile: %v", err)
		return l
	}
	return s.doc(doc)
}

// valueLoader hands gojsonschema the value load already built, instead of
// marshalling it to JSON and back as its GoLoader would.
type valueLoader struct{ v any }

func (l valueLoader) JsonSource() any        { return l.v }
func (l valueLoader) LoadJSON() (any, error) { return l.v, nil }
func (l valueLoader) LoaderFactory() gojsonschema.JSONLoaderFactory {
	return gojsonschema.DefaultJSONLoaderFactory{}
}
func (l valueLoader) JsonReference() (gojsonreference.JsonReference, error) {
	return gojsonreference.NewJsonReference("#")
}

func (s compiled) doc(doc *load.Doc) source.List {
	var diags source.List
	if ch := s.checks[doc.Kind]; ch != nil && doc.Root != nil && ch.valid(doc.Root) {
		return diags // nearly every file: gojsonschema would find nothing
	}
	full, err := s.kinds[doc.Kind]()
	if err != nil {
		diags.Errorf(source.Pos{File: schema.Main}, "", "schema does not compile: %v", err)
		return diags
	}
	res, err := full.Validate(valueLoader{doc.PlainValue()})
	if err != nil {
		diags.Errorf(source.Pos{File: doc.Name}, "", "cannot validate: %v", err)
		return diags
	}
	if res.Valid() {
		return diags
	}
	errs := res.Errors()
	// An anyOf failure comes with the errors of its best branch; report those.
	deeper := map[string]bool{}
	for _, e := range errs {
		if !isAlternatives(e) {
			for _, p := range prefixes(segments(e)) {
				deeper[p] = true
			}
		}
	}
	for _, e := range errs {
		if isAlternatives(e) && deeper[strings.Join(segments(e), pathSep)] {
			continue
		}
		s.report(doc, e, &diags)
	}
	return diags
}

// isAlternatives reports whether e says that a value matched none of the
// forms an anyOf or oneOf allows.
func isAlternatives(e gojsonschema.ResultError) bool {
	switch e.(type) {
	case *gojsonschema.NumberAnyOfError, *gojsonschema.NumberOneOfError:
		return true
	}
	return false
}

func prefixes(segs []string) []string {
	out := make([]string, 0, len(segs)+1)
	for i := 0; i <= len(segs); i++ {
		out = append(out, strings.Join(segs[:i], pathSep))
	}
	return out
}

// pathSep separates the segments of gojsonschema's context when it is
// written out: a byte no key can hold (load refuses control characters),
// so that a key with a "." in it stays one segment.
const pathSep = "\x00"

// segments is the data path of an error, such as [contents 3 title]: its
// context, written out by gojsonschema from the root
// (gojsonschema.STRING_CONTEXT_ROOT) down.
func segments(e gojsonschema.ResultError) []string {
	segs := strings.Split(e.Context().String(pathSep), pathSep)
	return segs[1:]
}

func (s compiled) report(doc *load.Doc, e gojsonschema.ResultError, diags *source.List) {
	segs := segments(e)
	if _, isNumber := e.Value().(json.Number); isNumber && numberField(segs) {
		return // load says what is wrong with the number, once
	}
	value, _ := doc.Lookup(segs)
	pos := source.Pos{File: doc.Name, Line: 1, Col: 1}
	if value != nil {
		pos = doc.Pos(value)
	}
	path := load.PathString(segs)
	details := e.Details()
	switch e.(type) {
	case *gojsonschema.AdditionalPropertyNotAllowedError:
		prop := fmt.Sprint(details["property"])
		sub := append(append([]string{}, segs...), prop)
		if _, key := doc.Lookup(sub); key != nil {
			pos = doc.Pos(key)
		}
		msg := fmt.Sprintf("unknown field %q", prop)
		if sug := source.Suggest(prop, s.properties(doc.Kind, segs)); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		} else if hint := commaHint(value, sub, doc); hint != "" {
			msg += hint
		}
		diags.Errorf(pos, load.PathString(sub), "%s", msg)
	case *gojsonschema.RequiredError:
		prop := fmt.Sprint(details["property"])
		msg := fmt.Sprintf("missing required field %q", prop)
		if props := s.properties(doc.Kind, segs); prop == "text" && slices.Contains(props, "editorial") && slices.Contains(props, "head") {
			// A note: the source's words, the encoder's, or both.
			msg += ` (or "editorial", for a note that is the encoder's alone)`
		}
		diags.Errorf(pos, path, "%s", msg)
	case *gojsonschema.InvalidTypeError:
		msg := fmt.Sprintf("expected %s, found %s", words(fmt.Sprint(details["expected"])), found(e.Value()))
		if len(segs) > 0 && segs[len(segs)-1] == "inv" {
			if str, ok := e.Value().(string); ok {
				if _, err := strconv.Atoi(str); err == nil {
					msg += fmt.Sprintf("; write it without quotes: inv: %s", str)
				} else {
					msg += fmt.Sprintf("; write a reference that is not a number as unitid: %q", str)
				}
			}
		}
		if value != nil && value.ShortTag() == "!!float" && dateField(segs) {
			msg += floatDate(value.Value)
		}
		if l, ok := e.Value().([]any); ok && len(l) == 1 {
			if s, ok := l[0].(string); ok {
				msg += fmt.Sprintf(" (to write a name in square brackets, quote it: \"[%s]\")", s)
			}
		}
		diags.Errorf(pos, path, "%s", msg)
	case *gojsonschema.EnumError:
		allowed := s.enum(doc.Kind, segs)
		msg := fmt.Sprintf("%s is not allowed here", found(e.Value()))
		if str, ok := e.Value().(string); ok {
			if code := codeByName(str, allowed, segs); code != "" {
				msg = fmt.Sprintf("%s is a name, not a code: write %q", found(e.Value()), code)
			} else if sug := source.Suggest(str, allowed); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			}
		}
		if len(allowed) > 0 && len(allowed) <= 20 {
			msg += "; use one of: " + strings.Join(allowed, ", ")
		}
		diags.Errorf(pos, path, "%s", msg)
	case *gojsonschema.DoesNotMatchPatternError:
		diags.Errorf(pos, path, "%s", patternMessage(segs, e.Value()))
	case *gojsonschema.StringLengthGTEError:
		diags.Errorf(pos, path, "must not be empty")
	case *gojsonschema.ArrayMinItemsError:
		diags.Errorf(pos, path, "list must not be empty")
	case *gojsonschema.NumberGTEError, *gojsonschema.NumberGTError:
		diags.Errorf(pos, path, "must be at least %s, found %s", limit(details["min"]), found(e.Value()))
	case *gojsonschema.NumberLTEError, *gojsonschema.NumberLTError:
		diags.Errorf(pos, path, "must be at most %s, found %s", limit(details["max"]), found(e.Value()))
	case *gojsonschema.StringLengthLTEError:
		diags.Errorf(pos, path, "is longer than %s characters", limit(details["max"]))
	case *gojsonschema.NumberAnyOfError, *gojsonschema.NumberOneOfError:
		diags.Errorf(pos, path, "%s is not one of the forms this field takes", found(e.Value()))
	default:
		// A kind of error this schema does not cause: the library's own
		// words, in fonds's form.
		diags.Errorf(pos, path, "%s", strings.ToLower(strings.TrimSuffix(e.Description(), ".")))
	}
}

// numberField reports whether a data path is an inventory or reel number,
// whose numbers load.Decode checks.
func numberField(segs []string) bool {
	n := len(segs)
	switch {
	case n == 0:
		return false
	case segs[n-1] == "inv" || segs[n-1] == "reel":
		return true
	case segs[n-1] == "items":
		return segs[0] == "reels"
	}
	return n >= 2 && segs[n-2] == "items" && segs[0] == "reels"
}

// dateField reports whether the data path segs leads to a date: the
// field dates or date, or an element of a list of dates.
func dateField(segs []string) bool {
	for i := len(segs) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(segs[i]); err != nil {
			return segs[i] == "dates" || segs[i] == "date"
		}
	}
	return false
}

var yearMonth = regexp.MustCompile(`^(\d{4})\.(0[1-9]|1[0-2])$`)

// floatDate explains a date that YAML read as a number, 1933.01, and says
// how to write it.
func floatDate(text string) string {
	if m := yearMonth.FindStringSubmatch(text); m != nil {
		month, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("; YAML reads %s as a number: write %s %s as %s-%s", text, time.Month(month), m[1], m[1], m[2])
	}
	return fmt.Sprintf("; YAML reads %s as a number: write the date in EDTF (YYYY-MM-DD) or in words", text)
}

func patternMessage(segs []string, v any) string {
	last := ""
	if len(segs) > 0 {
		last = segs[len(segs)-1]
	}
	switch last {
	case "id":
		return fmt.Sprintf("%s is not a valid identifier: start with a letter or _, then use letters, digits, '.', '-' or '_'", found(v))
	case "isil":
		return fmt.Sprintf("%s is not an ISIL code (ISO 15511) such as NL-AmISG", found(v))
	case "url":
		return fmt.Sprintf("%s is not an http or https address", found(v))
	case "include", "authorities", "reels", "chronology":
		return fmt.Sprintf("%s is not a YAML file name (.yaml or .yml)", found(v))
	}
	if len(segs) >= 2 && segs[len(segs)-2] == "finding_aid" && last == "id" {
		return fmt.Sprintf("%s must not contain spaces", found(v))
	}
	if len(segs) >= 2 && (segs[len(segs)-2] == "items" || last == "items") {
		return fmt.Sprintf("%s is not an inventory number, a range such as 723-724, or a list of them such as 723-724, 730", found(v))
	}
	return fmt.Sprintf("%s does not have the expected form", found(v))
}

// words turns the "expected" detail of gojsonschema's InvalidTypeError, the
// schema's types written as "string" or "[string,object]", into "text or a
// mapping". The library gives the types in this form only, so it is parsed;
// TestInvalidTypeDetail pins it.
func words(expected string) string {
	expected = strings.Trim(expected, "[]")
	parts := strings.Split(expected, ",")
	for i, p := range parts {
		parts[i] = typeWord(p)
	}
	return strings.Join(parts, " or ")
}

func typeWord(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "text"
	case "integer":
		return "a whole number"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "null":
		return "nothing"
	}
	return t
}

// limit writes a minimum or maximum of the schema as the schema does:
// 99999999, where gojsonschema's *big.Float prints as 9.9999999e+07.
func limit(v any) string {
	if f, ok := v.(*big.Float); ok {
		return f.Text('f', -1)
	}
	return fmt.Sprint(v)
}

// found describes a value in a message.
func found(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		if len(x) > 60 {
			x = x[:57] + "…"
		}
		return strconv.Quote(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

// node walks the raw schema along a data path: through $ref, properties and
// items. It returns nil where the path leaves the schema.
func (s compiled) node(kind string, segs []string) map[string]any {
	defs, _ := s.raw["definitions"].(map[string]any)
	cur, _ := defs[schema.Kinds[kind].Definition].(map[string]any)
	deref := func(m map[string]any) map[string]any {
		for i := 0; m != nil && i < 10; i++ {
			ref, ok := m["$ref"].(string)
			if !ok {
				break
			}
			m, _ = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
		}
		return m
	}
	cur = deref(cur)
	for _, seg := range segs {
		if cur == nil {
			return nil
		}
		if _, err := strconv.Atoi(seg); err == nil {
			if it, ok := cur["items"].(map[string]any); ok {
				cur = deref(it)
				continue
			}
			return nil
		}
		props, _ := cur["properties"].(map[string]any)
		next, _ := props[seg].(map[string]any)
		cur = deref(next)
	}
	return cur
}

// properties lists the fields the schema allows at a path, sorted.
func (s compiled) properties(kind string, segs []string) []string {
	n := s.node(kind, segs)
	props, _ := n["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// enum lists the values the schema allows at a path, in schema order.
func (s compiled) enum(kind string, segs []string) []string {
	n := s.node(kind, segs)
	if n == nil {
		return nil
	}
	list, _ := n["enum"].([]any)
	if list == nil {
		// A form such as {"anyOf": [{"$ref": …enum}, {array of enum}]}.
		for _, key := range []string{"anyOf", "oneOf"} {
			alts, _ := n[key].([]any)
			for _, a := range alts {
				m, _ := a.(map[string]any)
				if ref, ok := m["$ref"].(string); ok {
					defs, _ := s.raw["definitions"].(map[string]any)
					d, _ := defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
					if l, ok := d["enum"].([]any); ok {
						list = l
					}
				}
			}
		}
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// commaHint explains an unknown field that is the second half of a value
// split at its comma inside { }: {name: Rosmer, Alfred} reads as the fields
// name: Rosmer and Alfred (with no value).
func commaHint(mapping *yaml.Node, sub []string, doc *load.Doc) string {
	if mapping == nil || mapping.Kind != yaml.MappingNode || mapping.Style&yaml.FlowStyle == 0 {
		return ""
	}
	v, key := doc.Lookup(sub)
	if key == nil || v == nil || v.Tag != "!!null" || v.Value != "" {
		return ""
	}
	for i := 1; i+2 < len(mapping.Content); i += 2 {
		if mapping.Content[i+1] == key {
			prev := mapping.Content[i]
			if prev.Kind == yaml.ScalarNode && prev.Style == 0 {
				return fmt.Sprintf("; inside { } a comma separates fields, so quote a value that holds one: %q", prev.Value+", "+key.Value)
			}
		}
	}
	return ""
}

// codeByName finds, for a language or country written by name ("russian",
// "Netherlands"), its code: one of the allowed ones, or, where the schema
// lists none, the code for a field whose path names a language or country.
func codeByName(name string, allowed []string, segs []string) string {
	path := strings.ToLower(strings.Join(segs, "."))
	lang, country := iso.LanguageCode(name), iso.CountryCode(name)
	switch {
	case lang != "" && slices.Contains(allowed, lang):
		return lang
	case country != "" && slices.Contains(allowed, country):
		return country
	case len(allowed) > 0:
		return ""
	case lang != "" && strings.Contains(path, "lang"):
		return lang
	case country != "" && strings.Contains(path, "country"):
		return country
	}
	return ""
}
