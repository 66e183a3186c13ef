package engine

import (
	"math"
	"strconv"
	"time"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// PriceJSON decodes a savedeliveryorder body and prices it.
//
// It returns an [*document.Error] when data is not a cart at all (see
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
	e.run(&r, c, true, false, e.Call())
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
	e.run(dst, c, false, false, e.Call())
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
	e.run(dst, &c, fresh, true, e.Call())
}

// run prices c into dst under call's policy; linesOnly leaves out the
// header rules and the delivery price (PriceLines). A fresh result (Price)
// gets buffers of the exact size, a reused one (PriceInto) buffers that
// own their cache lines, since the caller writes it again and again,
// possibly next to another goroutine's.
func (e *Engine) run(dst *Result, c *Cart, fresh, linesOnly bool, call Call) {
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
	p := pricer{e: e, m: snap.menu, rest: snap.rest, s: s, c: c, fresh: fresh, linesOnly: linesOnly, av: e.avail.Load(), call: call,
		lines: dst.Lines[:0], mods: dst.mods[:0], comps: dst.comps[:0], vs: dst.Violations[:0]}
	p.run(dst)
	e.pool.Put(s)
}

// lazyPath is a line's JSON Pointer, built only when a violation needs it:
// a valid cart builds no strings.
type lazyPath struct{ line int }

func (l lazyPath) String() string { return pointer(l.line, -1, -1) }

type pricer struct {
	e    *Engine
	m    *menu.Menu
	rest *menu.Restaurant
	s    *scratch
	c    *Cart

	av        *Availability // the availability this cart sees, or nil
	call      Call          // the call's profile, language and clock
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
	if len(p.s.stockAt) > 0 {
		clear(p.s.stockAt)
	}

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
		if age := p.now().Sub(a.TakenAt); age > p.e.opts.MaxAvailabilityAge {
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
		p.dishModifiers(li, &dish, ln, counts, &sum)
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

// hasErrors reports whether any of vs has error severity.
func hasErrors(vs Violations) bool {
	for i := range vs {
		if vs[i].Severity == Error {
			return true
		}
	}
	return false
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
	p.vs = append(p.vs, Violation{Code: code, Severity: p.call.Profile.SeverityOf(code), Path: path, Params: params,
		Message: render(p.call.Lang, code, params, m), Hint: h})
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
