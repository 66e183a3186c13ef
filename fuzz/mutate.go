package fuzz

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"time"

	"github.com/leanovate/gopter"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Mutation is a valid cart with exactly one rule broken: pricing Cart must
// give exactly one violation, Code at Path.
type Mutation struct {
	Cart *engine.Cart
	Code string
	Path string
	What string // a human description, for failure messages
}

func (m Mutation) String() string { return fmt.Sprintf("%s at %s: %s", m.Code, m.Path, m.What) }

// MutationGen generates a valid cart with ValidCartGen(m, p), then breaks
// one rule in it, chosen at random among those that apply to that cart
// (every cart admits several header mutations). It generates Mutation.
func MutationGen(m *menu.Menu, p CartParams) gopter.Gen {
	b := newBuilder(m, p)
	mut := mutator{b: b, unused: unusedID(m)}
	return func(gp *gopter.GenParameters) *gopter.GenResult {
		c, ok := b.cart(gp.Rng)
		if !ok {
			return gopter.NewEmptyResult(typeOfMutation)
		}
		return gopter.NewGenResult(mut.mutate(gp.Rng, c), MutationShrinker)
	}
}

type mutator struct {
	b      *builder
	unused menu.ID // an id that is no dish and no modifier
}

func unusedID(m *menu.Menu) menu.ID {
	id := menu.ID(1)
	for _, d := range m.Dishes() {
		id = max(id, d.ID+1)
	}
	for id2 := id; ; id2++ {
		if !m.KnownModifier(id2) {
			return id2
		}
	}
}

type mutation func(r *rand.Rand, c *engine.Cart) (Mutation, bool)

// rules lists every mutation with the code it produces.
func (mu mutator) rules() []rule {
	return []rule{
		{engine.CodeUnknownDish, mu.unknownDish}, {engine.CodeBadQuantity, mu.badLineQnt}, {engine.CodeFractionalQuantity, mu.fractional},
		{engine.CodeUnknownLineType, mu.unknownLineType}, {engine.CodeUnknownModifier, mu.unknownModifier}, {engine.CodeBadQuantity, mu.badItemQnt},
		{engine.CodeModifierNotAllowed, mu.foreignModifier(false)}, {engine.CodeInactiveModifier, mu.foreignModifier(true)},
		{engine.CodeMaxOneDishExceeded, mu.maxOneDish}, {engine.CodeNotACombo, mu.notACombo}, {engine.CodeComboAsDish, mu.comboAsDish},
		{engine.CodeComboComponentNotAllowed, mu.componentNotAllowed}, {engine.CodeGroupBelowMin, mu.groupBelowMin},
		{engine.CodeInactiveDish, mu.inactiveDish}, {engine.CodeEmptyOrder, mu.emptyOrder}, {engine.CodeBadOrderType, mu.badOrderType},
		{engine.CodeBadPayType, mu.badPayType}, {engine.CodeMissingPhone, mu.missingPhone}, {engine.CodeMissingLastName, mu.missingLastName},
		{engine.CodeBadPhone, mu.badPhone}, {engine.CodeBadEmail, mu.badEmail}, {engine.CodeWrongObject, mu.wrongObject},
		{engine.CodeBadDeliveryTime, mu.badDeliveryTime}, {engine.CodeDeliveryTimeInPast, mu.inThePast},
		{engine.CodeGroupAboveMax, mu.groupAboveMax}, {engine.CodeOutsideDeliveryPeriod, mu.outsidePeriod},
		{engine.CodeBelowMinCheck, mu.belowMinCheck}, {engine.CodeMissingAddress, mu.missingAddress}, {engine.CodeOutOfStock, mu.outOfStock},
		{engine.CodeAmountOverflow, mu.amountOverflow}, {engine.CodeBadObjectID, mu.badObjectID}, {engine.CodeNestedItem, mu.nestedItem},
		{engine.CodeStopped, mu.stoppedDish}, {engine.CodeStopped, mu.stoppedModifier}, {engine.CodeOutOfStock, mu.modifierOverBalance},
	}
}

type rule struct {
	code string
	f    mutation
}

func (mu mutator) mutate(r *rand.Rand, valid *engine.Cart) Mutation {
	all := mu.rules()
	for _, i := range r.Perm(len(all)) {
		if got, ok := mu.try(all[i].f, r, valid); ok {
			return got
		}
	}
	panic("fuzz: no mutation applies") // badPayType always applies
}

// try applies f to a copy of valid and keeps the result when it breaks
// exactly its own rule: the minimum check and stock still hold (by the
// generator's bounds) unless they are the rule broken.
func (mu mutator) try(f mutation, r *rand.Rand, valid *engine.Cart) (Mutation, bool) {
	got, ok := f(r, Clone(valid))
	if !ok {
		return Mutation{}, false
	}
	if got.Code != engine.CodeBelowMinCheck && !mu.meetsMin(got.Cart) || got.Code != engine.CodeOutOfStock && !mu.withinStock(got.Cart) {
		return Mutation{}, false
	}
	if got.Code != engine.CodeStopped && got.Code != engine.CodeOutOfStock && mu.usesOff(got.Cart) {
		return Mutation{}, false // it would break the stop list too
	}
	return got, true
}

// usesOff reports whether c names a stopped dish, or a stopped or counted
// modifier, anywhere (what valid carts never do).
func (mu mutator) usesOff(c *engine.Cart) bool {
	if mu.b.p.Availability == nil {
		return false
	}
	var walk func(items []engine.Item) bool
	walk = func(items []engine.Item) bool {
		for _, it := range items {
			if it.Type == engine.TypeModifier && mu.b.modifierOff(it.ID) || it.Type != engine.TypeModifier && mu.b.stopped(it.ID) || walk(it.Items) {
				return true
			}
		}
		return false
	}
	for _, l := range c.Lines {
		if mu.b.stopped(l.ID) || walk(l.Items) {
			return true
		}
	}
	return false
}

// meetsMin reports whether a delivery cart still reaches the minimum check
// by the generator's lower bound: the dish amounts of the lines that still
// count (a dish of the menu, sent with its right type and a quantity in
// range), so a mutation that zeroes a line cannot also break the minimum.
func (mu mutator) meetsMin(c *engine.Cart) bool {
	rest := mu.b.p.Restaurant
	if c.OrderType != engine.Delivery || rest == nil || rest.MinCheck <= 0 {
		return true
	}
	var bound money.Kopecks
	for _, l := range c.Lines {
		d, ok := mu.b.m.Dish(l.ID)
		if !ok || l.Qnt <= 0 || l.Qnt > engine.DefaultMaxQty || (l.Type == engine.TypeCombo) != d.Combo ||
			(l.Type != engine.TypeDish && l.Type != engine.TypeCombo) {
			continue
		}
		if hasNegative(mu.b.m, d, l) {
			return false // a line that may subtract: no bound
		}
		a, err := d.Price.MulQty(l.Qnt)
		if err != nil {
			return false
		}
		bound += a
	}
	return bound >= rest.MinCheck
}

// withinStock reports whether every stocked dish's use (counted as the
// generator does, an upper bound of the engine's) stays within its stock.
func (mu mutator) withinStock(c *engine.Cart) bool {
	for id, avail := range mu.b.dishLeft() {
		if useOf(c, id) > avail {
			return false
		}
	}
	return true
}

func lineOf(r *rand.Rand, c *engine.Cart, typ string) (int, bool) {
	var idx []int
	for i, l := range c.Lines {
		if l.Type == typ {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return 0, false
	}
	return idx[r.Intn(len(idx))], true
}

func anyLine(r *rand.Rand, c *engine.Cart) int { return r.Intn(len(c.Lines)) }

func path(parts ...int) string {
	s := "/order"
	for i, p := range parts {
		if i > 0 {
			s += "/items"
		}
		s += "/" + strconv.Itoa(p)
	}
	return s
}

func (mu mutator) unknownDish(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i := anyLine(r, c)
	c.Lines[i].ID = mu.unused
	return Mutation{c, engine.CodeUnknownDish, path(i), "dish id replaced by an unknown one"}, true
}

func (mu mutator) badLineQnt(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i := anyLine(r, c)
	c.Lines[i].Qnt = []money.Qty{0, -1000, engine.DefaultMaxQty + 1000}[r.Intn(3)]
	return Mutation{c, engine.CodeBadQuantity, path(i), fmt.Sprintf("line qnt %d", c.Lines[i].Qnt)}, true
}

func (mu mutator) fractional(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	if mu.b.p.Fractional {
		return Mutation{}, false // allowed
	}
	i := anyLine(r, c)
	c.Lines[i].Qnt += money.Qty(1 + r.Intn(999))
	return Mutation{c, engine.CodeFractionalQuantity, path(i), fmt.Sprintf("line qnt %d", c.Lines[i].Qnt)}, true
}

func (mu mutator) unknownLineType(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i := anyLine(r, c)
	c.Lines[i].Type = []string{"x", "m", "cc", ""}[r.Intn(4)]
	return Mutation{c, engine.CodeUnknownLineType, path(i), fmt.Sprintf("line type %q", c.Lines[i].Type)}, true
}

// addItem appends an item to a dish line and returns its path.
func addItem(c *engine.Cart, i int, it engine.Item) string {
	c.Lines[i].Items = append(c.Lines[i].Items, it)
	return path(i, len(c.Lines[i].Items)-1)
}

func (mu mutator) unknownModifier(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: mu.unused, Qnt: money.Piece})
	return Mutation{c, engine.CodeUnknownModifier, p, "an unknown modifier added"}, true
}

func (mu mutator) badItemQnt(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	q := []money.Qty{0, -1000, 1500}[r.Intn(3)]
	p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: mu.unused, Qnt: q})
	return Mutation{c, engine.CodeBadQuantity, p, fmt.Sprintf("a modifier with qnt %d added", q)}, true
}

// foreign finds, for the dish of line i, a known modifier id that resolves
// to nothing (notAllowed) or to an inactive option (inactive).
func (mu mutator) foreign(c *engine.Cart, i int, inactive bool) (menu.ID, bool) {
	key := foreignKey{c.Lines[i].ID, inactive}
	mu.b.mu.Lock()
	a, ok := mu.b.foreign[key]
	mu.b.mu.Unlock()
	if !ok {
		a.id, a.found = mu.findForeign(c.Lines[i].ID, inactive)
		mu.b.mu.Lock()
		if mu.b.foreign == nil {
			mu.b.foreign = map[foreignKey]foreignAnswer{}
		}
		mu.b.foreign[key] = a
		mu.b.mu.Unlock()
	}
	return a.id, a.found
}

func (mu mutator) findForeign(dish menu.ID, inactive bool) (menu.ID, bool) {
	m := mu.b.m
	d, _ := m.Dish(dish)
	schemes, common := m.Schemes()
	for _, list := range [][]menu.Scheme{schemes, common} {
		for _, s := range list {
			for _, g := range s.Groups {
				for _, md := range g.Modis {
					opt, found := m.Resolve(d, md.ID)
					if !inactive && !found {
						return md.ID, true
					}
					if inactive && found && !opt.Active {
						return md.ID, true
					}
				}
			}
		}
	}
	return 0, false
}

// foreignModifier adds a known modifier that the dish of a line may not
// have (modifier_not_allowed), or has only inactive (inactive_modifier).
func (mu mutator) foreignModifier(inactive bool) mutation {
	code, what := engine.CodeModifierNotAllowed, "modifier %d of another scheme added"
	if inactive {
		code, what = engine.CodeInactiveModifier, "inactive modifier %d added"
	}
	return func(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
		i, ok := lineOf(r, c, engine.TypeDish)
		if !ok {
			return Mutation{}, false
		}
		id, ok := mu.foreign(c, i, inactive)
		if !ok {
			return Mutation{}, false
		}
		p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: id, Qnt: money.Piece})
		return Mutation{c, code, p, fmt.Sprintf(what, id)}, true
	}
}

// maxOneDish adds more of a capped modifier in a group without an upper
// limit, past its cap; the violation is at its first occurrence.
func (mu mutator) maxOneDish(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	m := mu.b.m
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	d, _ := m.Dish(c.Lines[i].ID)
	for gi, g := range m.Groups(d).All() {
		if !g.Active || g.UseUpLimit {
			continue
		}
		for _, md := range g.Modis {
			opt, found := m.Resolve(d, md.ID)
			if !found || !opt.Active || opt.Ref.Group != int32(gi) || opt.MaxOneDish <= 0 {
				continue
			}
			have, first := int64(0), -1
			for k, it := range c.Lines[i].Items {
				if it.Type == engine.TypeModifier && it.ID == md.ID {
					have += int64(it.Qnt / money.Piece)
					if first < 0 {
						first = k
					}
				}
			}
			add := opt.MaxOneDish + 1 - have
			p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: md.ID, Qnt: money.Qty(add) * money.Piece})
			if first >= 0 {
				p = path(i, first)
			}
			return Mutation{c, engine.CodeMaxOneDishExceeded, p, fmt.Sprintf("modifier %d raised to %d (max %d)", md.ID, opt.MaxOneDish+1, opt.MaxOneDish)}, true
		}
	}
	return Mutation{}, false
}

func (mu mutator) notACombo(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	c.Lines[i].Type = engine.TypeCombo
	return Mutation{c, engine.CodeNotACombo, path(i), "a dish sent as a combo"}, true
}

func (mu mutator) comboAsDish(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeCombo)
	if !ok {
		return Mutation{}, false
	}
	c.Lines[i].Type = engine.TypeDish
	return Mutation{c, engine.CodeComboAsDish, path(i), "a combo sent as a dish"}, true
}

func (mu mutator) componentNotAllowed(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeCombo)
	if !ok {
		return Mutation{}, false
	}
	p := addItem(c, i, engine.Item{Type: engine.TypeComponent, ID: mu.unused, Qnt: money.Piece,
		Items: []engine.Item{{Type: engine.TypeModifier, ID: mu.unused, Qnt: money.Piece}}})
	return Mutation{c, engine.CodeComboComponentNotAllowed, p, "a component that is no slot entry added"}, true
}

// groupBelowMin empties a group with a lower limit and no implied default.
func (mu mutator) groupBelowMin(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	m := mu.b.m
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	d, _ := m.Dish(c.Lines[i].ID)
	for gi, g := range m.Groups(d).All() {
		if !g.Active || !g.UseDownLimit || g.DownLimit <= 0 || g.DefaultIndex() >= 0 {
			continue
		}
		c.Lines[i].Items = slices.DeleteFunc(c.Lines[i].Items, func(it engine.Item) bool {
			opt, found := m.Resolve(d, it.ID)
			return it.Type == engine.TypeModifier && found && opt.Ref.Group == int32(gi)
		})
		return Mutation{c, engine.CodeGroupBelowMin, path(i), fmt.Sprintf("group %d emptied (min %d)", g.ID, g.DownLimit)}, true
	}
	return Mutation{}, false
}

// inactiveDish swaps a line's dish for an inactive one whose rules an empty
// selection satisfies.
func (mu mutator) inactiveDish(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	for _, d := range mu.b.dishesWhere("inactive", func(d menu.Dish) bool {
		return !d.Active && !d.Combo && d.Price >= 0 && mu.b.emptyOK(d.ID) && !mu.b.stopped(d.ID)
	}) {
		c.Lines[i].ID, c.Lines[i].Items = d.ID, nil
		return Mutation{c, engine.CodeInactiveDish, path(i), fmt.Sprintf("dish %d is inactive", d.ID)}, true
	}
	return Mutation{}, false
}

func (mu mutator) emptyOrder(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	if c.OrderType == engine.Delivery && mu.b.p.Restaurant != nil && mu.b.p.Restaurant.MinCheck > 0 {
		return Mutation{}, false
	}
	c.Lines = nil
	return Mutation{c, engine.CodeEmptyOrder, "/order", "no lines"}, true
}

func (mu mutator) badOrderType(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.OrderType = []engine.OrderType{2, 7, engine.BadOrderType}[r.Intn(3)]
	return Mutation{c, engine.CodeBadOrderType, "/order_type", fmt.Sprintf("order_type %d", c.OrderType)}, true
}

func (mu mutator) badPayType(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.PayType = []engine.PayType{3, 9, engine.BadPayType}[r.Intn(3)]
	return Mutation{c, engine.CodeBadPayType, "/pay_type", fmt.Sprintf("pay_type %d", c.PayType)}, true
}

func (mu mutator) missingPhone(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.Client.ID, c.Client.Phone, c.Client.LastName = "", "", "Ivanov"
	return Mutation{c, engine.CodeMissingPhone, "/client/phone", "no phone and no client id"}, true
}

func (mu mutator) missingLastName(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.Client.ID, c.Client.Phone, c.Client.LastName = "", "79990001122", ""
	return Mutation{c, engine.CodeMissingLastName, "/client/ln", "no last name and no client id"}, true
}

func (mu mutator) badPhone(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.Client.Phone = []string{"123", "+7999.000.11.22", "7999000112233445", "phone"}[r.Intn(4)]
	return Mutation{c, engine.CodeBadPhone, "/client/phone", fmt.Sprintf("phone %q", c.Client.Phone)}, true
}

func (mu mutator) badEmail(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.Client.Email = []string{"x@", "@example.com", "a b@c.d", "no-at.example.com"}[r.Intn(4)]
	return Mutation{c, engine.CodeBadEmail, "/client/email", fmt.Sprintf("email %q", c.Client.Email)}, true
}

func (mu mutator) wrongObject(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	if mu.b.p.Restaurant == nil {
		return Mutation{}, false
	}
	c.ObjectID++
	return Mutation{c, engine.CodeWrongObject, "/objectid", "objectid of another restaurant"}, true
}

func (mu mutator) badDeliveryTime(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.DeliveryTime = []string{"tomorrow", "", "2030-02-30T10:00:00", "2030-01-01 10:00:00"}[r.Intn(4)]
	return Mutation{c, engine.CodeBadDeliveryTime, "/delivery_time", fmt.Sprintf("delivery_time %q", c.DeliveryTime)}, true
}

// inThePast moves the time back whole days, keeping the wall clock (and so
// the delivery window) as it was.
func (mu mutator) inThePast(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	y, mo, d := mu.b.p.Now.In(mu.b.p.Location).AddDate(0, 0, -1-r.Intn(30)).Date()
	c.DeliveryTime = fmt.Sprintf("%04d-%02d-%02d%s", y, mo, d, c.DeliveryTime[10:])
	return Mutation{c, engine.CodeDeliveryTimeInPast, "/delivery_time", "delivery_time days ago"}, true
}

// groupAboveMax adds units of a limited group's modifiers (each within its
// maxOneDish) until the group, implied default included, is one over its
// maximum.
func (mu mutator) groupAboveMax(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	m := mu.b.m
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	d, _ := m.Dish(c.Lines[i].ID)
	for gi, g := range m.Groups(d).All() {
		if !g.Active || !g.UseUpLimit || g.UpLimit < 0 || g.UpLimit > 20 {
			continue
		}
		counts := map[int32]int64{}
		var total int64
		for _, it := range c.Lines[i].Items {
			if o, found := m.Resolve(d, it.ID); found && it.Type == engine.TypeModifier && o.Ref.Group == int32(gi) {
				counts[o.Ref.Modi] += int64(it.Qnt / money.Piece)
				total += int64(it.Qnt / money.Piece)
			}
		}
		def := g.DefaultIndex()
		// After adding anything, the default is implied unless chosen or
		// replaced.
		implied := def >= 0 && !g.ReplaceDefault && counts[int32(def)] == 0
		need := g.UpLimit + 1 - total - b2i64(implied)
		if need <= 0 {
			continue
		}
		var add []engine.Item
		for _, o := range mu.b.candidates(d, &g, int32(gi), false) {
			if int(o.Ref.Modi) == def && implied {
				continue // choosing it would remove its implied twin: keep the arithmetic simple
			}
			for need > 0 && (o.MaxOneDish <= 0 || counts[o.Ref.Modi] < o.MaxOneDish) {
				add = append(add, engine.Item{Type: engine.TypeModifier, ID: o.ID, Qnt: money.Piece})
				counts[o.Ref.Modi]++
				need--
			}
		}
		if need > 0 {
			continue
		}
		c.Lines[i].Items = append(c.Lines[i].Items, add...)
		return Mutation{c, engine.CodeGroupAboveMax, path(i), fmt.Sprintf("group %d raised past %d", g.ID, g.UpLimit)}, true
	}
	return Mutation{}, false
}

func b2i64(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// outsidePeriod moves a delivery order's time of day just past the
// window's end (the cut-off included), on the same future day.
func (mu mutator) outsidePeriod(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	rest := mu.b.p.Restaurant
	if c.OrderType != engine.Delivery || rest == nil || rest.Period.AllDay() {
		return Mutation{}, false
	}
	// The minute after the end (wrapping past midnight): outside, and
	// never inside the window.
	sod := ((rest.Period.End + r.Intn(1+outsideLength(rest.Period))) % menu.MinutesPerDay) * 60
	if rest.Period.Admits(sod, mu.b.p.CutoffMinutes) {
		return Mutation{}, false
	}
	c.DeliveryTime = fmt.Sprintf("%s%02d:%02d:00", c.DeliveryTime[:11], sod/3600, sod/60%60)
	day, _ := time.ParseInLocation("2006-01-02T15:04:05", c.DeliveryTime, mu.b.p.Location)
	if !day.After(mu.b.p.Now) || day.Hour()*3600+day.Minute()*60 != sod {
		return Mutation{}, false // in the past, or a DST gap moved it
	}
	return Mutation{c, engine.CodeOutsideDeliveryPeriod, "/delivery_time", "delivery time outside the window"}, true
}

// outsideLength is how many minutes after the end are outside the window.
func outsideLength(p menu.Period) int {
	n := (p.Begin - p.End + menu.MinutesPerDay) % menu.MinutesPerDay
	return max(n-1, 0)
}

// belowMinCheck replaces a delivery order's lines with one piece of the
// cheapest dish that stands alone below the minimum (its implied defaults
// counted).
func (mu mutator) belowMinCheck(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	rest := mu.b.p.Restaurant
	if c.OrderType != engine.Delivery || rest == nil || rest.MinCheck <= 0 {
		return Mutation{}, false
	}
	for _, d := range mu.b.dishes {
		if d.Combo || d.Price < 0 || !mu.b.emptyOK(d.ID) || !mu.b.inStock(&engine.Cart{}, d.ID, money.Piece) {
			continue
		}
		sum := d.Price
		for _, g := range mu.b.m.Groups(d).All() {
			if i := g.DefaultIndex(); i >= 0 && g.Active {
				if g.Modis[i].Price < 0 {
					sum = rest.MinCheck // not a bound: skip
					break
				}
				sum += g.Modis[i].Price
			}
		}
		if sum < rest.MinCheck {
			c.Lines = []engine.Line{{Type: engine.TypeDish, ID: d.ID, Qnt: money.Piece}}
			return Mutation{c, engine.CodeBelowMinCheck, "/order", fmt.Sprintf("one %d only (%d < %d)", d.ID, sum, rest.MinCheck)}, true
		}
	}
	return Mutation{}, false
}

func (mu mutator) missingAddress(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	if c.OrderType != engine.Delivery {
		return Mutation{}, false
	}
	c.Address = engine.Address{City: "Moscow"}
	return Mutation{c, engine.CodeMissingAddress, "/address", "a delivery without street and house"}, true
}

// outOfStock raises a stocked dish line's quantity past what is left.
func (mu mutator) outOfStock(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	for _, i := range r.Perm(len(c.Lines)) {
		ln := &c.Lines[i]
		avail, listed := mu.b.dishLeft()[ln.ID]
		if ln.Type != engine.TypeDish || !listed || useOf(c, ln.ID) != ln.Qnt {
			continue // only a dish whose single use is this line: its first use is here
		}
		q := (avail/money.Piece + 1) * money.Piece
		if q > engine.DefaultMaxQty || (!mu.b.p.Fractional && !ln.Qnt.Whole()) {
			continue
		}
		ln.Qnt = q
		return Mutation{c, engine.CodeOutOfStock, path(i), fmt.Sprintf("%d thousandths of dish %d, %d in stock", q, ln.ID, avail)}, true
	}
	return Mutation{}, false
}

// amountOverflow adds a line of a dish priced so high that its amount
// does not fit 64 bits (only menus with such a dish can).
func (mu mutator) amountOverflow(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	for _, d := range mu.b.dishesWhere("overflow", func(d menu.Dish) bool {
		_, listed := mu.b.dishLeft()[d.ID]
		return d.Active && !d.Combo && d.Price >= 1<<62 && mu.b.emptyOK(d.ID) && !mu.b.stopped(d.ID) && !listed
	}) {
		c.Lines = append(c.Lines, engine.Line{Type: engine.TypeDish, ID: d.ID, Qnt: 2 * money.Piece})
		return Mutation{c, engine.CodeAmountOverflow, path(len(c.Lines) - 1), fmt.Sprintf("two of dish %d at %d", d.ID, d.Price)}, true
	}
	return Mutation{}, false
}

func (mu mutator) badObjectID(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	c.ObjectID = []menu.ID{0, -1}[r.Intn(2)]
	return Mutation{c, engine.CodeBadObjectID, "/objectid", fmt.Sprintf("objectid %d", c.ObjectID)}, true
}

// nestedItem puts an item under a dish's modifier.
func (mu mutator) nestedItem(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok || len(c.Lines[i].Items) == 0 {
		return Mutation{}, false
	}
	j := r.Intn(len(c.Lines[i].Items))
	it := &c.Lines[i].Items[j]
	if it.Type != engine.TypeModifier {
		return Mutation{}, false
	}
	it.Items = append(it.Items, engine.Item{Type: engine.TypeModifier, ID: it.ID, Qnt: money.Piece})
	return Mutation{c, engine.CodeNestedItem, path(i, j, len(it.Items)-1), "an item under a modifier"}, true
}

// stoppedDish adds one piece of a stopped dish that is otherwise fine on its
// own line.
func (mu mutator) stoppedDish(_ *rand.Rand, c *engine.Cart) (Mutation, bool) {
	a := mu.b.p.Availability
	if a == nil {
		return Mutation{}, false
	}
	for _, d := range mu.b.m.Dishes() {
		if first, _ := mu.b.m.Dish(d.ID); first != d || !a.StoppedDishes[d.ID] || !d.Active || d.Combo || d.Price < 0 || d.Price >= 1<<40 || !mu.b.emptyOK(d.ID) {
			continue
		}
		if _, listed := mu.b.left(d.ID); listed {
			continue
		}
		c.Lines = append(c.Lines, engine.Line{Type: engine.TypeDish, ID: d.ID, Qnt: money.Piece})
		return Mutation{c, engine.CodeStopped, path(len(c.Lines) - 1), fmt.Sprintf("stopped dish %d", d.ID)}, true
	}
	return Mutation{}, false
}

// offModifier finds, for the dish of line i, a modifier that want accepts
// and that one more unit cannot push past its group's upper limit or its
// maxOneDish (counted on the line as it is).
func (mu mutator) offModifier(c *engine.Cart, i int, want func(id menu.ID) bool) (menu.Option, bool) {
	m := mu.b.m
	d, _ := m.Dish(c.Lines[i].ID)
	for gi, g := range m.Groups(d).All() {
		if !g.Active || g.UseUpLimit {
			continue
		}
		for _, md := range g.Modis {
			opt, found := m.Resolve(d, md.ID)
			if !found || !opt.Active || opt.Ref.Group != int32(gi) || !want(md.ID) || opt.Price < 0 || opt.Price >= 1<<30 {
				continue
			}
			if slices.ContainsFunc(c.Lines[i].Items, func(it engine.Item) bool { return it.ID == md.ID }) {
				continue
			}
			return opt, true
		}
	}
	return menu.Option{}, false
}

// stoppedModifier adds one unit of a stopped modifier to a dish line.
func (mu mutator) stoppedModifier(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	a := mu.b.p.Availability
	if a == nil {
		return Mutation{}, false
	}
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok {
		return Mutation{}, false
	}
	opt, ok := mu.offModifier(c, i, func(id menu.ID) bool {
		_, balanced := a.ModifierLeft[id]
		return a.StoppedModifiers[id] && !balanced
	})
	if !ok || (opt.MaxOneDish > 0 && opt.MaxOneDish < 1) {
		return Mutation{}, false
	}
	p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: opt.ID, Qnt: money.Piece})
	return Mutation{c, engine.CodeStopped, p, fmt.Sprintf("stopped modifier %d", opt.ID)}, true
}

// modifierOverBalance adds a modifier with a balance, enough units that
// its use (count × line qnt) passes it, within its maxOneDish.
func (mu mutator) modifierOverBalance(r *rand.Rand, c *engine.Cart) (Mutation, bool) {
	a := mu.b.p.Availability
	if a == nil {
		return Mutation{}, false
	}
	i, ok := lineOf(r, c, engine.TypeDish)
	if !ok || c.Lines[i].Qnt <= 0 {
		return Mutation{}, false
	}
	opt, ok := mu.offModifier(c, i, func(id menu.ID) bool {
		_, balanced := a.ModifierLeft[id]
		return balanced && !a.StoppedModifiers[id]
	})
	if !ok {
		return Mutation{}, false
	}
	q := int64(c.Lines[i].Qnt)
	k := int64(a.ModifierLeft[opt.ID])/q + 1 // pieces per unit so that k × qnt > balance
	if opt.MaxOneDish > 0 && k > opt.MaxOneDish || k > 1000 {
		return Mutation{}, false
	}
	p := addItem(c, i, engine.Item{Type: engine.TypeModifier, ID: opt.ID, Qnt: money.Qty(k) * money.Piece})
	return Mutation{c, engine.CodeOutOfStock, p, fmt.Sprintf("%d × modifier %d on qnt %d, %d left", k, opt.ID, q, a.ModifierLeft[opt.ID])}, true
}

// Clone returns a deep copy of c, so a mutation never touches the original.
func Clone(c *engine.Cart) *engine.Cart {
	out := *c
	out.Extra = slices.Clone(c.Extra)
	out.Lines = make([]engine.Line, len(c.Lines))
	for i, l := range c.Lines {
		l.Items = cloneItems(l.Items)
		out.Lines[i] = l
	}
	return &out
}

func cloneItems(items []engine.Item) []engine.Item {
	if items == nil {
		return nil
	}
	out := make([]engine.Item, len(items))
	for i, it := range items {
		it.Items = cloneItems(it.Items)
		out[i] = it
	}
	return out
}
