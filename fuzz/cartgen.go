package fuzz

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sync"
	"time"

	"github.com/leanovate/gopter"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// CartParams is what a valid cart must fit besides the menu: the same
// restaurant, zone and clock the engine is given.
type CartParams struct {
	Restaurant *menu.Restaurant // nil: no restaurant rules (and delivery is allowed)
	Location   *time.Location   // nil: Europe/Moscow
	Now        time.Time        // the engine's clock; zero: time.Now() once
	MaxLines   int              // 0: 6
	// CutoffMinutes must match engine.Options.CutoffMinutes.
	CutoffMinutes int
	// Fractional: the engine allows fractional line quantities
	// (engine.Options.Fractional), so valid carts use them too and rounding
	// happens.
	Fractional bool
	// Availability must match the engine's (SetAvailability): valid carts
	// use no stopped dish or modifier and no modifier with a balance, keep
	// dish balances, and the stopped and out_of_stock mutations break them.
	Availability *engine.Availability
}

// ValidCartGen generates carts that are valid on m by construction: active
// dishes with whole quantities, modifier and component selections that
// satisfy every group's limits and maxOneDish (implied defaults included),
// and a header that passes every header rule. It generates *engine.Cart.
// The engine must be built with no stock and the default maximum quantity.
func ValidCartGen(m *menu.Menu, p CartParams) gopter.Gen {
	b := newBuilder(m, p)
	return func(gp *gopter.GenParameters) *gopter.GenResult {
		c, ok := b.cart(gp.Rng)
		if !ok {
			return gopter.NewEmptyResult(typeOfCart)
		}
		return gopter.NewGenResult(c, CartShrinker)
	}
}

type builder struct {
	m      *menu.Menu
	p      CartParams
	dishes []menu.Dish // orderable candidates: first occurrences, active

	// What the builder and the mutators look up again and again, computed
	// once (the menu and the params never change): without these, a menu
	// of 200,000 dishes or of 5,000 common modifiers made generation
	// quadratic. mu guards them: gopter may share a generator.
	mu        sync.Mutex
	cands     map[candKey][]menu.Option
	commonIDs map[int32]map[menu.ID]bool
	special   map[string][]menu.Dish       // dishes a mutation needs, by its name
	foreign   map[foreignKey]foreignAnswer // a modifier the dish may not have
}

type candKey struct {
	dish    menu.ID
	group   int32
	combo   bool
	common  bool  // a common group's options before any scheme shadows them
	shifted int32 // … after a scheme of this many groups, shadowing none
}

type foreignKey struct {
	dish     menu.ID
	inactive bool
}

type foreignAnswer struct {
	id    menu.ID
	found bool
}

// dishesWhere lists, once per name, the first-occurrence dishes of the
// menu that keep.
func (b *builder) dishesWhere(name string, keep func(d menu.Dish) bool) []menu.Dish {
	b.mu.Lock()
	defer b.mu.Unlock()
	if out, ok := b.special[name]; ok {
		return out
	}
	out := []menu.Dish{}
	for _, d := range b.m.Dishes() {
		if first, _ := b.m.Dish(d.ID); first == d && keep(d) {
			out = append(out, d)
		}
	}
	if b.special == nil {
		b.special = map[string][]menu.Dish{}
	}
	b.special[name] = out
	return out
}

func newBuilder(m *menu.Menu, p CartParams) *builder {
	if p.Location == nil {
		p.Location, _ = time.LoadLocation(engine.DefaultZone)
		if p.Location == nil {
			p.Location = time.UTC
		}
	}
	if p.Now.IsZero() {
		p.Now = time.Now()
	}
	if p.MaxLines <= 0 {
		p.MaxLines = 6
	}
	b := &builder{m: m, p: p}
	for _, d := range m.Dishes() {
		if first, _ := m.Dish(d.ID); first == d && d.Active && d.Price >= 0 && d.Price < 1<<40 && !b.stopped(d.ID) {
			b.dishes = append(b.dishes, d)
		}
	}
	return b
}

func (b *builder) cart(r *rand.Rand) (*engine.Cart, bool) {
	c := b.header(r)
	want := 1 + r.Intn(b.p.MaxLines)
	for tries := 0; len(c.Lines) < want && tries < want*20 && len(b.dishes) > 0; tries++ {
		d := b.dishes[r.Intn(len(b.dishes))]
		ln := engine.Line{Type: engine.TypeDish, ID: d.ID, Qnt: money.Qty(1+r.Intn(3)) * money.Piece}
		if b.p.Fractional && !d.Combo && r.Intn(3) == 0 {
			ln.Qnt = money.Qty(1 + r.Intn(2999)) // 0.001 to 2.999: rounding happens
		}
		if !b.inStock(c, d.ID, ln.Qnt) {
			continue
		}
		var ok bool
		if d.Combo {
			ln.Type = engine.TypeCombo
			ln.Items, ok = b.comboItems(r, d)
		} else {
			ln.Items, ok = b.unitItems(r, d, b.m.Groups(d).Slice(), false)
		}
		if ok && (!d.Combo || b.componentsInStock(c, ln)) {
			c.Lines = append(c.Lines, ln)
		}
	}
	if len(c.Lines) == 0 {
		return c, false
	}
	b.meetMinCheck(c)
	return c, true
}

// stopped reports whether dish id is stopped in CartParams.Availability.
func (b *builder) stopped(id menu.ID) bool {
	return b.p.Availability != nil && b.p.Availability.StoppedDishes[id]
}

// modifierOff reports whether valid carts must leave modifier id out:
// stopped, or with a balance (the generator does not count modifier use).
func (b *builder) modifierOff(id menu.ID) bool {
	a := b.p.Availability
	if a == nil {
		return false
	}
	_, balanced := a.ModifierLeft[id]
	return a.StoppedModifiers[id] || balanced
}

// dishLeft is the availability's dish balances (nil: none).
func (b *builder) dishLeft() map[menu.ID]money.Qty {
	if b.p.Availability == nil {
		return nil
	}
	return b.p.Availability.DishLeft
}

// left is dish id's balance in the availability.
func (b *builder) left(id menu.ID) (money.Qty, bool) {
	a := b.p.Availability
	if a == nil {
		return 0, false
	}
	q, ok := a.DishLeft[id]
	return q, ok
}

// inStock reports whether q more of dish id stays within its balance.
func (b *builder) inStock(c *engine.Cart, id menu.ID, q money.Qty) bool {
	avail, listed := b.left(id)
	return !listed || useOf(c, id)+q <= avail
}

// componentsInStock checks a combo line's components, all of them
// together with the cart's lines, against stock.
func (b *builder) componentsInStock(c *engine.Cart, ln engine.Line) bool {
	with := &engine.Cart{Lines: append(slices.Clip(c.Lines), ln)}
	for _, it := range ln.Items {
		if avail, listed := b.left(it.ID); listed && useOf(with, it.ID) > avail {
			return false
		}
	}
	return true
}

// useOf is the cart's use of dish id: dish lines' qnt and components'
// count × combo qnt.
func useOf(c *engine.Cart, id menu.ID) money.Qty {
	var n money.Qty
	for _, l := range c.Lines {
		if l.Qnt <= 0 {
			continue // the engine takes no stock for it
		}
		switch l.Type {
		case engine.TypeDish:
			if l.ID == id {
				n += l.Qnt
			}
		case engine.TypeCombo:
			for _, it := range l.Items {
				if it.ID == id {
					n += money.Qty(int64(it.Qnt/money.Piece) * int64(l.Qnt))
				}
			}
		}
	}
	return n
}

// meetMinCheck makes a delivery order reach the restaurant's minimum
// check by raising the quantity of its first plain dish line (or turns it
// into pickup when that cannot work): a lower bound of the subtotal, the
// dish amounts alone, must reach the minimum, which holds when no chosen
// modifier costs less than nothing.
func (b *builder) meetMinCheck(c *engine.Cart) {
	rest := b.p.Restaurant
	if c.OrderType != engine.Delivery || rest == nil || rest.MinCheck <= 0 {
		return
	}
	var bound money.Kopecks
	first := -1
	for i, l := range c.Lines {
		d, _ := b.m.Dish(l.ID)
		a, err := d.Price.MulQty(l.Qnt)
		if err != nil || hasNegative(b.m, d, l) {
			b.pickup(c)
			return
		}
		bound += a
		if first < 0 && l.Type == engine.TypeDish && d.Price > 0 && l.Qnt.Whole() {
			first = i
		}
	}
	if bound >= rest.MinCheck {
		return
	}
	if first < 0 {
		b.pickup(c)
		return
	}
	ln := &c.Lines[first]
	d, _ := b.m.Dish(ln.ID)
	gap := rest.MinCheck - bound
	more := money.Qty((int64(gap)+int64(d.Price)-1)/int64(d.Price)) * money.Piece
	if ln.Qnt+more > engine.DefaultMaxQty || !b.inStock(c, ln.ID, more) {
		b.pickup(c)
		return
	}
	ln.Qnt += more
}

// hasNegative reports whether a line holds an option priced below zero
// (the minimum-check bound would not hold).
func hasNegative(m *menu.Menu, d menu.Dish, l engine.Line) bool {
	for _, it := range l.Items {
		var o menu.Option
		var ok bool
		if l.Type == engine.TypeCombo {
			o, ok = m.ResolveComponent(d, it.ID)
		} else {
			o, ok = m.Resolve(d, it.ID)
		}
		if ok && o.Price < 0 {
			return true
		}
		for _, sub := range it.Items {
			comp, _ := m.Dish(it.ID)
			if o, ok := m.Resolve(comp, sub.ID); ok && o.Price < 0 {
				return true
			}
		}
	}
	for _, g := range m.Groups(d).All() { // implied defaults too
		if i := g.DefaultIndex(); i >= 0 && g.Modis[i].Price < 0 {
			return true
		}
	}
	return false
}

func (b *builder) pickup(c *engine.Cart) {
	c.OrderType, c.Address = engine.Pickup, engine.Address{}
}

func (b *builder) header(r *rand.Rand) *engine.Cart {
	c := &engine.Cart{PayType: engine.PayType(r.Intn(3)),
		Client: engine.Client{Phone: fmt.Sprintf("79%09d", r.Intn(1e9)), LastName: "Ivanov"}}
	if r.Intn(2) == 0 {
		c.Client.Email = "guest@example.com"
	}
	if r.Intn(5) == 0 {
		c.Client = engine.Client{ID: "10000000009188"} // an existing customer needs nothing else
	}
	if rest := b.p.Restaurant; rest != nil {
		c.ObjectID = rest.ID
	} else {
		c.ObjectID = menu.ID(199990000 + r.Intn(10000))
	}
	at := b.p.Now.In(b.p.Location).Add(time.Duration(1+r.Intn(72*60)) * time.Minute)
	c.DeliveryTime = at.Format("2006-01-02T15:04:05")
	if r.Intn(2) == 0 {
		if t, ok := b.deliveryTime(r); ok {
			c.OrderType = engine.Delivery
			c.DeliveryTime = t
			c.Address = engine.Address{City: "Moscow", Street: "Bolshaya Pochtovaya", House: "18"}
		}
	}
	return c
}

// deliveryTime picks a time tomorrow or later inside the delivery period,
// cut-off respected (the minimum check is met once the lines are chosen:
// meetMinCheck).
func (b *builder) deliveryTime(r *rand.Rand) (string, bool) {
	rest := b.p.Restaurant
	day := b.p.Now.In(b.p.Location).AddDate(0, 0, 1+r.Intn(3))
	if rest == nil {
		return day.Format("2006-01-02T15:04:05"), true
	}
	length := menu.MinutesPerDay * 60
	if !rest.Period.AllDay() {
		length = (rest.Period.End - rest.Period.Begin) * 60
		if rest.Period.Overnight() {
			length += menu.MinutesPerDay * 60
		}
		length -= b.p.CutoffMinutes * 60
	}
	if length <= 0 {
		return "", false
	}
	sod := (rest.Period.Begin*60 + r.Intn(length)) % (menu.MinutesPerDay * 60)
	t := time.Date(day.Year(), day.Month(), day.Day(), sod/3600, sod/60%60, sod%60, 0, b.p.Location)
	if t.Hour()*3600+t.Minute()*60+t.Second() != sod {
		return "", false // a DST gap moved the wall clock; try pickup instead
	}
	return t.Format("2006-01-02T15:04:05"), true
}

// comboItems chooses components for a combo's slots and modifiers for each
// component occurrence.
func (b *builder) comboItems(r *rand.Rand, d menu.Dish) ([]engine.Item, bool) {
	slots, ok := b.selection(r, d, b.m.ComboGroups(d), true)
	if !ok {
		return nil, false
	}
	var items []engine.Item
	for _, s := range slots {
		for _, k := range split(r, s.count) {
			comp, _ := b.m.Dish(s.opt.DishID) // an unknown dish has common groups only
			sub, ok := b.unitItems(r, comp, b.m.Groups(comp).Slice(), false)
			if !ok {
				return nil, false
			}
			items = append(items, engine.Item{Type: engine.TypeComponent, ID: s.opt.DishID, Qnt: money.Qty(k) * money.Piece, Items: sub})
		}
	}
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items, true
}

// unitItems chooses modifier items for one unit of d.
func (b *builder) unitItems(r *rand.Rand, d menu.Dish, groups []menu.Group, _ bool) ([]engine.Item, bool) {
	sel, ok := b.selection(r, d, groups, false)
	if !ok {
		return nil, false
	}
	var items []engine.Item
	for _, s := range sel {
		for _, k := range split(r, s.count) {
			items = append(items, engine.Item{Type: engine.TypeModifier, ID: s.opt.ID, Qnt: money.Qty(k) * money.Piece})
		}
	}
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items, true
}

type chosen struct {
	opt   menu.Option
	count int64
}

// selection picks, group by group, a multiset of options that keeps every
// active group within its limits once implied defaults are added — the
// rules of docs/contract.md, modelled here independently of package modifiers.
func (b *builder) selection(r *rand.Rand, d menu.Dish, groups []menu.Group, combo bool) ([]chosen, bool) {
	var out []chosen
	for gi := range groups {
		g := &groups[gi]
		if !g.Active {
			continue
		}
		cands := b.candidates(d, g, int32(gi), combo)
		def := g.DefaultIndex()
		if def >= 0 && ((!combo && b.modifierOff(g.Modis[def].ID)) || (combo && b.stopped(g.Modis[def].DishID))) {
			return nil, false // its implied default is stopped or counted: leave the dish out
		}
		defSel := -1 // the default among cands, when it can be selected explicitly
		for i, c := range cands {
			if def >= 0 && c.Ref.Modi == int32(def) {
				defSel = i
			}
		}
		emptyOK := def >= 0 && (!combo || b.emptyOK(g.Modis[def].DishID))
		lo, hi := int64(0), int64(3)
		if g.UseDownLimit {
			lo = max(g.DownLimit, 0)
		}
		if g.UseUpLimit {
			hi = g.UpLimit
		} else {
			hi = lo + 3
		}
		pick, ok := choose(r, cands, lo, hi, def >= 0, g.ReplaceDefault, defSel, emptyOK)
		if !ok {
			return nil, false
		}
		out = append(out, pick...)
	}
	return out, true
}

// candidates are the active options of g that resolve to g itself for d
// (an id that also sits in an earlier group resolves there instead).
func (b *builder) candidates(d menu.Dish, g *menu.Group, gi int32, combo bool) []menu.Option {
	return b.cached(candKey{dish: d.ID, group: gi, combo: combo}, func() []menu.Option { return b.findCandidates(d, g, gi, combo) })
}

// cachedIDs is the set of ids of common group c's options, made once.
func (b *builder) cachedIDs(c int32, base []menu.Option) map[menu.ID]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ids, ok := b.commonIDs[c]; ok {
		return ids
	}
	ids := make(map[menu.ID]bool, len(base))
	for _, o := range base {
		ids[o.ID] = true
	}
	if b.commonIDs == nil {
		b.commonIDs = map[int32]map[menu.ID]bool{}
	}
	b.commonIDs[c] = ids
	return ids
}

// cached returns the options under key, finding them once.
func (b *builder) cached(key candKey, find func() []menu.Option) []menu.Option {
	b.mu.Lock()
	out, ok := b.cands[key]
	b.mu.Unlock()
	if ok {
		return out
	}
	out = find()
	b.mu.Lock()
	if b.cands == nil {
		b.cands = map[candKey][]menu.Option{}
	}
	b.cands[key] = out
	b.mu.Unlock()
	return out
}

func (b *builder) findCandidates(d menu.Dish, g *menu.Group, gi int32, combo bool) []menu.Option {
	if own := int32(len(b.m.ComboGroups(d))); !combo && gi >= own {
		// A common group: the same for every dish but for the modifiers
		// its own scheme shadows (Resolve finds those there first), so it
		// is resolved once, not once per dish.
		base := b.cached(candKey{group: gi - own, common: true}, func() []menu.Option {
			return b.resolveEach(menu.Dish{}, g, gi-own, false) // no scheme of its own: the common options as they are
		})
		shadowed := map[menu.ID]bool{}
		for _, og := range b.m.ComboGroups(d) {
			for _, md := range og.Modis {
				shadowed[md.ID] = true
			}
		}
		inBase := b.cachedIDs(gi-own, base)
		hit := false
		for id := range shadowed {
			hit = hit || inBase[id]
		}
		if !hit { // the usual case: one list per position of the group, shared
			return b.cached(candKey{group: gi, common: true, shifted: own}, func() []menu.Option {
				out := make([]menu.Option, len(base))
				for i, o := range base {
					o.Ref.Group += own
					out[i] = o
				}
				return out
			})
		}
		out := make([]menu.Option, 0, len(base))
		for _, o := range base {
			if !shadowed[o.ID] {
				o.Ref.Group += own
				out = append(out, o)
			}
		}
		return out
	}
	return b.resolveEach(d, g, gi, combo)
}

// resolveEach resolves every modifier of group gi for d and keeps those
// that d can take from there.
func (b *builder) resolveEach(d menu.Dish, g *menu.Group, gi int32, combo bool) []menu.Option {
	var out []menu.Option
	for mi := range g.Modis {
		md := &g.Modis[mi]
		var opt menu.Option
		var ok bool
		if combo {
			opt, ok = b.m.ResolveComponent(d, md.DishID)
		} else {
			opt, ok = b.m.Resolve(d, md.ID)
		}
		off := (!combo && b.modifierOff(md.ID)) || (combo && b.stopped(md.DishID))
		if ok && !off && opt.Active && opt.Ref == (menu.Ref{Group: gi, Modi: int32(mi)}) && opt.Price > -1<<30 && opt.Price < 1<<30 {
			out = append(out, opt)
		}
	}
	return out
}

// emptyOK reports whether a component dish can stand with no items: every
// active limited group of it is satisfied by its implied default alone.
func (b *builder) emptyOK(dishID menu.ID) bool {
	if _, balanced := b.left(dishID); balanced {
		return false // an implied component uses its dish's balance, which useOf does not count
	}
	comp, _ := b.m.Dish(dishID)
	for _, g := range b.m.Groups(comp).All() {
		if !g.Active {
			continue
		}
		if i := g.DefaultIndex(); i >= 0 && b.modifierOff(g.Modis[i].ID) {
			return false
		}
		n := int64(0)
		if g.DefaultIndex() >= 0 {
			n = 1
		}
		if (g.UseDownLimit && n < g.DownLimit) || (g.UseUpLimit && n > g.UpLimit) {
			return false
		}
	}
	return true
}

// choose picks counts over cands so that the group's effective count (with
// its implied default) lands in [lo, hi]. It tries targets in random order.
func choose(r *rand.Rand, cands []menu.Option, lo, hi int64, hasDef, replace bool, defSel int, emptyOK bool) ([]chosen, bool) {
	if hi < lo {
		return nil, false
	}
	targets := make([]int64, 0, hi-lo+1)
	for t := lo; t <= hi; t++ {
		targets = append(targets, t)
	}
	r.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	for _, t := range targets {
		switch {
		case !hasDef:
			if pick, ok := fill(r, cands, t, -1); ok {
				return pick, true
			}
		default:
			// Nothing selected: the default is implied, effective count 1.
			if t == 1 && emptyOK && r.Intn(3) == 0 {
				return nil, true
			}
			if t >= 1 && (replace || defSel >= 0) {
				must := -1
				if !replace {
					must = defSel // with replace=0 the default must be among them
				}
				if pick, ok := fill(r, cands, t, must); ok {
					return pick, true
				}
			}
			if !replace && t >= 2 && emptyOK { // others without the default: it is implied on top
				others := cands
				if defSel >= 0 {
					others = append(append([]menu.Option(nil), cands[:defSel]...), cands[defSel+1:]...)
				}
				if pick, ok := fill(r, others, t-1, -1); ok && len(pick) > 0 {
					return pick, true
				}
			}
			if t == 1 && emptyOK {
				return nil, true
			}
		}
	}
	return nil, false
}

// fill distributes n units over cands within their caps (maxOneDish, or 3
// when uncapped), including cands[must] at least once when must ≥ 0.
func fill(r *rand.Rand, cands []menu.Option, n int64, must int) ([]chosen, bool) {
	capOf := func(i int) int64 {
		if c := cands[i].MaxOneDish; c > 0 {
			return min(c, 3)
		}
		return 3
	}
	// Sparse: a group may have thousands of options and a cart picks a
	// few, so only the picked ones are counted, and the k-th option not at
	// its cap is found by skipping the (sorted) full ones. The random
	// draws are those of counting every option.
	counts := map[int]int64{}
	var full []int // ascending
	add := func(i int) {
		counts[i]++
		if counts[i] >= capOf(i) {
			at, _ := slices.BinarySearch(full, i)
			full = slices.Insert(full, at, i)
		}
	}
	if must >= 0 {
		if n < 1 {
			return nil, false
		}
		add(must)
		n--
	}
	for ; n > 0; n-- {
		open := len(cands) - len(full)
		if open == 0 {
			return nil, false
		}
		i := r.Intn(open)
		for _, f := range full {
			if f > i {
				break
			}
			i++
		}
		add(i)
	}
	out := make([]chosen, 0, len(counts))
	for _, i := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, chosen{cands[i], counts[i]})
	}
	return out, true
}

// split breaks a count into repeated items sometimes (repeats are summed).
func split(r *rand.Rand, n int64) []int64 {
	if n <= 1 || r.Intn(3) != 0 {
		return []int64{n}
	}
	k := 1 + r.Int63n(n-1)
	return []int64{k, n - k}
}
