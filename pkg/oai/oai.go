// Package oai is fonds's OAI-PMH 2.0 data provider: the six verbs over
// HTTP GET and POST, every error condition of the protocol, resumption
// tokens that carry the whole query (no state on the server), and the OAI
// Static Repository file that fonds build writes for small collections.
//
// A Repository is built once from a build's finding aids (see Records) and
// never changed: a server answers each request from the Repository of the
// last good build, so a list request sequence that spans a rebuild is told
// so (badResumptionToken) instead of skipping or repeating records.
//
// # Metadata formats
//
// Formats lists the formats fonds knows, in the order ListMetadataFormats
// gives them; each Record holds its metadata by prefix. A format is added
// by declaring its Format, adding it to Formats, and giving each record
// that has it a Metadata under its prefix (see Records): for example
// "ape_ead", the Archives Portal Europe profile of EAD, once fonds writes
// it. A record without metadata in a format is not listed in that format,
// and GetRecord answers cannotDisseminateFormat for it.
package oai

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"
)

// A Format is a metadata format: its metadataPrefix, the URL of its XML
// schema and its XML namespace.
type Format struct {
	Prefix    string
	Schema    string
	Namespace string
}

// The formats fonds disseminates.
var (
	// DC is unqualified Dublin Core, which every OAI-PMH repository must
	// disseminate; fonds maps it from the fonds-level description (see
	// DublinCore).
	DC = Format{"oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"}
	// EAD is the EAD 2002 file of a finding aid, whole.
	EAD = Format{"ead", "http://www.loc.gov/ead/ead.xsd", "urn:isbn:1-931666-22-9"}
)

// Formats are the formats of a repository built by Records, in order.
var Formats = []Format{DC, EAD}

// Metadata is a record's metadata in one format: one XML element (no XML
// declaration), whose root declares its namespace and schema location.
type Metadata interface {
	// Size is the number of bytes WriteTo writes.
	Size() int64
	WriteTo(w io.Writer) (int64, error)
}

// Bytes is metadata held in memory.
type Bytes []byte

// Size implements Metadata.
func (b Bytes) Size() int64 { return int64(len(b)) }

// WriteTo implements Metadata.
func (b Bytes) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}

// A File is metadata read from an XML file each time it is written, such as
// an EAD file of a build. Its XML declaration is left out.
type File struct {
	Path string
	skip int64 // bytes of the XML declaration and the white space after it
	size int64 // bytes written
}

// OpenFile describes the XML file at path as Metadata. The file must stay
// unchanged while the File is in use.
func OpenFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	head := make([]byte, 256)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	skip := declaration(head[:n])
	return &File{Path: path, skip: int64(skip), size: info.Size() - int64(skip)}, nil
}

// declaration returns the length of the XML declaration at the start of
// data and of the white space after it; 0 when there is none.
func declaration(data []byte) int {
	if !bytes.HasPrefix(data, []byte("<?xml ")) {
		return 0
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return 0
	}
	n := end + 2
	for n < len(data) && (data[n] == ' ' || data[n] == '\n' || data[n] == '\r' || data[n] == '\t') {
		n++
	}
	return n
}

// Size implements Metadata.
func (f *File) Size() int64 { return f.size }

// WriteTo implements Metadata.
func (f *File) WriteTo(w io.Writer) (int64, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	if _, err := file.Seek(f.skip, io.SeekStart); err != nil {
		return 0, err
	}
	n, err := io.Copy(w, bufio.NewReaderSize(file, 64<<10))
	if err == nil && n != f.size {
		err = fmt.Errorf("%s changed while it was served: %d bytes instead of %d", f.Path, n, f.size)
	}
	return n, err
}

// A Record is one item of the repository (a finding aid) with its metadata
// in every format it has.
type Record struct {
	Identifier string
	Datestamp  time.Time // UTC, whole seconds
	Sets       []string  // the setSpecs of the sets it is in, the most specific only
	Metadata   map[string]Metadata
}

// A Set is a set of records. Sets are hierarchical: a record in
// "isil:NL-AmISG" is in "isil" too.
type Set struct {
	Spec string
	Name string
}

// A Repository is what the provider serves. It is not changed once built.
type Repository struct {
	Name    string   // repositoryName
	BaseURL string   // the base URL; "" takes it from each request's Host
	Admin   []string // adminEmail, at least one
	// ID is the repository identifier of the records' oai-identifiers: a
	// domain name, such as "archives.example.org".
	ID      string
	Formats []Format
	Records []*Record // in identifier order
	// Sets are the repository's sets, in order; with none, the repository
	// answers noSetHierarchy to every request that names or lists sets.
	Sets []Set
	// PageSize is the most headers or records one response of a list
	// carries; PageBytes bounds the metadata of one ListRecords response
	// too (one record at least is always given).
	PageSize  int
	PageBytes int64
}

// Default page sizes.
const (
	DefaultPageSize  = 100
	DefaultPageBytes = 8 << 20
)

func (r *Repository) format(prefix string) (Format, bool) {
	for _, f := range r.Formats {
		if f.Prefix == prefix {
			return f, true
		}
	}
	return Format{}, false
}

func (r *Repository) record(id string) *Record {
	lo, hi := 0, len(r.Records)
	for lo < hi {
		m := (lo + hi) / 2
		if r.Records[m].Identifier < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.Records) && r.Records[lo].Identifier == id {
		return r.Records[lo]
	}
	return nil
}

func (r *Repository) hasSet(spec string) bool {
	for _, s := range r.Sets {
		if s.Spec == spec {
			return true
		}
	}
	return false
}

// earliest is the earliest datestamp of the repository.
func (r *Repository) earliest() time.Time {
	var t time.Time
	for i, rec := range r.Records {
		if i == 0 || rec.Datestamp.Before(t) {
			t = rec.Datestamp
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return t
}

func (r *Repository) pageSize() int {
	if r.PageSize > 0 {
		return r.PageSize
	}
	return DefaultPageSize
}

func (r *Repository) pageBytes() int64 {
	if r.PageBytes > 0 {
		return r.PageBytes
	}
	return DefaultPageBytes
}

// inSet reports whether a record is in the set spec or in one below it.
func (rec *Record) inSet(spec string) bool {
	for _, s := range rec.Sets {
		if s == spec || len(s) > len(spec) && s[:len(spec)] == spec && s[len(spec)] == ':' {
			return true
		}
	}
	return false
}
