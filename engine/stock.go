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

func (p *pricer) use(id menu.ID, q money.Qty, loc Loc, modifier bool) {
	for i := range p.s.stock {
		if p.s.stock[i].id == id && p.s.stock[i].modifier == modifier {
			if s, err := p.s.stock[i].qty.AddQty(q); err == nil {
				p.s.stock[i].qty = s
			} else {
				p.s.stock[i].qty = math.MaxInt64
			}
			return
		}
	}
	p.s.stock = append(p.s.stock, stockUse{id, q, loc, modifier})
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
		p.lines[i].HasErrors = p.lines[i].HasErrors || p.e.opts.Profile.SeverityOf(CodeOutOfStock) == Error
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
