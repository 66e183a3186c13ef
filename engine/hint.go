package engine

import (
	"time"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// Hint actions: what to do about a violation. Each names the cart place it
// acts on in Hint.Path (the violation's path unless said otherwise).
const (
	// HintRemove: remove the line or item at Path.
	HintRemove = "remove"
	// HintSetQnt: set the qnt of the line or item at Path to Qnt.
	HintSetQnt = "set_qnt"
	// HintLimit: modifier ID under the parent of the item at Path may be
	// chosen at most Count times per unit: make its total Count (the item
	// at Path carries it, its repeats go).
	HintLimit = "limit"
	// HintAdd: add one unit (qnt 1000) of each id of Add, of item type
	// Type, under the line or component at Path, to reach the group's
	// minimum; Options lists every active choice of the group.
	HintAdd = "add"
	// HintReduce: remove Count units among the items at Items (paths of
	// the group's chosen items, in cart order), to get under the group's
	// maximum.
	HintReduce = "reduce"
	// HintSet: set the member at Path to one of Values.
	HintSet = "set"
	// HintSetDeliveryTime: the earliest acceptable delivery_time from now,
	// in DeliveryTime.
	HintSetDeliveryTime = "set_delivery_time"
	// HintAsk: the customer must provide the member at Path.
	HintAsk = "ask"
	// HintAddLine: the order needs a line.
	HintAddLine = "add_line"
	// HintAddAmount: add dishes worth at least Amount to reach the minimum
	// check.
	HintAddAmount = "add_amount"
	// HintReduceDish: dish ID's total use (dish lines and components) must
	// come down to Qnt thousandths.
	HintReduceDish = "reduce_dish"
)

// Hint is a machine-readable repair of a violation that a customer or a
// kiosk can make. Violations without one: amount_overflow (nothing to
// change in the cart), wrong_object and bad_objectid without a restaurant
// (no id to suggest), delivery times when the restaurant never delivers,
// and a group the menu makes impossible to satisfy (see menu.Lint).
type Hint struct {
	Action       string        `json:"action"`
	Path         string        `json:"path"`
	ID           menu.ID       `json:"id,omitempty"`
	Qnt          money.Qty     `json:"qnt,omitempty"`
	Count        int64         `json:"count,omitempty"`
	Type         string        `json:"type,omitempty"`
	Add          []menu.ID     `json:"add,omitempty"`
	Options      []menu.ID     `json:"options,omitempty"`
	Items        []string      `json:"items,omitempty"`
	Values       []int64       `json:"values,omitempty"`
	Amount       money.Kopecks `json:"amount,omitempty"`
	DeliveryTime string        `json:"delivery_time,omitempty"`
}

// hint sets h on the violation added last.
func (p *pricer) hint(h *Hint) {
	if h != nil && len(p.vs) > 0 {
		v := &p.vs[len(p.vs)-1]
		if h.Path == "" {
			h.Path = v.Path
		}
		v.Hint = h
	}
}

// wholeQnt is q rounded to the nearest whole number of pieces, at least
// one piece and at most limit (whole pieces).
func wholeQnt(q, limit money.Qty) money.Qty {
	if q > limit {
		q = limit
	}
	n := q / money.Piece * money.Piece
	if q%money.Piece >= money.Piece/2 {
		n += money.Piece
	}
	top := limit / money.Piece * money.Piece
	return min(top, max(n, money.Piece))
}

// groupHint is the repair of a group limit on the unit at parent (a path)
// whose groups are groups and whose items are items (as sent).
func (p *pricer) groupHint(pr modifiers.Problem, parent string, d menu.Dish, groups menu.Groups, items []Item, itemType string) *Hint {
	if int(pr.Group) >= groups.Len() {
		return nil
	}
	g := groups.At(int(pr.Group))
	if g.ID != pr.GroupID {
		return nil // not the groups the problem was found in (an implied component's)
	}
	// What the unit holds of the group now, by modi position.
	counts := make([]int64, len(g.Modis))
	var chosen []string
	for i := range items {
		it := &items[i]
		if it.Type != TypeModifier && it.Type != TypeComponent && it.Type != TypeDish {
			continue
		}
		mi, ok := p.inGroup(d, g, pr.Group, it, itemType)
		if !ok {
			continue
		}
		if n, ok := countOf(it.Qnt); ok {
			counts[mi] += n
			chosen = append(chosen, parent+"/items/"+idText(menu.ID(i)))
		}
	}
	if pr.Code == CodeGroupAboveMax {
		return &Hint{Action: HintReduce, Path: parent, ID: g.ID, Count: pr.Actual - pr.Max, Items: chosen}
	}
	need := pr.Min - pr.Actual
	h := &Hint{Action: HintAdd, Path: parent, ID: g.ID, Count: need, Type: itemType}
	for mi := range g.Modis {
		md := &g.Modis[mi]
		if !md.Active {
			continue
		}
		id := md.ID
		if itemType == TypeComponent {
			id = md.DishID
		}
		h.Options = append(h.Options, id)
		for need > 0 && (md.MaxOneDish <= 0 || counts[mi] < md.MaxOneDish) {
			h.Add = append(h.Add, id)
			counts[mi]++
			need--
		}
	}
	if need > 0 {
		return nil // the group cannot reach its minimum (menu.Lint: down_unreachable)
	}
	return h
}

// inGroup reports the modi position in group g (at position gi among the
// unit's groups) that item it resolves to.
func (p *pricer) inGroup(d menu.Dish, g *menu.Group, gi int32, it *Item, itemType string) (int, bool) {
	var o menu.Option
	var ok bool
	if itemType == TypeComponent {
		o, ok = p.m.ResolveComponent(d, it.ID)
	} else {
		o, ok = p.m.Resolve(d, it.ID)
	}
	if !ok || o.Group != gi || int(o.Modi) >= len(g.Modis) {
		return 0, false
	}
	return int(o.Modi), true
}

func countOf(q money.Qty) (int64, bool) {
	if q <= 0 || !q.Whole() {
		return 0, false
	}
	return q.Pieces(), true
}

// timeHint suggests the earliest delivery_time from now (to the next whole
// minute) that the rules accept: for a delivery order with a restaurant,
// inside its delivery period and cut-off. It searches two days of minutes;
// a period that admits none gets no hint.
func (e *Engine) timeHint(delivery bool, rest *menu.Restaurant, now time.Time) *Hint {
	loc := e.location()
	t := now.In(loc).Truncate(time.Minute).Add(time.Minute)
	for range 2 * 24 * 60 {
		sod := t.Hour()*3600 + t.Minute()*60
		if !delivery || rest == nil || rest.Period.Admits(sod, e.opts.CutoffMinutes) {
			return &Hint{Action: HintSetDeliveryTime, Path: "/delivery_time", DeliveryTime: t.Format(deliveryLayout)}
		}
		t = t.Add(time.Minute)
	}
	return nil
}
