package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/pdf"
	"github.com/fonds-archive/fonds/pkg/source"
)

// DefaultSources is where fonds looks when no folder is named.
const DefaultSources = "sources"

func runCheck(e *env, args []string) int {
	fs := newFlags(e, "check")
	format := fs.String("format", "text", "how to print problems: text, json or github")
	strict := fs.Bool("strict", false, "fail on warnings too")
	var eo ead.Options
	fs.BoolVar(&eo.Internal, "internal", false, "check as a build with --internal would publish")
	fs.BoolVar(&eo.Numbered, "numbered", false, "EAD: check that the tree fits c01…c12")
	fs.StringVar(&eo.Profile, "profile", "default", "EAD: check for an aggregator profile: "+strings.Join(ead.Profiles(), ", "))
	dirs, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if err := ead.CheckProfile(eo.Profile); err != nil {
		fmt.Fprintf(e.stderr, "fonds check: %s\n", source.Printable(err.Error()))
		return ExitUsage
	}
	switch *format {
	case source.FormatText, source.FormatJSON, source.FormatGitHub:
	default:
		fmt.Fprintf(e.stderr, "fonds check: unknown format %q (want text, json or github)\n", *format)
		return ExitUsage
	}
	// The EAD's own checks run too, so that check finds everything a build
	// with the same options would refuse.
	opt := build.Options{Strict: *strict, Checkers: []build.Checker{ead.Output{Options: eo}, build.Glyphs{Printable: pdf.HasGlyph}}}
	results, code := check(e, dirs, opt)
	if results == nil {
		return code
	}
	if err := report(e, results, *format); err != nil {
		fmt.Fprintf(e.stderr, "fonds check: %s\n", source.Printable(err.Error()))
		return ExitFailure
	}
	for _, r := range results {
		if r.Failed(*strict) {
			return ExitProblems
		}
	}
	return ExitOK
}

// check discovers and checks finding aids; on a command-line problem it
// prints it and returns nil and the exit code.
func check(e *env, dirs []string, opt build.Options) ([]*build.Result, int) {
	if len(dirs) == 0 {
		dirs = []string{DefaultSources}
	}
	found, err := build.Discover(dirs)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds: %s\n", source.Printable(err.Error()))
		return nil, ExitFailure
	}
	opt.Reading = e.reserveHeap(found)
	return build.CheckAll(found, opt), ExitOK
}

func report(e *env, results []*build.Result, format string) error {
	var all source.List
	for _, r := range results {
		all.Append(r.Diags)
	}
	all.Sort()
	switch format {
	case source.FormatJSON:
		type summary struct {
			Dir   string `json:"dir"`
			ID    string `json:"id,omitempty"`
			Title string `json:"title,omitempty"`
			Stats any    `json:"stats,omitempty"`
		}
		out := struct {
			Diagnostics []source.JSONDiagnostic `json:"diagnostics"`
			FindingAids []summary               `json:"findingAids"`
			Errors      int                     `json:"errors"`
			Warnings    int                     `json:"warnings"`
		}{Diagnostics: source.JSONList(all)}
		out.Errors, out.Warnings = all.Count()
		for _, r := range results {
			s := summary{Dir: r.Dir}
			if r.Loaded() {
				s.ID, s.Title, s.Stats = r.ID, r.Title, r.Stats
			}
			out.FindingAids = append(out.FindingAids, s)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case source.FormatGitHub:
		if err := source.Write(e.stdout, all, format); err != nil {
			return err
		}
	default:
		if err := source.Write(e.stderr, all, format); err != nil {
			return err
		}
	}
	for _, r := range results {
		fmt.Fprint(e.stdout, summaryText(r))
	}
	return nil
}

// summaryText describes one checked finding aid in a few lines.
func summaryText(r *build.Result) string {
	var b strings.Builder
	if !r.Loaded() {
		fmt.Fprintf(&b, "%s: not checked further (fonds.yaml could not be read)\n", source.Printable(r.Dir))
		return b.String()
	}
	s := r.Stats
	status := "ok"
	if e, w := r.Diags.Count(); e+w > 0 {
		status = source.Summary(r.Diags)
	}
	// The id and title are the sources' words: escaped, so that a title
	// holding a line break cannot add a line (a workflow command, in CI).
	fmt.Fprintf(&b, "%s: %s (%s)\n", source.Printable(r.Dir), heading(source.Printable(r.ID), source.Printable(r.Title)), status)
	fmt.Fprintf(&b, "  components:  %d (%d with an inventory number)\n", s.Components, s.Numbered)
	fmt.Fprintf(&b, "  persons:     %d; %s of %s, %d maintained in the inventory\n",
		s.Persons, count(s.Pseudonyms, "pseudonym"), count(s.PersonsPseudonymed, "person"), s.Maintained)
	fmt.Fprintf(&b, "  bodies:      %s, %s\n", count(s.Bodies, "corporate body"), count(s.Places, "place"))
	fmt.Fprintf(&b, "  chronology:  %s\n", count(s.Events, "event"))
	fmt.Fprintf(&b, "  reels:       %d; %s on reels, %d of them described (%s)\n",
		s.Reels, count(s.OnReels, "inventory number"), s.Described, percent(s.Described, s.OnReels))
	return b.String()
}

// heading names a finding aid by its id and title, as far as the sources
// give them.
func heading(id, title string) string {
	switch {
	case id != "" && title != "":
		return id + " — " + title
	case id == "" && title == "":
		return "(no finding_aid.id, no title)"
	case id == "":
		return "(no finding_aid.id) — " + title
	}
	return id + " (no title)"
}

func percent(n, of int) string {
	if of == 0 {
		return "no reels"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// count is n and the noun, in the plural unless n is 1: "1 corporate
// body", "16 corporate bodies".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "body") {
		noun = strings.TrimSuffix(noun, "y") + "ies"
	} else {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
