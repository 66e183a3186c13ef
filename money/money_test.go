package money_test

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/money"
)

func TestZeroValue(t *testing.T) {
	var k money.Kopecks
	var q money.Qty
	got, err := k.MulQty(q)
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(0), got)
	var s money.Sum
	total, err := s.Total()
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(0), total)
	assert.Equal(t, "0.00", k.String())
	assert.Equal(t, "0.000", q.String())
}

func TestMulQty(t *testing.T) {
	tests := []struct {
		name  string
		price money.Kopecks
		qnt   money.Qty
		want  money.Kopecks
	}{
		{"one piece", 5000, 1000, 5000},
		{"three pieces", 1263, 3000, 3789},
		{"half rounds up", 1, 500, 1},
		{"just under half rounds down", 1, 499, 0},
		{"negative half away from zero", -1, 500, -1},
		{"negative under half", -1, 499, 0},
		{"negative qty", 3, -500, -2},
		{"both negative", -3, -500, 2},
		{"fraction", 999, 1500, 1499}, // 1498.5 → 1499
		{"max price one piece", math.MaxInt64, 1000, math.MaxInt64},
		{"min price one piece", math.MinInt64, 1000, math.MinInt64},
		{"large intermediate", math.MaxInt64, 999, 9214148664817921031}, // …817921031.193
		{"zero qty", math.MaxInt64, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.price.MulQty(tt.qnt)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMulQtyOverflow(t *testing.T) {
	tests := []struct {
		name  string
		price money.Kopecks
		qnt   money.Qty
	}{
		{"max × 2 pieces", math.MaxInt64, 2000},
		{"min × 2 pieces", math.MinInt64, 2000},
		{"min × -1 piece", math.MinInt64, -1000},
		{"huge × huge", math.MaxInt64, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.price.MulQty(tt.qnt)
			assert.ErrorIs(t, err, money.ErrOverflow)
		})
	}
}

func TestAddAndSum(t *testing.T) {
	_, err := money.Kopecks(math.MaxInt64).Add(1)
	assert.ErrorIs(t, err, money.ErrOverflow)
	_, err = money.Kopecks(math.MinInt64).Add(-1)
	assert.ErrorIs(t, err, money.ErrOverflow)
	v, err := money.Kopecks(math.MinInt64).Add(math.MaxInt64)
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(-1), v)

	var s money.Sum
	s.Add(math.MaxInt64)
	s.Add(1) // overflows; the error is sticky
	s.Add(-5)
	_, err = s.Total()
	assert.ErrorIs(t, err, money.ErrOverflow)

	var s2 money.Sum
	s2.AddErr(money.Kopecks(1263).MulQty(3000))
	s2.AddErr(money.Kopecks(5000).MulQty(1000))
	total, err := s2.Total()
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(8789), total)
}

func TestMulInt(t *testing.T) {
	v, err := money.Kopecks(-139).MulInt(3)
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(-417), v)
	_, err = money.Kopecks(math.MaxInt64/2 + 1).MulInt(2)
	assert.ErrorIs(t, err, money.ErrOverflow)
	v, err = money.Kopecks(math.MinInt64 / 2).MulInt(2)
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(math.MinInt64), v)
}

func TestString(t *testing.T) {
	assert.Equal(t, "87.89", money.Kopecks(8789).String())
	assert.Equal(t, "-0.05", money.Kopecks(-5).String())
	assert.Equal(t, "-92233720368547758.08", money.Kopecks(math.MinInt64).String())
	assert.Equal(t, "1.500", money.Qty(1500).String())
}

// oracle computes round_half_away_from_zero(p*q/1000) with math/big and
// reports whether it fits an int64.
func oracle(p, q int64) (int64, bool) {
	n := new(big.Int).Mul(big.NewInt(p), big.NewInt(q))
	neg := n.Sign() < 0
	n.Abs(n)
	quo, rem := new(big.Int).QuoRem(n, big.NewInt(1000), new(big.Int))
	if rem.Cmp(big.NewInt(500)) >= 0 {
		quo.Add(quo, big.NewInt(1))
	}
	if neg {
		quo.Neg(quo)
	}
	return quo.Int64(), quo.IsInt64()
}

// int64Gen covers the whole int64 range with weight on the edges, where
// overflow and the sign of MinInt64 live.
func int64Gen() gopter.Gen {
	return gen.Weighted([]gen.WeightedGen{
		{Weight: 4, Gen: gen.Int64()},
		{Weight: 2, Gen: gen.Int64Range(-1_000_000, 1_000_000)},
		{Weight: 1, Gen: gen.OneConstOf(int64(math.MaxInt64), int64(math.MinInt64), int64(math.MinInt64+1),
			int64(math.MaxInt64-499), int64(0), int64(1), int64(-1), int64(500), int64(-500))},
		{Weight: 1, Gen: gen.Int64Range(math.MaxInt64/1000-10, math.MaxInt64/1000+10)},
	})
}

func TestKernelMatchesBigOracle(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 20000
	properties := gopter.NewProperties(params)
	properties.Property("MulQty equals math/big, overflow included", prop.ForAll(
		func(p, q int64) bool {
			got, err := money.Kopecks(p).MulQty(money.Qty(q))
			want, fits := oracle(p, q)
			if !fits {
				return errors.Is(err, money.ErrOverflow)
			}
			return err == nil && int64(got) == want
		},
		int64Gen(), int64Gen(),
	))
	// Every other checked operation has the same kind of oracle: the exact
	// result in math/big, and an error exactly when it does not fit int64.
	fits := func(b *big.Int) bool { return b.IsInt64() }
	properties.Property("MulInt equals math/big, overflow included", prop.ForAll(
		func(p, n int64) bool {
			got, err := money.Kopecks(p).MulInt(n)
			want := new(big.Int).Mul(big.NewInt(p), big.NewInt(n))
			if !fits(want) {
				return errors.Is(err, money.ErrOverflow)
			}
			return err == nil && int64(got) == want.Int64()
		},
		int64Gen(), int64Gen(),
	))
	properties.Property("Add equals math/big, overflow included", prop.ForAll(
		func(a, b int64) bool {
			got, err := money.Kopecks(a).Add(money.Kopecks(b))
			want := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
			if !fits(want) {
				return errors.Is(err, money.ErrOverflow)
			}
			return err == nil && int64(got) == want.Int64()
		},
		int64Gen(), int64Gen(),
	))
	properties.Property("AddQty equals math/big, overflow included", prop.ForAll(
		func(a, b int64) bool {
			got, err := money.Qty(a).AddQty(money.Qty(b))
			want := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
			if !fits(want) {
				return errors.Is(err, money.ErrOverflow)
			}
			return err == nil && int64(got) == want.Int64()
		},
		int64Gen(), int64Gen(),
	))
	properties.Property("Sum equals math/big; sticky once it overflows", prop.ForAll(
		func(xs []int64) bool {
			var s money.Sum
			want := new(big.Int)
			over := false
			for _, x := range xs {
				s.Add(money.Kopecks(x))
				want.Add(want, big.NewInt(x))
				over = over || !fits(want)
			}
			got, err := s.Total()
			if over {
				return errors.Is(err, money.ErrOverflow)
			}
			return err == nil && int64(got) == want.Int64()
		},
		gen.SliceOf(int64Gen()),
	))
	properties.TestingRun(t)
}

// The survivors of the mutation audit, each pinned.
func TestKernelBoundaries(t *testing.T) {
	_, err := money.Kopecks(1 << 62).MulInt(4)
	assert.ErrorIs(t, err, money.ErrOverflow, "2^62 × 4 does not fit")
	_, err = money.Kopecks(math.MinInt64).MulInt(-1)
	assert.ErrorIs(t, err, money.ErrOverflow, "-MinInt64 does not fit")
	got, err := money.Kopecks(math.MinInt64 / 2).MulInt(2)
	assert.NoError(t, err)
	assert.Equal(t, money.Kopecks(math.MinInt64), got)
	got, err = money.Kopecks(-3).MulInt(-3)
	assert.NoError(t, err)
	assert.Equal(t, money.Kopecks(9), got)
	_, err = money.Kopecks(math.MaxInt64).Add(1)
	assert.ErrorIs(t, err, money.ErrOverflow)
	_, err = money.Qty(math.MinInt64).AddQty(-1)
	assert.ErrorIs(t, err, money.ErrOverflow)
	// Half away from zero at exactly a half, both signs.
	for _, c := range []struct{ p, q, want int64 }{{1, 500, 1}, {-1, 500, -1}, {1, 499, 0}, {-1, 499, 0}, {3, 1500, 5}, {-3, 1500, -5}} {
		got, err := money.Kopecks(c.p).MulQty(money.Qty(c.q))
		assert.NoError(t, err)
		assert.Equal(t, money.Kopecks(c.want), got, "%d × %d", c.p, c.q)
	}
}
