package api

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/money"
)

// LineChange is what a change of menu did to one line of a cart: its
// amount under each menu and the violations it has now that it had not.
type LineChange struct {
	Path     string
	Old, New money.Kopecks
	Added    []engine.Violation
}

// LineChanges compares one cart's results under an old and a new menu,
// line by line (lines: the cart's line count), and lists the lines whose
// amount changed or that gained violations. It is the one comparison of
// `rkcart menu diff --cart` and of pricing with menu_version.
func LineChanges(old, new engine.Result, lines int) []LineChange {
	out := []LineChange{}
	for i := range lines {
		p := "/order/" + strconv.Itoa(i)
		a, b := lineAmount(old, i), lineAmount(new, i)
		var added []engine.Violation
		for _, v := range new.Violations {
			if (v.Path == p || strings.HasPrefix(v.Path, p+"/")) && !old.Violations.Has(v.Code, v.Path) {
				added = append(added, v)
			}
		}
		if a != b || len(added) > 0 {
			out = append(out, LineChange{Path: p, Old: a, New: b, Added: added})
		}
	}
	return out
}

func lineAmount(r engine.Result, i int) money.Kopecks {
	for _, l := range r.Lines {
		if l.Index == i {
			return l.Amount
		}
	}
	return 0
}

// Kinds of a SinceChange.
const (
	SincePriceChanged   = "price_changed"   // the line's amount moved: Old and New
	SinceNowUnavailable = "now_unavailable" // stopped, inactive or out of stock now
	SinceRemoved        = "removed"         // a dish, modifier or component the menu no longer has
	SinceLimitsChanged  = "limits_changed"  // a group's limits, maxOneDish or what the dish allows
)

// sinceKind sorts a violation a menu change brought.
func sinceKind(code string) string {
	switch code {
	case engine.CodeStopped, engine.CodeInactiveDish, engine.CodeInactiveModifier, engine.CodeOutOfStock:
		return SinceNowUnavailable
	case engine.CodeUnknownDish, engine.CodeUnknownModifier, engine.CodeNotACombo:
		return SinceRemoved
	}
	return SinceLimitsChanged
}

// SinceChange is one thing that changed for a line of the cart since the
// menu version the guest saw.
type SinceChange struct {
	Kind string         `json:"kind"`
	Path string         `json:"path"`
	Old  *money.Kopecks `json:"old,omitempty"` // price_changed: the line's amount then
	New  *money.Kopecks `json:"new,omitempty"` // and now
	// Violations: the violations the change brought (for every kind
	// but price_changed), as "code /path".
	Violations []string `json:"violations,omitempty"`
}

// Since is what changed for a cart since menu version Version ([] when
// nothing did).
type Since struct {
	Version string        `json:"version"`
	Changes []SinceChange `json:"changes"`
}

// SinceOf describes, for one cart, what changed from its result under the
// menu of version (old) to its result now (new): per line, price_changed
// with both amounts, then one change per kind of violation the line
// gained, in the line's order.
func SinceOf(version string, old, new engine.Result, lines int) Since {
	s := Since{Version: version, Changes: []SinceChange{}}
	for _, lc := range LineChanges(old, new, lines) {
		if lc.Old != lc.New {
			o, n := lc.Old, lc.New
			s.Changes = append(s.Changes, SinceChange{Kind: SincePriceChanged, Path: lc.Path, Old: &o, New: &n})
		}
		byKind := map[string][]string{}
		var kinds []string
		for _, v := range lc.Added {
			k := sinceKind(v.Code)
			if _, seen := byKind[k]; !seen {
				kinds = append(kinds, k)
			}
			byKind[k] = append(byKind[k], v.Code+" "+v.Path)
		}
		for _, k := range kinds {
			s.Changes = append(s.Changes, SinceChange{Kind: k, Path: lc.Path, Violations: slices.Clip(byKind[k])})
		}
	}
	return s
}

// UnknownMenuVersion is the problem of a menu_version the server does not
// keep (never seen, or older than the grace window): 409, naming it and
// the current one.
func UnknownMenuVersion(version, current string) *Problem {
	return &Problem{Status: StatusConflict, Type: TypeUnknownVersion, Title: "Unknown menu version",
		Detail: "menu version " + strconv.Quote(version) + " is not kept (never served, or older than the grace window); the current one is " + strconv.Quote(current) + ": reload the menu"}
}

// PricedSince is a result with what changed for its cart since a menu
// version: the result object with a "since" member.
type PricedSince struct {
	Result engine.Result
	Since  Since
}

// MarshalJSON writes the result's members, then since.
func (p PricedSince) MarshalJSON() ([]byte, error) { return p.AppendJSON(nil) }

// AppendJSON appends the JSON of MarshalJSON to dst.
func (p PricedSince) AppendJSON(dst []byte) ([]byte, error) {
	out, err := p.Result.AppendJSON(dst)
	if err != nil {
		return nil, err
	}
	sj, err := json.Marshal(p.Since)
	if err != nil {
		return nil, err
	}
	return append(append(append(out[:len(out)-1], `,"since":`...), sj...), '}'), nil
}
