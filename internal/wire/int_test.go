package wire

import (
	"strconv"
	"strings"
	"testing"
)

// Digits answers what strconv.ParseInt does for every JSON number token
// (the oracle): integers of every length around int64's bounds, negative
// zero, fractions and exponents (refused).
func TestDigitsIsParseIntOnJSONNumbers(t *testing.T) {
	tokens := []string{"0", "-0", "7", "-7", "10", "123456789", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "18446744073709551615", "99999999999999999999",
		"1.5", "-1.0", "1e3", "1E+3", "-2e-1", "0.0", "-", ""}
	for n := 1; n <= 21; n++ {
		tokens = append(tokens, strings.Repeat("9", n), "-"+strings.Repeat("9", n), "1"+strings.Repeat("0", n-1))
	}
	for _, tok := range tokens {
		want, err := strconv.ParseInt(tok, 10, 64)
		got, ok := Digits([]byte(tok))
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("%q: Digits %d %v, strconv %d %v", tok, got, ok, want, err)
		}
	}
}

func FuzzDigits(f *testing.F) {
	f.Add(int64(0), uint8(0))
	f.Fuzz(func(t *testing.T, v int64, form uint8) {
		tok := strconv.FormatInt(v, 10)
		switch form % 4 {
		case 1:
			tok += ".5"
		case 2:
			tok += "e2"
		case 3:
			tok += "0" // one digit more: may overflow
		}
		want, err := strconv.ParseInt(tok, 10, 64)
		got, ok := Digits([]byte(tok))
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("%q: Digits %d %v, strconv %d %v", tok, got, ok, want, err)
		}
	})
}
