package money_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rkcart/rkcart/money"
)

// shopspringParse is Parse as shopspring/decimal computes it (the implementation
// Parse had before it moved to integer arithmetic): the kind of error, or
// the value. It applies the same syntax pre-scan (Parse's own, which
// decides what counts as a number) by calling Parse only for its error
// kind on text shopspring would read differently.
func shopspringParse(s string, u money.Unit) (int64, error) {
	shift := int32(0)
	if u == money.Major {
		shift = 2
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return 0, money.ErrSyntax
	}
	if d.IsZero() {
		return 0, nil
	}
	if d.Exponent()+shift > 19 {
		return 0, money.ErrOverflow
	}
	d = d.Shift(shift)
	if !d.IsInteger() {
		return 0, money.ErrPrecision
	}
	b := d.BigInt()
	if !b.IsInt64() {
		return 0, money.ErrOverflow
	}
	return b.Int64(), nil
}

func kind(err error) error {
	for _, k := range []error{money.ErrSyntax, money.ErrPrecision, money.ErrOverflow} {
		if errors.Is(err, k) {
			return k
		}
	}
	return err
}

// randomDecimal writes decimal text around the edges that matter: signs,
// leading and trailing zeros, fractions longer than a kopeck, exponents
// both ways, 19- and 20-digit values.
func randomDecimal(r *rand.Rand) string {
	var b strings.Builder
	switch r.IntN(4) {
	case 0:
		b.WriteByte('-')
	case 1:
		b.WriteByte('+')
	}
	digits := func(n int) {
		for range n {
			if r.IntN(3) == 0 {
				b.WriteByte('0')
			} else {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
	}
	digits(r.IntN(21))
	if r.IntN(2) == 0 {
		b.WriteByte('.')
		digits(r.IntN(8))
	}
	if b.Len() == 0 || strings.TrimLeft(b.String(), "+-.") == "" {
		b.WriteByte('7')
	}
	if r.IntN(3) == 0 {
		b.WriteString([]string{"e", "E"}[r.IntN(2)])
		if r.IntN(2) == 0 {
			b.WriteString([]string{"-", "+"}[r.IntN(2)])
		}
		b.WriteString(fmt.Sprint(r.IntN(25)))
	}
	return b.String()
}

// Parse agrees with shopspring/decimal on every text the pre-scan
// accepts: the same value, or the same kind of error.
func TestParseAgainstShopspring(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for range 200_000 {
		s := randomDecimal(r)
		for _, u := range []money.Unit{money.Minor, money.Major} {
			got, err := money.Parse(s, u)
			if kind(err) == money.ErrSyntax || len(s) > 64 {
				continue // the pre-scan's: not shopspring's to decide
			}
			want, werr := shopspringParse(s, u)
			if kind(err) != werr || (err == nil && int64(got) != want) {
				t.Fatalf("Parse(%q, %d) = %d, %v; shopspring: %d, %v", s, u, got, err, want, werr)
			}
			n++
		}
	}
	t.Logf("%d texts agreed", n)
}

// hugeExponent: an exponent of 10^4 or more, which Parse's pre-scan
// decides (zero, precision or overflow) without arithmetic.
func hugeExponent(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return false
	}
	return len(strings.TrimLeft(strings.TrimLeft(s[i+1:], "+-"), "0")) > 4
}

// FuzzParseAgainstShopspring: the same, on the fuzzer's texts (found
// inputs kept in testdata/fuzz).
func FuzzParseAgainstShopspring(f *testing.F) {
	for _, s := range []string{"186.0", "1.005", "8350", "-0.01", "+5", "1e-3", "92233720368547758.07", "-9223372036854775808", "0.0e5", "1E18"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range []money.Unit{money.Minor, money.Major} {
			got, err := money.Parse(s, u)
			if kind(err) == money.ErrSyntax || len(s) > 64 || hugeExponent(s) {
				return // decided by Parse's pre-scan, before any arithmetic
			}
			want, werr := shopspringParse(s, u)
			if kind(err) != werr || (err == nil && int64(got) != want) {
				t.Fatalf("Parse(%q, %d) = %d, %v; shopspring: %d, %v", s, u, got, err, want, werr)
			}
		}
	})
}

// The int64 edges through the exact path (major units, so not the plain
// integer shortcut): the smallest amount fits, one more does not.
func TestParseInt64Edges(t *testing.T) {
	for s, want := range map[string]int64{
		"-92233720368547758.08": -1 << 63,
		"92233720368547758.07":  1<<63 - 1,
		"-0.00":                 0,
		"1.5e1":                 1500,
		"0.1e-1":                1,
	} {
		got, err := money.Parse(s, money.Major)
		if err != nil || int64(got) != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"92233720368547758.08", "-92233720368547758.09", "1e18"} {
		if _, err := money.Parse(s, money.Major); !errors.Is(err, money.ErrOverflow) {
			t.Errorf("Parse(%q): %v, want overflow", s, err)
		}
	}
}
