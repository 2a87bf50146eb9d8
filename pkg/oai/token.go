package oai

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// A token is a resumptionToken: the whole query of a list request sequence
// and how far it has come, so that the server keeps no state and a token
// stays good across restarts. It carries a digest of the complete list it
// was cut from; when the repository has changed that list since (a
// finding aid changed, came or went), the token is refused as
// badResumptionToken and the harvester starts again, rather than skip or
// repeat records.
//
// Its form is base64url(query) "." base64url(check), where query is
// URL-encoded (v: the verb, m: the metadataPrefix, s, f, u: set, from and
// until as given, c: the cursor, l: the list's digest) and check is the
// first 6 bytes of the SHA-256 of query, so a token damaged in transit is
// told from a token of a changed list.
type token struct {
	verb, prefix, set, from, until string
	cursor                         int
	list                           string
}

func (t token) String() string {
	v := url.Values{}
	v.Set("v", t.verb)
	v.Set("m", t.prefix)
	v.Set("c", strconv.Itoa(t.cursor))
	v.Set("l", t.list)
	for k, s := range map[string]string{"s": t.set, "f": t.from, "u": t.until} {
		if s != "" {
			v.Set(k, s)
		}
	}
	q := v.Encode()
	sum := sha256.Sum256([]byte(q))
	return base64.RawURLEncoding.EncodeToString([]byte(q)) + "." + base64.RawURLEncoding.EncodeToString(sum[:6])
}

// parseToken reads a token; ok is false when it is not one fonds wrote.
func parseToken(s string) (token, bool) {
	body, check, found := strings.Cut(s, ".")
	if !found {
		return token{}, false
	}
	q, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return token{}, false
	}
	c, err := base64.RawURLEncoding.DecodeString(check)
	if err != nil {
		return token{}, false
	}
	sum := sha256.Sum256(q)
	if string(c) != string(sum[:6]) {
		return token{}, false
	}
	v, err := url.ParseQuery(string(q))
	if err != nil {
		return token{}, false
	}
	for _, vs := range v {
		if len(vs) != 1 {
			return token{}, false
		}
	}
	t := token{verb: v.Get("v"), prefix: v.Get("m"), set: v.Get("s"), from: v.Get("f"), until: v.Get("u"), list: v.Get("l")}
	t.cursor, err = strconv.Atoi(v.Get("c"))
	if err != nil || t.cursor <= 0 || t.prefix == "" || t.list == "" {
		return token{}, false
	}
	return t, true
}

// digest identifies a complete list: its records' identifiers and
// datestamps, in order.
func digest(recs []*Record) string {
	h := sha256.New()
	var n [8]byte
	for _, r := range recs {
		h.Write([]byte(r.Identifier))
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(n[:], uint64(r.Datestamp.Unix()))
		h.Write(n[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
