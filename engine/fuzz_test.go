package engine_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

const maxFuzzInput = 64 << 10

func seedCarts(f *testing.F) [][]byte {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed carts: %v", err)
	}
	var out [][]byte
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return append(out, []byte(referencePickup), []byte(`{"order":[{"id":1,"type":"c","qnt":1000,"items":[{"id":2,"type":"cc","items":[{"id":3,"type":"m","qnt":1500}]}]}]}`))
}

// checkResult holds the invariants every result keeps, whatever the input.
func checkResult(t *testing.T, r engine.Result) {
	t.Helper()
	if r.Valid != (len(r.Violations) == 0) {
		t.Fatalf("valid %v with %d violations", r.Valid, len(r.Violations))
	}
	if sum, err := r.Subtotal.Add(r.DeliveryPrice); err == nil && sum != r.Total && !r.Violations.Has(engine.CodeAmountOverflow, "/order") {
		t.Fatalf("total %d ≠ subtotal %d + delivery %d", r.Total, r.Subtotal, r.DeliveryPrice)
	}
	for i := 1; i < len(r.Violations); i++ {
		a, b := r.Violations[i-1], r.Violations[i]
		if c := wire.ComparePointers(a.Path, b.Path); c > 0 || (c == 0 && a.Code > b.Code) {
			t.Fatalf("violations out of order: %v before %v", a, b)
		}
	}
	for _, v := range r.Violations {
		if v.Code == "" || v.Message == "" || v.Path == "" || v.Path[0] != '/' {
			t.Fatalf("malformed violation %+v", v)
		}
	}
	if _, err := r.MarshalJSON(); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecodeCart: decoding never panics, fails only with *InputError, and
// every decoded cart prices on the demo menu with the result invariants.
func FuzzDecodeCart(f *testing.F) {
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
			var ie *engine.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("undocumented error %T: %v", err, err)
			}
			return
		}
		checkResult(t, e.Price(c))
	})
}

// FuzzPrice prices arbitrary carts on arbitrary menus: no panic, no hang,
// and the result invariants hold.
func FuzzPrice(f *testing.F) {
	carts := seedCarts(f)
	for i, c := range carts {
		f.Add(demo.Menu(), c, int64(i))
	}
	f.Add([]byte(rulesMenu), []byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":7,"type":"cc","qnt":2000,"items":[{"id":412,"type":"m"}]}]},{"id":8,"type":"d","qnt":2000}`)), int64(5000))
	f.Fuzz(func(t *testing.T, menuData, cartData []byte, stockQty int64) {
		if len(menuData) > maxFuzzInput || len(cartData) > maxFuzzInput {
			return
		}
		m, err := menu.Load(menuData, menu.Options{})
		if err != nil {
			return
		}
		opts := engine.Options{Location: time.UTC, Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }}
		if stockQty >= 0 {
			opts.Stock = map[menu.ID]money.Qty{4: money.Qty(stockQty), 1000016: money.Qty(stockQty)}
		}
		r := &menu.Restaurant{ID: 199994335, MinCheck: 100, DeliveryPrice: 50, Period: menu.Period{Begin: 600, End: 120}}
		e, err := engine.New(m, r, opts)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.PriceJSON(cartData)
		if err != nil {
			return
		}
		checkResult(t, res)
		var again engine.Result
		e.PriceInto(&again, mustDecode(t, cartData))
		if again.Total != res.Total || len(again.Violations) != len(res.Violations) {
			t.Fatalf("PriceInto differs from Price: %d/%d vs %d/%d", again.Total, len(again.Violations), res.Total, len(res.Violations))
		}
	})
}

func mustDecode(t *testing.T, data []byte) *engine.Cart {
	c, err := engine.DecodeCart(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzDecodeOrderResponse: POS response decoding never panics and fails
// only with documented errors; a decoded response reconciles against any
// result without panicking, and its items add up to the difference.
func FuzzDecodeOrderResponse(f *testing.F) {
	for _, name := range []string{"savedeliveryorder-reference", "order-reference", "err-envelope"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "responses", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
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
		resp, err := engine.DecodeOrderResponse(data)
		if err != nil {
			if !errors.Is(err, engine.ErrInput) && !errors.Is(err, menu.ErrAPI) {
				t.Fatalf("undocumented error %T: %v", err, err)
			}
			return
		}
		rec := engine.Reconcile(priced, resp)
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
		req, err := engine.EmitSaveDeliveryOrder(c, r, engine.EmitOptions{Force: true})
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
		again, err := engine.EmitSaveDeliveryOrder(back, r2, engine.EmitOptions{})
		if err != nil || string(again.Body) != string(req.Body) {
			t.Fatalf("second emission differs (%v):\n%s\n%s", err, req.Body, again.Body)
		}
	})
}
