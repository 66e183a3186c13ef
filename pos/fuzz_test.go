package pos_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
)

// FuzzDecodeOrderResponse: POS response decoding never panics and fails
// only with documented errors; a decoded response reconciles against any
// result without panicking, and its items add up to the difference.
func FuzzDecodeOrderResponse(f *testing.F) {
	for _, name := range []string{"savedeliveryorder-reference", "order-reference", "err-envelope"} {
		f.Add(testdata(f, "responses", name+".json"))
	}
	e := demoEngine(f, time.Date(2017, 3, 29, 12, 0, 0, 0, time.UTC))
	priced, err := e.PriceJSON([]byte(referencePickup))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		resp, err := pos.DecodeOrderResponse(data)
		if err != nil {
			if !errors.Is(err, engine.ErrInput) && !errors.Is(err, menu.ErrAPI) {
				t.Fatalf("undocumented error %T: %v", err, err)
			}
			return
		}
		rec := pos.Reconcile(priced, resp)
		var sum money.Kopecks
		for _, it := range rec.Items {
			s, err := sum.Add(it.Amount)
			if err != nil {
				return // saturated amounts: the books close only up to saturation
			}
			sum = s
		}
		if sum != rec.Difference {
			t.Fatalf("items add up to %d, difference %d", sum, rec.Difference)
		}
	})
}

// FuzzPayloadRoundTrip: any cart that prices valid on the demo menu emits
// a savedeliveryorder body that decodes and prices to the same result, and
// emits to the same bytes again.
func FuzzPayloadRoundTrip(f *testing.F) {
	for _, s := range seedCarts(f) {
		f.Add(s)
	}
	e := demoEngine(f, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		c, err := engine.DecodeCart(data, 0)
		if err != nil {
			return
		}
		r := e.Price(c)
		req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{Force: true})
		if err != nil {
			t.Fatalf("forced emission failed: %v", err)
		}
		back, err := engine.DecodeCart(req.Body, 0)
		if err != nil {
			t.Fatalf("emitted body does not decode: %v\n%s", err, req.Body)
		}
		if req.Query != "" {
			back.ObjectID = c.ObjectID
		}
		if !r.Valid {
			return // invalid lines are written as sent; only valid carts must price the same
		}
		r2 := e.Price(back)
		if r2.Total != r.Total || r2.Valid != r.Valid {
			t.Fatalf("round trip: %d/%v → %d/%v %v\n%s", r.Total, r.Valid, r2.Total, r2.Valid, r2.Violations, req.Body)
		}
		again, err := pos.EmitSaveDeliveryOrder(back, r2, pos.EmitOptions{})
		if err != nil || string(again.Body) != string(req.Body) {
			t.Fatalf("second emission differs (%v):\n%s\n%s", err, req.Body, again.Body)
		}
	})
}
