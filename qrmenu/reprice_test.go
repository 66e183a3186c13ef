package qrmenu_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/rkcart/rkcart/pos"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/qrmenu"
)

// qrMenu prices the reference events' dishes: 1000041 at 150.00 (or
// another price), 1000062 at 12.00.
func qrEngine(t *testing.T, price int64) *engine.Engine {
	t.Helper()
	m, err := menu.Load([]byte(`{"dishes":[{"id":1000041,"price":`+itoa(price)+`,"active":1},{"id":1000062,"price":1200,"active":1}]}`), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, nil, engine.Options{Location: time.UTC, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	return e
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func TestReprice(t *testing.T) {
	r, err := qrmenu.Decode(events(t, "reference"))
	require.NoError(t, err)
	save := r.Updates[0]

	rep, err := qrmenu.Reprice(qrEngine(t, 15000), save)
	require.NoError(t, err)
	assert.True(t, rep.Result.Valid, rep.Result.Violations)
	assert.Equal(t, money.Kopecks(18600), rep.Result.Subtotal)
	assert.Equal(t, pos.VerdictMatch, rep.Reconciliation.Verdict)
	assert.Empty(t, rep.Reconciliation.Items)

	// The menu now says 140.00: the QR server's 150.00 is a price change of 10.00.
	rep, err = qrmenu.Reprice(qrEngine(t, 14000), save)
	require.NoError(t, err)
	require.Len(t, rep.Reconciliation.Items, 1)
	it := rep.Reconciliation.Items[0]
	assert.Equal(t, pos.ReconPriceChanged, it.Code)
	assert.Equal(t, "/order/0", it.Path)
	assert.Equal(t, money.Kopecks(1000), it.Amount)
	assert.Equal(t, pos.VerdictDiffers, rep.Reconciliation.Verdict)

	_, err = qrmenu.Reprice(qrEngine(t, 15000), r.Updates[1]) // waiter_call
	assert.ErrorIs(t, err, qrmenu.ErrNoOrder)
}

func TestCartOfModifierCounts(t *testing.T) {
	ev := qrmenu.Event{Table: 5, Order: &qrmenu.Order{Dishes: []qrmenu.Dish{{ID: 1, Count: 2000,
		Modifiers: []qrmenu.Dish{{ID: 7, Count: 4000}, {ID: 8, Count: 3000}}}}}}
	c, err := qrmenu.CartOf(ev, 42)
	require.NoError(t, err)
	assert.Equal(t, menu.ID(42), c.ObjectID)
	assert.Equal(t, engine.Client{}, c.Client, "nothing invented")
	assert.Empty(t, c.DeliveryTime, "nothing invented")
	require.Len(t, c.Lines, 1)
	assert.Equal(t, money.Qty(2000), c.Lines[0].Qnt)
	assert.Equal(t, []engine.Item{{Type: "m", ID: 7, Qnt: 2000}, {Type: "m", ID: 8, Qnt: 1500}}, c.Lines[0].Items)
}
