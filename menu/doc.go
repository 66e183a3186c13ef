// Package menu decodes r_keeper WebDelivery menu data and compiles it into an
// immutable, indexed [Menu].
//
// # Input
//
// [Load] takes a `dishes` response, either the envelope
// {"data":{…},"status":"Ok"} or the bare data object. Ids may be JSON numbers
// or digit strings; "name":null is an empty name; unknown keys are ignored.
// An envelope with "status":"Err" becomes an [*APIError]. [LoadRestaurant],
// [LoadTree] and [LoadCurrencies] read the `rests`, `menutree` and `Currency`
// responses the same way.
//
// Real exports contain dangling `modischeme` references, duplicate ids and
// names stored as literal `\u00F3` escape text. Loading never fails on those:
// escape text is decoded to real letters, and everything else becomes a
// finding of [Lint].
//
// # Resolution
//
// The allowed groups of a dish are its scheme's groups in document order,
// then every group of every `commonModifiers` scheme. A modifier id resolves
// to the first allowed group containing it ([Menu.Resolve]). A dish is a
// combo when its scheme has a group whose modi carry dishid ≠ 0; combo lines
// use their own scheme's groups only ([Menu.ResolveComponent]).
// `commonModifiers` schemes are kept apart from `modifiers` schemes: their ids
// may coincide. When a dish or scheme id occurs twice, the first occurrence
// is the one looked up (and Lint reports the second). Pricing resolves
// through a dish's [Resolver], found once per line, which answers with a
// pointer into the compiled menu instead of a copy.
//
// # Units
//
// Menu prices are integer minor units ([money.Kopecks]). Restaurant amounts
// (`min_check_amount`, `delivery_price`) are major units by default and are
// converted ×100 exactly; [RestaurantOptions.MinorUnits] says they are minor
// units already.
//
// # Documents
//
// Each loader checks that it was given its kind of document: a `dishes`
// response needs dishes[] (an empty one is an empty menu), a restaurant an
// id, `menutree` selectors[], `Currency` data[]. `{}`, `{"data":null}` and
// documents of another kind (a cart, a POS response) are refused with a
// [document.Error] that says what was expected and what the input looks
// like. The "Ok"/"Err" envelope is checked by the one check every
// WebDelivery decoder shares ([document.CheckStatus]).
//
// # Compiling
//
// Compiling is linear in the menu's size: each scheme's own groups are
// indexed once, and the common groups once for all schemes
// ([Menu.Resolve] looks there when a scheme's own index misses).
// [Menu.Groups] is a view of a dish's own groups followed by the shared
// common ones, not a copy.
//
// # Limits
//
// A document larger than [Options.MaxBytes] (default 64 MiB for a menu,
// 8 MiB for a restaurant, 16 MiB for a menutree, 1 MiB for currencies:
// package document) is refused before decoding, and [LoadReader] never
// reads more than the limit plus one byte.
//
// # Errors
//
// Unusable input is an error, never a panic: malformed JSON names its line
// and column, a wrong type names its JSON Pointer and value, e.g.
// `/data/dishes/12/price: want integer, got "abc" (line 40, column 12)`.
// Every such error is a *[document.Error] (kind, pointer, line, column)
// and unwraps to [ErrDecode]; an oversized document to [ErrTooLarge] too;
// an "Err" envelope to [ErrAPI] (and [errors.As] gives the [*APIError]).
//
// # Concurrency
//
// A [Menu] is immutable once [Load] returns it and is safe for concurrent use
// by multiple goroutines. Loading a new menu never disturbs readers of an
// old one.
package menu
