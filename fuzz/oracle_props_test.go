package fuzz_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
)

// oracleFor builds the oracle for a target from the same menu bytes.
func oracleFor(t *testing.T, tg target, data []byte) *oracle {
	t.Helper()
	m, err := loadOracleMenu(data)
	require.NoError(t, err)
	o := &oracle{m: m, now: now, loc: tg.cp.Location, fractional: tg.cp.Fractional, cutoff: tg.cp.CutoffMinutes, stock: map[int64]int64{}}
	if r := tg.cp.Restaurant; r != nil {
		o.rest = &oRest{id: int64(r.ID), minCheck: int64(r.MinCheck), deliveryPrice: int64(r.DeliveryPrice), begin: r.Period.Begin, end: r.Period.End}
	}
	o.stoppedD, o.stoppedM, o.modLeft = map[int64]bool{}, map[int64]bool{}, map[int64]int64{}
	if a := tg.cp.Availability; a != nil {
		for id, v := range a.StoppedDishes {
			o.stoppedD[int64(id)] = v
		}
		for id, v := range a.StoppedModifiers {
			o.stoppedM[int64(id)] = v
		}
		for id, q := range a.ModifierLeft {
			o.modLeft[int64(id)] = int64(q)
		}
		for id, q := range a.DishLeft {
			o.stock[int64(id)] = int64(q)
		}
	}
	return o
}

// The engine and the oracle agree on every generated cart, valid and
// single-rule mutations alike: validity, every (code, path), every line
// amount, the subtotal, the delivery price and the total.
func TestPropertyEngineMatchesOracle(t *testing.T) {
	menus := map[string][]byte{"demo": demo.Menu(), "demo-no-restaurant": demo.Menu()}
	for name, file := range map[string]string{"hu2417": "menu-data.json", "frei": "menu-data-frei.json", "rules-night": "rules-menu.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "menus", file))
		require.NoError(t, err)
		menus[name] = b
	}
	checked := 0
	for _, tg := range append(realTargets(t), nightTarget(t)) {
		o := oracleFor(t, tg, menus[tg.name])
		t.Run(tg.name, func(t *testing.T) {
			props := gopter.NewProperties(params(t))
			props.Property("valid carts: the engine prices as the oracle", prop.ForAll(func(c *engine.Cart) string {
				checked++
				if d := compare(tg.eng.Price(c), o.price(c)); d != "" {
					return d + ": " + cartJSON(c)
				}
				return ""
			}, fuzz.ValidCartGen(tg.m, tg.cp)))
			props.Property("mutated carts: the engine judges and prices as the oracle", prop.ForAll(func(mu fuzz.Mutation) string {
				checked++
				if d := compare(tg.eng.Price(mu.Cart), o.price(mu.Cart)); d != "" {
					return d + " (" + mu.String() + "): " + cartJSON(mu.Cart)
				}
				return ""
			}, fuzz.MutationGen(tg.m, tg.cp)))
			props.TestingRun(t)
		})
	}
	t.Logf("%d carts compared with the oracle", checked)
}

// The oracle is not the engine in disguise: a generated menu, where the
// rules meet odd limits, defaults and negative prices, is compared too.
func TestPropertyEngineMatchesOracleOnGeneratedMenus(t *testing.T) {
	props := gopter.NewProperties(params(t))
	loc := nightTarget(t).cp.Location // Europe/Moscow, as newTarget uses
	for _, mutate := range []bool{false, true} {
		props.Property("generated menus: the engine prices as the oracle", prop.ForAll(func(p pair) string {
			o := &oracle{m: mustOracle(p.Doc.JSON()), now: now, loc: loc, stock: map[int64]int64{}}
			if d := compare(p.Eng.Price(p.Cart), o.price(p.Cart)); d != "" {
				return d + ": " + p.String()
			}
			return ""
		}, pairGen(t, mutate)))
	}
	props.TestingRun(t)
}

func mustOracle(data []byte) oMenu {
	m, err := loadOracleMenu(data)
	if err != nil {
		panic(err) // the generator's menus always decode
	}
	return m
}
