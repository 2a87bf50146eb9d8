package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDeterministicBuild builds the default sources and every fixture with
// the fonds binary under different settings — time zone, locale,
// GOMAXPROCS, the order the source files were created in — and requires
// byte-identical outputs.
func TestDeterministicBuild(t *testing.T) {
	bin := fondsBinary(t)
	chdirRoot(t)
	settings := []struct {
		name    string
		env     []string
		reverse bool
	}{
		{"utc", []string{"TZ=UTC", "LC_ALL=C", "GOMAXPROCS=2"}, false},
		{"tokyo-one-core", []string{"TZ=Asia/Tokyo", "LC_ALL=C.UTF-8", "GOMAXPROCS=1"}, true},
		{"honolulu-many", []string{"TZ=Pacific/Honolulu", "LANG=tr_TR.UTF-8", "GOMAXPROCS=8"}, false},
	}
	var first map[string]string
	for _, s := range settings {
		src := copySources(t, s.reverse)
		out := filepath.Join(t.TempDir(), "dist")
		cmd := exec.Command(bin, "build", "-o", out, filepath.Join(src, "sources"), filepath.Join(src, "fixtures"))
		cmd.Env = append(os.Environ(), s.env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: fonds build: %v\n%s", s.name, err, b)
		}
		got := hashTree(t, out)
		if len(got) == 0 {
			t.Fatalf("%s: no output", s.name)
		}
		if first == nil {
			first = got
			continue
		}
		for name, h := range first {
			if got[name] != h {
				t.Errorf("%s: %s differs from the first build", s.name, name)
			}
		}
		for name := range got {
			if _, ok := first[name]; !ok {
				t.Errorf("%s: %s was not in the first build", s.name, name)
			}
		}
	}
}

// copySources copies sources/ and testdata/fixtures/ into a temporary
// folder, creating files in name order or in reverse.
func copySources(t *testing.T, reverse bool) string {
	t.Helper()
	dst := t.TempDir()
	for _, pair := range [][2]string{{"sources", "sources"}, {"testdata/fixtures", "fixtures"}} {
		var files []string
		filepath.WalkDir(pair[0], func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return err
		})
		sort.Strings(files)
		if reverse {
			sort.Sort(sort.Reverse(sort.StringSlice(files)))
		}
		for _, f := range files {
			rel, _ := filepath.Rel(pair[0], f)
			target := filepath.Join(dst, pair[1], rel)
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(target), 0o755)
			if err := os.WriteFile(target, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dst
}

// hashTree maps every file under dir to the hash of its bytes, and every
// folder to a marker, so that empty folders count too.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[rel+"/"] = "dir"
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		if bytes.Contains(data, []byte(dir)) || strings.Contains(string(data), "/tmp/") {
			t.Errorf("%s contains a temporary path", rel)
		}
		return nil
	})
	return out
}
