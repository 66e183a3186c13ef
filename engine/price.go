package engine

import (
	"math"
	"strconv"
	"time"

	"github.com/rkcart/rkcart/combo"
	"github.com/rkcart/rkcart/internal/linebuf"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// PriceJSON decodes a savedeliveryorder body and prices it.
//
// It returns an [*InputError] when data is not a cart at all (see
// [DecodeCart]); everything else is a violation in the Result.
func (e *Engine) PriceJSON(data []byte) (Result, error) {
	c, err := DecodeCart(data, e.opts.MaxCartBytes)
	if err != nil {
		return Result{}, err
	}
	return e.Price(c), nil
}

// Price validates and prices c against the current menu in one pass,
// returning a new Result (use [Engine.PriceInto] to reuse one). It never
// fails: every problem, arithmetic overflow included, is a violation. A nil
// cart is an empty one. c is not modified.
func (e *Engine) Price(c *Cart) Result {
	var r Result
	e.price(&r, c, true)
	return r
}

// PriceInto is the pricing entry point (see "Entry points and performance"
// in the package doc): [Engine.Price] writing into dst and reusing its
// buffers (its lines, modifiers, components and violations), so that
// pricing in a loop allocates nothing once the buffers have grown.
// Everything dst held before is overwritten: do not keep slices of an
// earlier result. Like Price, it never fails; a nil dst has nowhere to
// put the result, so the call does nothing.
func (e *Engine) PriceInto(dst *Result, c *Cart) {
	if dst == nil {
		return
	}
	e.price(dst, c, false)
}

// PriceLines validates and prices lines alone, the lines of an order whose
// header is not a cart's (a table order of the QR menu, lines shown
// before checkout): the header rules (objectid, order and pay type,
// delivery time and window, client, address, empty order, minimum check)
// are not applied and no delivery price is added, so Valid and Violations
// speak of the lines only. Line, item and stock rules are the same as for
// Price. Like Price it never fails and returns a new Result.
func (e *Engine) PriceLines(lines []Line) Result {
	var r Result
	e.priceLines(&r, lines, true)
	return r
}

// PriceLinesInto is PriceLines writing into dst and reusing its buffers,
// as PriceInto does; a nil dst does nothing.
func (e *Engine) PriceLinesInto(dst *Result, lines []Line) {
	if dst == nil {
		return
	}
	e.priceLines(dst, lines, false)
}

func (e *Engine) priceLines(dst *Result, lines []Line, fresh bool) {
	c := Cart{Lines: lines}
	e.run(dst, &c, fresh, true)
}

// price fills dst. A fresh result (Price) gets buffers of the exact size, a
// reused one (PriceInto) buffers that own their cache lines, since the
// caller writes it again and again, possibly next to another goroutine's.
func (e *Engine) price(dst *Result, c *Cart, fresh bool) { e.run(dst, c, fresh, false) }

// run prices c into dst; linesOnly leaves out the header rules and the
// delivery price (PriceLines).
func (e *Engine) run(dst *Result, c *Cart, fresh, linesOnly bool) {
	if c == nil {
		c = &Cart{}
	}
	snap := e.snap.Load()
	if snap == nil { // a zero Engine: no menu was ever given
		snap = &snapshot{menu: &menu.Menu{}}
	}
	s, _ := e.pool.Get().(*scratch)
	if s == nil { // a zero Engine's pool has no New
		s = newScratch().(*scratch)
	}
	p := pricer{e: e, m: snap.menu, rest: snap.rest, s: s, c: c, fresh: fresh, linesOnly: linesOnly, av: e.avail.Load(),
		lines: dst.Lines[:0], mods: dst.mods[:0], comps: dst.comps[:0], vs: dst.Violations[:0]}
	p.run(dst)
	e.pool.Put(s)
}

// lazyPath is a line's JSON Pointer, built only when a violation needs it:
// a valid cart builds no strings.
type lazyPath struct{ line int }

func (l lazyPath) String() string { return pointer(l.line, -1, -1) }

type stockUse struct {
	id       menu.ID
	qty      money.Qty
	first    Loc
	modifier bool // a modifier's balance (else a dish's)
}

type pricer struct {
	e    *Engine
	m    *menu.Menu
	rest *menu.Restaurant
	s    *scratch
	c    *Cart

	av        *Availability // the availability this cart sees, or nil
	fresh     bool          // see Engine.price
	linesOnly bool          // see Engine.PriceLines
	lineStart int           // len(vs) when the current line began
	d         digest        // of the lines, added to in document order as they are read
	grew      bool          // mods or comps was reallocated while pricing (see cut)
	lines     []PricedLine
	mods      []PricedModifier
	comps     []PricedComponent
	vs        Violations
}

func (p *pricer) run(r *Result) {
	c := p.c
	// Sized for the items as sent: implied defaults, where a menu has them,
	// grow the buffer (then cut re-points what was pushed). A reused result with
	// room for every line skips the counting pass: its buffers grew to
	// the carts it priced before, and appends grow them further for a
	// larger one.
	if p.fresh || cap(p.lines) < len(c.Lines) {
		n, items := count(c.Lines)
		if cap(p.lines) < n {
			p.lines = grow[PricedLine](n, p.fresh)
		}
		if cap(p.mods) < items {
			p.mods = grow[PricedModifier](items, p.fresh)
		}
	}
	p.s.stock = p.s.stock[:0]

	var subtotal money.Sum
	for li := range c.Lines {
		amount, counts := p.line(li)
		if counts {
			subtotal.Add(amount)
		}
	}
	if p.grew { // a buffer moved: the slices taken as lines were pushed point at the old one
		p.cut()
	}
	p.checkStock()
	if a := p.av; a != nil && p.e.opts.MaxAvailabilityAge > 0 {
		if age := p.e.now().Sub(a.TakenAt); age > p.e.opts.MaxAvailabilityAge {
			p.add(CodeStaleAvailability, "/order", Params{{"age_seconds", int64(age / time.Second)}, {"max_seconds", int64(p.e.opts.MaxAvailabilityAge / time.Second)}}, msg{})
		}
	}
	if !p.linesOnly {
		p.checkHeader(c)
	}

	// Every field of r is assigned below (DeliveryPrice only for a
	// delivery, so zeroed here): no whole-struct zeroing of a result that
	// carries the header's copy.
	r.DeliveryPrice = 0
	sub, err := subtotal.Total()
	if err != nil {
		p.overflow("/order", "subtotal")
		sub = 0
	}
	r.Subtotal = sub
	if !p.linesOnly {
		p.minCheck(c, sub)
		if c.OrderType == Delivery && p.rest != nil {
			r.DeliveryPrice = p.rest.DeliveryPrice
		}
	}
	if r.Total, err = sub.Add(r.DeliveryPrice); err != nil {
		p.overflow("/order", "total")
	}
	r.Lines = p.lines
	if len(p.vs) > 1 {
		p.vs.sort()
	}
	r.Violations = p.vs
	r.Valid = !hasErrors(p.vs)
	r.mods, r.comps = p.mods, p.comps
	r.head, r.lines = headOf(c), p.d.sum
	r.menu = p.m
}

// grow returns an empty buffer for n elements: exactly n for a fresh
// result, at least a linebuf buffer for a reused one.
func grow[T any](n int, fresh bool) []T {
	if !fresh {
		n = max(n, linebuf.Cap[T]())
	}
	return make([]T, 0, n)
}

// cut points every line and component at its part of the flat buffers
// again, after one of them was reallocated while they were pointed at it:
// the old arrays hold the same entries, but the result should own one
// buffer of each (the next PriceInto reuses it), and a mark written later
// by index must be seen through the slices.
// The parts lie in the buffers in pricing order — a dish line's own
// modifiers, or a combo's components each followed by theirs — so the
// lengths the old slices keep say where each part starts.
func (p *pricer) cut() {
	off, coff := 0, 0
	for i := range p.lines {
		l := &p.lines[i]
		n := len(l.Modifiers)
		l.Modifiers = p.mods[off : off+n : off+n]
		off += n
		nc := len(l.Components)
		l.Components = p.comps[coff : coff+nc : coff+nc]
		coff += nc
		for j := range l.Components {
			c := &l.Components[j]
			m := len(c.Modifiers)
			c.Modifiers = p.mods[off : off+m : off+m]
			off += m
		}
	}
}

// line checks and prices order[li]. It reports the line amount and whether
// it counts toward the subtotal.
func (p *pricer) line(li int) (money.Kopecks, bool) {
	ln := &p.c.Lines[li]
	// Every entry goes into the digest in document order: the line here,
	// its items where they are read below, or all at once where not.
	p.d.term(ln.ID, ln.Qnt, len(ln.Items), typeWord(ln.Type))
	switch ln.Type {
	case TypeDiscount:
		p.d.items(ln.Items)
		return 0, false // passed through, priced by the POS or CRM
	case TypeDish, TypeCombo:
	default:
		p.d.items(ln.Items)
		p.add(CodeUnknownLineType, pointer(li, -1, -1), Params{{"type", ln.Type}}, msg{sent: strconv.Quote(ln.Type)})
		p.hint(&Hint{Action: HintRemove})
		return 0, false
	}
	path := lazyPath{li}
	// The line is filled in its slot of the result (p.lines grows only
	// here, so the pointer stays good while the line is priced).
	n := len(p.lines)
	if n == cap(p.lines) {
		p.lines = append(p.lines, PricedLine{})
	} else {
		p.lines = p.lines[:n+1]
	}
	pl := &p.lines[n]
	*pl = PricedLine{Index: li, Type: ln.Type, ID: ln.ID, Qnt: ln.Qnt}
	p.lineStart, p.s.flagged = len(p.vs), p.s.flagged[:0]
	counts := true
	switch {
	case ln.Qnt <= 0 || ln.Qnt > p.e.maxQty():
		p.add(CodeBadQuantity, path.String(), Params{{"qnt", int64(ln.Qnt)}, {"max", int64(p.e.maxQty())}},
			msg{dish: p.dishNamed(ln), sent: sent(ln.RawQnt, int64(ln.Qnt))})
		p.hint(&Hint{Action: HintSetQnt, Qnt: wholeQnt(ln.Qnt, p.e.maxQty())})
		counts = false
	case !p.e.opts.Fractional && !ln.Qnt.Whole():
		p.add(CodeFractionalQuantity, path.String(), Params{{"qnt", int64(ln.Qnt)}}, msg{dish: p.dishNamed(ln)})
		p.hint(&Hint{Action: HintSetQnt, Qnt: wholeQnt(ln.Qnt, p.e.maxQty())})
	}
	dish, ok := p.m.Dish(ln.ID)
	switch {
	case !ok:
		p.add(CodeUnknownDish, path.String(), Params{{"dish_id", int64(ln.ID)}}, msg{sent: sent(ln.RawID, int64(ln.ID))})
		p.hint(&Hint{Action: HintRemove})
		p.d.items(ln.Items)
		p.push(pl, len(p.mods), len(p.comps))
		return 0, false
	case ln.Type == TypeDish && dish.Combo:
		p.add(CodeComboAsDish, path.String(), Params{{"dish_id", int64(ln.ID)}}, msg{dish: dishNamed(dish.Name, idText(ln.ID))})
		p.hint(&Hint{Action: HintRemove})
		counts = false
	case ln.Type == TypeCombo && !dish.Combo:
		p.add(CodeNotACombo, path.String(), Params{{"dish_id", int64(ln.ID)}}, msg{dish: dishNamed(dish.Name, idText(ln.ID))})
		p.hint(&Hint{Action: HintRemove})
		counts = false
	}
	pl.Name, pl.Price = dish.Name, dish.Price
	if !dish.Active {
		p.add(CodeInactiveDish, path.String(), Params{{"dish_id", int64(ln.ID)}}, msg{dish: dishNamed(dish.Name, idText(ln.ID))})
		p.hint(&Hint{Action: HintRemove})
	}
	if p.stoppedDish(dish.ID) {
		p.add(CodeStopped, path.String(), Params{{"dish_id", int64(ln.ID)}}, msg{variant: "dish", dish: dishNamed(dish.Name, idText(ln.ID))})
		p.hint(&Hint{Action: HintRemove})
	}
	mstart, cstart := len(p.mods), len(p.comps)
	if (ln.Type == TypeDish) == dish.Combo { // combo_as_dish or not_a_combo: nothing under it is checked
		p.d.items(ln.Items)
		p.push(pl, mstart, cstart)
		return 0, false
	}
	if ln.Qnt > 0 {
		p.useStock(dish.ID, ln.Qnt, loc(li, -1, -1))
	}
	var sum money.Sum
	if counts {
		sum.AddErr(dish.Price.MulQty(ln.Qnt))
	}
	if ln.Type == TypeDish {
		p.dishModifiers(li, dish, ln, counts, &sum)
	} else {
		p.components(li, dish, ln, counts, &sum)
	}
	if counts {
		total, err := sum.Total()
		if err != nil {
			p.overflow(path.String(), "line")
			counts = false
			total = 0
		}
		pl.Amount = total
	}
	pl.Counts = counts
	p.push(pl, mstart, cstart)
	return pl.Amount, counts
}

// push records a line; its own modifiers are mods[mstart:], except for a
// combo, whose entries there belong to its components.
func (p *pricer) push(pl *PricedLine, mstart, cstart int) {
	pl.HasViolations = len(p.vs) > p.lineStart
	pl.HasErrors = pl.HasViolations && hasErrors(p.vs[p.lineStart:])
	mend := len(p.mods)
	if pl.Type == TypeCombo {
		mend = mstart
	}
	// The slices are right unless a buffer grows later (then cut redoes
	// them).
	pl.Modifiers = p.mods[mstart:mend:mend]
	pl.Components = p.comps[cstart:len(p.comps):len(p.comps)]
}

func (p *pricer) dishModifiers(li int, dish menu.Dish, ln *Line, counts bool, sum *money.Sum) {
	items := p.s.items[:0]
	d := p.d // in registers for the loop; written back around the rare subtree and at the end
	for ii := range ln.Items {
		it := &ln.Items[ii]
		if it.Type == TypeModifier { // the type every modifier has: its word is a constant
			d.term(it.ID, it.Qnt, len(it.Items), modifierWord)
		} else {
			d.term(it.ID, it.Qnt, len(it.Items), typeWord(it.Type))
		}
		if len(it.Items) > 0 {
			p.d = d
			p.d.items(it.Items)
			d = p.d
		}
		switch it.Type {
		case TypeModifier:
			items = append(items, modifiers.Item{ID: it.ID, Qnt: it.Qnt, Index: ii})
			if len(it.Items) > 0 { // rare: the guard keeps the loop's setup off the common path
				p.nestedUnder(li, ii, it)
			}
		case TypeDiscount:
		default:
			p.flag(loc(li, ii, -1))
			p.add(CodeUnknownLineType, pointer(li, ii, -1), Params{{"type", it.Type}}, msg{variant: "dish", sent: strconv.Quote(it.Type)})
			p.hint(&Hint{Action: HintRemove})
		}
	}
	p.d = d
	p.s.items = items
	entries, probs := p.s.mods.Modifiers(p.m, dish, items)
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
	unit, err := en.Price.MulInt(en.Count)
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

func (p *pricer) useStock(id menu.ID, q money.Qty, loc Loc) {
	if len(p.e.opts.Stock) == 0 && (p.av == nil || len(p.av.DishLeft) == 0) {
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

// hasErrors reports whether any of vs has error severity.
func hasErrors(vs Violations) bool {
	for i := range vs {
		if vs[i].Severity == Error {
			return true
		}
	}
	return false
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

func (p *pricer) overflow(path, what string) {
	p.add(CodeAmountOverflow, path, Params{{"amount", what}}, msg{})
}

// add is the one way a violation is made: its code, path, params and
// message (in the engine's language, with the profile's severity); a line
// rule then attaches its hint with p.hint.
func (p *pricer) add(code, path string, params Params, m msg) {
	p.addHinted(code, path, params, m, nil)
}

// addHinted is add with the hint known up front (header rules).
func (p *pricer) addHinted(code, path string, params Params, m msg, h *Hint) {
	p.vs = append(p.vs, Violation{Code: code, Severity: p.e.opts.Profile.SeverityOf(code), Path: path, Params: params,
		Message: render(p.e.opts.Lang, code, params, m), Hint: h})
}

// Names for messages (cold: only violations build them).
func (p *pricer) dishNamed(ln *Line) named {
	return dishNamed(p.m.DishName(ln.ID), sent(ln.RawID, int64(ln.ID)))
}
func (p *pricer) dishByID(id menu.ID) named   { return named{p.m.DishName(id), idText(id)} }
func (p *pricer) modNamed(id menu.ID) named   { return named{p.m.ModifierName(id), idText(id)} }
func (p *pricer) groupNamed(id menu.ID) named { return named{p.m.GroupName(id), idText(id)} }

func idText(id menu.ID) string { return strconv.FormatInt(int64(id), 10) }

// qtyOf turns a whole count into thousandths, saturating.
func qtyOf(count int64) money.Qty {
	if count > math.MaxInt64/int64(money.Piece) {
		return math.MaxInt64
	}
	return money.Qty(count) * money.Piece
}
