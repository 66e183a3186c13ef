package menu

import (
	"fmt"
	"strconv"
)

// Change kinds of Diff.
const (
	DishAdded       = "dish_added"
	DishRemoved     = "dish_removed"
	DishActivated   = "dish_activated"
	DishDeactivated = "dish_deactivated"
	DishPrice       = "dish_price"
	DishScheme      = "dish_scheme"
	SchemeAdded     = "scheme_added"
	SchemeRemoved   = "scheme_removed"
	GroupAdded      = "group_added"
	GroupRemoved    = "group_removed"
	GroupChanged    = "group_changed" // active, limits, default, replace flag
	ModifierAdded   = "modifier_added"
	ModifierRemoved = "modifier_removed"
	ModifierPrice   = "modifier_price"
	ModifierChanged = "modifier_changed" // active, maxOneDish, combo component dish
)

// Change is one difference between two menus. Path is a JSON Pointer into
// the new menu (into the old one for removals); Old and New are the values
// that changed, as text.
type Change struct {
	Kind    string `json:"kind"`
	Path    string `json:"path"`
	ID      ID     `json:"id"`
	Field   string `json:"field,omitempty"`
	Old     string `json:"old,omitempty"`
	New     string `json:"new,omitempty"`
	Message string `json:"message"`
}

// Diff lists what changed from old to new: dishes added, removed,
// activated, deactivated, repriced or given another scheme; schemes,
// groups and modifiers (combo slots included) added or removed, and their
// changes of price, activity, limits, default, replace flag, maxOneDish
// and component dish. Items are matched by id (the first occurrence); the
// order is the new menu's, removals after. Two equal menus give none. A
// nil menu is an empty one.
func Diff(old, new *Menu) []Change {
	var out []Change
	add := func(c Change) { out = append(out, c) }
	oldDishes := map[ID]Dish{}
	for _, d := range old.Dishes() {
		if _, dup := oldDishes[d.ID]; !dup {
			oldDishes[d.ID] = d
		}
	}
	seen := map[ID]bool{}
	for _, d := range new.Dishes() {
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		p := new.DishPointer(d)
		o, ok := oldDishes[d.ID]
		if !ok {
			add(Change{Kind: DishAdded, Path: p, ID: d.ID, New: d.Price.String(), Message: fmt.Sprintf("dish %d %q added at %s", d.ID, d.Name, d.Price)})
			continue
		}
		if o.Active != d.Active {
			kind := DishDeactivated
			if d.Active {
				kind = DishActivated
			}
			add(Change{Kind: kind, Path: p + "/active", ID: d.ID, Field: "active", Old: b01(o.Active), New: b01(d.Active), Message: fmt.Sprintf("dish %d %q %s", d.ID, d.Name, kind[5:])})
		}
		if o.Price != d.Price {
			add(Change{Kind: DishPrice, Path: p + "/price", ID: d.ID, Field: "price", Old: o.Price.String(), New: d.Price.String(),
				Message: fmt.Sprintf("dish %d %q: price %s → %s", d.ID, d.Name, o.Price, d.Price)})
		}
		if o.Scheme != d.Scheme {
			add(Change{Kind: DishScheme, Path: p + "/modischeme", ID: d.ID, Field: "modischeme", Old: itoa(int(o.Scheme)), New: itoa(int(d.Scheme)),
				Message: fmt.Sprintf("dish %d %q: modischeme %d → %d", d.ID, d.Name, o.Scheme, d.Scheme)})
		}
	}
	for _, d := range old.Dishes() {
		if !seen[d.ID] {
			seen[d.ID] = true
			add(Change{Kind: DishRemoved, Path: old.DishPointer(d), ID: d.ID, Old: d.Price.String(), Message: fmt.Sprintf("dish %d %q removed", d.ID, d.Name)})
		}
	}
	os, oc := old.Schemes()
	ns, nc := new.Schemes()
	diffSchemes(old, new, os, ns, "/modifiers/", add)
	diffSchemes(old, new, oc, nc, "/commonModifiers/", add)
	return out
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func diffSchemes(oldM, newM *Menu, olds, news []Scheme, list string, add func(Change)) {
	prefix := func(m *Menu) string {
		if m == nil {
			return ""
		}
		return m.prefix
	}
	byID := map[ID]int{}
	for i, s := range olds {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = i
		}
	}
	seen := map[ID]bool{}
	for ni, s := range news {
		if seen[s.ID] {
			continue
		}
		seen[s.ID] = true
		p := prefix(newM) + list + strconv.Itoa(ni)
		oi, ok := byID[s.ID]
		if !ok {
			add(Change{Kind: SchemeAdded, Path: p, ID: s.ID, Message: fmt.Sprintf("scheme %d added", s.ID)})
			continue
		}
		diffGroups(olds[oi].Groups, s.Groups, p, add, prefix(oldM)+list+strconv.Itoa(oi))
	}
	for oi, s := range olds {
		if !seen[s.ID] {
			seen[s.ID] = true
			add(Change{Kind: SchemeRemoved, Path: prefix(oldM) + list + strconv.Itoa(oi), ID: s.ID, Message: fmt.Sprintf("scheme %d removed", s.ID)})
		}
	}
}

func diffGroups(olds, news []Group, p string, add func(Change), oldP string) {
	byID := map[ID]int{}
	for i, g := range olds {
		if _, dup := byID[g.ID]; !dup {
			byID[g.ID] = i
		}
	}
	seen := map[ID]bool{}
	for ni, g := range news {
		if seen[g.ID] {
			continue
		}
		seen[g.ID] = true
		gp := p + "/group/" + strconv.Itoa(ni)
		oi, ok := byID[g.ID]
		if !ok {
			add(Change{Kind: GroupAdded, Path: gp, ID: g.ID, Message: fmt.Sprintf("group %d %q added", g.ID, g.Name)})
			continue
		}
		o := olds[oi]
		for _, f := range []struct {
			name     string
			old, new string
		}{
			{"active", b01(o.Active), b01(g.Active)},
			{"useDownLimit", b01(o.UseDownLimit), b01(g.UseDownLimit)}, {"downLimit", i64(o.DownLimit), i64(g.DownLimit)},
			{"useUpLimit", b01(o.UseUpLimit), b01(g.UseUpLimit)}, {"upLimit", i64(o.UpLimit), i64(g.UpLimit)},
			{"defaultModifier", itoa(int(o.Default)), itoa(int(g.Default))},
			{"replaceDefModifier", b01(o.ReplaceDefault), b01(g.ReplaceDefault)},
		} {
			if f.old != f.new {
				add(Change{Kind: GroupChanged, Path: gp + "/" + f.name, ID: g.ID, Field: f.name, Old: f.old, New: f.new,
					Message: fmt.Sprintf("group %d %q: %s %s → %s", g.ID, g.Name, f.name, f.old, f.new)})
			}
		}
		diffModis(o.Modis, g.Modis, gp, add, oldP+"/group/"+strconv.Itoa(oi))
	}
	for oi, g := range olds {
		if !seen[g.ID] {
			seen[g.ID] = true
			add(Change{Kind: GroupRemoved, Path: oldP + "/group/" + strconv.Itoa(oi), ID: g.ID, Message: fmt.Sprintf("group %d %q removed", g.ID, g.Name)})
		}
	}
}

func diffModis(olds, news []Modi, gp string, add func(Change), oldGP string) {
	byID := map[ID]int{}
	for i, m := range olds {
		if _, dup := byID[m.ID]; !dup {
			byID[m.ID] = i
		}
	}
	seen := map[ID]bool{}
	for ni, m := range news {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		mp := gp + "/modi/" + strconv.Itoa(ni)
		oi, ok := byID[m.ID]
		if !ok {
			add(Change{Kind: ModifierAdded, Path: mp, ID: m.ID, New: m.Price.String(), Message: fmt.Sprintf("modifier %d %q added at %s", m.ID, m.Name, m.Price)})
			continue
		}
		o := olds[oi]
		if o.Price != m.Price {
			add(Change{Kind: ModifierPrice, Path: mp + "/price", ID: m.ID, Field: "price", Old: o.Price.String(), New: m.Price.String(),
				Message: fmt.Sprintf("modifier %d %q: price %s → %s", m.ID, m.Name, o.Price, m.Price)})
		}
		for _, f := range []struct{ name, old, new string }{
			{"active", b01(o.Active), b01(m.Active)}, {"maxOneDish", i64(o.MaxOneDish), i64(m.MaxOneDish)}, {"dishid", itoa(int(o.DishID)), itoa(int(m.DishID))},
		} {
			if f.old != f.new {
				add(Change{Kind: ModifierChanged, Path: mp + "/" + f.name, ID: m.ID, Field: f.name, Old: f.old, New: f.new,
					Message: fmt.Sprintf("modifier %d %q: %s %s → %s", m.ID, m.Name, f.name, f.old, f.new)})
			}
		}
	}
	for oi, m := range olds {
		if !seen[m.ID] {
			seen[m.ID] = true
			add(Change{Kind: ModifierRemoved, Path: oldGP + "/modi/" + strconv.Itoa(oi), ID: m.ID, Old: m.Price.String(), Message: fmt.Sprintf("modifier %d %q removed", m.ID, m.Name)})
		}
	}
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }
