package site

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// TestTermTableMany feeds the table enough to run all of it: 3,000 terms
// (the slots rehashed from 1,024 to 8,192, with collisions), terms whose
// stretches double up to hundreds of bytes (several blocks), and one term
// in every one of 20,000 documents at changing positions, whose postings
// outgrow postBig and then regrow in a slice of their own, and two terms
// whose stretches are filled to their last byte, next to each other.
// Every term's postings must encode as the same occurrences given to
// postings.add.
func TestTermTableMany(t *testing.T) {
	const ndocs, nterms = 20000, 3000
	tt := newTermTable()
	ref := map[string]*postings{}
	buf := []byte{} // reused: the table must not keep it
	add := func(term string, doc, pos int32, strong bool) {
		p := ref[term]
		if p == nil {
			p = &postings{postState: postState{doc: -1}}
			ref[term] = p
		}
		p.add(doc, pos, strong)
		buf = append(buf[:0], term...)
		tt.add(tt.id(buf), doc, pos, strong)
		clear(buf)
	}
	for d := range int32(ndocs) {
		pos := int32(0)
		// The big term, at changing positions, twice in some documents.
		add("every", d, d%5, d%3 == 0)
		if d%4 == 1 {
			add("every", d, 6+d%9, false)
		}
		// A term alike in runs of documents: merged entries.
		add("same", d, 20, d/100%2 == 0)
		// Ten of the 3,000 terms, of changing lengths, each in ~67
		// documents (some far apart: gaps of several bytes).
		for j := range int32(10) {
			k := (d*7 + j*301) % nterms
			if d > 15000 && k%2 == 0 {
				k = (k * 13) % nterms
			}
			pos += 1 + j%3
			add(fmt.Sprintf("t%d%s", k, bytes.Repeat([]byte{'x'}, int(k%5))), d, 30+pos, (d+j)%7 == 0)
		}
	}
	// Two terms whose stretches, made one after the other, are filled to
	// their last byte: an entry of postEntry bytes when that many are left
	// (a document's gap of 2^28, a position of 2^28), and entries that
	// leave that many before.
	docs := [2]int32{0, 40} // first bytes unlike the last byte of an entry
	var strong [2]bool
	filled := 0
	for range 400 {
		for k, term := range []string{"full0", "full1"} {
			size := 4
			if id := tt.id([]byte(term)); tt.refs[id].size > 0 {
				b := tt.bytes(&tt.refs[id])
				switch r := cap(b) - len(b) - postEntry; {
				case r == 0 && docs[k] < 6<<28:
					size = postEntry
				case r >= 4+postEntry:
					size = 8
				case r >= 9:
					size = 5
				case r >= 4:
					size = r
				}
			}
			// An entry is the 0 before it, the gap, flags, a position.
			gap, posBytes := int32(1), size-3
			if size > 8 {
				gap, posBytes = 1<<28, size-7
			}
			docs[k] += gap
			strong[k] = !strong[k] // never merged with the entry before
			add(term, docs[k], 1<<(7*(posBytes-1))-1, strong[k])
			if r := &tt.refs[tt.id([]byte(term))]; r.n == r.size {
				filled++
			}
		}
	}
	if filled < 6 {
		t.Errorf("stretches filled to their last byte %d times, want 6 or more", filled)
	}
	if got := tt.len(); got != len(ref) {
		t.Fatalf("the table has %d terms, want %d", got, len(ref))
	}
	// What the test is for: every path of the table taken.
	if len(tt.slots) < 8192 {
		t.Errorf("%d slots for %d terms: no rehash past 4,096", len(tt.slots), tt.len())
	}
	if len(tt.pool) < 2 {
		t.Errorf("%d blocks: the postings never filled one", len(tt.pool))
	}
	if len(tt.big) != 1 || cap(tt.big[0]) <= 2*postBig {
		t.Errorf("big postings: %d slices, want one regrown past %d bytes", len(tt.big), 2*postBig)
	}

	toks, ids := tt.sorted()
	keys := make([]string, 0, len(ref))
	for k := range ref {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(toks, keys) {
		t.Fatalf("sorted() has %d terms, not the %d terms given in order", len(toks), len(keys))
	}
	bad := 0
	for i, term := range toks {
		if got := string(tt.term(ids[i])); got != term {
			t.Errorf("term %d is %q, sorted() says %q", ids[i], got, term)
		}
		want := encodePostings(nil, ref[term].data)
		if got := tt.encode(nil, ids[i]); !bytes.Equal(got, want) {
			if bad++; bad <= 5 {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Errorf("postings of %q: %d bytes, want %d, first differing at byte %d", term, len(got), len(want), i)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d terms' postings differ", bad, len(toks))
	}
	if n := len(ref["every"].data); n <= 4*postBig {
		t.Errorf("the big term's postings are %d bytes: not past %d", n, 4*postBig)
	}
}
