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
// Nothing the caller sent is lost, nothing they did not send is invented:
//   - A line with a violation at or under it (engine.PricedLine.HasViolations)
//     is written as sent, nested items included.
//   - Repeated modifiers are merged with the union of every occurrence's
//     unknown members; occurrences that give one member two values are
//     written one by one, each with its own qnt.
//   - Header members are written normalised when valid and as sent when
//     not; a decoded cart's absent members stay absent (no objectid,
//     order_type, pay_type, delivery_time or client invented); comment is
//     written as sent, "" and numbers included, and postorder refuses one
//     over 255 characters. postorder also refuses a cart without a
//     positive objectid, which its URL needs.
//   - The result must be the cart's: emitting compares
//     engine.Fingerprint(cart) with Result.Fingerprint (ErrMismatch).
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
// whatever is left as unexplained. Its Verdict is what a script acts on:
// match (the POS priced every line and the total as rkcart did),
// discounted (only its discounts differ), differs (other differences, each
// attributed; the POS's own rounding counts as one), unexplained (some
// kopecks have no cause). Lines that add nothing to the subtotal (an
// unknown dish, a bad quantity) are not expected in the answer.
//
// [ReconcileCalcOrder] reads a CalcOrder answer, which lists only the
// amount to pay per currency, discounts deducted: the base currency (code
// 1, "Rubles", unless [CalcOptions] say otherwise) is compared with the
// subtotal; less is attributed to discounts, more is unexplained.
// Assumption (the reference does not say): like order_sum, the amount
// does not include the restaurant's delivery price.
package pos
