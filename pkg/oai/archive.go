package oai

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/history"
	"github.com/fonds-archive/fonds/pkg/model"
)

// Options describe a repository built from finding aids.
type Options struct {
	// Name is the repositoryName; "" takes the name of the finding aids'
	// repository when they share one.
	Name string
	// BaseURL is the address harvesters send requests to; "" takes it
	// from each request.
	BaseURL string
	// Admin are the addresses of the repository's administrators.
	Admin []string
	// ID is the repository identifier of the records' identifiers, a
	// domain name such as "archives.example.org".
	ID string
	// NoSets builds a repository without sets.
	NoSets    bool
	PageSize  int
	PageBytes int64
}

// DefaultID is the repository identifier when none is given: a name under
// .localhost, which no one can register (RFC 6761), so that an identifier
// of a preview is never taken for a published one.
const DefaultID = "fonds.localhost"

// Identifier is the OAI identifier of a finding aid:
// oai:<repository identifier>:<EAD identifier>, the EAD identifier
// percent-encoded where the oai-identifier syntax requires it. It depends
// only on the two, so it stays the same across builds and restarts.
func Identifier(repositoryID, eadid string) string {
	var b strings.Builder
	b.WriteString("oai:" + repositoryID + ":")
	for i := 0; i < len(eadid); i++ {
		c := eadid[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'();/?:@&=+$,", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// New builds the repository of a build: one record per finding aid, dated
// by stamps (in the order of archives), with its EAD read from dir, where
// the build wrote dir/<slug>/<slug>.xml, and its Dublin Core mapped from
// that EAD. Records are in sets by repository ("isil:NL-AmISG", under
// "isil") and by the level of the described material ("level:fonds",
// "level:collection", under "level").
func New(archives []*model.Archive, dir string, stamps []history.Stamp, opt Options) (*Repository, error) {
	r := &Repository{Name: opt.Name, BaseURL: opt.BaseURL, Admin: opt.Admin, ID: opt.ID,
		Formats: Formats, PageSize: opt.PageSize, PageBytes: opt.PageBytes}
	if r.ID == "" {
		r.ID = DefaultID
	}
	names := map[string]string{} // setSpec → setName
	var repos []string
	for i, a := range archives {
		f := a.Fonds
		path := filepath.Join(dir, a.Slug(), ead.FileName(a))
		file, err := OpenFile(path)
		if err != nil {
			return nil, err
		}
		dc, err := dublinCoreFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rec := &Record{
			Identifier: Identifier(r.ID, f.FindingAid.ID),
			Datestamp:  stamps[i].Time.UTC(),
			Metadata:   map[string]Metadata{EAD.Prefix: file, DC.Prefix: Bytes(dc)},
		}
		if isil := setPart(f.Repository.ISIL); isil != "" {
			spec := "isil:" + isil
			rec.Sets = append(rec.Sets, spec)
			names["isil"] = "Repositories, by ISIL"
			if names[spec] == "" {
				names[spec] = strings.TrimSpace(f.Repository.Name + " (" + f.Repository.ISIL + ")")
			}
		}
		level := f.Level
		if level == "" {
			level = "fonds"
		}
		if l := setPart(level); l != "" {
			rec.Sets = append(rec.Sets, "level:"+l)
			names["level"] = "Levels of description"
			names["level:"+l] = "Finding aids of a " + level
		}
		if n := f.Repository.Name; n != "" && !slices.Contains(repos, n) {
			repos = append(repos, n)
		}
		r.Records = append(r.Records, rec)
	}
	slices.SortFunc(r.Records, func(a, b *Record) int { return strings.Compare(a.Identifier, b.Identifier) })
	for i := 1; i < len(r.Records); i++ {
		if r.Records[i].Identifier == r.Records[i-1].Identifier {
			return nil, fmt.Errorf("two finding aids have the identifier %s", r.Records[i].Identifier)
		}
	}
	if r.Name == "" {
		r.Name = "Finding aids"
		if len(repos) == 1 {
			r.Name = repos[0]
		}
	}
	if opt.NoSets {
		for _, rec := range r.Records {
			rec.Sets = nil
		}
		return r, nil
	}
	for spec, name := range names {
		r.Sets = append(r.Sets, Set{Spec: spec, Name: name})
	}
	slices.SortFunc(r.Sets, func(a, b Set) int { return strings.Compare(a.Spec, b.Spec) })
	return r, nil
}

// setPart makes s a part of a setSpec: characters a setSpec cannot hold
// (an ISIL's "/" and ":", spaces) become "_".
func setPart(s string) string {
	b := []byte(strings.TrimSpace(s))
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0) {
			b[i] = '_'
		}
	}
	return string(b)
}

func dublinCoreFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DublinCore(f)
}
