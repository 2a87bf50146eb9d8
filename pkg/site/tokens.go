package site

import (
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/fonds-archive/fonds/pkg/present"
)

// The search index and search.js cut text into tokens alike, so that what
// the index holds is what a query asks for:
//
//   - a word is a run of letters, digits (Nd) and combining marks;
//   - it is folded: lower case, compatibility-decomposed (NFKD), lower case
//     again (ℌ decomposes into H), without its nonspacing marks, and with the letters of present.FoldExtra replaced, so
//     that "Kadıköy" and "Kadikoy", "Ørsted" and "Orsted", "ﬁne" and "fine"
//     are the same token;
//   - what folding leaves that is no letter, digit or mark splits the word
//     again ("½" is 1 and 2).
//
// search.js (fold, tokens) does the same in the browser; a test runs both
// over the same text and compares.

// fold folds text for searching and sorting, as described above.
func fold(s string) string {
	var f folder
	return string(f.appendFold(nil, s))
}

// A folder folds words into buffers it keeps from word to word: a finding
// aid of letters in Russian has a word that is not ASCII in every title,
// and strings.ToLower and norm.NFKD.String would allocate two strings for
// each.
type folder struct {
	low, nfkd []byte
}

// folders are the folders of appendTokens, one for each goroutine that
// folds a word at a time.
var folders = sync.Pool{New: func() any { return new(folder) }}

// appendFold appends s folded to dst: what fold returns.
func (f *folder) appendFold(dst []byte, s string) []byte {
	f.low = f.low[:0]
	for _, r := range s { // strings.ToLower, rune by rune
		f.low = utf8.AppendRune(f.low, unicode.ToLower(r))
	}
	f.nfkd = norm.NFKD.Append(f.nfkd[:0], f.low...)
	for i := 0; i < len(f.nfkd); {
		r, n := utf8.DecodeRune(f.nfkd[i:])
		i += n
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r) // a letter that decomposes into a capital: ℌ is H
		if x, ok := present.FoldExtra[r]; ok {
			dst = append(dst, x...)
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// wordRune reports whether r belongs to a word.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) || unicode.Is(unicode.M, r)
}

// tokens calls fn with every token of s, in order.
func tokens(s string, fn func(tok string)) {
	appendTokens(s, nil, func(tok []byte) { fn(string(tok)) })
}

// appendTokens calls fn with every token of s, in order, each in buf's
// storage (grown as needed and returned for the next call), which fn must
// not keep: the indexer looks a token up without a copy and copies it only
// when it is new. A word of ASCII letters and digits, most words of most
// finding aids, is folded by lowering its case in place; any other goes
// through fold.
func appendTokens(s string, buf []byte, fn func(tok []byte)) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !asciiWord(c) {
			i++
			continue
		}
		// A word: a run of word runes, of ASCII ones only until one is not.
		start, ascii := i, true
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if !asciiWord(c) {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if !wordRune(r) {
				break
			}
			ascii = false
			i += n
		}
		if start == i { // a rune that is no word rune
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		if ascii {
			buf = buf[:0]
			for j := start; j < i; j++ {
				c := s[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
			fn(buf)
			continue
		}
		// Folded, then split where folding left no word rune: each
		// token a stretch of the folded word in buf.
		f := folders.Get().(*folder)
		buf = f.appendFold(buf[:0], s[start:i])
		folders.Put(f)
		tok := 0 // where the token being read starts
		for j := 0; j < len(buf); {
			r, n := utf8.DecodeRune(buf[j:])
			if !wordRune(r) {
				if j > tok {
					fn(buf[tok:j])
				}
				tok = j + n
			}
			j += n
		}
		if len(buf) > tok {
			fn(buf[tok:])
		}
	}
	return buf
}

// asciiWord reports whether an ASCII character belongs to a word: a letter
// or a digit, as wordRune says of them.
func asciiWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// numeric reports whether a token is a number, which a query matches only
// whole: "8" finds unit 8, not 1928.
func numeric(tok string) bool {
	for _, r := range tok {
		if !unicode.Is(unicode.Nd, r) {
			return false
		}
	}
	return tok != ""
}

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// shardFile names the file of a shard of terms: the key's letters a–z and
// digits as they are, any other character as its code point in hex
// between underscores ("пи" is "_43f__438_"), so that every file system
// keeps the names apart; the empty key (one shard for every term) is
// "t.js". search.js names them alike.
func shardFile(key string) string {
	var b strings.Builder
	b.WriteString("t")
	if key != "" {
		b.WriteByte('-')
	}
	for _, r := range key {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			continue
		}
		b.WriteByte('_')
		b.WriteString(strconv.FormatInt(int64(r), 16))
		b.WriteByte('_')
	}
	b.WriteString(".js")
	return b.String()
}

// runeCount is the number of runes in s.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

// vlq is the alphabet of the index's numbers: six bits a character, the
// high one saying that more follow, the low five bits first.
const vlq = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// putNum appends n (≥ 0) to b.
func putNum(b []byte, n int) []byte {
	for {
		d := n & 31
		n >>= 5
		if n > 0 {
			b = append(b, vlq[d|32])
			continue
		}
		return append(b, vlq[d])
	}
}

// fnv32 is the FNV-1a hash of s's UTF-8 bytes, which search.js and fonds.js
// compute alike to find the file of a unit's id.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
