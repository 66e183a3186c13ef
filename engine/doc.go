// Package engine validates and prices r_keeper carts (savedeliveryorder
// bodies) against a compiled menu and an optional restaurant, in one
// deterministic pass that agrees with the POS to the kopeck.
//
//	m, _ := menu.Load(menuJSON, menu.Options{})
//	r, _ := menu.LoadRestaurant(restsJSON, menu.RestaurantOptions{})
//	e, _ := engine.New(m, &r, engine.Options{})
//	res, err := e.PriceJSON(cartJSON) // err only when the input is not a cart
//
// # Units
//
// Amounts are [money.Kopecks] (minor units), quantities [money.Qty]
// (thousandths). A line's qnt is thousandths; an item's qnt is thousandths
// per one unit of its parent (1000 when absent), and must be a whole count.
//
// # Pricing and rounding
//
// Each priced entity is rounded once, half away from zero, as the POS
// stores it: a dish amount is kernel(price, qnt); a modifier amount is
// kernel(price × count, qnt); a combo component is kernel(slot price ×
// count, qnt) and its modifiers kernel(price × count × component count,
// qnt). The component dishes' own menu prices are never added. A line is
// the sum of its entities; the subtotal the sum of lines; delivery orders
// add the restaurant's delivery price. Lines with violations are still
// priced where their ids resolve (a client can show a best-effort total);
// unknown_dish, not_a_combo, combo_as_dish and bad_quantity lines add 0,
// also for the minimum check. Discount (dc) lines are passed through and
// never priced. Implied defaults are priced, marked Implied and have no
// path.
//
// # Rules
//
// docs/contract.md ("Rules of one unit", "Lines and header") in full; the
// decisions it leaves open are these:
//   - order_type and pay_type that are missing, or not JSON integers, are
//     bad_order_type / bad_pay_type; an order with a bad order_type is
//     treated as pickup for the delivery rules.
//   - Without a restaurant there are no objectid, delivery window, minimum
//     check or delivery price rules. A restaurant without delivery_period
//     delivers all day; an all-day period ignores the cut-off.
//   - The delivery window is checked on the written wall-clock time, to the
//     second (begin inclusive, end exclusive, end < begin crosses midnight);
//     a time inside a DST gap is accepted and compared with now as Go
//     normalises it (02:30 in a 02:00→03:00 gap is 03:30).
//   - delivery_time must be exactly YYYY-MM-DDTHH:mm:ss (two-digit hour).
//   - client.email is checked as local@domain.tld without spaces or
//     display names; client.phone as E.164: an optional '+' and 7–15
//     digits, with spaces, '-', '(' and ')' accepted and not counted (the
//     payload carries it as sent).
//   - empty_order means order[] has no entries at all.
//   - Stock use is the sum over the cart of dish-line qnt and component
//     count × combo qnt, reported once per dish at its first use.
//   - A subtotal or total that overflows is amount_overflow at /order (a
//     line's own overflow points at the line, which then adds 0).
//   - Item types are m and dc under a dish, cc and d under a combo, m under
//     a component; anything else is unknown_line_type. Unknown types under
//     a rejected component are not reported (nothing under it is checked).
//   - Items under a dish's modifier (and, in a cart built in Go, under a
//     component's modifier) are nested_item at their path: the POS's
//     order has no place for them, and a payload must not drop them.
//   - objectid must be a positive integer, with or without a restaurant
//     (bad_objectid), unless the body has none and the request names the
//     object (Cart.Object); with a restaurant it must be its id, and it
//     must agree with the request's object (wrong_object).
//   - Availability ([Engine.SetAvailability]) is live data, swapped
//     atomically like the menu: stopped dishes and modifiers are stopped;
//     dish balances (the one stock mechanism) and modifier balances are consumed over the whole cart and reported as
//     out_of_stock; an availability older than Options.MaxAvailabilityAge
//     adds the warning stale_availability.
//
// Each priced line records whether it counts toward the subtotal and
// whether a violation is at or under it (PricedLine.Counts,
// HasViolations; items too), in the same pass: package pos reads those
// facts instead of rebuilding them from paths and codes. [Engine.PriceLines]
// prices lines without the header rules and the delivery price.
//
// # Violations
//
// Every violation is returned at once, sorted by JSON Pointer (numeric
// segments numerically, so /order/2 precedes /order/10) then code, each
// with a stable code (the Code* constants; docs/violations.md lists them
// with paths, params, hints and evidence), params in a fixed order, a
// Severity, a message and, when a customer can fix it, a [Hint].
//
//   - Options.Profile decides severity: ProfileRestaurant (the default)
//     makes every rule an error; ProfilePOS makes the rules the POS is
//     known to accept warnings (today max_one_dish_exceeded). Result.Valid
//     means no error-severity violation, and payloads refuse only errors.
//   - Options.Lang picks English (the default) or Russian messages; they
//     name dishes, modifiers and groups by their menu names, ids (as sent)
//     when there are none.
//   - Hints are actions (remove, set_qnt, limit, add, reduce, set, ask,
//     set_delivery_time, add_line, add_amount, reduce_dish) with what they
//     need; following them one at a time repairs a cart (a property test
//     holds it on generated carts).
//
// Input that is not a cart at all is an [*document.Error] (malformed JSON with
// line and column; a wrong JSON type, a duplicate member, nesting too deep
// with its path as well), never a violation.
//
// # Decoding
//
// [DecodeCart] reads a cart in one forward pass over the bytes: time and
// memory are linear in the input whatever its shape (a 180 KB cart nested
// 4,990 levels deep is refused in well under a millisecond). It refuses,
// with an [*document.Error] (a [document.Error] of kind cart) naming the JSON
// Pointer and line and column:
//   - items deeper than the model (a line, its items, their items: a
//     component's modifiers), and any value nested deeper than
//     MaxCartDepth (32) inside an unknown member;
//   - a member that occurs twice in one object, anywhere in the cart
//     (last-wins would silently drop what the caller sent);
//   - invalid UTF-8 (it would make payloads invalid JSON);
//   - a body that has none of the members of a cart (`{}`, a menu, a POS
//     response): another kind of document, not an empty cart.
//
// Ids are numbers or digit strings, escapes included ("\u0031000042" is
// 1000042). Unknown members are captured once, as sent, in Extra (the
// payload writer copies them from there), and RawID, RawQnt and Cart.Sent
// keep values as they were written so that messages quote them
// (`dish "+1000042" is not on the menu`). The cart owns its memory.
//
// # Limits
//
// Line qnt ≤ Options.MaxQty (default 1,000,000 thousandths); carts over
// Options.MaxCartBytes (default 8 MiB, document.Cart.MaxBytes()) are
// refused by PriceJSON and DecodeCart, and ReadCart never reads more than
// the limit plus one byte. POS responses have the limits of their kinds
// (package document). All arithmetic is checked: nothing wraps and
// nothing panics; a zero [Engine] and a nil Result given to PriceInto are
// handled too (see their docs).
//
// # Entry points and performance
//
// [Engine.PriceInto] is the entry point for pricing carts one after another
// (a server keeps one [Result] per worker goroutine, a kiosk one per
// screen): it fills a caller-owned Result and, once its buffers have grown,
// allocates nothing for a valid cart, so it costs the same on every core.
// [Engine.Price] and [Engine.PriceJSON] are conveniences that allocate a new
// Result each call (two allocations, lines and modifiers, whatever the cart
// size), the right choice for one-off checks and for results that must
// outlive the next cart.
//
// On the 2-core benchmark machine PriceInto's throughput scales about 2×
// with both cores, Price's only about 1.3×: any per-cart allocation hands
// the garbage collector's work, which in a serial loop runs on the idle
// core, to the pricing cores (package bench measures this as GCFloor).
// The line and modifier buffers PriceInto grows in a Result, and the
// engine's own scratch buffers, are at least 1 KiB, so that carts priced on
// different cores never write to a shared cache line. See package bench for
// the numbers.
//
// # Concurrency
//
// An [Engine] is safe for concurrent use by multiple goroutines. Its menu
// and restaurant can be replaced with [Engine.Reload] while carts are being
// priced: each call sees one menu from start to end. Options are copied by
// [New] and never change. A [Result] is a plain value owned by the caller.
package engine
