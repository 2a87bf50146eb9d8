package ead

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
)

// concordance adds the microfilm concordance to the fonds-level
// altformavail: a two-column list with one entry a reel, whose @id the
// units and prose link to, giving the inventory numbers on the reel and
// linking the described units it holds.
func (x *writer) concordance(altformavail *etree.Element) {
	if len(x.a.Reels) == 0 {
		return
	}
	if x.prof.ape {
		x.apeConcordance(altformavail)
		return
	}
	l := x.child(altformavail, "list")
	attr(l, "type", "deflist")
	x.elem(l, "head", "Microfilm concordance")
	lh := x.child(l, "listhead")
	x.elem(lh, "head01", "Reel")
	x.elem(lh, "head02", "Inventory numbers")
	x.streamInto(l, "defitem", func(yield func(*etree.Element) bool) {
		for _, r := range x.a.Reels {
			di := etree.NewElement("defitem")
			attr(di, "id", r.Anchor())
			x.elem(di, "label", "Reel "+strconv.Itoa(r.No))
			x.reelHoldings(x.child(di, "item"), r)
			if !yield(di) {
				return
			}
		}
	})
}

// reelHoldings writes what a reel holds: its inventory numbers and
// content, then links to the described units on it ("723-724. Described:
// no. 723 (also on reel 8)").
func (x *writer) reelHoldings(it *etree.Element, r *model.Reel) {
	var held []string
	for _, rg := range r.Ranges {
		s := strconv.Itoa(rg.From)
		if rg.To != rg.From {
			s += "-" + strconv.Itoa(rg.To)
		}
		held = append(held, s)
	}
	if r.Content != "" {
		held = append(held, r.Content)
	}
	if r.Note != "" {
		held = append(held, r.Note)
	}
	text := strings.Join(held, "; ")
	x.addText(it, text)
	sep := ". Described: "
	if strings.HasSuffix(text, ".") {
		sep = " Described: "
	}
	for _, c := range r.Items {
		if c.Hidden(x.opt.Internal) {
			continue
		}
		x.addText(it, sep)
		sep = ", "
		attr(x.elem(it, "ref", unitLabel(c)), "target", c.Anchor())
		var others []*model.Reel
		for _, o := range c.Reels {
			if o != r {
				others = append(others, o)
			}
		}
		if len(others) > 0 {
			x.addText(it, " (also on ")
			x.reelRefs(it, others)
			x.addText(it, ")")
		}
	}
}

// reelNote says on which reel or reels a unit is, linking each; a unit on
// two reels is split across them, and the note says so.
func (x *writer) reelNote(e *etree.Element, c *model.Component) {
	if len(c.Reels) == 0 {
		return
	}
	af := x.child(e, "altformavail")
	attr(af, "type", "microfilm")
	p := x.child(af, "p")
	x.addText(p, "Microfilm: ")
	x.reelRefs(p, c.Reels)
	if n := len(c.Reels); n > 1 {
		x.addText(p, " (the unit is split across "+count(n)+" reels)")
	}
	x.addText(p, ".")
}

// reelRefs adds links to reels: "reel 7", "reel 7 and reel 8".
func (x *writer) reelRefs(parent *etree.Element, reels []*model.Reel) {
	for i, r := range reels {
		switch {
		case i == 0:
		case i == len(reels)-1:
			x.addText(parent, " and ")
		default:
			x.addText(parent, ", ")
		}
		if x.prof.ape {
			x.addText(parent, "reel "+strconv.Itoa(r.No)) // apeEAD gives reels no ids
			continue
		}
		attr(x.elem(parent, "ref", "reel "+strconv.Itoa(r.No)), "target", r.Anchor())
	}
}

func count(n int) string {
	if n >= 2 && n <= 4 {
		return [...]string{"two", "three", "four"}[n-2]
	}
	return strconv.Itoa(n)
}
