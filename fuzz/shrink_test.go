package fuzz_test

import (
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// A property that fails must report a shrunk counterexample: here "no cart
// contains Pelmeni" fails, and the reported cart is shrunk to one line.
func TestFailingPropertyShrinks(t *testing.T) {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	params := gopter.DefaultTestParameters()
	params.Rng.Seed(7)
	params.MinSuccessfulTests = 500
	res := prop.ForAll(func(c *engine.Cart) bool {
		for _, l := range c.Lines {
			if l.ID == 1000016 {
				return false
			}
		}
		return true
	}, fuzz.ValidCartGen(m, fuzz.CartParams{Now: now, MaxLines: 6})).Check(params)
	require.False(t, res.Passed(), "the property must fail")
	require.Len(t, res.Args, 1)
	shrunk := res.Args[0].Arg.(*engine.Cart)
	orig := res.Args[0].OrigArg.(*engine.Cart)
	t.Logf("shrunk %d lines to %d in %d steps", len(orig.Lines), len(shrunk.Lines), res.Args[0].Shrinks)
	require.Len(t, shrunk.Lines, 1)
	assert.Equal(t, menu.ID(1000016), shrunk.Lines[0].ID)
	assert.Equal(t, len(orig.Lines)-1, res.Args[0].Shrinks)
}

func TestShrinkersKeepValidity(t *testing.T) {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.New(m, nil, engine.Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	gp := gopter.DefaultGenParameters()
	for range 200 {
		v, ok := fuzz.ValidCartGen(m, fuzz.CartParams{Now: now})(gp).Retrieve()
		require.True(t, ok)
		shrink := fuzz.CartShrinker(v)
		for s, ok := shrink(); ok; s, ok = shrink() {
			c := s.(*engine.Cart)
			assert.Len(t, c.Lines, len(v.(*engine.Cart).Lines)-1)
			assert.True(t, e.Price(c).Valid)
		}
		mv, _ := fuzz.MutationGen(m, fuzz.CartParams{Now: now})(gp).Retrieve()
		mshrink := fuzz.MutationShrinker(mv)
		for s, ok := mshrink(); ok; s, ok = mshrink() {
			mu := s.(fuzz.Mutation)
			r := e.Price(mu.Cart)
			require.Len(t, r.Violations, 1, mu)
			assert.Equal(t, mu.Code, r.Violations[0].Code)
			assert.Equal(t, mu.Path, r.Violations[0].Path)
		}
	}
	_ = money.Piece
}
