package pos_test

import (
	"testing"
	"time"

	"github.com/rkcart/rkcart/pos"

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
	assert.Equal(t, pos.VerdictDiscounted, rec.Verdict)
	assert.True(t, rec.Agrees())
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
		name    string
		resp    pos.OrderResponse
		want    []reconItem
		verdict string
	}{
		{"identical", sum(exact, 0), []reconItem{}, pos.VerdictMatch},
		{"discount", func() pos.OrderResponse { o := sum(exact, -500); o.DiscountSum = -500; return o }(),
			[]reconItem{{"discount", "", -500}}, pos.VerdictDiscounted},
		{"dish price changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[0].Price = 5100; return ds }), 0),
			[]reconItem{{"price_changed", "/order/0", 200}}, pos.VerdictDiffers},
		{"modifier price changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[0].Modi[0].Price = 250; return ds }), 0),
			[]reconItem{{"price_changed", "/order/0/items/0", -200}}, pos.VerdictDiffers},
		{"quantity changed", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish {
			ds[2].Quantity = 3000
			return ds
		}), 0), []reconItem{{"quantity_changed", "/order/2", 10000}}, pos.VerdictDiffers},
		{"modifier quantity per unit on a line of 2 (the POS writes the line's total)", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish {
			ds[0].Modi[0].Quantity = 2000 // 114 ×2 per Pelmeni × 2 Pelmeni is 4000
			return ds
		}), 0), []reconItem{{"quantity_changed", "/order/0/items/0", -600}}, pos.VerdictDiffers},
		{"missing line", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { return ds[:2] }), 0),
			[]reconItem{{"missing_line", "/order/2", -5000}}, pos.VerdictDiffers},
		{"extra line", sum(append(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { return ds }), pos.ResponseDish{ID: 6, Price: 10000, Quantity: 1000}), 0),
			[]reconItem{{"extra_line", "", 10000}}, pos.VerdictDiffers},
		{"implied default dropped", sum(changed(func(ds []pos.ResponseDish) []pos.ResponseDish { ds[1].Modi = ds[1].Modi[:1]; return ds }), 0),
			[]reconItem{{"implied_default_dropped", "/order/1", -5}}, pos.VerdictDiffers},
		{"rounding: a kopeck per priced entity at most", sum(exact, 6), []reconItem{{"rounding", "", 6}}, pos.VerdictDiffers},
		{"unexplained: more than that", sum(exact, 7), []reconItem{{"unexplained", "", 7}}, pos.VerdictUnexplained},
		{"unexplained service charge", sum(exact, 1234), []reconItem{{"unexplained", "", 1234}}, pos.VerdictUnexplained},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := pos.Reconcile(r, tt.resp)
			assert.Equal(t, tt.want, items(rec))
			assert.Equal(t, tt.verdict, rec.Verdict)
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
	assert.Equal(t, pos.VerdictDiffers, rec.Verdict, "the POS rounded otherwise: a difference with a cause")
}

// Bookkeeping with a combo, a repeated dish, lines that add 0 (an unknown
// dish, a bad quantity: the cart is invalid, as a forced one would be) and
// several differences at once. Every figure below is worked out by hand
// from the rules menu: Lunch 200.00 + Pelmeni slot 10.00 + its modifier 111
// 5.00 + Fries slot 0; Soup 50.00 twice; subtotal 315.00.
func TestReconcileBookkeeping(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":2,"type":"cc","items":[{"id":111,"type":"m"}]},{"id":6,"type":"cc"}]},` +
		`{"id":1,"type":"d","qnt":1000},{"id":1,"type":"d","qnt":1000},{"id":99,"type":"d","qnt":1000},{"id":6,"type":"d","qnt":0}`)))
	require.NoError(t, err)
	require.Equal(t, money.Kopecks(31500), r.Subtotal)
	require.Equal(t, []string{"unknown_dish /order/3", "bad_quantity /order/4"}, codes(r))

	combo := func(slotPrice money.Kopecks) pos.ResponseDish {
		return pos.ResponseDish{ID: 4, Price: 20000, Quantity: 1000, Modi: []pos.ResponseModi{
			{ID: 2, Price: slotPrice, Quantity: 1000}, {ID: 111, Price: 500, Quantity: 1000}, {ID: 6, Price: 0, Quantity: 1000}}}
	}
	soup := func(q money.Qty) pos.ResponseDish { return pos.ResponseDish{ID: 1, Price: 5000, Quantity: q} }
	answer := func(orderSum, discount money.Kopecks, ds ...pos.ResponseDish) pos.OrderResponse {
		return pos.OrderResponse{OrderSum: orderSum, DiscountSum: discount, Dishes: ds, Priced: true}
	}
	tests := []struct {
		name    string
		resp    pos.OrderResponse
		want    []reconItem
		verdict string
	}{
		{"the same order", answer(31500, 0, combo(1000), soup(1000), soup(1000)), []reconItem{}, pos.VerdictMatch},
		{"only a discount", answer(31200, -300, combo(1000), soup(1000), soup(1000)),
			[]reconItem{{"discount", "", -300}}, pos.VerdictDiscounted},
		{"the repeated dish dropped", answer(26500, 0, combo(1000), soup(1000)),
			[]reconItem{{"missing_line", "/order/2", -5000}}, pos.VerdictDiffers},
		{"the POS prices the dish we do not know", answer(32200, 0, combo(1000), soup(1000), soup(1000), pos.ResponseDish{ID: 99, Price: 700, Quantity: 1000}),
			[]reconItem{{"extra_line", "", 700}}, pos.VerdictDiffers},
		{"several differences at once", answer(31300, -300, combo(1100), soup(2000)),
			[]reconItem{{"discount", "", -300}, {"price_changed", "/order/0/items/0", 100}, {"quantity_changed", "/order/1", 5000}, {"missing_line", "/order/2", -5000}},
			pos.VerdictDiffers},
		{"a kopeck per entity is rounding", answer(31506, 0, combo(1000), soup(1000), soup(1000)),
			[]reconItem{{"rounding", "", 6}}, pos.VerdictDiffers},
		{"fifty kopecks without a cause", answer(31550, 0, combo(1000), soup(1000), soup(1000)),
			[]reconItem{{"unexplained", "", 50}}, pos.VerdictUnexplained},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := pos.Reconcile(r, tt.resp)
			assert.Equal(t, tt.want, items(rec))
			assert.Equal(t, tt.verdict, rec.Verdict)
			assert.Equal(t, tt.resp.OrderSum-r.Subtotal, rec.Difference)
			var s money.Kopecks
			for _, it := range rec.Items {
				s += it.Amount
			}
			assert.Equal(t, rec.Difference, s, "items add up to the difference")
		})
	}
}

func TestReconcileCalcOrder(t *testing.T) {
	e := demoEngine(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	r, err := e.PriceJSON(testdata(t, "carts", "calcorder-4x5000.json"))
	require.NoError(t, err)
	pays, err := pos.DecodeCalcOrderResponse(response(t, "calcorder-reference"))
	require.NoError(t, err)
	rec, err := pos.ReconcileCalcOrder(r, pays, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(20000), rec.Expected)
	assert.Equal(t, money.Kopecks(19000), rec.Actual)
	assert.Equal(t, []reconItem{{"discount", "", -1000}}, items(rec), "not a missing line")
	assert.Equal(t, pos.VerdictDiscounted, rec.Verdict)

	rec, err = pos.ReconcileCalcOrder(r, []pos.CurrencyAmount{{Name: "Rubles", Amount: 20000}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, pos.VerdictMatch, rec.Verdict, "found by name when no code is given")
	rec, err = pos.ReconcileCalcOrder(r, []pos.CurrencyAmount{{Code: 1, Amount: 20100}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, pos.VerdictUnexplained, rec.Verdict)
	assert.Equal(t, money.Kopecks(100), rec.Unexplained)
	// A kopeck either way is not a match.
	rec, err = pos.ReconcileCalcOrder(r, []pos.CurrencyAmount{{Code: 1, Amount: 20001}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, pos.VerdictUnexplained, rec.Verdict)
	assert.Equal(t, money.Kopecks(1), rec.Unexplained)
	rec, err = pos.ReconcileCalcOrder(r, []pos.CurrencyAmount{{Code: 1, Amount: 19999}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, pos.VerdictDiscounted, rec.Verdict)
	assert.Equal(t, []reconItem{{"discount", "", -1}}, items(rec))
	_, err = pos.ReconcileCalcOrder(r, pays, pos.CalcOptions{BaseCode: 7})
	assert.ErrorIs(t, err, pos.ErrNoBaseCurrency)
	rec, err = pos.ReconcileCalcOrder(r, pays, pos.CalcOptions{BaseCode: 22})
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(543), rec.Actual, "another base currency compares its own amount")
}
