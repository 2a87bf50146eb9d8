package oai

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Error codes of OAI-PMH 2.0 (section 3.6 of the protocol).
const (
	BadArgument             = "badArgument"
	BadResumptionToken      = "badResumptionToken"
	BadVerb                 = "badVerb"
	CannotDisseminateFormat = "cannotDisseminateFormat"
	IDDoesNotExist          = "idDoesNotExist"
	NoRecordsMatch          = "noRecordsMatch"
	NoMetadataFormats       = "noMetadataFormats"
	NoSetHierarchy          = "noSetHierarchy"
)

// An Error is one error element of a response.
type Error struct {
	Code string
	Msg  string
}

func errorf(code, format string, args ...any) Error {
	return Error{code, fmt.Sprintf(format, args...)}
}

// The arguments of each verb: required, optional, and the exclusive one
// (resumptionToken), which stands alone beside the verb.
type verbArgs struct {
	required, optional []string
	exclusive          string
}

var verbs = map[string]verbArgs{
	"Identify":            {},
	"ListMetadataFormats": {optional: []string{"identifier"}},
	"ListSets":            {exclusive: "resumptionToken"},
	"GetRecord":           {required: []string{"identifier", "metadataPrefix"}},
	"ListIdentifiers":     {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
	"ListRecords":         {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
}

// argOrder is the order in which a response echoes the arguments.
var argOrder = []string{"identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"}

// A request is a parsed, well-formed request.
type request struct {
	verb string
	args map[string]string // every argument but verb, one value each

	from, until time.Time // inclusive bounds; zero when not given
	day         bool      // from and until were given as days
}

// Patterns of the schema's types, and of an oai-identifier's parts.
var (
	prefixSyntax  = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+$`)
	setSpecSyntax = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$`)
	domainSyntax  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$`)
)

// parse checks a request's arguments. A request that parse refuses gets
// badVerb or badArgument errors, and its response echoes no argument.
func parse(values url.Values) (*request, []Error) {
	vs := values["verb"]
	switch {
	case len(vs) == 0:
		return nil, []Error{errorf(BadVerb, "the verb argument is missing; give one of %s", verbList())}
	case len(vs) > 1:
		return nil, []Error{errorf(BadVerb, "the verb argument is repeated")}
	}
	spec, ok := verbs[vs[0]]
	if !ok {
		return nil, []Error{errorf(BadVerb, "%q is not an OAI-PMH verb; give one of %s", clip(vs[0]), verbList())}
	}
	req := &request{verb: vs[0], args: map[string]string{}}
	var errs []Error
	var keys []string
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "verb" {
			continue
		}
		allowed := slices.Contains(spec.required, k) || slices.Contains(spec.optional, k) || spec.exclusive != "" && k == spec.exclusive
		if !allowed {
			errs = append(errs, errorf(BadArgument, "%s takes no argument %q", req.verb, clip(k)))
			continue
		}
		if len(values[k]) > 1 {
			errs = append(errs, errorf(BadArgument, "the argument %s is repeated", k))
			continue
		}
		v := values[k][0]
		if !xmlText(v) {
			errs = append(errs, errorf(BadArgument, "the value of %s holds characters XML cannot carry", k))
			continue
		}
		req.args[k] = v
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if _, ok := req.args[spec.exclusive]; ok && spec.exclusive != "" {
		if len(req.args) > 1 {
			return nil, []Error{errorf(BadArgument, "%s is an exclusive argument: give it alone, with the verb", spec.exclusive)}
		}
		return req, nil
	}
	for _, k := range spec.required {
		if _, ok := req.args[k]; !ok {
			errs = append(errs, errorf(BadArgument, "%s needs the argument %s", req.verb, k))
		}
	}
	errs = append(errs, req.checkValues()...)
	if len(errs) > 0 {
		return nil, errs
	}
	return req, nil
}

// checkValues checks the syntax of the arguments' values.
func (req *request) checkValues() []Error {
	var errs []Error
	if v, ok := req.args["metadataPrefix"]; ok && !prefixSyntax.MatchString(v) {
		errs = append(errs, errorf(BadArgument, "metadataPrefix %q is not a metadata prefix (letters, digits and -_.!~*'())", clip(v)))
	}
	if v, ok := req.args["set"]; ok && !setSpecSyntax.MatchString(v) {
		errs = append(errs, errorf(BadArgument, "set %q is not a setSpec", clip(v)))
	}
	if v, ok := req.args["identifier"]; ok && !uriSyntax(v) {
		errs = append(errs, errorf(BadArgument, "identifier %q is not a URI", clip(v)))
	}
	from, fok := req.args["from"]
	until, uok := req.args["until"]
	var fday, uday bool
	if fok {
		var ok bool
		if req.from, fday, ok = parseDatestamp(from, false); !ok {
			errs = append(errs, errorf(BadArgument, "from %q is not a date (YYYY-MM-DD) or a time in UTC (YYYY-MM-DDThh:mm:ssZ)", clip(from)))
			fok = false
		}
	}
	if uok {
		var ok bool
		if req.until, uday, ok = parseDatestamp(until, true); !ok {
			errs = append(errs, errorf(BadArgument, "until %q is not a date (YYYY-MM-DD) or a time in UTC (YYYY-MM-DDThh:mm:ssZ)", clip(until)))
			uok = false
		}
	}
	switch {
	case fok && uok && fday != uday:
		errs = append(errs, errorf(BadArgument, "from and until must have the same granularity: from %q, until %q", from, until))
	case fok && uok && req.from.After(req.until):
		errs = append(errs, errorf(BadArgument, "from %s is later than until %s", from, until))
	}
	req.day = fday || uday
	return errs
}

// parseDatestamp reads a from or until argument: a day, or a time in UTC to
// the second, the repository's granularity. A day given as until stands
// for its last second.
func parseDatestamp(s string, until bool) (time.Time, bool, bool) {
	switch len(s) {
	case len("2006-01-02"):
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return time.Time{}, false, false
		}
		if until {
			t = t.Add(24*time.Hour - time.Second)
		}
		return t, true, true
	case len("2006-01-02T15:04:05Z"):
		t, err := time.Parse("2006-01-02T15:04:05Z", s)
		return t, false, err == nil
	}
	return time.Time{}, false, false
}

// xmlText reports whether s is UTF-8 text that XML 1.0 can carry.
func xmlText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}

// uriSyntax reports whether s can be an identifier: a URI with no white
// space and well-formed percent escapes.
func uriSyntax(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n<>\"{}|\\^`") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return false
		}
	}
	_, err := url.Parse(s)
	return err == nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func verbList() string {
	return "Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers, ListRecords"
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
