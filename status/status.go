// Package status models the order states of the r_keeper feeds rkcart
// reads, with their names, JSON forms and allowed transitions:
//
//   - [ProCart]: the ProCart order status 0–5 (open, close, bill, deleted,
//     deferred, new);
//   - [Courier]: the WebDelivery courier dlvStateID 0–8, with the
//     DlvStateName each has;
//   - [External]: the mini-delivery external order state (waiting, then
//     accepted or deleted).
//
// The sources name the states but do not list transitions; the transition
// tables here are rkcart's model of the documented workflows, written out
// in each type's doc. A state serialises as {"id":n,"name":"…"} and reads
// from a number, a digit string, a name, or that object.
//
// Every value is immutable; everything is safe for concurrent use.
package status

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrTransition is wrapped by [*TransitionError].
var ErrTransition = errors.New("status: transition not allowed")

// TransitionError is a move a model does not allow.
type TransitionError struct {
	Model    string // "procart", "courier", "external"
	From, To string // state names
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("status: %s: %s → %s is not allowed", e.Model, e.From, e.To)
}

func (e *TransitionError) Unwrap() error { return ErrTransition }

// ErrUnknown is returned when reading a state that does not exist.
var ErrUnknown = errors.New("status: unknown state")

// model is a state machine over small integer states.
type model struct {
	name  string
	names []string
	next  [][]int8
}

func (m model) valid(s int8) bool { return s >= 0 && int(s) < len(m.names) }

func (m model) str(s int8) string {
	if m.valid(s) {
		return m.names[s]
	}
	return "unknown(" + strconv.Itoa(int(s)) + ")"
}

func (m model) can(from, to int8) bool {
	if !m.valid(from) || !m.valid(to) {
		return false
	}
	for _, n := range m.next[from] {
		if n == to {
			return true
		}
	}
	return false
}

func (m model) transition(from, to int8) error {
	if m.can(from, to) {
		return nil
	}
	return &TransitionError{Model: m.name, From: m.str(from), To: m.str(to)}
}

func (m model) marshal(s int8) ([]byte, error) {
	if !m.valid(s) {
		return nil, fmt.Errorf("%w: %s %d", ErrUnknown, m.name, s)
	}
	return []byte(`{"id":` + strconv.Itoa(int(s)) + `,"name":` + strconv.Quote(m.names[s]) + `}`), nil
}

// parse reads a number, a digit string, a name, or {"id":…}.
func (m model) parse(b []byte) (int8, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			ID json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal(b, &o); err != nil || o.ID == nil {
			return 0, fmt.Errorf("%w: %s %s", ErrUnknown, m.name, b)
		}
		b = o.ID
	}
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		text = string(b)
	}
	if n, err := strconv.Atoi(text); err == nil {
		if m.valid(int8(n)) && n >= 0 && n < len(m.names) {
			return int8(n), nil
		}
		return 0, fmt.Errorf("%w: %s %d", ErrUnknown, m.name, n)
	}
	for i, name := range m.names {
		if strings.EqualFold(text, name) {
			return int8(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %s %q", ErrUnknown, m.name, text)
}

// ProCart is a ProCart order status.
//
// Transitions: new → open, deferred or deleted; deferred → open or
// deleted; open → bill, close or deleted; bill → open (the bill is
// cancelled), close or deleted; close and deleted are final.
type ProCart int8

// ProCart statuses, as the API numbers them.
const (
	ProCartOpen     ProCart = 0 // created in the POS and being worked on
	ProCartClose    ProCart = 1 // paid and closed, receipt printed
	ProCartBill     ProCart = 2 // pre-bill printed
	ProCartDeleted  ProCart = 3 // deleted in the POS
	ProCartDeferred ProCart = 4 // created as a draft
	ProCartNew      ProCart = 5 // new
)

var procart = model{name: "procart",
	names: []string{"open", "close", "bill", "deleted", "deferred", "new"},
	next: [][]int8{
		0: {2, 1, 3},
		1: {},
		2: {0, 1, 3},
		3: {},
		4: {0, 3},
		5: {0, 4, 3},
	}}

func (s ProCart) String() string               { return procart.str(int8(s)) }
func (s ProCart) Valid() bool                  { return procart.valid(int8(s)) }
func (s ProCart) CanBecome(t ProCart) bool     { return procart.can(int8(s), int8(t)) }
func (s ProCart) Transition(t ProCart) error   { return procart.transition(int8(s), int8(t)) }
func (s ProCart) MarshalJSON() ([]byte, error) { return procart.marshal(int8(s)) }
func (s *ProCart) UnmarshalJSON(b []byte) error {
	v, err := procart.parse(b)
	*s = ProCart(v)
	return err
}

// Courier is the WebDelivery courier state (dlvStateID), 0–8, named as
// the courier request documents them (DlvStateName).
//
// Transitions: not confirmed → accepted, confirmed or editing; confirmed →
// accepted or editing; accepted → in preparation or editing; in
// preparation → ready, sent or editing; ready → sent or editing; sent →
// delivered; delivered → archived; editing → back to not confirmed,
// confirmed, accepted, in preparation or ready; archived is final.
type Courier int8

// Courier states, as dlvStateID numbers them.
const (
	CourierNotConfirmed   Courier = 0 // unconfirmed
	CourierAccepted       Courier = 1 // new confirmed order
	CourierInPreparation  Courier = 2 // in preparation
	CourierSent           Courier = 3 // sent with a courier
	CourierDelivered      Courier = 4 // delivered
	CourierArchived       Courier = 5 // completed (archive)
	CourierEditing        Courier = 6 // being edited
	CourierReady          Courier = 7 // ready for shipment
	CourierConfirmedByObj Courier = 8 // confirmed by the executing restaurant
)

var courier = func() model {
	names := []string{"not confirmed", "accepted for processing", "in preparation", "sent with a forwarding agent",
		"delivered", "archived", "is being edited", "ready for shipment", "confirmed by the executing restaurant"}
	return model{name: "courier", names: names,
		next: [][]int8{
			0: {1, 8, 6},
			1: {2, 6},
			2: {7, 3, 6},
			3: {4},
			4: {5},
			5: {},
			6: {0, 8, 1, 2, 7},
			7: {3, 6},
			8: {1, 6},
		}}
}()

func (s Courier) String() string               { return courier.str(int8(s)) }
func (s Courier) Valid() bool                  { return courier.valid(int8(s)) }
func (s Courier) CanBecome(t Courier) bool     { return courier.can(int8(s), int8(t)) }
func (s Courier) Transition(t Courier) error   { return courier.transition(int8(s), int8(t)) }
func (s Courier) MarshalJSON() ([]byte, error) { return courier.marshal(int8(s)) }
func (s *Courier) UnmarshalJSON(b []byte) error {
	v, err := courier.parse(b)
	*s = Courier(v)
	return err
}

// External is the state of an external (online) order in mini-delivery:
// it arrives waiting ("Ожидает") and is then accepted (created in RK7) or
// deleted; both are final.
type External int8

// External order states.
const (
	ExternalWaiting  External = 0
	ExternalAccepted External = 1
	ExternalDeleted  External = 2
)

var external = model{name: "external", names: []string{"waiting", "accepted", "deleted"},
	next: [][]int8{0: {1, 2}, 1: {}, 2: {}}}

func (s External) String() string               { return external.str(int8(s)) }
func (s External) Valid() bool                  { return external.valid(int8(s)) }
func (s External) CanBecome(t External) bool    { return external.can(int8(s), int8(t)) }
func (s External) Transition(t External) error  { return external.transition(int8(s), int8(t)) }
func (s External) MarshalJSON() ([]byte, error) { return external.marshal(int8(s)) }
func (s *External) UnmarshalJSON(b []byte) error {
	v, err := external.parse(b)
	*s = External(v)
	return err
}
