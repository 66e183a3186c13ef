// Package modifiers applies the modifier-group rules to one dish unit:
// resolution against the dish's allowed groups, summing of repeats, implied
// defaults, maxOneDish caps and group limits.
//
// # Rules
//
// Each item gets at most one problem, checked in this order: its quantity
// (qnt/1000 must be a whole count > 0: [CodeBadQuantity]); an id in no modi
// of the menu ([CodeUnknownModifier]); an id outside the dish's allowed
// groups ([CodeModifierNotAllowed]); an inactive modi or group
// ([CodeInactiveModifier]). Such an item is neither counted nor priced.
// Repeats of one modifier are summed and reported at the first valid
// occurrence.
//
// [Checker.End] (or [Checker.Apply], for entries gathered elsewhere) then
// adds implied defaults: an active group whose active
// defaultModifier X is in the group gets X with count 1 when nothing in the
// group is selected, or, with replaceDefModifier = 0, when other modifiers
// but not X are selected. Implied entries are marked, priced and counted
// toward limits. Finally maxOneDish > 0 caps each modifier's count
// ([CodeMaxOneDishExceeded]) and every active group's useDownLimit/upLimit
// are checked ([CodeGroupBelowMin], [CodeGroupAboveMax]); inactive groups
// are never enforced.
//
// # Units
//
// Item quantities are thousandths per one unit of the parent; counts are
// whole pieces.
//
// # Concurrency
//
// A [Checker] holds scratch space and is not safe for concurrent use; use
// one per goroutine (the engine pools them). Results alias the Checker's
// buffers and are valid until its next call.
package modifiers
