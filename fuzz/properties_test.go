package fuzz_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/rkcart/rkcart/pos"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// cases is the number of successful cases per property: 2000 by default
// (CI), more for a long run: RKCART_PROPERTY_CASES=200000 go test ./fuzz.
func cases(t *testing.T) int {
	if s := os.Getenv("RKCART_PROPERTY_CASES"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		return n
	}
	return 2000
}

func params(t *testing.T) *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = cases(t)
	p.MaxDiscardRatio = 20
	if s := os.Getenv("RKCART_PROPERTY_SEED"); s != "" {
		seed, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err)
		p.Rng.Seed(seed)
	}
	return p
}

var now = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)

// target is one menu to test against, with the engine and generator
// parameters that fit it.
type target struct {
	name string
	eng  *engine.Engine
	m    *menu.Menu
	cp   fuzz.CartParams
}

func newTarget(t *testing.T, name string, data []byte, rest *menu.Restaurant) target {
	t.Helper()
	m, err := menu.Load(data, menu.Options{})
	require.NoError(t, err)
	loc, err := time.LoadLocation(engine.DefaultZone)
	require.NoError(t, err)
	e, err := engine.New(m, rest, engine.Options{Location: loc, Now: func() time.Time { return now }})
	require.NoError(t, err)
	return target{name: name, eng: e, m: m, cp: fuzz.CartParams{Restaurant: rest, Location: loc, Now: now}}
}

func realTargets(t *testing.T) []target {
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	out := []target{newTarget(t, "demo", demo.Menu(), &r), newTarget(t, "demo-no-restaurant", demo.Menu(), nil)}
	for name, file := range map[string]string{"hu2417": "menu-data.json", "frei": "menu-data-frei.json"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "menus", file))
		require.NoError(t, err)
		out = append(out, newTarget(t, name, data, nil))
	}
	slices.SortFunc(out, func(a, b target) int { return strings.Compare(a.name, b.name) })
	return out
}

func cartJSON(c *engine.Cart) string {
	b, _ := json.Marshal(c)
	return string(b)
}

func TestPropertyValidCartsAreValid(t *testing.T) {
	for _, tg := range realTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			props := gopter.NewProperties(params(t))
			props.Property("generated valid carts are valid", prop.ForAll(func(c *engine.Cart) string {
				r := tg.eng.Price(c)
				if !r.Valid {
					return fmt.Sprintf("violations %v for %s", r.Violations, cartJSON(c))
				}
				return ""
			}, fuzz.ValidCartGen(tg.m, tg.cp)))
			props.TestingRun(t)
		})
	}
}

// generatedMenuAndCart pairs a random menu with carts for it.
type pair struct {
	Doc  fuzz.Menu
	Cart *engine.Cart
	Eng  *engine.Engine
	Mut  fuzz.Mutation
}

func (p pair) String() string {
	return fmt.Sprintf("menu %s\ncart %s\nmutation %v", p.Doc.JSON(), cartJSON(p.Cart), p.Mut)
}

func pairGen(t *testing.T, mutate bool) gopter.Gen {
	menus := fuzz.MenuGen(fuzz.DefaultMenuParams)
	return func(gp *gopter.GenParameters) *gopter.GenResult {
		for range 50 {
			doc, ok := menus(gp).Retrieve()
			if !ok {
				continue
			}
			d := doc.(fuzz.Menu)
			tg := newTarget(t, "generated", d.JSON(), nil)
			if mutate {
				if v, ok := fuzz.MutationGen(tg.m, tg.cp)(gp).Retrieve(); ok {
					mu := v.(fuzz.Mutation)
					return gopter.NewGenResult(pair{Doc: d, Cart: mu.Cart, Eng: tg.eng, Mut: mu}, gopter.NoShrinker)
				}
				continue
			}
			if v, ok := fuzz.ValidCartGen(tg.m, tg.cp)(gp).Retrieve(); ok {
				return gopter.NewGenResult(pair{Doc: d, Cart: v.(*engine.Cart), Eng: tg.eng}, gopter.NoShrinker)
			}
		}
		return gopter.NewEmptyResult(nil)
	}
}

func TestPropertyGeneratedMenus(t *testing.T) {
	props := gopter.NewProperties(params(t))
	props.Property("valid carts on generated menus are valid", prop.ForAll(func(p pair) string {
		if r := p.Eng.Price(p.Cart); !r.Valid {
			return fmt.Sprintf("violations %v\n%s", r.Violations, p)
		}
		return ""
	}, pairGen(t, false)))
	props.Property("every mutation gives exactly its code at its path", prop.ForAll(func(p pair) string {
		return checkMutation(p.Eng.Price(p.Cart), p.Mut, p.String())
	}, pairGen(t, true)))
	props.TestingRun(t)
}

func checkMutation(r engine.Result, mu fuzz.Mutation, ctx string) string {
	if len(r.Violations) != 1 || r.Violations[0].Code != mu.Code || r.Violations[0].Path != mu.Path {
		got := []string{}
		for _, v := range r.Violations {
			got = append(got, v.Code+" "+v.Path)
		}
		return fmt.Sprintf("want exactly [%s %s], got %v\n%s", mu.Code, mu.Path, got, ctx)
	}
	return ""
}

func TestPropertyMutations(t *testing.T) {
	for _, tg := range realTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			props := gopter.NewProperties(params(t))
			props.Property("every mutation gives exactly its code at its path", prop.ForAll(func(mu fuzz.Mutation) string {
				return checkMutation(tg.eng.Price(mu.Cart), mu, cartJSON(mu.Cart))
			}, fuzz.MutationGen(tg.m, tg.cp)))
			// Invalid carts take the pricer's early exits; the fingerprint
			// the Result rebuilds from its copy is still the cart's.
			props.Property("the result's fingerprint is the cart's", prop.ForAll(func(mu fuzz.Mutation) string {
				r, want := tg.eng.Price(mu.Cart), engine.Fingerprint(mu.Cart)
				if r.Fingerprint() != want {
					return fmt.Sprintf("Result.Fingerprint %x, Fingerprint(cart) %x: %s", r.Fingerprint(), want, cartJSON(mu.Cart))
				}
				return ""
			}, fuzz.MutationGen(tg.m, tg.cp)))
			props.TestingRun(t)
		})
	}
}

func TestPropertyPricing(t *testing.T) {
	for _, tg := range realTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			valid := fuzz.ValidCartGen(tg.m, tg.cp)
			props := gopter.NewProperties(params(t))
			props.Property("total = Σ lines + delivery price", prop.ForAll(func(mu fuzz.Mutation) string {
				r := tg.eng.Price(mu.Cart)
				var sum money.Sum
				for _, l := range r.Lines {
					if !zeroLine(r, l) {
						sum.Add(l.Amount)
					}
				}
				sub, _ := sum.Total()
				if sub != r.Subtotal || r.Total != r.Subtotal+r.DeliveryPrice {
					return fmt.Sprintf("subtotal %d, Σ lines %d, delivery %d, total %d: %s", r.Subtotal, sub, r.DeliveryPrice, r.Total, cartJSON(mu.Cart))
				}
				return ""
			}, fuzz.MutationGen(tg.m, tg.cp)))
			props.Property("reordering lines changes nothing", prop.ForAll(func(c *engine.Cart, seed int64) string {
				a := tg.eng.Price(c)
				re := fuzz.Clone(c)
				slices.Reverse(re.Lines)
				if seed%2 == 0 && len(re.Lines) > 2 {
					re.Lines[0], re.Lines[1] = re.Lines[1], re.Lines[0]
				}
				b := tg.eng.Price(re)
				if a.Total != b.Total || a.Valid != b.Valid || len(a.Violations) != len(b.Violations) {
					return fmt.Sprintf("total %d vs %d, valid %v vs %v: %s", a.Total, b.Total, a.Valid, b.Valid, cartJSON(c))
				}
				return ""
			}, valid, gopterInt64()))
			props.Property("splitting a whole-quantity line keeps the total", prop.ForAll(func(c *engine.Cart, pick int64) string {
				i := int(uint64(pick) % uint64(len(c.Lines)))
				ln := c.Lines[i]
				if ln.Qnt < 2*money.Piece {
					ln.Qnt *= 2 // make it splittable: the property compares the same cart both ways
					c = fuzz.Clone(c)
					c.Lines[i] = ln
				}
				a := tg.eng.Price(c)
				s := fuzz.Clone(c)
				first := s.Lines[i]
				first.Qnt = money.Piece * money.Qty(1+pick%(int64(ln.Qnt/money.Piece)-1))
				second := fuzz.Clone(&engine.Cart{Lines: []engine.Line{ln}}).Lines[0]
				second.Qnt = ln.Qnt - first.Qnt
				s.Lines[i] = first
				s.Lines = append(s.Lines, second)
				b := tg.eng.Price(s)
				if a.Total != b.Total {
					return fmt.Sprintf("total %d, split %d: %s", a.Total, b.Total, cartJSON(c))
				}
				return ""
			}, valid, gopterInt64()))
			props.Property("more quantity never lowers a line with non-negative prices", prop.ForAll(func(c *engine.Cart, pick int64) string {
				i := int(uint64(pick) % uint64(len(c.Lines)))
				a := tg.eng.Price(c)
				if hasNegative(a.Lines[i]) {
					return ""
				}
				more := fuzz.Clone(c)
				more.Lines[i].Qnt += money.Piece * money.Qty(1+uint64(pick)%5)
				b := tg.eng.Price(more)
				if b.Lines[i].Amount < a.Lines[i].Amount {
					return fmt.Sprintf("line %d: %d → %d: %s", i, a.Lines[i].Amount, b.Lines[i].Amount, cartJSON(c))
				}
				return ""
			}, valid, gopterInt64()))
			props.Property("payload round trip: emit, decode, price gives the same result", prop.ForAll(func(c *engine.Cart, pick int64) string {
				a := tg.eng.Price(c)
				d := []pos.Dialect{pos.SaveDeliveryOrder, pos.CalcOrder}[uint64(pick)%2]
				req, err := pos.Emit(d, c, a, pos.EmitOptions{})
				if err != nil {
					return err.Error()
				}
				back, err := engine.DecodeCart(req.Body, 0)
				if err != nil {
					return fmt.Sprintf("%v: %s", err, req.Body)
				}
				if req.Query != "" { // an existing customer's object travels in the query
					back.ObjectID = c.ObjectID
				}
				b := tg.eng.Price(back)
				if a.Valid != b.Valid || a.Subtotal != b.Subtotal || a.Total != b.Total || len(a.Lines) != len(b.Lines) {
					return fmt.Sprintf("before %d/%v, after %d/%v %v\nbody %s", a.Total, a.Valid, b.Total, b.Valid, b.Violations, req.Body)
				}
				for i := range a.Lines {
					if a.Lines[i].Amount != b.Lines[i].Amount {
						return fmt.Sprintf("line %d: %d → %d\nbody %s", i, a.Lines[i].Amount, b.Lines[i].Amount, req.Body)
					}
				}
				again, err := pos.Emit(d, back, b, pos.EmitOptions{})
				if err != nil || !bytes.Equal(again.Body, req.Body) {
					return fmt.Sprintf("emitting the decoded payload again differs (%v):\n%s\n%s", err, req.Body, again.Body)
				}
				return ""
			}, valid, gopterInt64()))
			props.TestingRun(t)
		})
	}
}

// zeroLine reports whether a line adds 0 to the subtotal (docs/contract.md, Lines and header).
func zeroLine(r engine.Result, l engine.PricedLine) bool {
	for _, v := range r.Violations {
		if v.Path == l.Path() {
			switch v.Code {
			case engine.CodeUnknownDish, engine.CodeNotACombo, engine.CodeComboAsDish, engine.CodeBadQuantity, engine.CodeAmountOverflow:
				return true
			}
		}
	}
	return false
}

func hasNegative(l engine.PricedLine) bool {
	if l.Price < 0 {
		return true
	}
	for _, m := range l.Modifiers {
		if m.Price < 0 {
			return true
		}
	}
	for _, c := range l.Components {
		if c.Price < 0 {
			return true
		}
		for _, m := range c.Modifiers {
			if m.Price < 0 {
				return true
			}
		}
	}
	return false
}

// Valid carts stay valid under a stop list and dish balances on the demo
// menu, whose combo slots have implied default components: an implied
// component uses its dish's balance, so a slot whose default is counted is
// never left empty (found by `rkcart gen --availability`).
func TestPropertyValidCartsKeepBalances(t *testing.T) {
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	tg := newTarget(t, "demo-stocked", demo.Menu(), &r)
	left := map[menu.ID]money.Qty{}
	for _, d := range tg.m.Dishes() {
		left[d.ID] = 2000
	}
	av := &engine.Availability{StoppedDishes: map[menu.ID]bool{1000016: true}, DishLeft: left, TakenAt: now}
	tg.eng.SetAvailability(av)
	tg.cp.Availability = av
	props := gopter.NewProperties(params(t))
	props.Property("generated valid carts are valid under balances", prop.ForAll(func(c *engine.Cart) string {
		if r := tg.eng.Price(c); !r.Valid {
			return fmt.Sprintf("violations %v for %s", r.Violations, cartJSON(c))
		}
		return ""
	}, fuzz.ValidCartGen(tg.m, tg.cp)))
	props.TestingRun(t)
}
