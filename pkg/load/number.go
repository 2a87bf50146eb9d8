package load

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxNumber is the largest inventory or reel number: eight digits, the
// schema's maximum. Larger numbers are typing slips, and would not fit the
// int of every platform.
const MaxNumber = 99_999_999

// What number.number reads, in its messages.
const (
	invNumber  = "inventory number"
	reelNumber = "reel number"
)

// number reads an inventory or reel number (what says which) written as a
// YAML number. YAML reads 0x1F, 0o10, 1_000, 12.0 and 1e3 as numbers too;
// fonds takes only plain digits, and reports anything else at n, once,
// saying what to write instead. It returns false when n is not a usable
// number: reported here, or text, which the schema reports.
func (d *decoder) number(n *yaml.Node, path, what string) (int, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	msg, isNumber := numberProblem(n, what)
	switch {
	case !isNumber:
		return 0, false
	case msg != "":
		d.diags.Errorf(d.pos(n), path, "%s", msg)
		return 0, false
	}
	v, _ := strconv.Atoi(n.Value)
	return v, true
}

// numberProblem says what is wrong with n as an inventory or reel number,
// or "" when it is a plain number from 1 to MaxNumber; isNumber is false
// when YAML does not read n as a number at all.
func numberProblem(n *yaml.Node, what string) (msg string, isNumber bool) {
	s := n.Value
	tag := n.ShortTag()
	if tag == "!!int" && digitsOnly(s) {
		// Written as the inventory writes numbers, as nearly every one is:
		// MaxNumber has 8 digits, so the digits say whether it is in range.
		switch digits := strings.TrimLeft(s, "0"); {
		case digits == "":
			return fmt.Sprintf("%s 0 is not allowed: %ss run from 1 to %d", what, what, MaxNumber), true
		case len(digits) > len(strconv.Itoa(MaxNumber)):
			return fmt.Sprintf("%s %s is out of range: %ss run from 1 to %d", what, s, what, MaxNumber), true
		}
		return "", true
	}
	rng := fmt.Sprintf("%ss run from 1 to %d", what, MaxNumber)
	switch tag {
	case "!!int":
		v, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 0)
		if !ok {
			return fmt.Sprintf("cannot read %s as a %s; write it in digits, such as 723", s, what), true
		}
		switch {
		case strings.HasPrefix(s, "-"):
			return fmt.Sprintf("%s %s is negative: %s", what, s, rng), true
		case strings.Contains(s, "_"):
			return fmt.Sprintf("%s %s is written with _; write it in digits only: %s", what, s, v), true
		case strings.HasPrefix(s, "+"):
			return fmt.Sprintf("%s %s is written with a sign; write it in digits only: %s", what, s, v), true
		}
		base := "octal"
		switch t := strings.ToLower(s); {
		case strings.HasPrefix(t, "0x"):
			base = "hexadecimal"
		case strings.HasPrefix(t, "0b"):
			base = "binary"
		}
		return fmt.Sprintf("%s %s is written in %s; write it in decimal digits: %s", what, s, base, v), true
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		switch {
		case err != nil && !strings.Contains(err.Error(), "range"), math.IsNaN(f), math.IsInf(f, 0) && err == nil:
			return "", false // .inf or .nan: text to the schema
		case f != math.Trunc(f):
			msg := fmt.Sprintf("%s %s is not a whole number; %s", what, s, rng)
			if what == invNumber {
				msg += fmt.Sprintf(" (write an identifier that is not a number as unitid: %q)", s)
			}
			return msg, true
		case f < 1:
			return fmt.Sprintf("%s %s is below 1: %s", what, s, rng), true
		case f > MaxNumber:
			return fmt.Sprintf("%s %s is out of range: %s", what, s, rng), true
		}
		return fmt.Sprintf("%s %s is not written as a whole number; write %d", what, s, int(f)), true
	}
	return "", false
}

// digitsOnly reports whether s is one or more ASCII digits.
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
