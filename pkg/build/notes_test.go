package build

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// noteFonds is a finding aid whose fonds has one note, written as a
// literal block from line 8, column 3.
func noteFonds(note string) fstest.MapFS {
	var b strings.Builder
	b.WriteString("reference_code: T1\ntitle: T\ndates: \"1930\"\nextent: 1 box\nrepository: {name: R}\n")
	b.WriteString("finding_aid: {id: t1, date: \"2020\", language: eng}\nnotes: |\n")
	for _, l := range strings.Split(note, "\n") {
		b.WriteString("  " + l + "\n")
	}
	return fstest.MapFS{"fonds.yaml": {Data: []byte(b.String())}}
}

// TestPathologicalNotes: the notes of issue 17 that took fonds check from
// 3.6 seconds to minutes are refused, each with one error at the place in
// the note where it passes a limit, and the check finishes well within a
// generous bound (it takes a fraction of a second).
func TestPathologicalNotes(t *testing.T) {
	tests := []struct {
		name, note string
		at         string
		msg        string
	}{
		{"100k >", strings.Repeat(">", 100_000) + " x", "8:35", "block quotes and lists nested more than 32 deep"},
		{"200k >", strings.Repeat(">", 200_000) + " x", "8:35", "block quotes and lists nested more than 32 deep"},
		{"1M >", strings.Repeat(">", 1_000_000) + " x", "8:35", "block quotes and lists nested more than 32 deep"},
		{"500k list markers", strings.Repeat("- ", 500_000) + "x", "8:67", "block quotes and lists nested more than 32 deep"},
		{"150k *a **", strings.Repeat("*a **", 150_000), "8:5001", `more than 1000 runs of "*" or "_" in one paragraph`},
		{"300k [ and ](", strings.Repeat("[", 300_000) + strings.Repeat("](", 300_000), "8:20002", "more than 20000 Markdown elements"},
	}
	done := make(chan error)
	go func() {
		for _, tt := range tests {
			res := CheckFS(noteFonds(tt.note), "x", Options{})
			var errs []string
			for _, d := range res.Diags {
				errs = append(errs, d.Error())
			}
			want := "x/fonds.yaml:" + tt.at + ": " + tt.msg
			if len(errs) != 1 || !strings.HasPrefix(errs[0], want) {
				done <- fmt.Errorf("%s: got %v, want one error %s…", tt.name, errs, want)
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("checking the pathological notes took more than two minutes")
	}
}
