package engine

// Stock and availability: what a cart uses of limited dishes and
// modifiers, checked once the whole cart is priced.

import (
	"math"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

type stockUse struct {
	id       menu.ID
	qty      money.Qty
	first    Loc
	modifier bool // a modifier's balance (else a dish's)
}

func (p *pricer) useStock(id menu.ID, q money.Qty, loc Loc) {
	if p.av == nil || len(p.av.DishLeft) == 0 {
		return
	}
	if _, listed := p.dishLeft(id); !listed {
		return
	}
	p.use(id, q, loc, false)
}

// useModifier adds q thousandths of modifier id, when it has a balance.
func (p *pricer) useModifier(id menu.ID, q money.Qty, loc Loc) {
	if p.av == nil || len(p.av.ModifierLeft) == 0 {
		return
	}
	if _, listed := p.av.ModifierLeft[id]; !listed {
		return
	}
	p.use(id, q, loc, true)
}

// stockScan is how many stocked ids a cart may use before use looks them
// up in an index instead of scanning: below it the scan is faster than
// hashing, above it the scan made pricing quadratic (a cart of 10,000
// lines of distinct stocked dishes cost 33 times an unstocked one).
const stockScan = 16

type stockKey struct {
	id       menu.ID
	modifier bool
}

func (p *pricer) use(id menu.ID, q money.Qty, loc Loc, modifier bool) {
	if i := p.stockIndex(id, modifier); i >= 0 {
		u := &p.s.stock[i]
		if s, err := u.qty.AddQty(q); err == nil {
			u.qty = s
		} else {
			u.qty = math.MaxInt64
		}
		return
	}
	p.s.stock = append(p.s.stock, stockUse{id, q, loc, modifier})
	if len(p.s.stockAt) > 0 {
		p.s.stockAt[stockKey{id, modifier}] = int32(len(p.s.stock) - 1)
	}
}

// stockIndex is the position of (id, modifier) in the cart's stock uses,
// or -1. The index is built the first time the uses outgrow stockScan and
// kept (cleared, not freed) from cart to cart, so pricing stays free of
// allocations once it has seen a cart that large.
func (p *pricer) stockIndex(id menu.ID, modifier bool) int {
	st := p.s.stock
	if len(st) <= stockScan {
		for i := range st {
			if st[i].id == id && st[i].modifier == modifier {
				return i
			}
		}
		return -1
	}
	if len(p.s.stockAt) == 0 {
		if p.s.stockAt == nil {
			p.s.stockAt = make(map[stockKey]int32, 4*stockScan)
		}
		for i := range st {
			p.s.stockAt[stockKey{st[i].id, st[i].modifier}] = int32(i)
		}
	}
	if i, ok := p.s.stockAt[stockKey{id, modifier}]; ok {
		return int(i)
	}
	return -1
}

// availableModifier checks a priced modifier against the availability:
// stopped, and its use (count × mult × qnt) toward its balance. An implied
// default has no path: its violation points at the line.
func (p *pricer) availableModifier(en *modifiers.Entry, at Loc, mult int64, qnt money.Qty) {
	path := at.Path()
	if path == "" {
		path = pointer(int(at.Line), -1, -1)
	}
	if p.stoppedModifier(en.ID) {
		if at.Item >= 0 {
			p.flag(at)
		}
		p.add(CodeStopped, path, Params{{"modifier_id", int64(en.ID)}}, msg{variant: "modifier", modifier: p.modNamed(en.ID)})
		if !en.Implied {
			p.hint(&Hint{Action: HintRemove})
		}
	}
	if q := en.Count; q > 0 && mult > 0 && qnt > 0 && q <= math.MaxInt64/mult && q*mult <= math.MaxInt64/int64(qnt) {
		p.useModifier(en.ID, money.Qty(q*mult*int64(qnt)), at)
	}
}

// checkStock reports each listed dish whose total use exceeds its stock,
// at the first line or component that uses it, and marks that line (and
// component) as having a violation.
func (p *pricer) checkStock() {
	for _, u := range p.s.stock {
		if u.modifier {
			avail := p.av.ModifierLeft[u.id]
			if u.qty > avail {
				p.markStock(u.first)
				path := u.first.Path()
				if path == "" {
					path = pointer(int(u.first.Line), -1, -1) // an implied default: at its line
				}
				p.add(CodeOutOfStock, path, Params{{"modifier_id", int64(u.id)}, {"available", int64(avail)}, {"requested", int64(u.qty)}},
					msg{variant: "modifier", modifier: p.modNamed(u.id)})
				p.hint(&Hint{Action: HintRemove})
			}
			continue
		}
		avail, _ := p.dishLeft(u.id)
		if u.qty > avail {
			p.markStock(u.first)
			path := pointer(int(u.first.Line), int(u.first.Item), -1)
			p.add(CodeOutOfStock, path, Params{{"dish_id", int64(u.id)}, {"available", int64(avail)}, {"requested", int64(u.qty)}}, msg{dish: p.dishByID(u.id)})
			p.hint(&Hint{Action: HintReduceDish, ID: u.id, Qnt: avail})
		}
	}
}

// markStock flags the line (and component) at l after the fact: stock is
// summed over the whole cart, so it is known only once every line is priced.
func (p *pricer) markStock(l Loc) {
	for i := range p.lines {
		if p.lines[i].Index != int(l.Line) {
			continue
		}
		p.lines[i].HasViolations = true
		p.lines[i].HasErrors = p.lines[i].HasErrors || p.call.Profile.SeverityOf(CodeOutOfStock) == Error
		if l.Item < 0 {
			return
		}
		for j := range p.lines[i].Components { // cut has run: these are p.comps
			if c := &p.lines[i].Components[j]; c.Loc.Item == l.Item {
				c.HasViolations = true
			}
		}
		return
	}
}
