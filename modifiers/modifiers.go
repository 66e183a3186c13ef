package modifiers

import (
	"github.com/rkcart/rkcart/internal/linebuf"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Problem codes (the violation codes of docs/violations.md this package produces).
const (
	CodeBadQuantity        = "bad_quantity"
	CodeUnknownModifier    = "unknown_modifier"
	CodeModifierNotAllowed = "modifier_not_allowed"
	CodeInactiveModifier   = "inactive_modifier"
	CodeMaxOneDishExceeded = "max_one_dish_exceeded"
	CodeGroupBelowMin      = "group_below_min"
	CodeGroupAboveMax      = "group_above_max"
)

// Item is one modifier (or combo component) item under a parent, as the
// cart gives it.
type Item struct {
	ID    menu.ID
	Qnt   money.Qty // thousandths per one unit of the parent
	Index int       // position among the parent's items, for paths
}

// Entry is a resolved, counted modifier (or component) of one unit.
type Entry struct {
	// Option is what it is and costs: the compiled menu's record, shared
	// and read-only (not copied per item; see [menu.Resolver]).
	*menu.Option
	Ref     menu.Ref // where it sits among the parent's groups (shadows Option.Ref)
	Count   int64    // whole pieces per parent unit
	Item    int      // first valid occurrence among the parent's items; -1 when implied
	Implied bool
}

// Problem is one broken rule. Item is the parent's item index it is about,
// or -1 for the parent itself (group limits).
type Problem struct {
	Code     string
	Item     int
	ID       menu.ID // the item's id (modifier or component dish)
	GroupID  menu.ID
	Qnt      money.Qty
	Min, Max int64
	Actual   int64
	HasMin   bool // Min is meaningful (group limits)
	HasMax   bool // Max is meaningful
	// Group is the position of the group among the groups checked (group
	// limits only), so a caller can list what the group offers.
	Group int32
}

// Checker checks units. The zero value is ready to use. Its buffers start
// at a whole number of cache lines (package linebuf), so checkers used on
// different cores never write to a shared line.
//
// A unit is checked in one pass over its items: [Checker.Begin] finds the
// dish's place in the compiled menu once, [Checker.Add] resolves, counts and
// sums each item as the caller reads it, and [Checker.End] applies the
// group rules. [Checker.Modifiers] does the three for a slice of items.
type Checker struct {
	m        *menu.Menu
	r        menu.Resolver
	entries  []Entry
	problems []Problem
}

// use starts a unit against m. Entries point into their menu, and a
// reused buffer keeps stale ones past its length: when the menu changes
// they are cleared, so that a pooled Checker never holds a replaced menu
// beyond its next use.
func (c *Checker) use(m *menu.Menu) {
	if m != c.m {
		clear(c.entries[:cap(c.entries)])
		c.m = m
	}
	c.entries, c.problems = linebuf.Reset(c.entries), linebuf.Reset(c.problems)
}

// Modifiers resolves the items of one unit of dish d against its allowed
// groups, then applies the group rules (see [Checker.Apply]). Entries come in
// order of first occurrence, implied defaults last.
func (c *Checker) Modifiers(m *menu.Menu, d menu.Dish, items []Item) ([]Entry, []Problem) {
	c.Begin(m, &d)
	for _, it := range items {
		c.Add(it.ID, it.Qnt, it.Index)
	}
	return c.End()
}

// Begin starts one unit of dish d of m, forgetting the previous one. d is
// not kept.
func (c *Checker) Begin(m *menu.Menu, d *menu.Dish) {
	c.use(m)
	c.r = m.Resolver(d)
}

// Add resolves one item of the unit (modifier id, quantity per parent unit,
// position among the parent's items) and adds it to the count of its entry,
// or records the one problem it has (see the package doc's rules).
func (c *Checker) Add(id menu.ID, qnt money.Qty, index int) {
	count, ok := Count(qnt)
	if !ok {
		c.problem(Problem{Code: CodeBadQuantity, Item: index, ID: id, Qnt: qnt})
		return
	}
	opt, ref, found := c.r.Resolve(id)
	switch {
	case !found && !c.m.KnownModifier(id):
		c.problem(Problem{Code: CodeUnknownModifier, Item: index, ID: id})
		return
	case !found:
		c.problem(Problem{Code: CodeModifierNotAllowed, Item: index, ID: id})
		return
	case !opt.Active:
		c.problem(Problem{Code: CodeInactiveModifier, Item: index, ID: id, GroupID: opt.GroupID})
		return
	}
	c.entries = Merge(c.entries, Entry{Option: opt, Ref: ref, Count: count, Item: index})
}

// End applies the group rules to the unit begun last and returns its
// entries (in order of first occurrence, implied defaults last) and
// problems (the items' in their order, then the rules'). Both alias the
// Checker's buffers until its next Begin.
func (c *Checker) End() ([]Entry, []Problem) {
	rules := c.r.Rules()
	if rules.Len() == 0 {
		c.caps() // no group can add or reject anything: only maxOneDish is left
		return c.entries, c.problems
	}
	groups := c.r.Groups()
	c.apply(&groups, &rules)
	return c.entries, c.problems
}

// Apply adds implied defaults to entries (already resolved and summed by
// Ref over groups, groups of m), then checks maxOneDish and group limits.
// rules lists the positions in groups of the active groups with limits or
// an implied default (menu.Menu.RuleGroups); only those can add or reject
// anything. It is [Checker.End] for entries gathered elsewhere (combo
// slots). The returned entries are entries followed by implied defaults.
func (c *Checker) Apply(m *menu.Menu, groups menu.Groups, rules menu.Rules, entries []Entry) ([]Entry, []Problem) {
	c.use(m)
	c.entries = append(c.entries, entries...)
	c.apply(&groups, &rules)
	return c.entries, c.problems
}

func (c *Checker) apply(groups *menu.Groups, rules *menu.Rules) {
	// Own rule groups, then the common ones (their positions offset past
	// the own groups): two plain loops keep the per-group branch out.
	for _, gi := range rules.Own {
		c.addDefault(groups.At(int(gi)), gi)
	}
	for _, gi := range rules.Common {
		gi += rules.Offset
		c.addDefault(groups.At(int(gi)), gi)
	}
	c.caps()
	for _, gi := range rules.Own {
		c.limits(groups.At(int(gi)), gi)
	}
	for _, gi := range rules.Common {
		gi += rules.Offset
		c.limits(groups.At(int(gi)), gi)
	}
}

// caps checks every entry against its maxOneDish.
func (c *Checker) caps() {
	for i := range c.entries {
		e := &c.entries[i]
		if e.MaxOneDish > 0 && e.Count > e.MaxOneDish {
			c.problem(Problem{Code: CodeMaxOneDishExceeded, Item: e.Item, ID: e.ID, GroupID: e.GroupID,
				Max: e.MaxOneDish, HasMax: true, Actual: e.Count})
		}
	}
}

// limits checks group gi's lower and upper limits.
func (c *Checker) limits(g *menu.Group, gi int32) {
	if !g.UseDownLimit && !g.UseUpLimit {
		return
	}
	n := c.groupCount(gi)
	below := g.UseDownLimit && n < g.DownLimit
	above := g.UseUpLimit && n > g.UpLimit
	if below || above {
		p := Problem{Item: -1, GroupID: g.ID, Actual: n, Group: gi,
			Min: g.DownLimit, HasMin: g.UseDownLimit, Max: g.UpLimit, HasMax: g.UseUpLimit}
		if below {
			p.Code = CodeGroupBelowMin
			c.problem(p)
		}
		if above {
			p.Code = CodeGroupAboveMax
			c.problem(p)
		}
	}
}

// addDefault appends group gi's implied default, if it has one that applies.
// The default is located in its own group (not re-resolved), so a default id
// that also appears in an earlier group still counts where the menu put it.
func (c *Checker) addDefault(g *menu.Group, gi int32) {
	mi := g.DefaultIndex()
	if mi < 0 {
		return // none, not in the group, or inactive: lint reports the last two
	}
	any, hasDefault := false, false
	for i := range c.entries {
		if r := c.entries[i].Ref; r.Group == gi {
			any = true
			hasDefault = hasDefault || r.Modi == int32(mi)
		}
	}
	if any && (g.ReplaceDefault || hasDefault) {
		return
	}
	opt := c.m.Implied(g)
	if opt == nil {
		return // a group not of c.m
	}
	c.entries = append(c.entries, Entry{Option: opt, Ref: menu.Ref{Group: gi, Modi: int32(mi)}, Count: 1, Item: -1, Implied: true})
}

func (c *Checker) groupCount(gi int32) int64 {
	var n int64
	for i := range c.entries {
		if c.entries[i].Ref.Group == gi {
			n = satAdd(n, c.entries[i].Count)
		}
	}
	return n
}

// Merge adds e to entries: to the count of the entry with the same Ref (the
// first occurrence keeps its Item), or appended. Counts saturate instead of
// wrapping, so a hostile cart still fails its limits.
func Merge(entries []Entry, e Entry) []Entry {
	for i := range entries {
		if entries[i].Ref == e.Ref {
			entries[i].Count = satAdd(entries[i].Count, e.Count)
			return entries
		}
	}
	return append(entries, e)
}

func (c *Checker) problem(p Problem) { c.problems = append(c.problems, p) }

// Count converts an item quantity (thousandths per parent unit) to a whole
// count, reporting false when it is not a whole number > 0.
func Count(q money.Qty) (int64, bool) {
	if q <= 0 || !q.Whole() {
		return 0, false
	}
	return q.Pieces(), true
}

// satAdd adds counts without wrapping; counts are at most MaxInt64/1000
// each, so saturation only matters for hostile carts, whose limits then
// fail as they should.
func satAdd(a, b int64) int64 {
	if s := a + b; s >= a {
		return s
	}
	return 1<<63 - 1
}
