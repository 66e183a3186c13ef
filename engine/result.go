package engine

import (
	"encoding/json"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Result is a priced and validated cart. Lines and amounts are best effort:
// lines with violations are still priced where their ids resolve, and Valid
// says whether the POS should accept the cart.
type Result struct {
	Valid         bool
	Subtotal      money.Kopecks // Σ line amounts
	DeliveryPrice money.Kopecks // delivery orders only
	Total         money.Kopecks // Subtotal + DeliveryPrice
	Lines         []PricedLine
	Violations    Violations

	// flat storage behind Lines[i].Modifiers and .Components, kept so
	// PriceInto can reuse it
	mods  []PricedModifier
	comps []PricedComponent
	head  head // the header priced, and the walk of its lines: see Fingerprint
	lines uint64
	menu  *menu.Menu // the (immutable) menu it was priced against, for names
}

// Fingerprint is [Fingerprint] of the cart this result was priced for (0
// for a Result that no pricing filled).
func (r *Result) Fingerprint() uint64 {
	if r.menu == nil {
		return 0
	}
	return r.head.fingerprint(r.lines)
}

// PricedLine is a priced dish or combo line. Discount (dc) lines and lines of an
// unknown type are not listed.
type PricedLine struct {
	Index      int    // position in order[]
	Type       string // "d" or "c"
	ID         menu.ID
	Name       string
	Qnt        money.Qty
	Price      money.Kopecks // the dish's menu price
	Amount     money.Kopecks // dish (or combo) amount + every modifier and component amount
	Modifiers  []PricedModifier
	Components []PricedComponent
	// Counts: the line adds Amount to the subtotal (false for an unknown
	// dish, a combo sent as a dish or the reverse, a bad quantity or an
	// overflowing amount, which add 0). HasViolations: some violation
	// points at the line or at something inside it. The pricer records
	// both as it goes; payloads and reconciliation read them.
	Counts        bool
	HasViolations bool
	// HasErrors: some violation at or under the line has error severity
	// (under ProfilePOS a line with warnings only is clean enough to send
	// normalised).
	HasErrors bool
}

// PricedModifier is a priced modifier: Qnt is its count per parent unit in
// thousandths, as in the cart, and Amount = kernel(Price × count, parent
// quantity).
type PricedModifier struct {
	ID      menu.ID // modifier id (for a component: the component dish id)
	GroupID menu.ID
	Qnt     money.Qty
	Price   money.Kopecks
	Amount  money.Kopecks
	Loc     Loc
	Implied bool
	// HasViolations: some violation points at this item, or for a
	// component at one of its modifiers.
	HasViolations bool
}

// PricedComponent is a priced combo component with its own modifiers.
type PricedComponent struct {
	PricedModifier
	SlotID    menu.ID // the slot modi id whose dishid this component is
	Modifiers []PricedModifier
}

// Loc locates an item in the cart: Line, Item and Sub are indexes into
// order[], its items and theirs; -1 stops the path. An implied entry has
// Item -1 and no path. (int32 keeps priced entries small: carts are
// bounded far below 2^31 items by their byte cap.)
type Loc struct {
	Line, Item, Sub int32
}

func loc(line, item, sub int) Loc { return Loc{int32(line), int32(item), int32(sub)} }

// Path returns the JSON Pointer of the item, or "" for an implied one.
func (l Loc) Path() string {
	if l.Item < 0 {
		return ""
	}
	return pointer(int(l.Line), int(l.Item), int(l.Sub))
}

// Path returns the JSON Pointer of the line.
func (l PricedLine) Path() string { return pointer(l.Index, -1, -1) }

type modifierJSON struct {
	Path    string        `json:"path,omitempty"`
	ID      menu.ID       `json:"id"`
	Name    string        `json:"name"`
	GroupID menu.ID       `json:"group_id"`
	Qnt     money.Qty     `json:"qnt"`
	Price   money.Kopecks `json:"price"`
	Amount  money.Kopecks `json:"amount"`
	Implied bool          `json:"implied"`
}

type componentJSON struct {
	modifierJSON
	Modifiers []modifierJSON `json:"modifiers"`
}

type lineJSON struct {
	Path       string          `json:"path"`
	Type       string          `json:"type"`
	ID         menu.ID         `json:"id"`
	Name       string          `json:"name"`
	Qnt        money.Qty       `json:"qnt"`
	Amount     money.Kopecks   `json:"amount"`
	Modifiers  []modifierJSON  `json:"modifiers"`
	Components []componentJSON `json:"components"`
}

type resultJSON struct {
	Valid         bool          `json:"valid"`
	Subtotal      money.Kopecks `json:"subtotal"`
	DeliveryPrice money.Kopecks `json:"delivery_price"`
	Total         money.Kopecks `json:"total"`
	Lines         []lineJSON    `json:"lines"`
	Violations    Violations    `json:"violations"`
}

// MarshalJSON writes the result shape of docs/contract.md: amounts in
// minor units, implied entries without a path, empty lists as [], and
// modifiers and components with their menu names (of the menu the cart was
// priced against, whatever was reloaded since).
func (r Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{Valid: r.Valid, Subtotal: r.Subtotal, DeliveryPrice: r.DeliveryPrice,
		Total: r.Total, Lines: make([]lineJSON, len(r.Lines)), Violations: r.Violations}
	for i, l := range r.Lines {
		lj := lineJSON{Path: l.Path(), Type: l.Type, ID: l.ID, Name: l.Name, Qnt: l.Qnt, Amount: l.Amount,
			Modifiers: r.modifiersJSON(l.Modifiers), Components: make([]componentJSON, len(l.Components))}
		for j, c := range l.Components {
			cj := componentJSON{modifierJSON: modJSON(c.PricedModifier), Modifiers: r.modifiersJSON(c.Modifiers)}
			cj.Name = r.menu.DishName(c.ID) // a component is named as its dish
			lj.Components[j] = cj
		}
		out.Lines[i] = lj
	}
	return json.Marshal(out)
}

func (r Result) modifiersJSON(ms []PricedModifier) []modifierJSON {
	out := make([]modifierJSON, len(ms))
	for i, m := range ms {
		out[i] = modJSON(m)
		out[i].Name = r.menu.ModifierName(m.ID)
	}
	return out
}

func modJSON(m PricedModifier) modifierJSON {
	return modifierJSON{Path: m.Loc.Path(), ID: m.ID, GroupID: m.GroupID, Qnt: m.Qnt, Price: m.Price, Amount: m.Amount, Implied: m.Implied}
}
