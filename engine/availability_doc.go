package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// availabilityWire is the availability document as it arrives.
type availabilityWire struct {
	TakenAt  *string  `json:"taken_at"`
	Stopped  *idLists `json:"stopped"`
	Balances *struct {
		Dishes    map[string]wire.Int `json:"dishes"`
		Modifiers map[string]wire.Int `json:"modifiers"`
	} `json:"balances"`
}

type idLists struct {
	Dishes    []wire.Int `json:"dishes"`
	Modifiers []wire.Int `json:"modifiers"`
}

// availabilityMembers are the members the document may have, by object
// (its own document: a misspelt member would silently stop nothing, so an
// unknown one is refused).
var availabilityMembers = map[string][]string{
	"":          {"taken_at", "stopped", "balances"},
	"/stopped":  {"dishes", "modifiers"},
	"/balances": {"dishes", "modifiers"},
}

// DecodeAvailability reads rkcart's availability document, what
// [Engine.SetAvailability] takes:
//
//	{"taken_at": "2026-06-01T12:00:00+03:00",
//	 "stopped":  {"dishes": [1000016], "modifiers": [1000393]},
//	 "balances": {"dishes": {"1000039": 3000}, "modifiers": {"1000394": 1000}}}
//
// taken_at (RFC 3339) is mandatory; stopped, balances and each of their
// lists may be left out (nothing stopped, no balance). Ids are positive
// integers (numbers or digit strings, as in the r_keeper documents;
// balance keys are the ids as JSON object keys); a balance is in
// thousandths of a piece, 0 or more. maxBytes ≤ 0 means the kind's default
// (8 MiB).
//
// It fails with a *[document.Error] of kind availability naming the JSON
// Pointer (and line and column where known) for: a document over the
// limit, malformed JSON, a member given twice, an unknown member, a value
// of the wrong type, a missing or unparsable taken_at, an id that is not a
// positive integer, an id stopped twice, and a negative balance.
func DecodeAvailability(data []byte, maxBytes int64) (*Availability, error) {
	const k = document.Availability
	if err := document.Check(k, data, maxBytes); err != nil {
		return nil, err
	}
	var w availabilityWire
	if err := wire.Decode(k, data, &w); err != nil {
		return nil, err
	}
	if err := unknownMembers(data); err != nil {
		return nil, err
	}
	fail := func(ptr, format string, args ...any) error {
		return &document.Error{Kind: k, Pointer: ptr, Msg: fmt.Sprintf(format, args...)}
	}
	if w.TakenAt == nil {
		return nil, fail("/taken_at", "missing: when the availability was read (RFC 3339)")
	}
	taken, err := time.Parse(time.RFC3339, *w.TakenAt)
	if err != nil {
		return nil, fail("/taken_at", "want an RFC 3339 time, got %q", *w.TakenAt)
	}
	a := &Availability{TakenAt: taken}
	if w.Stopped != nil {
		if a.StoppedDishes, err = stopList(w.Stopped.Dishes, "/stopped/dishes", fail); err != nil {
			return nil, err
		}
		if a.StoppedModifiers, err = stopList(w.Stopped.Modifiers, "/stopped/modifiers", fail); err != nil {
			return nil, err
		}
	}
	if w.Balances != nil {
		if a.DishLeft, err = balances(w.Balances.Dishes, "/balances/dishes", fail); err != nil {
			return nil, err
		}
		if a.ModifierLeft, err = balances(w.Balances.Modifiers, "/balances/modifiers", fail); err != nil {
			return nil, err
		}
	}
	return a, nil
}

type failFunc func(ptr, format string, args ...any) error

func stopList(ids []wire.Int, ptr string, fail failFunc) (map[menu.ID]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out := make(map[menu.ID]bool, len(ids))
	for i, id := range ids {
		at := ptr + "/" + strconv.Itoa(i)
		if id <= 0 {
			return nil, fail(at, "want a positive id, got %d", id)
		}
		if out[menu.ID(id)] {
			return nil, fail(at, "id %d is listed twice", id)
		}
		out[menu.ID(id)] = true
	}
	return out, nil
}

func balances(in map[string]wire.Int, ptr string, fail failFunc) (map[menu.ID]money.Qty, error) {
	if len(in) == 0 {
		return nil, nil
	}
	// In key order, so that the first bad entry reported is always the same.
	keys := make([]string, 0, len(in))
	for key := range in {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	out := make(map[menu.ID]money.Qty, len(in))
	for _, key := range keys {
		at := ptr + "/" + wire.Escape(key)
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id <= 0 || strconv.FormatInt(id, 10) != key {
			return nil, fail(at, "want a positive id as the key, got %q", key)
		}
		if in[key] < 0 {
			return nil, fail(at, "a balance is 0 or more thousandths, got %d", in[key])
		}
		out[menu.ID(id)] = money.Qty(in[key])
	}
	return out, nil
}

// unknownMembers refuses a member the document does not define, naming
// it. Types were checked by the decoder already.
func unknownMembers(data []byte) error {
	var objects func(raw json.RawMessage, ptr string) error
	objects = func(raw json.RawMessage, ptr string) error {
		allowed, checked := availabilityMembers[ptr]
		if !checked {
			return nil
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(raw, &members) != nil || members == nil {
			return nil // null, or not an object: the decoder judged it
		}
		names := make([]string, 0, len(members))
		for name := range members {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			at := ptr + "/" + wire.Escape(name)
			if !slices.Contains(allowed, name) {
				return &document.Error{Kind: document.Availability, Pointer: at,
					Msg: "unknown member: want one of " + strings.Join(allowed, ", ")}
			}
			if err := objects(members[name], at); err != nil {
				return err
			}
		}
		return nil
	}
	return objects(data, "")
}
