package fuzz_test

import (
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// seed is RKCART_SEED when set, else the clock; it is logged, so a failing
// run can be repeated exactly.
func seed(t *testing.T) int64 {
	t.Helper()
	s := time.Now().UnixNano()
	if v := os.Getenv("RKCART_SEED"); v != "" {
		var err error
		s, err = strconv.ParseInt(v, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("seed %d (set RKCART_SEED=%d to repeat)", s, s)
	return s
}

// nightTarget is the rules menu (every rule has a dish to break it, the
// overflowing "Gold" dish included) with a restaurant that delivers
// overnight with a cut-off and a minimum, stock on one dish, and
// fractional quantities on.
func nightTarget(t *testing.T) target {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "menus", "rules-menu.json"))
	require.NoError(t, err)
	m, err := menu.Load(data, menu.Options{})
	require.NoError(t, err)
	rest := &menu.Restaurant{ID: 777, MinCheck: 10000, DeliveryPrice: 500, Period: menu.Period{Begin: 20 * 60, End: 2 * 60}}
	loc, err := time.LoadLocation(engine.DefaultZone)
	require.NoError(t, err)
	const cutoff = 30
	e, err := engine.New(m, rest, engine.Options{Location: loc, Now: func() time.Time { return now }, Fractional: true, CutoffMinutes: cutoff})
	require.NoError(t, err)
	// A stop list: Tea stopped, modifier 912 stopped, modifier 911 counted,
	// 3 Fries left.
	av := &engine.Availability{StoppedDishes: map[menu.ID]bool{9: true}, StoppedModifiers: map[menu.ID]bool{912: true},
		ModifierLeft: map[menu.ID]money.Qty{911: 3000}, DishLeft: map[menu.ID]money.Qty{6: 3000}, TakenAt: now}
	e.SetAvailability(av)
	return target{name: "rules-night", eng: e, m: m,
		cp: fuzz.CartParams{Restaurant: rest, Location: loc, Now: now, Fractional: true, CutoffMinutes: cutoff, Availability: av}}
}

// Every violation code is produced by some mutation in a run of the
// default size, and each mutation gives exactly its code at its path on
// the engine configured as the generator assumes.
func TestMutationsReachEveryCode(t *testing.T) {
	rng := rand.New(rand.NewSource(seed(t)))
	seen := map[string]int{}
	params := map[string]map[string]bool{} // the params each code's violations carried
	targets := append(realTargets(t), nightTarget(t))
	n := cases(t)
	for _, tg := range targets {
		gen := fuzz.MutationGen(tg.m, tg.cp)
		valid := fuzz.ValidCartGen(tg.m, tg.cp)
		gp := gopter.DefaultGenParameters().WithSize(10)
		gp.Rng = rng
		for range n {
			if res := valid(gp); res.Result != nil {
				c := res.Result.(*engine.Cart)
				if r := tg.eng.Price(c); !r.Valid {
					t.Fatalf("%s: a generated valid cart is invalid: %v: %s", tg.name, r.Violations, cartJSON(c))
				}
			}
			res := gen(gp)
			if res.Result == nil {
				continue
			}
			mu := res.Result.(fuzz.Mutation)
			r := tg.eng.Price(mu.Cart)
			if msg := checkMutation(r, mu, tg.name+": "+cartJSON(mu.Cart)); msg != "" {
				t.Fatal(msg)
			}
			seen[mu.Code]++
			for _, v := range r.Violations {
				if params[v.Code] == nil {
					params[v.Code] = map[string]bool{}
				}
				for _, p := range v.Params {
					params[v.Code][p.Key] = true
				}
			}
		}
	}
	var missing []string
	for _, c := range engine.Codes() {
		if c == engine.CodeStaleAvailability {
			continue // about the engine's data, not the cart: no cart produces it (TestAvailability covers it)
		}
		if seen[c] == 0 {
			missing = append(missing, c)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("never generated in %d cases per target: %v (seen %v)", n, missing, seen)
	}
	checkTemplates(t, params)
}

// placeholder finds the {key}s of a template.
var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// checkTemplates holds each message template to the params its code's
// violations actually carry (as the engine emitted them above): every
// {key} is a param of the code or one of the names a message has (dish,
// modifier, group, combo, sent, limit), and English and Russian use the
// same keys, so a template cannot name a param its violation lacks
// (rendered as a literal "{min}") nor lose one in translation.
func checkTemplates(t *testing.T, params map[string]map[string]bool) {
	t.Helper()
	names := map[string]bool{"dish": true, "modifier": true, "group": true, "combo": true, "sent": true, "limit": true}
	for key, tpl := range engine.Templates() {
		code, _, _ := strings.Cut(key, ".")
		got, ok := params[code]
		if !ok {
			continue // not generated (stale_availability): TestCatalogueCoversEveryCode renders it
		}
		var keys [2][]string
		for l, text := range tpl {
			for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
				k := m[1]
				keys[l] = append(keys[l], k)
				if !names[k] && !got[k] {
					t.Errorf("%s (%s): {%s} is not a param of %s, which carries %v", key, []string{"en", "ru"}[l], k, code, slices.Sorted(maps.Keys(got)))
				}
			}
			slices.Sort(keys[l])
			keys[l] = slices.Compact(keys[l])
		}
		if !slices.Equal(keys[0], keys[1]) {
			t.Errorf("%s: English uses %v, Russian %v", key, keys[0], keys[1])
		}
	}
}
