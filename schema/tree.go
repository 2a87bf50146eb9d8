package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// A Value is one JSON value of the schema, read with the order of each
// object's keys kept: the order in which the schema lists the fields of a
// mapping is the order fonds fmt writes them in, and a bundled schema is
// written in the order of the file it comes from.
type Value struct {
	Keys   []string          // an object's keys, in order; nil for other values
	Fields map[string]*Value // an object's values
	Items  []*Value          // an array's values; non-nil for an array
	Scalar any               // a string, json.Number, bool or nil
}

// IsObject reports whether v is a JSON object.
func (v *Value) IsObject() bool { return v != nil && v.Fields != nil }

// Get returns the value of key in the object v, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil {
		return nil
	}
	return v.Fields[key]
}

// Elems returns the values of the array v; nil when v is no array.
func (v *Value) Elems() []*Value {
	if v == nil {
		return nil
	}
	return v.Items
}

// Text returns v's text when it is a string, else "".
func (v *Value) Text() string {
	if v == nil {
		return ""
	}
	s, _ := v.Scalar.(string)
	return s
}

// Strings returns the strings of v: v itself when it is a string, the
// strings of an array.
func (v *Value) Strings() []string {
	if v == nil {
		return nil
	}
	if s, ok := v.Scalar.(string); ok {
		return []string{s}
	}
	var out []string
	for _, e := range v.Items {
		if s, ok := e.Scalar.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Parse reads a JSON document, keeping the order of object keys.
func Parse(data []byte) (*Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (*Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := &Value{Fields: map[string]*Value{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				if _, dup := v.Fields[key]; dup {
					return nil, fmt.Errorf("key %q appears twice in one object", key)
				}
				e, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				v.Keys = append(v.Keys, key)
				v.Fields[key] = e
			}
			_, err := dec.Token() // }
			return v, err
		case '[':
			v := &Value{Items: []*Value{}}
			for dec.More() {
				e, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				v.Items = append(v.Items, e)
			}
			_, err := dec.Token() // ]
			return v, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return &Value{Scalar: tok}, nil
}

// Encode writes v as JSON indented by two spaces, as the schema files are
// written, with a final newline.
func (v *Value) Encode() []byte {
	var b bytes.Buffer
	v.encode(&b, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func (v *Value) encode(b *bytes.Buffer, depth int) {
	// block writes n members between open and close, one a line.
	block := func(open, close byte, n int, member func(i int)) {
		b.WriteByte(open)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n" + strings.Repeat("  ", depth+1))
			member(i)
		}
		if n > 0 {
			b.WriteString("\n" + strings.Repeat("  ", depth))
		}
		b.WriteByte(close)
	}
	switch {
	case v.Fields != nil:
		block('{', '}', len(v.Keys), func(i int) {
			writeString(b, v.Keys[i])
			b.WriteString(": ")
			v.Fields[v.Keys[i]].encode(b, depth+1)
		})
	case v.Items != nil:
		block('[', ']', len(v.Items), func(i int) { v.Items[i].encode(b, depth+1) })
	default:
		switch s := v.Scalar.(type) {
		case string:
			writeString(b, s)
		case json.Number:
			b.WriteString(s.String())
		case bool:
			fmt.Fprint(b, s)
		default:
			b.WriteString("null")
		}
	}
}

// writeString writes s as a JSON string, leaving <, > and & as they are.
func writeString(b *bytes.Buffer, s string) {
	var q bytes.Buffer
	enc := json.NewEncoder(&q)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(q.Bytes(), []byte("\n")))
}

// Resolve follows v's $ref inside root ("#/definitions/x"), as often as it
// is given, and returns the value it leads to; nil when it leads nowhere.
func Resolve(root, v *Value) *Value {
	for i := 0; v != nil && i < 16; i++ {
		ref := v.Get("$ref").Text()
		if ref == "" {
			return v
		}
		v = root.Pointer(ref)
	}
	return v
}

// Pointer finds the value at a JSON pointer inside v ("#/definitions/x").
func (v *Value) Pointer(ptr string) *Value {
	ptr, ok := strings.CutPrefix(ptr, "#")
	if !ok {
		return nil
	}
	cur := v
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if seg == "" {
			continue
		}
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		cur = cur.Get(seg)
		if cur == nil {
			return nil
		}
	}
	return cur
}

var (
	treeOnce sync.Once
	tree     *Value
	treeErr  error
)

// Tree returns the schema of Main, parsed with its order kept. Callers must
// not change it.
func Tree() (*Value, error) {
	treeOnce.Do(func() {
		data, err := Files.ReadFile(Main)
		if err != nil {
			treeErr = err
			return
		}
		tree, treeErr = Parse(data)
		if treeErr != nil {
			treeErr = fmt.Errorf("%s: %v", Main, treeErr)
		}
	})
	return tree, treeErr
}

// Bundle returns the schema of one kind of source file as a file of its
// own: every definition of Main, with the kind's own as its root. It
// refers to nothing outside itself, so an editor can read it wherever it is
// copied; fonds schema prints it and fonds new writes it.
func Bundle(kind string) ([]byte, error) {
	k, ok := Kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	root, err := Tree()
	if err != nil {
		return nil, err
	}
	if kind == "fonds" {
		return root.Encode(), nil
	}
	data, err := Files.ReadFile(k.File)
	if err != nil {
		return nil, err
	}
	own, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", k.File, err)
	}
	out := &Value{Fields: map[string]*Value{}}
	set := func(key string, v *Value) {
		out.Keys = append(out.Keys, key)
		out.Fields[key] = v
	}
	set("$schema", root.Get("$schema"))
	set("title", own.Get("title"))
	set("description", &Value{Scalar: fmt.Sprintf("The structure of %s; the definitions of every kind of fonds source file are included, so this file refers to no other. fonds schema %s prints it.", kinds[kind], kind)})
	set("$ref", &Value{Scalar: "#/definitions/" + k.Definition})
	set("definitions", root.Get("definitions"))
	return out.Encode(), nil
}

// kinds says in words what each kind of file holds.
var kinds = map[string]string{
	"series":      "a series file of fonds: one unit and, in its contents, the units below it",
	"parts":       "a fonds file of units: a list of units, included where it stands in a list of contents",
	"authorities": "a fonds authorities file: persons and their pseudonyms, corporate bodies and places",
	"reels":       "a fonds reels file: the microfilm reels and the inventory numbers on them",
	"chronology":  "a fonds chronology file: dated events",
}

// KindNames returns the kinds of source file, fonds first.
func KindNames() []string {
	return []string{"fonds", "series", "parts", "authorities", "reels", "chronology"}
}
