package fakepos_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/pos"
)

// saveOne places the valid pickup cart and returns the order.
func saveOne(t *testing.T, f *fakepos.Fake, url string) fakepos.Order {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/savedeliveryorder", "application/json", strings.NewReader(string(testdata(t, "carts", "valid-pickup.json"))))
	require.NoError(t, err)
	resp.Body.Close()
	orders := f.Snapshot().Orders
	require.NotEmpty(t, orders)
	return orders[len(orders)-1]
}

// payment posts a payment body and returns the envelope.
func payment(t *testing.T, url, body string) map[string]any {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/payment", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var env map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	return env
}

// Payments: a sum past int64 is refused, not wrapped into a negative
// prepay; a retry of one extpay_id is applied once; the same id with
// another amount is a conflict; a payment of exactly the remaining sum is
// taken.
func TestPayments(t *testing.T) {
	f, srv, c := start(t, fakepos.Config{Now: newClock().Now})
	o := saveOne(t, f, srv.URL)
	body := func(lines string) string {
		return fmt.Sprintf(`{"object_id":%d,"visit_id":%d,"payments":[%s]}`, o.ObjectID, o.VisitID, lines)
	}
	max := fmt.Sprint(int64(math.MaxInt64))
	env := payment(t, srv.URL, body(`{"currency_id":1,"extpay_id":"a","amount":`+max+`},{"currency_id":1,"extpay_id":"b","amount":`+max+`}`))
	assert.Equal(t, "Err", env["status"], "two payments of 2^63-1")
	got := f.Snapshot().Orders[0]
	assert.Zero(t, got.Paid)
	assert.Equal(t, o.OrderSum, got.Unpaid())

	ctx := context.Background()
	third := o.OrderSum / 3
	p := pos.Payment{ObjectID: o.ObjectID, VisitID: o.VisitID, Payments: []pos.PaymentLine{{CurrencyID: 1, ExtPayID: "tx-1", Amount: third}}}
	require.NoError(t, c.Payment(ctx, p))
	require.NoError(t, c.Payment(ctx, p), "a retry of tx-1 is answered")
	got = f.Snapshot().Orders[0]
	assert.Equal(t, third, got.Paid, "and applied once")
	assert.Len(t, got.Payments, 1)

	conflict := p
	conflict.Payments = []pos.PaymentLine{{CurrencyID: 1, ExtPayID: "tx-1", Amount: third + 1}}
	assert.Error(t, c.Payment(ctx, conflict), "tx-1 with another amount")

	rest := pos.Payment{ObjectID: o.ObjectID, VisitID: o.VisitID, Payments: []pos.PaymentLine{{CurrencyID: 1, ExtPayID: "tx-2", Amount: o.OrderSum - third}}}
	require.NoError(t, c.Payment(ctx, rest), "exactly the remaining sum")
	got = f.Snapshot().Orders[0]
	assert.Zero(t, got.Unpaid())
	assert.Equal(t, o.OrderSum, got.Paid)
	require.NoError(t, c.Payment(ctx, rest), "its retry too, with nothing left to pay")
	anon := pos.Payment{ObjectID: o.ObjectID, VisitID: o.VisitID, Payments: []pos.PaymentLine{{CurrencyID: 1, Amount: 1}}}
	assert.Error(t, c.Payment(ctx, anon), "a payment without an id is new: an overpayment now")
}

// Orders are bounded by bytes as well as by count: orders with a 7 MB
// comment do not pile up past MaxBytes, and the heap says so.
// postOrders sends body as savedeliveryorder n times, reading each answer.
func postOrders(t *testing.T, url, body string, n int) {
	t.Helper()
	for range n {
		resp, err := http.Post(url+"/api/v1/savedeliveryorder", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func TestOrdersAreBoundedByBytes(t *testing.T) {
	f, srv, _ := start(t, fakepos.Config{Now: newClock().Now, MaxBytes: 32 << 20})
	cart := string(testdata(t, "carts", "valid-pickup.json"))
	big := strings.Replace(cart, `"Pickup at the counter"`, `"`+strings.Repeat("x", 7<<20)+`"`, 1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	postOrders(t, srv.URL, big, 20)
	runtime.GC()
	runtime.ReadMemStats(&after)
	orders := f.Snapshot().Orders
	assert.Len(t, orders, 4, "4 × 7 MiB fit in 32 MiB")
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("20 orders of a 7 MiB cart: %d kept, heap %+d MiB", len(orders), held>>20)
	assert.Less(t, held, int64(48<<20))

	// The small order of the fakeload benchmark: the estimate per order.
	small, srv2, _ := start(t, fakepos.Config{Now: newClock().Now})
	runtime.GC()
	runtime.ReadMemStats(&before)
	postOrders(t, srv2.URL, cart, 2000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	require.Len(t, small.Snapshot().Orders, 2000)
	t.Logf("heap per order of %d bytes: %d bytes", len(cart), (int64(after.HeapAlloc)-int64(before.HeapAlloc))/2000)
}

// Control input that cannot be honoured is a 400 naming the member.
func TestControlRefusesWhatItCannotHonour(t *testing.T) {
	f, srv, _ := start(t, fakepos.Config{Now: newClock().Now})
	o := saveOne(t, f, srv.URL)
	for body, want := range map[string]string{
		`[{"kind":"5xx","probability":-1}]`:  "probability",
		`[{"kind":"5xx","probability":2}]`:   "probability",
		`[{"kind":"5xx","count":-3}]`:        "count",
		`[{"kind":"5xx","status":200}]`:      "status",
		`[{"kind":"dlw23","status":503}]`:    "status",
		`[{"kind":"5xx","method":"dishez"}]`: "method",
		`[{"kind":"5xx","probabilty":0.5}]`:  "probabilty",
		`[{"kind":"slow","delay":"-1s"}]`:    "delay",
		`[{"kind":"meteor"}]`:                "kind",
	} {
		resp, err := http.Post(srv.URL+"/_fakepos/faults", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
		assert.Contains(t, string(msg), want, body)
	}
	assert.Empty(t, f.Snapshot().Faults, "nothing was set")
	for body, want := range map[string]string{
		`{"object_id":%d,"visit_id":%d,"timeline":[{"after":"-5m","state":1}]}`: "after",
		`{"object_id":%d,"visit_id":%d,"timeline":[{"after":"5m","state":99}]}`: "state",
		`{"object_id":%d,"visit_id":%d,"timeline":[{"afte":"5m","state":1}]}`:   "afte",
		`{"object_id":%d,"visit_id":%d,"stat":1}`:                               "stat",
	} {
		resp, err := http.Post(srv.URL+"/_fakepos/state", "application/json", strings.NewReader(fmt.Sprintf(body, o.ObjectID, o.VisitID)))
		require.NoError(t, err)
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
		assert.Contains(t, string(msg), want, body)
	}
	_, err := fakepos.New(fakepos.Config{MaxOrders: -1})
	assert.Error(t, err)
	_, err = fakepos.New(fakepos.Config{Faults: []fakepos.Fault{{Kind: fakepos.Fault5xx, Probability: 3}}})
	assert.Error(t, err)
}
