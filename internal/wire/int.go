package wire

import (
	"errors"
	"math"
)

// Int is an integer that may arrive as a JSON number (5000), a digit string
// ("1000039") or null (0). Anything else is an error.
type Int int64

var errNotInt = errors.New("want integer")

// UnmarshalJSON implements json.Unmarshaler.
func (i *Int) UnmarshalJSON(b []byte) error {
	v, ok := ParseInt(b)
	if !ok {
		return errNotInt
	}
	*i = Int(v)
	return nil
}

// ParseInt reads a JSON integer, a JSON string of decimal digits (with an
// optional leading '-'), or null (as 0). It reports false for anything else,
// including fractions, exponents and out-of-range values.
func ParseInt(b []byte) (int64, bool) {
	if len(b) == 4 && string(b) == "null" {
		return 0, true
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	return Digits(b)
}

// Digits reads an optionally negative run of decimal digits (a JSON
// integer, no sign '+', no fraction or exponent) that fits int64: what
// strconv.ParseInt(string(b), 10, 64) accepts of a JSON number, without the
// conversion to a string.
func Digits(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0') // 19 digits fit uint64
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true // -(1<<63) wraps to MinInt64 exactly
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// Field is an Int that remembers whether the member was there and not
// null: for the members a record cannot do without (a dish's id and
// price), where 0 and "absent" mean different things.
type Field struct {
	Int
	Set bool // present and not null
}

// UnmarshalJSON implements json.Unmarshaler. encoding/json calls it for a
// null as well; an absent member leaves Set false.
func (f *Field) UnmarshalJSON(b []byte) error {
	if err := f.Int.UnmarshalJSON(b); err != nil {
		return err
	}
	f.Set = string(b) != "null"
	return nil
}
