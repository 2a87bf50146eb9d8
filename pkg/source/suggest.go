package source

import (
	"slices"
	"strings"
	"unicode"
)

// Suggest returns the candidate that s most likely stands for, or "" when
// none is likely: the closest by edit distance, when close enough to be a
// typo; else one with the same words in another order ("Vera Stein" for
// "Stein, Vera", "ps-vera-stein" for "ps-stein-vera"); else the one that
// shares the longest beginning with s, when that is most of s and at least
// five letters ("biography" for "biographical_history"). Ties go to the
// earlier candidate, so callers pass candidates in a stable order.
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	limit := len([]rune(s))/3 + 1
	if limit > 4 {
		limit = 4
	}
	ls := lower(s)
	for _, c := range candidates {
		if c == s {
			continue
		}
		d := Distance(ls, lower(c))
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	if best != "" {
		return best
	}
	for _, c := range candidates {
		if c != s && SameWords(s, c) {
			return c
		}
	}
	rs := []rune(ls)
	longest, tie := 0, false
	for _, c := range candidates {
		rc := []rune(lower(c))
		n := 0
		for n < len(rs) && n < len(rc) && rs[n] == rc[n] {
			n++
		}
		switch {
		case n > longest:
			best, longest, tie = c, n, false
		case n == longest && n > 0 && c != best:
			tie = true
		}
	}
	if longest >= 5 && 3*longest >= 2*len(rs) && !tie {
		return best
	}
	return ""
}

// SameWords reports whether a and b are the same words, ignoring case,
// punctuation and order, and more than one of them: "Vera Stein" and
// "Stein, Vera".
func SameWords(a, b string) bool {
	wa, wb := words(a), words(b)
	if len(wa) < 2 || len(wa) != len(wb) {
		return false
	}
	slices.Sort(wa)
	slices.Sort(wb)
	return slices.Equal(wa, wb)
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func lower(s string) string {
	b := []rune(s)
	for i, r := range b {
		if r >= 'A' && r <= 'Z' {
			b[i] = r + 'a' - 'A'
		}
	}
	return string(b)
}

// Distance is the Damerau–Levenshtein (optimal string alignment) distance
// between a and b, counted in runes: a transposition of two neighbours costs
// one edit, as typists make them.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}
