package site

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// A termTable holds the index's terms and their postings while the
// documents are read, in a few large arrays without pointers rather than a
// map of strings to slices: a finding aid of 300,000 items has 300,000
// terms (every inventory number is one), most of them in one or two
// documents, and a string, a slice and a map entry each cost several
// times their few bytes of postings and are scanned by every collection.
//
// A term is its number, in the order the index first met it: its bytes
// are text[ends[i-1]:ends[i]], its postings refs[i]. slots is an open
// addressing hash table of 1 + term numbers (0 for an empty slot), never
// more than half full. The postings' bytes (postings' form) are in blocks
// of postBlock bytes, each term's in a stretch of its own that doubles
// when it is full (the old stretch is left unused, as append leaves an
// array); a term whose postings outgrow postBig has a slice of its own.
type termTable struct {
	seed  maphash.Seed // only where a term's slot is: never in the output
	slots []uint32
	text  []byte
	ends  []uint32
	refs  []postRef
	pool  [][]byte // the blocks; the last one is being filled
	big   [][]byte // the postings too large for a block
}

// A postRef is where a term's postings are, and the state of postings.add
// between two of its occurrences.
type postRef struct {
	at      uint32 // its stretch: block at>>postShift, from at&postMask; or big[at] when size > postBig
	n, size uint32 // bytes used, and reserved
	postState
}

const (
	postShift = 18 // blocks of 256 KiB
	postBlock = 1 << postShift
	postMask  = postBlock - 1
	postBig   = 16 << 10
	postFirst = 16 // the first stretch of a term
	// postEntry is the most bytes postings.add appends for an occurrence:
	// the 0 that ends an entry, the document's gap, the strong byte and
	// the position's gap, each gap an uvarint of at most five bytes.
	postEntry = 1 + 5 + 1 + 5
)

func newTermTable() *termTable {
	return &termTable{seed: maphash.MakeSeed(), slots: make([]uint32, 1<<10)}
}

// len is how many terms there are.
func (t *termTable) len() int { return len(t.ends) }

// term is the bytes of term i.
func (t *termTable) term(i uint32) []byte {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]]
}

// id returns the number of term b, adding it (with no postings) if the
// table does not have it. b is not kept.
func (t *termTable) id(b []byte) uint32 {
	mask := uint64(len(t.slots) - 1)
	for i := maphash.Bytes(t.seed, b) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			id := uint32(len(t.ends))
			t.slots[i] = id + 1
			t.text = append(t.text, b...)
			t.ends = append(t.ends, uint32(len(t.text)))
			t.refs = append(t.refs, postRef{postState: postState{doc: -1}})
			if 2*len(t.ends) > len(t.slots) {
				t.rehash()
			}
			return id
		}
		if bytes.Equal(t.term(s-1), b) {
			return s - 1
		}
	}
}

// rehash doubles the hash table.
func (t *termTable) rehash() {
	t.slots = make([]uint32, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for id := range uint32(len(t.ends)) {
		i := maphash.Bytes(t.seed, t.term(id)) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = id + 1
	}
}

// add adds an occurrence of term id at pos of document doc, which is
// never before the document of its last occurrence (postings.add).
func (t *termTable) add(id uint32, doc, pos int32, strong bool) {
	r := &t.refs[id]
	b := t.bytes(r)
	if cap(b)-len(b) < postEntry {
		b = t.grow(r, b)
	}
	// postings.add appends within the stretch's capacity: in place.
	p := postings{b, r.postState}
	p.add(doc, pos, strong)
	r.n, r.postState = uint32(len(p.data)), p.postState
}

// bytes is a term's postings, with the capacity of its stretch.
func (t *termTable) bytes(r *postRef) []byte {
	switch {
	case r.size == 0:
		return nil
	case r.size > postBig:
		return t.big[r.at][:r.n]
	}
	off := r.at & postMask
	return t.pool[r.at>>postShift][off : off+r.n : off+r.size]
}

// grow moves a term's postings, b, to a stretch twice as large, and
// returns them there.
func (t *termTable) grow(r *postRef, b []byte) []byte {
	size := max(postFirst, 2*r.size)
	if size > postBig {
		if r.size > postBig { // a slice of its own already
			t.big[r.at] = slices.Grow(b, int(size)-len(b))
		} else {
			r.at = uint32(len(t.big))
			t.big = append(t.big, append(make([]byte, 0, size), b...))
		}
		r.size = uint32(cap(t.big[r.at]))
		return t.big[r.at][:r.n]
	}
	last := len(t.pool) - 1
	if last < 0 || len(t.pool[last])+int(size) > postBlock {
		t.pool = append(t.pool, make([]byte, 0, postBlock))
		last++
	}
	off := len(t.pool[last])
	t.pool[last] = t.pool[last][:off+int(size)]
	r.at, r.size = uint32(last)<<postShift|uint32(off), size
	n := copy(t.pool[last][off:], b)
	return t.pool[last][off : off+n : off+int(size)]
}

// sorted returns the terms in byte order: their strings (parts of one
// string of all the terms' bytes) and their numbers.
func (t *termTable) sorted() ([]string, []uint32) {
	ids := make([]uint32, t.len())
	for i := range ids {
		ids[i] = uint32(i)
	}
	slices.SortFunc(ids, func(a, b uint32) int { return bytes.Compare(t.term(a), t.term(b)) })
	all := string(t.text)
	toks := make([]string, len(ids))
	for i, id := range ids {
		start := uint32(0)
		if id > 0 {
			start = t.ends[id-1]
		}
		toks[i] = all[start:t.ends[id]]
	}
	return toks, ids
}

// encode appends term id's postings in the index's form to b.
func (t *termTable) encode(b []byte, id uint32) []byte {
	return encodePostings(b, t.bytes(&t.refs[id]))
}
