package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/server"
)

// The OpenAPI document is the contract: every endpoint's answers, success
// and error, validate against it (libopenapi-validator: request,
// response status, headers and body against the 3.1 schemas), and every
// path it names is exercised.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc, err := libopenapi.NewDocument(server.OpenAPI())
	require.NoError(t, err)
	v, errs := validator.NewValidator(doc)
	require.Empty(t, errs)
	model, errs2 := doc.BuildV3Model()
	require.NoError(t, errs2)

	obj := demoObject(t)
	s := newServer(t, server.Options{AdminReload: true, Engine: engine.Options{MaxCartBytes: 64 << 10},
		Reload: func(context.Context) ([]server.Object, error) { return []server.Object{obj}, nil }}, obj)
	disabled := newServer(t, server.Options{}, obj)
	empty := newServer(t, server.Options{})

	cart := testdata(t, "carts", "reference-pickup.json")
	reconcile := func(resp string) []byte {
		return []byte(`{"cart":` + string(cart) + `,"response":` + resp + `}`)
	}
	changed := strings.Replace(string(demo.Menu()), `"price": 5000,`, `"price": 5100,`, 1)
	verdicts := verdictRequests(t)
	cases := []struct {
		name     string
		h        http.Handler
		method   string
		target   string
		body     []byte
		status   int
		badInput bool // the request itself breaks the contract (validate the answer only)
	}{
		{"price valid", s, "POST", "/v1/price", testdata(t, "carts", "combo.json"), 200, false},
		{"price invalid cart", s, "POST", "/v1/price?lang=ru&profile=pos", testdata(t, "carts", "invalid-many.json"), 200, false},
		{"price not json", s, "POST", "/v1/price", []byte(`{"order":[`), 400, true},
		{"price a menu", s, "POST", "/v1/price", demo.Menu(), 400, false},
		{"price too large", s, "POST", "/v1/price", append(bytes.Repeat([]byte(" "), 70<<10), "{}"...), 413, false},
		{"price unknown object", s, "POST", "/v1/price?object=7", cart, 404, false},
		{"price bad lang", s, "POST", "/v1/price?lang=fr", cart, 400, true},
		{"price since the current menu", s, "POST", "/v1/price?menu_version=" + obj.Version, cart, 200, false},
		{"price since an unknown menu", s, "POST", "/v1/price?menu_version=0123456789abcdef", cart, 409, false},
		{"price no menu", empty, "POST", "/v1/price", cart, 503, false},
		{"repair", s, "POST", "/v1/repair?lang=ru", testdata(t, "carts", "invalid-many.json"), 200, false},
		{"repair valid", s, "POST", "/v1/repair", testdata(t, "carts", "combo.json"), 200, false},
		{"repair not json", s, "POST", "/v1/repair", []byte(`{"order":[`), 400, true},
		{"repair too large", s, "POST", "/v1/repair", append(bytes.Repeat([]byte(" "), 300<<10), "{}"...), 413, false},
		{"payload", s, "POST", "/v1/payload/savedeliveryorder?now=2026-11-23T12:00:00Z", testdata(t, "carts", "valid-pickup.json"), 200, false},
		{"payload postorder", s, "POST", "/v1/payload/postorder?order_number=42&pay_online=true&now=2026-11-23T12:00:00Z", testdata(t, "carts", "valid-pickup.json"), 200, false},
		{"payload refused", s, "POST", "/v1/payload/calcorder", testdata(t, "carts", "invalid-many.json"), 422, false},
		{"payload forced", s, "POST", "/v1/payload/calcorder?force=true", testdata(t, "carts", "invalid-many.json"), 200, false},
		{"payload unknown dialect", s, "POST", "/v1/payload/xml", cart, 404, true},
		{"reconcile", s, "POST", "/v1/reconcile", reconcile(string(testdata(t, "responses", "savedeliveryorder-reference.json"))), 200, false},
		{"reconcile calcorder", s, "POST", "/v1/reconcile", []byte(`{"cart":` + string(testdata(t, "carts", "calcorder-4x5000.json")) +
			`,"response":` + string(testdata(t, "responses", "calcorder-reference.json")) + `,"currency_code":1}`), 200, false},
		{"reconcile savedeliveryorder match", s, "POST", "/v1/reconcile", verdicts["savedeliveryorder match"], 200, false},
		{"reconcile savedeliveryorder discounted", s, "POST", "/v1/reconcile", verdicts["savedeliveryorder discounted"], 200, false},
		{"reconcile savedeliveryorder unexplained", s, "POST", "/v1/reconcile", verdicts["savedeliveryorder unexplained"], 200, false},
		{"reconcile Order match", s, "POST", "/v1/reconcile", verdicts["Order match"], 200, false},
		{"reconcile Order discounted", s, "POST", "/v1/reconcile", verdicts["Order discounted"], 200, false},
		{"reconcile Order unexplained", s, "POST", "/v1/reconcile", verdicts["Order unexplained"], 200, false},
		{"reconcile CalcOrder match", s, "POST", "/v1/reconcile", verdicts["CalcOrder match"], 200, false},
		{"reconcile CalcOrder discounted", s, "POST", "/v1/reconcile", verdicts["CalcOrder discounted"], 200, false},
		{"reconcile CalcOrder unexplained", s, "POST", "/v1/reconcile", verdicts["CalcOrder unexplained"], 200, false},
		{"reconcile a courier body", s, "POST", "/v1/reconcile", reconcile(string(testdata(t, "responses", "courier-reference.json"))), 422, false},
		{"reconcile unknown member", s, "POST", "/v1/reconcile", []byte(`{"cart":{},"response":{},"x":1}`), 400, true},
		{"reconcile repeated member", s, "POST", "/v1/reconcile", []byte(`{"cart":{},"cart":{},"response":{}}`), 400, false},
		{"lint", s, "POST", "/v1/lint", demo.Menu(), 200, false},
		{"lint a cart", s, "POST", "/v1/lint", cart, 400, false},
		{"diff", s, "POST", "/v1/diff", []byte(`{"old":` + string(demo.Menu()) + `,"new":` + changed + `}`), 200, false},
		{"diff equal", s, "POST", "/v1/diff", []byte(`{"old":` + string(demo.Menu()) + `,"new":` + string(demo.Menu()) + `}`), 200, false},
		{"diff one menu", s, "POST", "/v1/diff", []byte(`{"old":` + string(demo.Menu()) + `}`), 400, true},
		{"menu", s, "GET", "/v1/menu", nil, 200, false},
		{"menu unknown object", s, "GET", "/v1/menu?object=7", nil, 404, false},
		{"menu bad object", s, "GET", "/v1/menu?object=x", nil, 400, false},
		{"healthz", s, "GET", "/healthz", nil, 200, false},
		{"readyz", s, "GET", "/readyz", nil, 200, false},
		{"readyz empty", empty, "GET", "/readyz", nil, 503, false},
		{"metrics", s, "GET", "/metrics", nil, 200, false},
		{"openapi", s, "GET", "/openapi.json", nil, 200, false},
		{"reload", s, "POST", "/admin/reload", nil, 200, false},
		{"reload disabled", disabled, "POST", "/admin/reload", nil, 404, false},
		{"price with availability", s, "POST", "/v1/price", []byte(`{"cart":` + string(testdata(t, "carts", "combo.json")) + `,"availability":{"taken_at":"2026-11-23T12:00:00Z","stopped":{"dishes":[1000016]}}}`), 200, false},
		{"payload with availability", s, "POST", "/v1/payload/calcorder?force=true", []byte(`{"availability":{"taken_at":"2026-11-23T12:00:00Z"},"cart":` + string(testdata(t, "carts", "valid-pickup.json")) + `}`), 200, false},
		{"reconcile with availability", s, "POST", "/v1/reconcile", []byte(`{"cart":` + string(cart) + `,"response":` + string(testdata(t, "responses", "savedeliveryorder-reference.json")) + `,"availability":{"taken_at":"2026-11-23T12:00:00Z"}}`), 200, false},
		{"availability", s, "PUT", "/v1/availability", []byte(`{"taken_at":"2026-11-23T12:00:00+03:00","stopped":{"dishes":[1000016],"modifiers":["1000393"]},"balances":{"dishes":{"1000039":3000}}}`), 200, false},
		{"availability unknown member", s, "PUT", "/v1/availability", []byte(`{"taken_at":"2026-11-23T12:00:00Z","stoped":{}}`), 400, true},
		{"availability unknown object", s, "PUT", "/v1/availability?object=7", []byte(`{"taken_at":"2026-11-23T12:00:00Z"}`), 404, false},
		{"availability disabled", disabled, "PUT", "/v1/availability", []byte(`{"taken_at":"2026-11-23T12:00:00Z"}`), 404, false},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "http://127.0.0.1:8080"+tc.target, bytes.NewReader(tc.body))
			if tc.body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			tc.h.ServeHTTP(rec, req)
			resp := rec.Result()
			body := rec.Body.Bytes()
			require.Equal(t, tc.status, resp.StatusCode, "%s", body)
			// the validator reads the bodies: give it fresh readers
			vreq := httptest.NewRequest(tc.method, "http://127.0.0.1:8080"+tc.target, bytes.NewReader(tc.body))
			vreq.Header = req.Header
			resp.Body = io.NopCloser(bytes.NewReader(body))
			var ok bool
			var verrs []*validatorError
			if tc.badInput {
				ok, verrs = wrap(v.ValidateHttpResponse(vreq, resp))
			} else {
				ok, verrs = wrap(v.ValidateHttpRequestResponse(vreq, resp))
			}
			for _, e := range verrs {
				t.Errorf("%s", e)
			}
			assert.True(t, ok, "%s", body)
			if w := strings.Fields(tc.name); w[0] == "reconcile" && len(w) == 3 && strings.Contains("match discounted unexplained", w[2]) {
				assert.Contains(t, string(body), `"verdict":"`+w[2]+`"`)
				assert.NotContains(t, string(body), `"items":null`, "an empty list is []")
			}
			covered[tc.method+" "+pathPattern(req.URL.Path)] = true
		})
	}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().KeysFromOldest() {
			assert.True(t, covered[strings.ToUpper(method)+" "+path], "no case for %s %s", method, path)
		}
	}
}

func pathPattern(p string) string {
	if strings.HasPrefix(p, "/v1/payload/") {
		return "/v1/payload/{dialect}"
	}
	return p
}

type validatorError = verrors.ValidationError

// wrap passes the validator's answer through, its errors with their
// schema reasons spelled out.
func wrap(ok bool, errs []*verrors.ValidationError) (bool, []*validatorError) { return ok, errs }

// verdictRequests builds /v1/reconcile requests whose answers are a match,
// a discounted and an unexplained verdict for each kind of POS answer
// (savedeliveryorder, Order, CalcOrder): the fake POS answers the valid
// pickup cart, then the amounts are moved.
func verdictRequests(t *testing.T) map[string][]byte {
	t.Helper()
	f, err := fakepos.New(fakepos.Config{})
	require.NoError(t, err)
	cart := testdata(t, "carts", "valid-pickup.json")
	call := func(method, target string, body []byte) map[string]any {
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest(method, target, bytes.NewReader(body)))
		var env map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env), rec.Body.String())
		require.Equal(t, "Ok", env["status"], rec.Body.String())
		return env
	}
	saved := call("POST", "/api/v1/savedeliveryorder", cart)
	data := saved["data"].(map[string]any)
	order := call("GET", "/api/v1/Order?objectId=199994335&visitId="+data["visit_id"].(string), nil)
	calc := call("POST", "/api/v1/CalcOrder", cart)
	out := map[string][]byte{}
	req := func(name string, env map[string]any) {
		b, err := json.Marshal(env)
		require.NoError(t, err)
		out[name] = []byte(`{"cart":` + string(cart) + `,"response":` + string(b) + `}`)
	}
	clone := func(env map[string]any) map[string]any {
		b, _ := json.Marshal(env)
		var c map[string]any
		_ = json.Unmarshal(b, &c)
		return c
	}
	for kind, env := range map[string]map[string]any{"savedeliveryorder": saved, "Order": order} {
		req(kind+" match", env)
		d := clone(env)
		set := func(m map[string]any, key string, delta float64) {
			switch v := m[key].(type) {
			case string:
				n, _ := strconv.ParseFloat(v, 64)
				m[key] = strconv.FormatFloat(n+delta, 'f', -1, 64)
			case float64:
				m[key] = v + delta
			}
		}
		dd := d["data"].(map[string]any)
		set(dd, "order_sum", -100)
		set(dd, "discount_sum", -100)
		req(kind+" discounted", d)
		u := clone(env)
		set(u["data"].(map[string]any), "order_sum", 100000)
		req(kind+" unexplained", u)
	}
	req("CalcOrder match", calc)
	for name, delta := range map[string]float64{"CalcOrder discounted": -100, "CalcOrder unexplained": 100} {
		c := clone(calc)
		pay := c["data"].(map[string]any)["Payments"].([]any)[0].(map[string]any)
		pay["amount"] = pay["amount"].(float64) + delta
		req(name, c)
	}
	return out
}

// The problem types the OpenAPI document lists are the constants of
// package api, one for one and in order.
func TestProblemTypesAreDocumented(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Problem struct {
					Properties struct {
						Type struct {
							Enum []string `json:"enum"`
						} `json:"type"`
					} `json:"properties"`
				} `json:"Problem"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(server.OpenAPI(), &doc))
	var want []string
	for _, pt := range api.ProblemTypes() {
		want = append(want, api.ProblemBase+string(pt))
	}
	assert.Equal(t, want, doc.Components.Schemas.Problem.Properties.Type.Enum)
}
