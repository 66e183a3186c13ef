package engine_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Stock use against an oracle, on carts that use up to 60 stocked dishes
// (past the point where the pricer stops scanning and indexes its uses):
// a dish whose lines together want more than its balance is out_of_stock,
// reported once, at the first line that used it.
func TestStockUseAgainstOracle(t *testing.T) {
	const dishes = 60
	var b strings.Builder
	b.WriteString(`{"data":{"dishes":[`)
	for i := 1; i <= dishes; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"dish %d","price":100,"active":1}`, i, i)
	}
	b.WriteString(`]}}`)
	m, err := menu.Load([]byte(b.String()), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, nil, engine.Options{})
	require.NoError(t, err)

	rng := rand.New(rand.NewPCG(1, 2))
	var r engine.Result // reused: the index is cleared between carts
	for round := range 300 {
		left := map[menu.ID]money.Qty{}
		for id := menu.ID(1); id <= dishes; id++ {
			if rng.IntN(4) > 0 { // a quarter of the dishes are not stocked
				left[id] = money.Qty(rng.IntN(6)) * money.Piece
			}
		}
		e.SetAvailability(&engine.Availability{DishLeft: left, TakenAt: testNow})
		lines := make([]engine.Line, 1+rng.IntN(120))
		used, first := map[menu.ID]money.Qty{}, map[menu.ID]int{}
		for i := range lines {
			id := menu.ID(1 + rng.IntN(dishes))
			lines[i] = engine.Line{Type: engine.TypeDish, ID: id, Qnt: money.Qty(1+rng.IntN(3)) * money.Piece}
			if _, seen := first[id]; !seen {
				first[id] = i
			}
			used[id] += lines[i].Qnt
		}
		var want []string
		for id, q := range used {
			if l, stocked := left[id]; stocked && q > l {
				want = append(want, fmt.Sprintf("out_of_stock /order/%d", first[id]))
			}
		}
		e.PriceLinesInto(&r, lines)
		var got []string
		for _, c := range codes(r) {
			if strings.HasPrefix(c, "out_of_stock") {
				got = append(got, c)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		require.Equal(t, want, got, "round %d: %d lines", round, len(lines))
	}
}
