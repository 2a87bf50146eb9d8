package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
	"github.com/fonds-archive/fonds/templates"
)

// MaxTemplates bounds the files of Options.Templates together, in bytes:
// they are held in memory and copied into every finding aid's folder.
const MaxTemplates = 64 << 20

// readOverrides reads the files of Options.Templates once, so that every
// finding aid gets the same bytes however the folder changes during the
// build. It refuses, naming the file:
//   - a symbolic link, even to a file inside the folder: a link to
//     /etc/passwd or /proc/self/environ must never be published, and
//     fonds copies what is in the folder, not what it points to;
//   - anything but a regular file (a named pipe would block the build, a
//     device never end);
//   - an .html file that is no template of fonds (a misspelt name would
//     otherwise be ignored), and a file named search, like the folder of
//     the search index that fonds writes;
//   - more than MaxTemplates bytes in all.
//
// Names starting with "." and folders are left alone, as before. The other
// files are noted in o.extra, to be copied as assets; Check refuses those
// named like a file the build writes.
func (o *Output) readOverrides() error {
	if o.opt.Templates == nil {
		return nil
	}
	entries, err := fs.ReadDir(o.opt.Templates, ".")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	o.own = map[string][]byte{}
	known := slices.Concat(baseFiles, pageFiles, assetFiles)
	total := int64(0)
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("templates: %s is a symbolic link; fonds takes only regular files from --templates, so that nothing outside the folder is published: copy the file itself into the folder", name)
		}
		if kind := load.Irregular(e.Type()); kind != "" {
			return fmt.Errorf("templates: %s is %s, not a regular file; fonds takes only regular files from --templates", name, kind)
		}
		switch {
		case strings.EqualFold(name, searchDir):
			return fmt.Errorf("templates: %s is named like the folder of the search index that fonds writes for each finding aid (%s/); rename or remove the file in --templates", name, searchDir)
		case strings.HasSuffix(name, ".html") && !slices.Contains(known, name):
			if sug := source.Suggest(name, known); sug != "" {
				return fmt.Errorf("templates: %s is not a template of fonds (did you mean %q?)", name, sug)
			}
			return fmt.Errorf("templates: %s is not a template of fonds (they are %s)", name, strings.Join(known[:len(known)-len(assetFiles)], ", "))
		}
		data, err := readRegular(o.opt.Templates, name, MaxTemplates-total)
		if err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		total += int64(len(data))
		o.own[name] = data
		if !slices.Contains(known, name) {
			o.extra = append(o.extra, name)
		}
	}
	return nil
}

// readRegular reads a file that must be regular and hold at most limit
// bytes; the opened file's kind is checked again, and the read stops past
// the limit whatever its size said.
func readRegular(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if kind := load.Irregular(info.Mode()); kind != "" || info.IsDir() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: the files of --templates hold more than %d bytes together; the limit is %d", name, MaxTemplates, MaxTemplates)
	}
	return data, nil
}

// read returns a template file: the replacement if there is one, else the
// embedded file.
func (o *Output) read(name string) ([]byte, error) {
	if b, ok := o.own[name]; ok {
		return b, nil
	}
	b, err := fs.ReadFile(templates.Files, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("templates: no template %s", name)
	}
	return b, err
}

// Check implements build.Checker: a further file of the templates named
// like a file the build writes for a finding aid (its EAD or PDF, beside
// the pages; its folder, beside the list of finding aids) would replace
// it, or not, depending on which is written last. Such a file is refused
// before anything is written, at the finding aid's id, naming both.
func (o *Output) Check(a *model.Archive, _ []source.File) source.List {
	var l source.List
	if a.Fonds == nil {
		return l
	}
	slug := a.Slug()
	fa := a.Fonds.FindingAid
	for _, name := range o.extra {
		what := ""
		switch {
		case strings.EqualFold(name, slug+".xml"):
			what = fmt.Sprintf("its EAD, %s/%s.xml", slug, slug)
		case strings.EqualFold(name, slug+".pdf"):
			what = fmt.Sprintf("its PDF, %s/%s.pdf", slug, slug)
		case strings.EqualFold(name, slug):
			what = fmt.Sprintf("its folder, %s, beside the list of finding aids", slug)
		default:
			continue
		}
		l.Errorf(fa.Pos, "finding_aid.id", "finding aid %q writes %s, and --templates holds a file named %s, which fonds copies there too; rename or remove that file", fa.ID, what, name)
	}
	return l
}
