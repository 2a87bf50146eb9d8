package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/oai"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/site"
	"github.com/fonds-archive/fonds/pkg/source"
)

// buildFlags are the options of fonds build; each output reads its own.
type buildFlags struct {
	out       string
	force     bool // replace a non-empty output folder fonds did not write
	strict    bool
	format    string
	only      string           // comma-separated outputs to write; empty for all
	internal  bool             // publish units and notes marked internal
	numbered  bool             // EAD: c01…c12 instead of c
	profile   string           // EAD: aggregator profile
	templates string           // HTML: folder of templates overriding the built-in ones
	paper     string           // PDF: a4 or letter
	noCache   bool             // build everything afresh
	warn      func(msg string) // prints an output's warning; safe for concurrent use
}

func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build")
	var f buildFlags
	fs.StringVar(&f.out, "o", "dist", "output folder, replaced whole by each build")
	fs.BoolVar(&f.force, "force", false, "replace the output folder even if fonds did not write it")
	fs.StringVar(&f.format, "format", "text", "how to print problems: text, json or github")
	f.register(fs)
	fs.BoolVar(&f.noCache, "no-cache", false, "build every finding aid afresh, without the build cache beside the output folder (see the README)")
	var sf staticFlags
	sf.register(fs)
	dirs, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	switch f.format {
	case source.FormatText, source.FormatJSON, source.FormatGitHub:
	default:
		fmt.Fprintf(e.stderr, "fonds build: unknown format %q (want text, json or github)\n", f.format)
		return ExitUsage
	}
	var mu sync.Mutex
	f.warn = func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(e.stderr, "fonds build: warning: %s\n", source.Printable(msg))
	}
	outputs, keys, err := selectOutputs(f)
	if err == nil {
		outputs, err = sf.add(outputs)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds build: %s\n", source.Printable(err.Error()))
		return ExitUsage
	}
	// SOURCE_DATE_EPOCH dates the PDF: a wrong one is said before the
	// build, not after every other output is written.
	for i, o := range outputs {
		if p, ok := o.(pdf.Output); ok {
			created, err := pdf.EpochDate()
			if err == nil {
				p.Created = created
				outputs[i] = p
				keys[p.Name()], err = build.Key(p.Options)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "fonds build: %s\n", source.Printable(err.Error()))
				return ExitUsage
			}
		}
	}
	if len(dirs) == 0 {
		dirs = []string{DefaultSources}
	}
	found, err := build.Discover(dirs)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds: %s\n", source.Printable(err.Error()))
		return ExitFailure
	}
	reading := e.reserveHeap(found)
	opt := f.options(outputs)
	opt.Reading = reading
	opt.Force = f.force
	if !f.noCache {
		opt.Cache = &build.Cache{Keys: keys}
	}
	results, err := build.Compile(found, f.out, opt, outputs)
	var oerr *build.OutputError
	if errors.As(err, &oerr) {
		fmt.Fprintf(e.stderr, "fonds build: %s\n", source.Printable(err.Error()))
		return ExitUsage
	}
	if rerr := report(e, results, f.format); rerr != nil {
		fmt.Fprintf(e.stderr, "fonds build: %v\n", rerr)
		return ExitFailure
	}
	var left *build.LeftoverError
	switch {
	case errors.As(err, &left):
		// The new output is in place: the build did its job.
		fmt.Fprintf(e.stderr, "fonds build: warning: %v\n", err)
	case errors.Is(err, build.ErrProblems):
		fmt.Fprintf(e.stderr, "fonds build: %s\n", source.Printable(err.Error()))
		return ExitProblems
	case err != nil:
		fmt.Fprintf(e.stderr, "fonds build: %s\n", source.Printable(err.Error()))
		return ExitFailure
	}
	var names []string
	for _, o := range outputs {
		if _, ok := o.(oai.Static); !ok {
			names = append(names, o.Name())
		}
	}
	for _, r := range results {
		fmt.Fprintf(e.stdout, "wrote %s/%s (%s)\n", source.Printable(f.out), r.Slug, strings.Join(names, ", "))
	}
	if sf.gateway != "" {
		fmt.Fprintf(e.stdout, "wrote %s/%s (OAI static repository; base URL %s)\n", f.out, oai.StaticFile, sf.base)
	}
	return ExitOK
}

// register adds the options that fonds build and fonds serve share: what
// to check and which outputs to write, and how.
func (f *buildFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fs.StringVar(&f.only, "only", "", "write only these outputs, comma-separated: ead, html, pdf")
	fs.BoolVar(&f.internal, "internal", false, "also publish units and notes marked internal")
	fs.BoolVar(&f.numbered, "numbered", false, "EAD: write numbered components c01…c12 instead of c")
	fs.StringVar(&f.profile, "profile", "default", "EAD: aggregator profile: "+strings.Join(ead.Profiles(), ", ")+" (see the README)")
	fs.StringVar(&f.templates, "templates", "", "HTML: folder of templates that replace the built-in ones")
	fs.StringVar(&f.paper, "paper", "a4", "PDF: paper size, a4 or letter")
}

// options are the build options of the flags, for these outputs.
func (f *buildFlags) options(outputs []build.Output) build.Options {
	opt := build.Options{Strict: f.strict, Warn: f.warn}
	for _, o := range outputs {
		if _, ok := o.(pdf.Output); ok {
			opt.Checkers = append(opt.Checkers, build.Glyphs{Printable: pdf.HasGlyph}) // warn of what the PDF cannot print
		}
	}
	if f.templates != "" {
		opt.Keep = append(opt.Keep, f.templates)
	}
	return opt
}

// allOutputs builds every output fonds knows, configured from the flags, in
// the order they are written, and the key of each for the build cache: a
// digest of its options (build.Key). The PDF's is made once its date is
// known (runBuild).
func allOutputs(f buildFlags) ([]build.Output, map[string]string, error) {
	if err := ead.CheckProfile(f.profile); err != nil {
		return nil, nil, err
	}
	eo := ead.Options{Numbered: f.numbered, Profile: f.profile, Internal: f.internal, Warn: f.warn}
	eadKey, err := build.Key(eo)
	if err != nil {
		return nil, nil, err
	}
	html, htmlKey, err := htmlOutput(f)
	if err != nil {
		return nil, nil, err
	}
	paper := strings.ToLower(f.paper)
	if !slices.Contains(pdf.Papers, paper) {
		return nil, nil, fmt.Errorf("unknown paper size %q for --paper (want %s)", f.paper, strings.Join(pdf.Papers, " or "))
	}
	outs := []build.Output{ead.Output{Options: eo}, html, pdf.Output{Options: pdf.Options{Paper: paper, Internal: f.internal}}}
	return outs, map[string]string{"ead": eadKey, "html": htmlKey}, nil
}

// isEAD reports whether o is the EAD output, which the OAI-PMH repository
// and the static repository serve (by its name: the build cache wraps it).
func isEAD(o build.Output) bool { return o.Name() == (ead.Output{}).Name() }

// htmlOutput is the static site; --templates names a folder whose files
// replace the built-in templates one by one. Its cache key is taken before
// the site reads the folder, so that a file changed in between is built
// again by the next build rather than kept under the wrong key.
func htmlOutput(f buildFlags) (build.Output, string, error) {
	opt := site.Options{Internal: f.internal}
	if f.templates != "" {
		info, err := os.Stat(f.templates)
		if err != nil || !info.IsDir() {
			return nil, "", fmt.Errorf("--templates %s: not a folder", f.templates)
		}
		// Read through an os.Root, so that nothing outside the folder can
		// be reached; site.New reads every file before the build starts.
		root, err := os.OpenRoot(f.templates)
		if err != nil {
			return nil, "", fmt.Errorf("--templates %s: %v", f.templates, err)
		}
		defer root.Close()
		opt.Templates = load.RootFS(root)
	}
	key, err := build.Key(opt)
	if err != nil {
		return nil, "", err
	}
	o, err := site.New(opt)
	if err != nil {
		return nil, "", err
	}
	return o, key, nil
}

// selectOutputs applies --only.
func selectOutputs(f buildFlags) ([]build.Output, map[string]string, error) {
	all, keys, err := allOutputs(f)
	if err != nil {
		return nil, nil, err
	}
	if f.only == "" {
		return all, keys, nil
	}
	var out []build.Output
	for _, name := range strings.Split(f.only, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, o := range all {
			if o.Name() == name {
				out = append(out, o)
				found = true
			}
		}
		if !found {
			var names []string
			for _, o := range all {
				names = append(names, o.Name())
			}
			return nil, nil, fmt.Errorf("unknown output %q in --only (want %s)", name, strings.Join(names, ", "))
		}
	}
	return out, keys, nil
}
