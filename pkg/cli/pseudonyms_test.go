package cli

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/present"
)

// TestPseudonymTableEverywhere builds the default sources as fonds build
// does and reads the inventory's table "Pseudonym / User" in each output:
// the EAD's index of pseudonyms, the site's table on persons.html and the
// PDF's list of pseudonyms, read with pdftotext. The three list the 78
// pseudonyms in one order, the inventory's (present.Pseudonyms, which
// TestPseudonymsInTheInventorysOrder checks against the seed text), each
// with its user and its mark as the inventory words them: "Schmidt, W. -
// Sobolevicius (Soblen), Roman", "*Rosmer, Alfred - Griot, Alfred", "Obin,
// J." before "O-r".
func TestPseudonymTableEverywhere(t *testing.T) {
	pdftotext := testtool.Need(t, "pdftotext")
	src := filepath.Join(testtool.Root(t), "sources", "trotsky-ilo")
	dist := filepath.Join(t.TempDir(), "dist")
	var out, errb bytes.Buffer
	if code := Main([]string{"build", "-o", dist, src}, nil, &out, &errb); code != ExitOK {
		t.Fatalf("fonds build: exit %d\n%s%s", code, out.String(), errb.String())
	}
	res := build.Check(src, build.Options{})
	var want []string
	for _, ps := range present.Pseudonyms(res.Archive) {
		mark := ""
		if ps.Maintained {
			mark = "*"
		}
		want = append(want, mark+ps.Name+" - "+ps.Person.Name)
	}
	if len(want) != 78 {
		t.Fatalf("%d pseudonyms, want 78", len(want))
	}
	for _, row := range []string{"*Rosmer, Alfred - Griot, Alfred", "Schmidt, W. - Sobolevicius (Soblen), Roman", "Adolf - Klement, Rudolf"} {
		if !slices.Contains(want, row) {
			t.Errorf("no row %q", row)
		}
	}
	if i := slices.Index(want, "Obin, J. - Ohkun, P."); i < 0 || want[i+1] != "O-r - Schüssler, Otto" {
		t.Errorf("Obin, J. does not come just before O-r: %q", want)
	}

	outputs := map[string][]string{
		"EAD":  eadTable(t, filepath.Join(dist, "arch01483", "arch01483.xml")),
		"HTML": htmlTable(t, filepath.Join(dist, "arch01483", "persons.html")),
		"PDF":  pdfTable(t, pdftotext, filepath.Join(dist, "arch01483", "arch01483.pdf")),
	}
	for name, got := range outputs {
		if !slices.Equal(got, want) {
			for i := range max(len(got), len(want)) {
				g, w := "", ""
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Errorf("%s: row %d of the table of pseudonyms reads %q, want %q (%d rows)", name, i+1, g, w, len(got))
					break
				}
			}
		}
	}
}

// eadTable reads the index of pseudonyms: each entry's pseudonym, marked
// with a star when maintained, and the person its first link leads to.
func eadTable(t *testing.T, file string) []string {
	doc := etree.NewDocument()
	if err := doc.ReadFromFile(file); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, idx := range doc.FindElements("/ead/archdesc/index") {
		if idx.SelectElement("head").Text() != "Index of pseudonyms" {
			continue
		}
		for _, e := range idx.SelectElements("indexentry") {
			mark := ""
			if e.SelectAttrValue("altrender", "") == "maintained" {
				mark = "*"
			}
			user := e.FindElement("ref")
			if user == nil {
				user = e.FindElement("ptrgrp/ref")
			}
			rows = append(rows, mark+e.SelectElement("persname").Text()+" - "+user.Text())
		}
	}
	return rows
}

// htmlTable reads the table of pseudonyms of persons.html: the text of its
// two cells, without what is there for screen readers only.
func htmlTable(t *testing.T, file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(data), `<table class="pseudonyms">`)
	if !ok {
		t.Fatal("persons.html has no table of pseudonyms")
	}
	table, _, _ = strings.Cut(table, "</table>")
	vh := regexp.MustCompile(`<span class="vh">[^<]*</span>`)
	tags := regexp.MustCompile(`<[^>]+>`)
	cell := regexp.MustCompile(`(?s)<td>(.*?)</td>`)
	var rows []string
	for _, tr := range strings.Split(table, "<tr>")[1:] {
		cells := cell.FindAllStringSubmatch(tr, -1)
		if len(cells) != 2 {
			continue // the heading row
		}
		text := func(s string) string {
			return html.UnescapeString(tags.ReplaceAllString(vh.ReplaceAllString(s, ""), ""))
		}
		rows = append(rows, text(cells[0][1])+" - "+text(cells[1][1]))
	}
	return rows
}

// pdfTable reads the list of pseudonyms of the PDF with pdftotext -layout:
// the lines between its title and its footnote, a pseudonym and its user
// in columns, leaving out the running heads and feet of pages.
func pdfTable(t *testing.T, pdftotext, file string) []string {
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	i := strings.Index(text, "\nPseudonyms\n")
	j := strings.Index(text, "* Pseudonym maintained in the inventory.")
	if i < 0 || j < i {
		t.Fatal("the PDF has no list of pseudonyms")
	}
	cols := regexp.MustCompile(`^(\*?)\s*(\S.*?)\s{2,}(\S.*)$`)
	var rows []string
	for _, line := range strings.Split(text[i:j], "\n") {
		line = strings.TrimSpace(strings.TrimLeft(line, "\f"))
		m := cols.FindStringSubmatch(line)
		switch {
		case m == nil, m[2] == "Pseudonym", strings.HasPrefix(m[3], "page "), strings.Contains(line, "ARCH01483"):
			continue // headings, running heads and feet
		}
		rows = append(rows, m[1]+m[2]+" - "+m[3])
	}
	return rows
}
