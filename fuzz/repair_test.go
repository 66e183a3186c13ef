package fuzz_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/money"
)

// leftByContract: a violation Repair leaves, by the contract of
// engine.Repair, written from its documentation: the hints that need the
// guest, no hint, an unknown dish line.
func leftByContract(v engine.Violation) bool {
	if v.Hint == nil {
		return true
	}
	switch v.Hint.Action {
	case engine.HintAsk, engine.HintSet, engine.HintSetDeliveryTime, engine.HintAddLine, engine.HintAddAmount:
		return true
	case engine.HintAdd:
		return len(v.Hint.Add) == 0
	}
	rest, _ := strings.CutPrefix(v.Path, "/order/")
	return v.Code == engine.CodeUnknownDish && !strings.Contains(rest, "/")
}

// canonical is a JSON value in one spelling (members sorted).
func canonical(t *testing.T, b []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// linesOf are the order's lines, canonical.
func linesOf(t *testing.T, cart []byte) []string {
	var c struct {
		Order []json.RawMessage `json:"order"`
	}
	if err := json.Unmarshal(cart, &c); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(c.Order))
	for i, l := range c.Order {
		out[i] = canonical(t, l)
	}
	return out
}

// isSubsequence reports whether want appears in got in order.
func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

// Repair against its contract, on carts with one broken rule each and on
// valid ones: the repaired cart has no violation Repair could still fix,
// repairing it again changes nothing, every change fixes a violation the
// original had, the deltas add up to the subtotal's change, lines without
// violations come through untouched, and a valid cart comes back as sent.
func TestPropertyRepair(t *testing.T) {
	actions := map[string]int{}
	defer func() {
		// Every action happened somewhere: the property ran on carts that
		// needed each kind of repair (replace, which needs a stopped choice
		// in a required group without an implied default, is in engine's
		// table tests).
		for _, a := range []string{engine.RepairDrop, engine.RepairCap, engine.RepairSetQuantity, engine.RepairAddDefault} {
			if actions[a] == 0 && !t.Failed() {
				t.Errorf("no repair did %s (%v)", a, actions)
			}
		}
		t.Logf("changes by action: %v", actions)
	}()
	for _, tg := range append(realTargets(t), nightTarget(t)) {
		t.Run(tg.name, func(t *testing.T) {
			props := gopter.NewProperties(params(t))
			props.Property("repair", prop.ForAll(func(mu fuzz.Mutation) string {
				data := fuzz.CartJSON(mu.Cart)
				c0, err := engine.DecodeCart(data, 0)
				if err != nil {
					return "the generated cart does not decode: " + err.Error()
				}
				orig := tg.eng.Price(c0)
				r, err := tg.eng.Repair(data, 0)
				if err != nil {
					return err.Error()
				}
				c1, err := engine.DecodeCart(r.Cart, 0)
				if err != nil {
					return fmt.Sprintf("the repaired cart does not decode: %v: %s", err, r.Cart)
				}
				again := tg.eng.Price(c1)
				for _, v := range again.Violations {
					if v.Severity == engine.Error && !leftByContract(v) {
						return fmt.Sprintf("%s at %s is still there after %d changes: %s", v.Code, v.Path, len(r.Changes), r.Cart)
					}
				}
				if again.Valid != (len(r.Left) == 0) {
					return fmt.Sprintf("valid %v but left %v", again.Valid, r.Left)
				}
				codes := map[string]bool{}
				touched := map[int]bool{}
				for _, v := range orig.Violations {
					codes[v.Code] = true
					if rest, ok := strings.CutPrefix(v.Path, "/order/"); ok {
						n, _ := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
						touched[n] = true
					} else {
						touched[-1] = true // a header violation
					}
				}
				var sum money.Kopecks
				for i, ch := range r.Changes {
					actions[ch.Action]++
					if !codes[ch.Code] {
						return fmt.Sprintf("change %d fixes %s, which the original cart did not have", i, ch.Code)
					}
					sum += ch.Delta
				}
				if len(r.Changes) > 0 && !slices.ContainsFunc(orig.Violations, func(v engine.Violation) bool {
					return v.Code == r.Changes[0].Code && v.Path == r.Changes[0].Path
				}) {
					return fmt.Sprintf("the first change names %s at %s, not a violation of the original", r.Changes[0].Code, r.Changes[0].Path)
				}
				if sum != again.Subtotal-orig.Subtotal {
					return fmt.Sprintf("the deltas add up to %d, the subtotal moved by %d", sum, again.Subtotal-orig.Subtotal)
				}
				var untouched []string
				for i, l := range linesOf(t, data) {
					if !touched[i] {
						untouched = append(untouched, l)
					}
				}
				if !isSubsequence(untouched, linesOf(t, r.Cart)) {
					return fmt.Sprintf("a line without violations changed: %s → %s", data, r.Cart)
				}
				r2, err := tg.eng.Repair(r.Cart, 0)
				if err != nil || len(r2.Changes) != 0 || !bytes.Equal(r2.Cart, r.Cart) {
					return fmt.Sprintf("repair is not idempotent: %v %v", r2.Changes, err)
				}
				return ""
			}, fuzz.MutationGen(tg.m, tg.cp)))
			props.Property("a valid cart comes back as sent", prop.ForAll(func(c *engine.Cart) string {
				data := fuzz.CartJSON(c)
				r, err := tg.eng.Repair(data, 0)
				switch {
				case err != nil:
					return err.Error()
				case len(r.Changes) != 0 || !bytes.Equal(r.Cart, data) || len(r.Left) != 0:
					return fmt.Sprintf("changed: %v", r.Changes)
				}
				return ""
			}, fuzz.ValidCartGen(tg.m, tg.cp)))
			props.TestingRun(t)
		})
	}
}

// Found by TestPropertyRepair (seed 1796581034148731603): repairing line
// 2's quantity (-1000 → 1000) made the cart take more of dish 6 than its
// stock, and the stock's violation is reported at the first line using
// the dish — line 0, which had no violation. The reduction belongs to the
// line whose change took the stock: line 0 is never touched.
func TestRepairLeavesLinesWithoutViolationsFoundCase(t *testing.T) {
	tg := nightTarget(t)
	cart := []byte(`{"objectid":777,"delivery_time":"2026-06-04T00:08:29","order_type":1,"pay_type":0,` +
		`"client":{"phone":"79932471736","email":"guest@example.com","ln":"Ivanov"},` +
		`"address":{"city":"Moscow","street":"Bolshaya Pochtovaya","house":"18"},` +
		`"order":[{"id":6,"type":"d","qnt":2110},{"id":7,"type":"d","qnt":3000,"items":[{"id":412,"type":"m","qnt":1000},{"id":411,"type":"m","qnt":1000}]},{"id":6,"type":"d","qnt":-1000}]}`)
	r, err := tg.eng.Repair(cart, 0)
	if err != nil {
		t.Fatal(err)
	}
	before, after := linesOf(t, cart), linesOf(t, r.Cart)
	if len(after) == 0 || after[0] != before[0] {
		t.Fatalf("line 0 changed: %s", r.Cart)
	}
	for _, v := range tg.eng.Price(mustDecode(t, r.Cart)).Violations {
		if v.Severity == engine.Error && !leftByContract(v) {
			t.Errorf("%s at %s left after %v", v.Code, v.Path, r.Changes)
		}
	}
}

func mustDecode(t *testing.T, b []byte) *engine.Cart {
	t.Helper()
	c, err := engine.DecodeCart(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
