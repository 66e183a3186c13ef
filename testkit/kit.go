package testkit

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// Now is the tests' usual clock: 2026-06-01 12:00 in Moscow.
var Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.FixedZone("MSK", 3*3600))

// root is the module's folder, found from this file's place.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..")
}

// Testdata reads a file of the repository's testdata folder.
func Testdata(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{root(), "testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ReferenceCart is the first savedeliveryorder example of the WebDelivery
// reference, verbatim (testdata/carts/reference-pickup.json).
func ReferenceCart() []byte {
	b, err := os.ReadFile(filepath.Join(root(), "testdata", "carts", "reference-pickup.json"))
	if err != nil {
		panic(err) // the repository's own file: only a broken checkout lacks it
	}
	return b
}

// DemoEngine prices on the embedded demo menu and restaurant at now.
func DemoEngine(t testing.TB, now time.Time) *engine.Engine {
	t.Helper()
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// RulesEngine prices on the rules menu (testdata/menus/rules-menu.json,
// built to exercise every rule) and its restaurant 777, at Now unless
// opts says otherwise.
func RulesEngine(t testing.TB, opts engine.Options) *engine.Engine {
	t.Helper()
	m, err := menu.Load(Testdata(t, "menus", "rules-menu.json"), menu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := menu.LoadRestaurant(Testdata(t, "menus", "rules-restaurant.json"), menu.RestaurantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return Now }
	}
	e, err := engine.New(m, &r, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Pickup wraps order lines in a valid pickup header for restaurant 777 of
// the rules menu.
func Pickup(lines string) string {
	return `{"objectid":777,"delivery_time":"2026-06-01T15:00:00","order_type":0,"pay_type":0,
"client":{"phone":"79990001122","ln":"Ivanov"},"order":[` + lines + `]}`
}

// Codes lists a result's violations as "code /path".
func Codes(r engine.Result) []string {
	out := []string{}
	for _, v := range r.Violations {
		out = append(out, v.Code+" "+v.Path)
	}
	return out
}
