package ead

import (
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/present"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// The encoder's words in the EAD. Every element that holds them has
// @altrender="editorial", and its label says so in words, so that a
// reader of any consumer that shows the text sees whose words they are:
//
//   - the encoder's note on a note (editorial: in the sources) is an
//     element of the note's own kind inside the note, which EAD 2002
//     allows for every note element, headed "Editorial note":
//     <relatedmaterial altrender="editorial"><head>Editorial note</head><p>…</p></relatedmaterial>;
//   - in an item or a chronology event, which hold no head, a note
//     labelled so: <note altrender="editorial" label="Editorial note"><p>…</p></note>;
//   - beside an abstract or a language note, which hold text only, a
//     second element of the kind, labelled so:
//     <abstract altrender="editorial" label="Editorial note">…</abstract>;
//   - [sic] and […] in the text: <emph altrender="sic">[sic]</emph>,
//     <emph altrender="lost">[…]</emph>;
//   - a title the encoder supplied: <unittitle type="editorial">[Papers of
//     Lev Trotsky]</unittitle>.
const editorialMark = "editorial"

// editorial writes the encoder's note on p, if it has one, into e, the
// element that holds p's own words, written as m says: as a note of e's
// kind inside e where e holds paragraphs, as a labelled note where it holds
// mixed content. Where e holds text only, the caller writes a second
// element (editorialBeside).
func (x *writer) editorial(e *etree.Element, p *model.Prose, m mode) {
	ed := p.Editorial
	if ed.Empty() || !m.blocks {
		return
	}
	if x.prof.ape {
		x.apeEditorial(e, ed.Text, m)
		return
	}
	var n *etree.Element
	if m.para {
		n = x.child(e, e.Tag)
		attr(n, "altrender", editorialMark)
		x.elem(n, "head", present.EditorialNote)
	} else {
		n = x.child(e, "note")
		attr(n, "altrender", editorialMark)
		attr(n, "label", present.EditorialNote)
	}
	x.prose(n, ed.Text, blocks)
}

// editorialBeside adds, after e in parent, an element of e's kind holding
// the encoder's note on p, for the elements of text only (abstract,
// langmaterial).
func (x *writer) editorialBeside(parent *etree.Element, tag string, p *model.Prose) {
	ed := p.Editorial
	if ed.Empty() {
		return
	}
	n := etree.NewElement(tag)
	attr(n, "altrender", editorialMark)
	attr(n, "label", present.EditorialNote)
	x.audience(n, p)
	x.prose(n, ed.Text, inlineOnly)
	if len(n.Child) > 0 {
		parent.AddChild(n)
	}
}

// mark writes an editorial mark of the text: [sic] or […], marked up for
// machines in @altrender ("sic", "lost").
func (x *writer) mark(parent *etree.Element, m *prose.Mark) {
	e := x.child(parent, "emph")
	attr(e, "altrender", m.What)
	e.CreateText(m.Written())
}

// apeEditorial writes the encoder's note into e for the profile ape,
// whose notes hold no note of their own kind, no head but the first and
// no note in an item: after the note's own paragraphs, a paragraph
// labelling what follows as the encoder's ("Editorial note"), then its
// paragraphs; in mixed content (an item, a chronology event), the label
// and the words on the same line.
func (x *writer) apeEditorial(e *etree.Element, text string, m mode) {
	if m.para {
		lp := x.child(e, "p")
		attr(x.elem(lp, "emph", present.EditorialNote), "render", "italic")
		x.prose(e, text, blocks)
		return
	}
	if n := len(e.Child); n > 0 {
		if cd, ok := e.Child[n-1].(*etree.CharData); !ok || !strings.HasSuffix(cd.Data, " ") {
			x.addText(e, " ")
		}
	}
	attr(x.elem(e, "emph", present.EditorialNote+":"), "render", "italic")
	x.addText(e, " ")
	x.proseAfter(e, text)
}
