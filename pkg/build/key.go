package build

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"time"
)

// Key digests the options of an output or a checker for the build cache:
// everything that, besides the sources and the fonds executable, decides
// what it writes or reports. It reads every exported field, at any depth:
// booleans, numbers, strings, times, slices, maps (in key order), structs
// and what pointers and interfaces hold; a file system (fs.FS, such as
// the --templates folder) counts by the names, kinds and bytes of all its
// files. Functions count for nothing: what they do is the executable's,
// which the cache key holds anyway. Unexported fields are not read, so a
// value whose state is unexported (site.Output) is keyed by the options
// it was made from instead. Key fails on what it cannot digest (a
// channel).
func Key(v any) (string, error) {
	h := sha256.New()
	if err := keyOf(h, reflect.ValueOf(v), 0); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var (
	fsType   = reflect.TypeFor[fs.FS]()
	timeType = reflect.TypeFor[time.Time]()
)

// keyOf writes v to h, every part framed (a tag, a length) so that two
// different values never write the same bytes.
func keyOf(h hash.Hash, v reflect.Value, depth int) error {
	if depth > 32 {
		return fmt.Errorf("cache key: %s nested too deep", v.Type())
	}
	if !v.IsValid() {
		io.WriteString(h, "nil;")
		return nil
	}
	t := v.Type()
	fmt.Fprintf(h, "%s:", t)
	if t.Kind() == reflect.Interface {
		if v.IsNil() {
			io.WriteString(h, "nil;")
			return nil
		}
		v = v.Elem()
		t = v.Type()
		fmt.Fprintf(h, "%s:", t)
	}
	if t.Implements(fsType) && v.CanInterface() {
		if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Map) && v.IsNil() {
			io.WriteString(h, "nil;")
			return nil
		}
		return keyFS(h, v.Interface().(fs.FS))
	}
	if t == timeType {
		fmt.Fprintf(h, "%q;", v.Interface().(time.Time).Format(time.RFC3339Nano))
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		fmt.Fprintf(h, "%t;", v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fmt.Fprintf(h, "%d;", v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fmt.Fprintf(h, "%d;", v.Uint())
	case reflect.Float32, reflect.Float64:
		fmt.Fprintf(h, "%v;", v.Float())
	case reflect.String:
		writeString(h, v.String())
	case reflect.Func:
		io.WriteString(h, "func;")
	case reflect.Pointer:
		if v.IsNil() {
			io.WriteString(h, "nil;")
			return nil
		}
		return keyOf(h, v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		fmt.Fprintf(h, "%d[", v.Len())
		for i := range v.Len() {
			if err := keyOf(h, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		io.WriteString(h, "]")
	case reflect.Map:
		keys := v.MapKeys()
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("cache key: %s: only maps with string keys", t)
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch {
			case a.String() < b.String():
				return -1
			case a.String() > b.String():
				return 1
			}
			return 0
		})
		fmt.Fprintf(h, "%d{", len(keys))
		for _, k := range keys {
			writeString(h, k.String())
			if err := keyOf(h, v.MapIndex(k), depth+1); err != nil {
				return err
			}
		}
		io.WriteString(h, "}")
	case reflect.Struct:
		io.WriteString(h, "{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			writeString(h, f.Name)
			if err := keyOf(h, v.Field(i), depth+1); err != nil {
				return err
			}
		}
		io.WriteString(h, "}")
	default:
		return fmt.Errorf("cache key: cannot digest a %s", t)
	}
	return nil
}

// writeString writes s with its length, so that no string runs into the
// next.
func writeString(h hash.Hash, s string) {
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
	io.WriteString(h, s)
}

// keyFS writes the name, kind and bytes of every file in fsys, in name
// order; what cannot be read counts by its error.
func keyFS(h hash.Hash, fsys fs.FS) error {
	io.WriteString(h, "fs{")
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		writeString(h, name)
		if err != nil {
			writeString(h, "error: "+err.Error())
			return nil
		}
		fmt.Fprintf(h, "%d;", d.Type())
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := fsys.Open(name)
		if err != nil {
			writeString(h, "error: "+err.Error())
			return nil
		}
		defer f.Close()
		fh := sha256.New()
		if _, err := io.Copy(fh, f); err != nil {
			writeString(h, "error: "+err.Error())
			return nil
		}
		h.Write(fh.Sum(nil))
		return nil
	})
	io.WriteString(h, "}")
	return err
}
