package format_test

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/format"
	"github.com/fonds-archive/fonds/pkg/load"
)

// FuzzFormat feeds arbitrary bytes to the formatter as a fonds.yaml,
// seeded with the loader's corpus (every YAML file of sources/ and
// testdata/). Whatever Source accepts, it formats the same way a second
// time; and when fonds check passes the input, it passes the result too
// and the EAD built from both is byte for byte the same: fmt never changes
// what the sources mean.
func FuzzFormat(f *testing.F) {
	testtool.SeedYAML(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := format.Source(data, load.KindFonds)
		if err != nil {
			return
		}
		again, err := format.Source(out, load.KindFonds)
		if err != nil {
			t.Fatalf("formatting the result: %v\n%s", err, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%s\n----\n%s", out, again)
		}
		before, ok := eadOf(data)
		if !ok {
			return
		}
		after, ok := eadOf(out)
		if !ok {
			t.Fatalf("the sources passed fonds check before fonds fmt, not after:\n%s", out)
		}
		if !bytes.Equal(before, after) {
			t.Fatalf("the EAD differs after fonds fmt:\n%s", out)
		}
	})
}

// eadOf checks a finding aid of one file, fonds.yaml, and writes its EAD;
// ok is false when the check finds an error.
func eadOf(fondsYAML []byte) ([]byte, bool) {
	fsys := fstest.MapFS{load.RootFile: {Data: fondsYAML}}
	res := build.CheckFS(fsys, "fa", build.Options{Limits: load.Options{MaxValues: 200_000}})
	if res.Failed(false) || res.Archive == nil {
		return nil, false
	}
	var b bytes.Buffer
	if err := ead.Write(&b, res.Archive, ead.Options{}); err != nil {
		return nil, false
	}
	return b.Bytes(), true
}
