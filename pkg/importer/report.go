package importer

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/fonds-archive/fonds/pkg/source"
)

// A Report tells what an import did: counts of what was mapped, and every
// element passed through, repaired, flattened or dropped, with the lines
// of the EAD where it happened.
type Report struct {
	File       string
	Encoding   string
	Components int
	MaxDepth   int
	Levels     map[string]int
	Persons    int
	Bodies     int
	Places     int
	Notes      int // notes written as Markdown
	Dates      int
	Files      []string

	PassedThrough []Entry // elements kept as raw EAD in an ead field
	Repaired      []Entry // values changed so that the sources are valid
	Flattened     []Entry // markup with no place in fonds whose text was kept
	NotKept       []Entry // attributes (not text) with no place in fonds
	Dropped       []Entry // text that was not kept: should be none
}

// An Entry is one kind of event, with the lines where it happened.
type Entry struct {
	What  string
	Lines []int
	Text  int // characters of text concerned (Dropped)
}

// DroppedText is the number of characters of text the import did not keep.
func (r *Report) DroppedText() int {
	n := 0
	for _, e := range r.Dropped {
		n += e.Text
	}
	return n
}

type entries struct {
	list  []Entry
	index map[string]int
}

func (es *entries) add(what string, line, text int) {
	if es.index == nil {
		es.index = map[string]int{}
	}
	i, ok := es.index[what]
	if !ok {
		i = len(es.list)
		es.index[what] = i
		es.list = append(es.list, Entry{What: what})
	}
	e := &es.list[i]
	e.Lines = append(e.Lines, line)
	e.Text += text
}

// sorted orders entries by their first line, then by name.
func (es *entries) sorted() []Entry {
	out := append([]Entry(nil), es.list...)
	for i := range out {
		sort.Ints(out[i].Lines)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Lines[0] != out[j].Lines[0] {
			return out[i].Lines[0] < out[j].Lines[0]
		}
		return out[i].What < out[j].What
	})
	return out
}

// WriteTo prints the summary an archivist reads after fonds import.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", source.Printable(r.File), r.Encoding)
	var levels []string
	for l, n := range r.Levels {
		levels = append(levels, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(levels)
	fmt.Fprintf(&b, "  components:      %d, %d levels deep (%s)\n", r.Components, r.MaxDepth, strings.Join(levels, ", "))
	fmt.Fprintf(&b, "  names:           %d persons, %d corporate bodies, %d places\n", r.Persons, r.Bodies, r.Places)
	fmt.Fprintf(&b, "  notes:           %d in Markdown\n", r.Notes)
	fmt.Fprintf(&b, "  dates:           %d\n", r.Dates)
	fmt.Fprintf(&b, "  files:           %s\n", strings.Join(r.Files, ", "))
	section := func(title string, list []Entry, text bool) {
		n := 0
		for _, e := range list {
			n += len(e.Lines)
		}
		if n == 0 {
			fmt.Fprintf(&b, "  %-16s none\n", title+":")
			return
		}
		fmt.Fprintf(&b, "  %-16s %d\n", title+":", n)
		for _, e := range list {
			extra := ""
			if text && e.Text > 0 {
				extra = fmt.Sprintf(", %d characters", e.Text)
			}
			fmt.Fprintf(&b, "    %s ×%d%s (%s)\n", source.Printable(e.What), len(e.Lines), extra, lineList(e.Lines))
		}
	}
	section("passed through", r.PassedThrough, false)
	section("repaired", r.Repaired, false)
	section("flattened", r.Flattened, false)
	section("not kept", r.NotKept, false)
	section("dropped text", r.Dropped, true)
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// lineList shows the first lines of a list, "line 4, 9, 12 …".
func lineList(lines []int) string {
	const show = 6
	var parts []string
	for i, l := range lines {
		if i == show {
			parts = append(parts, fmt.Sprintf("… %d more", len(lines)-show))
			break
		}
		parts = append(parts, fmt.Sprint(l))
	}
	if len(lines) == 1 {
		return "line " + parts[0]
	}
	return "lines " + strings.Join(parts, ", ")
}
