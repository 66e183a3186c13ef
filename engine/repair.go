package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Repair actions: what a change did.
const (
	RepairDrop        = "drop"         // removed a stopped, unknown, inactive or misplaced item or line
	RepairCap         = "cap"          // lowered a quantity (or removed choices) to a maximum or to the stock left
	RepairSetQuantity = "set_quantity" // made a quantity a whole number of pieces
	RepairAddDefault  = "add_default"  // added a required group's default choices
	RepairReplace     = "replace"      // dropped an item and added its group's default in its place
)

// Change is one change Repair made: the violation of the original cart it
// fixes (Code, at Path), what it did, the value at Path before and after
// (null when absent), and what it did to the subtotal. Changes apply in
// order: each Path names a place in the cart as the changes before it left
// it, like the operations of a JSON Patch.
type Change struct {
	Code   string          `json:"code"`
	Action string          `json:"action"`
	Path   string          `json:"path"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	Delta  money.Kopecks   `json:"delta"`
}

// Repaired is what Repair answers: the nearest valid cart it could make,
// the changes that make it, the violations it left (they need the guest:
// an unknown dish, a delivery time, a phone…), and the repaired cart's
// result.
type Repaired struct {
	Cart    json.RawMessage `json:"cart"`
	Changes []Change        `json:"changes"`
	Left    []Violation     `json:"left"`
	Result  Result          `json:"result"`
}

// Repair's bounds: each change re-prices the whole cart (so that its
// delta is exact and every rule, stock and minimum check included, sees
// the cart as it now is), so a repair costs up to MaxRepairChanges
// pricings of a cart of at most MaxRepairBytes — a guest's cart, not a
// batch. A cart that needs more changes comes back with the rest left
// (repair it again).
const (
	MaxRepairChanges       = 64
	MaxRepairBytes   int64 = 256 << 10
)

// Repair returns the nearest valid cart to data and the changes that make
// it valid, each priced. It applies the hints of the violations that a
// kiosk may fix without asking the guest — drop a stopped, unknown or
// inactive modifier or component, or a stopped or inactive dish line; cap
// a quantity at its maximum or at the stock left; make a quantity whole;
// add a required group's default choices, or put them in the place of a
// dropped one — one at a time, re-pricing after each. Lines without
// violations are never touched. What needs the guest is left with its
// violation: an unknown dish (it may be on a newer menu), the delivery
// time, the header's members, the minimum check, an amount overflow.
// Warnings are not repaired. A cart with nothing to repair comes back
// byte for byte as sent.
//
// object is the object the request names outside the cart's body (0:
// none; see Cart.Object).
//
// It fails as DecodeCart does for data that is not a cart, and with a
// *document.Error naming the limit for one over MaxRepairBytes.
func (e *Engine) Repair(data []byte, object menu.ID) (Repaired, error) {
	c, err := DecodeCart(data, min(document.Cart.Limit(e.opts.MaxCartBytes), MaxRepairBytes))
	if err != nil {
		return Repaired{}, err
	}
	c.Object = object
	res := e.Price(c)
	out := Repaired{Cart: json.RawMessage(data), Changes: []Change{}, Result: res}
	if !hasRepairable(res) {
		out.Left = blockingOf(res)
		return out, nil
	}
	tree, err := parseNode(data)
	if err != nil {
		return Repaired{}, err
	}
	original := map[string]bool{}
	violated := map[int]bool{} // original line indexes with a violation
	for _, v := range res.Violations {
		original[v.Code+" "+v.Path] = true
		if i, ok := lineOf(v.Path); ok {
			violated[i] = true
		}
	}
	// lines maps the cart's current line indexes to the original ones
	// (changes drop lines); changeLine is the original line of each change.
	lines := make([]int, len(c.Lines))
	for i := range lines {
		lines[i] = i
	}
	var changeLine []int
	skip := map[string]bool{} // violations whose fix failed, or would touch a line without violations: left
	for step := 0; step < 4*MaxRepairChanges && len(out.Changes) < MaxRepairChanges; step++ {
		v, ok := nextRepairable(res, skip)
		if !ok {
			break
		}
		if cur, ok := lineOf(v.Hint.Path); ok && cur < len(lines) && !violated[lines[cur]] {
			// A violation the repair caused on a line that had none (the
			// stock a repaired quantity now takes): fixed on the line whose
			// change caused it, or left.
			if v, ok = retarget(tree, v, lines, changeLine); !ok {
				skip[v.Code+" "+v.Path] = true
				continue
			}
		}
		next := tree.clone()
		action, before, after, ok := applyHint(next, v)
		if !ok {
			skip[v.Code+" "+v.Path] = true
			continue
		}
		nc, err := DecodeCart(next.json(), 0)
		if err != nil {
			skip[v.Code+" "+v.Path] = true
			continue
		}
		nc.Object = object
		nres := e.Price(nc)
		ch := Change{Code: v.Code, Action: action, Path: v.Hint.Path, Before: before, After: after, Delta: nres.Subtotal - res.Subtotal}
		cur, onLine := lineOf(v.Hint.Path)
		orig := -1
		if onLine && cur < len(lines) {
			orig = lines[cur]
		}
		if after != nil && string(after) == "null" && onLine && isLinePath(v.Hint.Path) && cur < len(lines) {
			lines = append(lines[:cur], lines[cur+1:]...) // the line is gone
		}
		if original[v.Code+" "+v.Path] || len(out.Changes) == 0 {
			out.Changes = append(out.Changes, ch)
			changeLine = append(changeLine, orig)
		} else {
			// A violation the repair itself caused (a group below its
			// minimum once a stopped choice is dropped): part of the
			// change that caused it.
			mergeInto(&out.Changes[causeOf(out.Changes, v.Path)], ch)
		}
		tree, res = next, nres
	}
	if len(out.Changes) > 0 {
		out.Cart = tree.json()
	}
	out.Result = res
	out.Left = blockingOf(res)
	return out, nil
}

// blockingOf is the error-severity violations ([] when none).
func blockingOf(r Result) []Violation {
	out := []Violation{}
	for _, v := range r.Violations {
		if v.Severity == Error {
			out = append(out, v)
		}
	}
	return out
}

func hasRepairable(r Result) bool {
	_, ok := nextRepairable(r, nil)
	return ok
}

// nextRepairable is the first error violation (in the result's stable
// order) whose hint Repair applies.
func nextRepairable(r Result, skip map[string]bool) (Violation, bool) {
	for _, v := range r.Violations {
		if v.Severity != Error || v.Hint == nil || skip[v.Code+" "+v.Path] {
			continue
		}
		if repairable(v) {
			return v, true
		}
	}
	return Violation{}, false
}

// repairable reports whether Repair applies v's hint.
func repairable(v Violation) bool {
	switch v.Hint.Action {
	case HintRemove:
		// A dish line the menu does not know may be on a newer menu: the
		// guest decides. Any other line or item is dropped.
		return !(v.Code == CodeUnknownDish && isLinePath(v.Hint.Path))
	case HintSetQnt, HintLimit, HintReduce, HintReduceDish:
		return true
	case HintAdd:
		return len(v.Hint.Add) > 0
	}
	return false
}

// lineOf is the line index a path is under (/order/N…).
func lineOf(p string) (int, bool) {
	rest, ok := strings.CutPrefix(p, "/order/")
	if !ok {
		return 0, false
	}
	n, _, _ := strings.Cut(rest, "/")
	i, err := strconv.Atoi(n)
	return i, err == nil && i >= 0
}

// retarget moves a caused stock violation to the line of the last change
// (the one that made the cart take more): a dish's stock is reduced on
// that line, a modifier's removed from it. Anything else is not moved.
func retarget(t *node, v Violation, lines, changeLine []int) (Violation, bool) {
	if v.Code != CodeOutOfStock || len(changeLine) == 0 {
		return v, false
	}
	cause := changeLine[len(changeLine)-1]
	cur := slices.Index(lines, cause)
	if cur < 0 {
		return v, false
	}
	line, _, _, ok := t.at("/order/" + strconv.Itoa(cur))
	if !ok || line.kind != '{' {
		return v, false
	}
	h := *v.Hint
	switch {
	case h.Action == HintReduceDish && nodeID(line) == strconv.FormatInt(int64(h.ID), 10):
		h.Path = "/order/" + strconv.Itoa(cur)
	case h.Action == HintRemove:
		id, _ := v.Params.Get("modifier_id")
		mid, _ := id.(int64)
		items := line.member("items")
		k := -1
		if items != nil && items.kind == '[' {
			k = slices.IndexFunc(items.vals, func(n *node) bool { return n.kind == '{' && nodeID(n) == strconv.FormatInt(mid, 10) })
		}
		if k < 0 {
			return v, false
		}
		h.Path = "/order/" + strconv.Itoa(cur) + "/items/" + strconv.Itoa(k)
	default:
		return v, false
	}
	v.Hint, v.Path = &h, h.Path
	return v, true
}

func isLinePath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/order/")
	return ok && !strings.Contains(rest, "/")
}

// causeOf is the change a caused violation at path belongs to: the last
// one on the same line, else the last one.
func causeOf(chs []Change, path string) int {
	line := linePrefix(path)
	for i := len(chs) - 1; i >= 0; i-- {
		if linePrefix(chs[i].Path) == line {
			return i
		}
	}
	return len(chs) - 1
}

func linePrefix(p string) string {
	parts := strings.SplitN(p, "/", 4) // "", "order", "N", rest
	if len(parts) < 3 {
		return p
	}
	return "/" + parts[1] + "/" + parts[2]
}

func mergeInto(c *Change, next Change) {
	c.Delta += next.Delta
	if c.Action == RepairDrop && next.Action == RepairAddDefault {
		c.Action, c.After = RepairReplace, next.After
	}
}

var null = json.RawMessage("null")

// applyHint applies v's hint to the tree: the action, and the value at
// the hint's path before and after.
func applyHint(t *node, v Violation) (action string, before, after json.RawMessage, ok bool) {
	h := v.Hint
	switch h.Action {
	case HintRemove:
		target, parent, i, ok := t.at(h.Path)
		if !ok || i < 0 {
			return "", nil, nil, false
		}
		before = target.json()
		parent.vals = slices.Delete(parent.vals, i, i+1)
		return RepairDrop, before, null, true
	case HintSetQnt:
		target, _, _, ok := t.at(h.Path)
		if !ok || target.kind != '{' {
			return "", nil, nil, false
		}
		before = qntOf(target)
		if h.Qnt <= 0 {
			return "", nil, nil, false
		}
		target.set("qnt", scalar(strconv.FormatInt(int64(h.Qnt), 10)))
		action := RepairCap
		if v.Code == CodeFractionalQuantity || v.Code == CodeBadQuantity {
			action = RepairSetQuantity
		}
		return action, before, qntOf(target), true
	case HintLimit:
		target, parent, i, ok := t.at(h.Path)
		if !ok || i < 0 || target.kind != '{' || h.Count <= 0 {
			return "", nil, nil, false
		}
		before = target.json()
		id := nodeID(target)
		target.set("qnt", scalar(strconv.FormatInt(h.Count*int64(money.Piece), 10)))
		for j := len(parent.vals) - 1; j >= 0; j-- { // its repeats go
			if j != i && parent.vals[j].kind == '{' && nodeID(parent.vals[j]) == id {
				parent.vals = slices.Delete(parent.vals, j, j+1)
			}
		}
		return RepairCap, before, target.json(), true
	case HintReduce:
		need := h.Count
		var parentPath string
		for k := len(h.Items) - 1; k >= 0 && need > 0; k-- {
			target, parent, i, ok := t.at(h.Items[k])
			if !ok || i < 0 || target.kind != '{' {
				return "", nil, nil, false
			}
			if parentPath == "" {
				parentPath = h.Items[k][:strings.LastIndex(h.Items[k], "/")]
				b, _, _, _ := t.at(parentPath)
				before = b.json()
			}
			units := int64(1)
			if q, ok := qnt(target); ok {
				units = q / int64(money.Piece)
			}
			if units <= need {
				parent.vals = slices.Delete(parent.vals, i, i+1)
				need -= units
			} else {
				target.set("qnt", scalar(strconv.FormatInt((units-need)*int64(money.Piece), 10)))
				need = 0
			}
		}
		if need > 0 || parentPath == "" {
			return "", nil, nil, false
		}
		a, _, _, _ := t.at(parentPath)
		return RepairCap, before, a.json(), true
	case HintReduceDish:
		target, parent, i, ok := t.at(h.Path)
		if !ok || i < 0 || target.kind != '{' {
			return "", nil, nil, false
		}
		req, _ := v.Params.Get("requested")
		requested, _ := req.(int64)
		q, ok := qnt(target)
		if !ok || requested <= int64(h.Qnt) {
			return "", nil, nil, false
		}
		before = target.json()
		left := q - (requested - int64(h.Qnt))
		left -= left % int64(money.Piece) // whole pieces
		if left <= 0 {
			parent.vals = slices.Delete(parent.vals, i, i+1)
			return RepairCap, before, null, true
		}
		target.set("qnt", scalar(strconv.FormatInt(left, 10)))
		return RepairCap, before, target.json(), true
	case HintAdd:
		target, _, _, ok := t.at(h.Path)
		if !ok || target.kind != '{' {
			return "", nil, nil, false
		}
		items := target.member("items")
		if items == nil {
			items = &node{kind: '['}
			target.set("items", items)
		}
		if items.kind != '[' {
			return "", nil, nil, false
		}
		added := &node{kind: '['}
		for _, id := range h.Add {
			it := &node{kind: '{'}
			it.set("id", scalar(strconv.FormatInt(int64(id), 10)))
			it.set("type", scalar(strconv.Quote(h.Type)))
			it.set("qnt", scalar(strconv.FormatInt(int64(money.Piece), 10)))
			items.vals = append(items.vals, it)
			added.vals = append(added.vals, it)
		}
		return RepairAddDefault, null, added.json(), true
	}
	return "", nil, nil, false
}

// qnt reads an item's qnt (a number or a digit string); absent: false.
func qnt(n *node) (int64, bool) {
	q := n.member("qnt")
	if q == nil {
		return 0, false
	}
	return wire.ParseInt(q.raw)
}

func qntOf(n *node) json.RawMessage {
	if q := n.member("qnt"); q != nil {
		return q.json()
	}
	return null
}

func nodeID(n *node) string {
	id := n.member("id")
	if id == nil {
		return ""
	}
	v, ok := wire.ParseInt(id.raw)
	if !ok {
		return string(id.raw)
	}
	return fmt.Sprint(v)
}
