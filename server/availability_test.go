package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/server"
)

const stopPelmeni = `{"taken_at":"2026-11-23T12:00:00+03:00","stopped":{"dishes":[1000016]}}`

// PUT /v1/availability: off unless the admin reload is on; then every
// later price sees it — with a request's own policy too, and after the
// object's engine is rebuilt by a reload or a sync.
func TestPutAvailability(t *testing.T) {
	cart := testdata(t, "carts", "combo.json")
	off := newServer(t, server.Options{}, demoObject(t))
	resp := do(t, off, "PUT", "/v1/availability", []byte(stopPelmeni))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), "disabled")

	s := newServer(t, server.Options{AdminReload: true}, demoObject(t))
	priceCodes := func(query string) string {
		resp := do(t, s, "POST", "/v1/price"+query, cart)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		return string(readAll(t, resp))
	}
	require.NotContains(t, priceCodes(""), `"stopped"`)
	resp = do(t, s, "PUT", "/v1/availability?object=199994335", []byte(stopPelmeni))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"status":"set","object":199994335}`, string(readAll(t, resp)))
	assert.Contains(t, priceCodes(""), `"stopped"`)
	assert.Contains(t, priceCodes("?lang=ru"), `"stopped"`, "a request's own policy keeps the availability")

	require.NoError(t, s.Set([]server.Object{demoObject(t)}), "a reload builds a new engine")
	assert.Contains(t, priceCodes(""), `"stopped"`, "the availability outlives the engine")
	require.NoError(t, s.Publish(demoObject(t)), "so does a sync's")
	assert.Contains(t, priceCodes(""), `"stopped"`)

	resp = do(t, s, "PUT", "/v1/availability", []byte(`{"taken_at":"2026-11-23T12:00:00+03:00"}`))
	require.Equal(t, http.StatusOK, resp.StatusCode, "the only object is the default")
	assert.NotContains(t, priceCodes(""), `"stopped"`, "a document with nothing stopped replaces the stop list")
}

func TestPutAvailabilityRefuses(t *testing.T) {
	s := newServer(t, server.Options{AdminReload: true}, demoObject(t))
	resp := do(t, s, "PUT", "/v1/availability", []byte(`{"taken_at":"2026-11-23T12:00:00Z","stoped":{}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	body := string(readAll(t, resp))
	assert.Contains(t, body, `"kind":"availability"`)
	assert.Contains(t, body, `"pointer":"/stoped"`)
	resp = do(t, s, "PUT", "/v1/availability?object=5", []byte(stopPelmeni))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "an unknown object")
	resp = do(t, s, "POST", "/v1/availability", []byte(stopPelmeni))
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	resp = do(t, s, "PUT", "/v1/availability?lang=ru", []byte(stopPelmeni))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a query it does not take")
}

// A large availability document allocates within AvailabilityWork of its
// body (decoding, the stored document, the engine's copy).
func TestPutAvailabilityStaysWithinItsMemoryBound(t *testing.T) {
	s := newServer(t, server.Options{AdminReload: true}, demoObject(t))
	var b strings.Builder
	b.WriteString(`{"taken_at":"2026-11-23T12:00:00Z","stopped":{"dishes":[`)
	for i := range 100000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d", 1000000+i)
	}
	b.WriteString(`]},"balances":{"dishes":{`)
	for i := range 100000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%d":%d`, 2000000+i, i)
	}
	b.WriteString(`}}}`)
	assert.Less(t, allocRatio(t, s, "PUT", "/v1/availability", []byte(b.String())), float64(server.AvailabilityWork))
}

// An envelope {"cart", "availability"} prices with its availability for
// that request only, on price, payload and reconcile; problems point into
// the envelope.
func TestAvailabilityPerRequest(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	cart := string(testdata(t, "carts", "combo.json"))
	env := `{"availability":` + stopPelmeni + `,"cart":` + cart + `}`
	resp := do(t, s, "POST", "/v1/price", []byte(env))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"stopped"`)
	resp = do(t, s, "POST", "/v1/price", []byte(cart))
	assert.NotContains(t, string(readAll(t, resp)), `"stopped"`, "the next request does not see it")
	resp = do(t, s, "POST", "/v1/price", []byte(`{"cart":`+cart+`}`))
	assert.NotContains(t, string(readAll(t, resp)), `"stopped"`, "an envelope without availability")

	resp = do(t, s, "POST", "/v1/payload/calcorder", []byte(env))
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "refused: a stopped dish")
	resp = do(t, s, "POST", "/v1/payload/calcorder", []byte(`{"cart":{"order":[5]}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"pointer":"/cart/order/0"`, "the cart's problems point into the envelope")

	resp = do(t, s, "POST", "/v1/price", []byte(`{"cart":`+cart+`,"availability":{"taken_at":"2026-11-23T12:00:00Z","stoped":{}}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"pointer":"/availability/stoped"`)
	resp = do(t, s, "POST", "/v1/price", []byte(`{"cart":{"order":[5]}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"pointer":"/cart/order/0"`)
	resp = do(t, s, "POST", "/v1/price", []byte(`{"cart":{"order":[{"id":1,"type":"d","qnt":1000,"qnt":1}]}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `/cart/order/0/qnt: duplicate member`)
	resp = do(t, s, "POST", "/v1/price", []byte(`{"availability":`+stopPelmeni+`}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), "an envelope carries its cart")
	resp = do(t, s, "POST", "/v1/price", []byte(`{"cart":`+cart+`,"x":1}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "an envelope is strict")

	rec := `{"cart":` + string(testdata(t, "carts", "reference-pickup.json")) + `,"response":` + string(testdata(t, "responses", "savedeliveryorder-reference.json"))
	resp = do(t, s, "POST", "/v1/reconcile", []byte(rec+`,"availability":{"taken_at":"2026-11-23T12:00:00Z","stoped":{}}}`))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"pointer":"/availability/stoped"`)
	resp = do(t, s, "POST", "/v1/reconcile", []byte(rec+`,"availability":{"taken_at":"2026-11-23T12:00:00Z"}}`))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
