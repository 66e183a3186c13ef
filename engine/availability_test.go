package engine_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Live availability: stopped dishes and modifiers, balances consumed over
// the whole cart, a stale stop list, all swapped while the engine runs.
func TestAvailability(t *testing.T) {
	e := newEngine(t, engine.Options{MaxAvailabilityAge: 10 * time.Minute})
	cases := []struct {
		name  string
		av    *engine.Availability
		cart  string
		want  []string
		valid bool
	}{
		{"nothing stopped", nil, pickup(`{"id":6,"type":"d","qnt":1000}`), []string{}, true},
		{"a stopped dish", &engine.Availability{StoppedDishes: map[menu.ID]bool{6: true}, TakenAt: testNow},
			pickup(`{"id":6,"type":"d","qnt":1000}`), []string{"stopped /order/0"}, false},
		{"a stopped component", &engine.Availability{StoppedDishes: map[menu.ID]bool{6: true}, TakenAt: testNow},
			pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":2,"type":"cc"},{"id":6,"type":"cc"}]}`), []string{"stopped /order/0/items/1"}, false},
		{"a stopped modifier", &engine.Availability{StoppedModifiers: map[menu.ID]bool{912: true}, TakenAt: testNow},
			pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m"},{"id":912,"type":"m"}]}`), []string{"stopped /order/0/items/1"}, false},
		{"a stopped implied default points at its line", &engine.Availability{StoppedModifiers: map[menu.ID]bool{411: true}, TakenAt: testNow},
			pickup(`{"id":7,"type":"d","qnt":1000}`), []string{"stopped /order/0"}, false},
		{"a dish balance over two lines and a component", &engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 2000}, TakenAt: testNow},
			pickup(`{"id":6,"type":"d","qnt":1000},{"id":4,"type":"c","qnt":1000,"items":[{"id":2,"type":"cc"},{"id":6,"type":"cc"}]}` +
				`,{"id":6,"type":"d","qnt":1000}`), []string{"out_of_stock /order/0"}, false},
		{"a modifier balance: count × line qnt, repeats and lines summed", &engine.Availability{ModifierLeft: map[menu.ID]money.Qty{911: 4000}, TakenAt: testNow},
			pickup(`{"id":1,"type":"d","qnt":2000,"items":[{"id":911,"type":"m","qnt":2000}]},{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m"}]}`),
			[]string{"out_of_stock /order/0/items/0"}, false},
		{"within the balance", &engine.Availability{ModifierLeft: map[menu.ID]money.Qty{911: 5000}, TakenAt: testNow},
			pickup(`{"id":1,"type":"d","qnt":2000,"items":[{"id":911,"type":"m","qnt":2000}]},{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m"}]}`),
			[]string{}, true},
		{"a stale stop list warns", &engine.Availability{TakenAt: testNow.Add(-11 * time.Minute)},
			pickup(`{"id":6,"type":"d","qnt":1000}`), []string{"stale_availability /order"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.SetAvailability(tc.av)
			r, err := e.PriceJSON([]byte(tc.cart))
			require.NoError(t, err)
			assert.Equal(t, tc.want, codes(r))
			assert.Equal(t, tc.valid, r.Valid)
		})
	}
	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 2000}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":3000}`)))
	require.NoError(t, err)
	v := r.Violations[0]
	avail, _ := v.Params.Get("available")
	req, _ := v.Params.Get("requested")
	assert.Equal(t, []any{int64(2000), int64(3000)}, []any{avail, req})
	// A new availability replaces the balances at once.
	e2 := newEngine(t, engine.Options{})
	e2.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 1000}})
	r = e2.Price(mustCart(t, pickup(`{"id":6,"type":"d","qnt":2000}`)))
	assert.Equal(t, []string{"out_of_stock /order/0"}, codes(r))
	e2.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 5000}})
	assert.True(t, e2.Price(mustCart(t, pickup(`{"id":6,"type":"d","qnt":2000}`))).Valid)
	// The engine keeps its own copy.
	av := &engine.Availability{StoppedDishes: map[menu.ID]bool{6: true}}
	e2.SetAvailability(av)
	av.StoppedDishes[6] = false
	assert.True(t, e2.Availability().StoppedDishes[6])
	e2.SetAvailability(nil)
	assert.Nil(t, e2.Availability())
}

func mustCart(t *testing.T, s string) *engine.Cart {
	t.Helper()
	c, err := engine.DecodeCart([]byte(s), 0)
	require.NoError(t, err)
	return c
}
