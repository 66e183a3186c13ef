package qrmenu

import (
	"errors"
	"fmt"
	"github.com/rkcart/rkcart/pos"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// ErrNoOrder is returned when an event carries no order to reprice.
var ErrNoOrder = errors.New("qrmenu: event has no order")

// Repricing is an event's order priced against a menu, and the QR server's
// figures reconciled with it.
type Repricing struct {
	Result         engine.Result      // line violations only: a table order has no delivery header
	Reconciliation pos.Reconciliation // QR figures against the menu's
}

// CartOf turns an event's order into a pickup cart: one d line per dish
// (qnt = count), one m item per modifier with its count per dish unit (the
// feed's modifier count is taken as the total for the dish line; a count
// that does not divide evenly is kept as the total and reported by the
// engine as bad_quantity). objectID fills objectid.
//
// It returns ErrNoOrder if the event has no order.
func CartOf(ev Event, objectID menu.ID) (*engine.Cart, error) {
	if ev.Order == nil {
		return nil, ErrNoOrder
	}
	c := &engine.Cart{ObjectID: objectID, DeliveryTime: "2099-01-01T00:00:00",
		Client: engine.Client{ID: "qr-table-" + strconv.FormatInt(ev.Table, 10)}}
	for _, d := range ev.Order.Dishes {
		ln := engine.Line{Type: engine.TypeDish, ID: menu.ID(d.ID), Qnt: d.Count}
		for _, m := range d.Modifiers {
			per := m.Count
			if d.Count > 0 && int64(m.Count)*int64(money.Piece)%int64(d.Count) == 0 {
				per = money.Qty(int64(m.Count) * int64(money.Piece) / int64(d.Count))
			}
			ln.Items = append(ln.Items, engine.Item{Type: engine.TypeModifier, ID: menu.ID(m.ID), Qnt: per})
		}
		c.Lines = append(c.Lines, ln)
	}
	return c, nil
}

// Reprice prices the event's order with e and reconciles the QR server's
// order (its sum, pricelist_sum and dishes) against it: a price the feed
// shows that the menu does not have is price_changed, a discount
// (pricelist_sum − sum) is discount, and so on (see pos.Reconcile).
// Only violations about lines are kept: the header of a table order is
// synthetic.
//
// It returns ErrNoOrder if the event has no order.
func Reprice(e *engine.Engine, ev Event) (Repricing, error) {
	c, err := CartOf(ev, 0)
	if err != nil {
		return Repricing{}, err
	}
	res := e.Price(c)
	var lines engine.Violations
	for _, v := range res.Violations {
		if strings.HasPrefix(v.Path, "/order/") {
			lines = append(lines, v)
		}
	}
	res.Violations, res.Valid = lines, len(lines) == 0
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
