package present

import (
	"strconv"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// Plain returns a note's words as plain text, from the tree resolve parsed
// (a.Notes), as prose's Doc.Plain writes them: its blocks one a line,
// Markdown's marks gone, escapes and entities resolved, the editorial marks
// kept ("[sic]", "[…]"), and a reference written as a bare autolink
// (<person:trotsky>) replaced by the name the outputs give it (RefName).
// internal says whether units marked internal are published. The site's
// search and the citations read notes so.
func Plain(a *model.Archive, text string, internal bool) string {
	if text == "" {
		return ""
	}
	return a.Notes.Doc(text).Plain(func(kind, target string) string {
		_, name := RefTarget(a, kind, target, internal)
		return name.Value
	})
}

// RefTarget resolves a reference in prose to what the site, its search
// index and every citation (Plain) write for it — the EAD and PDF writers
// name a unit "no. 723" in prose and have their own forms: the record it leads to (a model.Authority, a *model.Pseudonym, a
// *model.Reel, or a published *model.Component) and its name (a person's or
// body's authorized form, a pseudonym, "reel 7", a unit's title as
// present.Title writes it, with its language, or "no. 723" for a unit
// without a title). An inventory number whose unit is not published
// (internal says whether units marked internal are) but that a reel holds
// leads to the reel and is named "no. 723": the unit's title is never
// told. It returns nil and no name when the finding aid has no such
// record; the outputs then show the reference as written.
func RefTarget(a *model.Archive, kind, target string, internal bool) (any, model.Text) {
	switch x := a.Lookup(kind, target).(type) {
	case model.Authority:
		return x, model.Text{Value: x.Base().Name}
	case *model.Pseudonym:
		return x, model.Text{Value: x.Name}
	case *model.Reel:
		return x, model.Text{Value: "reel " + strconv.Itoa(x.No)}
	}
	if kind != prose.Inv {
		return nil, model.Text{}
	}
	n, err := strconv.Atoi(target)
	if err != nil {
		return nil, model.Text{}
	}
	if c := a.ByInv[n]; c != nil && !c.Hidden(internal) {
		if c.Title.Value == "" {
			return c, model.Text{Value: "no. " + target}
		}
		return c, model.Text{Value: Title(c.Title), Lang: c.Title.Lang}
	}
	if r := a.ReelHolding(n); r != nil {
		return r, model.Text{Value: "no. " + strconv.Itoa(n)}
	}
	return nil, model.Text{}
}
