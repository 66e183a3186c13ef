package pos_test

import (
	"github.com/rkcart/rkcart/pos"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/money"
)

// The WebDelivery reference pair: the first savedeliveryorder example and
// its response reconcile as 8789 minus a 439 discount.
func TestReconcileReference(t *testing.T) {
	e := demoEngine(t, time.Date(2017, 3, 29, 12, 0, 0, 0, time.UTC))
	r, err := e.PriceJSON([]byte(referencePickup))
	require.NoError(t, err)
	resp, err := pos.DecodeOrderResponse(response(t, "savedeliveryorder-reference"))
	require.NoError(t, err)
	rec := pos.Reconcile(r, resp)
	assert.Equal(t, money.Kopecks(8789), rec.Expected)
	assert.Equal(t, money.Kopecks(8350), rec.Actual)
	assert.Equal(t, money.Kopecks(-439), rec.Difference)
	require.Len(t, rec.Items, 1)
	assert.Equal(t, pos.ReconDiscount, rec.Items[0].Code)
	assert.Equal(t, money.Kopecks(-439), rec.Items[0].Amount)
	assert.True(t, rec.Balanced)
}

type reconItem struct {
	code   string
	path   string
	amount money.Kopecks
}

func items(rec pos.Reconciliation) []reconItem {
	out := []reconItem{}
	for _, it := range rec.Items {
		out = append(out, reconItem{it.Code, it.Path, it.Amount})
	}
	return out
}

func TestReconcileCodes(t *testing.T) {
	e := newEngine(t, engine.Options{})
	// Pelmeni ×2 with 114 (+300) ×2; Cola with lemon and implied ice (+5); Soup.
	r, err := e.PriceJSON([]byte(pickup(`{"id":2,"type":"d","qnt":2000,"items":[{"id":114,"type":"m","qnt":2000}]},{"id":7,"type":"d","qnt":1000,"items":[{"id":412,"type":"m"}]},{"id":1,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	require.True(t, r.Valid)
	require.Equal(t, money.Kopecks(2*(5000+600)+8025+5000), r.Subtotal)

	pelmeni := pos.ResponseDish{ID: 2, Price: 5000, Quantity: 2000, Modi: []pos.ResponseModi{{ID: 114, Price: 300, Quantity: 4000}}}
	cola := pos.ResponseDish{ID: 7, Price: 8000, Quantity: 1000, Modi: []pos.ResponseModi{{ID: 412, Price: 20, Quantity: 1000}, {ID: 411, Price: 5, Quantity: 1000}}}
	soup := pos.ResponseDish{ID: 1, Price: 5000, Quantity: 1000}
	exact := []pos.ResponseDish{pelmeni, cola, soup}
	sum := func(ds []pos.ResponseDish, extra money.Kopecks) pos.OrderResponse {
		var total money.Kopecks
		for _, d := range ds {
			a, _ := d.Price.MulQty(d.Quantity)
			total += a
			for _, m := range d.Modi {
				a, _ := m.Price.MulQty(m.Quantity)
				total += a
			}
		}
		return pos.OrderResponse{OrderSum: total + extra, Dishes: ds}
	}
	changed := func(f func(ds []pos.ResponseDish) []pos.ResponseDish) []pos.ResponseDish {
		ds := []pos.ResponseDish{pelmeni, cola, soup}
		for i := range ds {
			ds[i].Modi = append([]pos.ResponseModi(nil), ds[i].Modi...)
		}
		return f(ds)
	}
	tests := []struct {
		name     string
		resp     pos.OrderResponse
		want     []reconItem
		balanced bool
	}{
		{"identical", sum(exact, 0), []reconItem{}, true},
		{"discount", func() pos.OrderResponse { o := sum(exact, -500); o.DiscountSum = -500; return o }(),
			[]reconItem{{"discount", "", -500}}, true},
		{"dish price changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[0].Price = 5100; return ds }), 0),
			[]reconItem{{"price_changed", "/order/0", 200}}, true},
		{"modifier price changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[0].Modi[0].Price = 250; return ds }), 0),
			[]reconItem{{"price_changed", "/order/0/items/0", -200}}, true},
		{"quantity changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish {
			ds[2].Quantity = 3000
			return ds
		}), 0), []reconItem{{"quantity_changed", "/order/2", 10000}}, true},
		{"missing line", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { return ds[:2] }), 0),
			[]reconItem{{"missing_line", "/order/2", -5000}}, true},
		{"extra line", sum(append(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { return ds }), pos.ResponseDish{ID: 6, Price: 10000, Quantity: 1000}), 0),
			[]reconItem{{"extra_line", "", 10000}}, true},
		{"implied default dropped", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[1].Modi = ds[1].Modi[:1]; return ds }), 0),
			[]reconItem{{"implied_default_dropped", "/order/1", -5}}, true},
		{"rounding: a kopeck per priced entity at most", sum(exact, 6), []reconItem{{"rounding", "", 6}}, true},
		{"unexplained: more than that", sum(exact, 7), []reconItem{{"unexplained", "", 7}}, false},
		{"unexplained service charge", sum(exact, 1234), []reconItem{{"unexplained", "", 1234}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := pos.Reconcile(r, tt.resp)
			assert.Equal(t, tt.want, items(rec))
			assert.Equal(t, tt.balanced, rec.Balanced)
			var s money.Kopecks
			for _, it := range rec.Items {
				s += it.Amount
			}
			assert.Equal(t, rec.Difference, s, "items add up to the difference")
		})
	}
}

func TestReconcileRounding(t *testing.T) {
	// Tea at 999 × 1.5 is 1498.5: rkcart rounds half away from zero (1499);
	// a POS that rounds half to even stores 1498. That kopeck is rounding.
	e := newEngine(t, engine.Options{Fractional: true})
	r, err := e.PriceJSON([]byte(pickup(`{"id":9,"type":"d","qnt":1500,"items":[{"id":521,"type":"m"}]}`)))
	require.NoError(t, err)
	require.Equal(t, money.Kopecks(1499), r.Subtotal)
	resp := pos.OrderResponse{OrderSum: 1498, Dishes: []pos.ResponseDish{{ID: 9, Price: 999, Quantity: 1500,
		Modi: []pos.ResponseModi{{ID: 521, Price: 0, Quantity: 1500}, {ID: 511, Price: 0, Quantity: 1500}}}}}
	rec := pos.Reconcile(r, resp)
	assert.Equal(t, []reconItem{{"rounding", "", -1}}, items(rec))
	assert.True(t, rec.Balanced)
}
