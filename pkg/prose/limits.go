package prose

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// Markdown a person writes costs a parser time in proportion to its
// length. Some Markdown does not: CommonMark parsers, goldmark among them,
// take time that grows with the square of the input for deeply nested
// block quotes and lists (100,000 ">" took 3.6 seconds, 200,000 took 17),
// for links that open and never close in one long word ("[](" repeated),
// for runs of "*" and "_" that close nothing, for backtick runs that open
// no code span, and for link reference definitions in one paragraph; and
// emphasis nested thousands deep makes outputs that XML and HTML readers
// refuse. No archivist writes these, so fonds refuses them: Parse scans
// the text before goldmark sees it (a linear pass, which never recurses),
// and a note past a limit is reported at the place in it and not parsed.
// The limits, which the README lists:
const (
	MaxBlockNesting   = 32   // block quotes and list items inside one another
	MaxInlineNesting  = 32   // emphasis and links inside one another
	MaxLinkOpenings   = 32   // "](" in one word (text between spaces)
	MaxDelimiterRuns  = 1000 // runs of "*" or "_" in one paragraph
	MaxOpenCodeRuns   = 32   // runs of "`" in one paragraph that close no code span
	MaxRefDefinitions = 100  // link reference definitions ([label]: address) in one paragraph
	// MaxElements bounds the Markdown elements of one note, counted on
	// the text: lines, list items, block quotes, runs of "*" and "_",
	// link and image labels ("["), code spans and "<". Every output
	// spends time on each; a note of 250,000 list items cost 17 seconds
	// to build, one of 500,000 short lines 15.
	MaxElements = 20000
)

// limitProblem is the first place where src passes a limit, or nil.
func limitProblem(src []byte) *Problem {
	s := &limitScan{src: src}
	return s.run()
}

// limitScan reads a note line by line, as CommonMark does: the block
// quotes and list items a line continues or opens, and the paragraph it
// belongs to. It overestimates rather than misses: a list marker inside a
// code block counts, a line that continues a paragraph lazily keeps the
// containers it does not repeat.
type limitScan struct {
	src      []byte
	stack    []container // the block quotes and list items open
	para     paraCount
	elements int
}

// element counts one Markdown element at offset at.
func (s *limitScan) element(at int) *Problem {
	if s.elements++; s.elements > MaxElements {
		return &Problem{Offset: at, Msg: fmt.Sprintf(
			"more than %d Markdown elements (lines, list items, quotes, emphasis, links, code) in one note; split it", MaxElements)}
	}
	return nil
}

// A container is an open block quote, or a list item whose content starts
// indent columns in.
type container struct {
	quote  bool
	indent int
}

// paraCount counts, in one paragraph, what goldmark's inline parsing
// costs grow with.
type paraCount struct {
	start    int // offset where the paragraph starts
	nlines   int
	runs     int // runs of * or _
	defs     int // link reference definitions
	defsAt   int
	codeRuns []codeRun
}

type codeRun struct{ len, at int }

func (s *limitScan) run() *Problem {
	for start := 0; start <= len(s.src); {
		end := start
		for end < len(s.src) && s.src[end] != '\n' {
			end++
		}
		if p := s.line(start, end); p != nil {
			return p
		}
		start = end + 1
	}
	return s.endParagraph()
}

// spaces reads up to max columns of spaces and tabs from i, returning
// where they end and how many columns they take.
func spaces(line []byte, i, max int) (int, int) {
	cols := 0
	for i < len(line) && cols < max {
		switch line[i] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return i, cols
		}
		i++
	}
	return i, cols
}

// listMarker returns the width of a list marker at i ("-", "+", "*", or
// up to nine digits and "." or ")"), followed by a space or the end of
// the line, or 0.
func listMarker(line []byte, i int) int {
	j := i
	switch {
	case j < len(line) && (line[j] == '-' || line[j] == '+' || line[j] == '*'):
		j++
	default:
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j == i || j >= len(line) || line[j] != '.' && line[j] != ')' {
			return 0
		}
		j++
	}
	if j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' {
		return 0
	}
	return j - i
}

// thematicBreak reports whether the rest of a line is a thematic break
// (three or more of one of "-", "*", "_", with spaces), which is not a
// list. A line longer than any rule anyone draws is read as list markers,
// so that the test costs little however often a line asks it.
func thematicBreak(rest []byte) bool {
	if len(rest) > 256 {
		return false
	}
	var c byte
	n := 0
	for _, b := range rest {
		switch {
		case b == ' ' || b == '\t' || b == '\r':
		case (b == '-' || b == '*' || b == '_') && (c == 0 || b == c):
			c = b
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// line reads the line src[start:end].
func (s *limitScan) line(start, end int) *Problem {
	line := s.src[start:end]
	last := len(line) - 1 // the line's last character that is not blank
	for last >= 0 && (line[last] == ' ' || line[last] == '\t' || line[last] == '\r') {
		last--
	}
	blank := func(from int) bool { return from > last }
	i := 0
	matched := 0
	for matched < len(s.stack) {
		c := s.stack[matched]
		if c.quote {
			j, cols := spaces(line, i, 3)
			if cols > 3 || j >= len(line) || line[j] != '>' {
				break
			}
			i = j + 1
			if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
		} else if !blank(i) {
			j, cols := spaces(line, i, c.indent)
			if cols < c.indent {
				break
			}
			i = j
		}
		matched++
	}
	var opened []container
	for {
		j, cols := spaces(line, i, 4)
		if cols > 3 || j >= len(line) {
			break
		}
		if line[j] == '>' {
			opened = append(opened, container{quote: true})
			i = j + 1
			if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
		} else if w := listMarker(line, j); w > 0 && !thematicBreak(line[j:]) {
			k, after := spaces(line, j+w, 5)
			if after == 0 || after > 4 || blank(k) {
				after = 1
				k = min(j+w+1, len(line))
			}
			opened = append(opened, container{indent: w + after})
			i = k
		} else {
			break
		}
		if matched+len(opened) > MaxBlockNesting {
			return &Problem{Offset: start + j, Msg: fmt.Sprintf(
				"block quotes and lists nested more than %d deep; fonds refuses deeper nesting, which Markdown readers take far too long to read", MaxBlockNesting)}
		}
		if p := s.element(start + j); p != nil {
			return p
		}
	}
	rest := line[i:]
	switch {
	case len(opened) > 0:
		s.stack = append(s.stack[:matched], opened...)
	case matched < len(s.stack) && blank(i):
		s.stack = s.stack[:matched]
	}
	// A blank line, or one that opens a container, ends the paragraph.
	if blank(i) || len(opened) > 0 {
		if p := s.endParagraph(); p != nil {
			return p
		}
		s.para = paraCount{start: start + i}
		if blank(i) {
			return nil
		}
	}
	if p := s.element(start + i); p != nil { // each line is a node of text at least
		return p
	}
	return s.inline(rest, start+i)
}

// inline counts what in a paragraph's line costs goldmark time: runs of
// "*" and "_", backtick runs, link openings in one word and link
// reference definitions.
func (s *limitScan) inline(rest []byte, at int) *Problem {
	p := &s.para
	if j, cols := spaces(rest, 0, 4); cols <= 3 && j < len(rest) && rest[j] == '[' && p.defs == p.lines() {
		if hasRefColon(rest[j:]) {
			p.defs++
			if p.defs == 1 {
				p.defsAt = at + j
			}
			if p.defs > MaxRefDefinitions {
				return &Problem{Offset: p.defsAt, Msg: fmt.Sprintf(
					"more than %d link reference definitions ([label]: address) in one paragraph; separate them with blank lines", MaxRefDefinitions)}
			}
		}
	}
	p.nlines++
	openings := 0
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; c {
		case ' ', '\t', '\r':
			openings = 0
		case '\\':
			i++ // an escaped character is text
		case '*', '_':
			j := i
			for j < len(rest) && rest[j] == c {
				j++
			}
			if p.runs++; p.runs > MaxDelimiterRuns {
				return &Problem{Offset: at + i, Msg: fmt.Sprintf(
					"more than %d runs of \"*\" or \"_\" in one paragraph; split the paragraph, or escape them (\\*, \\_)", MaxDelimiterRuns)}
			}
			if pr := s.element(at + i); pr != nil {
				return pr
			}
			i = j - 1
		case '`':
			j := i
			for j < len(rest) && rest[j] == '`' {
				j++
			}
			p.codeRuns = append(p.codeRuns, codeRun{len: j - i, at: at + i})
			if pr := s.element(at + i); pr != nil {
				return pr
			}
			i = j - 1
		case '[', '<':
			if pr := s.element(at + i); pr != nil {
				return pr
			}
		case ']':
			if i+1 < len(rest) && rest[i+1] == '(' {
				openings++
				if openings > MaxLinkOpenings {
					return &Problem{Offset: at + i, Msg: fmt.Sprintf(
						"more than %d link openings \"](\" in one word; put spaces between links", MaxLinkOpenings)}
				}
			}
		}
	}
	return nil
}

func (p *paraCount) lines() int { return p.nlines }

// hasRefColon reports whether a line that starts with "[" goes on as a
// link reference definition: "]:" after the label.
func hasRefColon(b []byte) bool {
	for i := 1; i+1 < len(b); i++ {
		if b[i] == ']' {
			return b[i+1] == ':'
		}
	}
	return false
}

// endParagraph checks the backtick runs of the paragraph that ends: a run
// with no later run of its length opens no code span, and goldmark reads
// to the paragraph's end looking for one.
func (s *limitScan) endParagraph() *Problem {
	runs := s.para.codeRuns
	later := map[int]bool{}
	open := 0
	first := -1
	for i := len(runs) - 1; i >= 0; i-- {
		if !later[runs[i].len] {
			open++
			first = runs[i].at
		}
		later[runs[i].len] = true
	}
	s.para = paraCount{}
	if open > MaxOpenCodeRuns {
		return &Problem{Offset: first, Msg: fmt.Sprintf(
			"more than %d runs of \"`\" that open no code span in one paragraph; escape them (\\`)", MaxOpenCodeRuns)}
	}
	return nil
}

// maxDepth bounds the depth of a parsed note's tree, whatever nests:
// block nesting is bounded before parsing, inline nesting after, and this
// makes sure no walker of the tree (the outputs recurse) goes deeper.
const maxDepth = MaxBlockNesting + MaxInlineNesting + 16

// nestingProblem finds, in a parsed note, emphasis and links nested past
// MaxInlineNesting, or a tree deeper than maxDepth, walking the tree
// without recursion.
func nestingProblem(d *Doc) *Problem {
	type item struct {
		n            ast.Node
		depth, level int // inline nesting; depth in the tree
	}
	stack := []item{{d.Root, 0, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		depth := it.depth
		if it.level > maxDepth {
			return &Problem{Offset: d.offset(it.n), Msg: fmt.Sprintf("Markdown nested more than %d deep", maxDepth)}
		}
		switch it.n.(type) {
		case *ast.Emphasis, *ast.Link, *ast.Image:
			depth++
			if depth > MaxInlineNesting {
				return &Problem{Offset: d.offset(it.n), Msg: fmt.Sprintf(
					"emphasis and links nested more than %d deep; fonds refuses deeper nesting, which XML and HTML readers refuse", MaxInlineNesting)}
			}
		}
		for c := it.n.FirstChild(); c != nil; c = c.NextSibling() {
			stack = append(stack, item{c, depth, it.level + 1})
		}
	}
	return nil
}
