package build

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fonds-archive/fonds/pkg/load"
)

// ImportManifest is the file fonds import writes at the top of the folder
// of a finding aid it imported: the list of the files it wrote. An import
// with --force replaces a folder only while it holds these files and
// nothing else, so that it never deletes what fonds did not write.
const ImportManifest = ".fonds-import"

const manifestHead = "# Written by fonds import: the files it wrote into this folder. fonds import --force\n" +
	"# replaces the folder only while it holds these files and nothing else.\n"

// Manifest returns the text of the ImportManifest for the files of an
// import (paths inside the folder, with /), in the order given.
func Manifest(files []string) []byte {
	var b bytes.Buffer
	b.WriteString(manifestHead)
	for _, f := range files {
		b.WriteString(f + "\n")
	}
	return b.Bytes()
}

// readManifest returns the paths an ImportManifest lists.
func readManifest(file string) (map[string]bool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			listed[line] = true
		}
	}
	return listed, sc.Err()
}

// CheckImportOutput reports whether fonds import may write a finding aid's
// sources into dir, reading the EAD file input. A new or empty folder is
// fine. With force, so is a folder that an earlier import wrote (it holds
// an ImportManifest) and that holds nothing but the files listed there; it
// is replaced whole. Refused, force or not: the working folder or a folder
// holding it, a symbolic link, a file, a folder that holds the input file,
// a folder of finding aids, a finding aid fonds import did not write, and
// a folder holding anything an import did not write (an archivist's notes,
// a file added since).
func CheckImportOutput(dir, input string, force bool) error {
	dir = filepath.Clean(dir)
	abs, err := realPath(dir)
	if err != nil {
		return outputErrorf("%s: %v", dir, err)
	}
	if holdsWorkingDir(abs) {
		return outputErrorf("%s is the working folder or holds it; name a folder for the new finding aid, such as sources/NAME", dir)
	}
	switch kind, err := statFolder(dir); {
	case err != nil:
		return outputErrorf("%s: %v", dir, err)
	case kind == pathMissing:
		return nil
	case kind == pathLink:
		return outputErrorf("%s is a symbolic link; name the real folder", dir)
	case kind == pathFile:
		return outputErrorf("%s exists and is not a folder", dir)
	}
	if in, err := realPath(input); err == nil && within(in, abs) {
		return outputErrorf("%s holds %s, the EAD being imported, which a replaced folder would lose; move the EAD elsewhere or name another folder with -o", dir, input)
	}
	if empty, err := isEmpty(dir); err != nil {
		return outputErrorf("%s: %v", dir, unwrap(err))
	} else if empty {
		return nil
	}
	root := filepath.Join(dir, load.RootFile)
	manifest := filepath.Join(dir, ImportManifest)
	if src := SourcesIn(dir); src != "" && src != root {
		return outputErrorf("%s holds finding aids (%s); name a folder of its own for this one, such as %s", dir, src, filepath.Join(dir, "NAME"))
	}
	if !exists(manifest) {
		if exists(root) {
			return outputErrorf("%s holds a finding aid that fonds import did not write (it has no %s file), which --force does not replace; name another folder with -o, or delete this one yourself", dir, ImportManifest)
		}
		return outputErrorf("%s is not empty and is not a finding aid's folder (it has no %s); name a new folder with -o", dir, load.RootFile)
	}
	listed, err := readManifest(manifest)
	if err != nil {
		return outputErrorf("%s: %v", manifest, unwrap(err))
	}
	if others := unlisted(dir, listed); len(others) > 0 {
		more := ""
		if len(others) > 3 {
			more = fmt.Sprintf(" and %d more", len(others)-3)
			others = others[:3]
		}
		return outputErrorf("%s holds files fonds import did not write (%s%s), which --force would delete; move them out of the folder, or name another folder with -o", dir, strings.Join(others, ", "), more)
	}
	if !force {
		return outputErrorf("%s holds a finding aid already; replace it with --force, or choose another folder with -o", dir)
	}
	return nil
}

// unlisted returns what dir holds besides the files listed (and the
// folders that hold them, and the manifest itself), sorted: files, links
// and folders an import did not write.
func unlisted(dir string, listed map[string]bool) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
			if err != nil {
				out = append(out, ".")
			}
			return err
		case err != nil:
			out = append(out, rel)
			return nil
		case d.IsDir():
			if !holdsListed(listed, rel) {
				out = append(out, rel+"/")
				return fs.SkipDir
			}
			return nil
		case rel == ImportManifest:
			return nil
		case !d.Type().IsRegular() || !listed[rel]:
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// holdsListed reports whether a listed file lies in the folder rel.
func holdsListed(listed map[string]bool, rel string) bool {
	for f := range listed {
		if strings.HasPrefix(f, rel+"/") {
			return true
		}
	}
	return false
}
