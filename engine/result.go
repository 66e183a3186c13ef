package engine

import (
	"encoding/json"
	"strconv"

	"github.com/rkcart/rkcart/internal/jsonw"
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

// MarshalJSON writes the result shape of docs/contract.md: amounts in
// minor units, implied entries without a path, empty lists as [], and
// modifiers and components with their menu names (of the menu the cart was
// priced against, whatever was reloaded since). It is [Result.AppendJSON]
// to a new slice.
func (r Result) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil) }

// AppendJSON appends the JSON of MarshalJSON to dst: the same bytes as
// encoding/json would write for it (HTML characters escaped), written
// directly, since encoding the result by reflection cost more than pricing
// the cart (a test compares both on generated results).
//
// It returns an error only if a violation's parameter cannot be encoded.
func (r Result) AppendJSON(dst []byte) ([]byte, error) {
	b := append(dst, `{"valid":`...)
	b = strconv.AppendBool(b, r.Valid)
	b = append(b, `,"subtotal":`...)
	b = jsonw.AppendInt(b, int64(r.Subtotal))
	b = append(b, `,"delivery_price":`...)
	b = jsonw.AppendInt(b, int64(r.DeliveryPrice))
	b = append(b, `,"total":`...)
	b = jsonw.AppendInt(b, int64(r.Total))
	b = append(b, `,"lines":[`...)
	for i := range r.Lines {
		l := &r.Lines[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = appendPointer(b, l.Index, -1, -1)
		b = append(b, `,"type":`...)
		b = appendString(b, l.Type)
		b = append(b, `,"id":`...)
		b = jsonw.AppendInt(b, int64(l.ID))
		b = append(b, `,"name":`...)
		b = appendString(b, l.Name)
		b = append(b, `,"qnt":`...)
		b = jsonw.AppendInt(b, int64(l.Qnt))
		b = append(b, `,"amount":`...)
		b = jsonw.AppendInt(b, int64(l.Amount))
		b = append(b, `,"modifiers":`...)
		b = r.appendModifiers(b, l.Modifiers)
		b = append(b, `,"components":[`...)
		for j := range l.Components {
			c := &l.Components[j]
			if j > 0 {
				b = append(b, ',')
			}
			b = appendModifier(b, &c.PricedModifier, r.menu.DishName(c.ID)) // a component is named as its dish
			b = append(b[:len(b)-1], `,"modifiers":`...)
			b = r.appendModifiers(b, c.Modifiers)
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"violations":`...)
	if len(r.Violations) == 0 {
		return append(b, "[]}"...), nil
	}
	// Invalid carts only: violations with their params and hints go
	// through encoding/json.
	vs, err := json.Marshal([]Violation(r.Violations))
	if err != nil {
		return nil, err
	}
	b = append(b, vs...)
	return append(b, '}'), nil
}

func (r Result) appendModifiers(b []byte, ms []PricedModifier) []byte {
	b = append(b, '[')
	for i := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendModifier(b, &ms[i], r.menu.ModifierName(ms[i].ID))
	}
	return append(b, ']')
}

func appendModifier(b []byte, m *PricedModifier, name string) []byte {
	b = append(b, '{')
	if m.Loc.Item >= 0 { // implied entries have no path
		b = append(b, `"path":`...)
		b = appendPointer(b, int(m.Loc.Line), int(m.Loc.Item), int(m.Loc.Sub))
		b = append(b, ',')
	}
	b = append(b, `"id":`...)
	b = jsonw.AppendInt(b, int64(m.ID))
	b = append(b, `,"name":`...)
	b = appendString(b, name)
	b = append(b, `,"group_id":`...)
	b = jsonw.AppendInt(b, int64(m.GroupID))
	b = append(b, `,"qnt":`...)
	b = jsonw.AppendInt(b, int64(m.Qnt))
	b = append(b, `,"price":`...)
	b = jsonw.AppendInt(b, int64(m.Price))
	b = append(b, `,"amount":`...)
	b = jsonw.AppendInt(b, int64(m.Amount))
	b = append(b, `,"implied":`...)
	b = strconv.AppendBool(b, m.Implied)
	return append(b, '}')
}

// appendPointer appends the JSON string of pointer(line, item, sub)
// (digits and slashes: nothing to escape).
func appendPointer(b []byte, line, item, sub int) []byte {
	b = append(b, `"/order/`...)
	b = jsonw.AppendInt(b, int64(line))
	if item >= 0 {
		b = append(b, "/items/"...)
		b = jsonw.AppendInt(b, int64(item))
		if sub >= 0 {
			b = append(b, "/items/"...)
			b = jsonw.AppendInt(b, int64(sub))
		}
	}
	return append(b, '"')
}

// appendString appends s as encoding/json writes it (HTML escapes on, its
// default).
func appendString(b []byte, s string) []byte { return jsonw.AppendString(b, s, true) }
