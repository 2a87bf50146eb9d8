package eadtext

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// TestRead: what an ead field shows readers, kind by kind.
func TestRead(t *testing.T) {
	raw := `<did><physloc>Avery</physloc><unitid type="ark"><extref xlink:href="https://purl.example/ark:/1/x">Archival Resource Key</extref></unitid><materialspec label="Scale:">1:25,000</materialspec><note audience="internal"><p>Not for readers.</p></note></did>
<odd><head>General</head><p>Three *stars* and [brackets].</p><list type="ordered"><item>one</item><item>1976. two</item></list></odd>
<bioghist><chronlist><chronitem><date>1929</date><event>Exile.</event></chronitem></chronlist></bioghist>
<controlaccess><head>Subjects</head><subject>Socialism</subject><persname>Marx, Karl</persname></controlaccess>
<scopecontent audience="internal"><p>Internal.</p></scopecontent>
<eadheader><filedesc><titlestmt><subtitle>An inventory</subtitle></titlestmt></filedesc></eadheader>`
	k, err := Read(raw, false)
	if err != nil {
		t.Fatal(err)
	}
	wantFields := []Field{
		{"Physical location", "Avery"},
		{"Identifier (ark)", "Archival Resource Key https://purl.example/ark:/1/x"},
		{"Scale", "1:25,000"},
	}
	if !reflect.DeepEqual(k.Fields, wantFields) {
		t.Errorf("fields %q, want %q", k.Fields, wantFields)
	}
	wantNotes := []Note{
		{"General", "Three \\*stars\\* and \\[brackets\\].\n\n1. one\n2. 1976\\. two"},
		{"Biographical history", "- 1929 Exile."},
		{"Subjects", "- Socialism\n- Marx, Karl"},
	}
	if !reflect.DeepEqual(k.Notes, wantNotes) {
		t.Errorf("notes %q, want %q", k.Notes, wantNotes)
	}
	if want := []Field{{"Subtitle", "An inventory"}}; !reflect.DeepEqual(k.Header, want) {
		t.Errorf("header %q, want %q", k.Header, want)
	}
	all, err := Read(raw, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Notes) != 4 || all.Notes[3].Text != "Internal." || len(all.Fields) != 4 || all.Fields[3].Text != "Not for readers." {
		t.Errorf("with internal material: %q %q", all.Fields, all.Notes)
	}
	if _, err := Read("<odd><p>open", false); err == nil {
		t.Error("XML that is not well-formed is read")
	}
	if k, err := Read("", false); err != nil || !k.IsZero() {
		t.Errorf("empty field: %v %v", k, err)
	}
}

// TestISODates: a date element in ISO 8601 form reads as fonds prints
// dates, in words, its time as written (ArchivesSpace stamps the
// creation "2023-06-16 19:34:00 +0200" and prints "June 16, 2023"); any
// other date reads as written.
func TestISODates(t *testing.T) {
	for _, c := range []struct{ date, want string }{
		{"2023-06-16 19:34:00 +0200", "16 June 2023, 19:34:00 +0200"},
		{"2023-06-16T19:34:00Z", "16 June 2023, 19:34:00Z"},
		{"2023-06-16T19:34:00.125+02:00", "16 June 2023, 19:34:00.125+02:00"},
		{" 1929-01-20\n", "20 January 1929"},
		{"2023-02-30", "2023-02-30"},
		{"2023-06", "2023-06"},
		{"16 June 2004", "16 June 2004"},
		{"2023-06-16 soon", "2023-06-16 soon"},
		{"2023-06-16 09:05+02", "16 June 2023, 09:05+02"},
		{"2023-06-16 25:99", "2023-06-16 25:99"},
		{"2023-06-16 19:34:00 +2500", "2023-06-16 19:34:00 +2500"},
		{"2023-06-16 <emph>19:34</emph>", "2023-06-16 19:34"},
	} {
		raw := "<eadheader><profiledesc><creation>Made on <date>" + c.date + "</date>.</creation></profiledesc></eadheader>" +
			"<bioghist><chronlist><chronitem><date>" + c.date + "</date><event>Event.</event></chronitem></chronlist></bioghist>"
		k, err := Read(raw, false)
		if err != nil {
			t.Fatal(err)
		}
		if want := []Field{{"Creation", "Made on " + c.want + "."}}; !reflect.DeepEqual(k.Header, want) {
			t.Errorf("%q: header %q, want %q", c.date, k.Header, want)
		}
		if want := "- " + Escape(c.want, false) + " Event."; len(k.Notes) != 1 || k.Notes[0].Text != want {
			t.Errorf("%q: notes %q, want %q", c.date, k.Notes, want)
		}
	}
}

// TestMarkdownReadsBack: the Markdown of a note is text, lists and links
// that fonds's Markdown reader accepts, and reads back to the note's words.
func TestMarkdownReadsBack(t *testing.T) {
	for _, raw := range []string{
		`<odd><p># not a heading, - not a list, 1) not one either: <emph render="bold">*bold*</emph> &amp; &lt;tag&gt; | pipe ~ ! \ ` + "`" + `</p></odd>`,
		`<odd><list><item>+ plus</item><item>= equals</item></list></odd>`,
		`<odd><table><tgroup cols="2"><tbody><row><entry>a</entry><entry>b</entry></row></tbody></tgroup></table></odd>`,
		`<odd><p>See <extref xlink:href="https://example.org/a">the site</extref> and <extref xlink:href="javascript:alert(1)">this</extref>.</p></odd>`,
		`<odd><blockquote><p>Quoted</p><p>twice</p></blockquote><list type="deflist"><defitem><label>L</label><item>I</item></defitem></list></odd>`,
	} {
		k, err := Read(raw, false)
		if err != nil || len(k.Notes) != 1 {
			t.Fatalf("%s: %v %v", raw, k, err)
		}
		doc := prose.Parse(k.Notes[0].Text)
		if len(doc.Problems) > 0 {
			t.Errorf("%s: Markdown %q refused: %s", raw, k.Notes[0].Text, doc.Problems[0].Msg)
		}
		if got, want := tokens(doc.Plain(nil)), tokens(wordsOf(t, raw)); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s:\nMarkdown %q reads back as\n%q, want\n%q", raw, k.Notes[0].Text, got, want)
		}
		if strings.Contains(k.Notes[0].Text, "javascript") && strings.Contains(k.Notes[0].Text, "](javascript") {
			t.Errorf("a javascript: link was kept as a link: %q", k.Notes[0].Text)
		}
	}
}

// wordsOf is the text of a raw note, as Text reads it.
func wordsOf(t *testing.T, raw string) string {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromString(`<raw xmlns:xlink="http://www.w3.org/1999/xlink">` + raw + `</raw>`); err != nil {
		t.Fatal(err)
	}
	return Text(doc.Root())
}

// tokens are the words of s: runs of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestPhrasePunctuation: a name or a date inside a sentence is set apart
// from the words beside it, not from the punctuation that closes or opens
// around it, in the plain text (the site's and PDF's facts) and in the
// Markdown of a note; two phrases side by side stay two words, and a space
// written in the source is kept.
func TestPhrasePunctuation(t *testing.T) {
	for _, c := range []struct{ in, text, md string }{
		{`Made on <date>1920</date>.`, "Made on 1920.", "Made on 1920."},
		{`Letters of <persname>Marx, Karl</persname>, <persname>Engels</persname>; others`,
			"Letters of Marx, Karl, Engels; others", "Letters of Marx, Karl, Engels; others"},
		{`Copies (<date>1920</date>) and [<geogname>Prinkipo</geogname>]`,
			"Copies (1920) and [Prinkipo]", `Copies (1920) and \[Prinkipo\]`},
		{`<persname>Marx</persname><persname>Engels</persname>`, "Marx Engels", "Marx Engels"},
		{`To <persname>Marx</persname> .`, "To Marx .", "To Marx ."},
		{`in <emph>italic</emph>s`, "in italics", "in italics"},
	} {
		k, err := Read(`<eadheader><profiledesc><creation>`+c.in+`</creation></profiledesc></eadheader><odd><p>`+c.in+`</p></odd>`, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(k.Header) != 1 || k.Header[0].Text != c.text {
			t.Errorf("%s: text %q, want %q", c.in, k.Header, c.text)
		}
		if len(k.Notes) != 1 || k.Notes[0].Text != c.md {
			t.Errorf("%s: Markdown %q, want %q", c.in, k.Notes, c.md)
		}
	}
}
