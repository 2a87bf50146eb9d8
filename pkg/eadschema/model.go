package eadschema

import (
	"fmt"
	"strings"
)

// elementDecl, attrDecl and simpleType are the rows of the generated
// tables.
type elementDecl struct {
	mixed bool
	model string // content model in DTD notation; "" for none
	attrs []attrDecl
}

type attrDecl struct {
	name, typ string
	required  bool
	fixed     string
}

type simpleType struct {
	base, pattern string
	enum          []string
}

// An expr is a content model: an element name, a sequence or a choice,
// each with a count.
type expr struct {
	name  string  // an element, when kids is nil
	seq   bool    // kids in order (else one of them)
	kids  []*expr // sequence or choice
	count byte    // 0, '?', '*' or '+'
	pos   int     // the element's position in the automaton, from 1
}

// parseModel reads a content model of the tables, expanding %group
// references from a groups table (expanded caches each group once).
func parseModel(src string, groups map[string]string, expanded map[string]*expr) (*expr, error) {
	p := &modelParser{src: src, table: groups, groups: expanded}
	x, err := p.alt()
	if err == nil && p.i < len(p.src) {
		err = fmt.Errorf("unexpected %q at %d in %q", p.src[p.i], p.i, src)
	}
	return x, err
}

type modelParser struct {
	src    string
	i      int
	table  map[string]string // the groups of the tables
	groups map[string]*expr  // the groups parsed so far
}

func (p *modelParser) skip() {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
}

// alt reads terms separated by "," (a sequence) or "|" (a choice).
func (p *modelParser) alt() (*expr, error) {
	first, err := p.term()
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.i >= len(p.src) || p.src[p.i] != ',' && p.src[p.i] != '|' {
		return first, nil
	}
	sep := p.src[p.i]
	x := &expr{seq: sep == ',', kids: []*expr{first}}
	for p.i < len(p.src) && p.src[p.i] == sep {
		p.i++
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		x.kids = append(x.kids, t)
		p.skip()
	}
	return x, nil
}

func (p *modelParser) term() (*expr, error) {
	p.skip()
	if p.i >= len(p.src) {
		return nil, fmt.Errorf("model %q ends early", p.src)
	}
	var x *expr
	switch c := p.src[p.i]; {
	case c == '(':
		p.i++
		inner, err := p.alt()
		if err != nil {
			return nil, err
		}
		p.skip()
		if p.i >= len(p.src) || p.src[p.i] != ')' {
			return nil, fmt.Errorf("unclosed ( in %q", p.src)
		}
		p.i++
		x = &expr{seq: true, kids: []*expr{inner}}
	case c == '%':
		p.i++
		name := p.name()
		g, err := p.group(name)
		if err != nil {
			return nil, err
		}
		x = &expr{seq: true, kids: []*expr{g}}
	default:
		name := p.name()
		if name == "" {
			return nil, fmt.Errorf("unexpected %q in %q", c, p.src)
		}
		x = &expr{name: name}
	}
	if p.i < len(p.src) && strings.IndexByte("?*+", p.src[p.i]) >= 0 {
		x.count = p.src[p.i]
		p.i++
	}
	return x, nil
}

func (p *modelParser) name() string {
	start := p.i
	for p.i < len(p.src) && (p.src[p.i] >= 'a' && p.src[p.i] <= 'z' || p.src[p.i] >= 'A' && p.src[p.i] <= 'Z' ||
		p.src[p.i] >= '0' && p.src[p.i] <= '9' || p.src[p.i] == '.' || p.src[p.i] == '-' || p.src[p.i] == '_') {
		p.i++
	}
	return p.src[start:p.i]
}

// group returns a named group, parsed once. Groups do not refer to
// themselves in XML Schema, so the expansion ends.
func (p *modelParser) group(name string) (*expr, error) {
	if g, ok := p.groups[name]; ok {
		return g, nil
	}
	src, ok := p.table[name]
	if !ok {
		return nil, fmt.Errorf("unknown group %s", name)
	}
	g, err := parseModel(src, p.table, p.groups)
	if err != nil {
		return nil, err
	}
	p.groups[name] = g
	return g, nil
}

// An automaton is the Glushkov automaton of a content model: state 0 is
// the start, state i the i-th element occurrence of the model.
type automaton struct {
	next  []map[string]int
	final []bool
}

// glushkov builds the automaton of x. Shared group expressions are copied
// first, since each occurrence of a group is a position of its own.
func glushkov(x *expr) (*automaton, error) {
	x = clone(x)
	var names []string
	var number func(*expr)
	number = func(e *expr) {
		if e.kids == nil {
			names = append(names, e.name)
			e.pos = len(names)
			return
		}
		for _, k := range e.kids {
			number(k)
		}
	}
	number(x)
	n := len(names) + 1
	follow := make([][]int, n)
	var visit func(*expr) (nullable bool, first, last []int)
	visit = func(e *expr) (bool, []int, []int) {
		var null bool
		var first, last []int
		if e.kids == nil {
			null, first, last = false, []int{e.pos}, []int{e.pos}
		} else if e.seq {
			null = true
			for _, k := range e.kids {
				kn, kf, kl := visit(k)
				for _, l := range last {
					follow[l] = append(follow[l], kf...)
				}
				if null {
					first = append(first, kf...)
				}
				if kn {
					last = append(last, kl...)
				} else {
					last = kl
				}
				null = null && kn
			}
		} else {
			for _, k := range e.kids {
				kn, kf, kl := visit(k)
				null = null || kn
				first = append(first, kf...)
				last = append(last, kl...)
			}
		}
		switch e.count {
		case '*', '+':
			for _, l := range last {
				follow[l] = append(follow[l], first...)
			}
		}
		if e.count == '?' || e.count == '*' {
			null = true
		}
		return null, first, last
	}
	null, first, last := visit(x)
	a := &automaton{next: make([]map[string]int, n), final: make([]bool, n)}
	a.final[0] = null
	for _, l := range last {
		a.final[l] = true
	}
	add := func(from int, to []int) error {
		m := map[string]int{}
		for _, t := range to {
			name := names[t-1]
			if prev, ok := m[name]; ok && prev != t {
				return fmt.Errorf("content model is not deterministic at <%s>", name)
			}
			m[name] = t
		}
		a.next[from] = m
		return nil
	}
	if err := add(0, first); err != nil {
		return nil, err
	}
	for i := 1; i < n; i++ {
		if err := add(i, follow[i]); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func clone(e *expr) *expr {
	c := *e
	if e.kids != nil {
		c.kids = make([]*expr, len(e.kids))
		for i, k := range e.kids {
			c.kids[i] = clone(k)
		}
	}
	return &c
}
