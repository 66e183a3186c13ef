package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var (
	// ErrSyntax is returned for text that is not a decimal number.
	ErrSyntax = errors.New("money: not a decimal number")
	// ErrPrecision is returned for a value more precise than the target
	// unit (a fraction of a kopeck, or of a thousandth). It is never rounded.
	ErrPrecision = errors.New("money: more precision than the unit allows")
)

// Unit names the unit a decimal text is written in.
type Unit int8

const (
	// Minor: the text is already in kopecks ("8350" is 8350 kopecks).
	Minor Unit = iota
	// Major: the text is in roubles ("186.0" is 18600 kopecks).
	Major
)

// maxText bounds decimal text so that a hostile exponent or a megabyte of
// digits cannot make parsing slow: int64 needs at most 19 digits.
const maxText = 64

// ParseError reports decimal text that could not be converted exactly.
// It unwraps to [ErrSyntax], [ErrPrecision] or [ErrOverflow].
type ParseError struct {
	Text string // the offending text, as given
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("%q: %v", e.Text, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse converts decimal text in unit u to kopecks exactly: Parse("186.0",
// Major) is 18600, Parse("8350", Minor) is 8350.
//
// It returns a [*ParseError] if:
//   - s is not a decimal number (ErrSyntax), or is longer than 64 bytes;
//   - s has more precision than a kopeck, like "1.005" roubles (ErrPrecision);
//   - the value does not fit Kopecks (ErrOverflow).
func Parse(s string, u Unit) (Kopecks, error) {
	shift := int32(0)
	if u == Major {
		shift = 2
	}
	v, err := parseScaled(s, shift)
	return Kopecks(v), err
}

// ParseQty converts a count written in pieces ("3.0", "0.5") into
// thousandths exactly. It fails like [Parse], with ErrPrecision for more
// than three fractional digits.
func ParseQty(s string) (Qty, error) {
	v, err := parseScaled(s, 3)
	return Qty(v), err
}

// ParseJSON converts a JSON number (19000, 186.0) or a JSON string holding
// decimal text ("8350") in unit u to kopecks. It fails like [Parse]; any
// other JSON value (null, true, an object) is ErrSyntax.
func ParseJSON(raw []byte, u Unit) (Kopecks, error) {
	s, err := jsonText(raw)
	if err != nil {
		return 0, err
	}
	return Parse(s, u)
}

// ParseQtyJSON is [ParseQty] for a JSON number or string.
func ParseQtyJSON(raw []byte) (Qty, error) {
	s, err := jsonText(raw)
	if err != nil {
		return 0, err
	}
	return ParseQty(s)
}

func jsonText(raw []byte) (string, error) {
	if len(raw) >= 2 && raw[0] == '"' {
		s, err := strconv.Unquote(string(raw))
		if err != nil {
			return "", &ParseError{Text: string(raw), Err: ErrSyntax}
		}
		return s, nil
	}
	return string(raw), nil
}

func parseScaled(s string, shift int32) (int64, error) {
	if len(s) == 0 || len(s) > maxText {
		return 0, &ParseError{Text: s, Err: ErrSyntax}
	}
	sh, ok := scanNumber(s)
	if !ok {
		return 0, &ParseError{Text: s, Err: ErrSyntax}
	}
	if sh.expDigits > 4 { // |exponent| ≥ 10000: decide without materialising it
		switch {
		case sh.zero:
			return 0, nil
		case sh.expNeg:
			return 0, &ParseError{Text: s, Err: ErrPrecision}
		default:
			return 0, &ParseError{Text: s, Err: ErrOverflow}
		}
	}
	if v, ok := fastInt(s); ok && shift == 0 {
		return v, nil
	}
	return exact(s, shift)
}

// exact converts text scanNumber accepted (its exponent under 10^4) to an
// integer of 10^-shift units, exactly: the significant digits, scaled by
// the exponent, the fraction's length and shift. A value that needs a
// fraction of the unit is ErrPrecision, one past int64 ErrOverflow. Plain
// integer arithmetic: no big numbers (the WebAssembly build links no
// math/big), and shopspring/decimal is the oracle its tests compare with.
func exact(s string, shift int32) (int64, error) {
	i, neg := 0, false
	if s[0] == '-' || s[0] == '+' {
		neg, i = s[0] == '-', 1
	}
	var buf [maxText]byte
	digits := buf[:0] // significant digits, no leading zeros (at most the text's length)
	scale := int(shift)
	for ; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		switch c := s[i]; {
		case c == '.':
			for j := i + 1; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
				scale-- // each fractional digit
			}
		case len(digits) > 0 || c != '0':
			digits = append(digits, c)
		}
	}
	if i < len(s) { // the exponent: at most 4 significant digits (parseScaled)
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return 0, &ParseError{Text: s, Err: ErrSyntax}
		}
		scale += e
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' { // trailing zeros move into the scale
		digits = digits[:len(digits)-1]
		scale++
	}
	if len(digits) == 0 {
		return 0, nil
	}
	if scale < 0 {
		return 0, &ParseError{Text: s, Err: ErrPrecision}
	}
	if len(digits)+scale > 19 {
		return 0, &ParseError{Text: s, Err: ErrOverflow}
	}
	var u uint64
	for _, c := range digits {
		u = u*10 + uint64(c-'0')
	}
	for range scale {
		u *= 10
	}
	switch {
	case !neg && u <= 1<<63-1:
		return int64(u), nil
	case neg && u <= 1<<63:
		return int64(-u), nil // -2^63 included
	}
	return 0, &ParseError{Text: s, Err: ErrOverflow}
}

type numberShape struct {
	zero      bool // every mantissa digit is 0
	expDigits int  // significant digits in the exponent
	expNeg    bool
}

// scanNumber accepts the characters of a JSON-style decimal number only
// (sign, digits, one point, exponent).
func scanNumber(s string) (numberShape, bool) {
	sh := numberShape{zero: true}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	digits := 0
	mantissa := func() {
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
			if s[i] != '0' {
				sh.zero = false
			}
		}
	}
	mantissa()
	if i < len(s) && s[i] == '.' {
		i++
		mantissa()
	}
	if digits == 0 {
		return sh, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			sh.expNeg = s[i] == '-'
			i++
		}
		e := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if s[i] != '0' || sh.expDigits > 0 {
				sh.expDigits++
			}
			e++
		}
		if e == 0 {
			return sh, false
		}
	}
	return sh, i == len(s)
}

// fastInt parses a plain integer.
func fastInt(s string) (int64, bool) {
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}
