package pos_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rkcart/rkcart/pos"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/money"
)

var update = flag.Bool("update", false, "rewrite golden files")

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func demoCart(t *testing.T, name string) (*engine.Engine, *engine.Cart, engine.Result) {
	t.Helper()
	e := demoEngine(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	data, err := os.ReadFile(filepath.Join("..", "testdata", "carts", name+".json"))
	require.NoError(t, err)
	c, err := engine.DecodeCart(data, 0)
	require.NoError(t, err)
	return e, c, e.Price(c)
}

func ptr[T any](v T) *T { return &v }

func TestPayloadGolden(t *testing.T) {
	tests := []struct {
		golden, cart string
		emit         func(*engine.Cart, engine.Result) (pos.Request, error)
		url          string
	}{
		{"payload-savedeliveryorder-new-customer.json", "combo", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
		}, "savedeliveryorder"},
		{"payload-savedeliveryorder-existing-customer.json", "existing-customer", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
		}, "savedeliveryorder?objectId=199994335"},
		{"payload-calcorder.json", "valid-delivery", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitCalcOrder(c, r, pos.EmitOptions{})
		}, "CalcOrder"},
		{"payload-postorder.json", "valid-delivery", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitPostOrder(c, r, pos.EmitOptions{PayOnline: ptr(true), OrderNumber: ptr(42)})
		}, "postorder/199994335"},
		{"payload-postorder-pickup.json", "valid-pickup", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitPostOrder(c, r, pos.EmitOptions{})
		}, "postorder/199994335"},
		{"payload-forced-reference.json", "reference-pickup", func(c *engine.Cart, r engine.Result) (pos.Request, error) {
			return pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{Force: true})
		}, "savedeliveryorder"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			_, c, r := demoCart(t, tt.cart)
			req, err := tt.emit(c, r)
			require.NoError(t, err)
			assert.Equal(t, "POST", req.Method)
			assert.Equal(t, tt.url, req.URL())
			again, err := tt.emit(c, r)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(req.Body, again.Body), "byte-stable")
			goldenFile(t, tt.golden, append(req.Body, '\n'))
		})
	}
}

func TestPayloadNormalises(t *testing.T) {
	_, c, r := demoCart(t, "combo")
	req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	body := string(req.Body)
	// The second lunch's empty soup slot: its default component is written out.
	assert.Contains(t, body, `{"id":"1000039","type":"cc","qnt":1000,"items":[]}`)
	assert.Contains(t, body, `"version_app":"0.4.7"`) // unknown top-level field kept

	// Repeated modifiers merged, implied defaults written, dc items kept.
	e := newEngine(t, engine.Options{})
	c2, err := engine.DecodeCart([]byte(pickup(`{"id":"7","type":"d","qnt":1000,"items":[{"id":412,"type":"m"},{"id":"412","type":"m","qnt":2000},{"id":"100143","type":"dc","crm":true}]},{"id":"101706","type":"dc","crm":true}`)), 0)
	require.NoError(t, err)
	r2 := e.Price(c2)
	require.True(t, r2.Valid)
	req, err = pos.EmitSaveDeliveryOrder(c2, r2, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Contains(t, string(req.Body), `"order":[{"id":"7","type":"d","qnt":1000,"items":[{"id":"412","type":"m","qnt":3000,"items":[]},{"id":"411","type":"m","qnt":1000,"items":[]},{"id":"100143","type":"dc","crm":true}]},{"id":"101706","type":"dc","crm":true}]`)
}

// Members of lines and items that the normalised form does not model are
// carried through: nothing the caller sent is lost.
func TestPayloadKeepsUnknownMembers(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c, err := engine.DecodeCart([]byte(pickup(`{"id":7,"type":"d","qnt":1000,"comment":"no ice","items":[{"id":412,"type":"m","note":"x"},{"id":412,"type":"m","note":"y"}]},
{"id":4,"type":"c","qnt":1000,"tag":1,"items":[{"id":6,"type":"cc","label":"side","items":[{"id":911,"type":"m","qnt":1000,"hot":true}]}]}`)), 0)
	require.NoError(t, err)
	r := e.Price(c)
	require.True(t, r.Valid, codes(r))
	req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	// Two occurrences whose "note" differs are not merged: each goes out as sent.
	assert.Contains(t, string(req.Body), `{"id":"7","type":"d","qnt":1000,"items":[{"id":"412","type":"m","qnt":1000,"items":[],"note":"x"},{"id":"412","type":"m","qnt":1000,"items":[],"note":"y"},{"id":"411","type":"m","qnt":1000,"items":[]}],"comment":"no ice"}`)
	assert.Contains(t, string(req.Body), `{"id":"6","type":"cc","qnt":1000,"items":[{"id":"911","type":"m","qnt":1000,"items":[],"hot":true}],"label":"side"}`)
	assert.Contains(t, string(req.Body), `],"tag":1}`)
	back, err := engine.DecodeCart(req.Body, 0)
	require.NoError(t, err)
	again, err := pos.EmitSaveDeliveryOrder(back, e.Price(back), pos.EmitOptions{})
	require.NoError(t, err)
	assert.Equal(t, string(req.Body), string(again.Body), "emission is idempotent")
}

// Merged repeats keep every occurrence's unknown members; occurrences that
// disagree on a member are written one by one.
func TestPayloadMergesRepeatsWithoutLoss(t *testing.T) {
	e := newEngine(t, engine.Options{})
	emit := func(items string) string {
		t.Helper()
		c, err := engine.DecodeCart([]byte(pickup(`{"id":2,"type":"d","qnt":1000,"items":[`+items+`]}`)), 0)
		require.NoError(t, err)
		r := e.Price(c)
		require.True(t, r.Valid, codes(r))
		req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
		require.NoError(t, err)
		var body struct {
			Order []struct{ Items []json.RawMessage }
		}
		require.NoError(t, json.Unmarshal(req.Body, &body))
		var out []string
		for _, it := range body.Order[0].Items {
			out = append(out, string(it))
		}
		return strings.Join(out, ",")
	}
	assert.Equal(t, `{"id":"111","type":"m","qnt":3000,"items":[],"x_item":"first","x_only2":2,"x_only3":[3]}`,
		emit(`{"id":111,"type":"m","x_item":"first"},{"id":111,"type":"m","x_only2":2,"x_item":"first"},{"id":111,"type":"m","x_only3":[3]}`),
		"the union of every occurrence's members, in first-seen order")
	assert.Equal(t, `{"id":"111","type":"m","qnt":1000,"items":[],"x_item":"first"},{"id":"111","type":"m","qnt":2000,"items":[],"x_item":"second","x_only2":2}`,
		emit(`{"id":111,"type":"m","x_item":"first"},{"id":111,"type":"m","qnt":2000,"x_item":"second","x_only2":2}`),
		"a member with two values: not merged")
	assert.Equal(t, `{"id":"111","type":"m","qnt":2000,"items":[],"x":{"a":1}}`,
		emit(`{"id":111,"type":"m","x":{"a":1}},{"id":111,"type":"m","x":{ "a" : 1 }}`), "values equal as JSON are one value")
}

func TestPayloadRefusals(t *testing.T) {
	_, c, r := demoCart(t, "reference-pickup")
	_, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	require.ErrorIs(t, err, pos.ErrRefused)
	var re *pos.RefusedError
	require.True(t, errors.As(err, &re))
	assert.True(t, re.Violations.Has(engine.CodeMaxOneDishExceeded, "/order/0/items/0"))

	_, other, otherResult := demoCart(t, "combo")
	_, err = pos.EmitCalcOrder(c, otherResult, pos.EmitOptions{Force: true})
	assert.ErrorIs(t, err, pos.ErrMismatch)
	_ = other

	e, c, r := demoCart(t, "valid-pickup")
	long := *c
	long.Comment = strings.Repeat("я", pos.MaxPostOrderComment+1)
	_, err = pos.EmitPostOrder(&long, r, pos.EmitOptions{})
	assert.ErrorIs(t, err, pos.ErrMismatch, "the cart changed after it was priced")
	_, err = pos.EmitPostOrder(&long, e.Price(&long), pos.EmitOptions{})
	assert.ErrorIs(t, err, pos.ErrRefused, "a comment over 255 characters")
	_, err = pos.EmitPostOrder(c, r, pos.EmitOptions{OrderNumber: ptr(100000)})
	assert.Error(t, err)
	_, err = pos.Emit(pos.Dialect(9), c, r, pos.EmitOptions{})
	assert.Error(t, err)
}

func TestPostOrderCarriesCartChoices(t *testing.T) {
	_, c, r := demoCart(t, "existing-customer") // has "pay_online_type": "" as sent
	req, err := pos.EmitPostOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Contains(t, string(req.Body), `"order_type":1`) // pickup is 1 at the endpoint
	assert.Contains(t, string(req.Body), `"pay_online_type":""`)
	assert.Equal(t, 1, strings.Count(string(req.Body), "pay_online_type"))
	req, err = pos.EmitPostOrder(c, r, pos.EmitOptions{PayOnline: ptr(true)})
	require.NoError(t, err)
	assert.Contains(t, string(req.Body), `"pay_online_type":1`)
	assert.Equal(t, 1, strings.Count(string(req.Body), "pay_online_type"))
}

func TestDialects(t *testing.T) {
	for _, s := range []string{"savedeliveryorder", "CalcOrder", "POSTORDER"} {
		d, err := pos.ParseDialect(s)
		require.NoError(t, err)
		assert.True(t, strings.EqualFold(s, d.String()))
	}
	_, err := pos.ParseDialect("soap")
	assert.Error(t, err)
}

// TestPayloadRoundTrip: decoding an emitted body and pricing it gives the
// same result (an existing customer's objectid travels in the query).
func TestPayloadRoundTrip(t *testing.T) {
	for _, name := range []string{"combo", "valid-pickup", "valid-delivery", "existing-customer"} {
		t.Run(name, func(t *testing.T) {
			e, c, r := demoCart(t, name)
			req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
			require.NoError(t, err)
			back, err := engine.DecodeCart(req.Body, 0)
			require.NoError(t, err)
			if req.Query != "" {
				back.ObjectID = c.ObjectID
			}
			r2 := e.Price(back)
			assertSamePricing(t, r, r2)
		})
	}
}

func assertSamePricing(t *testing.T, a, b engine.Result) {
	t.Helper()
	assert.Equal(t, a.Valid, b.Valid)
	assert.Equal(t, a.Subtotal, b.Subtotal)
	assert.Equal(t, a.Total, b.Total)
	require.Equal(t, len(a.Lines), len(b.Lines))
	for i := range a.Lines {
		assert.Equal(t, a.Lines[i].Amount, b.Lines[i].Amount, "line %d", i)
	}
	assert.Equal(t, codes(a), codes(b))
}

func TestEmitGoBuiltCart(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c := &engine.Cart{ObjectID: 777, DeliveryTime: "2026-06-01T15:00:00", OrderType: engine.Delivery, PayType: 1,
		Client:  engine.Client{Phone: "79990001122", LastName: "Ivanov \"Jr\"\n"},
		Address: engine.Address{Street: "Lizyukova", House: "20"},
		Lines: []engine.Line{{Type: engine.TypeDish, ID: 6, Qnt: money.Piece, Items: []engine.Item{{Type: engine.TypeDiscount, ID: 100143}}},
			{Type: engine.TypeDiscount, ID: 101706}}}
	r := e.Price(c)
	require.True(t, r.Valid, codes(r))
	req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Equal(t, `{"objectid":777,"delivery_time":"2026-06-01T15:00:00","order_type":1,"pay_type":1,"client":{"phone":"79990001122","ln":"Ivanov \"Jr\"\n"},"address":{"street":"Lizyukova","house":"20"},"order":[{"id":"6","type":"d","qnt":1000,"items":[{"id":"100143","type":"dc"}]},{"id":"101706","type":"dc"}]}`, string(req.Body))
}

func TestEmitPayment(t *testing.T) {
	req, err := pos.EmitPayment(pos.Payment{ObjectID: 199990001, VisitID: 411765152,
		Payments: []pos.PaymentLine{{CurrencyID: 1000379, ExtPayID: "ASSIST", Amount: 62718, Promised: true}}})
	require.NoError(t, err)
	assert.Equal(t, "payment", req.URL())
	assert.Equal(t, `{"object_id":199990001,"visit_id":411765152,"payments":[{"currency_id":1000379,"extpay_id":"ASSIST","amount":62718,"promised":true}]}`, string(req.Body))
	for _, bad := range []pos.Payment{{VisitID: 1, Payments: []pos.PaymentLine{{Amount: 1}}}, {ObjectID: 1, VisitID: 1},
		{ObjectID: 1, VisitID: 1, Payments: []pos.PaymentLine{{Amount: 0}}}} {
		_, err := pos.EmitPayment(bad)
		assert.Error(t, err)
	}
}

// The reference's "existing customer" order has no objectid in its body:
// its object is in the URL. Priced with the request's object it is
// valid, and its payload names the object in the query and keeps the body
// as sent; without any object it is bad_objectid and refused.
func TestObjectFromTheRequest(t *testing.T) {
	e, c, _ := demoCart(t, "reference-existing-customer")
	c.Object = 199994335
	r := e.Price(c)
	require.True(t, r.Valid, "%v", r.Violations)
	for _, d := range []pos.Dialect{pos.SaveDeliveryOrder, pos.CalcOrder} {
		req, err := pos.Emit(d, c, r, pos.EmitOptions{})
		require.NoError(t, err)
		assert.Equal(t, "objectId=199994335", req.Query, d)
		assert.NotContains(t, string(req.Body), "objectid", "%v: nothing invented in the body", d)
	}
	req, err := pos.EmitPostOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Equal(t, "postorder/199994335", req.Path)

	c.Object = 0
	r = e.Price(c)
	require.False(t, r.Valid)
	assert.Equal(t, engine.CodeBadObjectID, r.Violations[0].Code)
	_, err = pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	assert.ErrorIs(t, err, pos.ErrRefused)
}
