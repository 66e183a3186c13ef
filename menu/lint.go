package menu

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/internal/wire"
)

// Severity says whether a finding makes the menu wrong (an order built on it
// can be refused or mispriced) or only suspicious.
type Severity int8

const (
	// Warning: suspicious but workable, e.g. a negative modifier price.
	Warning Severity = iota
	// Error: the menu contradicts itself, e.g. a lower limit above the upper.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText implements encoding.TextMarshaler: "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Lint finding codes. They are stable: tools may match on them.
const (
	CodeDanglingScheme       = "dangling_modischeme"          // dish names a scheme that does not exist (warning)
	CodeDefaultNotInGroup    = "default_not_in_group"         // defaultModifier is not a modi of its group (error)
	CodeInactiveDefault      = "inactive_default"             // defaultModifier is inactive, so never implied (warning)
	CodeDownExceedsUp        = "down_exceeds_up"              // both limits on and downLimit > upLimit (error)
	CodeDownUnreachable      = "down_unreachable"             // active modi × maxOneDish cannot reach downLimit (error)
	CodeEmptyRequiredGroup   = "empty_required_group"         // downLimit > 0 but no active modi (error)
	CodeDuplicateDish        = "duplicate_dish_id"            // a dish id occurs again; the first wins (error)
	CodeDuplicateModifier    = "duplicate_modifier_in_scheme" // a modi id occurs twice in one scheme (error)
	CodeComponentUnknownDish = "combo_component_unknown_dish" // a modi's dishid is not a dish (error)
	CodeNegativePrice        = "negative_price"               // a dish or modi price below zero (warning)
	CodeComponentIsCombo     = "combo_component_is_combo"     // a combo slot offers a dish that is itself a combo: not orderable (error)
	CodeDuplicateScheme      = "duplicate_scheme_id"          // a scheme id occurs again; dishes get the first (error)
	CodeMissingDishID        = "missing_dish_id"              // a dish without an id, or id null: it cannot be ordered (error)
	CodeMissingDishPrice     = "missing_dish_price"           // a dish without a price, or price null: it would be priced 0 (error)
	CodeNegativeLimit        = "negative_limit"               // a downLimit or upLimit in force below zero (error)
)

// Finding is one lint result.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path"` // JSON Pointer into the menu document
	Message  string   `json:"message"`
}

// Findings is a list of lint results, sorted by path then code.
type Findings []Finding

// HasErrors reports whether any finding has Error severity.
func (f Findings) HasErrors() bool {
	return slices.ContainsFunc(f, func(x Finding) bool { return x.Severity == Error })
}

// MarshalJSON writes an empty list as [] rather than null.
func (f Findings) MarshalJSON() ([]byte, error) {
	if f == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Finding(f))
}

// Lint checks the menu (nil: no findings) for contradictions and dangling references. It never
// fails; an empty result means nothing was found. Only active groups are
// checked for limit problems, since inactive groups are never enforced.
func Lint(m *Menu) Findings {
	if m == nil {
		return nil
	}
	var out Findings
	add := func(code string, sev Severity, path, format string, args ...any) {
		out = append(out, Finding{Code: code, Severity: sev, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	dishIDs := make(map[ID]bool, len(m.dishes))
	combos := make(map[ID]bool)
	for _, d := range m.dishes {
		if d.noID {
			add(CodeMissingDishID, Error, m.DishPointer(d)+"/id", "dish %s has no id (absent or null): it cannot be ordered", dishLabel(d))
		}
		if d.noPrice {
			add(CodeMissingDishPrice, Error, m.DishPointer(d)+"/price", "dish %s has no price (absent or null): it would be priced 0", dishLabel(d))
		}
		if d.Combo {
			combos[d.ID] = true
		}
		if dishIDs[d.ID] {
			add(CodeDuplicateDish, Error, m.DishPointer(d)+"/id", "dish id %d occurs again; the first occurrence is used", d.ID)
		}
		dishIDs[d.ID] = true
		if d.Scheme != 0 {
			if _, ok := m.schemeIdx[d.Scheme]; !ok {
				add(CodeDanglingScheme, Warning, m.DishPointer(d)+"/modischeme", "dish %d names modifier scheme %d, which does not exist", d.ID, d.Scheme)
			}
		}
		if d.Price < 0 {
			add(CodeNegativePrice, Warning, m.DishPointer(d)+"/price", "dish %d has a negative price %d", d.ID, d.Price)
		}
	}
	for li, list := range [][]Scheme{m.schemes, m.common} {
		ids := map[ID]bool{}
		for si, s := range list {
			if ids[s.ID] {
				add(CodeDuplicateScheme, Error, m.prefix+[]string{"/modifiers/", "/commonModifiers/"}[li]+strconv.Itoa(si)+"/id",
					"modifier scheme id %d occurs again; dishes naming it get the first", s.ID)
			}
			ids[s.ID] = true
			seen := map[ID]bool{}
			for _, g := range s.Groups {
				lintGroup(m, g, seen, dishIDs, combos, add)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if c := wire.ComparePointers(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

type addFunc func(code string, sev Severity, path, format string, args ...any)

// dishLabel names a dish in a finding: its name, or its position.
func dishLabel(d Dish) string {
	if d.Name != "" {
		return strconv.Quote(d.Name)
	}
	return "#" + strconv.Itoa(int(d.pos))
}

func lintGroup(m *Menu, g Group, seen, dishIDs, combos map[ID]bool, add addFunc) {
	gp := m.GroupPointer(g)
	for i, md := range g.Modis {
		mp := func() string { return gp + "/modi/" + strconv.Itoa(i) }
		if seen[md.ID] {
			add(CodeDuplicateModifier, Error, mp()+"/id", "modifier %d occurs twice in one scheme; the first occurrence is used", md.ID)
		}
		seen[md.ID] = true
		if md.Price < 0 {
			add(CodeNegativePrice, Warning, mp()+"/price", "modifier %d has a negative price %d", md.ID, md.Price)
		}
		switch {
		case md.DishID != 0 && !dishIDs[md.DishID]:
			add(CodeComponentUnknownDish, Error, mp()+"/dishid", "combo component %d stands for dish %d, which does not exist", md.ID, md.DishID)
		case md.DishID != 0 && combos[md.DishID]:
			add(CodeComponentIsCombo, Error, mp()+"/dishid", "combo component %d stands for dish %d, which is itself a combo: a combo cannot be a component", md.ID, md.DishID)
		}
	}
	if g.Default != 0 {
		i := slices.IndexFunc(g.Modis, func(x Modi) bool { return x.ID == g.Default })
		switch {
		case i < 0:
			add(CodeDefaultNotInGroup, Error, gp+"/defaultModifier", "group %d: default modifier %d is not in the group", g.ID, g.Default)
		case !g.Modis[i].Active:
			add(CodeInactiveDefault, Warning, gp+"/defaultModifier", "group %d: default modifier %d is inactive and is never implied", g.ID, g.Default)
		}
	}
	if !g.Active {
		return
	}
	if g.UseDownLimit && g.DownLimit < 0 {
		add(CodeNegativeLimit, Error, gp+"/downLimit", "group %d: lower limit %d is below zero", g.ID, g.DownLimit)
	}
	if g.UseUpLimit && g.UpLimit < 0 {
		add(CodeNegativeLimit, Error, gp+"/upLimit", "group %d: upper limit %d is below zero: nothing can be chosen", g.ID, g.UpLimit)
	}
	if g.UseDownLimit && g.UseUpLimit && g.DownLimit > g.UpLimit {
		add(CodeDownExceedsUp, Error, gp+"/downLimit", "group %d: lower limit %d exceeds upper limit %d", g.ID, g.DownLimit, g.UpLimit)
	}
	if !g.UseDownLimit || g.DownLimit <= 0 {
		return
	}
	var active int
	var reach int64 // saturates: caps near int64's limit must not wrap into a negative "at most"
	for _, x := range g.Modis {
		if !x.Active {
			continue
		}
		active++
		if x.MaxOneDish <= 0 {
			return // an uncapped modifier can reach any lower limit
		}
		if reach > math.MaxInt64-x.MaxOneDish {
			reach = math.MaxInt64
		} else {
			reach += x.MaxOneDish
		}
	}
	if active == 0 {
		add(CodeEmptyRequiredGroup, Error, gp, "group %d requires %d but has no active modifier", g.ID, g.DownLimit)
		return
	}
	if reach < g.DownLimit {
		add(CodeDownUnreachable, Error, gp+"/downLimit", "group %d requires %d but its active modifiers allow at most %d", g.ID, g.DownLimit, reach)
	}
}
