// Package iiko decodes the iiko reserve (banquet) webhook: the documented
// fields become typed structs, and every member this package does not model
// is kept, in input order, in the Extra of the object it came from, so
// nothing the sender added is lost.
//
// # Units
//
// Sums are roubles (JSON numbers, as iiko sends them) converted exactly to
// money.Kopecks; a sum more precise than a kopeck is an error naming its
// JSON Pointer. Item amounts are quantities in pieces, converted to
// money.Qty thousandths.
//
// # Concurrency
//
// Decoded values are plain data.
package iiko

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/money"
)

// Field is a JSON member kept verbatim.
type Field struct {
	Name  string
	Value json.RawMessage
}

// Amount is a sum in roubles on the wire and kopecks here.
type Amount struct {
	Kopecks money.Kopecks
	Set     bool // the member was present and not null
}

// UnmarshalJSON converts a JSON number (or decimal string) of roubles.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*a = Amount{}
		return nil
	}
	k, err := money.ParseJSON(b, money.Major)
	if err != nil {
		return err
	}
	*a = Amount{Kopecks: k, Set: true}
	return nil
}

// Quantity is an item amount in pieces on the wire, thousandths here.
type Quantity money.Qty

// UnmarshalJSON converts a JSON number of pieces.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*q = 0
		return nil
	}
	v, err := money.ParseQtyJSON(b)
	*q = Quantity(v)
	return err
}

// Event is one webhook call about a reserve.
type Event struct {
	EventTime      string    `json:"eventTime"`
	OrganizationID string    `json:"organizationId"`
	CorrelationID  string    `json:"correlationId"`
	EventInfo      EventInfo `json:"eventInfo"`
	Extra          []Field   `json:"-"`
}

// EventInfo is the reserve's state.
type EventInfo struct {
	ID             string          `json:"id"`
	ExternalNumber string          `json:"externalNumber"`
	OrganizationID string          `json:"organizationId"`
	Timestamp      json.RawMessage `json:"timestamp"` // as sent: iiko uses numbers or strings
	CreationStatus string          `json:"creationStatus"`
	ErrorInfo      json.RawMessage `json:"errorInfo"`
	IsDeleted      bool            `json:"isDeleted"`
	Reserve        *Reserve        `json:"reserve"`
	Extra          []Field         `json:"-"`
}

// Reserve is the reservation itself.
type Reserve struct {
	Customer           *Customer `json:"customer"`
	GuestsCount        int64     `json:"guestsCount"`
	Comment            string    `json:"comment"`
	DurationInMinutes  int64     `json:"durationInMinutes"`
	ShouldRemind       bool      `json:"shouldRemind"`
	Status             string    `json:"status"`
	CancelReason       string    `json:"cancelReason"`
	TableIDs           []string  `json:"tableIds"`
	EstimatedStartTime string    `json:"estimatedStartTime"`
	GuestsComingTime   string    `json:"guestsComingTime"`
	Phone              string    `json:"phone"`
	EventType          string    `json:"eventType"`
	Order              *Order    `json:"order"`
	Extra              []Field   `json:"-"`
}

// Customer is the guest who reserved.
type Customer struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Surname         string  `json:"surname"`
	Comment         string  `json:"comment"`
	Gender          string  `json:"gender"`
	InBlacklist     bool    `json:"inBlacklist"`
	BlacklistReason string  `json:"blacklistReason"`
	Birthdate       string  `json:"birthdate"`
	Type            string  `json:"type"` // regular or onetime
	Extra           []Field `json:"-"`
}

// Order is the banquet's order.
type Order struct {
	MenuID               string          `json:"menuId"`
	Sum                  Amount          `json:"sum"` // after discounts and surcharges
	Number               json.RawMessage `json:"number"`
	SourceKey            string          `json:"sourceKey"`
	WhenBillPrinted      string          `json:"whenBillPrinted"`
	WhenClosed           string          `json:"whenClosed"`
	Conception           json.RawMessage `json:"conception"`
	GuestsInfo           *GuestsInfo     `json:"guestsInfo"`
	Items                []Item          `json:"items"`
	Combos               []Combo         `json:"combos"`
	Payments             []Payment       `json:"payments"`
	Tips                 []Payment       `json:"tips"`
	Discounts            []Discount      `json:"discounts"`
	OrderType            *OrderType      `json:"orderType"`
	TerminalGroupID      string          `json:"terminalGroupId"`
	ProcessedPaymentsSum Amount          `json:"processedPaymentsSum"`
	LoyaltyInfo          *LoyaltyInfo    `json:"loyaltyInfo"`
	ExternalData         json.RawMessage `json:"externalData"`
	Extra                []Field         `json:"-"`
}

// GuestsInfo counts the persons.
type GuestsInfo struct {
	Count               int64   `json:"count"`
	SplitBetweenPersons bool    `json:"splitBetweenPersons"`
	Extra               []Field `json:"-"`
}

// Item is an order item (its shape beyond these fields is iiko's: kept in
// Extra).
type Item struct {
	Type    string   `json:"type"`
	Product *Ref     `json:"product"`
	Amount  Quantity `json:"amount"`
	Price   Amount   `json:"price"`
	Cost    Amount   `json:"cost"`
	Extra   []Field  `json:"-"`
}

// Combo is an order combo.
type Combo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Amount   Quantity `json:"amount"`
	Price    Amount   `json:"price"`
	SourceID string   `json:"sourceId"`
	Extra    []Field  `json:"-"`
}

// Payment is a payment (or tip) of the order.
type Payment struct {
	PaymentType *Ref    `json:"paymentType"`
	Sum         Amount  `json:"sum"`
	Extra       []Field `json:"-"`
}

// Discount is a discount of the order.
type Discount struct {
	DiscountType *Ref    `json:"discountType"`
	Sum          Amount  `json:"sum"`
	Extra        []Field `json:"-"`
}

// OrderType is the order's type.
type OrderType struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	OrderServiceType string  `json:"orderServiceType"`
	Extra            []Field `json:"-"`
}

// LoyaltyInfo is the loyalty data of the order.
type LoyaltyInfo struct {
	Coupon                  string          `json:"coupon"`
	AppliedManualConditions json.RawMessage `json:"appliedManualConditions"`
	Extra                   []Field         `json:"-"`
}

// Ref is an {id, name} reference (product, payment type, discount type).
type Ref struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Kind  string  `json:"kind"`
	Extra []Field `json:"-"`
}

// Each type decodes its known fields through a method-less twin and keeps
// the rest.
func (v *Event) UnmarshalJSON(b []byte) error {
	type plain Event
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *EventInfo) UnmarshalJSON(b []byte) error {
	type plain EventInfo
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Reserve) UnmarshalJSON(b []byte) error {
	type plain Reserve
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Customer) UnmarshalJSON(b []byte) error {
	type plain Customer
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Order) UnmarshalJSON(b []byte) error {
	type plain Order
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *GuestsInfo) UnmarshalJSON(b []byte) error {
	type plain GuestsInfo
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Item) UnmarshalJSON(b []byte) error {
	type plain Item
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Combo) UnmarshalJSON(b []byte) error {
	type plain Combo
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Payment) UnmarshalJSON(b []byte) error {
	type plain Payment
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Discount) UnmarshalJSON(b []byte) error {
	type plain Discount
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *OrderType) UnmarshalJSON(b []byte) error {
	type plain OrderType
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *LoyaltyInfo) UnmarshalJSON(b []byte) error {
	type plain LoyaltyInfo
	return keep(b, (*plain)(v), &v.Extra)
}
func (v *Ref) UnmarshalJSON(b []byte) error {
	type plain Ref
	return keep(b, (*plain)(v), &v.Extra)
}

// keep decodes b into v (a struct without UnmarshalJSON) and stores the
// members v's fields do not name in extra, in input order.
func keep(b []byte, v any, extra *[]Field) error {
	if err := json.Unmarshal(b, v); err != nil {
		return err
	}
	known := map[string]bool{}
	t := reflect.TypeOf(v).Elem()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			known[strings.ToLower(name)] = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil // null: nothing to keep
	}
	var out []Field
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if name := k.(string); !known[strings.ToLower(name)] {
			out = append(out, Field{Name: name, Value: raw})
		}
	}
	*extra = out
	return nil
}

// ErrDecode is wrapped by every decoding error; it is document.ErrInvalid.
var ErrDecode = document.ErrInvalid

// A decoding failure is the one decoding error of rkcart, document.Error,
// with Kind document.Webhook.

// MaxBytes caps a webhook body (document.Webhook.MaxBytes()).
const MaxBytes = 8 << 20

// Decode reads one webhook body.
//
// It returns a [*document.Error] (wrapping ErrDecode, with JSON Pointer, line
// and column) if the body is larger
// than MaxBytes, not JSON (line and column), has a field of the wrong type,
// or a sum more precise than a kopeck or an amount more precise than a
// thousandth (with its JSON Pointer), or has no eventInfo object (another
// kind of document, `{}`).
func Decode(data []byte) (Event, error) {
	if err := document.Check(document.Webhook, data, MaxBytes); err != nil {
		return Event{}, err
	}
	var ev Event
	if err := wire.Decode(document.Webhook, data, &ev); err != nil {
		return Event{}, err
	}
	var probe struct {
		EventInfo json.RawMessage `json:"eventInfo"`
	}
	_ = json.Unmarshal(data, &probe)
	if len(probe.EventInfo) == 0 || probe.EventInfo[0] != '{' {
		return Event{}, document.Mismatch(document.Webhook, data, "a reserve webhook with eventInfo")
	}
	return ev, nil
}
