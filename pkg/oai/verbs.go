package oai

import (
	"bufio"
	"io"
	"net/url"
	"strconv"
	"time"
)

// Answer writes the response to one request, given its arguments, the base
// URL it was sent to and the time of the response.
func (r *Repository) Answer(w io.Writer, values url.Values, base string, now time.Time) error {
	req, errs := parse(values)
	return r.answer(w, req, errs, base, now)
}

// answer writes the response to a request, or to errs when parse refused
// it (req is then nil).
func (r *Repository) answer(w io.Writer, req *request, errs []Error, base string, now time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	x := &xmlWriter{w: bw}
	var body func(x *xmlWriter) error
	if errs == nil {
		errs, body = r.verb(req, base)
	}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<OAI-PMH xmlns="` + nsOAI + `" xmlns:xsi="` + nsXSI + `" xsi:schemaLocation="` + nsOAI + " " + schemaOAI + `">` + "\n")
	x.leaf(1, "responseDate", now.UTC().Format(secondsLayout))
	// A request refused as badVerb or badArgument echoes no argument.
	var attrs []string
	if req != nil {
		attrs = append(attrs, "verb", req.verb)
		for _, k := range argOrder {
			if v, ok := req.args[k]; ok {
				attrs = append(attrs, k, v)
			}
		}
	}
	x.leaf(1, "request", base, attrs...)
	var err error
	if len(errs) > 0 {
		for _, e := range errs {
			x.leaf(1, "error", e.Msg, "code", e.Code)
		}
	} else {
		err = body(x)
	}
	x.raw("</OAI-PMH>\n")
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// verb checks a well-formed request against the repository. It returns the
// errors to answer, or the body of the response.
func (r *Repository) verb(req *request, base string) ([]Error, func(x *xmlWriter) error) {
	switch req.verb {
	case "Identify":
		return nil, func(x *xmlWriter) error {
			x.start(1, "Identify")
			r.identifyBody(x, 2, base)
			x.end(1, "Identify")
			return nil
		}
	case "ListMetadataFormats":
		return r.listMetadataFormats(req)
	case "ListSets":
		return r.listSets(req)
	case "GetRecord":
		return r.getRecord(req)
	default:
		return r.list(req)
	}
}

// identifyBody writes what Identify holds, at indent level n.
func (r *Repository) identifyBody(x *xmlWriter, n int, base string) {
	x.leaf(n, "repositoryName", r.Name)
	x.leaf(n, "baseURL", base)
	x.leaf(n, "protocolVersion", "2.0")
	for _, a := range r.Admin {
		x.leaf(n, "adminEmail", a)
	}
	x.leaf(n, "earliestDatestamp", x.stamp(r.earliest()))
	x.leaf(n, "deletedRecord", "no")
	if x.day {
		x.leaf(n, "granularity", "YYYY-MM-DD")
	} else {
		x.leaf(n, "granularity", "YYYY-MM-DDThh:mm:ssZ")
	}
	if len(r.Records) > 0 && domainSyntax.MatchString(r.ID) {
		x.start(n, "description")
		x.indent(n + 1)
		x.raw(`<oai-identifier xmlns="` + nsIdentifier + `" xmlns:xsi="` + nsXSI + `" xsi:schemaLocation="` + nsIdentifier + " " + schemaIdent + `">` + "\n")
		id := &xmlWriter{w: x.w}
		id.leaf(n+2, "scheme", "oai")
		id.leaf(n+2, "repositoryIdentifier", r.ID)
		id.leaf(n+2, "delimiter", ":")
		id.leaf(n+2, "sampleIdentifier", r.Records[0].Identifier)
		x.indent(n + 1)
		x.raw("</oai-identifier>\n")
		x.end(n, "description")
	}
}

func (r *Repository) listMetadataFormats(req *request) ([]Error, func(x *xmlWriter) error) {
	formats := r.Formats
	if id, ok := req.args["identifier"]; ok {
		rec := r.record(id)
		if rec == nil {
			return []Error{errorf(IDDoesNotExist, "there is no record %q", clip(id))}, nil
		}
		formats = nil
		for _, f := range r.Formats {
			if rec.Metadata[f.Prefix] != nil {
				formats = append(formats, f)
			}
		}
		if len(formats) == 0 {
			return []Error{errorf(NoMetadataFormats, "record %q has no metadata", id)}, nil
		}
	}
	return nil, func(x *xmlWriter) error {
		x.start(1, "ListMetadataFormats")
		r.metadataFormatsBody(x, 2, formats)
		x.end(1, "ListMetadataFormats")
		return nil
	}
}

// metadataFormatsBody writes what ListMetadataFormats holds, at indent
// level n.
func (r *Repository) metadataFormatsBody(x *xmlWriter, n int, formats []Format) {
	for _, f := range formats {
		x.start(n, "metadataFormat")
		x.leaf(n+1, "metadataPrefix", f.Prefix)
		x.leaf(n+1, "schema", f.Schema)
		x.leaf(n+1, "metadataNamespace", f.Namespace)
		x.end(n, "metadataFormat")
	}
}

func (r *Repository) listSets(req *request) ([]Error, func(x *xmlWriter) error) {
	if len(r.Sets) == 0 {
		return []Error{errorf(NoSetHierarchy, "this repository has no sets")}, nil
	}
	if _, ok := req.args["resumptionToken"]; ok {
		return []Error{errorf(BadResumptionToken, "the list of sets is given whole; this repository issues no resumptionToken for it")}, nil
	}
	return nil, func(x *xmlWriter) error {
		x.start(1, "ListSets")
		for _, s := range r.Sets {
			x.start(2, "set")
			x.leaf(3, "setSpec", s.Spec)
			x.leaf(3, "setName", s.Name)
			x.end(2, "set")
		}
		x.end(1, "ListSets")
		return nil
	}
}

func (r *Repository) getRecord(req *request) ([]Error, func(x *xmlWriter) error) {
	id, prefix := req.args["identifier"], req.args["metadataPrefix"]
	var errs []Error
	rec := r.record(id)
	if rec == nil {
		errs = append(errs, errorf(IDDoesNotExist, "there is no record %q", clip(id)))
	}
	if _, ok := r.format(prefix); !ok {
		errs = append(errs, errorf(CannotDisseminateFormat, "this repository has no format %q; ListMetadataFormats lists them", clip(prefix)))
	} else if rec != nil && rec.Metadata[prefix] == nil {
		errs = append(errs, errorf(CannotDisseminateFormat, "record %q has no %s metadata", id, prefix))
	}
	if len(errs) > 0 {
		return errs, nil
	}
	return nil, func(x *xmlWriter) error {
		x.start(1, "GetRecord")
		err := x.record(2, rec, prefix)
		x.end(1, "GetRecord")
		return err
	}
}

// header writes a record's header.
func (x *xmlWriter) header(n int, rec *Record) {
	x.start(n, "header")
	x.leaf(n+1, "identifier", rec.Identifier)
	x.leaf(n+1, "datestamp", x.stamp(rec.Datestamp))
	for _, s := range rec.Sets {
		x.leaf(n+1, "setSpec", s)
	}
	x.end(n, "header")
}

// record writes a record with its metadata in one format.
func (x *xmlWriter) record(n int, rec *Record, prefix string) error {
	x.start(n, "record")
	x.header(n+1, rec)
	x.start(n+1, "metadata")
	_, err := rec.Metadata[prefix].WriteTo(x.w)
	x.raw("\n")
	x.end(n+1, "metadata")
	x.end(n, "record")
	return err
}

// list answers ListIdentifiers and ListRecords.
func (r *Repository) list(req *request) ([]Error, func(x *xmlWriter) error) {
	q := token{verb: req.verb, prefix: req.args["metadataPrefix"], set: req.args["set"], from: req.args["from"], until: req.args["until"]}
	from, until := req.from, req.until
	resumed := false
	if s, ok := req.args["resumptionToken"]; ok {
		t, ok := parseToken(s)
		if !ok {
			return []Error{errorf(BadResumptionToken, "this resumptionToken was not issued by this repository, or was damaged; start the list again")}, nil
		}
		if t.verb != req.verb {
			return []Error{errorf(BadResumptionToken, "this resumptionToken continues %s, not %s", t.verb, req.verb)}, nil
		}
		var okf, oku bool = true, true
		if t.from != "" {
			from, _, okf = parseDatestamp(t.from, false)
		}
		if t.until != "" {
			until, _, oku = parseDatestamp(t.until, true)
		}
		if _, ok := r.format(t.prefix); !ok || !okf || !oku || t.set != "" && len(r.Sets) == 0 {
			return []Error{errorf(BadResumptionToken, "this resumptionToken asks for what this repository no longer has; start the list again")}, nil
		}
		q, resumed = t, true
	}
	var errs []Error
	if _, ok := r.format(q.prefix); !ok {
		errs = append(errs, errorf(CannotDisseminateFormat, "this repository has no format %q; ListMetadataFormats lists them", clip(q.prefix)))
	}
	if q.set != "" && len(r.Sets) == 0 {
		errs = append(errs, errorf(NoSetHierarchy, "this repository has no sets"))
	}
	if len(errs) > 0 {
		return errs, nil
	}
	var match []*Record
	for _, rec := range r.Records {
		if rec.Metadata[q.prefix] == nil ||
			q.set != "" && !rec.inSet(q.set) ||
			!from.IsZero() && rec.Datestamp.Before(from) ||
			!until.IsZero() && rec.Datestamp.After(until) {
			continue
		}
		match = append(match, rec)
	}
	sum := digest(match)
	if resumed {
		if q.list != sum || q.cursor >= len(match) {
			return []Error{errorf(BadResumptionToken, "the repository has changed since this list began; start the list again")}, nil
		}
	} else if len(match) == 0 {
		msg := "no record matches"
		if q.set != "" && !r.hasSet(q.set) {
			msg = "there is no set " + q.set
		}
		return []Error{errorf(NoRecordsMatch, "%s", msg)}, nil
	}
	start := q.cursor
	end := start
	var size int64
	for end < len(match) && end-start < r.pageSize() {
		if req.verb == "ListRecords" {
			s := match[end].Metadata[q.prefix].Size()
			if end > start && size+s > r.pageBytes() {
				break
			}
			size += s
		}
		end++
	}
	return nil, func(x *xmlWriter) error {
		x.start(1, req.verb)
		for _, rec := range match[start:end] {
			if req.verb == "ListIdentifiers" {
				x.header(2, rec)
			} else if err := x.record(2, rec, q.prefix); err != nil {
				return err
			}
		}
		if start > 0 || end < len(match) {
			next := ""
			if end < len(match) {
				t := q
				t.cursor, t.list = end, sum
				next = t.String()
			}
			x.leaf(2, "resumptionToken", next, "completeListSize", strconv.Itoa(len(match)), "cursor", strconv.Itoa(start))
		}
		x.end(1, req.verb)
		return nil
	}
}
