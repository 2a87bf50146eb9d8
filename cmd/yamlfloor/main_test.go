package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeAll decodes the fixtures with one worker and with several,
// finding the same files as fonds's load stage reads (a folder starting
// with a dot is left alone), and stops at a file that is no YAML.
func TestDecodeAll(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/fixtures")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "broken.yaml"), []byte("a: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var want []string
	filepath.WalkDir("../../testdata/fixtures", func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".yaml") {
			want = append(want, p)
		}
		return err
	})
	for _, workers := range []int{1, 4} {
		files, n, err := decodeAll([]string{dir}, workers)
		if err != nil || files != len(want) || n == 0 {
			t.Errorf("%d workers: %d files, %d bytes, %v; want %d files", workers, files, n, err, len(want))
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "letters", "broken.yaml"), []byte("a: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := decodeAll([]string{dir}, 2); err == nil || !strings.Contains(err.Error(), "broken.yaml") {
		t.Errorf("a broken file: %v", err)
	}
}
