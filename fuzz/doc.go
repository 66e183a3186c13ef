// Package fuzz provides gopter generators for property-based testing of
// rkcart, and of ordering stacks built on r_keeper menus: random menus
// ([MenuGen]), carts that are valid by construction on any compiled menu
// ([ValidCartGen]), and mutations that break exactly one rule and say which
// violation they expect where ([MutationGen]).
//
// The generators build validity from their own model of the rules, never by
// asking the engine, so that "a generated valid cart is valid" is a real
// check of the engine (two implementations agreeing), not a tautology.
//
// # Use
//
//	m, _ := menu.Load(myMenuJSON, menu.Options{})
//	props := gopter.NewProperties(gopter.DefaultTestParameters())
//	props.Property("valid carts are valid", prop.ForAll(func(c *engine.Cart) bool {
//		return eng.Price(c).Valid
//	}, fuzz.ValidCartGen(m, fuzz.CartParams{Restaurant: &r, Now: now})))
//
// Failing properties report shrunk counterexamples: [CartShrinker] drops
// lines from a valid cart, [MutationShrinker] lines that do not move the
// expected path.
//
// Dishes that cannot be ordered validly at all (a required group that its
// active modifiers cannot reach, say) are skipped; when no dish of a menu
// can be ordered, the cart generator fails to generate, which gopter
// reports as such.
//
// # Dependencies
//
// The generators are this package's API, so it imports gopter outside test
// files (the only rkcart package that does).
//
// # Concurrency
//
// Generators are stateless values; the carts they produce are fresh and
// owned by the caller.
package fuzz
