package fuzz

import (
	"encoding/json"

	"github.com/leanovate/gopter"
)

// MenuParams bounds a generated menu.
type MenuParams struct {
	MaxDishes  int // ≥ 1
	MaxSchemes int
	MaxGroups  int // per scheme
	MaxModis   int // per group
}

// DefaultMenuParams are small enough to shrink well and large enough to
// exercise every rule.
var DefaultMenuParams = MenuParams{MaxDishes: 12, MaxSchemes: 5, MaxGroups: 3, MaxModis: 5}

// Menu is a generated menu document. JSON renders it as a `dishes`
// response; every field mirrors the wire format.
type Menu struct {
	Dishes          []Dish   `json:"dishes"`
	Modifiers       []Scheme `json:"modifiers"`
	CommonModifiers []Scheme `json:"commonModifiers"`
}

// Dish is a generated dish.
type Dish struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Price      int64  `json:"price"`
	ModiScheme int64  `json:"modischeme"`
	Active     int64  `json:"active"`
}

// Scheme is a generated modifier scheme.
type Scheme struct {
	ID     int64   `json:"id"`
	Active int64   `json:"active"`
	Group  []Group `json:"group"`
}

// Group is a generated modifier group.
type Group struct {
	ID                 int64  `json:"id"`
	Active             int64  `json:"active"`
	UseDownLimit       int64  `json:"useDownLimit"`
	DownLimit          int64  `json:"downLimit"`
	UseUpLimit         int64  `json:"useUpLimit"`
	UpLimit            int64  `json:"upLimit"`
	DefaultModifier    int64  `json:"defaultModifier"`
	ReplaceDefModifier int64  `json:"replaceDefModifier"`
	Modi               []Modi `json:"modi"`
}

// Modi is a generated modifier or combo component.
type Modi struct {
	ID         int64 `json:"id"`
	Price      int64 `json:"price"`
	Active     int64 `json:"active"`
	MaxOneDish int64 `json:"maxOneDish"`
	DishID     int64 `json:"dishid"`
}

// JSON renders the menu as a `dishes` response with the data envelope.
func (m Menu) JSON() []byte {
	b, err := json.Marshal(map[string]any{"data": m, "status": "Ok"})
	if err != nil {
		panic(err) // plain structs of ints always marshal
	}
	return b
}

// MenuGen generates menus: schemes with random limits (some unreachable or
// contradictory, as real exports have), defaults with both replace modes,
// common modifiers, combo schemes whose modi stand for dishes, inactive
// dishes, groups and modifiers, and negative and zero prices. Modifier ids
// repeat across schemes (as in real exports) but not within one.
func MenuGen(p MenuParams) gopter.Gen {
	return func(gp *gopter.GenParameters) *gopter.GenResult {
		r := gp.Rng
		n := func(lo, hi int) int { return lo + r.Intn(hi-lo+1) }
		chance := func(pct int) bool { return r.Intn(100) < pct }
		var m Menu
		nDishes := n(1, max(1, p.MaxDishes))
		nextGroup, nextModi := int64(5000), int64(9000)
		mkGroup := func(combo bool) Group {
			g := Group{ID: nextGroup, Active: b2i(chance(90))}
			nextGroup++
			for range n(0, p.MaxModis) {
				md := Modi{ID: nextModi, Price: int64(n(0, 900)), Active: b2i(chance(85)), MaxOneDish: int64(n(0, 3))}
				if chance(30) {
					md.Price = 0
				}
				if chance(10) {
					md.Price = -int64(n(1, 300))
				}
				if combo {
					md.DishID = int64(n(1, nDishes))
				}
				if !combo && chance(15) && nextModi > 9000 {
					md.ID = int64(n(9000, int(nextModi-1))) // shared with another scheme, maybe
				} else {
					nextModi++
				}
				g.Modi = append(g.Modi, md)
			}
			g.Modi = uniqueModis(g.Modi)
			if chance(40) {
				g.UseDownLimit, g.DownLimit = 1, int64(n(0, 2))
			}
			if chance(40) {
				g.UseUpLimit, g.UpLimit = 1, int64(n(0, 3))
			}
			if len(g.Modi) > 0 && chance(35) {
				g.DefaultModifier = g.Modi[r.Intn(len(g.Modi))].ID
				g.ReplaceDefModifier = b2i(chance(50))
				if chance(5) {
					g.DefaultModifier = 1 // not in the group: lint's default_not_in_group
				}
			}
			return g
		}
		for i := range n(0, p.MaxSchemes) {
			s := Scheme{ID: int64(100 + i), Active: 1}
			combo := chance(25)
			for range n(1, max(1, p.MaxGroups)) {
				s.Group = append(s.Group, mkGroup(combo))
			}
			s.Group = uniqueAcross(s.Group)
			m.Modifiers = append(m.Modifiers, s)
		}
		if chance(50) {
			s := Scheme{ID: 100, Active: 1} // the same id as a modifiers scheme, kept apart
			for range n(1, 2) {
				s.Group = append(s.Group, mkGroup(false))
			}
			s.Group = uniqueAcross(s.Group)
			m.CommonModifiers = append(m.CommonModifiers, s)
		}
		for i := range nDishes {
			d := Dish{ID: int64(i + 1), Name: "dish", Price: int64(n(0, 100000)), Active: b2i(chance(85))}
			if chance(5) {
				d.Price = -int64(n(1, 500))
			}
			if len(m.Modifiers) > 0 && chance(70) {
				d.ModiScheme = m.Modifiers[r.Intn(len(m.Modifiers))].ID
			}
			if chance(5) {
				d.ModiScheme = 99 // dangling
			}
			m.Dishes = append(m.Dishes, d)
		}
		return gopter.NewGenResult(m, gopter.NoShrinker)
	}
}

// uniqueModis drops repeated ids within a group.
func uniqueModis(ms []Modi) []Modi {
	seen := map[int64]bool{}
	out := ms[:0]
	for _, m := range ms {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

// uniqueAcross drops ids repeated across a scheme's groups: within one
// scheme a modifier id is unique (docs/contract.md, Menus).
func uniqueAcross(gs []Group) []Group {
	seen := map[int64]bool{}
	for gi := range gs {
		out := gs[gi].Modi[:0]
		for _, m := range gs[gi].Modi {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
		gs[gi].Modi = out
	}
	return gs
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
