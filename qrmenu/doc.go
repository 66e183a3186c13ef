// Package qrmenu reads the r_keeper QR-menu notification feed
// (GET /api/v4/events): typed events, consistency checks, repricing against
// a menu, and a polling client.
//
// # Units
//
// The feed carries money as roubles with a fraction (186.0) and counts as
// pieces with a fraction (3.0). They are converted exactly through package
// money into kopecks and thousandths; a value more precise than a kopeck
// (or a thousandth) is an error naming its field, never rounded.
//
// # Events
//
// [Decode] returns every update in order. The five documented codes
// (save_order, waiter_call, additional_order, online_payment, bill_request)
// are typed; an event with any other code is kept with its raw JSON
// ([Event.Raw]) and [Event.Known] false — nothing is dropped.
//
// # Checks
//
// [Check] reports inconsistencies inside an event as [Finding]s with stable
// codes and JSON Pointers into the events response. A dish's sum must be
// kernel(price, count) plus its modifiers' sums (each kernel(price, count),
// counts taken as totals for the dish line); the order's sum the sum of its
// dishes' sums when no discount is listed, and its pricelist_sum likewise;
// an invoice's unpaid_sum the order's sum when no payment is listed; the
// items an additional_order adds must be in the order; invoice and order
// must name the same order guid and table.
//
// # Repricing
//
// [Reprice] turns an event's order into a cart, prices it with an engine,
// and reconciles the QR server's figures with it in the vocabulary of
// pos.Reconcile.
//
// # Concurrency
//
// Decoded values are plain data. A [Poller] is safe for use by one
// goroutine at a time (polling is sequential by nature).
package qrmenu
