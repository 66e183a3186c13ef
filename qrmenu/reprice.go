package qrmenu

import (
	"errors"
	"fmt"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
)

// ErrNoOrder is returned when an event carries no order to reprice.
var ErrNoOrder = errors.New("qrmenu: event has no order")

// Repricing is an event's order priced against a menu, and the QR server's
// figures reconciled with it.
type Repricing struct {
	Result         engine.Result      // lines alone (engine.PriceLines): a table order has no delivery header
	Reconciliation pos.Reconciliation // QR figures against the menu's
}

// LinesOf turns an event's order into cart lines: one d line per dish
// (qnt = count), one m item per modifier with its count per dish unit (the
// feed's modifier count is taken as the total for the dish line; a count
// that does not divide evenly is kept as the total and reported by the
// engine as bad_quantity).
//
// It returns ErrNoOrder if the event has no order.
func LinesOf(ev Event) ([]engine.Line, error) {
	if ev.Order == nil {
		return nil, ErrNoOrder
	}
	var lines []engine.Line
	for _, d := range ev.Order.Dishes {
		ln := engine.Line{Type: engine.TypeDish, ID: menu.ID(d.ID), Qnt: d.Count}
		for _, m := range d.Modifiers {
			per := m.Count
			if d.Count > 0 && int64(m.Count)*int64(money.Piece)%int64(d.Count) == 0 {
				per = money.Qty(int64(m.Count) * int64(money.Piece) / int64(d.Count))
			}
			ln.Items = append(ln.Items, engine.Item{Type: engine.TypeModifier, ID: menu.ID(m.ID), Qnt: per})
		}
		lines = append(lines, ln)
	}
	return lines, nil
}

// CartOf is LinesOf as a cart for objectID. It writes no header beyond
// objectid and invents none: a table order has no delivery time, client or
// order type, so pricing the cart with Price reports those as missing; use
// engine.PriceLines (as Reprice does) to check the lines alone.
//
// It returns ErrNoOrder if the event has no order.
func CartOf(ev Event, objectID menu.ID) (*engine.Cart, error) {
	lines, err := LinesOf(ev)
	if err != nil {
		return nil, err
	}
	return &engine.Cart{ObjectID: objectID, Lines: lines}, nil
}

// Reprice prices the event's order with e and reconciles the QR server's
// order (its sum, pricelist_sum and dishes) against it: a price the feed
// shows that the menu does not have is price_changed, a discount
// (pricelist_sum − sum) is discount, and so on (see pos.Reconcile).
// The lines are priced alone (engine.PriceLines): a table order has no
// delivery header to check.
//
// It returns ErrNoOrder if the event has no order.
func Reprice(e *engine.Engine, ev Event) (Repricing, error) {
	lines, err := LinesOf(ev)
	if err != nil {
		return Repricing{}, err
	}
	res := e.PriceLines(lines)
	o := ev.Order
	resp := pos.OrderResponse{OrderSum: o.Sum, DiscountSum: o.Sum - o.PricelistSum}
	for _, d := range o.Dishes {
		rd := pos.ResponseDish{ID: menu.ID(d.ID), Name: d.Name, Price: d.Price, Amount: d.Sum, Quantity: d.Count}
		for _, m := range d.Modifiers {
			rd.Modi = append(rd.Modi, pos.ResponseModi{ID: menu.ID(m.ID), Name: m.Name, Price: m.Price, Quantity: m.Count})
		}
		resp.Dishes = append(resp.Dishes, rd)
	}
	return Repricing{Result: res, Reconciliation: pos.Reconcile(res, resp)}, nil
}

// String summarises a repricing for logs.
func (r Repricing) String() string {
	return fmt.Sprintf("menu %s, QR %s, %d explanations, unexplained %s",
		r.Reconciliation.Expected, r.Reconciliation.Actual, len(r.Reconciliation.Items), r.Reconciliation.Unexplained)
}
