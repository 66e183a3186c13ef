package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// fingerprintCart is a Go-built cart with every level the digest reads,
// including one (items under a modifier under a component) the decoder
// refuses, and lines the pricer skips (a discount, an unknown type, an
// unknown dish).
func fingerprintCart() *engine.Cart {
	deep := []engine.Item{{Type: engine.TypeModifier, ID: 9, Qnt: money.Piece}}
	return &engine.Cart{
		ObjectID: 1, OrderType: engine.Delivery, PayType: 1, DeliveryTime: "2026-06-01T13:00:00", Comment: "c",
		Client:  engine.Client{ID: "7", Phone: "79990001122", Email: "a@b.ru", LastName: "L"},
		Address: engine.Address{ID: "5", Street: "s", House: "1"},
		Lines: []engine.Line{
			// demo dishes, so that the pricer reads the items itself
			{Type: engine.TypeDish, ID: 1000016, Qnt: money.Piece, Items: []engine.Item{{Type: engine.TypeModifier, ID: 1000393, Qnt: money.Piece,
				Items: []engine.Item{{Type: engine.TypeModifier, ID: 3, Qnt: money.Piece}}}}}, // nested under a modifier: refused, still fingerprinted
			{Type: engine.TypeCombo, ID: 1000500, Qnt: money.Piece, Items: []engine.Item{{Type: engine.TypeComponent, ID: 1000016, Qnt: money.Piece,
				Items: []engine.Item{{Type: engine.TypeModifier, ID: 1000393, Qnt: money.Piece, Items: deep}}}}},
			{Type: engine.TypeDiscount, ID: 8, Qnt: money.Piece, Items: []engine.Item{{Type: "x", ID: 1}}},
			{Type: "zz", ID: 8, Qnt: money.Piece, Items: []engine.Item{{Type: engine.TypeModifier, ID: 2}}},
			{Type: engine.TypeDish, ID: 999999, Qnt: money.Piece, Items: []engine.Item{{Type: engine.TypeModifier, ID: 2}}},
		},
	}
}

func TestFingerprintSeesEveryEntry(t *testing.T) {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(m, nil, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := engine.Fingerprint(fingerprintCart())
	r := e.Price(fingerprintCart())
	assert.Equal(t, base, r.Fingerprint(), "the pricer's digest is Fingerprint's")
	var into engine.Result
	e.PriceInto(&into, fingerprintCart())
	assert.Equal(t, base, into.Fingerprint(), "PriceInto")
	e.PriceLinesInto(&into, fingerprintCart().Lines)
	assert.Equal(t, engine.Fingerprint(&engine.Cart{Lines: fingerprintCart().Lines}), into.Fingerprint(), "PriceLinesInto")

	changes := map[string]func(c *engine.Cart){
		"objectid":               func(c *engine.Cart) { c.ObjectID++ },
		"object (the request's)": func(c *engine.Cart) { c.Object = 7 },
		"order_type":             func(c *engine.Cart) { c.OrderType = engine.Pickup },
		"pay_type":               func(c *engine.Cart) { c.PayType++ },
		"delivery_time":          func(c *engine.Cart) { c.DeliveryTime = "2026-06-01T13:00:01" },
		"comment":                func(c *engine.Cart) { c.Comment = "d" },
		"client id":              func(c *engine.Cart) { c.Client.ID = "8" },
		"phone":                  func(c *engine.Cart) { c.Client.Phone = "79990001123" },
		"email":                  func(c *engine.Cart) { c.Client.Email = "a@c.ru" },
		"last name":              func(c *engine.Cart) { c.Client.LastName = "M" },
		"last and first swapped": func(c *engine.Cart) { c.Client.LastName, c.Client.FirstName = "", "L" },
		"address id":             func(c *engine.Cart) { c.Address.ID = "6" },
		"street":                 func(c *engine.Cart) { c.Address.Street = "t" },
		"house":                  func(c *engine.Cart) { c.Address.House = "2" },
		"a line less":            func(c *engine.Cart) { c.Lines = c.Lines[:4] },
		"line qnt":               func(c *engine.Cart) { c.Lines[0].Qnt++ },
		"line type":              func(c *engine.Cart) { c.Lines[0].Type = engine.TypeCombo },
		"modifier id":            func(c *engine.Cart) { c.Lines[0].Items[0].ID++ },
		"modifier qnt":           func(c *engine.Cart) { c.Lines[0].Items[0].Qnt++ },
		"component id":           func(c *engine.Cart) { c.Lines[1].Items[0].ID++ },
		"component mod":          func(c *engine.Cart) { c.Lines[1].Items[0].Items[0].Qnt++ },
		"deepest item":           func(c *engine.Cart) { c.Lines[1].Items[0].Items[0].Items[0].ID++ },
		"under a modifier":       func(c *engine.Cart) { c.Lines[0].Items[0].Items[0].Qnt++ },
		"discount's item":        func(c *engine.Cart) { c.Lines[2].Items[0].Type = "y" },
		"unknown type's":         func(c *engine.Cart) { c.Lines[3].Items[0].ID++ },
		"unknown dish's":         func(c *engine.Cart) { c.Lines[4].Items[0].Qnt++ },
		"swap two lines":         func(c *engine.Cart) { c.Lines[0], c.Lines[4] = c.Lines[4], c.Lines[0] },
		"item moved up": func(c *engine.Cart) {
			c.Lines[0].Items = nil
			c.Lines[1].Items = append(c.Lines[1].Items, engine.Item{Type: engine.TypeModifier, ID: 2, Qnt: money.Piece})
		},
	}
	for name, change := range changes {
		c := fingerprintCart()
		change(c)
		assert.NotEqual(t, base, engine.Fingerprint(c), name)
		r := e.Price(c)
		assert.Equal(t, engine.Fingerprint(c), r.Fingerprint(), name+": the pricer agrees")
	}
	// Fields are weighted by position: two carts that trade equal-length
	// values between fields differ.
	a, b := fingerprintCart(), fingerprintCart()
	a.Address.Street, a.Address.House = "s", "h"
	b.Address.Street, b.Address.House = "h", "s"
	assert.NotEqual(t, engine.Fingerprint(a), engine.Fingerprint(b), "street and house traded")
	a.Address.Street, a.Address.House = "exactly8", "s"
	b.Address.Street, b.Address.House = "exactly8", "t"
	assert.NotEqual(t, engine.Fingerprint(a), engine.Fingerprint(b), "after a value of 8 bytes")
	a, b = fingerprintCart(), fingerprintCart()
	a.Lines[0].Qnt, a.Lines[1].Qnt = 1000, 2000
	b.Lines[0].Qnt, b.Lines[1].Qnt = 2000, 1000
	assert.NotEqual(t, engine.Fingerprint(a), engine.Fingerprint(b), "two lines' quantities traded")
	assert.Zero(t, (&engine.Result{}).Fingerprint(), "a Result no pricing filled")
}

// One Result reused across carts of every shape — more lines than mods,
// then fewer lines with more modifiers and implied defaults (so the
// buffers grow while a cart is priced, after lines were pointed at them)
// — answers what a fresh Result does, every time.
func TestReusedResultAnswersAsFresh(t *testing.T) {
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	many := `{"objectid":199994335,"order_type":0,"pay_type":0,"delivery_time":"2099-01-15T13:00:00","client":{"phone":"79996661010","ln":"T"},"order":[` +
		strings.Repeat(`{"id":1000039,"type":"d","qnt":1000},`, 30) + `{"id":1000040,"type":"d","qnt":1000}]}`
	combos := `{"objectid":199994335,"order_type":0,"pay_type":0,"delivery_time":"2099-01-15T13:00:00","client":{"phone":"79996661010","ln":"T"},"order":[` +
		strings.Repeat(`{"id":1000500,"type":"c","qnt":1000,"items":[{"id":1000016,"type":"cc","qnt":2000,"items":[{"id":1000393,"type":"m","qnt":1000},{"id":1000392,"type":"m"}]}]},`, 5) +
		`{"id":1000016,"type":"d","qnt":1000,"items":[{"id":1000393,"type":"m"},{"id":1000392,"type":"m"},{"id":1000394,"type":"m","qnt":3000}]}]}`
	files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
	require.NoError(t, err)
	bodies := []string{many, combos, many, combos}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		bodies = append(bodies, string(data), combos)
	}
	var reused engine.Result
	for i, b := range bodies {
		c, err := engine.DecodeCart([]byte(b), 0)
		require.NoError(t, err)
		e.PriceInto(&reused, c)
		got, err := reused.MarshalJSON()
		require.NoError(t, err)
		want, err := e.Price(c).MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "cart %d", i)
		assert.Equal(t, engine.Fingerprint(c), reused.Fingerprint(), "cart %d", i)
	}
}
