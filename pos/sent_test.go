package pos_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/pos"
)

const soup = `{"id":6,"type":"d","qnt":1000}`

func forced(t *testing.T, e *engine.Engine, cart string, d pos.Dialect) (string, error) {
	t.Helper()
	c, err := engine.DecodeCart([]byte(cart), 0)
	require.NoError(t, err)
	req, err := pos.Emit(d, c, e.Price(c), pos.EmitOptions{Force: true})
	return string(req.Body), err
}

// A forced payload writes the header as it was sent: nothing rebuilt from
// decoded values, nothing invented.
func TestForcedHeaderAsSent(t *testing.T) {
	e := newEngine(t, engine.Options{})
	tests := []struct{ name, from, to, want, absent string }{
		{"string order_type", `"order_type":0`, `"order_type":"0"`, `"order_type":"0"`, ""},
		{"bad objectid", `"objectid":777`, `"objectid":"abc"`, `"objectid":"abc"`, ""},
		{"missing objectid", `"objectid":777,`, ``, "", `"objectid"`},
		{"missing pay_type", `"pay_type":0,`, ``, "", `"pay_type"`},
		{"empty comment", `"order_type":0`, `"comment":"","order_type":0`, `"comment":""`, ""},
		{"numeric comment", `"order_type":0`, `"comment":123,"order_type":0`, `"comment":123`, ""},
		{"time not a string", `"delivery_time":"2026-06-01T15:00:00"`, `"delivery_time":20260601`, `"delivery_time":20260601`, ""},
		{"missing time and client", `"delivery_time":"2026-06-01T15:00:00",`, ``, "", `"delivery_time"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cart := strings.Replace(pickup(soup), tt.from, tt.to, 1)
			require.NotEqual(t, pickup(soup), cart, "the case changes the cart")
			body, err := forced(t, e, cart, pos.SaveDeliveryOrder)
			require.NoError(t, err)
			if tt.want != "" {
				assert.Contains(t, body, tt.want)
			}
			if tt.absent != "" {
				assert.NotContains(t, body, tt.absent)
			}
		})
	}
	// Without a client the body has none either (not "client":{}).
	body, err := forced(t, e, `{"objectid":777,"order":[`+soup+`]}`, pos.CalcOrder)
	require.NoError(t, err)
	assert.Equal(t, `{"objectid":777,"order":[{"id":"6","type":"d","qnt":1000,"items":[]}]}`, body)
}

func TestObjectIDIsNeverInvented(t *testing.T) {
	e, err := engine.New(mustMenu(t), nil, engine.Options{Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	c, err := engine.DecodeCart([]byte(strings.Replace(pickup(soup), `"objectid":777,`, ``, 1)), 0)
	require.NoError(t, err)
	r := e.Price(c)
	assert.Equal(t, []string{"bad_objectid /objectid"}, codes(r), "no restaurant: still a violation")
	_, err = pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	assert.ErrorIs(t, err, pos.ErrRefused)
	_, err = pos.EmitPostOrder(c, r, pos.EmitOptions{Force: true})
	require.ErrorIs(t, err, pos.ErrRefused, "postorder/0 is never written")
	assert.ErrorContains(t, err, "positive objectid")
}

// The result must be the cart's: same line heads but different items is
// a mismatch (a server reusing one Result for two carts).
func TestEmitChecksTheResultBelongsToTheCart(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c1, err := engine.DecodeCart([]byte(pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":111,"type":"m"}]}`)), 0)
	require.NoError(t, err)
	c2, err := engine.DecodeCart([]byte(pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m"}]}`)), 0)
	require.NoError(t, err)
	for _, d := range []pos.Dialect{pos.SaveDeliveryOrder, pos.CalcOrder, pos.PostOrder} {
		_, err = pos.Emit(d, c1, e.Price(c2), pos.EmitOptions{})
		assert.ErrorIs(t, err, pos.ErrMismatch, d.String())
		_, err = pos.Emit(d, c1, e.Price(c1), pos.EmitOptions{})
		assert.NoError(t, err, d.String())
	}
	_, err = pos.EmitSaveDeliveryOrder(c1, engine.Result{}, pos.EmitOptions{Force: true})
	assert.ErrorIs(t, err, pos.ErrMismatch, "a Result no pricing filled")
}

// Items under a dish's modifier are a violation; forced, the line goes out
// as sent, so they are not dropped.
func TestNestedItemsAreNotDropped(t *testing.T) {
	e := newEngine(t, engine.Options{})
	line := `{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","items":[{"id":111,"type":"m"}]}]}`
	c, err := engine.DecodeCart([]byte(pickup(line)), 0)
	require.NoError(t, err)
	r := e.Price(c)
	assert.Equal(t, []string{"nested_item /order/0/items/0/items/0"}, codes(r))
	for _, d := range []pos.Dialect{pos.SaveDeliveryOrder, pos.CalcOrder, pos.PostOrder} {
		req, err := pos.Emit(d, c, r, pos.EmitOptions{Force: true})
		require.NoError(t, err)
		assert.Contains(t, string(req.Body), line, d.String())
	}
}

// postorder's limits on their edges: a comment of exactly 255 characters
// and order_number 99999 go out; 256 and 100000 do not.
func TestPostOrderLimits(t *testing.T) {
	e := newEngine(t, engine.Options{})
	emit := func(comment string, number int) error {
		t.Helper()
		c, err := engine.DecodeCart([]byte(strings.Replace(pickup(soup), `"order_type":0`, `"comment":"`+comment+`","order_type":0`, 1)), 0)
		require.NoError(t, err)
		_, err = pos.EmitPostOrder(c, e.Price(c), pos.EmitOptions{OrderNumber: &number})
		return err
	}
	assert.NoError(t, emit(strings.Repeat("я", 255), 99999))
	assert.NoError(t, emit("", 0))
	assert.ErrorIs(t, emit(strings.Repeat("я", 256), 1), pos.ErrRefused)
	assert.ErrorContains(t, emit("ok", 100000), "order_number 100000")
	assert.ErrorContains(t, emit("ok", -1), "order_number -1")
}
