package fakepos_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/fakepos"
)

// sameShape checks that got has every member of the reference example
// ref, with the same JSON type, recursively (arrays by their first
// element; a null in the reference matches anything, as does an empty
// array in the answer). Members the fake adds are allowed: docs/fakepos.md
// lists them.
func sameShape(path string, ref, got any) []string {
	switch r := ref.(type) {
	case nil:
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", path, got)}
		}
		var out []string
		for k, rv := range r {
			gv, ok := g[k]
			if !ok {
				out = append(out, path+"/"+k+": missing")
				continue
			}
			out = append(out, sameShape(path+"/"+k, rv, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %T", path, got)}
		}
		if len(r) == 0 || len(g) == 0 {
			return nil
		}
		return sameShape(path+"/0", r[0], g[0])
	case string, float64, bool:
		if fmt.Sprintf("%T", r) != fmt.Sprintf("%T", got) {
			return []string{fmt.Sprintf("%s: want %T, got %T (%v)", path, r, got, got)}
		}
	}
	return nil
}

func decode(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v), "%s", data)
	return v
}

// Every request example of the WebDelivery reference, replayed against
// the fake (lax, the reference's menu tree loaded; the reference's carts
// moved to a delivery time ahead, and the calls that name an order given
// the order the fake created), and every answer checked against the
// reference's response example of that method: members and JSON types.
func TestReplaysTheReference(t *testing.T) {
	f, srv, _ := start(t, fakepos.Config{Mode: fakepos.Lax, Now: newClock().Now, Seed: 3,
		Objects: []fakepos.Object{{Menu: demo.Menu(), Restaurant: demo.Restaurant(), Tree: testdata(t, "menus", "menutree-reference.json")}}})
	ahead := regexp.MustCompile(`"delivery_time": *"[^"]*"`)
	cart := func(name string) string {
		return string(ahead.ReplaceAll(testdata(t, "carts", name), []byte(`"delivery_time": "2099-01-15T13:00:00"`)))
	}
	saveShape := testdata(t, "responses", "savedeliveryorder-reference.json")
	call := func(method, path, body string) []byte {
		req, err := http.NewRequest(method, srv.URL+"/api/v1/"+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		require.Equal(t, "fakepos", resp.Header.Get("X-Rkcart-Fake"))
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return data
	}
	check := func(name string, ref []byte, got []byte) {
		t.Helper()
		g := decode(t, got)
		require.Equal(t, "Ok", g.(map[string]any)["status"], "%s: %s", name, got)
		for _, p := range sameShape("", decode(t, ref), g) {
			t.Errorf("%s: %s", name, p)
		}
	}

	check("rests", demo.Restaurant(), call("GET", "rests?corpid=19999", ""))
	check("rests by address", demo.Restaurant(), call("POST", "rests", string(testdata(t, "webdelivery", "rests-by-address-request.json"))))
	check("menutree", testdata(t, "menus", "menutree-reference.json"), call("GET", "menutree?objectid=199994335&lang=ru", ""))
	check("dishes", demo.Menu(), call("GET", "dishes?objectid=199994335&lang=ru", ""))
	check("savedeliveryorder, new customer (the reference's first example)", saveShape, call("POST", "savedeliveryorder", cart("reference-pickup.json")))
	check("savedeliveryorder, delivery", saveShape, call("POST", "savedeliveryorder", cart("valid-delivery.json")))
	check("savedeliveryorder, combo", saveShape, call("POST", "savedeliveryorder", cart("combo.json")))
	check("savedeliveryorder, existing customer", saveShape, call("POST", "savedeliveryorder?objectId=199994335", cart("reference-existing-customer.json")))
	check("CalcOrder", testdata(t, "responses", "calcorder-reference.json"), call("POST", "CalcOrder", cart("calcorder-4x5000.json")))

	orders := f.Snapshot().Orders
	require.Len(t, orders, 4)
	vid := fmt.Sprint(orders[0].VisitID)
	pay := `{"object_id": 199994335, "visit_id": ` + vid + `, "payments": [{"currency_id": 1000379, "extpay_id": "ASSIST", "amount": 100, "promised": true}]}`
	got := decode(t, call("POST", "payment", pay))
	require.Equal(t, "Ok", got.(map[string]any)["status"], "payment")
	check("courier", testdata(t, "responses", "courier-reference.json"), call("GET", "courier?objectId=199994335&visitId="+vid, ""))
	check("Order", testdata(t, "responses", "order-reference.json"), call("GET", "Order?objectId=199994335&visitId="+vid, ""))
	check("Currency", testdata(t, "webdelivery", "currency-reference.json"), call("GET", "Currency?objectId=199994335", ""))

	// The reference's other savedeliveryorder examples, verbatim: their
	// dishes are not on its own dishes list (and the combo one names
	// another object), so the fake refuses them, naming why.
	for _, ex := range []struct{ file, code string }{
		{"savedeliveryorder-delivery-example.json", "unknown_dish"},
		{"savedeliveryorder-combo-example.json", "DLW-0002"},
	} {
		g := decode(t, call("POST", "savedeliveryorder", string(testdata(t, "webdelivery", ex.file))))
		env := g.(map[string]any)
		require.Equal(t, "Err", env["status"], ex.file)
		codes := []any{}
		for _, e := range env["errors"].([]any) {
			codes = append(codes, e.(map[string]any)["code"])
		}
		require.Contains(t, codes, ex.code, ex.file)
	}

	// The Err form, as the reference's error envelope has it.
	errShape := testdata(t, "responses", "err-envelope.json")
	for _, bad := range []struct{ method, path, body string }{
		{"GET", "Order?objectId=199994335&visitId=1", ""},
		{"GET", "dishes?objectid=7", ""},
		{"POST", "payment", `{"object_id": 199990001, "visit_id": 411765152, "payments": [{"currency_id": 1000379, "extpay_id": "ASSIST", "amount": 62718, "promised": true}]}`},
	} {
		g := decode(t, call(bad.method, bad.path, bad.body))
		require.Equal(t, "Err", g.(map[string]any)["status"], bad.path)
		for _, p := range sameShape("", decode(t, errShape), g) {
			t.Errorf("%s: %s", bad.path, p)
		}
	}
}
