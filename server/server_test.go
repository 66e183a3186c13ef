package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/server"
	"github.com/rkcart/rkcart/testkit"
)

// fixedNow is the clock of the CLI's golden files.
const fixedNow = "2026-11-23T12:00:00+03:00"

// testdata reads the repository's testdata (the shared test kit).
var testdata = testkit.Testdata

// demoObject is the embedded demo as the CLI loads it.
func demoObject(t *testing.T) server.Object {
	t.Helper()
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	return server.Object{ID: r.ID, Menu: m, Restaurant: &r, Version: document.Version(demo.Menu(), demo.Restaurant())}
}

func newServer(t *testing.T, o server.Options, objs ...server.Object) *server.Server {
	t.Helper()
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := server.New(o)
	require.NoError(t, err)
	if objs != nil {
		require.NoError(t, s.Set(objs))
	}
	return s
}

func do(t *testing.T, h http.Handler, method, target string, body []byte) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readAll(t *testing.T, r *http.Response) []byte {
	t.Helper()
	data, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return data
}

// The result object is the CLI's: every golden price file, byte for byte
// once both are indented alike.
func TestPriceIsTheCLIResult(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	for _, name := range []string{"reference-pickup", "valid-pickup", "valid-delivery", "combo", "invalid-below-min", "invalid-many"} {
		t.Run(name, func(t *testing.T) {
			resp := do(t, s, "POST", "/v1/price?now="+strings.ReplaceAll(fixedNow, "+", "%2B"), testdata(t, "carts", name+".json"))
			require.Equal(t, http.StatusOK, resp.StatusCode)
			var indented bytes.Buffer
			require.NoError(t, json.Indent(&indented, readAll(t, resp), "", "  "))
			assert.Equal(t, string(testdata(t, "golden", "price-"+name+".json")), indented.String())
			assert.Equal(t, document.Version(demo.Menu(), demo.Restaurant()), resp.Header.Get("Rkcart-Menu-Version"))
			assert.Equal(t, "199994335", resp.Header.Get("Rkcart-Object"))
		})
	}
}

func TestPolicyFromQueryAndHeaders(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	cart := testdata(t, "carts", "invalid-many.json")
	messages := func(resp *http.Response) string {
		var r struct{ Violations []struct{ Message string } }
		require.NoError(t, json.Unmarshal(readAll(t, resp), &r))
		require.NotEmpty(t, r.Violations)
		return r.Violations[0].Message
	}
	en := messages(do(t, s, "POST", "/v1/price", cart))
	ru := messages(do(t, s, "POST", "/v1/price?lang=ru", cart))
	assert.NotEqual(t, en, ru)
	req := httptest.NewRequest("POST", "/v1/price", bytes.NewReader(cart))
	req.Header.Set("Rkcart-Lang", "ru")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	assert.Equal(t, ru, messages(rec.Result()), "the header works as the query does")
	req = httptest.NewRequest("POST", "/v1/price?lang=en", bytes.NewReader(cart))
	req.Header.Set("Rkcart-Lang", "ru")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	assert.Equal(t, en, messages(rec.Result()), "the query wins")
	// Over the wire, a header name in any case: net/http canonicalises
	// what it receives, and the server reads the canonical names directly.
	ts := httptest.NewServer(s)
	defer ts.Close()
	wreq, err := http.NewRequest("POST", ts.URL+"/v1/price", bytes.NewReader(cart))
	require.NoError(t, err)
	wreq.Header["rkcart-lang"] = []string{"ru"} // sent as written
	wresp, err := ts.Client().Do(wreq)
	require.NoError(t, err)
	defer wresp.Body.Close()
	assert.Equal(t, ru, messages(wresp), "a lower-case header name works")

	// The pos profile turns rules the POS accepts into warnings: the same
	// cart has fewer errors.
	severities := func(resp *http.Response) (errs int) {
		var r struct{ Violations []struct{ Severity string } }
		require.NoError(t, json.Unmarshal(readAll(t, resp), &r))
		for _, v := range r.Violations {
			if v.Severity == "error" {
				errs++
			}
		}
		return errs
	}
	assert.Less(t, severities(do(t, s, "POST", "/v1/price?profile=pos", cart)), severities(do(t, s, "POST", "/v1/price", cart)))
}

func TestObjectsAreSelectedByID(t *testing.T) {
	a := demoObject(t)
	b := demoObject(t)
	rest := *b.Restaurant
	rest.ID, rest.DeliveryPrice = 42, 99900
	b.ID, b.Restaurant, b.Version = 42, &rest, "other"
	s := newServer(t, server.Options{}, a, b)
	cart := testdata(t, "carts", "valid-delivery.json")
	resp := do(t, s, "POST", "/v1/price", cart)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "two objects: which one?")
	resp = do(t, s, "POST", "/v1/price?object=42", cart)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "other", resp.Header.Get("Rkcart-Menu-Version"))
	var r struct {
		DeliveryPrice int64 `json:"delivery_price"`
	}
	require.NoError(t, json.Unmarshal(readAll(t, resp), &r))
	assert.EqualValues(t, 99900, r.DeliveryPrice, "priced with object 42's restaurant")
	assert.Equal(t, http.StatusNotFound, do(t, s, "POST", "/v1/price?object=7", cart).StatusCode)
	assert.Error(t, s.Set([]server.Object{a, a}), "one id twice")
}

// A reload swaps menus under requests in flight: each finishes on the
// menu it started with, and none fails.
func TestReloadNeverFailsARequest(t *testing.T) {
	obj := demoObject(t)
	cheap := demoObject(t)
	cheap.Version = "cheap"
	s := newServer(t, server.Options{Reload: func(context.Context) ([]server.Object, error) {
		return []server.Object{cheap}, nil
	}}, obj)
	cart := testdata(t, "carts", "combo.json")
	var wg sync.WaitGroup
	// Every request can fail twice (status and version): room for all of
	// them, so that a server that answers everything wrongly fails the
	// test at once instead of blocking its goroutines.
	errs := make(chan string, 2*4*100)
	for range 4 {
		wg.Go(func() {
			for range 100 {
				resp := do(t, s, "POST", "/v1/price", cart)
				if resp.StatusCode != http.StatusOK {
					errs <- resp.Status
				}
				if v := resp.Header.Get("Rkcart-Menu-Version"); v != obj.Version && v != "cheap" {
					errs <- "version " + v
				}
			}
		})
	}
	for range 20 {
		require.NoError(t, s.Reload(context.Background()))
	}
	wg.Wait()
	close(errs)
	n := 0
	for e := range errs {
		if n++; n <= 10 {
			t.Error(e)
		}
	}
	if n > 10 {
		t.Errorf("… %d failures in all", n)
	}
	assert.Equal(t, "cheap", do(t, s, "POST", "/v1/price", cart).Header.Get("Rkcart-Menu-Version"))

	failing := newServer(t, server.Options{Reload: func(context.Context) ([]server.Object, error) {
		return nil, errors.New("disk gone")
	}}, obj)
	require.Error(t, failing.Reload(context.Background()))
	assert.Equal(t, obj.Version, do(t, failing, "POST", "/v1/price", cart).Header.Get("Rkcart-Menu-Version"), "a failed reload keeps the menus")
}

// slowBody holds a request in the handler until release is closed.
type slowBody struct {
	first   bool
	started chan struct{}
	release chan struct{}
}

func (b *slowBody) Read(p []byte) (int, error) {
	if !b.first {
		b.first = true
		close(b.started)
		p[0] = '{'
		return 1, nil
	}
	<-b.release
	return 0, io.EOF
}

// A light request holds its slot only while it is computed: beyond
// MaxInFlight requests in computation, 503 with Retry-After; health and
// metrics are never shed. A body still arriving holds no light slot, but
// a heavy route's slot (MaxHeavy) is taken before its body.
func TestOverloadSheds(t *testing.T) {
	s := newServer(t, server.Options{MaxInFlight: 1, RetryAfter: 2 * time.Second}, demoObject(t))
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	server.SetHold(s, func(*http.Request) {
		once.Do(func() { close(held); <-release })
	})
	done := make(chan *http.Response)
	go func() { done <- do(t, s, "POST", "/v1/price", testdata(t, "carts", "combo.json")) }()
	<-held
	resp := do(t, s, "POST", "/v1/price", testdata(t, "carts", "combo.json"))
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Equal(t, http.StatusOK, do(t, s, "GET", "/healthz", nil).StatusCode, "health is never shed")
	assert.Equal(t, http.StatusOK, do(t, s, "GET", "/metrics", nil).StatusCode, "metrics are never shed")
	close(release)
	assert.Equal(t, http.StatusOK, (<-done).StatusCode, "the held request finishes")
	assert.Equal(t, http.StatusOK, do(t, s, "POST", "/v1/price", testdata(t, "carts", "combo.json")).StatusCode, "capacity is back")

	// A body that has not arrived holds no pricing slot …
	body := &slowBody{started: make(chan struct{}), release: make(chan struct{})}
	go func() {
		req := httptest.NewRequest("POST", "/v1/price", body)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		done <- rec.Result()
	}()
	<-body.started
	assert.Equal(t, http.StatusOK, do(t, s, "POST", "/v1/price", testdata(t, "carts", "combo.json")).StatusCode, "a slow body takes no slot")
	close(body.release)
	assert.Equal(t, http.StatusBadRequest, (<-done).StatusCode, "its body was one brace")

	// … but a heavy route's slot is taken before its body.
	body = &slowBody{started: make(chan struct{}), release: make(chan struct{})}
	go func() {
		req := httptest.NewRequest("POST", "/v1/lint", body)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		done <- rec.Result()
	}()
	<-body.started
	resp = do(t, s, "POST", "/v1/lint", demo.Menu())
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "MaxHeavy is 1")
	assert.Contains(t, string(readAll(t, resp)), "heavy")
	assert.Equal(t, http.StatusOK, do(t, s, "POST", "/v1/price", testdata(t, "carts", "combo.json")).StatusCode, "pricing is not held by lint")
	close(body.release)
	<-done
	assert.Equal(t, http.StatusOK, do(t, s, "POST", "/v1/lint", demo.Menu()).StatusCode)
	metrics := string(readAll(t, do(t, s, "GET", "/metrics", nil)))
	assert.Contains(t, metrics, "rkcart_http_requests_shed_total 2")
}

func TestMetrics(t *testing.T) {
	s := newServer(t, server.Options{Now: func() time.Time { return time.Unix(1000, 0) }},
		func() server.Object { o := demoObject(t); o.LoadedAt = time.Unix(900, 0); return o }())
	do(t, s, "POST", "/v1/price", testdata(t, "carts", "invalid-many.json"))
	do(t, s, "POST", "/v1/price", []byte("{"))
	m := string(readAll(t, do(t, s, "GET", "/metrics", nil)))
	for _, want := range []string{
		`rkcart_http_requests_total{code="200",route="/v1/price"} 1`,
		`rkcart_http_requests_total{code="400",route="/v1/price"} 1`,
		`rkcart_violations_total{code="bad_email",severity="error"} 1`,
		`rkcart_menu_age_seconds{object="199994335",version="` + document.Version(demo.Menu(), demo.Restaurant()) + `"} 100`,
		`rkcart_http_request_duration_seconds_count{route="/v1/price"} 2`,
	} {
		assert.Contains(t, m, want)
	}
}

func TestReadiness(t *testing.T) {
	s := newServer(t, server.Options{Expect: []menu.ID{199994335, 42}})
	assert.Equal(t, http.StatusServiceUnavailable, do(t, s, "GET", "/readyz", nil).StatusCode)
	assert.Equal(t, http.StatusServiceUnavailable, do(t, s, "POST", "/v1/price", []byte("{}")).StatusCode, "no menu yet")
	require.NoError(t, s.Publish(demoObject(t)))
	assert.Equal(t, http.StatusServiceUnavailable, do(t, s, "GET", "/readyz", nil).StatusCode, "42 is still missing")
	o := demoObject(t)
	o.ID = 42
	require.NoError(t, s.Publish(o))
	assert.Equal(t, http.StatusOK, do(t, s, "GET", "/readyz", nil).StatusCode)
	assert.Equal(t, http.StatusOK, do(t, s, "GET", "/healthz", nil).StatusCode)
}

func TestEveryErrorIsAProblem(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	for _, tt := range []struct {
		method, target string
		status         int
	}{
		{"GET", "/v1/price", 405},
		{"DELETE", "/v1/menu", 405},
		{"GET", "/nowhere", 404},
		{"POST", "/v1/payload/xml", 404},
	} {
		resp := do(t, s, tt.method, tt.target, nil)
		assert.Equal(t, tt.status, resp.StatusCode, tt.target)
		assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"), tt.target)
		var p struct {
			Type   string
			Status int
		}
		require.NoError(t, json.Unmarshal(readAll(t, resp), &p))
		assert.Equal(t, tt.status, p.Status)
		assert.True(t, strings.HasPrefix(p.Type, "urn:rkcart:problem:"), p.Type)
	}
	assert.Equal(t, "POST", do(t, s, "GET", "/v1/price", nil).Header.Get("Allow"))
}

func TestVersionIsTheContent(t *testing.T) {
	assert.Equal(t, document.Version([]byte("ab"), []byte("c")), document.Version([]byte("ab"), []byte("c")))
	assert.NotEqual(t, document.Version([]byte("ab"), []byte("c")), document.Version([]byte("a"), []byte("bc")), "moving a byte between documents")
	assert.Len(t, document.Version(demo.Menu()), 16)
}

// The menu view is what a kiosk renders: categories from the menutree,
// dishes with their groups, limits (null when unlimited), defaults and
// prices in kopecks.
func TestMenuView(t *testing.T) {
	o := demoObject(t)
	tree, err := menu.LoadTree(testdata(t, "menus", "menutree-reference.json"), menu.Options{})
	require.NoError(t, err)
	o.Tree = tree
	s := newServer(t, server.Options{}, o)
	resp := do(t, s, "GET", "/v1/menu", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var v struct {
		Object     int64
		Version    string
		Restaurant struct{ ID, MinCheck int64 } `json:"restaurant"`
		Categories []struct {
			Name       string
			Dishes     []int64
			Categories []struct{ Name string }
		}
		Dishes []struct {
			ID     int64
			Price  int64
			Combo  bool
			Groups []struct {
				ID             int64
				Min, Max       *int64
				Default        int64
				ReplaceDefault bool `json:"replace_default"`
				Modifiers      []struct {
					ID     int64
					DishID int64 `json:"dish_id"`
					Price  int64
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(readAll(t, resp), &v))
	assert.EqualValues(t, 199994335, v.Object)
	assert.Equal(t, o.Version, v.Version)
	require.Len(t, v.Categories, 1)
	assert.Equal(t, "Soups", v.Categories[0].Name)
	assert.Equal(t, []int64{1000039, 1000040}, v.Categories[0].Dishes)
	assert.Equal(t, "Cold", v.Categories[0].Categories[0].Name)
	var lunch, pelmeni bool
	for _, d := range v.Dishes {
		switch d.ID {
		case 1000500: // the combo: Soup exactly 1 with a default, Main 1–2
			lunch = true
			assert.True(t, d.Combo)
			assert.EqualValues(t, 25000, d.Price)
			require.GreaterOrEqual(t, len(d.Groups), 2, "its slots, then the common groups")
			soup, main := d.Groups[0], d.Groups[1]
			assert.EqualValues(t, 1, *soup.Min)
			assert.EqualValues(t, 1, *soup.Max)
			assert.EqualValues(t, 1000513, soup.Default)
			assert.True(t, soup.ReplaceDefault)
			assert.EqualValues(t, 2, *main.Max)
			assert.EqualValues(t, 1000016, main.Modifiers[0].DishID, "a slot option names its dish")
		case 1000016: // own group without limits, then the common groups
			pelmeni = true
			require.NotEmpty(t, d.Groups)
			assert.Nil(t, d.Groups[0].Min, "no lower limit is null")
			assert.Nil(t, d.Groups[0].Max)
			assert.EqualValues(t, 500, d.Groups[0].Modifiers[1].Price)
		}
	}
	assert.True(t, lunch && pelmeni, "both dishes listed")
}
