package ead

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
	"github.com/fonds-archive/fonds/pkg/resolve"
)

// render writes Markdown into an element of the given mode and returns
// the element's content as XML.
func render(a *model.Archive, text string, m mode) string {
	x := newWriter(a, Options{}, profiles[0])
	e := etree.NewElement("container")
	x.prose(e, text, m)
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	for _, c := range e.Child {
		c.WriteTo(w, &x.set)
	}
	w.Flush()
	return b.String()
}

// TestMarkdown pins how each Markdown construct maps onto EAD.
func TestMarkdown(t *testing.T) {
	letters := load(t, "letters")
	for _, tc := range []struct {
		name, in string
		mode     mode
		want     string
	}{
		{"paragraphs", "One.\n\nTwo.", blocks, `<p>One.</p><p>Two.</p>`},
		{"soft break", "one\ntwo", blocks, "<p>one two</p>"},
		{"soft break after spaces", "one \ntwo", blocks, "<p>one two</p>"},
		{"hard break", "one  \ntwo", blocks, `<p>one<lb/>two</p>`},
		{"emphasis", "*em*, **strong**, ***both***", blocks,
			`<p><emph render="italic">em</emph>, <emph render="bold">strong</emph>, <emph render="italic"><emph render="bold">both</emph></emph></p>`},
		{"code", "`a < b`", blocks, `<p><emph render="nonproport">a &lt; b</emph></p>`},
		{"code block", "    x := 1\n    y := 2", blocks, `<p><emph render="nonproport">x := 1<lb/>y := 2</emph></p>`},
		{"heading", "# Title", blocks, `<p><emph render="bold">Title</emph></p>`},
		{"escapes and entities", `a \* b &amp; c &copy; "q" 'a'`, blocks, `<p>a * b &amp; c © "q" 'a'</p>`},
		{"bullet list", "- a\n- b", blocks, `<list type="marked"><item>a</item><item>b</item></list>`},
		{"ordered list", "1. a\n2. b", blocks, `<list type="ordered" numeration="arabic"><item>a</item><item>b</item></list>`},
		{"nested list", "- a\n  - b", blocks, `<list type="marked"><item>a<list type="marked"><item>b</item></list></item></list>`},
		{"loose item", "- p1\n\n  p2", blocks, `<list type="marked"><item>p1<lb/>p2</item></list>`},
		{"block quote", "> quoted\n>\n> - listed", blocks, `<blockquote><p>quoted</p><list type="marked"><item>listed</item></list></blockquote>`},
		{"empty block quote", ">", blocks, ``},
		{"quote in a quote joins it", "> a\n>\n> > b", blocks, `<blockquote><p>a</p><p>b</p></blockquote>`},
		{"thematic break", "a\n\n---\n\nb", blocks, `<p>a</p><p>b</p>`},
		{"web link", `[site](https://example.org/a%20b "The site")`, blocks,
			`<p><extref xlink:type="simple" xlink:href="https://example.org/a%20b" xlink:title="The site" xlink:show="new" xlink:actuate="onRequest">site</extref></p>`},
		{"autolink", "<https://example.org/>", blocks,
			`<p><extref xlink:type="simple" xlink:href="https://example.org/" xlink:show="new" xlink:actuate="onRequest">https://example.org/</extref></p>`},
		{"mail", "<desk@example.org>", blocks,
			`<p><extref xlink:type="simple" xlink:href="mailto:desk@example.org" xlink:show="new" xlink:actuate="onRequest">desk@example.org</extref></p>`},
		{"relative link", "[scan](scans/4.pdf)", blocks,
			`<p><extref xlink:type="simple" xlink:href="scans/4.pdf" xlink:show="new" xlink:actuate="onRequest">scan</extref></p>`},
		{"person", "[Zora *P.*](person:petrova)", blocks,
			`<p><ref target="person-petrova">Zora <emph render="italic">P.</emph></ref></p>`},
		{"person autolink", "<person:petrova>", blocks,
			`<p><ref target="person-petrova">Zora</ref></p>`}, // her heading: the pseudonym the inventory maintains
		{"pseudonym", "[Zora](pseudonym:ps-zora)", blocks,
			`<p><ref target="ps-zora">Zora</ref></p>`},
		{"body", "[the ICB](body:bureau)", blocks,
			`<p><ref target="body-bureau">the ICB</ref></p>`},
		{"place autolink", "<place:athens>", blocks,
			`<p><ref target="place-athens">Αθήνα</ref></p>`},
		{"unit", "[no. 4](inv:4) and <inv:12>", blocks,
			`<p><ref target="inv-4">no. 4</ref> and <ref target="inv-12">no. 12</ref></p>`},
		{"reel", "<reel:2>", blocks, `<p><ref target="reel-2">reel 2</ref></p>`},
		{"link in emphasis", "*see [Zora](person:petrova)*", blocks,
			`<p><emph render="italic">see <ref target="person-petrova">Zora</ref></emph></p>`},
		{"raw HTML kept as text", "a <b>b</b>", blocks, `<p>a &lt;b&gt;b&lt;/b&gt;</p>`},
		{"HTML block kept as text", "<div>\nx\n</div>", blocks, `<p>&lt;div&gt;<lb/>x<lb/>&lt;/div&gt;</p>`},
		{"image as its alt text", "![a scan](x.png)", blocks, `<p>a scan</p>`},
		{"unknown scheme as text", "[x](ftp://example.org/)", blocks, `<p>x</p>`},
		{"mixed: item or event", "One.\n\nTwo.\n\n- x\n\n> q", mixed,
			`One.<lb/>Two.<list type="marked"><item>x</item></list><blockquote><p>q</p></blockquote>`},
		{"inline only: abstract", "One.\n\n- x\n- y\n\n1. z\n\n> q", inlineOnly,
			`One.<lb/>• x<lb/>• y<lb/>1. z<lb/>q`},
		{"text only: inside a name", "[a](https://x.org/) *b*", textOnly, `a <emph render="italic">b</emph>`},
		{"empty", "  \n ", blocks, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(letters, tc.in, tc.mode); got != tc.want {
				t.Errorf("%q:\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}

	// A number on film but not described links to its reel.
	if got, want := render(load(t, "trotsky-ilo"), "[no. 723](inv:723)", blocks), `<p><ref target="reel-7">no. 723</ref></p>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// FuzzMarkdownEAD: any Markdown, in any mode, gives well-formed XML and
// never panics; every reference it writes names a record that exists.
func FuzzMarkdownEAD(f *testing.F) {
	for _, name := range []string{"letters", "trotsky-ilo"} {
		resolve.Fields(load(f, name), func(p *model.Prose, _ string, _ *model.Component) {
			if p.Text != "" {
				f.Add(p.Text)
			}
		})
	}
	for _, s := range []string{
		"", "*", "[x](person:nobody)", "<inv:99999>", "[](reel:)", "a\x00b\x0bc\uFFFE", "\xff\xfe",
		"> > > - 1. *x*", "[a [b](inv:1)](person:petrova)", "&#0; &#xD800; &bogus;", "<b>x</b>]]>",
		"- a\n\n  > b\n\n  ```\n  c\n  ```", "[x](<a b> \"t\")", "***a*b**c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := load(t, "letters")
		for _, m := range []mode{blocks, mixed, inlineOnly, textOnly} {
			out := render(a, s, m)
			doc := `<root xmlns="` + Namespace + `" xmlns:xlink="` + XLinkNamespace + `">` + out + `</root>`
			d := xml.NewDecoder(strings.NewReader(doc))
			for {
				_, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("mode %+v: not well-formed: %v\n%s", m, err, out)
				}
			}
			ids := map[string]bool{}
			for _, r := range a.Reels {
				ids[r.Anchor()] = true
			}
			for _, c := range a.Components {
				ids[c.Anchor()] = true
			}
			for _, p := range a.People {
				ids[p.Anchor()] = true
				for _, ps := range p.Pseudonyms {
					ids[ps.Anchor()] = true
				}
			}
			for _, b := range a.Bodies {
				ids[b.Anchor()] = true
			}
			for _, pl := range a.Places {
				ids[pl.Anchor()] = true
			}
			e := parse(t, []byte(doc))
			for _, r := range e.FindElements("//ref") {
				if tg := r.SelectAttrValue("target", ""); !ids[tg] {
					t.Fatalf("ref to %q, which is no record", tg)
				}
			}
		}
	})
}

// TestMarkdownSchemaValid puts every construct of TestMarkdown into every
// kind of place prose goes (notes of the fonds and of units, the abstract,
// the language note, chronology events, notes on persons) and validates
// the result against the schema.
func TestMarkdownSchemaValid(t *testing.T) {
	all := []string{
		"One.\n\nTwo.", "one  \ntwo", "*em*, **strong**, ***both***", "`a < b`", "    x := 1\n    y := 2",
		"# Title", `a \* b &amp; c &copy;`, "- a\n- b", "1. a\n2. b", "- a\n  - b", "- p1\n\n  p2",
		"> quoted\n>\n> - listed", ">", "---", `[site](https://example.org/a%20b "The site")`,
		"<https://example.org/>", "<desk@example.org>", "[scan](scans/4.pdf)", "[Zora *P.*](person:petrova)",
		"<person:petrova>", "[Zora](pseudonym:ps-zora)", "[the ICB](body:bureau)", "<place:athens>",
		"[no. 4](inv:4) and <inv:12>", "<reel:2>", "*see [Zora](person:petrova)*", "a <b>b</b>",
		"<div>\nx\n</div>", "![a scan](x.png)", "> > nested\n> > - [x](inv:1)",
	}
	text := strings.Join(all, "\n\n")
	a := fresh(t, "letters")
	f := a.Fonds
	unit := new(model.UnitNotes) // the unit has no notes of its own
	a.ByID["inv-4"].Description = unit
	for _, name := range []string{"scope_and_content", "abstract", "language_note"} {
		nf, _ := model.NoteNamed(name)
		unit.Set(nf, model.Prose{Text: text})
	}
	for _, p := range []*model.Prose{&f.Abstract, &f.LanguageNote, &f.BiographicalHistory, &f.Copies, &f.Conventions,
		&a.Events[0].Text, &a.People[0].Note, &a.Bodies[0].Note} {
		p.Text = text
	}
	data := write(t, a, Options{})
	checkIDRefs(t, "markdown.xml", data)
	path := t.TempDir() + "/markdown.xml"
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	xmllint(t, path)
}

// TestNotesParsedOnce: the writer renders a note from the tree resolve
// kept in the archive's Notes, not from a parse of its own.
func TestNotesParsedOnce(t *testing.T) {
	a := fresh(t, "letters")
	a.Notes[a.Fonds.ScopeAndContent.Text] = prose.Parse("*Rendered from the kept tree.*")
	out := string(write(t, a, Options{}))
	if !strings.Contains(out, `<emph render="italic">Rendered from the kept tree.</emph>`) {
		t.Errorf("the scope note is not the tree kept in Notes")
	}
}
