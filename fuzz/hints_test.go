package fuzz_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// noHint are the codes documented (engine.Hint) as having no repair.
var noHint = map[string]bool{engine.CodeAmountOverflow: true}

// For generated invalid carts (one broken rule each), following the hints
// — one at a time, as a kiosk would, until none is left — yields a cart
// with no error-severity violation, unless a violation without a hint is
// one the contract says has none. The applier below is the client's side,
// written from the hint actions' documentation, not from the engine.
func TestPropertyHintsRepair(t *testing.T) {
	for _, tg := range append(realTargets(t), nightTarget(t)) {
		t.Run(tg.name, func(t *testing.T) {
			filler, unit := fillerDish(t, tg)
			props := gopter.NewProperties(params(t))
			props.Property("following every hint repairs the cart", prop.ForAll(func(mu fuzz.Mutation) string {
				c := fuzz.Clone(mu.Cart)
				for round := 0; round < 12; round++ {
					r := tg.eng.Price(c)
					if r.Valid {
						return ""
					}
					var h *engine.Hint
					for _, v := range r.Violations {
						if v.Severity != engine.Error {
							continue
						}
						if v.Hint == nil {
							if noHint[v.Code] || noHintHere(v, tg) {
								return ""
							}
							return fmt.Sprintf("round %d: %s at %s has no hint: %s", round, v.Code, v.Path, cartJSON(c))
						}
						if h == nil {
							h = v.Hint
						}
					}
					if err := apply(c, h, filler, unit); err != nil {
						return fmt.Sprintf("round %d: %s: %v: %s", round, h.Action, err, cartJSON(c))
					}
				}
				return fmt.Sprintf("still invalid after 12 repairs (%s): %v: %s", mu, tg.eng.Price(c).Violations, cartJSON(c))
			}, fuzz.MutationGen(tg.m, tg.cp)))
			props.TestingRun(t)
		})
	}
}

// noHintHere are violations documented as without a hint in this setting:
// an objectid with no restaurant to suggest.
func noHintHere(v engine.Violation, tg target) bool {
	return (v.Code == engine.CodeWrongObject || v.Code == engine.CodeBadObjectID) && tg.cp.Restaurant == nil
}

// fillerDish is a dish that prices valid on its own line, for add_line and
// add_amount, and what one piece of it costs.
func fillerDish(t *testing.T, tg target) (engine.Line, money.Kopecks) {
	t.Helper()
	for _, d := range tg.m.Dishes() {
		ln := engine.Line{Type: engine.TypeDish, ID: d.ID, Qnt: money.Piece}
		if d.Combo || d.Price <= 0 {
			continue
		}
		if r := tg.eng.PriceLines([]engine.Line{ln}); r.Valid {
			return ln, r.Subtotal
		}
	}
	t.Skip("no dish of this menu prices valid on its own line")
	return engine.Line{}, 0
}

// apply follows one hint on c.
func apply(c *engine.Cart, h *engine.Hint, filler engine.Line, unit money.Kopecks) error {
	switch h.Action {
	case engine.HintRemove:
		return at(c, h.Path, func(items *[]engine.Item, i int) { *items = slices.Delete(*items, i, i+1) })
	case engine.HintSetQnt:
		return at(c, h.Path, func(items *[]engine.Item, i int) { (*items)[i].Qnt = h.Qnt })
	case engine.HintLimit:
		return at(c, h.Path, func(items *[]engine.Item, i int) {
			(*items)[i].Qnt = money.Qty(h.Count) * money.Piece
			for j := len(*items) - 1; j > i; j-- {
				if it := (*items)[j]; it.Type == engine.TypeModifier && it.ID == h.ID {
					*items = slices.Delete(*items, j, j+1)
				}
			}
		})
	case engine.HintAdd:
		return under(c, h.Path, func(items *[]engine.Item) {
			for _, id := range h.Add {
				*items = append(*items, engine.Item{Type: h.Type, ID: id, Qnt: money.Piece})
			}
		})
	case engine.HintReduce:
		left := h.Count
		for k := len(h.Items) - 1; k >= 0 && left > 0; k-- {
			err := at(c, h.Items[k], func(items *[]engine.Item, i int) {
				for left > 0 && (*items)[i].Qnt >= money.Piece {
					(*items)[i].Qnt -= money.Piece
					left--
				}
				if (*items)[i].Qnt == 0 {
					*items = slices.Delete(*items, i, i+1)
				}
			})
			if err != nil {
				return err
			}
		}
		if left > 0 {
			return fmt.Errorf("%d units left to remove", left)
		}
	case engine.HintSet:
		if len(h.Values) == 0 {
			return fmt.Errorf("no values")
		}
		v := h.Values[0]
		switch h.Path {
		case "/order_type":
			c.OrderType = engine.OrderType(v)
		case "/pay_type":
			c.PayType = engine.PayType(v)
		case "/objectid":
			c.ObjectID = menu.ID(v)
		default:
			return fmt.Errorf("set %s", h.Path)
		}
	case engine.HintSetDeliveryTime:
		c.DeliveryTime = h.DeliveryTime
	case engine.HintAsk: // the customer answers
		switch h.Path {
		case "/client/phone":
			c.Client.Phone = "+7 999 000-11-22"
		case "/client/ln":
			c.Client.LastName = "Ivanov"
		case "/client/email":
			c.Client.Email = "a@b.ru"
		case "/address":
			c.Address.Street, c.Address.House = "Lenina", "1"
		default:
			return fmt.Errorf("ask %s", h.Path)
		}
	case engine.HintAddLine:
		c.Lines = append(c.Lines, filler)
	case engine.HintAddAmount:
		ln := filler
		ln.Qnt = money.Piece * money.Qty(1+h.Amount/unit)
		c.Lines = append(c.Lines, ln)
	case engine.HintReduceDish:
		// Combos using the dish go first, then dish lines shrink, last first.
		c.Lines = slices.DeleteFunc(c.Lines, func(l engine.Line) bool {
			return l.Type == engine.TypeCombo && slices.ContainsFunc(l.Items, func(it engine.Item) bool { return it.ID == h.ID })
		})
		var used money.Qty
		for i := range c.Lines {
			if l := &c.Lines[i]; l.Type == engine.TypeDish && l.ID == h.ID && l.Qnt > 0 {
				l.Qnt = min(l.Qnt, max(h.Qnt-used, 0))
				used += l.Qnt
			}
		}
		c.Lines = slices.DeleteFunc(c.Lines, func(l engine.Line) bool { return l.Type == engine.TypeDish && l.ID == h.ID && l.Qnt == 0 })
	default:
		return fmt.Errorf("unknown action")
	}
	return nil
}

// at runs f on the item or line at a JSON Pointer /order/i[/items/j[/items/k]].
func at(c *engine.Cart, path string, f func(items *[]engine.Item, i int)) error {
	idx, err := indexes(path)
	if err != nil || len(idx) == 0 {
		return fmt.Errorf("path %q: %v", path, err)
	}
	if idx[0] >= len(c.Lines) {
		return fmt.Errorf("path %q: no line", path)
	}
	if len(idx) == 1 {
		lines := make([]engine.Item, len(c.Lines))
		for i := range c.Lines {
			lines[i] = engine.Item(c.Lines[i])
		}
		f(&lines, idx[0])
		c.Lines = c.Lines[:0]
		for _, it := range lines {
			c.Lines = append(c.Lines, engine.Line(it))
		}
		return nil
	}
	items := &c.Lines[idx[0]].Items
	for _, i := range idx[1 : len(idx)-1] {
		if i >= len(*items) {
			return fmt.Errorf("path %q: no item", path)
		}
		items = &(*items)[i].Items
	}
	if last := idx[len(idx)-1]; last < len(*items) {
		f(items, last)
		return nil
	}
	return fmt.Errorf("path %q: no item", path)
}

// under runs f on the items of the line or item at path.
func under(c *engine.Cart, path string, f func(items *[]engine.Item)) error {
	idx, err := indexes(path)
	if err != nil || len(idx) == 0 || idx[0] >= len(c.Lines) {
		return fmt.Errorf("path %q: %v", path, err)
	}
	items := &c.Lines[idx[0]].Items
	for _, i := range idx[1:] {
		if i >= len(*items) {
			return fmt.Errorf("path %q: no item", path)
		}
		items = &(*items)[i].Items
	}
	f(items)
	return nil
}

func indexes(path string) ([]int, error) {
	rest, ok := strings.CutPrefix(path, "/order/")
	if !ok {
		return nil, fmt.Errorf("not under /order")
	}
	parts := strings.Split(rest, "/items/")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
