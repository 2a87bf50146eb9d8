package source

// Suggest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a likely typo. Ties go to the earlier
// candidate, so callers pass candidates in a stable order.
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	limit := len([]rune(s))/3 + 1
	if limit > 4 {
		limit = 4
	}
	for _, c := range candidates {
		if c == s {
			continue
		}
		d := Distance(lower(s), lower(c))
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
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
