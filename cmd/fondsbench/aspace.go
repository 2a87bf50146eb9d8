package main

import (
	"archive/zip"
	"bufio"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// aspace compares fonds with the PDF pipeline of ArchivesSpace on one EAD
// file: ArchivesSpace's as-ead-pdf.xsl through Saxon-HE into FOP, in one
// Java process as ArchivesSpace runs it (backend/app/lib/AS_fop.rb), and
// fonds build on the same finding aid imported with fonds import. Nothing
// is fetched: the stylesheets, Saxon-HE and FOP are given (bench/aspace.sh
// finds them). The runs alternate, so that both see the same machine.
type aspace struct {
	ead       string // the EAD file
	xsl       string // ArchivesSpace's stylesheets folder
	classpath string // Saxon-HE and FOP
	revision  string // where the stylesheets come from
}

func (as aspace) run(fonds, out string, b bounds, runs int) error {
	sheet := filepath.Join(as.xsl, "as-ead-pdf.xsl")
	for _, f := range []string{as.ead, sheet} {
		if _, err := os.Stat(f); err != nil {
			return err
		}
	}
	if as.classpath == "" {
		return fmt.Errorf("-aspace-cp: give the class path of Saxon-HE and FOP (bench/aspace.sh finds them)")
	}
	for _, tool := range []string{"java", "pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is not installed", tool)
		}
	}
	work, err := os.MkdirTemp("", "fondsbench-aspace-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	conf, dropped, err := fopConfig(as.xsl, work)
	if err != nil {
		return err
	}
	src := filepath.Join(work, "sources", "imported")
	if r := run(fonds, []string{"import", "--force", "-o", src, as.ead}, nil, b); r.err != "" {
		return fmt.Errorf("fonds import: %s", r.err)
	}
	logo, _ := filepath.Abs(filepath.Join(as.xsl, "ArchivesSpaceLogo_for_pdf.png"))
	asPDF := filepath.Join(work, "aspace.pdf")
	dist := filepath.Join(work, "dist")
	pipelines := []scenario{
		{name: "ArchivesSpace: as-ead-pdf.xsl → Saxon-HE → FOP (one JVM)", bin: "java", args: []string{
			"-Xss8m", "-Djava.awt.headless=true",
			"-Djavax.xml.transform.TransformerFactory=net.sf.saxon.TransformerFactoryImpl",
			"-cp", as.classpath, "org.apache.fop.cli.Main", "-c", conf,
			"-xml", as.ead, "-xsl", sheet, "-param", "pdf_image", "file://" + logo, "-pdf", asPDF}},
		{name: "fonds build --no-cache (EAD + site + PDF)", args: []string{"build", "--no-cache", "-o", dist, filepath.Dir(src)}, out: dist},
		{name: "fonds build --no-cache --only pdf", args: []string{"build", "--no-cache", "--only", "pdf", "-o", "OUT", filepath.Dir(src)}},
	}
	figs := make([]figures, len(pipelines))
	for i := range runs {
		for j, p := range pipelines {
			fmt.Fprintf(os.Stderr, "run %d, ", i+1)
			f := measure(fonds, p, 1, b)
			if f.err != "" {
				return fmt.Errorf("%s: %s", p.name, f.err)
			}
			figs[j].wall = append(figs[j].wall, f.wall...)
			figs[j].cpu = append(figs[j].cpu, f.cpu...)
			figs[j].rss = append(figs[j].rss, f.rss...)
		}
	}
	slug, err := onlyFolder(dist)
	if err != nil {
		return err
	}
	fondsPDF := filepath.Join(dist, slug, slug+".pdf")
	asLines, asContent, err := pdfLines(asPDF)
	if err != nil {
		return err
	}
	fondsLines, _, err := pdfLines(fondsPDF)
	if err != nil {
		return err
	}
	labels, err := stylesheetLabels(sheet)
	if err != nil {
		return err
	}
	text, own := ownWords(asContent, labels)
	w := wordSets{asAll: linesWords(asLines), asContent: linesWords(asContent), asText: text, asOwn: own, fonds: linesWords(fondsLines)}
	section := as.section(pipelines, figs, asPDF, fondsPDF, w, runs, dropped, fonds)
	return replaceSection(out, section)
}

// fopConfig writes ArchivesSpace's fop-config.xml with an absolute font
// folder and without the fonts that are not in it (a copy of the
// repository whose large files were left out lacks some), and returns the
// fonts dropped.
func fopConfig(xsl, work string) (string, []string, error) {
	data, err := os.ReadFile(filepath.Join(xsl, "fop-config.xml"))
	if err != nil {
		return "", nil, err
	}
	fonts, _ := filepath.Abs(filepath.Join(xsl, "fonts"))
	font := regexp.MustCompile(`(?s)\s*<font embed-url="([^"]+)">.*?</font>`)
	var dropped []string
	text := font.ReplaceAllStringFunc(string(data), func(m string) string {
		name := font.FindStringSubmatch(m)[1]
		if _, err := os.Stat(filepath.Join(fonts, name)); err != nil {
			dropped = append(dropped, name)
			return ""
		}
		return m
	})
	text = regexp.MustCompile(`<font-base>[^<]*</font-base>`).ReplaceAllString(text, "<font-base>"+fonts+"/</font-base>")
	conf := filepath.Join(work, "fop-config.xml")
	return conf, dropped, os.WriteFile(conf, []byte(text), 0o644)
}

func onlyFolder(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if e.IsDir() {
			return e.Name(), nil
		}
	}
	return "", fmt.Errorf("%s holds no finding aid", dir)
}

// pdfLines is the text of a PDF as pdftotext gives it, in lines: all of
// them, and those that are not the page's furniture: the lines that,
// numbers aside, stand on at least half of the pages (running heads, page
// numbers).
func pdfLines(pdf string) (all, content []string, err error) {
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		return nil, nil, fmt.Errorf("pdftotext %s: %v", pdf, err)
	}
	pages := strings.Split(strings.TrimRight(string(text), "\f"), "\f")
	digits := regexp.MustCompile(`[0-9]+`)
	onPages := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, l := range strings.Split(p, "\n") {
			if k := digits.ReplaceAllString(strings.TrimSpace(l), "#"); k != "" && !seen[k] {
				seen[k] = true
				onPages[k]++
			}
		}
	}
	for _, p := range pages {
		for _, l := range strings.Split(p, "\n") {
			all = append(all, l)
			if k := digits.ReplaceAllString(strings.TrimSpace(l), "#"); len(pages) < 4 || 2*onPages[k] < len(pages) {
				content = append(content, l)
			}
		}
	}
	return all, content, nil
}

// linesWords cuts lines into words.
func linesWords(lines []string) []string {
	return words(strings.Join(lines, "\n"))
}

// tocPage is the page number at the end of a line of a table of contents,
// after its dot leaders.
var tocPage = regexp.MustCompile(`\.{4,}\s*[0-9]+\s*$`)

// ownWords splits the content lines of ArchivesSpace's PDF into what it
// prints of the finding aid and what it prints of its own: its labels
// (literal text of its stylesheets: "Title/Description", "Instances",
// "^ Return to Table of Contents") and its table of contents, whose lines
// (with dot leaders and a page number) repeat headings printed again in
// the body. A label of two or more words counts wherever it stands, also
// across a line's end ("Physical" / "Description:"); a label of one word
// only when it is a line of its own, as the same word in a sentence is
// the finding aid's.
func ownWords(lines []string, labels map[string]bool) (text, own []string) {
	var seqs [][]string
	for l := range labels {
		if w := strings.Fields(l); len(w) > 1 {
			seqs = append(seqs, w)
		}
	}
	// Longest first, so that a label is not taken for a shorter one it
	// begins with.
	slices.SortFunc(seqs, func(a, b []string) int { return cmp.Or(len(b)-len(a), slices.Compare(a, b)) })
	// The words of the lines that are not the table of contents, with
	// the line each stands on and how many words that line has.
	type word struct {
		w         string
		line, all int
	}
	var stream []word
	for i, l := range lines {
		t := strings.TrimSpace(l)
		w := words(t)
		if tocPage.MatchString(t) {
			own = append(own, w...)
			continue
		}
		for _, x := range w {
			stream = append(stream, word{x, i, len(w)})
		}
	}
	isOwn := make([]bool, len(stream))
	for i := 0; i < len(stream); i++ {
		for _, q := range seqs {
			if len(q) > len(stream)-i {
				continue
			}
			match := true
			for k, x := range q {
				if stream[i+k].w != x {
					match = false
					break
				}
			}
			if match {
				for k := range q {
					isOwn[i+k] = true
				}
				i += len(q) - 1
				break
			}
		}
	}
	for i, x := range stream {
		if isOwn[i] || (x.all == 1 && labels[x.w]) {
			own = append(own, x.w)
		} else {
			text = append(text, x.w)
		}
	}
	return text, own
}

// quoted is a string literal in an XPath expression.
var quoted = regexp.MustCompile(`'([^']*)'`)

// stylesheetLabels is the literal text of an XSLT stylesheet and of the
// stylesheets it includes or imports, and the string literals of its
// expressions, as words joined by spaces: what the stylesheet prints of
// its own, whatever the finding aid.
func stylesheetLabels(sheet string) (map[string]bool, error) {
	labels := map[string]bool{}
	seen := map[string]bool{}
	var read func(string) error
	read = func(path string) error {
		if seen[path] {
			return nil
		}
		seen[path] = true
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		d := xml.NewDecoder(f)
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %v", path, err)
			}
			switch t := tok.(type) {
			case xml.StartElement:
				// String literals in XPath expressions: labels the
				// stylesheet chooses ('Physical Description', 'Creator').
				for _, a := range t.Attr {
					for _, m := range quoted.FindAllStringSubmatch(a.Value, -1) {
						if w := words(m[1]); len(w) > 0 {
							labels[strings.Join(w, " ")] = true
						}
					}
				}
				if t.Name.Local == "include" || t.Name.Local == "import" {
					for _, a := range t.Attr {
						if a.Name.Local == "href" {
							if err := read(filepath.Join(filepath.Dir(path), a.Value)); err != nil {
								return err
							}
						}
					}
				}
			case xml.CharData:
				if w := words(string(t)); len(w) > 0 {
					labels[strings.Join(w, " ")] = true
				}
			}
		}
	}
	return labels, read(sheet)
}

// joined finds, among the words ArchivesSpace prints more often than
// fonds, those that the two print with other breaks between the same
// letters: a word that fonds prints as two or three (pdftotext joins a
// word broken at a hyphen at the end of a line and drops the hyphen, so
// "Engels-Dokumente" becomes "EngelsDokumente" in one PDF and stays two
// words in the other; ArchivesSpace prints "1 S" as "1S"), or words that
// are one word of fonds's when joined ("D_3197-3198", broken by fonds's
// line, is "d", "31973198"). It returns what is left missing, and how
// many were found joined or split.
func joined(list []miss, as, fonds []string) ([]miss, int) {
	fondsCount := count(fonds)
	left := map[string]int{}
	for _, m := range list {
		left[m.word] = m.n
	}
	found := 0
	// A word of ArchivesSpace's printed by fonds in two or three, or
	// broken elsewhere: fonds's words from one that begins it, joined,
	// begin with it ("arbeidersverzekerings" in "arbeiders",
	// "verzekeringsen", where the two PDFs broke "Verzekerings- en" at
	// other places).
	for _, m := range list {
		for i := 0; i < len(fonds) && left[m.word] > 0; i++ {
			if len(fonds[i]) >= len(m.word) || !strings.HasPrefix(m.word, fonds[i]) {
				continue
			}
			joined := fonds[i]
			for j := i + 1; j < len(fonds) && j <= i+2 && len(joined) < len(m.word); j++ {
				joined += fonds[j]
			}
			if strings.HasPrefix(joined, m.word) {
				left[m.word]--
				found++
				// What follows it in fonds's word: ArchivesSpace's next
				// word ("en").
				if rest := joined[len(m.word):]; rest != "" && left[rest] > 0 {
					left[rest]--
					found++
				}
			}
		}
	}
	// Two or three words of ArchivesSpace's printed by fonds as one.
	for size := 2; size <= 3; size++ {
		for i := 0; i+size <= len(as); i++ {
			parts := as[i : i+size]
			short := false
			for _, w := range parts {
				if left[w] > 0 {
					short = true
				}
			}
			if !short {
				continue
			}
			w := strings.Join(parts, "")
			if fondsCount[w] > 0 {
				fondsCount[w]--
				for _, p := range parts {
					if left[p] > 0 {
						left[p]--
						found++
					}
				}
			}
		}
	}
	found += chained(left, as, fonds)
	var out []miss
	for _, m := range list {
		if left[m.word] > 0 {
			out = append(out, miss{m.word, left[m.word]})
		}
	}
	slices.SortFunc(out, func(a, b miss) int { return cmp.Or(b.n-a.n, strings.Compare(a.word, b.word)) })
	return out, found
}

// chained finds, among the words left missing, those of a chain of
// hyphens broken at another of its hyphens: ArchivesSpace breaks
// "Marx-Engels-Instituts" after "Engels-", which pdftotext prints as
// "marxengels", "instituts", and fonds after "Marx-": "marx",
// "engelsinstituts". A missing word and the word beside it in
// ArchivesSpace's text are found when fonds prints two words in a row with
// the same letters broken at another place (not the same two words: those
// fonds prints as ArchivesSpace does). It takes what it finds from left
// and returns how many words it found.
func chained(left map[string]int, as, fonds []string) int {
	// The pairs of ArchivesSpace's words with a missing word in them, by
	// their letters.
	type pair struct{ first, second string }
	want := map[string][]pair{}
	for k, w := range as {
		if left[w] == 0 {
			continue
		}
		if k > 0 {
			want[as[k-1]+w] = append(want[as[k-1]+w], pair{as[k-1], w})
		}
		if k+1 < len(as) {
			want[w+as[k+1]] = append(want[w+as[k+1]], pair{w, as[k+1]})
		}
	}
	found := 0
	for i := 0; i+1 < len(fonds); i++ {
		a, b := fonds[i], fonds[i+1]
		pairs := want[a+b]
		for j, p := range pairs {
			if p.first == a || left[p.first] == 0 && left[p.second] == 0 {
				continue
			}
			for _, w := range []string{p.first, p.second} {
				if left[w] > 0 {
					left[w]--
					found++
				}
			}
			want[a+b] = slices.Delete(pairs, j, j+1)
			break
		}
	}
	return found
}

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func pdfPages(pdf string) string {
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "Pages:"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return "?"
}

func count(words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[w]++
	}
	return m
}

// missing returns the words of as that fonds prints fewer times, with how
// many fewer, commonest first, and their sum.
func missing(as, fonds []string) ([]miss, int) {
	asCount, fondsCount := count(as), count(fonds)
	var list []miss
	total := 0
	for w, n := range asCount {
		if d := n - fondsCount[w]; d > 0 {
			list = append(list, miss{w, d})
			total += d
		}
	}
	slices.SortFunc(list, func(a, b miss) int { return cmp.Or(b.n-a.n, strings.Compare(a.word, b.word)) })
	return list, total
}

type miss struct {
	word string
	n    int
}

// wordSets are the words of the two PDFs: all ArchivesSpace prints, its
// content (without running heads and page numbers), the content without
// its labels and the page numbers of its contents (text), those (own); and
// all fonds prints.
type wordSets struct {
	asAll, asContent, asText, asOwn, fonds []string
}

func (as aspace) section(pipelines []scenario, figs []figures, asPDF, fondsPDF string, w wordSets, runs int, dropped []string, fonds string) string {
	var b strings.Builder
	info, _ := os.Stat(as.ead)
	data, _ := os.ReadFile(as.ead)
	components := len(regexp.MustCompile(`<(?:ead:)?c(?:0[1-9]|1[0-2])?[\s>]`).FindAll(data, -1))
	b.WriteString(asBegin + "\n## Against ArchivesSpace's PDF\n\n")
	fmt.Fprintf(&b, "Written by `bench/aspace.sh` (`fondsbench -aspace-ead`) on %s (%d components, %.1f MB): ArchivesSpace's\n", filepath.Base(as.ead), components, float64(info.Size())/1e6)
	fmt.Fprintf(&b, "`as-ead-pdf.xsl` through Saxon-HE into FOP in one Java process, as ArchivesSpace runs it, and fonds on the same finding\naid imported with `fonds import`; %d runs each, alternating, medians (min–max in brackets).\n\n", runs)
	b.WriteString("| pipeline | wall (s) | CPU (s) | peak RSS (MiB) |\n|---|---|---|---|\n")
	for i, p := range pipelines {
		w := sorted(figs[i].wall)
		fmt.Fprintf(&b, "| %s | %.2f (%.2f–%.2f) | %.2f | %.0f |\n", p.name, median(figs[i].wall).Seconds(), w[0].Seconds(), w[len(w)-1].Seconds(),
			median(figs[i].cpu).Seconds(), float64(median(figs[i].rss))/1024)
	}
	ratio := median(figs[0].wall).Seconds() / median(figs[1].wall).Seconds()
	cpuRatio := median(figs[0].cpu).Seconds() / median(figs[1].cpu).Seconds()
	pdfRatio := median(figs[0].wall).Seconds() / median(figs[2].wall).Seconds()
	fmt.Fprintf(&b, "\nArchivesSpace's PDF takes **%.1f×** the wall time of fonds's full build (%.1f× its CPU time), and %.1f× the wall time of\nfonds's PDF alone. Target: at least 30× for the full build — **%s**.\n", ratio, cpuRatio, pdfRatio, state(ratio >= 30))

	all, allTotal := missing(w.asAll, w.fonds)
	content, contentTotal := missing(w.asContent, w.fonds)
	text, textTotal := missing(w.asText, w.fonds)
	left, split := joined(text, w.asText, w.fonds)
	total := textTotal - split
	fmt.Fprintf(&b, "\nWords (pdftotext, runs of letters and digits, case folded): ArchivesSpace's PDF prints %d on %d pages, fonds's %d on %d pages.\n",
		len(w.asAll), atoi(pdfPages(asPDF)), len(w.fonds), atoi(pdfPages(fondsPDF)))
	fmt.Fprintf(&b, "Printed by ArchivesSpace and not by fonds, counted as often as ArchivesSpace prints them more:\n\n")
	b.WriteString("| words | missing | distinct |\n|---|---|---|\n")
	fmt.Fprintf(&b, "| all ArchivesSpace prints | %d | %d |\n", allTotal, len(all))
	fmt.Fprintf(&b, "| without its running heads and page numbers (the lines that, numbers aside, stand on half of its pages or more) | %d | %d |\n", contentTotal, len(content))
	fmt.Fprintf(&b, "| and without its own labels (%d words on lines that are literal text of its stylesheets, such as \"Title/Description\", \"Instances\", \"Return to the Table of Contents\") and the page numbers of its table of contents | %d | %d |\n", len(w.asOwn), textTotal, len(text))
	fmt.Fprintf(&b, "| and without the words fonds prints with other breaks between the same letters (%d: a word broken at a hyphen at a line's end, which pdftotext joins without the hyphen, such as \"EngelsDokumente\" for \"Engels-Dokumente\", or a chain of them broken at another hyphen, \"MarxEngels Instituts\" for \"Marx EngelsInstituts\"; \"1S\" for \"1 S\") | **%d** | %d |\n", split, total, len(left))
	fmt.Fprintf(&b, "\nTarget: none — **%s**.", state(total == 0))
	if len(left) > 0 {
		b.WriteString(" Those left: ")
		for i, m := range left[:min(60, len(left))] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%d)", m.word, m.n)
		}
		b.WriteString(".")
	}
	b.WriteString("\n\nVersions:\n\n")
	for _, l := range as.versions(fonds) {
		b.WriteString("- " + l + "\n")
	}
	if len(dropped) > 0 {
		fmt.Fprintf(&b, "- fonts: ArchivesSpace's `fop-config.xml` lists %d font files that the stylesheets folder does not hold (%s); they were left out of the configuration, and FOP set the text in the remaining families of the stylesheet's list\n",
			len(dropped), strings.Join(dropped, ", "))
	}
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "\n<!-- aspace ratio=%.2f missing=%d -->\n%s", ratio, total, asEnd)
	return b.String()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// versions names what ran: Java, Saxon-HE and FOP (from their jars'
// manifests), the stylesheets and fonds.
func (as aspace) versions(fonds string) []string {
	var out []string
	if v, err := exec.Command("java", "-version").CombinedOutput(); err == nil {
		out = append(out, "Java: "+strings.SplitN(strings.TrimSpace(string(v)), "\n", 2)[0])
	}
	for _, jar := range filepath.SplitList(as.classpath) {
		base := strings.ToLower(filepath.Base(jar))
		if strings.HasPrefix(base, "saxon") || base == "fop.jar" || strings.HasPrefix(base, "fop-") {
			out = append(out, fmt.Sprintf("%s: %s", filepath.Base(jar), jarVersion(jar)))
		}
	}
	rev := as.revision
	if rev == "" {
		rev = "not given"
	}
	out = append(out, "ArchivesSpace's stylesheets: "+rev)
	if v, err := exec.Command(fonds, "version").Output(); err == nil {
		out = append(out, strings.TrimSpace(string(v)))
	}
	return out
}

// jarVersion reads the version a jar's manifest gives, or else the pom.properties
// Maven left in it.
func jarVersion(jar string) string {
	r, err := zip.OpenReader(jar)
	if err != nil {
		return "?"
	}
	defer r.Close()
	read := func(name string) map[string]string {
		found := map[string]string{}
		f, err := r.Open(name)
		if err != nil {
			return found
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ": "); ok {
				found[k] = strings.TrimSpace(v)
			} else if k, v, ok := strings.Cut(sc.Text(), "="); ok {
				found[k] = strings.TrimSpace(v)
			}
		}
		return found
	}
	manifest := read("META-INF/MANIFEST.MF")
	for _, k := range []string{"Implementation-Version", "Bundle-Version", "Specification-Version"} {
		if v := manifest[k]; v != "" {
			return v
		}
	}
	for _, f := range r.File {
		if strings.HasPrefix(f.Name, "META-INF/maven/") && strings.HasSuffix(f.Name, "/pom.properties") {
			if v := read(f.Name)["version"]; v != "" {
				return v
			}
		}
	}
	return "?"
}

// replaceSection puts the ArchivesSpace section in the results file, in
// place of the one there, or at its end.
func replaceSection(path, section string) error {
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(data)
	if old := previousSection(path); old != "" {
		s = strings.Replace(s, old, section, 1)
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n" + section + "\n"
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
