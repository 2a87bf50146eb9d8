// Package templates embeds the templates and assets of the HTML finding aid
// (Go html/template files, the style sheet and the scripts). pkg/site reads
// them from here unless fonds build --templates names a folder that holds a
// replacement for one of them: an institution replaces one file, not all.
package templates

import "embed"

// Files holds the templates and assets.
//
//go:embed *.html *.css *.js
var Files embed.FS
