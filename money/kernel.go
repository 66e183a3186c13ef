package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// ErrOverflow is returned when a result does not fit in an int64.
var ErrOverflow = errors.New("money: amount overflow")

// Kopecks is an amount in minor currency units. The zero value is a valid
// amount of nothing.
type Kopecks int64

// Qty is a quantity in thousandths of a piece. The zero value is no quantity.
type Qty int64

// Piece is one whole unit.
const Piece Qty = 1000

// Whole reports whether q is a whole number of pieces.
func (q Qty) Whole() bool { return q%Piece == 0 }

// Pieces returns q in whole pieces, truncated toward zero.
func (q Qty) Pieces() int64 { return int64(q / Piece) }

// MulQty is the pricing kernel: round_half_away_from_zero(k × q / 1000),
// computed with a 128-bit intermediate.
//
// It returns an error wrapping [ErrOverflow] if the result does not fit in
// an int64; it never wraps and never panics.
func (k Kopecks) MulQty(q Qty) (Kopecks, error) {
	neg := (k < 0) != (q < 0)
	ak, aq := abs64(int64(k)), abs64(int64(q))
	hi, lo := bits.Mul64(ak, aq)
	var quo, rem uint64
	if hi == 0 {
		quo, rem = lo/1000, lo%1000 // constant division: a multiply, not DIV
	} else {
		if hi >= 1000 {
			return 0, mulErr(k, q)
		}
		quo, rem = bits.Div64(hi, lo, 1000)
	}
	if rem >= 500 {
		quo++ // half away from zero: magnitudes round up at .5
	}
	return fromMagnitude(quo, neg, k, q)
}

func fromMagnitude(m uint64, neg bool, k Kopecks, q Qty) (Kopecks, error) {
	if neg {
		if m > 1<<63 {
			return 0, mulErr(k, q)
		}
		return Kopecks(-int64(m)), nil // m == 1<<63 wraps to MinInt64, which is exact
	}
	if m > math.MaxInt64 {
		return 0, mulErr(k, q)
	}
	return Kopecks(m), nil
}

func mulErr(k Kopecks, q Qty) error {
	return fmt.Errorf("%d × %d / 1000: %w", int64(k), int64(q), ErrOverflow)
}

// abs64 returns |v| as an unsigned magnitude; |MinInt64| = 1<<63 is exact.
func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v) // -MinInt64 wraps to MinInt64, whose uint64 is 1<<63
	}
	return uint64(v)
}

// MulInt returns k × n exactly (a unit price times a whole count).
//
// It returns an error wrapping [ErrOverflow] if the product does not fit.
func (k Kopecks) MulInt(n int64) (Kopecks, error) {
	neg := (k < 0) != (n < 0)
	hi, lo := bits.Mul64(abs64(int64(k)), abs64(n))
	if hi != 0 {
		return 0, fmt.Errorf("%d × %d: %w", int64(k), n, ErrOverflow)
	}
	if neg {
		if lo > 1<<63 {
			return 0, fmt.Errorf("%d × %d: %w", int64(k), n, ErrOverflow)
		}
		return Kopecks(-int64(lo)), nil
	}
	if lo > math.MaxInt64 {
		return 0, fmt.Errorf("%d × %d: %w", int64(k), n, ErrOverflow)
	}
	return Kopecks(lo), nil
}

// Add returns k + b.
//
// It returns an error wrapping [ErrOverflow] if the sum does not fit.
func (k Kopecks) Add(b Kopecks) (Kopecks, error) {
	s, ok := add(k, b)
	if !ok {
		return 0, fmt.Errorf("%d + %d: %w", int64(k), int64(b), ErrOverflow)
	}
	return s, nil
}

func add(a, b Kopecks) (Kopecks, bool) {
	s := a + b
	// Overflow iff both operands have the same sign and the sum's differs.
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}

// AddQty returns a + b for quantities.
//
// It returns an error wrapping [ErrOverflow] if the sum does not fit.
func (q Qty) AddQty(b Qty) (Qty, error) {
	s, ok := add(Kopecks(q), Kopecks(b))
	if !ok {
		return 0, fmt.Errorf("qty %d + %d: %w", int64(q), int64(b), ErrOverflow)
	}
	return Qty(s), nil
}

// Sum is a sticky checked accumulator, in the manner of apd's Context: once
// an addition overflows, the error is kept and later additions are ignored,
// so pricing loops stay linear and check once at the end. The zero value is
// an empty sum of 0.
type Sum struct {
	total Kopecks
	err   error
}

// Add adds k to the sum.
func (s *Sum) Add(k Kopecks) {
	if s.err != nil {
		return
	}
	t, ok := add(s.total, k)
	if !ok {
		s.err = fmt.Errorf("%d + %d: %w", int64(s.total), int64(k), ErrOverflow)
		return
	}
	s.total = t
}

// AddErr adds k unless err is non-nil, in which case err becomes sticky.
// It lets a caller feed a kernel result straight in: s.AddErr(p.MulQty(q)).
func (s *Sum) AddErr(k Kopecks, err error) {
	if s.err == nil && err != nil {
		s.err = err
		return
	}
	s.Add(k)
}

// Total returns the sum, or the first error (wrapping [ErrOverflow]) met.
func (s *Sum) Total() (Kopecks, error) { return s.total, s.err }
