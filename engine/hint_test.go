package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// hintOf prices cart and returns the hint of the violation code at path.
func hintOf(t *testing.T, e *engine.Engine, cart, code, path string) *engine.Hint {
	t.Helper()
	r, err := e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	for _, v := range r.Violations {
		if v.Code == code && v.Path == path {
			return v.Hint
		}
	}
	t.Fatalf("no %s at %s in %v", code, path, codes(r))
	return nil
}

// Group hints name exactly what to remove or add: the items in the group
// over its maximum; for a minimum, the group, how many, every active
// option (a combo slot's by dish id) and which to add, in menu order and
// within each option's maxOneDish.
func TestGroupHints(t *testing.T) {
	e := newEngine(t, engine.Options{})
	// Burger: group 302 takes at most 2; 321 twice and 322 once is one too many.
	h := hintOf(t, e, pickup(`{"id":5,"type":"d","qnt":1000,"items":[{"id":321,"type":"m","qnt":2000},{"id":322,"type":"m","qnt":1000}]}`),
		"group_above_max", "/order/0")
	assert.Equal(t, &engine.Hint{Action: "reduce", Path: "/order/0", ID: 302, Count: 1, Items: []string{"/order/0/items/0", "/order/0/items/1"}}, h)
	// Tea: group 502 needs one and has no default.
	h = hintOf(t, e, pickup(`{"id":9,"type":"d","qnt":1000}`), "group_below_min", "/order/0")
	assert.Equal(t, &engine.Hint{Action: "add", Path: "/order/0", ID: 502, Count: 1, Type: "m", Options: []menu.ID{521, 522}, Add: []menu.ID{521}}, h)
	// Lunch: its Main slot needs a dish; options and additions are dish ids, as components.
	h = hintOf(t, e, pickup(`{"id":4,"type":"c","qnt":1000}`), "group_below_min", "/order/0")
	assert.Equal(t, &engine.Hint{Action: "add", Path: "/order/0", ID: 202, Count: 1, Type: "cc", Options: []menu.ID{6, 7}, Add: []menu.ID{6}}, h)
}

// A group that needs three: additions fill each option up to its
// maxOneDish in menu order (what is already chosen counts), skip the
// inactive ones, and a group that cannot reach its minimum gets no hint.
func TestGroupHintsWithinMaxOneDish(t *testing.T) {
	const menuJSON = `{"dishes":[
	 {"id":1,"price":1000,"modischeme":10,"active":1,"name":"Plate"},
	 {"id":2,"price":1000,"modischeme":11,"active":1,"name":"Narrow"}],
	 "modifiers":[
	 {"id":10,"active":1,"group":[{"id":20,"active":1,"useDownLimit":1,"downLimit":3,"useUpLimit":0,"upLimit":0,"defaultModifier":0,"modi":[
	   {"id":31,"active":1,"maxOneDish":1,"price":0},{"id":32,"active":0,"maxOneDish":1,"price":0},{"id":33,"active":1,"maxOneDish":0,"price":0}]}]},
	 {"id":11,"active":1,"group":[{"id":21,"active":1,"useDownLimit":1,"downLimit":3,"useUpLimit":0,"upLimit":0,"defaultModifier":0,"modi":[
	   {"id":41,"active":1,"maxOneDish":1,"price":0},{"id":42,"active":1,"maxOneDish":1,"price":0}]}]}],
	 "commonModifiers":[]}`
	m, err := menu.Load([]byte(menuJSON), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant([]byte(rulesRestaurant), menu.RestaurantOptions{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Now: func() time.Time { return testNow }})
	require.NoError(t, err)

	h := hintOf(t, e, pickup(`{"id":1,"type":"d","qnt":1000}`), "group_below_min", "/order/0")
	assert.Equal(t, []menu.ID{31, 33, 33}, h.Add, "31 once (its maxOneDish), 32 inactive, 33 the rest")
	assert.Equal(t, []menu.ID{31, 33}, h.Options)
	assert.EqualValues(t, 3, h.Count)
	h = hintOf(t, e, pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":31,"type":"m","qnt":1000}]}`), "group_below_min", "/order/0")
	assert.Equal(t, []menu.ID{33, 33}, h.Add, "31 is already at its maxOneDish")
	assert.EqualValues(t, 2, h.Count)
	// Narrow: two options of at most one each can never make three.
	assert.Nil(t, hintOf(t, e, pickup(`{"id":2,"type":"d","qnt":1000}`), "group_below_min", "/order/0"))
}

// The time hint is the first whole minute from now that the rules accept:
// for a delivery, inside the delivery period (minutes and hours both
// count); for a pickup, the next minute.
func TestTimeHints(t *testing.T) {
	now := time.Date(2026, 6, 1, 8, 0, 30, 0, time.UTC)
	r, err := menu.LoadRestaurant([]byte(`{"id":777,"delivery_period":{"begin":"10:30","end":"11:45"}}`), menu.RestaurantOptions{})
	require.NoError(t, err)
	m, err := menu.Load([]byte(rulesMenu), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Location: time.UTC, Now: func() time.Time { return now }})
	require.NoError(t, err)
	line := `{"id":6,"type":"d","qnt":1000}`
	h := hintOf(t, e, delivery("2026-06-01T07:00:00", line), "delivery_time_in_past", "/delivery_time")
	assert.Equal(t, &engine.Hint{Action: "set_delivery_time", Path: "/delivery_time", DeliveryTime: "2026-06-01T10:30:00"}, h)
	h = hintOf(t, e, delivery("2026-06-01T12:00:00", line), "outside_delivery_period", "/delivery_time")
	assert.Equal(t, "2026-06-01T10:30:00", h.DeliveryTime, "today's window is still ahead")
	h = hintOf(t, e, strings.Replace(pickup(line), "2026-06-01T15:00:00", "2026-06-01T07:00:00", 1), "delivery_time_in_past", "/delivery_time")
	assert.Equal(t, "2026-06-01T08:01:00", h.DeliveryTime, "a pickup: the next whole minute")
}

// Over a maximum, the hint lists the items in the group whatever type
// they were sent as (cc or d in a combo), and not an item whose quantity
// counts nothing.
func TestGroupHintItems(t *testing.T) {
	e := newEngine(t, engine.Options{})
	for _, typ := range []string{"cc", "d"} {
		h := hintOf(t, e, pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"`+typ+`","qnt":2000},{"id":7,"type":"`+typ+`","qnt":1000}]}`),
			"group_above_max", "/order/0")
		assert.Equal(t, []string{"/order/0/items/0", "/order/0/items/1"}, h.Items, typ)
		assert.EqualValues(t, 1, h.Count, typ)
	}
	h := hintOf(t, e, pickup(`{"id":5,"type":"d","qnt":1000,"items":[{"id":321,"type":"m","qnt":2000},{"id":322,"type":"m","qnt":1000},{"id":321,"type":"m","qnt":0}]}`),
		"group_above_max", "/order/0")
	assert.Equal(t, []string{"/order/0/items/0", "/order/0/items/1"}, h.Items, "the item of qnt 0 is not among those to reduce")
}
