package site

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
)

// writeSearchIndex writes search-index.js: the data search.js searches,
// assigned to a global, because browsers do not let a page opened from the
// file system fetch a JSON file beside it, while they do load a script.
//
// The index is compact: arrays rather than objects, numbers for pages, and
// a unit's anchor only when it is not "inv-" and its number. It is one per
// finding aid, so a reader loads only the finding aid they search:
//
//	pages  ["inventory.html", …]
//	units  [[inv, unitid, title, dates, page, anchor, lang, other names], …]   trailing empty fields left out
//	names  [[kind, name, anchor, [variants], [[pseudonym, anchor, maintained, [units]], …], [units]], …]
//	       kind "p" person, "b" corporate body, "l" place; units index units, and cite the name itself
//	reels  [[no, [[from, to], …], content], …]
func (s *Site) writeSearchIndex(w io.Writer) error {
	bw := bufio.NewWriter(w)
	str := func(v string) {
		b, _ := json.Marshal(v)
		bw.Write(b)
	}
	num := func(n int) { bw.WriteString(strconv.Itoa(n)) }
	strs := func(list []string) {
		bw.WriteByte('[')
		for i, v := range list {
			if i > 0 {
				bw.WriteByte(',')
			}
			str(v)
		}
		bw.WriteByte(']')
	}

	bw.WriteString("/* Search index of this finding aid, written by fonds; read by search.js. */\nwindow.fondsSearchIndex = {\"pages\":")
	var pages []string
	pageNo := map[string]int{}
	for _, ip := range s.inv {
		pageNo[ip.file] = len(pages)
		pages = append(pages, ip.file)
	}
	strs(pages)

	bw.WriteString(",\n\"units\":[")
	unitNo := map[*model.Component]int{}
	n := 0
	for _, c := range s.Archive.Components {
		if !s.published(c) {
			continue
		}
		if n > 0 {
			bw.WriteString(",\n")
		}
		unitNo[c] = n
		n++
		anchor := c.ID
		if c.Inv != 0 && c.ID == "inv-"+strconv.Itoa(c.Inv) {
			anchor = ""
		}
		lang := ""
		if c.Title.Lang != "" {
			lang = present.Tag(c.Title.Lang, "")
		}
		var free []string
		for _, list := range [][]*model.Agent{c.From, c.To, c.Names, c.PlaceRefs} {
			for _, a := range list {
				if a.Free {
					free = append(free, a.Name)
				}
			}
		}
		fields := []string{c.UnitID, present.Title(c.Title), present.Dates(c.Dates), "", anchor, lang, strings.Join(free, "; ")}
		last := len(fields)
		for last > 4 && fields[last-1] == "" {
			last--
		}
		bw.WriteByte('[')
		num(c.Inv)
		for i, f := range fields[:last] {
			bw.WriteByte(',')
			if i == 3 {
				num(pageNo[s.pageOf[c]])
				continue
			}
			str(f)
		}
		bw.WriteByte(']')
	}

	units := func(cits []model.Citation, keep func(*model.Agent) bool) {
		bw.WriteByte('[')
		prev := -1
		first := true
		for _, ct := range cits {
			i, ok := unitNo[ct.Component]
			if !ok || !keep(ct.Agent) || i == prev {
				continue
			}
			if !first {
				bw.WriteByte(',')
			}
			first = false
			num(i)
			prev = i
		}
		bw.WriteByte(']')
	}
	all := func(*model.Agent) bool { return true }
	bw.WriteString("],\n\"names\":[")
	sep := ""
	for _, p := range s.Archive.People {
		bw.WriteString(sep + "[\"p\",")
		sep = ",\n"
		str(p.Name)
		bw.WriteByte(',')
		str(p.Anchor())
		bw.WriteByte(',')
		strs(p.Variants)
		bw.WriteString(",[")
		for i, ps := range p.Pseudonyms {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('[')
			str(ps.Name)
			bw.WriteByte(',')
			str(ps.Anchor())
			if ps.Maintained {
				bw.WriteString(",1,")
			} else {
				bw.WriteString(",0,")
			}
			units(ps.Citations, all)
			bw.WriteByte(']')
		}
		bw.WriteString("],")
		units(p.Citations, func(a *model.Agent) bool { return a.Pseudonym == nil })
		bw.WriteByte(']')
	}
	for _, b := range s.Archive.Bodies {
		bw.WriteString(sep + "[\"b\",")
		sep = ",\n"
		str(b.Name)
		bw.WriteByte(',')
		str(b.Anchor())
		bw.WriteByte(',')
		v := b.Variants
		if b.Short != "" {
			v = append([]string{b.Short}, v...)
		}
		strs(v)
		bw.WriteString(",[],")
		units(b.Citations, all)
		bw.WriteByte(']')
	}
	for _, p := range s.Archive.Places {
		bw.WriteString(sep + "[\"l\",")
		sep = ",\n"
		str(p.Name)
		bw.WriteByte(',')
		str(p.Anchor())
		bw.WriteByte(',')
		strs(p.Variants)
		bw.WriteString(",[],")
		units(p.Citations, all)
		bw.WriteByte(']')
	}

	bw.WriteString("],\n\"reels\":[")
	for i, r := range s.Archive.Reels {
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteByte('[')
		num(r.No)
		bw.WriteString(",[")
		for j, rg := range r.Ranges {
			if j > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('[')
			num(rg.From)
			bw.WriteByte(',')
			num(rg.To)
			bw.WriteByte(']')
		}
		bw.WriteByte(']')
		if r.Content != "" {
			bw.WriteByte(',')
			str(r.Content)
		}
		bw.WriteByte(']')
	}
	bw.WriteString("]};\n")
	return bw.Flush()
}
