// Package pos speaks to the POS: it writes the request bodies the r_keeper
// services accept for a cart priced by package engine, reads their
// answers, and reconciles an answer with the priced cart.
//
//	res := e.Price(cart)
//	req, err := pos.EmitSaveDeliveryOrder(cart, res, pos.EmitOptions{})
//	// POST req.URL() with req.Body …
//	resp, err := pos.DecodeOrderResponse(body)
//	rec := pos.Reconcile(res, resp)
//
// # Dialects
//
// [EmitSaveDeliveryOrder] (new customer; an existing customer's objectid
// moves to the query string), [EmitCalcOrder] (the same body, another
// URL), [EmitPostOrder] (the UCS endpoint server's postorder, whose
// order_type is reversed: 0 is delivery, 1 pickup) and [EmitPayment].
// Bodies are byte-stable and compact: ids as strings, repeated modifiers
// merged, implied defaults and combo components written out, discount (dc)
// lines, client and address as sent, and members the cart model does not
// know carried through from the cart as decoded. A cart with violations is
// refused ([*RefusedError]) unless forced; forced invalid lines are
// written exactly as sent.
//
// # Answers
//
// [DecodeOrderResponse] (savedeliveryorder and Order),
// [DecodeCalcOrderResponse], [DecodeCourier] and
// [DecodePostOrderResponse] read the envelope and its data. Each checks
// that it was given its kind of answer: a document of another kind, `{}`
// or `{"data":null}` is a [document.Error] saying what was expected; an
// "Err" envelope is a [document.APIError] with every code, text and
// details.
//
// # Reconciliation
//
// [Reconcile] explains every kopeck between the subtotal priced here and
// the POS's order_sum: discounts, changed prices and quantities, missing
// and extra lines, dropped implied defaults, the POS's own rounding, and
// whatever is left as unexplained.
package pos
