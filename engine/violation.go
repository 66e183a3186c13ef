package engine

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/rkcart/rkcart/combo"
	"github.com/rkcart/rkcart/internal/jsonw"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/modifiers"
)

// Violation codes (docs/violations.md). They are stable: clients may match on them.
const (
	CodeEmptyOrder               = "empty_order"
	CodeBadOrderType             = "bad_order_type"
	CodeBadPayType               = "bad_pay_type"
	CodeBadDeliveryTime          = "bad_delivery_time"
	CodeDeliveryTimeInPast       = "delivery_time_in_past"
	CodeOutsideDeliveryPeriod    = "outside_delivery_period"
	CodeWrongObject              = "wrong_object"
	CodeBadObjectID              = "bad_objectid"       // missing, or not a positive integer: with or without a restaurant
	CodeNestedItem               = "nested_item"        // an item under a dish's modifier (or a component's modifier), which the POS has no place for
	CodeStopped                  = "stopped"            // a dish or modifier the kitchen has stopped (Availability)
	CodeStaleAvailability        = "stale_availability" // the availability in use is older than Options.MaxAvailabilityAge (always a warning)
	CodeMissingPhone             = "missing_phone"
	CodeBadPhone                 = "bad_phone"
	CodeMissingLastName          = "missing_last_name"
	CodeBadEmail                 = "bad_email"
	CodeMissingAddress           = "missing_address"
	CodeBelowMinCheck            = "below_min_check"
	CodeUnknownLineType          = "unknown_line_type"
	CodeBadQuantity              = modifiers.CodeBadQuantity
	CodeFractionalQuantity       = "fractional_quantity"
	CodeUnknownDish              = "unknown_dish"
	CodeInactiveDish             = "inactive_dish"
	CodeNotACombo                = "not_a_combo"
	CodeComboAsDish              = "combo_as_dish"
	CodeOutOfStock               = "out_of_stock"
	CodeUnknownModifier          = modifiers.CodeUnknownModifier
	CodeModifierNotAllowed       = modifiers.CodeModifierNotAllowed
	CodeInactiveModifier         = modifiers.CodeInactiveModifier
	CodeMaxOneDishExceeded       = modifiers.CodeMaxOneDishExceeded
	CodeGroupBelowMin            = modifiers.CodeGroupBelowMin
	CodeGroupAboveMax            = modifiers.CodeGroupAboveMax
	CodeComboComponentNotAllowed = combo.CodeComponentNotAllowed
	CodeAmountOverflow           = "amount_overflow"
)

// Violation is one broken rule: a stable code, its severity under the
// engine's profile, a JSON Pointer into the cart, parameters and a message
// in the engine's language.
type Violation struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path"`
	Params   Params   `json:"params"`
	Message  string   `json:"message"`
	Hint     *Hint    `json:"hint,omitempty"` // how to repair it, when a customer can
}

// Param is one named parameter: an int64 or a string.
type Param struct {
	Key   string
	Value any
}

// Params keeps parameters in a fixed order so output is deterministic.
type Params []Param

// Get returns the value of key.
func (p Params) Get(key string) (any, bool) {
	for _, x := range p {
		if x.Key == key {
			return x.Value, true
		}
	}
	return nil, false
}

// MarshalJSON writes the parameters as one object, in order.
func (p Params) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range p {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(x.Key)
		v, err := json.Marshal(x.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Violations is a list sorted by path (numeric segments numerically), then
// code.
type Violations []Violation

// Has reports whether a violation with code exists at path.
func (v Violations) Has(code, path string) bool {
	return slices.ContainsFunc(v, func(x Violation) bool { return x.Code == code && x.Path == path })
}

// MarshalJSON writes an empty list as [].
func (v Violations) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Violation(v))
}

func (v Violations) sort() {
	slices.SortStableFunc(v, func(a, b Violation) int {
		if c := wire.ComparePointers(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

// pointer builds /order/line[/items/item[/items/sub]]; a negative index
// stops the path at its parent.
func pointer(line, item, sub int) string {
	b := make([]byte, 0, 32)
	b = append(b, "/order/"...)
	b = jsonw.AppendInt(b, int64(line))
	if item >= 0 {
		b = append(b, "/items/"...)
		b = jsonw.AppendInt(b, int64(item))
		if sub >= 0 {
			b = append(b, "/items/"...)
			b = jsonw.AppendInt(b, int64(sub))
		}
	}
	return string(b)
}
