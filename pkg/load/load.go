// Package load reads the YAML sources of a finding aid: fonds.yaml and every
// file it names, following includes. Parse turns each file into a Doc (its
// yaml.Node tree, which keeps every line and column, and the plain value the
// schema validator reads); Decode turns the Docs into a model.Archive whose
// every node remembers its position.
//
// Loading is where hostile input is stopped: files are read through an
// os.Root, so neither ".." nor a symbolic link can reach outside the finding
// aid's folder, and sizes, nesting and alias expansion are bounded (see
// Options).
package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fonds-archive/fonds/pkg/source"
)

// Options bound what a finding aid may ask of fonds. The zero value means
// the defaults (DefaultOptions).
type Options struct {
	MaxFileSize   int64 // bytes per source file
	MaxValueSize  int   // bytes per single value
	MaxDepth      int   // YAML nesting levels
	MaxValues     int   // values per file, aliases expanded
	MaxFiles      int   // source files per finding aid
	MaxComponents int   // components per finding aid
}

// DefaultOptions are the documented limits (README, "What fonds rejects").
var DefaultOptions = Options{
	MaxFileSize:   64 << 20,
	MaxValueSize:  1 << 20,
	MaxDepth:      256,
	MaxValues:     20_000_000,
	MaxFiles:      10_000,
	MaxComponents: 2_000_000,
}

func (o Options) withDefaults() Options {
	d := DefaultOptions
	if o.MaxFileSize > 0 {
		d.MaxFileSize = o.MaxFileSize
	}
	if o.MaxValueSize > 0 {
		d.MaxValueSize = o.MaxValueSize
	}
	if o.MaxDepth > 0 {
		d.MaxDepth = o.MaxDepth
	}
	if o.MaxValues > 0 {
		d.MaxValues = o.MaxValues
	}
	if o.MaxFiles > 0 {
		d.MaxFiles = o.MaxFiles
	}
	if o.MaxComponents > 0 {
		d.MaxComponents = o.MaxComponents
	}
	return d
}

// Kinds of source file, named as in package schema.
const (
	KindFonds       = "fonds"
	KindSeries      = "series"
	KindAuthorities = "authorities"
	KindReels       = "reels"
	KindChronology  = "chronology"
)

// RootFile is the file every finding aid starts from.
const RootFile = "fonds.yaml"

// A Doc is one parsed source file.
type Doc struct {
	Name  string     // path shown in diagnostics: the folder as given, then the path inside it
	Rel   string     // slash-separated path inside the finding aid's folder
	Kind  string     // KindFonds, KindSeries, …
	Via   source.Pos // the include that named it; zero for fonds.yaml
	Root  *yaml.Node // the top mapping; nil if the file could not be parsed
	Value any        // plain value for schema validation; nil if the file could not be parsed
	Data  []byte     // the file's bytes, for exact positions inside block scalars

	lines []int // offsets where lines start, built on first use
}

// A Set is the parsed sources of one finding aid.
type Set struct {
	Dir      string // the folder, as given
	Docs     []*Doc // fonds.yaml first, then in the order they are named
	included map[*yaml.Node]*Doc
	opt      Options
}

// Included returns the Doc an include entry names, or nil.
func (s *Set) Included(entry *yaml.Node) *Doc { return s.included[entry] }

// Parse reads fonds.yaml from fsys and every file it names, in order. dir is
// how the folder is named in diagnostics ("sources/trotsky-ilo"). fsys
// should be an os.Root's FS (see Open) so that symbolic links cannot lead
// outside the folder.
func Parse(fsys fs.FS, dir string, opt Options) (*Set, source.List) {
	p := &parser{
		set:   &Set{Dir: dir, included: map[*yaml.Node]*Doc{}, opt: opt.withDefaults()},
		fsys:  fsys,
		seen:  map[string]*Doc{},
		stack: map[string]bool{},
	}
	p.file(RootFile, KindFonds, source.Pos{})
	p.unreached()
	return p.set, p.diags
}

type parser struct {
	set   *Set
	fsys  fs.FS
	diags source.List
	seen  map[string]*Doc // by Rel
	stack map[string]bool // files being read, to find include cycles
	chain []string
}

func (p *parser) display(rel string) string {
	if p.set.Dir == "" || p.set.Dir == "." {
		return rel
	}
	return strings.TrimSuffix(p.set.Dir, "/") + "/" + rel
}

// file reads and parses one source file and follows what it names.
func (p *parser) file(rel, kind string, via source.Pos) *Doc {
	if p.stack[rel] {
		cycle := append(append([]string{}, p.chain[indexOf(p.chain, rel):]...), rel)
		p.diags.Errorf(via, "", "include cycle: %s", strings.Join(cycle, " → "))
		return nil
	}
	if prev, ok := p.seen[rel]; ok {
		d := p.diags.Errorf(via, "", "%s is named twice; a file can be read only once", rel)
		if prev.Via.IsValid() {
			d.Note(prev.Via, "first named here")
		}
		return nil
	}
	if len(p.set.Docs) >= p.set.opt.MaxFiles {
		p.diags.Errorf(via, "", "more than %d source files", p.set.opt.MaxFiles)
		return nil
	}
	doc := &Doc{Name: p.display(rel), Rel: rel, Kind: kind, Via: via}
	p.seen[rel] = doc
	data, err := p.read(rel)
	if err != nil {
		pos := via
		if !pos.IsValid() {
			pos = source.Pos{File: doc.Name}
		}
		p.diags.Errorf(pos, "", "%s", err)
		return nil
	}
	p.set.Docs = append(p.set.Docs, doc)
	doc.Data = data
	doc.Root, doc.Value = parseYAML(doc.Name, data, p.set.opt, &p.diags)
	if doc.Root == nil {
		return doc
	}
	p.stack[rel] = true
	p.chain = append(p.chain, rel)
	defer func() {
		delete(p.stack, rel)
		p.chain = p.chain[:len(p.chain)-1]
	}()
	switch kind {
	case KindFonds:
		for _, f := range []struct{ key, kind string }{
			{"authorities", KindAuthorities}, {"reels", KindReels}, {"chronology", KindChronology}} {
			if v := mapValue(doc.Root, f.key); v != nil {
				p.names(doc, v, f.kind)
			}
		}
		p.contents(doc, doc.Root)
	case KindSeries:
		p.contents(doc, doc.Root)
	}
	return doc
}

func indexOf(s []string, v string) int {
	for i, e := range s {
		if e == v {
			return i
		}
	}
	return 0
}

// names follows a file name or a list of them.
func (p *parser) names(doc *Doc, v *yaml.Node, kind string) {
	var nodes []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		nodes = []*yaml.Node{v}
	case yaml.SequenceNode:
		nodes = v.Content
	}
	for _, n := range nodes {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			continue // the schema reports it
		}
		if rel, ok := p.resolvePath(doc, n); ok {
			p.file(rel, kind, nodePos(doc.Name, n))
		}
	}
}

// contents follows the includes in the contents of a component, at any depth
// of components written inline.
func (p *parser) contents(doc *Doc, comp *yaml.Node) {
	list := mapValue(comp, "contents")
	if list == nil || list.Kind != yaml.SequenceNode {
		return
	}
	for _, entry := range list.Content {
		if entry.Kind != yaml.MappingNode {
			continue
		}
		inc := mapValue(entry, "include")
		if inc == nil {
			p.contents(doc, entry)
			continue
		}
		if inc.Kind != yaml.ScalarNode {
			continue
		}
		if len(entry.Content) > 2 {
			k := entry.Content[0]
			if k.Value == "include" {
				k = entry.Content[2]
			}
			p.diags.Errorf(nodePos(doc.Name, k), "", "an include stands alone; move %q into the included file", k.Value)
		}
		if rel, ok := p.resolvePath(doc, inc); ok {
			if d := p.file(rel, KindSeries, nodePos(doc.Name, inc)); d != nil {
				p.set.included[entry] = d
			}
		}
	}
}

// resolvePath turns a file name written in doc into a path inside the folder,
// refusing names that would leave it.
func (p *parser) resolvePath(doc *Doc, n *yaml.Node) (string, bool) {
	name := n.Value
	pos := nodePos(doc.Name, n)
	switch {
	case name == "":
		return "", false
	case strings.Contains(name, `\`):
		p.diags.Errorf(pos, "", "file name %q uses \\; write paths with /", name)
		return "", false
	case path.IsAbs(name):
		p.diags.Errorf(pos, "", "file name %q is absolute; name files relative to this one, inside the finding aid's folder", name)
		return "", false
	}
	rel := path.Join(path.Dir(doc.Rel), name)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		p.diags.Errorf(pos, "", "file name %q leads outside the finding aid's folder", name)
		return "", false
	}
	if !fs.ValidPath(rel) {
		p.diags.Errorf(pos, "", "file name %q is not a valid path", name)
		return "", false
	}
	return rel, true
}

// read reads a file, bounded in size, with errors an archivist can act on.
func (p *parser) read(rel string) ([]byte, error) {
	info, err := fs.Stat(p.fsys, rel)
	if err != nil {
		return nil, explain(rel, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", rel)
	}
	if info.Size() > p.set.opt.MaxFileSize {
		return nil, fmt.Errorf("%s is %d bytes; the limit is %d", rel, info.Size(), p.set.opt.MaxFileSize)
	}
	data, err := fs.ReadFile(p.fsys, rel)
	if err != nil {
		return nil, explain(rel, err)
	}
	if int64(len(data)) > p.set.opt.MaxFileSize {
		return nil, fmt.Errorf("%s is more than %d bytes", rel, p.set.opt.MaxFileSize)
	}
	return data, nil
}

func explain(rel string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("file %s does not exist", rel)
	case strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes"):
		return fmt.Errorf("%s is a symbolic link that leads outside the finding aid's folder", rel)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s cannot be read (permission denied)", rel)
	}
	return fmt.Errorf("%s cannot be read: %v", rel, unwrapPath(err))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// unreached warns about YAML files in the folder that no file names: they
// are probably meant to be part of the finding aid.
func (p *parser) unreached() {
	var missed []string
	fs.WalkDir(p.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && name != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			if _, ok := p.seen[name]; !ok {
				missed = append(missed, name)
			}
		}
		return nil
	})
	sort.Strings(missed)
	for _, m := range missed {
		p.diags.Warnf(source.Pos{File: p.display(m)}, "", "no file names %s, so it is not part of the finding aid", m)
	}
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := m.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}
