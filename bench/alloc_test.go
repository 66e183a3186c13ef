package bench

import (
	"testing"

	"github.com/rkcart/rkcart/engine"
)

// Allocation budgets: pricing the 10-line cart allocates its result only
// (lines and modifiers), and PriceInto nothing; decoding its 2 KB body
// allocates its copies of the input, the cart, its lines, its item and
// member slabs and the pointer stack (budget 12, the ceiling is
// 30), and PriceJSON that plus the result. A regression fails CI.
// Under the race detector sync.Pool drops items on purpose, so the pooled
// scratch is rebuilt at random and counts are meaningless: the test skips
// there, and .ci/run runs it again without -race.
func TestAllocationBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not stable under -race (sync.Pool drops items); .ci/run checks them without it")
	}
	f := newPriceFixture(t)
	c := f.carts[10]
	price := testing.AllocsPerRun(200, func() { _ = f.eng.Price(c) })
	var r engine.Result
	f.eng.PriceInto(&r, c)
	into := testing.AllocsPerRun(200, func() { f.eng.PriceInto(&r, c) })
	data := cartJSON(t, f, 10)
	decode := testing.AllocsPerRun(200, func() { _, _ = engine.DecodeCart(data, 0) })
	priceJSON := testing.AllocsPerRun(200, func() { _, _ = f.eng.PriceJSON(data) })
	t.Logf("Price %.2f allocs/op, PriceInto %.2f allocs/op, DecodeCart %.2f allocs/op, PriceJSON %.2f allocs/op", price, into, decode, priceJSON)
	if decode > 12 {
		t.Errorf("DecodeCart allocates %.2f times per 10-line cart, budget 12", decode)
	}
	if priceJSON > decode+2 {
		t.Errorf("PriceJSON allocates %.2f times per 10-line cart, budget DecodeCart + 2 = %.2f", priceJSON, decode+2)
	}
	if price != 2 {
		t.Errorf("Price allocates %.2f times per 10-line cart, budget 2", price)
	}
	if into != 0 {
		t.Errorf("PriceInto allocates %.2f times per 10-line cart, budget 0", into)
	}
}
