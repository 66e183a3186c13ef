package engine

// Items and components: a line's modifiers and a combo's components,
// resolved, checked and priced, and the violations they raise.

import (
	"math"
	"strconv"

	"github.com/rkcart/rkcart/combo"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// dishModifiers checks and prices the modifiers of one dish line in one
// pass over its items: each is added to the digest and resolved, counted
// and summed as it is read (no copy of the items, one lookup each); the
// group rules then run once, and the line's entries are priced.
func (p *pricer) dishModifiers(li int, dish *menu.Dish, ln *Line, counts bool, sum *money.Sum) {
	mc := &p.s.mods
	mc.Begin(p.m, dish)
	d := p.d // in registers for the loop; written back around the rare subtree and at the end
	for ii := range ln.Items {
		it := &ln.Items[ii]
		if it.Type == TypeModifier { // the type every modifier has: its word is a constant
			d.term(it.ID, it.Qnt, len(it.Items), modifierWord)
			mc.Add(it.ID, it.Qnt, ii)
			if len(it.Items) == 0 {
				continue
			}
			p.d = d
			p.d.items(it.Items)
			d = p.d
			p.nestedUnder(li, ii, it)
			continue
		}
		d.term(it.ID, it.Qnt, len(it.Items), typeWord(it.Type))
		if len(it.Items) > 0 {
			p.d = d
			p.d.items(it.Items)
			d = p.d
		}
		if it.Type != TypeDiscount {
			p.flag(loc(li, ii, -1))
			p.add(CodeUnknownLineType, pointer(li, ii, -1), Params{{"type", it.Type}}, msg{variant: "dish", sent: strconv.Quote(it.Type)})
			p.hint(&Hint{Action: HintRemove})
		}
	}
	p.d = d
	entries, probs := mc.End()
	for _, pr := range probs {
		p.problem(pr, li, pr.Item, -1, dish.ID)
	}
	for i := range entries {
		p.modifier(&entries[i], loc(li, entries[i].Item, -1), 1, ln.Qnt, counts, sum)
	}
}

// nestedUnder flags every item under the modifier order[li].items[ii].
func (p *pricer) nestedUnder(li, ii int, it *Item) {
	for si := range it.Items {
		p.nested(loc(li, ii, si), pointer(li, ii, si), msg{modifier: p.modNamed(it.ID)})
	}
}

// modifier appends one priced entry, kernel(price × count × mult, qnt),
// filled in place: entries are copied once, into the result.
func (p *pricer) modifier(en *modifiers.Entry, at Loc, mult int64, qnt money.Qty, counts bool, sum *money.Sum) *PricedModifier {
	if en.Implied {
		at.Item, at.Sub = -1, -1
	}
	// Grown by one and filled field by field: a composite literal appended
	// is built on the stack and copied, twice the stores of this.
	n := len(p.mods)
	if n == cap(p.mods) {
		p.grew = true
		p.mods = append(p.mods, PricedModifier{})
	} else {
		p.mods = p.mods[:n+1]
	}
	pm := &p.mods[n]
	pm.ID, pm.GroupID, pm.Qnt, pm.Price = en.ID, en.GroupID, qtyOf(en.Count), en.Price
	pm.Amount, pm.Loc, pm.Implied, pm.HasViolations = 0, at, en.Implied, false
	if p.av != nil {
		p.availableModifier(en, at, mult, qnt)
	}
	if len(p.s.flagged) > 0 && !en.Implied {
		pm.HasViolations = p.flagged(at)
	}
	if !counts {
		return pm
	}
	unit, err := en.Price, error(nil)
	if en.Count != 1 { // one piece, as most are: nothing to multiply
		unit, err = unit.MulInt(en.Count)
	}
	if err == nil && mult != 1 {
		unit, err = unit.MulInt(mult)
	}
	if err == nil {
		pm.Amount, err = unit.MulQty(qnt)
	}
	sum.AddErr(pm.Amount, err)
	return pm
}

func (p *pricer) components(li int, dish menu.Dish, ln *Line, counts bool, sum *money.Sum) {
	comps, sub := p.s.comps[:0], p.s.sub[:0]
	type badSub struct{ item, sub int }
	var bad []badSub // unknown types under components: rare, so not pooled
	for ii := range ln.Items {
		it := &ln.Items[ii]
		p.d.term(it.ID, it.Qnt, len(it.Items), typeWord(it.Type))
		if len(it.Items) > 0 {
			p.d.items(it.Items)
		}
		if it.Type != TypeComponent && it.Type != TypeDish {
			p.flag(loc(li, ii, -1))
			p.add(CodeUnknownLineType, pointer(li, ii, -1), Params{{"type", it.Type}}, msg{variant: "combo", sent: strconv.Quote(it.Type)})
			p.hint(&Hint{Action: HintRemove})
			continue
		}
		start := len(sub)
		for si := range it.Items {
			if it.Items[si].Type != TypeModifier {
				bad = append(bad, badSub{ii, si})
				continue
			}
			for k := range it.Items[si].Items { // a Go-built cart: the decoder refuses this level
				p.nested(loc(li, ii, si), pointer(li, ii, si)+"/items/"+strconv.Itoa(k), msg{modifier: p.modNamed(it.Items[si].ID)})
			}
			sub = append(sub, modifiers.Item{ID: it.Items[si].ID, Qnt: it.Items[si].Qnt, Index: si})
		}
		comps = append(comps, combo.Component{ID: it.ID, Qnt: it.Qnt, Index: ii, Items: sub[start:len(sub):len(sub)]})
	}
	p.s.comps, p.s.sub = comps, sub
	occs, probs := p.s.combo.Check(p.m, dish, comps)
	for _, pr := range probs {
		p.problem(pr.Problem, li, pr.Item, pr.Sub, dish.ID)
	}
	for _, b := range bad {
		for _, o := range occs {
			if o.Item == b.item { // only under components that were accepted
				t := ln.Items[b.item].Items[b.sub].Type
				p.flag(loc(li, b.item, b.sub))
				p.add(CodeUnknownLineType, pointer(li, b.item, b.sub), Params{{"type", t}}, msg{variant: "component", sent: strconv.Quote(t)})
				p.hint(&Hint{Action: HintRemove})
				break
			}
		}
	}
	for oi := range occs {
		o := &occs[oi]
		// The component itself is priced like a modifier, then moved from
		// the modifier buffer into the component list.
		cm := *p.componentEntry(&o.Entry, loc(li, o.Item, -1), ln.Qnt, counts, sum)
		p.mods = p.mods[:len(p.mods)-1]
		cm.ID = o.DishID
		if p.stoppedDish(o.DishID) {
			path := pointer(li, o.Item, -1)
			if o.Implied {
				path = pointer(li, -1, -1)
			} else {
				p.flag(loc(li, o.Item, -1))
			}
			p.add(CodeStopped, path, Params{{"dish_id", int64(o.DishID)}}, msg{variant: "dish", dish: p.dishByID(o.DishID)})
			if !o.Implied {
				p.hint(&Hint{Action: HintRemove})
			}
			cm.HasViolations = cm.HasViolations || !o.Implied
		}
		// Other flags on the component were read by modifier, which priced
		// it (componentEntry): nothing to look up again.
		if ln.Qnt > 0 && o.Count <= math.MaxInt64/int64(ln.Qnt) {
			p.useStock(o.DishID, money.Qty(o.Count*int64(ln.Qnt)), cm.Loc)
		}
		start := len(p.mods)
		for i := range o.Modifiers {
			en := &o.Modifiers[i]
			at := loc(li, o.Item, en.Item)
			if o.Implied {
				at.Item = -1
			}
			p.modifier(en, at, o.Count, ln.Qnt, counts, sum)
		}
		if len(p.comps) == cap(p.comps) {
			p.grew = true
		}
		p.comps = append(p.comps, PricedComponent{PricedModifier: cm, SlotID: o.ID})
		p.comps[len(p.comps)-1].Modifiers = p.mods[start:len(p.mods):len(p.mods)]
	}
}

// componentEntry prices a combo component like a modifier, without the
// modifier availability checks (a component is a dish: components check
// the dish's availability).
func (p *pricer) componentEntry(en *modifiers.Entry, at Loc, qnt money.Qty, counts bool, sum *money.Sum) *PricedModifier {
	av := p.av
	p.av = nil
	pm := p.modifier(en, at, 1, qnt, counts, sum)
	p.av = av
	return pm
}

// problem turns a modifiers/combo problem into a violation at
// /order/li[/items/item[/items/sub]].
func (p *pricer) problem(pr modifiers.Problem, li, item, sub int, parent menu.ID) {
	path := pointer(li, item, sub)
	if item >= 0 {
		p.flag(loc(li, item, sub))
	}
	switch pr.Code {
	case CodeBadQuantity:
		p.add(pr.Code, path, Params{{"qnt", int64(pr.Qnt)}}, msg{variant: "item", sent: sent(p.sentItem(li, item, sub).RawQnt, int64(pr.Qnt))})
		p.hint(&Hint{Action: HintSetQnt, Qnt: wholeQnt(pr.Qnt, math.MaxInt64)})
	case CodeUnknownModifier:
		p.add(pr.Code, path, Params{{"modifier_id", int64(pr.ID)}}, msg{sent: sent(p.sentItem(li, item, sub).RawID, int64(pr.ID))})
		p.hint(&Hint{Action: HintRemove})
	case CodeModifierNotAllowed:
		p.add(pr.Code, path, Params{{"modifier_id", int64(pr.ID)}, {"dish_id", int64(parent)}}, msg{modifier: p.modNamed(pr.ID), dish: p.dishByID(parent)})
		p.hint(&Hint{Action: HintRemove})
	case CodeInactiveModifier:
		p.add(pr.Code, path, Params{{"modifier_id", int64(pr.ID)}, {"group_id", int64(pr.GroupID)}}, msg{modifier: p.modNamed(pr.ID), group: p.groupNamed(pr.GroupID)})
		p.hint(&Hint{Action: HintRemove})
	case CodeMaxOneDishExceeded:
		p.add(pr.Code, path, Params{{"modifier_id", int64(pr.ID)}, {"max", pr.Max}, {"actual", pr.Actual}}, msg{modifier: p.modNamed(pr.ID)})
		if item >= 0 {
			p.hint(&Hint{Action: HintLimit, ID: pr.ID, Count: pr.Max})
		}
	case CodeGroupBelowMin, CodeGroupAboveMax:
		params := Params{{"group_id", int64(pr.GroupID)}}
		if pr.HasMin {
			params = append(params, Param{"min", pr.Min})
		}
		if pr.HasMax {
			params = append(params, Param{"max", pr.Max})
		}
		params = append(params, Param{"actual", pr.Actual})
		p.add(pr.Code, path, params, msg{group: p.groupNamed(pr.GroupID)})
		p.hint(p.limitHint(pr, li, item, path))
	case CodeComboComponentNotAllowed:
		p.add(pr.Code, path, Params{{"dish_id", int64(pr.ID)}, {"combo_id", int64(parent)}}, msg{dish: p.dishByID(pr.ID), combo: p.dishByID(parent)})
		p.hint(&Hint{Action: HintRemove})
	default:
		p.add(pr.Code, path, Params{}, msg{})
	}
}

// sentItem returns the cart item at li/item[/sub], or an empty one when
// the position names none (an implied entry).
func (p *pricer) sentItem(li, item, sub int) *Item {
	ln := &p.c.Lines[li]
	if item < 0 || item >= len(ln.Items) {
		return &Item{}
	}
	it := &ln.Items[item]
	if sub < 0 {
		return it
	}
	if sub >= len(it.Items) {
		return &Item{}
	}
	return &it.Items[sub]
}

// sent is how a message shows a value: as the caller wrote it when the
// cart was decoded ("+1000042", "1e3"), else the number.
func sent(raw []byte, v int64) string {
	if len(raw) > 0 {
		return string(raw)
	}
	return strconv.FormatInt(v, 10)
}

// nested reports an item at path under what (a dish's modifier, or a
// component's modifier at at): the POS's order has no place for it, and a
// payload must not drop it silently.
func (p *pricer) nested(at Loc, path string, what msg) {
	p.flag(at)
	p.add(CodeNestedItem, path, Params{}, what)
	p.hint(&Hint{Action: HintRemove})
}

// limitHint is the hint of a group limit found at path: on the dish line,
// on a combo line's slots, or on a component's own modifiers.
func (p *pricer) limitHint(pr modifiers.Problem, li, item int, path string) *Hint {
	ln := &p.c.Lines[li]
	d, ok := p.m.Dish(ln.ID)
	if !ok {
		return nil
	}
	switch {
	case item >= 0 && item < len(ln.Items): // a component's modifiers
		comp, _ := p.m.Dish(ln.Items[item].ID)
		return p.groupHint(pr, path, comp, p.m.Groups(comp), ln.Items[item].Items, TypeModifier)
	case ln.Type == TypeCombo: // the combo's slots
		return p.groupHint(pr, path, d, menu.GroupsOf(p.m.ComboGroups(d)), ln.Items, TypeComponent)
	}
	return p.groupHint(pr, path, d, p.m.Groups(d), ln.Items, TypeModifier)
}

// flag records that a violation points at the item at l.
func (p *pricer) flag(l Loc) { p.s.flagged = append(p.s.flagged, l) }

// flagged reports whether a violation of the current line points at the
// item at l or under it: an item of the line (Sub < 0) covers its own
// items, an item's item only itself.
func (p *pricer) flagged(l Loc) bool {
	for _, f := range p.s.flagged {
		if f.Line == l.Line && f.Item == l.Item && (l.Sub < 0 || f.Sub == l.Sub) {
			return true
		}
	}
	return false
}
