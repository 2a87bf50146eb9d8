// Package scaffold writes the files of a new finding aid (fonds new): a
// fonds.yaml, an authorities.yaml, one file per series and, when asked, a
// reels.yaml and a chronology.yaml, each with comments that teach the
// format, and the schema files that editors complete them from. The finding
// aid is complete and small: fonds check passes it with no warning, and it
// builds at once. Every example value is marked EXAMPLE, to be replaced.
package scaffold

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/format"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/schema"
)

// SchemaDir is the folder, inside the finding aid's, that holds the schema
// files the source files' yaml-language-server lines point at.
const SchemaDir = "schema"

// Options say what the new finding aid holds. The zero value of a field
// means its example.
type Options struct {
	Name       string // the folder's name, from which the reference code comes
	Series     int    // series files; at least 1
	Reels      bool   // write a reels.yaml
	Chronology bool   // write a chronology.yaml
	Title      string
	Repository string
	ISIL       string
	Country    string // ISO 3166-1; from the ISIL when it starts with one
	Date       string // the finding aid's date, such as "2025"
}

// A File is one file to write, by its slash-separated path inside the
// finding aid's folder.
type File struct {
	Path string
	Data []byte
}

// MaxSeries bounds Options.Series.
const MaxSeries = 99

// Files returns the files of the new finding aid, the YAML sources (in the
// layout of fonds fmt) first, then the schema files.
func Files(opt Options) ([]File, error) {
	if opt.Series < 1 || opt.Series > MaxSeries {
		return nil, fmt.Errorf("--series must be 1 to %d, not %d", MaxSeries, opt.Series)
	}
	if opt.Date == "" {
		return nil, fmt.Errorf("no date for the finding aid")
	}
	if opt.Country == "" && len(opt.ISIL) > 2 && opt.ISIL[2] == '-' {
		opt.Country = strings.ToUpper(opt.ISIL[:2])
	}
	if opt.ISIL != "" && opt.Country == "" {
		return nil, fmt.Errorf("name the repository's country with --country (the ISIL %q does not start with one)", opt.ISIL)
	}
	code := ReferenceCode(opt.Name)
	var files []File
	add := func(p, kind, text string) error {
		out, err := format.Source([]byte(text), kind)
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		files = append(files, File{p, out})
		return nil
	}
	if err := add(load.RootFile, load.KindFonds, fondsFile(opt, code)); err != nil {
		return nil, err
	}
	if err := add("authorities.yaml", load.KindAuthorities, authoritiesFile); err != nil {
		return nil, err
	}
	if opt.Reels {
		if err := add("reels.yaml", load.KindReels, reelsFile(opt.Series)); err != nil {
			return nil, err
		}
	}
	if opt.Chronology {
		if err := add("chronology.yaml", load.KindChronology, chronologyFile); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= opt.Series; i++ {
		if err := add(SeriesPath(i), load.KindSeries, seriesFile(i)); err != nil {
			return nil, err
		}
	}
	for _, kind := range schema.KindNames() {
		data, err := schema.Bundle(kind)
		if err != nil {
			return nil, err
		}
		files = append(files, File{path.Join(SchemaDir, schema.Kinds[kind].File), data})
	}
	return files, nil
}

// SeriesPath is the file of series i.
func SeriesPath(i int) string { return fmt.Sprintf("series/%02d.yaml", i) }

// ReferenceCode makes a reference code of a folder's name: its words in
// capitals, without diacritics, joined by hyphens, as ids are made
// (load.Slug): "my fonds" → "MY-FONDS", "Archiv Müller" → "ARCHIV-MULLER".
func ReferenceCode(name string) string { return strings.ToUpper(load.Slug(name)) }

// schemaLine is the first line of a file at p: the schema an editor
// completes it from, relative to the file.
func schemaLine(p, kind string) string {
	rel := strings.Repeat("../", strings.Count(p, "/")) + SchemaDir + "/" + schema.Kinds[kind].File
	return "# yaml-language-server: $schema=" + rel + "\n"
}

func quoted(s string) string { return strconv.Quote(s) }

func fondsFile(opt Options, code string) string {
	// Each value the options leave out is an example, and said to be one
	// in the comment after it.
	or := func(s, example, comment string) (string, string) {
		if s == "" {
			s, comment = example, strings.TrimSuffix("EXAMPLE: "+comment, ": ")
		}
		if comment == "" {
			return s, ""
		}
		return s, "  # " + comment
	}
	title, titleMark := or(opt.Title, "Title of the fonds", "")
	repo, repoMark := or(opt.Repository, "Example Archive", "")
	isil, isilMark := or(opt.ISIL, "NL-EXAMPLE", "ISIL (ISO 15511)")
	country, countryMark := or(opt.Country, "NL", "ISO 3166-1")
	var b strings.Builder
	b.WriteString(schemaLine(load.RootFile, load.KindFonds))
	b.WriteString(`#
# The description of the fonds as a whole (ISAD(G)'s fonds level). fonds
# check and fonds build start from this file, and it names every other file
# of the finding aid. Replace every value marked EXAMPLE with your own; the
# README's "The source format" describes each field, and an editor that
# reads the line above completes them.
`)
	fmt.Fprintf(&b, "reference_code: %s  # the fonds's reference code\n", code)
	fmt.Fprintf(&b, "title: %s%s\n", quoted(title), titleMark)
	b.WriteString(`dates: 1900-1950  # EXAMPLE: a year, a range, or a list (see "Dates")
extent: 1 box  # EXAMPLE: one extent, or a list of them
creators: [example-person]  # ids, names or pseudonyms of authorities.yaml
repository:
`)
	fmt.Fprintf(&b, "  name: %s%s\n", quoted(repo), repoMark)
	fmt.Fprintf(&b, "  isil: %s%s\n", quoted(isil), isilMark)
	fmt.Fprintf(&b, "  country: %s%s\n", quoted(country), countryMark)
	b.WriteString(`languages: [eng]  # EXAMPLE: of the material, ISO 639-2/B codes
finding_aid:
`)
	fmt.Fprintf(&b, "  id: %s  # the EAD identifier; it also names the output files\n", code)
	fmt.Fprintf(&b, "  date: %s  # the finding aid's date, quoted: fonds never reads the clock\n", quoted(opt.Date))
	b.WriteString(`  language: eng  # the language the finding aid is written in
# Notes are Markdown. Refer to records with links: [text](person:id),
# [text](body:id), [text](place:id), [no. 1](inv:1)` + reelLink(opt.Reels) + `.
# Words of your own, not the source's, go in a note's editorial:
# ({text: …, editorial: …}); write [sic] after a word kept as the source
# spells it, […] where the source lost one.
scope_and_content: >-
  EXAMPLE: what the fonds holds, such as the letters of
  [Forename Surname](person:example-person) to the
  [Example Society](body:example-body), described in [no. 1](inv:1).
authorities: authorities.yaml  # persons, pseudonyms, bodies, places
`)
	if opt.Reels {
		b.WriteString("reels: reels.yaml  # microfilm reels and the inventory numbers on them\n")
	}
	if opt.Chronology {
		b.WriteString("chronology: chronology.yaml  # dated events\n")
	}
	b.WriteString("# The series, in order: each in a file of its own.\ncontents:\n")
	for i := 1; i <= opt.Series; i++ {
		fmt.Fprintf(&b, "  - include: %s\n", SeriesPath(i))
	}
	return b.String()
}

func reelLink(reels bool) string {
	if reels {
		return ", [reel 1](reel:1)"
	}
	return ""
}

var authoritiesFile = schemaLine("authorities.yaml", load.KindAuthorities) + `#
# The persons, corporate bodies and places the finding aid names. Units
# cite them by id, by name or, for a person, by a pseudonym. Ids are
# letters, digits, '.', '-' and '_', and unique in the whole file.
persons:
  - id: example-person
    name: Surname, Forename  # EXAMPLE: the authorized form, surname first
    variants: ["Surname, F."]  # quoted: in [ ] a comma would split the name
    dates: 1880-1950
    # A pseudonym belongs to one person. Its id is ps- and its name in
    # lower case (ps-example-pseudonym) unless given: {name: …, id: …}.
    pseudonyms:
      - Example Pseudonym
bodies:
  - id: example-body
    name: Example Society  # EXAMPLE
    short: ES
places:
  - id: example-place
    name: Amsterdam  # EXAMPLE
    country: NL
`

func reelsFile(series int) string {
	items := "1"
	if series > 1 {
		items = fmt.Sprintf("1-%d", series)
	}
	return schemaLine("reels.yaml", load.KindReels) + `#
# The microfilm reels and the inventory numbers (inv) on each: a number, a
# range such as 723-724, or a list of them. Two reels may share one number
# (a unit split across them); every described unit must be on a reel.
reels:
  - {reel: 1, items: ` + items + `}  # EXAMPLE
`
}

var chronologyFile = schemaLine("chronology.yaml", load.KindChronology) + `#
# Dated events, in the order of their dates; the EAD puts them in the
# fonds's biographical history. Dates are written as in the units.
chronology:
  - date: 1880
    event: "[Forename Surname](person:example-person) is born."  # EXAMPLE
  - date: Summer 1920
    event: The [Example Society](body:example-body) is founded in [Amsterdam](place:example-place).
`

func seriesFile(i int) string {
	var b strings.Builder
	b.WriteString(schemaLine(SeriesPath(i), load.KindSeries))
	if i == 1 {
		b.WriteString(`#
# A series: one unit, and in its contents the units below it, written here or
# included from files of their own, to any depth. A unit with an inventory
# number (inv) has the id inv-N; others need an id.
`)
	}
	fmt.Fprintf(&b, "id: series-%d\nlevel: series\ntitle: Title of series %d  # EXAMPLE\ndates: 1900-1950\ncontents:\n", i, i)
	fmt.Fprintf(&b, "  - inv: %d\n", i)
	if i == 1 {
		b.WriteString(`    title: Letter on the founding of the society  # EXAMPLE
    dates: 1920-05-01  # or May 1, 1920; circa 1920; "1920?"
    form: manuscript  # typescript, carbon copy, telegram, …
    from: Example Pseudonym  # sender: a person, pseudonym or body
    to: example-body  # addressee
    places: [example-place]
`)
		return b.String()
	}
	fmt.Fprintf(&b, "    title: A unit of series %d  # EXAMPLE\n    dates: 1930\n", i)
	return b.String()
}
