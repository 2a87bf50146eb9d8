package diff

import "testing"

func TestDiff(t *testing.T) {
	if out := Diff("a", []byte("x\n"), "b", []byte("x\n")); out != nil {
		t.Errorf("equal texts give %q", out)
	}
	old := "a\nb\nc\nd\ne\nf\ng\nh\n"
	new := "a\nb\nc\nD\ne\nf\ng\nh\ni\n"
	want := `diff old new
--- old
+++ new
@@ -1,8 +1,9 @@
 a
 b
 c
-d
+D
 e
 f
 g
 h
+i
`
	if got := string(Diff("old", []byte(old), "new", []byte(new))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
