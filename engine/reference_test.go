package engine_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/testkit"
)

// referencePickup is the first savedeliveryorder example of the WebDelivery
// reference, verbatim (the shared test kit reads testdata/carts/reference-pickup.json).
var referencePickup = string(testkit.ReferenceCart())

func demoEngine(t testing.TB, now time.Time) *engine.Engine {
	t.Helper()
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	return e
}

func TestReferenceExample(t *testing.T) {
	e := demoEngine(t, time.Date(2017, 3, 29, 12, 0, 0, 0, time.UTC))
	r, err := e.PriceJSON([]byte(referencePickup))
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(8789), r.Subtotal)
	assert.Equal(t, money.Kopecks(8789), r.Total)
	require.Len(t, r.Violations, 1)
	v := r.Violations[0]
	assert.Equal(t, engine.CodeMaxOneDishExceeded, v.Code)
	assert.Equal(t, "/order/0/items/0", v.Path)
	assert.Equal(t, engine.Params{{"modifier_id", int64(1000388)}, {"max", int64(2)}, {"actual", int64(3)}}, v.Params)
	require.Len(t, r.Lines, 1)
	assert.Equal(t, "Beetroot soup", r.Lines[0].Name)
	assert.Equal(t, money.Kopecks(3789), r.Lines[0].Modifiers[0].Amount)
}

func TestZeroValue(t *testing.T) {
	e := demoEngine(t, time.Now())
	r := e.Price(&engine.Cart{})
	assert.Equal(t, money.Kopecks(0), r.Total)
	assert.False(t, r.Valid)
	assert.True(t, r.Violations.Has(engine.CodeEmptyOrder, "/order"))
	assert.Equal(t, r, e.Price(nil))
}

func TestPriceGoCart(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c := &engine.Cart{ObjectID: 777, DeliveryTime: "2026-06-01T15:00:00",
		Client: engine.Client{Phone: "79990001122", LastName: "Ivanov"},
		Lines: []engine.Line{{Type: engine.TypeDish, ID: 2, Qnt: 2 * money.Piece,
			Items: []engine.Item{{Type: engine.TypeModifier, ID: 114, Qnt: money.Piece}}}}}
	r := e.Price(c)
	assert.True(t, r.Valid, codes(r))
	assert.Equal(t, money.Kopecks(2*5300), r.Total)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"malformed", "{\"order\": [\n  {\"id\": 1,, }]}", "cart: line 2, column 12: invalid character ',' looking for beginning of object key string"},
		{"truncated", `{"order": [`, "cart: line 1, column 12: unexpected end of JSON input"},
		{"not an object", `[1,2]`, "cart: line 1, column 1: want a cart (a JSON object), got array"},
		{"order not an array", `{"order": {"id": 1}}`, "cart: /order: want array, got object (line 1, column 11)"},
		{"line not an object", `{"order": [{"id":1,"type":"d","qnt":1000}, 7]}`, "cart: /order/1: want object, got 7 (line 1, column 44)"},
		{"items not an array", `{"order": [{"id":1,"type":"d","qnt":1000,"items":"x"}]}`, `cart: /order/0/items: want array, got "x" (line 1, column 50)`},
		{"item not an object", `{"order": [{"id":1,"type":"d","qnt":1000,"items":[null]}]}`, "cart: /order/0/items/0: want object, got null (line 1, column 51)"},
		{"client not an object", `{"client": "Ivanov", "order": []}`, `cart: /client: want object, got "Ivanov" (line 1, column 12)`},
		{"client field not a string", `{"client": {"phone": {"x":1}}}`, "cart: /client/phone: want string, got object (line 1, column 22)"},
		{"address not an object", `{"address": [1]}`, "cart: /address: want object, got array (line 1, column 13)"},
	}
	e := newEngine(t, engine.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.PriceJSON([]byte(tt.doc))
			require.ErrorIs(t, err, engine.ErrInput)
			var ie *document.Error
			require.True(t, errors.As(err, &ie))
			assert.EqualError(t, err, tt.want)
		})
	}
	_, err := engine.DecodeCart(make([]byte, 101), 100)
	assert.ErrorIs(t, err, engine.ErrInput)
}

func TestDecodeKeepsExtras(t *testing.T) {
	c, err := engine.DecodeCart([]byte(`{"version_app":"0.4.7","guest_label":1,"order":[{"id":"101706","type":"dc","crm":true}],"pay_online_type":""}`), 0)
	require.NoError(t, err)
	require.Len(t, c.Extra, 3)
	assert.Equal(t, "version_app", c.Extra[0].Name)
	assert.JSONEq(t, `"0.4.7"`, string(c.Extra[0].Value))
	assert.Equal(t, "pay_online_type", c.Extra[2].Name)
	assert.JSONEq(t, `{"id":"101706","type":"dc","crm":true}`, string(c.Lines[0].Raw))
}

func TestNewErrors(t *testing.T) {
	m, err := menu.Load([]byte(rulesMenu), menu.Options{})
	require.NoError(t, err)
	_, err = engine.New(nil, nil, engine.Options{})
	assert.ErrorIs(t, err, engine.ErrNoMenu)
	_, err = engine.New(m, nil, engine.Options{MaxQty: -1})
	assert.Error(t, err)
}

func TestNoRestaurant(t *testing.T) {
	m, err := menu.Load([]byte(rulesMenu), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, nil, engine.Options{Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	// No restaurant: no objectid, window, minimum check or delivery price rules.
	r, err := e.PriceJSON([]byte(delivery("2026-06-01T23:00:00", `{"id":1,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	assert.Equal(t, []string{}, codes(r))
	assert.Equal(t, money.Kopecks(5000), r.Total)
}

// TestReloadWhilePricing swaps menus under concurrent pricing: every result
// must come wholly from one menu (run with -race).
func TestReloadWhilePricing(t *testing.T) {
	e := newEngine(t, engine.Options{})
	cheap, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":100,"active":1}]}`), menu.Options{})
	require.NoError(t, err)
	orig := e.Menu()
	cart, err := engine.DecodeCart([]byte(pickup(`{"id":1,"type":"d","qnt":1000},{"id":1,"type":"d","qnt":2000}`)), 0)
	require.NoError(t, err)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				r := e.Price(cart)
				if r.Total != 15000 && r.Total != 300 {
					t.Errorf("mixed menus: total %d", r.Total)
					return
				}
			}
		})
	}
	for i := range 200 {
		m := orig
		if i%2 == 0 {
			m = cheap
		}
		require.NoError(t, e.Reload(m, nil))
	}
	stop.Store(true)
	wg.Wait()
	assert.ErrorIs(t, e.Reload(nil, nil), engine.ErrNoMenu)
}

func TestLoad(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	rest := []byte(`{"id":199994335,"min_check_amount":300,"delivery_price":300}`)
	e, err := engine.Load(demo.Menu(), rest, engine.Options{Now: now})
	require.NoError(t, err)
	r, err := e.PriceJSON([]byte(`{"objectid":199994335,"delivery_time":"2026-06-01T19:00:00","order_type":1,"pay_type":0,
"client":{"phone":"79990001122","ln":"I"},"address":{"id":"1"},"order":[{"id":1000039,"type":"d","qnt":1000}]}`))
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(30000), r.DeliveryPrice) // roubles ×100
	assert.True(t, r.Violations.Has(engine.CodeBelowMinCheck, "/order"))

	e, err = engine.Load(demo.Menu(), rest, engine.Options{Now: now, RestaurantMinorUnits: true})
	require.NoError(t, err)
	r, err = e.PriceJSON([]byte(`{"objectid":199994335,"delivery_time":"2026-06-01T19:00:00","order_type":1,"pay_type":0,
"client":{"phone":"79990001122","ln":"I"},"address":{"id":"1"},"order":[{"id":1000039,"type":"d","qnt":1000}]}`))
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(300), r.DeliveryPrice)
	assert.True(t, r.Valid, codes(r))

	e, err = engine.Load(demo.Menu(), nil, engine.Options{})
	require.NoError(t, err)
	assert.NotNil(t, e.Menu())
	_, err = engine.Load([]byte(`{`), nil, engine.Options{})
	assert.ErrorIs(t, err, menu.ErrDecode)
	_, err = engine.Load(demo.Menu(), []byte(`{"min_check_amount":"1.005"}`), engine.Options{})
	assert.Error(t, err)
}
