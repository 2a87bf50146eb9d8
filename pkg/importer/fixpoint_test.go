package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
)

// TestFixpoint: importing the EAD that fonds writes gives back the
// sources' own structures, not raw EAD, so that import(build(S)) builds to
// byte-identical EAD as S, and the imported sources pass fonds check with
// the same figures (persons, pseudonyms, reels, inventory numbers…), for
// the default sources and every fixture.
func TestFixpoint(t *testing.T) {
	dirs, err := build.Discover([]string{filepath.Join(testtool.Root(t), "sources"), filepath.Join(testtool.Root(t), "testdata", "fixtures")})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		for _, opt := range []ead.Options{{}, {Internal: true}} {
			name := filepath.Base(dir)
			if opt.Internal {
				name += "/internal"
			}
			t.Run(name, func(t *testing.T) { fixpoint(t, dir, opt, false) })
		}
		t.Run(filepath.Base(dir)+"/unprefixed-ids", func(t *testing.T) { fixpoint(t, dir, ead.Options{}, true) })
	}
}

// fixpoint builds the EAD of the sources in dir, imports it, and checks
// that the import builds to the same EAD. With opt.Internal the build
// publishes what is internal, so the import holds all the sources hold,
// and check's figures must be the same too.
func fixpoint(t *testing.T, dir string, opt ead.Options, unprefixed bool) {
	first := build.Check(dir, build.Options{})
	if first.Diags.HasErrors() {
		t.Fatalf("the sources do not pass check:\n%v", first.Diags)
	}
	var want bytes.Buffer
	if err := ead.Write(&want, first.Archive, opt); err != nil {
		t.Fatal(err)
	}
	in := want.Bytes()
	if unprefixed {
		// As fonds wrote its EAD before every id carried the finding
		// aid's prefix (issue 13): the import gives the same sources.
		p := ead.IDPrefix(first.Archive)
		in = prefixIDs.ReplaceAllFunc(in, func(m []byte) []byte {
			sub := prefixIDs.FindSubmatch(m)
			var names []string
			for _, n := range strings.Fields(string(sub[2])) {
				names = append(names, strings.TrimPrefix(n, p))
			}
			return []byte(string(sub[1]) + `="` + strings.Join(names, " ") + `"`)
		})
	}
	res, err := Import(bytes.NewReader(in), first.Archive.Slug()+".xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if raw := rawFields(res); len(raw) > 0 {
		t.Errorf("fonds's own EAD is kept as raw EAD:\n%s", strings.Join(raw, "\n"))
	}
	src := filepath.Join(t.TempDir(), res.Name)
	writeSources(t, src, res)
	again := build.Check(src, build.Options{})
	if again.Diags.HasErrors() {
		t.Fatalf("the imported sources do not pass check:\n%v", again.Diags)
	}
	if w, g := fmt.Sprintf("%+v", first.Stats), fmt.Sprintf("%+v", again.Stats); w != g && opt.Internal {
		t.Errorf("check's figures differ:\nsources:  %s\nimported: %s", w, g)
	}
	var got bytes.Buffer
	if err := ead.Write(&got, again.Archive, opt); err != nil {
		t.Fatal(err)
	}
	if line, w, g := firstDiff(want.Bytes(), got.Bytes()); line > 0 {
		t.Fatalf("the EAD of the imported sources differs at line %d:\nwant: %s\ngot:  %s\n(imported sources in %s)", line, clip(w), clip(g), src)
	}
	t.Logf("%s: %d bytes of EAD, the same after import; %+v", filepath.Base(dir), want.Len(), again.Stats)
}

// prefixIDs finds every @id, @target and @parent of an EAD: each begins
// with the finding aid's prefix (ead.IDPrefix).
var prefixIDs = regexp.MustCompile(`\b(id|target|parent)="([^"]*)"`)

// rawFields lists the ead fields of an import's files, which the import of
// fonds's own EAD should not need.
func rawFields(res *Result) []string {
	var out []string
	for _, p := range res.Paths() {
		for _, line := range strings.Split(string(res.Files[p]), "\n") {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "ead:") || strings.HasPrefix(t, "- ead:") {
				out = append(out, p+": "+clip(strings.TrimSpace(line)))
			}
		}
	}
	return out
}
