package ead

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
)

// escapeCases are texts with everything etree escapes or replaces.
var escapeCases = []string{
	"", "plain", "Trotsky's \"letter\"", "a & b < c > d", "tab\there", "line\nbreak", "cr\rlf\r\n",
	"bell\a and nul \x00", "del \x7f", "Льва Троцкого", "bad \xff byte", "\xe2\x82", "noncharacter \uFFFE \uFFFF",
	"replacement \uFFFD", "astral \U0001F600", "]]> and <![CDATA[", "&amp; already",
}

// TestEscape pins the writer's serialization to etree's with the writer's
// settings (canonical text and attribute values), which wrote every EAD
// before: text, attribute values, and elements holding both, comments and
// CDATA sections, the prefix put before ids and references only.
func TestEscape(t *testing.T) {
	x := newWriter(&model.Archive{Fonds: &model.Fonds{}}, Options{}, profile{})
	x.prefix = ""
	var got, want bytes.Buffer
	x.out = bufio.NewWriter(&got)
	for _, s := range escapeCases {
		got.Reset()
		want.Reset()
		x.escape(s, false)
		x.out.Flush()
		etree.NewText(s).WriteTo(&want, &x.set)
		if got.String() != want.String() {
			t.Errorf("text %q: got %q, want %q", s, got.String(), want.String())
		}

		got.Reset()
		want.Reset()
		e := etree.NewElement("p")
		e.CreateAttr("altrender", s)
		e.CreateAttr("xlink:title", s)
		e.CreateText(s)
		e.CreateComment("a comment")
		e.CreateCData(s)
		e.CreateElement("lb")
		x.element(e)
		x.out.Flush()
		e.WriteTo(&want, &x.set)
		if got.String() != want.String() {
			t.Errorf("element with %q:\ngot  %q\nwant %q", s, got.String(), want.String())
		}
	}

	x.prefix = "arch01483."
	got.Reset()
	e := etree.NewElement("ref")
	e.CreateAttr("id", "inv-1")
	e.CreateAttr("target", "person-trotsky")
	e.CreateAttr("parent", " box-1  folder-2 ")
	e.CreateAttr("xlink:href", "inv-1")
	e.CreateAttr("altrender", "inv-1")
	x.element(e)
	x.out.Flush()
	if want := `<ref id="arch01483.inv-1" target="arch01483.person-trotsky" parent="arch01483.box-1 arch01483.folder-2" xlink:href="inv-1" altrender="inv-1"/>`; got.String() != want {
		t.Errorf("ids and references:\ngot  %s\nwant %s", got.String(), want)
	}
}
