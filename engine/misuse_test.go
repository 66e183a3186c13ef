package engine_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// Misuse is answered, never a panic: each case below is a documented
// behaviour.
func TestZeroEngine(t *testing.T) {
	var e engine.Engine
	// The zero Engine uses the system clock: a delivery time far ahead.
	cart := strings.Replace(pickup(`{"id":1000039,"type":"d","qnt":1000}`), "2026-06-01", "2099-06-01", 1)
	r, err := e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	assert.False(t, r.Valid)
	assert.Equal(t, []string{"unknown_dish /order/0"}, codes(r))
	var into engine.Result
	e.PriceInto(&into, &engine.Cart{})
	assert.Equal(t, []string{"missing_last_name /client/ln", "missing_phone /client/phone", "bad_delivery_time /delivery_time", "bad_objectid /objectid", "empty_order /order"}, codes(into))
	assert.Equal(t, 0, e.Menu().Stats().Dishes)

	// A zero Engine takes a menu with Reload and prices against it.
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	require.NoError(t, e.Reload(m, nil))
	r = e.Price(&engine.Cart{Lines: []engine.Line{{Type: engine.TypeDish, ID: 1000039, Qnt: 1000}}})
	assert.NotContains(t, codes(r), "unknown_dish /order/0")
	assert.Equal(t, int64(5000), int64(r.Subtotal))
}

func TestPriceIntoNilDoesNothing(t *testing.T) {
	e := newEngine(t, engine.Options{})
	assert.NotPanics(t, func() { e.PriceInto(nil, &engine.Cart{}) })
}

func TestNilMenu(t *testing.T) {
	_, err := engine.New(nil, nil, engine.Options{})
	assert.ErrorIs(t, err, engine.ErrNoMenu)
	e := newEngine(t, engine.Options{})
	assert.ErrorIs(t, e.Reload(nil, nil), engine.ErrNoMenu)

	var m *menu.Menu
	_, ok := m.Dish(1)
	assert.False(t, ok)
	_, ok = m.Resolve(menu.Dish{}, 1)
	assert.False(t, ok)
	_, ok = m.ResolveComponent(menu.Dish{}, 1)
	assert.False(t, ok)
	_, ok = m.Scheme(1)
	assert.False(t, ok)
	assert.Empty(t, m.Dishes())
	assert.Zero(t, m.Groups(menu.Dish{}).Len())
	assert.Empty(t, m.ComboGroups(menu.Dish{}))
	assert.Zero(t, m.RuleGroups(menu.Dish{}).Len())
	assert.Empty(t, m.ComboRuleGroups(menu.Dish{}))
	assert.False(t, m.KnownModifier(1))
	assert.Equal(t, menu.Stats{}, m.Stats())
	assert.Empty(t, menu.Lint(m))
	assert.Equal(t, "/dishes/0", m.DishPointer(menu.Dish{}))
}
