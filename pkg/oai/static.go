package oai

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/fonds-archive/fonds/pkg/history"
	"github.com/fonds-archive/fonds/pkg/model"
)

// StaticLimit is the most records a static repository holds: the
// specification is for collections of 1 to 5,000 records.
const StaticLimit = 5000

// StaticFile is the name of the static repository in the output folder.
const StaticFile = "static-repository.xml"

// StaticBase is the base URL at which a static repository published at
// fileURL is harvested through the gateway at gateway: the gateway's URL,
// a slash, and the file's URL without its scheme, a port's colon encoded
// ("Specification for an OAI Static Repository and an OAI Static
// Repository Gateway", section 2).
func StaticBase(gateway, fileURL string) (string, error) {
	g, err := url.Parse(gateway)
	if err != nil || (g.Scheme != "http" && g.Scheme != "https") || g.Host == "" {
		return "", fmt.Errorf("the gateway %q is not an http or https URL", gateway)
	}
	f, err := url.Parse(fileURL)
	if err != nil || (f.Scheme != "http" && f.Scheme != "https") || f.Host == "" {
		return "", fmt.Errorf("the static repository's URL %q is not an http or https URL", fileURL)
	}
	if f.RawQuery != "" || f.Fragment != "" || strings.HasSuffix(fileURL, "?") || strings.Contains(fileURL, "#") {
		return "", fmt.Errorf("the static repository's URL %q has a query or a fragment, which the specification does not allow", fileURL)
	}
	rest := strings.Replace(f.Host, ":", "%3A", 1) + f.EscapedPath()
	return strings.TrimSuffix(gateway, "/") + "/" + rest, nil
}

// WriteStatic writes r as an OAI Static Repository: one XML file that a
// static repository gateway serves at base. It holds what the
// specification allows: datestamps to the day, no sets, no deleted
// records, no resumption tokens, and at most StaticLimit records, with
// every record in every format that has metadata for it.
func (r *Repository) WriteStatic(w io.Writer, base string) error {
	if len(r.Records) == 0 {
		return fmt.Errorf("a static repository holds one record at least")
	}
	if len(r.Records) > StaticLimit {
		return fmt.Errorf("%d finding aids: a static repository holds at most %d records; run fonds serve instead", len(r.Records), StaticLimit)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	x := &xmlWriter{w: bw, p: "oai:", day: true}
	plain := &Repository{Name: r.Name, Admin: r.Admin, ID: r.ID}
	for _, rec := range r.Records {
		plain.Records = append(plain.Records, &Record{Identifier: rec.Identifier, Datestamp: rec.Datestamp, Metadata: rec.Metadata})
	}
	var formats []Format
	for _, f := range r.Formats {
		for _, rec := range r.Records {
			if rec.Metadata[f.Prefix] != nil {
				formats = append(formats, f)
				break
			}
		}
	}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<Repository xmlns="` + nsStatic + `" xmlns:oai="` + nsOAI + `" xmlns:xsi="` + nsXSI + `" xsi:schemaLocation="` + nsStatic + " " + schemaStatic + `">` + "\n")
	x.raw("  <Identify>\n")
	plain.identifyBody(x, 2, base)
	x.raw("  </Identify>\n  <ListMetadataFormats>\n")
	plain.metadataFormatsBody(x, 2, formats)
	x.raw("  </ListMetadataFormats>\n")
	for _, f := range formats {
		x.raw(`  <ListRecords metadataPrefix="` + escape(f.Prefix, true) + `">` + "\n")
		for _, rec := range plain.Records {
			if rec.Metadata[f.Prefix] == nil {
				continue
			}
			if err := x.record(2, rec, f.Prefix); err != nil {
				return err
			}
		}
		x.raw("  </ListRecords>\n")
	}
	x.raw("</Repository>\n")
	return bw.Flush()
}

// Static is the output of fonds build that writes a static repository of
// the finding aids built, beside their index: StaticFile. It needs the
// EAD output, whose files it reads.
type Static struct {
	Options
	Gateway string // the static repository gateway's URL
	URL     string // where StaticFile will be published
}

// Name implements build.Output.
func (Static) Name() string { return "oai" }

// Write implements build.Output: the static repository is written once
// for all finding aids, by WriteIndex.
func (Static) Write(*model.Archive, string) error { return nil }

// WriteIndex implements build.Indexer.
func (s Static) WriteIndex(archives []*model.Archive, dir string) error {
	base, err := StaticBase(s.Gateway, s.URL)
	if err != nil {
		return err
	}
	src := make([]history.Sources, len(archives))
	for i, a := range archives {
		src[i] = history.Sources{Dir: a.Dir, Files: a.Files}
	}
	stamps, err := history.Of(src)
	if err != nil {
		return err
	}
	opt := s.Options
	if opt.ID == "" {
		u, _ := url.Parse(s.URL)
		opt.ID = u.Hostname()
	}
	repo, err := New(archives, dir, stamps, opt)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, StaticFile))
	if err != nil {
		return err
	}
	if err := repo.WriteStatic(f, base); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
