package prose

import "testing"

// TestPlain: the words of prose as the outputs show them, the encoder's
// marks kept, references named by the caller or kept as written.
func TestPlain(t *testing.T) {
	name := func(kind, target string) string {
		if kind == "person" && target == "kolar" {
			return "Kolář, Jan"
		}
		return ""
	}
	for _, c := range []struct{ in, want string }{
		{"digitzation [sic] and [...] and […]", "digitzation [sic] and […] and […]"},
		{`\[sic] is text, [sic] a mark`, "[sic] is text, [sic] a mark"},
		{"*Comitee* [sic]\n\n- […] lost\n- two", "Comitee [sic]\n[…] lost\ntwo"},
		{"<person:kolar> and <person:nobody>", "Kolář, Jan and person:nobody"},
		{"`a\nb` &amp; &eacute;", "a b & é"},
	} {
		if got := Parse(c.in).Plain(name); got != c.want {
			t.Errorf("Plain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Parse("<person:kolar>").Plain(nil); got != "person:kolar" {
		t.Errorf("Plain without names = %q", got)
	}
}
