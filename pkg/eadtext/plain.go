package eadtext

import (
	"strings"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// PlainText is the text of parsed Markdown as the EAD writer writes it:
// escapes and entities resolved, the editorial marks as written ("[sic]",
// "[…]"), every break a space. It is prose's plain text (Doc.Plain) on one
// line.
func PlainText(d *prose.Doc) string {
	return strings.ReplaceAll(d.Plain(nil), "\n", " ")
}
