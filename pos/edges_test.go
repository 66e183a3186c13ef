package pos_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
)

// Edges the mutation run of package pos left alive, one test each.

// The body estimate is an upper bound of the body (no growth while
// writing) and not far above it, on carts each dominated by one of the
// dimensions the estimate counts, so that a wrong term in any of them
// shows.
func TestBodySizeBoundsTheBody(t *testing.T) {
	e := newEngine(t, engine.Options{})
	big := strings.Repeat("x", 100_000)
	var many, mods, extras []string
	for i := range 400 {
		many = append(many, `{"id":2,"type":"d","qnt":1000,"items":[{"id":111,"type":"m"},{"id":114,"type":"m"},{"id":112,"type":"m"},{"id":111,"type":"m"},{"id":114,"type":"m"}]}`)
		extras = append(extras, fmt.Sprintf(`"m%04d":"1234567890"`, i))
	}
	mods = many
	withHeader := func(members string) string {
		return strings.Replace(pickup(`{"id":1,"type":"d","qnt":1000}`), `"client":{`, members+`,"client":{`, 1)
	}
	for name, doc := range map[string]string{
		"one line":     pickup(`{"id":1,"type":"d","qnt":1000}`),
		"client":       strings.Replace(pickup(`{"id":1,"type":"d","qnt":1000}`), `"client":{`, `"client":{"fn":"`+big+`",`, 1),
		"address":      withHeader(`"address":{"street":"` + big + `"}`),
		"comment":      withHeader(`"comment":"` + big + `"`),
		"extra member": withHeader(`"x":"` + big + `"`),
		"many extras":  withHeader(strings.Join(extras, ",")),
		"line raw":     pickup(`{"id":1,"type":"d","qnt":1000,"note":"` + big + `"}`),
		"modifiers":    pickup(strings.Join(mods, ",")),
		"components":   pickup(strings.Repeat(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc","qnt":2000}]},`, 300) + `{"id":1,"type":"d","qnt":1000}`),
	} {
		c, err := engine.DecodeCart([]byte(doc), 0)
		require.NoError(t, err, name)
		r := e.Price(c)
		req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{Force: true})
		require.NoError(t, err, name)
		est := pos.BodySize(c, r)
		assert.GreaterOrEqual(t, est, len(req.Body), "%s: the estimate holds the body", name)
		assert.LessOrEqual(t, est, 4*len(req.Body)+1024, "%s: and is not far above it", name)
	}
}

// union never writes into its first argument, even with room to spare.
func TestUnionLeavesItsArgumentAlone(t *testing.T) {
	a := make([]engine.Field, 1, 4)
	a[0] = engine.Field{Name: "a", Value: json.RawMessage(`1`)}
	out, conflict := pos.Union(a, []engine.Field{{Name: "b", Value: json.RawMessage(`2`)}, {Name: "c", Value: json.RawMessage(`3`)}})
	require.False(t, conflict)
	assert.Len(t, out, 3)
	assert.Equal(t, engine.Field{}, a[:2][1], "a's spare capacity is untouched")
	_, conflict = pos.Union(a, []engine.Field{{Name: "a", Value: json.RawMessage(`2`)}})
	assert.True(t, conflict)
}

// Strings and member names that need escaping are escaped; plain ones
// are written as they are: the body is JSON and says what was sent.
func TestEscapingInBodies(t *testing.T) {
	e := newEngine(t, engine.Options{})
	for _, s := range []string{"plain", "a\"quote", "back\\slash", "tab\there", "\x1f", " space", "\x7f", "é", "日本",
		"\"", "\\", "\x01", "\u2028", "\"\"", "é\u2029"} { // strings of special characters alone, too
		key, _ := json.Marshal(s) // a member of that very name: keys go through the writer's escaping
		val, _ := json.Marshal(s)
		doc := strings.Replace(pickup(`{"id":1,"type":"d","qnt":1000}`), `"client":{`, `"comment":`+string(val)+`,`+string(key)+`:1,"client":{`, 1)
		c, err := engine.DecodeCart([]byte(doc), 0)
		require.NoError(t, err, "%q", s)
		req, err := pos.EmitSaveDeliveryOrder(c, e.Price(c), pos.EmitOptions{})
		require.NoError(t, err)
		var body map[string]any
		require.NoError(t, json.Unmarshal(req.Body, &body), "%q: %s", s, req.Body)
		assert.Equal(t, s, body["comment"], "%q", s)
		assert.Contains(t, body, s)
	}
}

// postorder's pay_online_type and order_number: the options win over
// members of the cart of those names; without options the cart's stand.
func TestPostOrderOptionsAndExtras(t *testing.T) {
	e := newEngine(t, engine.Options{})
	doc := strings.Replace(pickup(`{"id":1,"type":"d","qnt":1000}`), `"client":{`, `"pay_online_type":7,"order_number":9,"client":{`, 1)
	c, err := engine.DecodeCart([]byte(doc), 0)
	require.NoError(t, err)
	r := e.Price(c)
	body := func(o pos.EmitOptions) map[string]any {
		req, err := pos.EmitPostOrder(c, r, o)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(req.Body, &m), "%s", req.Body) // one member of each name
		assert.Equal(t, 1, bytes.Count(req.Body, []byte(`"pay_online_type"`)), "%s", req.Body)
		assert.Equal(t, 1, bytes.Count(req.Body, []byte(`"order_number"`)), "%s", req.Body)
		return m
	}
	yes, n := true, 42
	got := body(pos.EmitOptions{})
	assert.EqualValues(t, 7, got["pay_online_type"], "the cart's own, as sent")
	other, err := engine.DecodeCart([]byte(strings.Replace(pickup(`{"id":1,"type":"d","qnt":1000}`), `"client":{`, `"x_other":1,"client":{`, 1)), 0)
	require.NoError(t, err)
	req, err := pos.EmitPostOrder(other, e.Price(other), pos.EmitOptions{})
	require.NoError(t, err)
	assert.Contains(t, string(req.Body), `"pay_online_type":0`, "another member of the cart does not stop the default")
	assert.EqualValues(t, 9, got["order_number"])
	got = body(pos.EmitOptions{PayOnline: &yes, OrderNumber: &n})
	assert.EqualValues(t, 1, got["pay_online_type"], "the option wins")
	assert.EqualValues(t, 42, got["order_number"])
}

// A payment needs a positive object and visit.
func TestPaymentNeedsItsOrder(t *testing.T) {
	line := []pos.PaymentLine{{CurrencyID: 1, Amount: 100}}
	for _, p := range []pos.Payment{{ObjectID: 0, VisitID: 1, Payments: line}, {ObjectID: 1, VisitID: 0, Payments: line}} {
		_, err := pos.EmitPayment(p)
		assert.Error(t, err, "%+v", p)
	}
	_, err := pos.EmitPayment(pos.Payment{ObjectID: 1, VisitID: 1, Payments: line})
	assert.NoError(t, err)
}

// Agrees is true for match and discounted only.
func TestAgrees(t *testing.T) {
	for v, want := range map[string]bool{pos.VerdictMatch: true, pos.VerdictDiscounted: true, pos.VerdictDiffers: false, pos.VerdictUnexplained: false} {
		assert.Equal(t, want, pos.Reconciliation{Verdict: v}.Agrees(), v)
	}
}

// Reconciliation details: a missing or extra line of a free dish is still
// listed; the POS's rounding below the cart by as many kopecks as priced
// entities is rounding, one more is unexplained, and Unexplained is their
// sum with its sign; the discount message says how much less.
func TestReconcileEdges(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":2,"type":"d","qnt":2000,"items":[{"id":114,"type":"m","qnt":2000}]},{"id":7,"type":"d","qnt":1000,"items":[{"id":412,"type":"m"}]},{"id":1,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	pelmeni := pos.ResponseDish{ID: 2, Price: 5000, Quantity: 2000, Modi: []pos.ResponseModi{{ID: 114, Price: 300, Quantity: 4000}}}
	cola := pos.ResponseDish{ID: 7, Price: 8000, Quantity: 1000, Modi: []pos.ResponseModi{{ID: 412, Price: 20, Quantity: 1000}, {ID: 411, Price: 5, Quantity: 1000}}}
	soup := pos.ResponseDish{ID: 1, Price: 5000, Quantity: 1000}
	ds := []pos.ResponseDish{pelmeni, cola, soup}
	total := r.Subtotal
	for extra, want := range map[money.Kopecks]string{-6: pos.ReconRounding, -7: pos.ReconUnexplained, 6: pos.ReconRounding} {
		rec := pos.Reconcile(r, pos.OrderResponse{OrderSum: total + extra, Dishes: ds})
		require.Len(t, rec.Items, 1, "%d", extra)
		assert.Equal(t, want, rec.Items[0].Code, "%d", extra)
		if want == pos.ReconUnexplained {
			assert.Equal(t, extra, rec.Unexplained)
		} else {
			assert.Zero(t, rec.Unexplained)
		}
	}
	free := pos.ResponseDish{ID: 6, Price: 0, Quantity: 1000}
	rec := pos.Reconcile(r, pos.OrderResponse{OrderSum: total, Dishes: append(append([]pos.ResponseDish{}, ds...), free)})
	assert.Equal(t, []reconItem{{pos.ReconExtraLine, "", 0}}, items(rec), "a free extra line is listed")

	calc, err := e.PriceJSON([]byte(pickup(`{"id":1,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	rc, err := pos.ReconcileCalcOrder(calc, []pos.CurrencyAmount{{Code: 1, Amount: 4900, Name: "Rubles"}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Contains(t, rc.Items[0].Message, "in Rubles, 1.00 less than the cart")
	// The base currency by code, before any by name: index 0 has code 1.
	rc, err = pos.ReconcileCalcOrder(calc, []pos.CurrencyAmount{{Code: 1, Name: "RUB", Amount: 5000}, {Code: 2, Name: "Rubles", Amount: 1}}, pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, pos.VerdictMatch, rc.Verdict)
}

// An answer is priced when it has order_sum or dishes.
func TestPricedAnswers(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"data":{"visit_id":"1","order_sum":"100"},"status":"Ok"}`: true,
		`{"data":{"visit_id":"1","dishes":[]},"status":"Ok"}`:       true,
		`{"data":{"visit_id":"1"},"status":"Ok"}`:                   false,
	} {
		o, err := pos.DecodeOrderResponse([]byte(doc))
		require.NoError(t, err, doc)
		assert.Equal(t, want, o.Priced, doc)
	}
}

// A combo whose component counts 2 with a modifier of its own: the POS
// writes the modifier's quantity as the line's total (2 per combo); the
// fake POS's answer reconciles to match.
func TestComponentModifierCounts(t *testing.T) {
	f, err := fakepos.New(fakepos.Config{Objects: []fakepos.Object{{Menu: testdata(t, "menus", "rules-menu.json"), Restaurant: testdata(t, "menus", "rules-restaurant.json")}},
		Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	cart := pickup(`{"id":4,"type":"c","qnt":2000,"items":[{"id":5,"type":"cc"},{"id":7,"type":"cc","qnt":2000,"items":[{"id":412,"type":"m"}]}]}`)
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(cart))
	require.NoError(t, err)
	require.True(t, r.Valid, "%v", r.Violations)
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/savedeliveryorder", strings.NewReader(cart)))
	o, err := pos.DecodeOrderResponse(rec.Body.Bytes())
	require.NoError(t, err, rec.Body.String())
	got := pos.Reconcile(r, o)
	assert.Equal(t, pos.VerdictMatch, got.Verdict, "%+v", got.Items)
}

// Emit is the one entry: postorder's options are refused on the other
// dialects, and out of their range on postorder.
func TestEmitRefusesOptionsADialectHasNot(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c, err := engine.DecodeCart([]byte(pickup(`{"id":1,"type":"d","qnt":1000}`)), 0)
	require.NoError(t, err)
	r := e.Price(c)
	yes, n, big := true, 5, 100000
	for _, d := range []pos.Dialect{pos.SaveDeliveryOrder, pos.CalcOrder} {
		for _, o := range []pos.EmitOptions{{PayOnline: &yes}, {OrderNumber: &n}} {
			_, err := pos.Emit(d, c, r, o)
			assert.ErrorIs(t, err, pos.ErrBadOption, "%v %+v", d, o)
		}
		_, err := pos.Emit(d, c, r, pos.EmitOptions{})
		assert.NoError(t, err, d)
	}
	_, err = pos.Emit(pos.PostOrder, c, r, pos.EmitOptions{OrderNumber: &big})
	assert.ErrorIs(t, err, pos.ErrBadOption)
	_, err = pos.Emit(pos.PostOrder, c, r, pos.EmitOptions{OrderNumber: &n, PayOnline: &yes})
	assert.NoError(t, err)
}

// The unknown members of a combo component's modifier (the first item
// under the component, index 0) are kept in the payload.
func TestComponentModifierMembersAreKept(t *testing.T) {
	e := newEngine(t, engine.Options{})
	c, err := engine.DecodeCart([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":312,"type":"m","note":"no onion"}]},{"id":7,"type":"cc","items":[{"id":412,"type":"m","note":"with ice"}]}]}`)), 0)
	require.NoError(t, err)
	r := e.Price(c)
	require.True(t, r.Valid, "%v", r.Violations)
	req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Contains(t, string(req.Body), `"note":"no onion"`)
	assert.Contains(t, string(req.Body), `"note":"with ice"`)
}

// A free modifier the POS left out is a missing line of 0 kopecks, still
// listed; the message of a changed quantity names both quantities.
func TestReconcileFreeAndMessages(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":2,"type":"d","qnt":2000,"items":[{"id":114,"type":"m","qnt":2000},{"id":912,"type":"m"}]}`)))
	require.NoError(t, err)
	require.True(t, r.Valid, "%v", r.Violations)
	d := pos.ResponseDish{ID: 2, Price: 5000, Quantity: 2000, Modi: []pos.ResponseModi{{ID: 114, Price: 300, Quantity: 4000}}}
	rec := pos.Reconcile(r, pos.OrderResponse{OrderSum: r.Subtotal, Dishes: []pos.ResponseDish{d}})
	assert.Equal(t, []reconItem{{pos.ReconMissingLine, "/order/0/items/1", 0}}, items(rec))
	d.Modi[0].Quantity = 2000
	rec = pos.Reconcile(r, pos.OrderResponse{OrderSum: r.Subtotal - 600, Dishes: []pos.ResponseDish{d}})
	require.NotEmpty(t, rec.Items)
	assert.Contains(t, rec.Items[0].Message, "quantity 2000 at the POS, 4000 in the cart")
}
