package engine

import (
	"maps"
	"time"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Availability is live data beside the menu: what the kitchen has stopped
// and what is left, as it was at TakenAt. Set it with
// [Engine.SetAvailability]; it is swapped atomically like the menu, and a
// cart sees one availability from start to end.
type Availability struct {
	StoppedDishes    map[menu.ID]bool      // dishes that cannot be ordered now (components included)
	StoppedModifiers map[menu.ID]bool      // modifiers that cannot be ordered now
	DishLeft         map[menu.ID]money.Qty // remaining thousandths of a dish; absent: unlimited
	ModifierLeft     map[menu.ID]money.Qty // remaining thousandths of a modifier; absent: unlimited
	TakenAt          time.Time             // when it was read (for Options.MaxAvailabilityAge)
}

// SetAvailability swaps in a copy of a (nil clears it). Balances are
// consumed across the whole cart: dish lines and combo components for a
// dish, every priced occurrence (count × quantity) for a modifier. It is
// the one stock mechanism (Options.Stock is gone: a dish's remaining
// quantity is DishLeft here).
func (e *Engine) SetAvailability(a *Availability) {
	if a == nil {
		e.avail.Store(nil)
		return
	}
	c := &Availability{StoppedDishes: maps.Clone(a.StoppedDishes), StoppedModifiers: maps.Clone(a.StoppedModifiers),
		DishLeft: maps.Clone(a.DishLeft), ModifierLeft: maps.Clone(a.ModifierLeft), TakenAt: a.TakenAt}
	e.avail.Store(c)
}

// Availability returns a copy of the availability in use, or nil.
func (e *Engine) Availability() *Availability {
	a := e.avail.Load()
	if a == nil {
		return nil
	}
	c := *a
	c.StoppedDishes, c.StoppedModifiers = maps.Clone(a.StoppedDishes), maps.Clone(a.StoppedModifiers)
	c.DishLeft, c.ModifierLeft = maps.Clone(a.DishLeft), maps.Clone(a.ModifierLeft)
	return &c
}

// dishLeft is the availability's balance of dish id.
func (p *pricer) dishLeft(id menu.ID) (money.Qty, bool) {
	if p.av == nil {
		return 0, false
	}
	q, ok := p.av.DishLeft[id]
	return q, ok
}

func (p *pricer) stoppedDish(id menu.ID) bool { return p.av != nil && p.av.StoppedDishes[id] }

func (p *pricer) stoppedModifier(id menu.ID) bool { return p.av != nil && p.av.StoppedModifiers[id] }
