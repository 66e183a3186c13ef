package engine_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/testkit"
)

// A call's policy prices exactly as an engine built with that policy: for
// every cart of testdata, every profile, language and a clock before and
// after the carts' delivery times.
func TestCallPricesAsAnEngineOfItsPolicy(t *testing.T) {
	e := testkit.DemoEngine(t, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
	if err != nil || len(files) < 5 {
		t.Fatalf("carts: %v %v", files, err)
	}
	clocks := []time.Time{time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), time.Date(2099, 1, 16, 0, 0, 0, 0, time.UTC)}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := engine.DecodeCart(data, 0)
		if err != nil {
			continue // not a cart (a response kept beside them)
		}
		for _, profile := range []engine.Profile{engine.ProfileRestaurant, engine.ProfilePOS} {
			for _, lang := range []engine.Lang{engine.English, engine.Russian} {
				for _, at := range clocks {
					now := func() time.Time { return at }
					o := e.Options()
					o.Profile, o.Lang, o.Now = profile, lang, now
					other, err := e.WithOptions(o)
					if err != nil {
						t.Fatal(err)
					}
					want := other.Price(c)
					got := e.PriceCall(c, engine.Call{Profile: profile, Lang: lang, Now: now})
					var into engine.Result
					e.PriceIntoCall(&into, c, engine.Call{Profile: profile, Lang: lang, Now: now})
					if !reflect.DeepEqual(testkit.Codes(got), testkit.Codes(want)) || got.Valid != want.Valid || got.Total != want.Total ||
						!reflect.DeepEqual(got.Violations, want.Violations) || !reflect.DeepEqual(into.Violations, want.Violations) {
						t.Fatalf("%s, %v, %v, %v: the call gives %v, the engine %v", filepath.Base(f), profile, lang, at, got.Violations, want.Violations)
					}
					n++
				}
			}
		}
	}
	if c := e.Call(); c.Profile != e.Options().Profile || c.Lang != e.Options().Lang || c.Now != nil {
		t.Fatal("the engine's own call is not its options'")
	}
	t.Logf("%d cart × policy pairs", n)
}
