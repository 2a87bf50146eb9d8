package importer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
)

// An authority is a person, corporate body or place the EAD names, as an
// authority record of fonds. One record is made per kind and text as
// written, so that every citation keeps its wording.
type authority struct {
	kind       string // person, body, place
	id         string
	name       string
	variants   []string // @normal when it differs from the text
	authSource string
	authID     string
	authRules  string
	refs       int // citations kept; records nobody cites are not written
}

// registry hands out authority records and their ids.
type registry struct {
	byKey map[string]*authority
	list  []*authority
	// taken holds every id given out and every name the EAD holds, so
	// that no id can be read as the name of another record.
	taken map[string]bool
	byID  map[string]*authority
}

func newRegistry() *registry {
	return &registry{byKey: map[string]*authority{}, taken: map[string]bool{}, byID: map[string]*authority{}}
}

// reserve notes a name of the EAD, before any id is made.
func (r *registry) reserve(s string) {
	if s != "" {
		r.taken[s] = true
	}
}

// ref returns the id of the record for a name element, made on first use,
// and counts the citation; "" for an empty name.
func (r *registry) ref(kind string, n *node) string {
	text := norm(textOf(n, true))
	if text == "" {
		return ""
	}
	key := kind + "\x00" + text
	a := r.byKey[key]
	if a == nil {
		a = &authority{kind: kind, name: text, id: r.newID(kind, text)}
		r.byKey[key] = a
		r.byID[a.id] = a
		r.list = append(r.list, a)
	}
	if normal := norm(n.attr("normal")); normal != "" && normal != text && !contains(a.variants, normal) {
		a.variants = append(a.variants, normal)
	}
	r.record(a, n, "authfilenumber", &a.authID)
	r.record(a, n, "source", &a.authSource)
	r.record(a, n, "rules", &a.authRules)
	a.refs++
	return a.id
}

// record keeps an attribute of the authority record (@authfilenumber,
// @source, @rules) from the first citation that gives it; a later one
// that says otherwise is reported, since the record has one value.
func (r *registry) record(a *authority, n *node, name string, into *string) {
	for i := range n.attrs {
		at := &n.attrs[i]
		if at.name != name || at.space != "" {
			continue
		}
		v := strings.TrimSpace(at.value)
		switch {
		case v == "" || v == *into:
			at.used = true
		case *into == "":
			*into = v
			at.used = true
		}
	}
}

func (r *registry) unref(id string) {
	if a := r.byID[id]; a != nil {
		a.refs--
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var kindLetter = map[string]string{"person": "p", "body": "b", "place": "g"}

// shortID is base cut to 60 characters, so that an id made from a long
// name, with a prefix and a number, stays within the schema's 100.
func shortID(base string) string {
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	return base
}

// newID makes a stable id from the name: its slug ("Adler, Friedrich" →
// adler-friedrich), "p-12" when the name has no Latin letters.
func (r *registry) newID(kind, name string) string {
	base := load.Slug(name)
	if base == "x" {
		base = kindLetter[kind] + "-" + strconv.Itoa(len(r.list)+1)
	}
	if c := base[0]; c >= '0' && c <= '9' {
		base = kindLetter[kind] + "-" + base
	}
	return claim(r.taken, shortID(base))
}

// claim returns base, or base-2, base-3 … when taken holds it, and adds
// the id returned to taken.
func claim(taken map[string]bool, base string) string {
	id := base
	for i := 2; taken[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	taken[id] = true
	return id
}

// unitIDs hands out the ids of units: the EAD's own, repaired when they
// are not valid XML ids or clash, else made from the unitid or the place
// in the tree.
type unitIDs struct {
	taken map[string]bool
}

var validID = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

// repair turns s into a valid, unused id; it reports whether it changed.
func (u *unitIDs) repair(s string) (string, bool) {
	id := s
	if !validID.MatchString(id) {
		var b strings.Builder
		for _, r := range id {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
				b.WriteRune(r)
			default:
				b.WriteByte('-')
			}
		}
		id = b.String()
		if id == "" || !(id[0] >= 'a' && id[0] <= 'z' || id[0] >= 'A' && id[0] <= 'Z' || id[0] == '_') {
			id = "id-" + id
		}
	}
	if model.ReservedPrefix(id) != "" {
		id = "c-" + id // resolve refuses a unit id with fonds's own prefix
	}
	if len(id) > 90 {
		id = id[:90]
	}
	id = claim(u.taken, id)
	return id, id != s
}
