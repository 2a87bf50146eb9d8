package site

import (
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
)

// A Year is the events of one year in the chronology.
type Year struct {
	Label  string
	ID     string
	Events []EventRow
}

// An EventRow is one event of the chronology.
type EventRow struct {
	ID   string // "event-1", by its place in the chronology
	Date string
	Text model.Prose
}

// fillChronology groups the events by year, in the order written; a year
// that comes back after another (the sources may hold events out of order)
// starts a group of its own.
func (s *Site) fillChronology(p *Page) {
	seen := map[string]int{}
	for i, ev := range s.Archive.Events {
		label := "Undated"
		if !ev.Date.IsUndated() {
			if y := ev.Date.Earliest().Year; y != 0 {
				label = strconv.Itoa(y)
			}
		}
		if len(p.Years) == 0 || p.Years[len(p.Years)-1].Label != label {
			id := "year-" + label
			if label == "Undated" {
				id = "undated"
			}
			if n := seen[id]; n > 0 {
				id += "-" + strconv.Itoa(n+1)
			}
			seen[id]++
			p.Years = append(p.Years, Year{Label: label, ID: id})
		}
		y := &p.Years[len(p.Years)-1]
		text := ev.Text
		if text.Internal && !s.opt.Internal {
			text = model.Prose{}
		}
		y.Events = append(y.Events, EventRow{ID: "event-" + strconv.Itoa(i+1), Date: ev.Date.Display(), Text: text})
	}
}

// A ReelRow is one reel of the microfilm concordance.
type ReelRow struct {
	ID      string
	No      int
	Numbers string // the inventory numbers it holds, "723–724"
	Content string
	Note    string
	Units   []Cite // the described units on it
}

// fillMicrofilm lists the reels with the inventory numbers they hold and
// links to the units described.
func (s *Site) fillMicrofilm(p *Page) {
	for _, r := range s.Archive.Reels {
		row := &ReelRow{ID: r.Anchor(), No: r.No, Numbers: ranges(r.Ranges), Content: r.Content, Note: r.Note}
		for _, c := range r.Items {
			if s.published(c) {
				row.Units = append(row.Units, Cite{C: c, s: s})
			}
		}
		p.Reels = append(p.Reels, row)
	}
}

// ranges writes runs of inventory numbers: "1–150", "4–8, 9".
func ranges(rs []model.Range) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(r.From))
		if r.To != r.From {
			b.WriteString("–")
			b.WriteString(strconv.Itoa(r.To))
		}
	}
	return b.String()
}
