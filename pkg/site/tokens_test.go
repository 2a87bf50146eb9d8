package site

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// texts are cut into tokens by both the index and search.js: scripts,
// decompositions, ligatures, dotless and dotted i, final sigma, digits of
// other scripts, marks that space.
var texts = []string{
	"Kadıköy", "Kadiko\u0308y", "KADIKÖY", "ÆØÅ æøå Straße", "ΟΔΟΣ Σίσυφος ς", "Троцкий, Лев Давидович",
	"ﬁne ½ x² ℌ", "O'Connor", "inv-12-b", "K.-L.", "İstanbul IŞIK", "Ǆemal ǅ", "日本語のテキスト",
	"١٢٣ ٤٥", "Łódź Þór Đakovo", "naïve café", "🙂 smile", "a\u0301b", "x\u200by", "नमस्ते दुनिया",
	"1933-08-26", "no. 723", "  ", "", "Crux; Gurov, G.", "Hollisová, Marie", "ǈubljana",
}

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Kadıköy", []string{"kadikoy"}},
		{"Kadiko\u0308y", []string{"kadikoy"}},
		{"ÆØÅ æøå Straße", []string{"aeoa", "aeoa", "strasse"}},
		{"ΟΔΟΣ Σίσυφος", []string{"οδοσ", "σισυφοσ"}},
		{"ﬁne ½ x²", []string{"fine", "x"}}, // ½ and ² are no letters or digits (No)
		{"ℌ ǅemal", []string{"h", "dzemal"}},
		{"O'Connor inv-12-b", []string{"o", "connor", "inv", "12", "b"}},
		{"İstanbul", []string{"istanbul"}},
		{"Троцкий", []string{"троцкии"}},
		{"1933-08-26", []string{"1933", "08", "26"}},
	} {
		var got []string
		tokens(c.in, func(t string) { got = append(got, t) })
		if !slices.Equal(got, c.want) {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// postingsOf collects postings as the indexer does: each entry is a
// document, 1 if strong, then the token's positions in it.
func postingsOf(entries ...[]int32) *postings {
	p := &postings{postState: postState{doc: -1}}
	for _, e := range entries {
		for _, pos := range e[2:] {
			p.add(e[0], pos, e[1] == 1)
		}
	}
	return p
}

// TestEncoding checks the postings' runs and the alphabet.
func TestEncoding(t *testing.T) {
	if got := string(putNum(nil, 0)) + string(putNum(nil, 31)) + string(putNum(nil, 32)) + string(putNum(nil, 1000)); got != "AfgBof" {
		t.Errorf("putNum: %q", got)
	}
	// Documents 3, 4, 5 hold the token alike (strong, at 1); 9 twice, weak.
	p := postingsOf([]int32{3, 1, 1}, []int32{4, 1, 1}, []int32{5, 1, 1}, []int32{9, 0, 4, 7})
	// run 3..5: gap 3, len-1 2, flags 1<<1|1, position 1; run 9: gap 3, 0, 2<<1, 4, 3.
	want := string(putNum(nil, 3)) + "C" + "D" + "B" + "D" + "A" + "E" + "E" + "D"
	if got := string(encodePostings(nil, p.data)); got != want {
		t.Errorf("encode = %q, want %q", got, want)
	}
	// 0-2 (gap 0, 3 long), 7 (gap 4), 9-10 (gap 1, 2 long)
	if got := encodeDocs([]int32{0, 1, 2, 7, 9, 10}); got != "ACEABB" {
		t.Errorf("encodeDocs = %q", got)
	}
	if got := shardFile("пи") + " " + shardFile("le") + " " + shardFile(""); got != "t-_43f__438_.js t-le.js t.js" {
		t.Errorf("shardFile: %s", got)
	}
	if fnv32("inv-723") != 0xed3741e7 { // as Python computes FNV-1a

		t.Errorf("fnv32(inv-723) = %#x", fnv32("inv-723"))
	}
}

// TestRepeats checks that documents holding a token alike, one after
// another, are merged into one entry while they are read (64 at most), and
// that the index's form is what it is without merging: runs of documents
// that hold the token alike, whatever the entries were. The reference
// below writes the runs from the documents themselves.
func TestRepeats(t *testing.T) {
	type occ struct {
		strong bool
		pos    []int32
	}
	// 10–209 alike; 210 and 211 alike but weak; 212 at other places; 300
	// after a gap; then 400–1399 in runs of 3 alike and every fourth
	// different, and the term table's postings must be the same.
	docs := map[int32]occ{}
	var order []int32
	put := func(doc int32, o occ) { docs[doc] = o; order = append(order, doc) }
	for d := int32(10); d < 210; d++ {
		put(d, occ{true, []int32{2, 5}})
	}
	put(210, occ{false, []int32{2, 5}})
	put(211, occ{false, []int32{2, 5}})
	put(212, occ{false, []int32{3}})
	put(300, occ{false, []int32{3}})
	for d := int32(400); d < 1400; d++ {
		put(d, occ{d%4 == 0, []int32{1, 2 + d%4/3*7}})
	}
	p := &postings{postState: postState{doc: -1}}
	tt := newTermTable()
	id := tt.id([]byte("w"))
	for _, d := range order {
		for _, pos := range docs[d].pos {
			p.add(d, pos, docs[d].strong)
			tt.add(id, d, pos, docs[d].strong)
		}
	}
	var want []byte
	next := int32(0)
	for i := 0; i < len(order); {
		o := docs[order[i]]
		j := i + 1
		for j < len(order) && order[j] == order[j-1]+1 && docs[order[j]].strong == o.strong && slices.Equal(docs[order[j]].pos, o.pos) {
			j++
		}
		flag := 0
		if o.strong {
			flag = 1
		}
		want = putNum(putNum(putNum(want, int(order[i]-next)), j-i-1), len(o.pos)<<1|flag)
		prev := int32(0)
		for _, pos := range o.pos {
			want = putNum(want, int(pos-prev))
			prev = pos
		}
		next = order[j-1] + 1
		i = j
	}
	if got := encodePostings(nil, p.data); !bytes.Equal(got, want) {
		t.Errorf("encode =\n%s\nwant\n%s", got, want)
	}
	if got := tt.encode(nil, id); !bytes.Equal(got, want) {
		t.Errorf("the term table's encode =\n%s\nwant\n%s", got, want)
	}
	// An entry is 5 bytes here (the 0 before it, gap, flags, two
	// positions): 1,204 of them unmerged, 759 merged (200 documents alike
	// in 4, then 1 for 210–211, 212, 300, and 3 for each 4 of 400–1399).
	if len(p.data) > 759*5 {
		t.Errorf("postings of %d documents take %d bytes: not merged", len(order), len(p.data))
	}
}

// TestShards: terms stay in one shard while they fit, and are split by
// their next letter when they do not; a token equal to a key stays there.
func TestShards(t *testing.T) {
	small := shardTerms([]string{"a", "b", "c"}, func(int) int { return 10 })
	if len(small) != 1 || small[""] != (termRange{0, 3}) {
		t.Errorf("small: %v", small)
	}
	toks := []string{"la", "le", "let", "lett", "letter", "letters", "lev", "m"}
	big := shardTerms(toks, func(i int) int {
		if strings.HasPrefix(toks[i], "let") {
			return shardLimit / 2
		}
		return 100
	})
	keys := make([]string, 0, len(big))
	for k := range big {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if strings.Join(keys, " ") != "la le let lett lette lev m" {
		t.Errorf("keys: %q", keys)
	}
	lette, let := big["lette"], big["let"]
	if !slices.Equal(toks[lette.lo:lette.hi], []string{"letter", "letters"}) || !slices.Equal(toks[let.lo:let.hi], []string{"let"}) {
		t.Errorf("lette: %v, let: %v", toks[lette.lo:lette.hi], toks[let.lo:let.hi])
	}
}

// TestEngineAgrees runs search.js's engine in Node over the same text and
// postings as the index: the same tokens, and the postings read back as
// written.
func TestEngineAgrees(t *testing.T) {
	nodeBin := testtool.Need(t, "node")
	p := postingsOf([]int32{3, 1, 1}, []int32{4, 1, 1}, []int32{5, 1, 1}, []int32{9, 0, 4, 7}, []int32{40000, 1, 0, 5, 70000})
	input, _ := json.Marshal(map[string]any{
		"tokens":  texts,
		"terms":   []string{string(encodePostings(nil, p.data))},
		"docs":    []string{encodeDocs([]int32{0, 1, 2, 7, 9, 10, 123456})},
		"queries": []string{`kolar hollis`, `"central committee" 8 no. 723`, `K.-L. Kadıköy le`},
	})
	cmd := exec.Command(nodeBin, filepath.Join(root(t), "tools", "a11y", "engine.js"), filepath.Join(root(t), "templates", "search.js"))
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("engine.js: %v\n%s", err, stderr.String())
	}
	var got struct {
		Tokens [][]string
		Terms  []struct {
			Start, Len []int
			Info       []struct {
				Strong, Tf int
				Pos        []int
			}
		}
		Docs    [][]int
		Queries []json.RawMessage
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i, s := range texts {
		var want []string
		tokens(s, func(t string) { want = append(want, t) })
		if !slices.Equal(got.Tokens[i], want) && !(len(want) == 0 && len(got.Tokens[i]) == 0) {
			t.Errorf("%q: search.js cuts %q, the index %q", s, got.Tokens[i], want)
		}
	}
	tm := got.Terms[0]
	if !slices.Equal(tm.Start, []int{3, 9, 40000}) || !slices.Equal(tm.Len, []int{3, 1, 1}) ||
		tm.Info[0].Strong != 1 || !slices.Equal(tm.Info[0].Pos, []int{1}) ||
		tm.Info[1].Strong != 0 || tm.Info[1].Tf != 2 || !slices.Equal(tm.Info[1].Pos, []int{4, 7}) ||
		!slices.Equal(tm.Info[2].Pos, []int{0, 5, 70000}) {
		t.Errorf("postings read back: %+v", tm)
	}
	if !slices.Equal(got.Docs[0], []int{0, 1, 2, 7, 9, 10, 123456}) {
		t.Errorf("documents read back: %v", got.Docs[0])
	}
	for i, want := range []string{
		`[{"tok":"kolar","prefix":true},{"tok":"hollis","prefix":true}]`,
		`[{"phrase":["central","committee"]},{"tok":"8","prefix":false},{"tok":"723","prefix":false}]`,
		`[{"phrase":["k","l"]},{"tok":"kadikoy","prefix":true},{"tok":"le","prefix":false}]`,
	} {
		if string(got.Queries[i]) != want {
			t.Errorf("query %d: %s, want %s", i, got.Queries[i], want)
		}
	}
}

// slowTokens is how tokens cut text before it had a path for ASCII words:
// every run of word runes folded, then split where folding left no word.
func slowTokens(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, strings.FieldsFunc(fold(s[start:end]), func(r rune) bool { return !wordRune(r) })...)
		}
		start = -1
	}
	for i, r := range s {
		if wordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// FuzzTokens checks that the path for ASCII words cuts every text as
// folding it whole does.
func FuzzTokens(f *testing.F) {
	for _, s := range texts {
		f.Add(s)
	}
	f.Add("Letter on the business of the committee, number 723")
	f.Add("ABC déf\xffGHI-jk½l İx Kadıköy42 x\u0301Y")
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		tokens(s, func(tok string) { got = append(got, tok) })
		if want := slowTokens(s); !slices.Equal(got, want) {
			t.Errorf("tokens(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkTokens cuts the words of a title, a date and a name into tokens
// as the search index does, most of them ASCII.
func BenchmarkTokens(b *testing.B) {
	text := strings.Repeat("Letter on the business of the committee, number 723; 1933-08-26; Hollisová, Marie; Kadıköy. ", 100)
	var buf []byte
	n := 0
	// Two collections, which empty the pool of folding buffers, in every
	// run: make bench times one iteration, which found buffers in the
	// pool in some runs and not in others (204 or 209 allocations).
	runtime.GC()
	runtime.GC()
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf = appendTokens(text, buf, func(tok []byte) { n += len(tok) })
	}
	if n == 0 {
		b.Fatal("no tokens")
	}
}
