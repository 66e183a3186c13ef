package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/server"
)

// objectOf builds the demo object from a changed menu document.
func objectOf(t *testing.T, menuDoc []byte) server.Object {
	t.Helper()
	m, err := menu.Load(menuDoc, menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	return server.Object{ID: r.ID, Menu: m, Restaurant: &r, Version: document.Version(menuDoc, demo.Restaurant())}
}

type since struct {
	Valid bool `json:"valid"`
	Since struct {
		Version string `json:"version"`
		Changes []struct {
			Kind       string   `json:"kind"`
			Path       string   `json:"path"`
			Old        *int64   `json:"old"`
			New        *int64   `json:"new"`
			Violations []string `json:"violations"`
		} `json:"changes"`
	} `json:"since"`
}

// A cart priced with ?menu_version= of a replaced menu is told, per line,
// what changed: a price, a dish gone inactive; with the current version,
// nothing; with a version not kept (unknown, or past the grace window),
// 409 naming it.
func TestPriceSinceMenuVersion(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	v1 := objectOf(t, demo.Menu())
	s := newServer(t, server.Options{Now: clock}, v1)
	// Apple juice 80.00 → 85.00; beetroot soup inactive.
	doc := bytes.Replace(demo.Menu(), []byte(`"price": 8000,`), []byte(`"price": 8500,`), 1)
	doc = bytes.Replace(doc, []byte(`"active": 1,
    "id": 1000039,`), []byte(`"active": 0,
    "id": 1000039,`), 1)
	require.NotEqual(t, demo.Menu(), doc)
	v2 := objectOf(t, doc)
	require.NoError(t, s.Set([]server.Object{v2}))

	cart := testdata(t, "carts", "valid-pickup.json")
	resp := do(t, s, "POST", "/v1/price?now=2026-11-23T12:00:00Z&menu_version="+v1.Version, cart)
	body := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Equal(t, v2.Version, resp.Header.Get("Rkcart-Menu-Version"))
	var got since
	require.NoError(t, json.Unmarshal(body, &got), "%s", body)
	assert.Equal(t, v1.Version, got.Since.Version)
	require.Len(t, got.Since.Changes, 2, "%s", body)
	c0, c1 := got.Since.Changes[0], got.Since.Changes[1]
	assert.Equal(t, "now_unavailable", c0.Kind)
	assert.Equal(t, "/order/0", c0.Path)
	assert.Equal(t, []string{"inactive_dish /order/0"}, c0.Violations)
	assert.Equal(t, "price_changed", c1.Kind)
	assert.Equal(t, "/order/1", c1.Path)
	assert.Equal(t, int64(2*8000), *c1.Old, "two juices at 80.00 then (the sugar is free)")
	assert.Equal(t, int64(2*8500), *c1.New, "and at 85.00 now")

	resp = do(t, s, "POST", "/v1/price?now=2026-11-23T12:00:00Z&menu_version="+v2.Version, cart)
	body = readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, json.Unmarshal(body, &got))
	assert.Empty(t, got.Since.Changes, "the current version: nothing changed")
	assert.Contains(t, string(body), `"changes":[]`)

	resp = do(t, s, "POST", "/v1/price?menu_version=nope", cart)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `\"nope\"`)

	mu.Lock()
	now = now.Add(16 * time.Minute)
	mu.Unlock()
	resp = do(t, s, "POST", "/v1/price?menu_version="+v1.Version, cart)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "past the grace window")
}
