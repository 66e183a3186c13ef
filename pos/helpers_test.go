package pos_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

const maxFuzzInput = 64 << 10

// testNow is 2026-06-01 12:00 in Moscow.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.FixedZone("MSK", 3*3600))

// referencePickup is the first savedeliveryorder example of the WebDelivery
// reference, verbatim.
const referencePickup = `{
"objectid": 199994335,
"delivery_time": "2017-03-29T23:52:00",
"comment": " Online payment. Payment via ASSIST",
"order_type": 0,
"pay_type": 2,
"client": {"phone": "79996661010", "email": "e.korsunov@ucs.ru", "ln": "Testov", "fn": "Test"},
"order": [
 {"id": "1000039", "type": "d", "qnt": 1000, "items": [
   {"id": 1000388, "type": "m", "qnt": 3000, "items": []},
   {"id": "100143", "type": "dc", "crm": true}]},
 {"id": "101706", "type": "dc", "crm": true}]}`

func testdata(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, parts...)...))
	require.NoError(t, err)
	return b
}

// demoEngine prices on the embedded demo menu and restaurant at now.
func demoEngine(t testing.TB, now time.Time) *engine.Engine {
	t.Helper()
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	return e
}

// newEngine prices on the rules menu (testdata/menus/rules-menu.json, see
// package engine's tests) and its restaurant 777, at testNow by default.
func newEngine(t testing.TB, opts engine.Options) *engine.Engine {
	t.Helper()
	m, err := menu.Load(testdata(t, "menus", "rules-menu.json"), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant(testdata(t, "menus", "rules-restaurant.json"), menu.RestaurantOptions{})
	require.NoError(t, err)
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	e, err := engine.New(m, &r, opts)
	require.NoError(t, err)
	return e
}

// pickup wraps order lines in a valid pickup header for restaurant 777.
func pickup(lines string) string {
	return `{"objectid":777,"delivery_time":"2026-06-01T15:00:00","order_type":0,"pay_type":0,
"client":{"phone":"79990001122","ln":"Ivanov"},"order":[` + lines + `]}`
}

func codes(r engine.Result) []string {
	out := []string{}
	for _, v := range r.Violations {
		out = append(out, v.Code+" "+v.Path)
	}
	return out
}

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
	return out
}

func mustMenu(t testing.TB) *menu.Menu {
	t.Helper()
	m, err := menu.Load(testdata(t, "menus", "rules-menu.json"), menu.Options{})
	require.NoError(t, err)
	return m
}
