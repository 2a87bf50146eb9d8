package pdf

import "testing"

// TestXrefTable holds the table's entries to what was set, in both of a
// chunk's forms: an offset or an object stream's place that fits in 4
// bytes, and one that does not (a file past 2 GiB), after which the
// chunk keeps 8 bytes an entry and every entry set before it.
func TestXrefTable(t *testing.T) {
	var x xrefTable
	want := map[int]int64{}
	for range 3*xrefChunk + 5 {
		x.add()
	}
	set := func(i int, v int64) {
		x.set(i, v)
		want[i] = v
	}
	set(1, 15)
	set(2, packedAt(7, 3))
	set(xrefChunk-1, packedBit-1)
	set(xrefChunk, packedAt(1<<22, 200))
	set(xrefChunk+1, 1<<40) // past 4 bytes: the second chunk turns big
	set(xrefChunk+2, packedAt(3, 0))
	set(2*xrefChunk+3, -(packedBit - 1))
	set(2*xrefChunk+4, -packedBit) // too large a packed entry: big too
	set(3*xrefChunk+4, packedBit)
	if x.chunks[0].big != nil || x.chunks[1].big == nil || x.chunks[2].big == nil || x.chunks[3].big == nil {
		t.Errorf("chunks big: %v %v %v %v, want false true true true",
			x.chunks[0].big != nil, x.chunks[1].big != nil, x.chunks[2].big != nil, x.chunks[3].big != nil)
	}
	for i := range x.n {
		if got := x.get(i); got != want[i] {
			t.Errorf("entry %d = %d, want %d", i, got, want[i])
		}
	}
}
