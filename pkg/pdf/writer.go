package pdf

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"fmt"
	"hash"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf16"

	"github.com/klauspost/compress/zlib"
)

// objWriter writes PDF objects to the output as they are made and
// remembers only where each one is, for the cross-reference stream: a page
// is written and forgotten as soon as it is full. Objects other than
// streams — the structure elements, link annotations, pages, bookmarks,
// most of a tagged inventory's objects — are gathered into compressed
// object streams (PDF 1.5, ISO 32000-1 §7.5.7) of up to packObjects each,
// which makes the file about half as large as it is with each object
// written on its own.
type objWriter struct {
	bw   *bufio.Writer
	sum  hash.Hash // of everything written, for the trailer's /ID
	n    int64
	xref xrefTable // where each object is
	err  error
	zbuf bytes.Buffer
	zw   *zlib.Writer

	// The object stream being filled: its objects' numbers, where each
	// starts in body, and the objects.
	packNums []int
	packOffs []int
	packBody bytes.Buffer
	scratch  []byte

	// Streams are compressed by workers, one per core, while the
	// document is set; queue holds them in the order they are written,
	// each written as soon as it and every one before it is compressed,
	// so the bytes are those of compressing one after the other. jobs is
	// nil with one core: then each is compressed where it is written.
	jobs  chan *zjob
	limit int // the most streams queued
	queue []*zjob
	free  []*zjob
}

// A zjob is a stream to compress: its data, the compressed bytes, and
// what writes the object once they are ready (the dictionary first).
type zjob struct {
	in   []byte
	out  bytes.Buffer
	done chan struct{}
	emit func(z []byte)
}

// packObjects is the most objects an object stream holds.
const packObjects = 200

func newObjWriter(w io.Writer) *objWriter {
	o := &objWriter{bw: bufio.NewWriterSize(w, 64<<10), sum: md5.New()}
	o.xref.add() // object 0, the head of the free list
	o.zw = zlibWriters.Get().(*zlib.Writer)
	if n := runtime.GOMAXPROCS(0); n > 1 {
		o.limit = 2*n + 2 // enough to keep the workers busy, few enough to hold a few pages
		o.jobs = make(chan *zjob, o.limit)
		for range n {
			go compressor(o.jobs)
		}
	}
	// The binary comment line tells transfer programs the file is binary.
	o.raw("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return o
}

func (o *objWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.bw.Write(p)
	o.sum.Write(p[:n])
	o.n += int64(n)
	o.err = err
	return n, err
}

func (o *objWriter) raw(s string) { io.WriteString(o, s) }

func (o *objWriter) printf(format string, args ...any) { fmt.Fprintf(o, format, args...) }

// alloc reserves an object number.
func (o *objWriter) alloc() int {
	return o.xref.add()
}

// obj writes object n with the given body (a dictionary, array, …), into
// an object stream.
func (o *objWriter) obj(n int, body string) {
	o.pack(n).WriteString(body)
	o.packed()
}

// plainObj writes object n on its own, not in an object stream: the Info
// dictionary, which tools that do not read PDF's object streams (a grep for
// /CreationDate) can then read.
func (o *objWriter) plainObj(n int, body string) {
	o.sync()
	o.begin(n)
	o.raw(body)
	o.raw("\nendobj\n")
}

// objBytes is obj for a body in bytes.
func (o *objWriter) objBytes(n int, body []byte) {
	o.pack(n).Write(body)
	o.packed()
}

// pack starts object n in the object stream being filled and returns
// where its body goes; packed ends it.
func (o *objWriter) pack(n int) *bytes.Buffer {
	o.packNums = append(o.packNums, n)
	o.packOffs = append(o.packOffs, o.packBody.Len())
	return &o.packBody
}

func (o *objWriter) packed() {
	o.packBody.WriteByte('\n')
	if len(o.packNums) == packObjects {
		o.flushPack()
	}
}

// flushPack writes the objects gathered as an object stream.
func (o *objWriter) flushPack() {
	if len(o.packNums) == 0 {
		return
	}
	head := o.scratch[:0]
	for i, n := range o.packNums {
		head = strconv.AppendInt(head, int64(n), 10)
		head = append(head, ' ')
		head = strconv.AppendInt(head, int64(o.packOffs[i]), 10)
		head = append(head, ' ')
	}
	stm := o.alloc()
	for i, n := range o.packNums {
		o.xref.set(n, packedAt(stm, i))
	}
	count, first := len(o.packNums), len(head)
	j := o.job()
	j.in = append(append(j.in, head...), o.packBody.Bytes()...)
	o.scratch = head
	o.packNums, o.packOffs = o.packNums[:0], o.packOffs[:0]
	o.packBody.Reset()
	j.emit = func(z []byte) {
		o.begin(stm)
		o.printf("<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\nstream\n", count, first, len(z))
		o.Write(z)
		o.raw("\nendstream\nendobj\n")
	}
	o.submit(j)
}

func (o *objWriter) begin(n int) {
	o.xref.set(n, o.n)
	o.raw(strconv.Itoa(n) + " 0 obj\n")
}

// stream writes object n as a Flate-compressed stream; dict holds the
// entries besides /Length and /Filter.
func (o *objWriter) stream(n int, dict string, data []byte) {
	j := o.job()
	j.in = append(j.in, data...)
	j.emit = func(z []byte) {
		o.begin(n)
		o.printf("<<%s /Filter /FlateDecode /Length %d>>\nstream\n", dict, len(z))
		o.Write(z)
		o.raw("\nendstream\nendobj\n")
	}
	o.submit(j)
}

// job returns a zjob to fill, reusing the buffers of one written.
func (o *objWriter) job() *zjob {
	if n := len(o.free); n > 0 {
		j := o.free[n-1]
		o.free = o.free[:n-1]
		j.in, j.emit = j.in[:0], nil
		j.out.Reset()
		return j
	}
	return &zjob{done: make(chan struct{}, 1)}
}

// submit queues j to be compressed and written after every stream before
// it, and writes those whose turn has come.
func (o *objWriter) submit(j *zjob) {
	if o.jobs == nil {
		o.zbuf.Reset()
		o.zw.Reset(&o.zbuf)
		o.zw.Write(j.in)
		o.zw.Close()
		j.emit(o.zbuf.Bytes())
		o.free = append(o.free, j)
		return
	}
	o.queue = append(o.queue, j)
	o.jobs <- j
	o.drain(len(o.queue) >= o.limit)
}

// drain writes the streams at the head of the queue that are compressed;
// with wait, it waits for the first, at least.
func (o *objWriter) drain(wait bool) {
	for len(o.queue) > 0 {
		j := o.queue[0]
		if wait {
			<-j.done
			wait = false
		} else {
			select {
			case <-j.done:
			default:
				return
			}
		}
		j.emit(j.out.Bytes())
		o.queue[0] = nil
		o.queue = o.queue[1:]
		o.free = append(o.free, j)
	}
}

// sync writes every stream queued; what is written next comes after them.
func (o *objWriter) sync() {
	for len(o.queue) > 0 {
		o.drain(true)
	}
}

// close stops the workers and gives back the compressor. The writer
// cannot compress afterwards.
func (o *objWriter) close() {
	if o.jobs != nil {
		close(o.jobs)
		o.jobs = nil
	}
	if o.zw != nil {
		zlibWriters.Put(o.zw)
		o.zw = nil
	}
}

// zlibWriters are compressors at the level of every stream, kept from one
// document to the next (a corpus writes hundreds): each holds a few hundred
// kilobytes of tables, and Reset makes one as good as new.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlibLevel)
	return zw
}}

// zlibLevel is the level of compression of every stream, of
// klauspost/compress, which is pure Go like the standard library's
// compress/zlib and as deterministic (the bytes depend on the input, the
// level and the module's version, which go.sum pins). The streams of a
// 10,000-item inventory (10.1 MB) take, on one core: compress/zlib at its
// fastest (BestSpeed) 0.41 s for 4.98 MB, at its default level 1.1 s for
// 4.24 MB; klauspost at level 1 0.25 s for 4.82 MB, at level 3 0.25 s for
// 4.66 MB, at level 6 0.4 s for 4.29 MB. Level 3 is as fast as the
// fastest and makes the file smaller than compress/zlib did.
const zlibLevel = 3

// compressor compresses the streams of jobs until it is closed.
func compressor(jobs <-chan *zjob) {
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	for j := range jobs {
		zw.Reset(&j.out)
		zw.Write(j.in)
		zw.Close()
		j.done <- struct{}{}
	}
}

// rawStream writes object n as a stream left uncompressed, as XMP
// metadata is, so that programs that do not read PDF find it.
func (o *objWriter) rawStream(n int, dict string, data []byte) {
	o.sync()
	o.begin(n)
	o.printf("<<%s /Length %d>>\nstream\n", dict, len(data))
	o.Write(data)
	o.raw("\nendstream\nendobj\n")
}

// An xrefTable holds where each object is, in chunks that are never
// copied as the table grows: an offset in the file (> 0), an object stream
// and the place in it (packedAt, < 0), or 0 until the object is written.
// A chunk keeps its entries in 4 bytes each (small) until one does not
// fit there, and in 8 from then on (big): a million-item inventory has
// some eight million objects, and files and object streams under 2 GiB
// and 2^23 objects are what inventories are.
type xrefTable struct {
	chunks []xrefChunkOf
	n      int
}

// An xrefChunkOf holds xrefChunk entries, in small or, once one did not
// fit in 4 bytes, in big.
type xrefChunkOf struct {
	small []uint32
	big   []int64
}

const xrefChunk = 1 << 14

// packedBit marks a small entry as packedAt's -v rather than an offset.
const packedBit = 1 << 31

// add reserves the next entry and returns its number.
func (x *xrefTable) add() int {
	if x.n%xrefChunk == 0 {
		x.chunks = append(x.chunks, xrefChunkOf{small: make([]uint32, xrefChunk)})
	}
	x.n++
	return x.n - 1
}

func (x *xrefTable) get(i int) int64 {
	c := &x.chunks[i/xrefChunk]
	if c.big != nil {
		return c.big[i%xrefChunk]
	}
	v := c.small[i%xrefChunk]
	if v&packedBit != 0 {
		return -int64(v &^ packedBit)
	}
	return int64(v)
}

func (x *xrefTable) set(i int, v int64) {
	c := &x.chunks[i/xrefChunk]
	if c.big == nil {
		switch {
		case v >= 0 && v < packedBit:
			c.small[i%xrefChunk] = uint32(v)
			return
		case v < 0 && -v < packedBit:
			c.small[i%xrefChunk] = uint32(-v) | packedBit
			return
		}
		big := make([]int64, xrefChunk)
		for j := range c.small {
			big[j] = x.get(i - i%xrefChunk + j)
		}
		c.big, c.small = big, nil
	}
	c.big[i%xrefChunk] = v
}

// packedAt is the entry of the object at place i of object stream stm
// (i < packObjects < 255).
func packedAt(stm, i int) int64 { return -(int64(stm)<<8 | int64(i+1)) }

// treeFan is the most entries a leaf of a name or number tree holds, and
// the most kids a node above the leaves has.
const treeFan = 128

// tree writes a name tree (kind "Names") or a number tree ("Nums") of n
// entries, already in the order of their keys, and returns its root's
// object. entry appends entry i, its key and value, as written in the
// file; key gives the key of entry i as the /Limits of a node write it.
// A tree of one leaf is its root alone.
func (o *objWriter) tree(kind string, n int, entry func(b []byte, i int) []byte, key func(i int) string) int {
	type node struct {
		obj      int
		lo, hi   string
		contents []byte
	}
	var level []node
	for i := 0; i < n || i == 0; i += treeFan {
		end := min(i+treeFan, n)
		b := []byte("/" + kind + " [")
		for j := i; j < end; j++ {
			if j > i {
				b = append(b, ' ')
			}
			b = entry(b, j)
		}
		nd := node{contents: append(b, ']')}
		if end > i {
			nd.lo, nd.hi = key(i), key(end-1)
		}
		level = append(level, nd)
	}
	for len(level) > 1 {
		var up []node
		for i := 0; i < len(level); i += treeFan {
			kids := level[i:min(i+treeFan, len(level))]
			b := []byte("/Kids [")
			for j := range kids {
				kids[j].obj = o.alloc()
				o.obj(kids[j].obj, "<<"+string(kids[j].contents)+" /Limits ["+kids[j].lo+" "+kids[j].hi+"]>>")
				if j > 0 {
					b = append(b, ' ')
				}
				b = strconv.AppendInt(b, int64(kids[j].obj), 10)
				b = append(b, " 0 R"...)
			}
			up = append(up, node{contents: append(b, ']'), lo: kids[0].lo, hi: kids[len(kids)-1].hi})
		}
		level = up
	}
	root := o.alloc()
	o.obj(root, "<<"+string(level[0].contents)+">>")
	return root
}

// finish writes the objects still gathered, then the cross-reference
// stream (§7.5.8), which is also the trailer.
func (o *objWriter) finish(root, info int) error {
	o.flushPack()
	o.sync()
	xref := o.alloc()
	for i := 1; i < xref; i++ {
		if o.xref.get(i) == 0 && o.err == nil {
			return fmt.Errorf("internal error: object %d was reserved but never written", i)
		}
	}
	id := fmt.Sprintf("%X", o.sum.Sum(nil))
	start := o.n
	o.xref.set(xref, start)
	// Each entry: its type (1 an object at an offset, 2 an object in an
	// object stream), the offset or the stream, the place in the stream;
	// compressed a chunk of entries at a time.
	w := 1
	for v := start; v >= 256; v >>= 8 {
		w++
	}
	o.zbuf.Reset()
	o.zw.Reset(&o.zbuf)
	entries := o.scratch[:0]
	for i := range o.xref.n {
		v := o.xref.get(i)
		typ, off, third := byte(1), v, int64(0)
		switch {
		case i == 0:
			typ, third = 0, 0xFFFF // the head of the free list
		case v < 0:
			typ, off, third = 2, -v>>8, -v&0xFF-1
		}
		entries = append(entries, typ)
		for s := (w - 1) * 8; s >= 0; s -= 8 {
			entries = append(entries, byte(off>>s))
		}
		entries = append(entries, byte(third>>8), byte(third))
		if len(entries) >= 32<<10 {
			o.zw.Write(entries)
			entries = entries[:0]
		}
	}
	o.zw.Write(entries)
	o.zw.Close()
	o.scratch = entries
	o.begin(xref)
	o.printf("<</Type /XRef /Size %d /W [1 %d 2] /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] /Filter /FlateDecode /Length %d>>\nstream\n",
		o.xref.n, w, root, info, id, id, o.zbuf.Len())
	o.Write(o.zbuf.Bytes())
	o.printf("\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
	if o.err != nil {
		return o.err
	}
	return o.bw.Flush()
}

// text returns s as a PDF text string: a literal for printable ASCII,
// UTF-16BE with a byte order mark otherwise.
func text(s string) string {
	return string(appendText(nil, s))
}

// appendText appends s as text writes it.
func appendText(b []byte, s string) []byte {
	if printable(s) {
		b = append(b, '(')
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return append(b, ')')
	}
	b = append(b, "<FEFF"...)
	// Ranging over a string gives no surrogate and nothing past
	// U+10FFFF (an invalid byte is U+FFFD), as utf16.Encode would have.
	for _, r := range s {
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			b = appendHex16(appendHex16(b, uint16(r1)), uint16(r2))
			continue
		}
		b = appendHex16(b, uint16(r))
	}
	return append(b, '>')
}

// appendHex16 appends u as four hexadecimal digits, in capitals.
func appendHex16(b []byte, u uint16) []byte {
	const digits = "0123456789ABCDEF"
	return append(b, digits[u>>12], digits[u>>8&0xF], digits[u>>4&0xF], digits[u&0xF])
}

// printable tells printable ASCII, which text writes as a literal.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// num formats a coordinate with at most two decimals, the precision of
// print (1/7200 inch), and the same digits on every machine.
func num(v float64) string {
	return string(appendNum(nil, v))
}

// appendNum appends v as num formats it. It rounds v to hundredths itself,
// and leaves to strconv only the values it could round otherwise: those
// a hair from halfway between two hundredths, where v*100 may have
// rounded the other way, and those beyond ±10,000,000, where it may be off
// by more than that hair.
func appendNum(dst []byte, v float64) []byte {
	x := v * 100
	r := math.Round(x)
	if math.Abs(x) >= 1e9 || math.Abs(math.Abs(x-r)-0.5) < 1e-6 {
		return appendNumSlow(dst, v)
	}
	n := int64(r)
	if n == 0 {
		return append(dst, '0')
	}
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	dst = strconv.AppendInt(dst, n/100, 10)
	if f := n % 100; f != 0 {
		dst = append(dst, '.', byte('0'+f/10))
		if f%10 != 0 {
			dst = append(dst, byte('0'+f%10))
		}
	}
	return dst
}

// appendNumSlow is appendNum through strconv, which rounds the exact
// binary value of v.
func appendNumSlow(dst []byte, v float64) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', 2, 64)
	for dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
	}
	if dst[len(dst)-1] == '.' {
		dst = dst[:len(dst)-1]
	}
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}
