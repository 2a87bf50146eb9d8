// Package load reads the YAML sources of a finding aid: fonds.yaml and every
// file it names, following includes. Parse turns each file into a Doc (its
// yaml.Node tree, which keeps every line and column, and the plain value the
// schema validator reads); Decode turns the Docs into a model.Archive whose
// every node remembers its position. Load does both a file at a time: each
// file is checked (by package validate, handed in) and decoded into a
// fragment of the model by the goroutine that parsed it, its tree dropped
// right after, and the fragments are stitched together where their files
// are included; so the trees of all the files are never held at once.
//
// Loading is where hostile input is stopped: files are read through an
// os.Root, so neither ".." nor a symbolic link can reach outside the finding
// aid's folder; only regular files are read, so a named pipe or a device
// cannot hang or flood a check (RootFS); and sizes, nesting, alias
// expansion (in values and in bytes) and numbers are bounded (see Options,
// MaxNumber).
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// Options bound what a finding aid may ask of fonds. The zero value means
// the defaults (DefaultOptions).
type Options struct {
	MaxFileSize   int64 // bytes per source file
	MaxValueSize  int   // bytes per single value
	MaxDepth      int   // YAML nesting levels
	MaxValues     int   // values per file, aliases expanded
	MaxText       int64 // bytes of text per file, aliases expanded
	MaxFiles      int   // source files per finding aid
	MaxComponents int   // components per finding aid
}

// DefaultOptions are the documented limits (README, "What fonds rejects").
var DefaultOptions = Options{
	MaxFileSize:   64 << 20,
	MaxValueSize:  1 << 20,
	MaxDepth:      256,
	MaxValues:     20_000_000,
	MaxText:       64 << 20,
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
	if o.MaxText > 0 {
		d.MaxText = o.MaxText
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
	KindParts       = "parts" // a file named by include that holds a list of units
	KindAuthorities = "authorities"
	KindReels       = "reels"
	KindChronology  = "chronology"
)

// RootFile is the file every finding aid starts from.
const RootFile = "fonds.yaml"

// IsYAML reports whether a file's name is a YAML file's (.yaml or .yml),
// as every source file's is.
func IsYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// A Doc is one parsed source file.
type Doc struct {
	Name  string     // path shown in diagnostics: the folder as given, then the path inside it
	Rel   string     // slash-separated path inside the finding aid's folder
	Kind  string     // KindFonds, KindSeries, …
	Via   source.Pos // the include that named it; zero for fonds.yaml
	Root  *yaml.Node // the top mapping; nil if the file could not be parsed
	Value any        // plain value, for gojsonschema; built by Parse, not by Load (see PlainValue); nil if the file could not be parsed
	Data  []byte     // the file's bytes, for exact positions inside block scalars

	lines []int // offsets where lines start, built on first use
}

// A Set is the parsed sources of one finding aid.
type Set struct {
	Dir   string  // the folder, as given
	Docs  []*Doc  // fonds.yaml first, then in the order they are named
	nodes []*node // the mentions the Docs were read for, in the same order
	opt   Options

	pathsMu sync.Mutex
	paths   map[string]map[[2]int]string // PathAt's, by file, made on its first call for the file
}

// A Checker checks one parsed file (package validate's Doc); Load runs it
// on each file as soon as the file is parsed, before its tree is dropped.
type Checker func(*Doc) source.List

// Parse reads fonds.yaml from fsys and every file it names, in order. dir is
// how the folder is named in diagnostics ("sources/trotsky-ilo"). fsys
// should be an os.Root's FS (see build.Check) so that symbolic links cannot
// lead outside the folder.
//
// Files are read and parsed concurrently, as soon as the file that names
// them has been parsed; the Docs, and which of two mentions of a file counts
// as the first, follow the order in which files are named, whatever order
// the parsing finished in.
//
// Every Doc keeps its tree (Root) and its plain value (Value), for callers
// that read them (fonds fmt); Load is the way to check a finding aid.
func Parse(fsys fs.FS, dir string, opt Options) (*Set, source.List) {
	p := newParser(fsys, dir, opt)
	p.run()
	return p.set, p.diags
}

// Load reads, checks and decodes a finding aid: Parse, check on each file
// and Decode in one, a file at a time. Each file is checked and decoded by
// the goroutine that parsed it, as soon as it is parsed, into a fragment of
// the model (a series file into its component, a file of parts into its
// components, an authorities file into its records), and its tree and
// plain value are dropped then; the fragments are stitched in where their
// files are included once every file is read. What it reports, and the
// model, are those of Parse, check on every Doc and Decode. check may be
// nil. The Docs it returns have neither Root nor Value.
func Load(fsys fs.FS, dir string, opt Options, check Checker) (*Set, *model.Archive, source.List) {
	p := newParser(fsys, dir, opt)
	p.stream, p.check = true, check
	p.run()
	diags := p.diags
	a, more := p.set.stitch()
	diags.Append(more)
	return p.set, a, diags
}

func newParser(fsys fs.FS, dir string, opt Options) *parser {
	return &parser{
		set:  &Set{Dir: dir, opt: opt.withDefaults()},
		fsys: fsys,
		sem:  make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
}

// run reads fonds.yaml and every file it names, and finds the files of the
// folder that no file names.
func (p *parser) run() {
	root := p.start(RootFile, KindFonds, source.Pos{}, nil, nil)
	p.wg.Wait()
	seen := map[string]*node{}
	p.flatten(root, seen)
	p.unreached(seen)
}

type parser struct {
	set   *Set
	fsys  fs.FS
	diags source.List
	sem   chan struct{} // bounds the files parsed at once
	wg    sync.WaitGroup
	files atomic.Int64 // files started, for MaxFiles

	stream bool    // check and decode each file as soon as it is parsed (Load)
	check  Checker // with stream: run on each file parsed
}

// A node is one mention of a file in the tree of files that name each other.
type node struct {
	rel, kind string
	via       source.Pos
	entry     *yaml.Node         // the include entry that named it, for series
	doc       *Doc               // nil when it could not be read
	stopped   bool               // not read: it closes a cycle, or there are too many files
	missing   *source.Diagnostic // the error that the file does not exist
	diags     source.List
	children  []*node     // in the order named
	first     bool        // the mention of its file that counts (see flatten)
	checked   source.List // what Load's check reported on the file
	frag      *fragment   // the file decoded; nil until it is
}

// start parses a file in the background and, when it is parsed, the files it
// names. chain holds the files that (transitively) include this one.
func (p *parser) start(rel, kind string, via source.Pos, entry *yaml.Node, chain []string) *node {
	n := &node{rel: rel, kind: kind, via: via, entry: entry}
	for i, c := range chain {
		if c == rel {
			cycle := append(append([]string{}, chain[i:]...), rel)
			n.diags.Errorf(via, "", "include cycle: %s", strings.Join(cycle, " → "))
			n.stopped = true
			return n
		}
	}
	if p.files.Add(1) > int64(p.set.opt.MaxFiles) {
		n.diags.Errorf(via, "", "more than %d source files", p.set.opt.MaxFiles)
		n.stopped = true
		return n
	}
	chain = append(chain[:len(chain):len(chain)], rel)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.sem <- struct{}{}
		defer func() { <-p.sem }()
		p.file(n)
		if n.doc == nil || n.doc.Root == nil {
			return
		}
		p.follow(n, chain)
		if p.stream {
			if p.check != nil {
				n.checked = p.check(n.doc)
			}
			n.doc.Value = nil
			n.frag = decodeFile(n) // drops the tree
		}
	}()
	return n
}

// file reads and parses the file of n.
func (p *parser) file(n *node) {
	doc := &Doc{Name: p.display(n.rel), Rel: n.rel, Kind: n.kind, Via: n.via}
	data, err := p.read(n.rel)
	if err != nil {
		pos := n.via
		if !pos.IsValid() {
			pos = source.Pos{File: doc.Name}
		}
		d := n.diags.Errorf(pos, "", "%s", err)
		if errors.Is(err, fs.ErrNotExist) {
			n.missing = d
		}
		return
	}
	data = crLines(data)
	doc.Data = data
	// Load's checker walks the tree; only Parse's callers read Value.
	doc.Root, doc.Value = parseYAML(doc.Name, data, p.set.opt, n.kind == KindSeries, !p.stream, &n.diags)
	if p.stream && doc.Root != nil {
		// Decoded into the model (parseYAML has checked the tree's
		// depth and aliases): its values in one block. Parse, whose
		// callers read Value, made of the parser's strings, does not.
		packScalars(doc.Root)
	}
	if n.kind == KindSeries && doc.Root != nil && doc.Root.Kind == yaml.SequenceNode {
		// A file that holds a list of units, part of a long list: it
		// stands for them where it is included.
		doc.Kind = KindParts
	}
	n.doc = doc
}

// follow starts the files that n's file names.
func (p *parser) follow(n *node, chain []string) {
	p.named(n, func(rel, kind string, via source.Pos, entry *yaml.Node) {
		n.children = append(n.children, p.start(rel, kind, via, entry, chain))
	})
}

// named calls add with each file that n's file names, in order: the
// authorities, reels and chronology of a fonds.yaml, and the includes of
// contents at any depth.
func (p *parser) named(n *node, add func(rel, kind string, via source.Pos, entry *yaml.Node)) {
	doc := n.doc
	switch doc.Kind {
	case KindFonds:
		for _, f := range []struct{ key, kind string }{
			{"authorities", KindAuthorities}, {"reels", KindReels}, {"chronology", KindChronology}} {
			if v := mapValue(doc.Root, f.key); v != nil {
				p.names(n, v, f.kind, add)
			}
		}
		p.contents(n, mapValue(doc.Root, "contents"), add)
	case KindSeries:
		p.contents(n, mapValue(doc.Root, "contents"), add)
	case KindParts:
		p.contents(n, doc.Root, add)
	}
}

// flatten walks the tree depth first, in the order files are named, and
// keeps the first mention of each file.
func (p *parser) flatten(n *node, seen map[string]*node) {
	if n.stopped {
		p.diags.Append(n.diags)
		return
	}
	if first, dup := seen[n.rel]; dup {
		d := p.diags.Errorf(n.via, "", "%s is named twice; a file can be read only once", n.rel)
		if first.via.IsValid() {
			d.Note(first.via, "first named here")
		}
		return
	}
	seen[n.rel] = n
	n.first = true
	p.diags.Append(n.diags)
	p.diags.Append(n.checked)
	if n.doc != nil {
		p.set.Docs = append(p.set.Docs, n.doc)
		p.set.nodes = append(p.set.nodes, n)
	}
	for _, c := range n.children {
		p.flatten(c, seen)
	}
}

func (p *parser) display(rel string) string {
	if p.set.Dir == "" || p.set.Dir == "." {
		return rel
	}
	return strings.TrimSuffix(p.set.Dir, "/") + "/" + rel
}

// names follows a file name or a list of them.
func (p *parser) names(n *node, v *yaml.Node, kind string, add func(string, string, source.Pos, *yaml.Node)) {
	var nodes []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		nodes = []*yaml.Node{v}
	case yaml.SequenceNode:
		nodes = v.Content
	}
	for _, e := range nodes {
		if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
			continue // the schema reports it
		}
		if rel, ok := p.resolvePath(n, e); ok {
			add(rel, kind, nodePos(n.doc.Name, e), nil)
		}
	}
}

// contents follows the includes in a list of components (the contents of a
// component, or a file of units), at any depth of components written
// inline.
func (p *parser) contents(n *node, list *yaml.Node, add func(string, string, source.Pos, *yaml.Node)) {
	if list == nil || list.Kind != yaml.SequenceNode {
		return
	}
	for _, entry := range list.Content {
		if entry.Kind != yaml.MappingNode {
			continue
		}
		inc := mapValue(entry, "include")
		if inc == nil {
			p.contents(n, mapValue(entry, "contents"), add)
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
			n.diags.Errorf(nodePos(n.doc.Name, k), "", "an include stands alone; move %q into the included file", k.Value)
		}
		if rel, ok := p.resolvePath(n, inc); ok {
			add(rel, KindSeries, nodePos(n.doc.Name, inc), entry)
		}
	}
}

// resolvePath turns a file name written in doc into a path inside the folder,
// refusing names that would leave it.
func (p *parser) resolvePath(from *node, n *yaml.Node) (string, bool) {
	name := n.Value
	doc := from.doc
	pos := nodePos(doc.Name, n)
	diags := &from.diags
	switch {
	case name == "":
		return "", false
	case strings.Contains(name, `\`):
		diags.Errorf(pos, "", "file name %q uses \\; write paths with /", name)
		return "", false
	case path.IsAbs(name):
		diags.Errorf(pos, "", "file name %q is absolute; name files relative to this one, inside the finding aid's folder", name)
		return "", false
	}
	rel := path.Join(path.Dir(doc.Rel), name)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		diags.Errorf(pos, "", "file name %q leads outside the finding aid's folder", name)
		return "", false
	}
	if !fs.ValidPath(rel) {
		diags.Errorf(pos, "", "file name %q is not a valid path", name)
		return "", false
	}
	return rel, true
}

// read reads a file, bounded in size, with errors an archivist can act on.
// Only a regular file is read: a named pipe would block the read forever
// and a device (/dev/zero) would never end, and neither has a size to
// check beforehand. The kind is checked before the file is opened, and
// again on the opened file (see RootFS); the read stops past the limit
// whatever the size said.
func (p *parser) read(rel string) ([]byte, error) {
	info, err := fs.Stat(p.fsys, rel)
	if err != nil {
		return nil, explain(rel, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", rel)
	}
	if kind := Irregular(info.Mode()); kind != "" {
		return nil, fmt.Errorf("%s is %s, not a regular file; fonds reads only regular files", rel, kind)
	}
	if info.Size() > p.set.opt.MaxFileSize {
		return nil, fmt.Errorf("%s is %d bytes; the limit is %d", rel, info.Size(), p.set.opt.MaxFileSize)
	}
	f, err := p.fsys.Open(rel)
	if err != nil {
		return nil, explain(rel, err)
	}
	defer f.Close()
	size := info.Size()
	if info, err := f.Stat(); err == nil {
		if Irregular(info.Mode()) != "" {
			return nil, fmt.Errorf("%s is %s, not a regular file; fonds reads only regular files", rel, Irregular(info.Mode()))
		}
		size = min(info.Size(), p.set.opt.MaxFileSize) // it may have grown since
	}
	data, err := readSized(io.LimitReader(f, p.set.opt.MaxFileSize+1), size)
	if err != nil {
		return nil, explain(rel, err)
	}
	if int64(len(data)) > p.set.opt.MaxFileSize {
		return nil, fmt.Errorf("%s is more than %d bytes", rel, p.set.opt.MaxFileSize)
	}
	return data, nil
}

// readSized reads r to its end into a buffer of the size the file is said
// to have, and one byte more to see the end, as os.ReadFile does: the
// bytes are kept while the file is decoded (Doc.Data), and io.ReadAll,
// which doubles its buffer as it goes, would allocate and keep up to twice
// the file. A file that grew since it was measured is still read whole.
func readSized(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // grow, as append does
		}
	}
}

// crLines turns the lone carriage returns that end the lines of a file
// saved by a classic Mac OS editor into line feeds, byte for byte, so that
// such a file reads as YAML reads it (a CR alone is a line break there too)
// and lines count the same everywhere. CRLF is left as it is.
func crLines(data []byte) []byte {
	i := bytes.IndexByte(data, '\r')
	if i < 0 {
		return data
	}
	out := slices.Clone(data)
	for ; i < len(out); i++ {
		if out[i] == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}

func explain(rel string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return explained{fmt.Sprintf("file %s does not exist", rel), err}
	case strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes"):
		return fmt.Errorf("%s is a symbolic link that leads outside the finding aid's folder", rel)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s cannot be read (permission denied)", rel)
	}
	return fmt.Errorf("%s cannot be read: %v", rel, unwrapPath(err))
}

// explained is an error in words an archivist can act on, which still
// is the error it explains (errors.Is).
type explained struct {
	msg string
	err error
}

func (e explained) Error() string { return e.msg }
func (e explained) Unwrap() error { return e.err }

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// unreached warns about YAML files in the folder that no file names: they
// are probably meant to be part of the finding aid.
func (p *parser) unreached(seen map[string]*node) {
	var missed []string
	fs.WalkDir(p.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && name != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && IsYAML(name) {
			if _, ok := seen[name]; !ok {
				missed = append(missed, name)
			}
		}
		return nil
	})
	sort.Strings(missed)
	// A file named but missing, beside a file with a near name that no
	// file names, is most likely that file misnamed: one mistake, told
	// once, at the name.
	told := map[string]bool{}
	for _, rel := range slices.Sorted(maps.Keys(seen)) {
		n := seen[rel]
		if n.missing == nil {
			continue
		}
		var near []string
		for _, m := range missed {
			if !told[m] {
				near = append(near, m)
			}
		}
		if m := source.Suggest(n.rel, near); m != "" {
			n.missing.Msg += fmt.Sprintf(" (did you mean %s? it is there, and no file names it)", m)
			// What that file names is not reported as named by no file
			// either.
			p.beside(m, n.kind, told, 0)
		}
	}
	for _, m := range missed {
		if !told[m] {
			p.diags.Warnf(source.Pos{File: p.display(m)}, "", "no file names %s, so it is not part of the finding aid", m)
		}
	}
}

// beside marks in into the file rel, of kind, and the files it names, at
// any depth, as far as they can be read: what a file would have brought
// in, had it been named. Nothing it finds is reported.
func (p *parser) beside(rel, kind string, into map[string]bool, depth int) {
	if into[rel] || depth > p.set.opt.MaxDepth {
		return
	}
	into[rel] = true
	data, err := p.read(rel)
	if err != nil {
		return
	}
	n := &node{rel: rel, kind: kind, doc: &Doc{Name: rel, Rel: rel, Kind: kind}}
	if n.doc.Root, _ = parseYAML(rel, crLines(data), p.set.opt, kind == KindSeries, false, &n.diags); n.doc.Root == nil {
		return
	}
	if kind == KindSeries && n.doc.Root.Kind == yaml.SequenceNode {
		n.doc.Kind = KindParts
	}
	p.named(n, func(rel, kind string, _ source.Pos, _ *yaml.Node) { p.beside(rel, kind, into, depth+1) })
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
