package fuzz

import (
	"math/rand"
	"slices"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// Generator makes carts for a menu without gopter: valid ones, and ones
// that break exactly one named rule (a violation code). It is what
// `rkcart gen` streams; the same random source gives the same carts. A
// Generator is not safe for concurrent use.
type Generator struct {
	b      *builder
	mu     mutator
	byCode map[string][]mutation
}

// NewGenerator returns a generator for m under p (which must match the
// engine's options, as for ValidCartGen).
func NewGenerator(m *menu.Menu, p CartParams) *Generator {
	b := newBuilder(m, p)
	g := &Generator{b: b, mu: mutator{b: b, unused: unusedID(m)}, byCode: map[string][]mutation{}}
	for _, r := range g.mu.rules() {
		g.byCode[r.code] = append(g.byCode[r.code], r.f)
	}
	return g
}

// Valid returns a valid cart, or false when the menu offers none this time
// (a menu without an orderable dish never does).
func (g *Generator) Valid(r *rand.Rand) (*engine.Cart, bool) { return g.b.cart(r) }

// Break returns a cart that breaks exactly rule code: pricing it gives one
// violation, Code at Path. It tries up to tries valid carts, and reports
// false when none admits the rule.
func (g *Generator) Break(r *rand.Rand, code string, tries int) (Mutation, bool) {
	fs := g.byCode[code]
	if len(fs) == 0 {
		return Mutation{}, false
	}
	for range tries {
		c, ok := g.b.cart(r)
		if !ok {
			continue
		}
		for _, i := range r.Perm(len(fs)) {
			if m, ok := g.mu.try(fs[i], r, c); ok {
				return m, true
			}
		}
	}
	return Mutation{}, false
}

// Rules are the codes a Generator has a mutation for (every violation
// code), sorted.
func (g *Generator) Rules() []string {
	out := make([]string, 0, len(g.byCode))
	for c := range g.byCode {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Producible splits rules into those some cart of the menu admits (trying
// tries carts each) and those it cannot produce, with why.
func (g *Generator) Producible(r *rand.Rand, rules []string, tries int) (ok []string, missing map[string]string) {
	missing = map[string]string{}
	for _, code := range rules {
		if _, yes := g.Break(r, code, tries); yes {
			ok = append(ok, code)
			continue
		}
		missing[code] = whyNot(code)
	}
	return ok, missing
}

// whyNot says what a rule needs of the menu, the restaurant or the options.
func whyNot(code string) string {
	if why, ok := needs[code]; ok {
		return why
	}
	return "no generated cart of this menu admits it"
}

var needs = map[string]string{
	engine.CodeFractionalQuantity:       "fractional quantities are allowed (--fractional)",
	engine.CodeMaxOneDishExceeded:       "needs an active modifier with maxOneDish in a group without an upper limit",
	engine.CodeNotACombo:                "needs a plain dish (the menu has only combos)",
	engine.CodeComboAsDish:              "needs a combo (no scheme has combo components)",
	engine.CodeComboComponentNotAllowed: "needs a combo (no scheme has combo components)",
	engine.CodeGroupBelowMin:            "needs an active group with a lower limit and no implied default",
	engine.CodeGroupAboveMax:            "needs an active group with an upper limit and enough choices to pass it",
	engine.CodeInactiveDish:             "needs an inactive dish whose groups an empty selection satisfies",
	engine.CodeInactiveModifier:         "needs an inactive modifier among a dish's groups",
	engine.CodeModifierNotAllowed:       "needs a modifier of another scheme than some dish's",
	engine.CodeWrongObject:              "needs a restaurant (--restaurant)",
	engine.CodeOutsideDeliveryPeriod:    "needs a restaurant that does not deliver all day",
	engine.CodeBelowMinCheck:            "needs a restaurant with a minimum check and a dish cheaper than it",
	engine.CodeMissingAddress:           "needs delivery orders (a dish that can reach the restaurant's minimum)",
	engine.CodeOutOfStock:               "needs balances (rkcart gen --availability with balances; package fuzz: CartParams.Availability)",
	engine.CodeAmountOverflow:           "needs a dish priced over 2^62 kopecks",
	engine.CodeNestedItem:               "needs a dish line with a modifier",
	engine.CodeEmptyOrder:               "needs pickup orders or no minimum check",
	engine.CodeStopped:                  "needs a stop list (rkcart gen --availability; package fuzz: CartParams.Availability)",
	engine.CodeStaleAvailability:        "about the engine's stop list, not the cart: no cart produces it",
}
