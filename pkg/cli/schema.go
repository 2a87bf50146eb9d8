package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fonds-archive/fonds/schema"
)

func runSchema(e *env, args []string) int {
	fs := newFlags(e, "schema")
	write := fs.String("write", "", "write the schema files of every kind (or of KIND) into the folder `DIR`, for editors, instead of printing")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 1 {
		fs.Usage()
		return ExitUsage
	}
	kinds := schema.KindNames()
	if len(rest) == 1 {
		if _, ok := schema.Kinds[rest[0]]; !ok {
			fmt.Fprintf(e.stderr, "fonds schema: unknown kind %q (want one of %s)\n", rest[0], strings.Join(kinds, ", "))
			return ExitUsage
		}
		kinds = rest
	} else if *write == "" {
		kinds = kinds[:1]
	}
	if *write == "" {
		data, err := schema.Bundle(kinds[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "fonds schema: %v\n", err)
			return ExitFailure
		}
		e.stdout.Write(data)
		return ExitOK
	}
	names, err := WriteSchemas(*write, kinds)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds schema: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(e.stdout, "wrote %s into %s\n", strings.Join(names, ", "), *write)
	return ExitOK
}

// WriteSchemas writes the bundled schema of each kind into dir, which it
// creates if need be, each file replaced in one step, and returns the
// names of the files.
func WriteSchemas(dir string, kinds []string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, kind := range kinds {
		data, err := schema.Bundle(kind)
		if err != nil {
			return nil, err
		}
		name := schema.Kinds[kind].File
		if err := writeFileAtomic(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// writeFileAtomic writes data to a temporary file beside name and renames
// it over name, so that name holds either its old bytes or the new ones.
func writeFileAtomic(name string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
