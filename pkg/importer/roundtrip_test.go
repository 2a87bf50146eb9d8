package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
)

// shared returns a folder of ../shared; outside CI a missing one skips.
func shared(t testing.TB, sub string) string { return testtool.Shared(t, sub) }

// writeSources writes an import's files into dir.
func writeSources(t testing.TB, dir string, res *Result) {
	t.Helper()
	for _, p := range res.Paths() {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, res.Files[p], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// xmllint validates an EAD file against the EAD 2002 schema in ../shared,
// offline through its catalog. In CI a missing xmllint fails the test.
func xmllint(t *testing.T, file string) {
	t.Helper()
	testtool.ValidateEAD(t, file)
}

// TestRoundTrip imports every sample of ../shared/ead-samples, checks the
// sources with fonds check, writes them as EAD with the EAD writer,
// validates that against the schema, and compares it with the input:
// component tree, unitids, titles, dates, note texts, names, languages,
// containers and digital objects. It fails on any difference and on any
// dropped text.
func TestRoundTrip(t *testing.T) {
	dir := shared(t, "ead-samples")
	samples, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(samples) == 0 {
		t.Fatalf("no samples in %s", dir)
	}
	for _, sample := range samples {
		name := strings.TrimSuffix(filepath.Base(sample), ".xml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(sample)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, name, data)
		})
	}
}

// roundTrip imports data, checks the sources, writes them as EAD,
// validates it and compares it with data; it logs the comparison table.
func roundTrip(t *testing.T, name string, data []byte) *Result {
	res, err := Import(bytes.NewReader(data), name+".xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Import(bytes.NewReader(data), name+".xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range res.Files {
		if !bytes.Equal(b, again.Files[p]) {
			t.Errorf("%s differs between two imports of the same EAD", p)
		}
	}
	var summary strings.Builder
	res.Report.WriteTo(&summary)
	if n := res.Report.DroppedText(); n > 0 {
		t.Errorf("%d characters of text dropped:\n%s", n, summary.String())
	}
	src := filepath.Join(t.TempDir(), "sources", res.Name)
	writeSources(t, src, res)
	chk := build.Check(src, build.Options{})
	if chk.Diags.HasErrors() || chk.Archive == nil {
		t.Fatalf("fonds check refuses the import:\n%v", chk.Diags)
	}
	var out bytes.Buffer
	if err := ead.Write(&out, chk.Archive, ead.Options{}); err != nil {
		t.Fatalf("EAD writer: %v", err)
	}
	file := filepath.Join(t.TempDir(), res.Name+".xml")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	xmllint(t, file)
	checkIDRefs(t, out.Bytes())
	in, err := readFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readFacts(out.Bytes())
	if err != nil {
		t.Fatalf("reading the EAD written: %v", err)
	}
	rows := compare(in, got)
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\t%s\tin\tout\tresult\n", name)
	failed := false
	for _, r := range rows {
		result := "same"
		if len(r.problems) > 0 {
			result = fmt.Sprintf("%d differences", len(r.problems))
			failed = true
		}
		fmt.Fprintf(tw, "\t%s\t%d\t%d\t%s\n", r.what, r.in, r.out, result)
	}
	fmt.Fprintf(tw, "\tdropped text\t\t%d\t\n", res.Report.DroppedText())
	fmt.Fprintf(tw, "\tschema (xmllint)\t\t\tvalid\n")
	tw.Flush()
	t.Logf("round trip:\n%s", table.String())
	if failed {
		for _, r := range rows {
			for i, p := range r.problems {
				if i == 10 {
					t.Errorf("%s: … %d more", r.what, len(r.problems)-10)
					break
				}
				t.Errorf("%s: %s", r.what, p)
			}
		}
	}
	return res
}

// checkIDRefs fails when a @target or @parent of the EAD names no @id:
// xmllint checks that ids are unique, not that references resolve.
func checkIDRefs(t *testing.T, data []byte) {
	t.Helper()
	doc, err := parse(bytes.NewReader(data), "out")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	var refs []string
	var walk func(n *node)
	walk = func(n *node) {
		for _, a := range n.attrs {
			switch {
			case a.space == "" && a.name == "id":
				ids[a.value] = true
			case a.space == "" && (a.name == "target" || a.name == "parent"):
				refs = append(refs, strings.Fields(a.value)...)
			}
		}
		for _, k := range n.kids {
			if k.name != "" {
				walk(k)
			}
		}
	}
	walk(doc.ead)
	for _, r := range refs {
		if !ids[r] {
			t.Errorf("IDREF %q names no id of the EAD written", r)
		}
	}
}

// TestFondsEADBadIDs: an EAD that says fonds wrote it but holds ids no
// source may hold, and an entry with no name, imports into sources fonds
// check accepts, with the links on the ids made from the names and every
// change in the report.
func TestFondsEADBadIDs(t *testing.T) {
	const doc = `<ead><eadheader><eadid>F</eadid><profiledesc><creation>Encoded in EAD 2002 by fonds</creation></profiledesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>F</unittitle></did><bioghist><chronlist><chronitem><date normal="1930">1930</date>` +
		`<event>See <ref target="person-1%">A</ref>, <ref target="ps%x">X</ref> and <ref target="body-">B</ref>.</event></chronitem></chronlist></bioghist>` +
		`<dsc><c id="inv-1" level="item"><did><unitid>1</unitid><unittitle>Letter</unittitle><origination label="Sender"><persname>X<ptr target="ps%x"/></persname></origination></did></c></dsc>` +
		`<index><indexentry id="person-1%"><persname normal="A">A, 1900-1950</persname><indexentry altrender="pseudonym"><persname>X</persname><ptr target="ps%x"/></indexentry></indexentry>` +
		`<indexentry id="body-"><corpname></corpname></indexentry></index></archdesc></ead>`
	res, err := Import(strings.NewReader(doc), "bad.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "imported")
	writeSources(t, dir, res)
	if chk := build.Check(dir, build.Options{}); chk.Diags.HasErrors() {
		t.Fatalf("fonds check: %v", chk.Diags)
	}
	for file, want := range map[string]string{
		"authorities.yaml": "id: person-a",
		"chronology.yaml":  "See [A](person:person-a), [X](pseudonym:ps-x) and B.",
	} {
		if b := res.Files[file]; !strings.Contains(string(b), want) {
			t.Errorf("%s has no %q:\n%s", file, want, b)
		}
	}
	var repaired []string
	for _, e := range res.Report.Repaired {
		repaired = append(repaired, e.What)
	}
	for _, want := range []string{
		`the EAD id "person-1%" of "A" cannot be an id in the sources: written as "person-a"`,
		`the EAD id "ps%x" of "X" cannot be an id in the sources: written as "ps-x"`,
		`index entry "body-" names nothing: left out, and what cites it keeps its own words`,
	} {
		if !slices.Contains(repaired, want) {
			t.Errorf("the report's repaired has no %q: %q", want, repaired)
		}
	}
}

// TestFondsEADIDsClash: in the sources persons, pseudonyms, bodies and
// places share one set of ids, which an EAD that claims to be fonds's
// does not: a person's "person-body-x" keeps "body-x", the id a body with
// the invalid "body-%" would be given; a person and a body of EAD ids
// "person-y" and "body-y" would both keep "y". The second of each is given
// another id, keeping its note, the report says so, and the import passes
// fonds check (it refused before, "id used twice", found by reading the
// code).
func TestFondsEADIDsClash(t *testing.T) {
	const doc = `<ead><eadheader><eadid>F</eadid><profiledesc><creation>Encoded in EAD 2002 by fonds</creation></profiledesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>F</unittitle></did>` +
		`<odd type="names"><list type="deflist"><defitem><label><ref target="body-%">X</ref></label><item><p>Note on X.</p></item></defitem>` +
		`<defitem><label><ref target="body-y">Y</ref></label><item><p>Note on Y.</p></item></defitem></list></odd>` +
		`<dsc><c id="inv-1" level="item"><did><unitid>1</unitid><unittitle>T</unittitle>` +
		`<origination label="Sender"><persname>A<ptr target="person-body-x"/></persname><corpname>X<ptr target="body-%"/></corpname>` +
		`<persname>B<ptr target="person-y"/></persname><corpname>Y<ptr target="body-y"/></corpname></origination></did></c></dsc>` +
		`<index><indexentry id="person-body-x"><persname normal="A">A</persname></indexentry><indexentry id="body-%"><corpname>X</corpname></indexentry>` +
		`<indexentry id="person-y"><persname normal="B">B</persname></indexentry><indexentry id="body-y"><corpname>Y</corpname></indexentry></index></archdesc></ead>`
	res, err := Import(strings.NewReader(doc), "clash.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "imported")
	writeSources(t, dir, res)
	if chk := build.Check(dir, build.Options{}); chk.Diags.HasErrors() {
		t.Fatalf("fonds check: %v", chk.Diags)
	}
	auth := string(res.Files["authorities.yaml"])
	for _, want := range []string{"id: body-x\n    name: A", "id: body-x-2\n    name: X\n    note: Note on X.", "id: y\n    name: B", "id: body-y\n    name: Y\n    note: Note on Y."} {
		if !strings.Contains(auth, want) {
			t.Errorf("authorities.yaml has no %q:\n%s", want, auth)
		}
	}
	var repaired []string
	for _, e := range res.Report.Repaired {
		repaired = append(repaired, e.What)
	}
	for _, want := range []string{
		`the EAD id "body-%" of "X" cannot be an id in the sources: written as "body-x-2"`,
		`the EAD id "body-y" of "Y" gives the id "y", which a record before it holds: written as "body-y"`,
	} {
		if !slices.Contains(repaired, want) {
			t.Errorf("the report's repaired has no %q: %q", want, repaired)
		}
	}
}

// TestFondsEADNamesClash: a unit cites a record by any of its names, and an
// altered fonds EAD can give one string to two records: the id of a person
// ("person-a" comes back as "a") and the name of another's pseudonym; the
// abbreviation of a body and the name of a pseudonym. Each record is cited
// by a name no other holds (a pseudonym by its id when its name is taken);
// a person whose id and name are both another record's names ("a" and
// "Anna") is given an id made from its name. The import passes fonds
// check, and each citation leads to the record the EAD linked (it was
// refused before as ambiguous, found by reading the code).
func TestFondsEADNamesClash(t *testing.T) {
	const doc = `<ead><eadheader><eadid>F</eadid><profiledesc><creation>Encoded in EAD 2002 by fonds</creation></profiledesc></eadheader>` +
		`<archdesc level="fonds"><did><unittitle>F</unittitle></did>` +
		`<odd type="names"><list type="deflist"><defitem><label><ref target="body-ccc">CCC</ref></label><item><list type="deflist">` +
		`<defitem><label>Abbreviation</label><item>c</item></defitem></list></item></defitem></list></odd>` +
		`<dsc><c id="inv-1" level="item"><did><unitid>1</unitid><unittitle>T</unittitle><origination label="Sender">` +
		`<persname>Anna<ptr target="person-a"/></persname><persname>a<ptr target="ps-a"/></persname>` +
		`<persname>c<ptr target="ps-c"/></persname><corpname>CCC<ptr target="body-ccc"/></corpname>` +
		`<persname>Anna<ptr target="ps-anna"/></persname><persname>D<ptr target="person-d"/></persname></origination></did></c></dsc>` +
		`<index><indexentry id="person-a"><persname normal="Anna">Anna</persname></indexentry>` +
		`<indexentry id="person-b"><persname normal="B">B</persname><indexentry altrender="pseudonym"><persname>a</persname><ptr target="ps-a"/></indexentry>` +
		`<indexentry altrender="pseudonym"><persname>c</persname><ptr target="ps-c"/></indexentry>` +
		`<indexentry altrender="pseudonym"><persname>Anna</persname><ptr target="ps-anna"/></indexentry></indexentry>` +
		`<indexentry id="person-d"><persname normal="D">D</persname></indexentry>` +
		`<indexentry id="body-ccc"><corpname>CCC</corpname></indexentry></index></archdesc></ead>`
	res, err := Import(strings.NewReader(doc), "clash.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "imported")
	writeSources(t, dir, res)
	chk := build.Check(dir, build.Options{})
	if chk.Diags.HasErrors() {
		t.Fatalf("fonds check: %v", chk.Diags)
	}
	if got := string(res.Files["fonds.yaml"]); !strings.Contains(got, "from: [person-anna, ps-a, ps-c, ccc, ps-anna, d]") {
		t.Errorf("fonds.yaml does not cite person-anna, ps-a, ps-c, ccc, ps-anna, d:\n%s", got)
	}
	if got := string(res.Files["authorities.yaml"]); !strings.Contains(got, "id: person-anna\n    name: Anna") {
		t.Errorf("authorities.yaml:\n%s", got)
	}
	var repaired []string
	for _, e := range res.Report.Repaired {
		repaired = append(repaired, e.What)
	}
	if want := `every name of "Anna" (a, Anna) names another record too: its id is written as "person-anna"`; !slices.Contains(repaired, want) {
		t.Errorf("the report's repaired has no %q: %q", want, repaired)
	}
	// Each name the unit cites leads to the record the EAD linked.
	var got []string
	for _, ag := range chk.Archive.ByID["inv-1"].From {
		switch {
		case ag.Pseudonym != nil:
			got = append(got, "pseudonym "+ag.Pseudonym.Name+" of "+ag.Person.Name)
		case ag.Person != nil:
			got = append(got, "person "+ag.Person.Name)
		case ag.Body != nil:
			got = append(got, "body "+ag.Body.Name)
		default:
			got = append(got, "unresolved "+ag.Name)
		}
	}
	if want := []string{"person Anna", "pseudonym a of B", "pseudonym c of B", "body CCC", "pseudonym Anna of B", "person D"}; !slices.Equal(got, want) {
		t.Errorf("the unit cites %q, want %q", got, want)
	}
}
