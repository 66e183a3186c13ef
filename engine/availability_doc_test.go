package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

func TestDecodeAvailability(t *testing.T) {
	a, err := engine.DecodeAvailability([]byte(`{"taken_at":"2026-06-01T12:00:00+03:00",
		"stopped":{"dishes":[6,"7"],"modifiers":[911]},
		"balances":{"dishes":{"1":3000,"2":0},"modifiers":{"911":"1000"}}}`), 0)
	require.NoError(t, err)
	assert.True(t, a.TakenAt.Equal(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)))
	assert.Equal(t, map[menu.ID]bool{6: true, 7: true}, a.StoppedDishes)
	assert.Equal(t, map[menu.ID]bool{911: true}, a.StoppedModifiers)
	assert.Equal(t, map[menu.ID]money.Qty{1: 3000, 2: 0}, a.DishLeft)
	assert.Equal(t, map[menu.ID]money.Qty{911: 1000}, a.ModifierLeft)

	a, err = engine.DecodeAvailability([]byte(`{"taken_at":"2026-06-01T12:00:00Z"}`), 0)
	require.NoError(t, err, "only taken_at: nothing stopped, no balance")
	assert.Nil(t, a.StoppedDishes)
	assert.Nil(t, a.DishLeft)
}

func TestDecodeAvailabilityRefuses(t *testing.T) {
	const at = `"taken_at":"2026-06-01T12:00:00Z"`
	tests := []struct{ doc, want string }{
		{`{}`, "availability: /taken_at: missing: when the availability was read (RFC 3339)"},
		{`{"taken_at":"yesterday"}`, `availability: /taken_at: want an RFC 3339 time, got "yesterday"`},
		{`{` + at + `,"stoped":{}}`, "availability: /stoped: unknown member: want one of taken_at, stopped, balances"},
		{`{` + at + `,"stopped":{"dish":[1]}}`, "availability: /stopped/dish: unknown member: want one of dishes, modifiers"},
		{`{` + at + `,"stopped":{"dishes":[0]}}`, "availability: /stopped/dishes/0: want a positive id, got 0"},
		{`{` + at + `,"stopped":{"dishes":[5,5]}}`, "availability: /stopped/dishes/1: id 5 is listed twice"},
		{`{` + at + `,"stopped":{"dishes":[1.5]}}`, "/stopped/dishes/0"},
		{`{` + at + `,"balances":{"dishes":{"x":1}}}`, `availability: /balances/dishes/x: want a positive id as the key, got "x"`},
		{`{` + at + `,"balances":{"dishes":{"01":1}}}`, `availability: /balances/dishes/01: want a positive id as the key, got "01"`},
		{`{` + at + `,"balances":{"modifiers":{"9":-1}}}`, "availability: /balances/modifiers/9: a balance is 0 or more thousandths, got -1"},
		{`{` + at + `,"balances":{"dishes":{"1":1,"1":2}}}`, "duplicate member"},
		{`{` + at + `,` + at + `}`, "duplicate member"},
		{`[]`, "availability"},
	}
	for _, tt := range tests {
		_, err := engine.DecodeAvailability([]byte(tt.doc), 0)
		require.Error(t, err, tt.doc)
		var de *document.Error
		require.ErrorAs(t, err, &de, tt.doc)
		assert.Equal(t, document.Availability, de.Kind, tt.doc)
		assert.Contains(t, err.Error(), tt.want, tt.doc)
	}
	_, err := engine.DecodeAvailability([]byte(`{`+at+`,"stopped":{"dishes":[`+strings.Repeat("1,", 20)+`1]}}`), 40)
	require.ErrorIs(t, err, document.ErrTooLarge)
}

// The decoded document drives pricing as SetAvailability's argument does.
func TestDecodedAvailabilityPrices(t *testing.T) {
	e := newEngine(t, engine.Options{})
	a, err := engine.DecodeAvailability([]byte(`{"taken_at":"2026-06-01T11:00:00Z","stopped":{"dishes":[6]},"balances":{"dishes":{"1":1000}}}`), 0)
	require.NoError(t, err)
	e.SetAvailability(a)
	r, err := e.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":1000},{"id":1,"type":"d","qnt":2000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"stopped /order/0", "out_of_stock /order/1"}, codes(r))
}

// WithOptions: the same menu and restaurant, the new options, and the
// availability the engine had.
func TestWithOptionsKeepsAvailability(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{StoppedDishes: map[menu.ID]bool{6: true}, TakenAt: testNow})
	ne, err := e.WithOptions(engine.Options{Lang: engine.Russian, Now: e.Options().Now})
	require.NoError(t, err)
	assert.Same(t, e.Menu(), ne.Menu())
	assert.Equal(t, e.Restaurant(), ne.Restaurant())
	assert.Equal(t, engine.Russian, ne.Options().Lang)
	assert.Equal(t, e.Availability(), ne.Availability())
	r, err := ne.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"stopped /order/0"}, codes(r))
	_, err = e.WithOptions(engine.Options{MaxQty: -1})
	require.Error(t, err)
	_, err = (&engine.Engine{}).WithOptions(engine.Options{})
	require.ErrorIs(t, err, engine.ErrNoMenu)
}
