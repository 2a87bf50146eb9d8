// Package site writes the static HTML finding aid: a folder of pages per
// finding aid that needs no server, and a page listing every finding aid of
// a build.
//
// The pages are rendered with html/template from the templates in the
// top-level templates/ folder, which are embedded in the binary; an
// institution replaces any of them, one file at a time, with Options.Templates
// (fonds build --templates DIR). Prose is rendered from the tree that package
// prose parses with goldmark, by a renderer of this package that never emits
// raw HTML and links only http, https, mailto, relative links and references
// to the finding aid's own records.
//
// A finding aid's folder holds
//
//	index.html          the collection-level description, with a table of contents
//	inventory.html      the series tree down to items (large series get pages of their own)
//	chronology.html     the chronology, by year
//	persons.html        persons and pseudonyms, A–Z
//	names.html          corporate bodies and places, A–Z
//	microfilm.html      the microfilm concordance
//	search.html         search over every word of the finding aid, with facets
//	search/             the search index, scripts loaded as a query needs them,
//	                    so that search works from file:// (search.go)
//	fonds.css, fonds.js, search.js
//
// Every unit has a stable anchor, its id ("inv-723"), on the page where it
// is described; every output is the same bytes for the same sources.
package site

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/fonds-archive/fonds/internal/regfile"
	"github.com/fonds-archive/fonds/pkg/model"
)

// Options configure the site.
type Options struct {
	// Templates holds templates and assets that replace the embedded ones,
	// file by file (load.RootFS of --templates); nil uses the embedded
	// ones. Other files in it (a logo, say) are copied into every finding
	// aid's folder, so that a replaced template can refer to them. New
	// reads them all, and takes regular files only (see readOverrides).
	Templates fs.FS
	// Internal publishes units and notes marked internal.
	Internal bool
	// PageUnits is how many units an inventory page may hold before a
	// series (or subseries, or file) is given a page of its own and long
	// runs of units are split over several pages; 0 means 1000.
	PageUnits int
}

// DefaultPageUnits is the default of Options.PageUnits: a page that a
// browser opens at once and a reader can still scroll.
const DefaultPageUnits = 1000

// Output is the HTML output: it implements build.Output and build.Indexer.
type Output struct {
	opt   Options
	base  *template.Template            // layout and partials, parsed
	pages map[string]*template.Template // page template name → base + that page
	own   map[string][]byte             // the files of Options.Templates, read once by New
	extra []string                      // further files of Options.Templates, copied as assets
}

// Template files, by role. Every one can be replaced.
var (
	baseFiles  = []string{"layout.html", "parts.html"}
	pageFiles  = []string{"collection.html", "inventory.html", "chronology.html", "persons.html", "names.html", "microfilm.html", "search.html", "home.html"}
	assetFiles = []string{"fonds.css", "fonds.js", "search.js"}
)

// New parses the templates, so that a mistake in a replaced one is reported
// before anything is built.
func New(opt Options) (*Output, error) {
	if opt.PageUnits <= 0 {
		opt.PageUnits = DefaultPageUnits
	}
	o := &Output{opt: opt, pages: map[string]*template.Template{}}
	if err := o.readOverrides(); err != nil {
		return nil, err
	}
	o.base = template.New("").Funcs(stubFuncs())
	for _, name := range baseFiles {
		text, err := o.read(name)
		if err != nil {
			return nil, err
		}
		if _, err := o.base.New(name).Parse(string(text)); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
	}
	for _, name := range pageFiles {
		text, err := o.read(name)
		if err != nil {
			return nil, err
		}
		t, err := o.base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(string(text)); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		if t.Lookup("main") == nil {
			return nil, fmt.Errorf("template %s: it must define \"main\", the page's content", name)
		}
		o.pages[name] = t
	}
	return o, nil
}

// Name implements build.Output.
func (o *Output) Name() string { return "html" }

// Write implements build.Output: it writes the site of one finding aid into
// dir.
func (o *Output) Write(a *model.Archive, dir string) error {
	s := newSite(a, o.opt)
	pages := s.pages()
	for i, pg := range pages {
		if pg.fill != nil {
			pg.fill(pg)
		}
		if err := o.render(filepath.Join(dir, pg.File), pg.template, pg, s); err != nil {
			return err
		}
		pages[i] = nil // written: what it was filled with can go
	}
	if err := s.writeSearch(dir); err != nil {
		return err
	}
	return o.copyAssets(dir)
}

// copyAssets copies the style sheet, the scripts and any further file of
// the replaced templates into dir.
func (o *Output) copyAssets(dir string) error {
	for _, name := range append(append([]string{}, assetFiles...), o.extra...) {
		b, err := o.read(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render executes a page template into a file. The page's template set is
// cloned so that its functions can be bound to this finding aid while other
// finding aids are written concurrently.
func (o *Output) render(path, name string, data any, s *Site) error {
	t, err := o.pages[name].Clone()
	if err != nil {
		return err
	}
	t.Funcs(s.funcs())
	return writeFile(path, func(w io.Writer) error {
		s.out = w.(htmlWriter)
		defer func() { s.out = nil }()
		if err := t.ExecuteTemplate(w, "layout", data); err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		return nil
	})
}

// writers are the buffers files are written through, reused from file to
// file: a site of 100,000 units writes thousands of files.
var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// writeFile writes a file through a buffer.
func writeFile(path string, fn func(w io.Writer) error) error {
	f, err := regfile.Create(path)
	if err != nil {
		return err
	}
	w := writers.Get().(*bufio.Writer)
	w.Reset(f)
	err = fn(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	w.Reset(nil)
	writers.Put(w)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteIndex implements build.Indexer: it writes index.html, listing every
// finding aid of the build, the style sheet and the further files of the
// replaced templates, into dir. It links
// a finding aid's EAD and PDF files only when the build wrote them.
func (o *Output) WriteIndex(archives []*model.Archive, dir string) error {
	sorted := append([]*model.Archive(nil), archives...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Slug() < sorted[j].Slug() })
	home := &Page{File: "index.html", Kind: "home", Lang: "en", Title: "Finding aids", Heading: model.Text{Value: "Finding aids"}}
	langs := map[string]bool{}
	for _, a := range sorted {
		s := newSite(a, o.opt)
		langs[s.Lang] = true
		home.Lang = s.Lang
		e := Entry{Site: s, Href: a.Slug() + "/index.html"}
		for _, f := range []struct {
			name string
			dst  *string
		}{{a.Slug() + ".xml", &e.EAD}, {a.Slug() + ".pdf", &e.PDF}} {
			if _, err := os.Stat(filepath.Join(dir, a.Slug(), f.name)); err == nil {
				*f.dst = a.Slug() + "/" + f.name
			}
		}
		home.Entries = append(home.Entries, e)
	}
	if len(langs) != 1 {
		home.Lang = "en" // finding aids in several languages: the index's own words are English
	}
	// The repository, when one holds them all, names the list.
	if cs := home.Contacts(); len(cs) == 1 && cs[0].Name != "" {
		home.Title = "Finding aids of " + cs[0].Name
		home.Heading.Value = home.Title
	}
	if err := o.render(filepath.Join(dir, "index.html"), "home.html", home, newSite(&model.Archive{}, o.opt)); err != nil {
		return err
	}
	// The style sheet and the scripts of search, and the further files of
	// --templates (a logo the layout shows), which the list's page uses as
	// every other page does.
	for _, name := range append(append([]string{}, assetFiles...), o.extra...) {
		b, err := o.read(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// An Entry is one finding aid on the home page.
type Entry struct {
	Site *Site
	Href string // its collection description
	EAD  string // its EAD file, when the build wrote one
	PDF  string // its PDF inventory, when the build wrote one
}
