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

// Behaviour the mutation run of the pricing found untested (see
// docs/mutation.md); each assertion was checked against its mutant.

// The staleness warning: none when MaxAvailabilityAge is 0, none at
// exactly the maximum age, one a second past it, with the ages in
// seconds.
func TestStaleAvailabilityEdges(t *testing.T) {
	stale := func(max, age time.Duration) engine.Result {
		e := newEngine(t, engine.Options{MaxAvailabilityAge: max})
		e.SetAvailability(&engine.Availability{TakenAt: testNow.Add(-age)})
		r, err := e.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":1000}`)))
		require.NoError(t, err)
		return r
	}
	assert.Empty(t, codes(stale(0, time.Hour)), "0 never warns")
	assert.Empty(t, codes(stale(10*time.Minute, 10*time.Minute)), "exactly the maximum is not stale")
	r := stale(10*time.Minute, 10*time.Minute+time.Second)
	require.Equal(t, []string{"stale_availability /order"}, codes(r))
	age, _ := r.Violations[0].Params.Get("age_seconds")
	maxAge, _ := r.Violations[0].Params.Get("max_seconds")
	assert.Equal(t, []any{int64(601), int64(600)}, []any{age, maxAge})
}

// A line of quantity 0 uses no stock: the out_of_stock of a later line
// points at that line, not at the empty one.
func TestZeroLineUsesNoStock(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 1000}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":0},{"id":6,"type":"d","qnt":2000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"bad_quantity /order/0", "out_of_stock /order/1"}, codes(r))
	// A modifier balance with a line of quantity 0: counted as nothing,
	// and no division by the zero quantity.
	e.SetAvailability(&engine.Availability{ModifierLeft: map[menu.ID]money.Qty{911: 1000}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(pickup(`{"id":1,"type":"d","qnt":0,"items":[{"id":911,"type":"m"}]},{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m"}]}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"bad_quantity /order/0"}, codes(r), "the second line's one piece is within the balance")
}

// A component's modifiers use their balance times the component's count
// and the line's quantity.
func TestComponentModifierBalance(t *testing.T) {
	e := newEngine(t, engine.Options{})
	// Lunch: Burger (slot 201) with modifier 312, component count 1, line
	// qnt 2: 2 pieces of 312; Fries twice in slot 202 with modifier 911
	// (common): 1 × 2 × 2 = 4 pieces.
	cart := pickup(`{"id":4,"type":"c","qnt":2000,"items":[{"id":5,"type":"cc","items":[{"id":312,"type":"m"}]},{"id":6,"type":"cc","qnt":2000,"items":[{"id":911,"type":"m"}]}]}`)
	e.SetAvailability(&engine.Availability{ModifierLeft: map[menu.ID]money.Qty{312: 1000, 911: 4000}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	assert.Equal(t, []string{"out_of_stock /order/0/items/0/items/0"}, codes(r))
	e.SetAvailability(&engine.Availability{ModifierLeft: map[menu.ID]money.Qty{312: 2000, 911: 3999}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	assert.Equal(t, []string{"out_of_stock /order/0/items/1/items/0"}, codes(r), "911: the component's count 2 counts")
	e.SetAvailability(&engine.Availability{ModifierLeft: map[menu.ID]money.Qty{312: 2000, 911: 4000}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	assert.Empty(t, codes(r))
}

// Implied entries have no position in the cart: their Loc names the line
// only, for defaults and for an implied component's own defaults; a
// stopped implied component is reported at its line.
func TestImpliedLocations(t *testing.T) {
	e := newEngine(t, engine.Options{})
	// Lunch with only its Main slot: the Soup slot's default (Burger) is
	// implied, and so is Burger's own default modifier 311.
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.True(t, r.Valid, codes(r))
	var implied *engine.PricedComponent
	for i := range r.Lines[0].Components {
		if c := &r.Lines[0].Components[i]; c.Implied {
			implied = c
		}
	}
	require.NotNil(t, implied)
	assert.EqualValues(t, 5, implied.ID)
	assert.Equal(t, engine.Loc{Line: 0, Item: -1, Sub: -1}, implied.Loc)
	require.Len(t, implied.Modifiers, 1)
	assert.EqualValues(t, 311, implied.Modifiers[0].ID)
	assert.Equal(t, engine.Loc{Line: 0, Item: -1, Sub: -1}, implied.Modifiers[0].Loc, "an implied component's default: no position either")
	// Burger alone: its default 311 implied at the line.
	r, err = e.PriceJSON([]byte(pickup(`{"id":5,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	require.Len(t, r.Lines[0].Modifiers, 1)
	assert.Equal(t, engine.Loc{Line: 0, Item: -1, Sub: -1}, r.Lines[0].Modifiers[0].Loc)

	// Burger stopped: the implied component is reported at the line.
	e.SetAvailability(&engine.Availability{StoppedDishes: map[menu.ID]bool{5: true}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"stopped /order/0"}, codes(r))
	// An implied default out of stock is reported at its line.
	e.SetAvailability(&engine.Availability{ModifierLeft: map[menu.ID]money.Qty{311: 0}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(pickup(`{"id":5,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"out_of_stock /order/0"}, codes(r))
}

// A stopped component flags itself, not its modifiers; a component with
// a violation under it counts as having one.
func TestComponentFlags(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{StoppedDishes: map[menu.ID]bool{5: true}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":311,"type":"m"},{"id":321,"type":"m"}]},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"stopped /order/0/items/0"}, codes(r))
	c := r.Lines[0].Components[0]
	assert.True(t, c.HasViolations)
	for _, m := range c.Modifiers {
		assert.False(t, m.HasViolations, "modifier %d of a stopped component", m.ID)
	}
	e.SetAvailability(nil)
	r, err = e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":311,"type":"zz"}]},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"unknown_line_type /order/0/items/0/items/0"}, codes(r))
	assert.True(t, r.Lines[0].Components[0].HasViolations, "a violation under a component marks it")
	assert.False(t, r.Lines[0].Components[1].HasViolations)
}

// Item 0 is an item like any other: a max_one_dish_exceeded there has its
// limit hint, a stopped modifier there is flagged, a component there out
// of stock is marked, and its own modifiers' group hint is its own.
func TestItemZero(t *testing.T) {
	e := newEngine(t, engine.Options{})
	h := hintOf(t, e, pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":112,"type":"m","qnt":2000}]}`), "max_one_dish_exceeded", "/order/0/items/0")
	require.NotNil(t, h)
	assert.Equal(t, "limit", h.Action)
	assert.EqualValues(t, 1, h.Count)

	e.SetAvailability(&engine.Availability{StoppedModifiers: map[menu.ID]bool{911: true}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m"},{"id":912,"type":"m"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"stopped /order/0/items/0"}, codes(r))
	assert.True(t, r.Lines[0].Modifiers[0].HasViolations)
	assert.False(t, r.Lines[0].Modifiers[1].HasViolations)

	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{5: 0}, TakenAt: testNow})
	r, err = e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc"},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"out_of_stock /order/0/items/0"}, codes(r))
	assert.True(t, r.Lines[0].HasErrors, "out_of_stock is an error under the restaurant profile")
	assert.True(t, r.Lines[0].Components[0].HasViolations)
	assert.False(t, r.Lines[0].Components[1].HasViolations)

	e.SetAvailability(nil)
	h = hintOf(t, e, pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":321,"type":"m","qnt":2000},{"id":322,"type":"m"}]},{"id":6,"type":"cc"}]}`),
		"group_above_max", "/order/0/items/0")
	assert.Equal(t, &engine.Hint{Action: "reduce", Path: "/order/0/items/0", ID: 302, Count: 1, Items: []string{"/order/0/items/0/items/0", "/order/0/items/0/items/1"}}, h,
		"the component's own group, over its own items")
}

// A violation on a component's second modifier marks that one only.
func TestSiblingModifiers(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{StoppedModifiers: map[menu.ID]bool{312: true}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":321,"type":"m"},{"id":312,"type":"m"}]},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"stopped /order/0/items/0/items/1"}, codes(r))
	var by = map[menu.ID]bool{}
	for _, m := range r.Lines[0].Components[0].Modifiers {
		by[m.ID] = m.HasViolations
	}
	assert.Equal(t, map[menu.ID]bool{321: false, 312: true}, by)
}

// Messages quote the item at the position the violation names: a
// component's first modifier, not the component.
func TestMessagesQuoteTheItem(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":"+99999","type":"m"}]},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	require.Equal(t, []string{"unknown_modifier /order/0/items/0/items/0"}, codes(r))
	assert.Contains(t, r.Violations[0].Message, "+99999", "as sent")
	// A cart built in Go has nothing "as sent": the number is quoted.
	c := &engine.Cart{ObjectID: 777, DeliveryTime: "2026-06-01T15:00:00", Client: engine.Client{Phone: "79990001122", LastName: "I"},
		Lines: []engine.Line{{Type: engine.TypeDish, ID: 424242, Qnt: money.Piece}}}
	r = e.Price(c)
	require.Equal(t, []string{"unknown_dish /order/0"}, codes(r))
	assert.Contains(t, r.Violations[0].Message, "424242")
}

// Severities: their names, and which codes the pos profile lowers.
func TestSeverities(t *testing.T) {
	assert.Equal(t, "error", engine.Error.String())
	assert.Equal(t, "warning", engine.Warning.String())
	assert.Equal(t, "pos", engine.ProfilePOS.String())
	assert.Equal(t, "restaurant", engine.ProfileRestaurant.String())
	assert.Equal(t, engine.Warning, engine.ProfilePOS.SeverityOf(engine.CodeMaxOneDishExceeded))
	assert.Equal(t, engine.Error, engine.ProfilePOS.SeverityOf(engine.CodeBadPhone), "only the listed codes are lowered")
	assert.Equal(t, engine.Error, engine.ProfileRestaurant.SeverityOf(engine.CodeMaxOneDishExceeded))
	var zero engine.Engine
	assert.Nil(t, zero.Restaurant(), "a zero Engine has no restaurant")
	e := newEngine(t, engine.Options{})
	require.NotNil(t, e.Restaurant())
	assert.EqualValues(t, 777, e.Restaurant().ID)
	e2, err := engine.New(e.Menu(), nil, engine.Options{})
	require.NoError(t, err)
	assert.Nil(t, e2.Restaurant(), "an engine without one")
}

// A bad item under a component that was refused is not reported: only
// the refusal is; under an accepted component it is.
func TestBadSubUnderRefusedComponent(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":1,"type":"cc","items":[{"id":1,"type":"zz"}]},{"id":5,"type":"cc"},{"id":6,"type":"cc"}]}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"combo_component_not_allowed /order/0/items/0"}, codes(r))
}

// A combo line of quantity 0 uses no stock of its components.
func TestZeroComboUsesNoStock(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 1000}, TakenAt: testNow})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":0,"items":[{"id":5,"type":"cc"},{"id":6,"type":"cc"}]},{"id":6,"type":"d","qnt":2000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"bad_quantity /order/0", "out_of_stock /order/1"}, codes(r))
}

// At the very edge of int64: a modifier count of MaxInt64/1000 pieces is
// still exact (not saturated), and a component count that exactly fits
// the overflow guard still uses stock.
func TestInt64Edges(t *testing.T) {
	e := newEngine(t, engine.Options{})
	const edge = 9223372036854775000 // (MaxInt64/1000) × 1000
	r := e.Price(mustCart(t, pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":912,"type":"m","qnt":9223372036854775000}]}`)))
	require.NotEmpty(t, r.Lines[0].Modifiers)
	assert.EqualValues(t, int64(edge), r.Lines[0].Modifiers[0].Qnt)

	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{6: 1000}, TakenAt: testNow})
	r = e.Price(mustCart(t, pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc"},{"id":6,"type":"cc","qnt":9223372036854775000}]}`)))
	assert.Contains(t, codes(r), "out_of_stock /order/0/items/1")
}
