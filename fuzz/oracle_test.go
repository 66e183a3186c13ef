package fuzz_test

// The oracle: a second, deliberately plain implementation of
// docs/contract.md (rules and pricing), for tests only. It reads the menu
// JSON with its own structs, resolves with linear scans, and computes with
// math/big; it imports neither menu's compiled index nor modifiers nor
// combo. The properties below compare the engine with it on every
// generated cart.

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/engine"
)

type oModi struct {
	ID, Price, Active, MaxOneDish, DishID int64
}

type oGroup struct {
	ID, Active, UseDownLimit, DownLimit, UseUpLimit, UpLimit, DefaultModifier, ReplaceDefModifier int64
	Modi                                                                                          []oModi
}

type oScheme struct {
	ID    int64
	Group []oGroup
}

type oDish struct {
	ID, Price, ModiScheme, Active int64
}

type oMenu struct {
	dishes  []oDish
	schemes []oScheme
	common  []oGroup
}

// oInt reads a number or a digit string, as the export writes ids.
type oInt int64

func (i *oInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*i = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	*i = oInt(v)
	return err
}

func loadOracleMenu(data []byte) (oMenu, error) {
	type wm struct {
		ID, Price, Active, MaxOneDish, DishID oInt
	}
	type wg struct {
		ID, Active, UseDownLimit, DownLimit, UseUpLimit, UpLimit, DefaultModifier, ReplaceDefModifier oInt
		Modi                                                                                          []wm
	}
	type ws struct {
		ID    oInt
		Group []wg
	}
	type wd struct {
		ID, Price, ModiScheme, Active oInt
	}
	type body struct {
		Dishes          []wd
		Modifiers       []ws
		CommonModifiers []ws
	}
	var doc struct {
		Data *body
		body
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return oMenu{}, err
	}
	b := doc.body
	if doc.Data != nil {
		b = *doc.Data
	}
	conv := func(g wg) oGroup {
		out := oGroup{int64(g.ID), int64(g.Active), int64(g.UseDownLimit), int64(g.DownLimit), int64(g.UseUpLimit), int64(g.UpLimit),
			int64(g.DefaultModifier), int64(g.ReplaceDefModifier), nil}
		for _, m := range g.Modi {
			out.Modi = append(out.Modi, oModi{int64(m.ID), int64(m.Price), int64(m.Active), int64(m.MaxOneDish), int64(m.DishID)})
		}
		return out
	}
	var m oMenu
	for _, d := range b.Dishes {
		m.dishes = append(m.dishes, oDish{int64(d.ID), int64(d.Price), int64(d.ModiScheme), int64(d.Active)})
	}
	for _, s := range b.Modifiers {
		sc := oScheme{ID: int64(s.ID)}
		for _, g := range s.Group {
			sc.Group = append(sc.Group, conv(g))
		}
		m.schemes = append(m.schemes, sc)
	}
	for _, s := range b.CommonModifiers {
		for _, g := range s.Group {
			m.common = append(m.common, conv(g))
		}
	}
	return m, nil
}

func (m oMenu) dish(id int64) (oDish, bool) {
	for _, d := range m.dishes {
		if d.ID == id {
			return d, true
		}
	}
	return oDish{}, false
}

func (m oMenu) own(d oDish) []oGroup {
	if d.ModiScheme == 0 {
		return nil
	}
	for _, s := range m.schemes {
		if s.ID == d.ModiScheme {
			return s.Group
		}
	}
	return nil
}

func (m oMenu) allowed(d oDish) []oGroup { return append(slices.Clip(m.own(d)), m.common...) }

func (m oMenu) isCombo(d oDish) bool {
	for _, g := range m.own(d) {
		for _, md := range g.Modi {
			if md.DishID != 0 {
				return true
			}
		}
	}
	return false
}

func (m oMenu) known(id int64) bool {
	for _, g := range append(m.allGroups(), m.common...) {
		for _, md := range g.Modi {
			if md.ID == id {
				return true
			}
		}
	}
	return false
}

func (m oMenu) allGroups() []oGroup {
	var out []oGroup
	for _, s := range m.schemes {
		out = append(out, s.Group...)
	}
	return out
}

// place is a modi's place among a unit's groups.
type place struct{ g, m int }

// resolve: the first group holding id, its first modi of that id.
func resolve(groups []oGroup, id int64) (place, bool) {
	for gi, g := range groups {
		for mi, md := range g.Modi {
			if md.ID == id {
				return place{gi, mi}, true
			}
		}
	}
	return place{}, false
}

// resolveComponent: the slot entry of dish id, the first active one (modi
// and group), else the first.
func resolveComponent(groups []oGroup, id int64) (place, bool) {
	var first *place
	for gi, g := range groups {
		for mi, md := range g.Modi {
			if md.DishID != id {
				continue
			}
			if md.Active != 0 && g.Active != 0 {
				return place{gi, mi}, true
			}
			if first == nil {
				first = &place{gi, mi}
			}
		}
	}
	if first != nil {
		return *first, true
	}
	return place{}, false
}

type oViolation struct{ code, path string }

type oEntry struct {
	at      place
	count   int64
	item    int // first occurrence among the parent's items; -1 implied
	implied bool
}

type oracle struct {
	m          oMenu
	rest       *oRest
	now        time.Time
	loc        *time.Location
	fractional bool
	cutoff     int
	stock      map[int64]int64 // dish balances: Options.Stock, overlaid by the availability's
	stoppedD   map[int64]bool
	stoppedM   map[int64]bool
	modLeft    map[int64]int64
	vs         []oViolation
}

type oRest struct {
	id, minCheck, deliveryPrice int64
	begin, end                  int // minutes
}

type oResult struct {
	valid                          bool
	vs                             []oViolation
	lines                          map[int]int64 // line index → amount, for lines the engine lists
	subtotal, deliveryPrice, total int64
}

func (o *oracle) add(code, path string) { o.vs = append(o.vs, oViolation{code, path}) }

func ptr(li int, rest ...int) string {
	s := "/order/" + strconv.Itoa(li)
	for _, i := range rest {
		s += "/items/" + strconv.Itoa(i)
	}
	return s
}

// kernel is round_half_away_from_zero(p × q / 1000) in math/big.
func kernel(p, q *big.Int) *big.Int {
	n := new(big.Int).Mul(p, q)
	neg := n.Sign() < 0
	n.Abs(n)
	quo, rem := new(big.Int).QuoRem(n, big.NewInt(1000), new(big.Int))
	if rem.Cmp(big.NewInt(500)) >= 0 {
		quo.Add(quo, big.NewInt(1))
	}
	if neg {
		quo.Neg(quo)
	}
	return quo
}

func bi(v int64) *big.Int { return big.NewInt(v) }

// unit checks the items of one unit under groups and returns the entries
// (implied ones last) — the modifier or slot rules, written again.
func (o *oracle) unit(groups []oGroup, items []engine.Item, comp bool, itemPath func(i int) string, parentPath string) []oEntry {
	var es []oEntry
	for i, it := range items {
		if it.Qnt <= 0 || it.Qnt%1000 != 0 {
			o.add(engine.CodeBadQuantity, itemPath(i))
			continue
		}
		count := int64(it.Qnt / 1000)
		var at place
		var found bool
		if comp {
			at, found = resolveComponent(groups, int64(it.ID))
			if !found || groups[at.g].Modi[at.m].Active == 0 || groups[at.g].Active == 0 {
				o.add(engine.CodeComboComponentNotAllowed, itemPath(i))
				continue
			}
		} else {
			at, found = resolve(groups, int64(it.ID))
			switch {
			case !found && !o.m.known(int64(it.ID)):
				o.add(engine.CodeUnknownModifier, itemPath(i))
				continue
			case !found:
				o.add(engine.CodeModifierNotAllowed, itemPath(i))
				continue
			case groups[at.g].Modi[at.m].Active == 0 || groups[at.g].Active == 0:
				o.add(engine.CodeInactiveModifier, itemPath(i))
				continue
			}
		}
		merged := false
		for k := range es {
			if es[k].at == at {
				es[k].count += count
				merged = true
			}
		}
		if !merged {
			es = append(es, oEntry{at: at, count: count, item: i})
		}
	}
	for gi, g := range groups {
		if g.Active == 0 || g.DefaultModifier == 0 {
			continue
		}
		def := -1
		for mi, md := range g.Modi {
			if md.ID == g.DefaultModifier {
				if md.Active != 0 {
					def = mi
				}
				break
			}
		}
		if def < 0 {
			continue
		}
		any, has := false, false
		for _, e := range es {
			if e.at.g == gi {
				any = true
				has = has || e.at.m == def
			}
		}
		if !any || (g.ReplaceDefModifier == 0 && !has) {
			es = append(es, oEntry{at: place{gi, def}, count: 1, item: -1, implied: true})
		}
	}
	for _, e := range es {
		if md := groups[e.at.g].Modi[e.at.m]; md.MaxOneDish > 0 && e.count > md.MaxOneDish && e.item >= 0 {
			o.add(engine.CodeMaxOneDishExceeded, itemPath(e.item))
		}
	}
	for gi, g := range groups {
		if g.Active == 0 || (g.UseDownLimit == 0 && g.UseUpLimit == 0) {
			continue
		}
		var n int64
		for _, e := range es {
			if e.at.g == gi {
				n += e.count
			}
		}
		if g.UseDownLimit != 0 && n < g.DownLimit {
			o.add(engine.CodeGroupBelowMin, parentPath)
		}
		if g.UseUpLimit != 0 && n > g.UpLimit {
			o.add(engine.CodeGroupAboveMax, parentPath)
		}
	}
	return es
}

type use struct {
	qty  int64
	path string
}

// price runs the oracle on c.
func (o *oracle) price(c *engine.Cart) oResult {
	o.vs = nil
	res := oResult{lines: map[int]int64{}}
	subtotal := new(big.Int)
	stock := map[int64]*use{}
	var order []int64
	mods := map[int64]*use{}
	var modOrder []int64
	useMod := func(id, q int64, path string) {
		if _, listed := o.modLeft[id]; !listed {
			return
		}
		u, ok := mods[id]
		if !ok {
			u = &use{path: path}
			mods[id] = u
			modOrder = append(modOrder, id)
		}
		u.qty += q
	}
	useStock := func(id, q int64, path string) {
		if _, listed := o.stock[id]; !listed {
			return
		}
		u, ok := stock[id]
		if !ok {
			u = &use{path: path}
			stock[id] = u
			order = append(order, id)
		}
		u.qty += q
	}
	for li, ln := range c.Lines {
		switch ln.Type {
		case engine.TypeDiscount:
			continue
		case engine.TypeDish, engine.TypeCombo:
		default:
			o.add(engine.CodeUnknownLineType, ptr(li))
			continue
		}
		counts := true
		if ln.Qnt <= 0 || ln.Qnt > engine.DefaultMaxQty {
			o.add(engine.CodeBadQuantity, ptr(li))
			counts = false
		} else if !o.fractional && ln.Qnt%1000 != 0 {
			o.add(engine.CodeFractionalQuantity, ptr(li))
		}
		d, ok := o.m.dish(int64(ln.ID))
		if !ok {
			o.add(engine.CodeUnknownDish, ptr(li))
			res.lines[li] = 0
			continue
		}
		combo := o.m.isCombo(d)
		if d.Active == 0 {
			o.add(engine.CodeInactiveDish, ptr(li))
		}
		if o.stoppedD[d.ID] {
			o.add(engine.CodeStopped, ptr(li))
		}
		if (ln.Type == engine.TypeDish) == combo {
			if combo {
				o.add(engine.CodeComboAsDish, ptr(li))
			} else {
				o.add(engine.CodeNotACombo, ptr(li))
			}
			res.lines[li] = 0
			continue
		}
		q := bi(int64(ln.Qnt))
		amount := kernel(bi(d.Price), q)
		if ln.Qnt > 0 {
			useStock(d.ID, int64(ln.Qnt), ptr(li))
		}
		if ln.Type == engine.TypeDish {
			var mods []engine.Item
			idx := []int{}
			for ii, it := range ln.Items {
				switch it.Type {
				case engine.TypeModifier:
					mods = append(mods, it)
					idx = append(idx, ii)
					for si := range it.Items {
						o.add(engine.CodeNestedItem, ptr(li, ii, si))
					}
				case engine.TypeDiscount:
				default:
					o.add(engine.CodeUnknownLineType, ptr(li, ii))
				}
			}
			groups := o.m.allowed(d)
			for _, e := range o.unit(groups, mods, false, func(i int) string { return ptr(li, idx[i]) }, ptr(li)) {
				md := groups[e.at.g].Modi[e.at.m]
				amount.Add(amount, kernel(new(big.Int).Mul(bi(md.Price), bi(e.count)), q))
				at := ptr(li)
				if e.item >= 0 {
					at = ptr(li, idx[e.item])
				}
				o.modifierAvailability(md.ID, e.count, int64(ln.Qnt), at, useMod)
			}
		} else {
			var comps []engine.Item
			idx := []int{}
			for ii, it := range ln.Items {
				if it.Type != engine.TypeComponent && it.Type != engine.TypeDish {
					o.add(engine.CodeUnknownLineType, ptr(li, ii))
					continue
				}
				comps = append(comps, it)
				idx = append(idx, ii)
			}
			slots := o.m.own(d)
			// Rules on the slots see occurrences summed by slot.
			es := o.unit(slots, comps, true, func(i int) string { return ptr(li, idx[i]) }, ptr(li))
			// Each occurrence: every accepted component item, then implied ones.
			type occ struct {
				at    place
				count int64
				item  int // index in ln.Items, -1 implied
			}
			var occs []occ
			for k, it := range comps {
				if it.Qnt <= 0 || it.Qnt%1000 != 0 {
					continue
				}
				at, found := resolveComponent(slots, int64(it.ID))
				if !found || slots[at.g].Modi[at.m].Active == 0 || slots[at.g].Active == 0 {
					continue
				}
				occs = append(occs, occ{at, int64(it.Qnt / 1000), idx[k]})
			}
			for _, e := range es {
				if e.implied {
					occs = append(occs, occ{e.at, e.count, -1})
				}
			}
			for _, oc := range occs {
				slot := slots[oc.at.g].Modi[oc.at.m]
				amount.Add(amount, kernel(new(big.Int).Mul(bi(slot.Price), bi(oc.count)), q))
				cpath := ptr(li)
				if oc.item >= 0 {
					cpath = ptr(li, oc.item)
				}
				if o.stoppedD[slot.DishID] {
					o.add(engine.CodeStopped, cpath)
				}
				if ln.Qnt > 0 {
					useStock(slot.DishID, oc.count*int64(ln.Qnt), cpath)
				}
				var sub []engine.Item
				var subIdx []int
				if oc.item >= 0 {
					for si, s := range ln.Items[oc.item].Items {
						if s.Type != engine.TypeModifier {
							o.add(engine.CodeUnknownLineType, ptr(li, oc.item, si))
							continue
						}
						sub = append(sub, s)
						subIdx = append(subIdx, si)
					}
				}
				cd, _ := o.m.dish(slot.DishID)
				cgroups := o.m.allowed(cd)
				itemPath := func(i int) string {
					if oc.item < 0 {
						return ptr(li)
					}
					return ptr(li, oc.item, subIdx[i])
				}
				for _, e := range o.unit(cgroups, sub, false, itemPath, cpath) {
					md := cgroups[e.at.g].Modi[e.at.m]
					amount.Add(amount, kernel(new(big.Int).Mul(new(big.Int).Mul(bi(md.Price), bi(e.count)), bi(oc.count)), q))
					at := ptr(li)
					if e.item >= 0 && oc.item >= 0 {
						at = ptr(li, oc.item, subIdx[e.item])
					}
					o.modifierAvailability(md.ID, e.count*oc.count, int64(ln.Qnt), at, useMod)
				}
			}
		}
		switch {
		case !counts:
			res.lines[li] = 0
		case !amount.IsInt64():
			o.add(engine.CodeAmountOverflow, ptr(li))
			res.lines[li] = 0
		default:
			res.lines[li] = amount.Int64()
			subtotal.Add(subtotal, amount)
		}
	}
	for _, id := range order {
		if u := stock[id]; u.qty > o.stock[id] {
			o.add(engine.CodeOutOfStock, u.path)
		}
	}
	for _, id := range modOrder {
		if u := mods[id]; u.qty > o.modLeft[id] {
			o.add(engine.CodeOutOfStock, u.path)
		}
	}
	o.header(c)
	if !subtotal.IsInt64() {
		o.add(engine.CodeAmountOverflow, "/order")
		subtotal.SetInt64(0)
	}
	res.subtotal = subtotal.Int64()
	delivery := c.OrderType == engine.Delivery
	if o.rest != nil && delivery {
		if res.subtotal < o.rest.minCheck {
			o.add(engine.CodeBelowMinCheck, "/order")
		}
		res.deliveryPrice = o.rest.deliveryPrice
	}
	total := new(big.Int).Add(bi(res.subtotal), bi(res.deliveryPrice))
	if total.IsInt64() {
		res.total = total.Int64()
	} else {
		o.add(engine.CodeAmountOverflow, "/order")
	}
	res.vs = o.vs
	res.valid = len(o.vs) == 0
	return res
}

func (o *oracle) header(c *engine.Cart) {
	if len(c.Lines) == 0 {
		o.add(engine.CodeEmptyOrder, "/order")
	}
	if c.OrderType != engine.Pickup && c.OrderType != engine.Delivery {
		o.add(engine.CodeBadOrderType, "/order_type")
	}
	if c.PayType < 0 || c.PayType > 2 {
		o.add(engine.CodeBadPayType, "/pay_type")
	}
	cl := c.Client
	digits, okPhone := 0, true
	for i, r := range cl.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			okPhone = false
		}
	}
	switch {
	case cl.Phone == "" && cl.ID == "":
		o.add(engine.CodeMissingPhone, "/client/phone")
	case cl.Phone != "" && (!okPhone || digits < 7 || digits > 15):
		o.add(engine.CodeBadPhone, "/client/phone")
	}
	if cl.LastName == "" && cl.ID == "" {
		o.add(engine.CodeMissingLastName, "/client/ln")
	}
	if cl.Email != "" {
		local, domain, ok := strings.Cut(cl.Email, "@")
		dot := strings.LastIndex(domain, ".")
		if !ok || local == "" || strings.ContainsAny(cl.Email, " \t<>,;\"") || strings.Contains(domain, "@") || dot <= 0 ||
			dot == len(domain)-1 || strings.Contains(domain, "..") {
			o.add(engine.CodeBadEmail, "/client/email")
		}
	}
	delivery := c.OrderType == engine.Delivery
	if delivery && c.Address.ID == "" && (strings.TrimSpace(c.Address.Street) == "" || strings.TrimSpace(c.Address.House) == "") {
		o.add(engine.CodeMissingAddress, "/address")
	}
	switch {
	case c.ObjectID <= 0:
		o.add(engine.CodeBadObjectID, "/objectid")
	case o.rest != nil && int64(c.ObjectID) != o.rest.id:
		o.add(engine.CodeWrongObject, "/objectid")
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", c.DeliveryTime, o.loc)
	if err != nil || len(c.DeliveryTime) != 19 {
		o.add(engine.CodeBadDeliveryTime, "/delivery_time")
		return
	}
	if t.Before(o.now) {
		o.add(engine.CodeDeliveryTimeInPast, "/delivery_time")
	}
	if !delivery || o.rest == nil || o.rest.begin == o.rest.end {
		return
	}
	h, _ := strconv.Atoi(c.DeliveryTime[11:13])
	mi, _ := strconv.Atoi(c.DeliveryTime[14:16])
	s, _ := strconv.Atoi(c.DeliveryTime[17:19])
	sec := h*3600 + mi*60 + s
	b, e := o.rest.begin*60, o.rest.end*60
	in := sec >= b && sec < e
	if e < b {
		in = sec >= b || sec < e
	}
	if in && o.cutoff > 0 {
		left := e - sec
		if left <= 0 {
			left += 24 * 3600
		}
		in = left >= o.cutoff*60
	}
	if !in {
		o.add(engine.CodeOutsideDeliveryPeriod, "/delivery_time")
	}
}

// modifierAvailability checks a priced modifier (per-unit count × the line
// qnt) against the stop list.
func (o *oracle) modifierAvailability(id, count, qnt int64, at string, useMod func(id, q int64, path string)) {
	if o.stoppedM[id] {
		o.add(engine.CodeStopped, at)
	}
	if qnt > 0 {
		useMod(id, count*qnt, at)
	}
}

// compare says how the engine's result differs from the oracle's ("" when
// they agree): validity, the set of (code, path), every line's amount, the
// subtotal, the delivery price and the total.
func compare(r engine.Result, o oResult) string {
	var got, want []string
	for _, v := range r.Violations {
		got = append(got, v.Code+" "+v.Path)
	}
	for _, v := range o.vs {
		want = append(want, v.code+" "+v.path)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("violations %v, oracle %v", got, want)
	}
	if r.Valid != o.valid {
		return fmt.Sprintf("valid %v, oracle %v", r.Valid, o.valid)
	}
	for _, l := range r.Lines {
		if a, ok := o.lines[l.Index]; !ok || (l.Counts && int64(l.Amount) != a) {
			return fmt.Sprintf("line %d amount %d, oracle %d (%v)", l.Index, l.Amount, a, ok)
		}
	}
	if int64(r.Subtotal) != o.subtotal || int64(r.DeliveryPrice) != o.deliveryPrice || int64(r.Total) != o.total {
		return fmt.Sprintf("subtotal/delivery/total %d/%d/%d, oracle %d/%d/%d", r.Subtotal, r.DeliveryPrice, r.Total, o.subtotal, o.deliveryPrice, o.total)
	}
	return ""
}
