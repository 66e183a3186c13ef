// Package combo checks combo dishes: slots (groups of the combo's own
// scheme whose modi stand for dishes via dishid), their components, and each
// component's own modifiers, built on package modifiers.
//
// # Rules
//
// A combo uses only its own scheme's groups (never common groups). Each
// component id must be the dishid of an active modi in an active group of
// that scheme, else [CodeComponentNotAllowed]; the component dish's own
// active flag is not checked, and items under a rejected component are not
// checked. Components count against their slot's limits exactly like
// modifiers: repeats are summed for maxOneDish and limits (reported at the
// first valid occurrence), and a slot's default implies its component.
// Each occurrence keeps its own count and its own modifiers, which follow
// the modifier rules for the component dish; problems about an implied
// component's modifiers point at the combo line.
//
// # Concurrency
//
// A [Checker] is not safe for concurrent use; results alias its buffers
// until its next call.
package combo

import (
	"github.com/rkcart/rkcart/internal/linebuf"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// CodeComponentNotAllowed: a component that is no active slot entry.
const CodeComponentNotAllowed = "combo_component_not_allowed"

// Component is one component item of a combo line, with the modifier items
// under it.
type Component struct {
	ID    menu.ID // the component dish id
	Qnt   money.Qty
	Index int // position among the combo line's items
	Items []modifiers.Item
}

// Occurrence is a priced-to-be component: a valid component item or an
// implied default. Entry.Count is this occurrence's own count; Entry.Item is
// its index among the combo's items, -1 when implied.
type Occurrence struct {
	modifiers.Entry
	Modifiers []modifiers.Entry // for one unit of the component dish
}

// Problem is a broken rule. Item is the component index (-1: the combo
// line); Sub is the modifier item under that component (-1: the component
// itself).
type Problem struct {
	modifiers.Problem
	Sub int
}

// Checker checks combo units. The zero value is ready to use; like
// [modifiers.Checker], its buffers own their cache lines.
type Checker struct {
	m        *menu.Menu // of the last check: its buffers' stale entries point into it
	mods     modifiers.Checker
	summed   []modifiers.Entry
	occs     []Occurrence
	modBuf   []modifiers.Entry
	spans    [][2]int
	problems []Problem
}

// Check checks one unit of combo dish d with the given components.
// Occurrences come in item order, implied components last.
func (c *Checker) Check(m *menu.Menu, d menu.Dish, comps []Component) ([]Occurrence, []Problem) {
	if m != c.m { // entries point into their menu: a pooled Checker keeps no replaced one
		clear(c.summed[:cap(c.summed)])
		clear(c.occs[:cap(c.occs)])
		clear(c.modBuf[:cap(c.modBuf)])
		c.m = m
	}
	c.summed, c.occs, c.modBuf = linebuf.Reset(c.summed), linebuf.Reset(c.occs), linebuf.Reset(c.modBuf)
	c.spans, c.problems = linebuf.Reset(c.spans), linebuf.Reset(c.problems)
	r := m.Resolver(&d)
	for ci, comp := range comps {
		n, ok := modifiers.Count(comp.Qnt)
		if !ok {
			c.add(modifiers.Problem{Code: modifiers.CodeBadQuantity, Item: comp.Index, ID: comp.ID, Qnt: comp.Qnt}, -1)
			continue
		}
		opt, found := r.Component(comp.ID)
		if !found || !opt.Active {
			c.add(modifiers.Problem{Code: CodeComponentNotAllowed, Item: comp.Index, ID: comp.ID}, -1)
			continue
		}
		e := modifiers.Entry{Option: opt, Ref: opt.Ref, Count: n, Item: comp.Index}
		c.occs = append(c.occs, Occurrence{Entry: e})
		c.spans = append(c.spans, [2]int{ci, 0})
		c.summed = modifiers.Merge(c.summed, e)
	}
	entries, probs := c.mods.Apply(m, r.ComboGroups(), r.ComboRules(), c.summed)
	for _, p := range probs {
		c.add(p, -1)
	}
	for _, e := range entries {
		if e.Implied {
			c.occs = append(c.occs, Occurrence{Entry: e})
			c.spans = append(c.spans, [2]int{-1, 0})
		}
	}
	// Each occurrence's own modifiers, for one unit of its component dish.
	for oi := range c.occs {
		occ := &c.occs[oi]
		var items []modifiers.Item
		if ci := c.spans[oi][0]; ci >= 0 {
			items = comps[ci].Items
		}
		dish, _ := m.Dish(occ.DishID) // an unknown dish gets common groups only
		start := len(c.modBuf)
		mods, probs := c.mods.Modifiers(m, dish, items)
		c.modBuf = append(c.modBuf, mods...)
		c.spans[oi] = [2]int{start, len(c.modBuf)}
		for _, p := range probs {
			sub := p.Item
			p.Item = occ.Item
			if occ.Implied {
				sub = -1 // about an implied component: point at the combo line
			}
			c.add(p, sub)
		}
	}
	for oi := range c.occs {
		s := c.spans[oi]
		c.occs[oi].Modifiers = c.modBuf[s[0]:s[1]:s[1]]
	}
	return c.occs, c.problems
}

func (c *Checker) add(p modifiers.Problem, sub int) {
	c.problems = append(c.problems, Problem{Problem: p, Sub: sub})
}
