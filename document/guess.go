package document

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Mismatch is the error for a document that is not of kind k: want says
// what the kind needs ("a dishes response with dishes[]"), and the message
// adds what data looks like instead (see [Guess]).
func Mismatch(k Kind, data []byte, want string) *Error {
	return &Error{Kind: k, Msg: "want " + want + ", got " + Describe(data)}
}

// Describe says in a few words what data is: "an empty document", "an
// empty object", "what looks like a cart", "an array", ….
func Describe(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "an empty document"
	}
	switch data[0] {
	case '[':
		return "an array"
	case '{':
	default:
		return "a JSON " + scalarName(data[0])
	}
	if g := Guess(data); g != Unknown {
		return "what looks like " + article(g.String()) + " " + g.String()
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) == nil {
		switch {
		case len(top) == 0:
			return "an empty object"
		case len(top) == 1 && string(bytes.TrimSpace(top["data"])) == "null":
			return `{"data":null}`
		}
	}
	return "an object of another kind"
}

func scalarName(c byte) string {
	switch c {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// signatures are the members that mark a kind, checked in order at the top
// level and inside "data".
var signatures = []struct {
	kind    Kind
	members []string
}{
	{Cart, []string{"order", "order_type"}},
	{OrderResponse, []string{"order_sum", "visit_id", "unpaid_sum"}},
	{CourierResponse, []string{"dlvStateID"}},
	{CalcResponse, []string{"Payments"}},
	{Menu, []string{"dishes", "commonModifiers"}},
	{Restaurant, []string{"rests", "delivery_period", "min_check_amount"}},
	{MenuTree, []string{"selectors"}},
	{Events, []string{"updates"}},
	{Webhook, []string{"eventType", "eventInfo"}},
	{PostOrderResponse, []string{"success", "remoteResponse"}},
	{Availability, []string{"taken_at", "stopped", "balances"}},
}

// Guess names the kind a JSON object looks like by its members (at the top
// level, or inside "data"), or Unknown. It is a hint for messages, not a
// check: decoders check their own mandatory members.
func Guess(data []byte) Kind {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return Unknown
	}
	var inner map[string]json.RawMessage
	_ = json.Unmarshal(top["data"], &inner)
	var list []map[string]json.RawMessage
	if json.Unmarshal(top["data"], &list) == nil && len(list) > 0 {
		if _, ok := list[0]["curid"]; ok {
			return Currencies
		}
	}
	for _, s := range signatures {
		for _, m := range s.members {
			if _, ok := top[m]; ok {
				return s.kind
			}
			if _, ok := inner[m]; ok {
				return s.kind
			}
		}
	}
	return Unknown
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}
