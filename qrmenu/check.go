package qrmenu

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/money"
)

// Finding codes of [Check]. They are stable.
const (
	FindDishSum      = "dish_sum_mismatch"      // a dish's sum is not kernel(price, count) + its modifiers
	FindModifierSum  = "modifier_sum_mismatch"  // a modifier's sum is not kernel(price, count)
	FindOrderSum     = "order_sum_mismatch"     // no discounts, but sum is not Σ dish sums
	FindPricelistSum = "pricelist_sum_mismatch" // pricelist_sum is not Σ dish sums
	FindUnpaidSum    = "unpaid_sum_mismatch"    // nothing paid, but unpaid_sum is not the order's sum
	FindItemMissing  = "item_not_in_order"      // an additional_order item the order does not contain
	FindOrderGUID    = "order_guid_mismatch"    // invoice and order name different orders
	FindTable        = "table_mismatch"         // invoice, order, table_repr and event disagree on the table
	FindOverflow     = "amount_overflow"        // an expected amount does not fit 64 bits
)

// Finding is one inconsistency inside an event. Amounts are kopecks,
// counts thousandths.
type Finding struct {
	Code     string `json:"code"`
	Path     string `json:"path"` // JSON Pointer into the events response
	Hash     string `json:"hash"` // the event's hash
	Expected int64  `json:"expected"`
	Actual   int64  `json:"actual"`
	Message  string `json:"message"`
}

// Check runs [CheckEvent] on every update and returns the findings sorted
// by path then code.
func Check(r Response) []Finding {
	var out []Finding
	for _, ev := range r.Updates {
		out = append(out, CheckEvent(ev)...)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if c := wire.ComparePointers(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// CheckEvent checks one event (see the package doc for the rules). Unknown
// events have nothing to check.
func CheckEvent(ev Event) []Finding {
	if !ev.Known() {
		return nil
	}
	p := "/data/updates/" + strconv.Itoa(ev.Index)
	var out []Finding
	add := func(code, path string, want, got int64, format string, args ...any) {
		out = append(out, Finding{Code: code, Path: path, Hash: ev.Hash, Expected: want, Actual: got, Message: fmt.Sprintf(format, args...)})
	}
	if o := ev.Order; o != nil {
		var total money.Sum
		for i, d := range o.Dishes {
			dp := p + "/order/dishes/" + strconv.Itoa(i)
			total.Add(d.Sum)
			var want money.Sum
			want.AddErr(d.Price.MulQty(d.Count))
			for j, m := range d.Modifiers {
				mp := dp + "/modifiers/" + strconv.Itoa(j)
				ms, err := m.Price.MulQty(m.Count)
				switch {
				case err != nil:
					add(FindOverflow, mp+"/sum", 0, int64(m.Sum), "modifier %d: %s × %s does not fit", m.ID, m.Price, m.Count)
				case ms != m.Sum:
					add(FindModifierSum, mp+"/sum", int64(ms), int64(m.Sum), "modifier %d: %s × %s is %s, the feed says %s", m.ID, m.Price, m.Count, ms, m.Sum)
				}
				want.Add(m.Sum) // the dish is checked against its modifiers as sent
			}
			w, err := want.Total()
			switch {
			case err != nil:
				add(FindOverflow, dp+"/sum", 0, int64(d.Sum), "dish %d: the expected sum does not fit", d.ID)
			case w != d.Sum:
				add(FindDishSum, dp+"/sum", int64(w), int64(d.Sum), "dish %d: %s × %s with modifiers is %s, the feed says %s", d.ID, d.Price, d.Count, w, d.Sum)
			}
		}
		sum, err := total.Total()
		switch {
		case err != nil:
			add(FindOverflow, p+"/order/sum", 0, int64(o.Sum), "the dishes' sums do not fit")
		default:
			if len(o.Discounts) == 0 && o.Sum != sum {
				add(FindOrderSum, p+"/order/sum", int64(sum), int64(o.Sum), "order sum %s is not its dishes' %s (no discounts listed)", o.Sum, sum)
			}
			if o.PricelistSum != sum {
				add(FindPricelistSum, p+"/order/pricelist_sum", int64(sum), int64(o.PricelistSum), "pricelist_sum %s is not its dishes' %s", o.PricelistSum, sum)
			}
		}
	}
	if inv, o := ev.Invoice, ev.Order; inv != nil && o != nil {
		if len(o.Payments) == 0 && emptyJSON(inv.Payments) && inv.UnpaidSum != o.Sum {
			add(FindUnpaidSum, p+"/invoice/unpaid_sum", int64(o.Sum), int64(inv.UnpaidSum), "unpaid_sum %s is not the order's sum %s (nothing paid)", inv.UnpaidSum, o.Sum)
		}
		if inv.OrderGUID != o.GUID {
			out = append(out, Finding{Code: FindOrderGUID, Path: p + "/invoice/order_guid", Hash: ev.Hash,
				Message: fmt.Sprintf("invoice is for order %s, the order is %s", inv.OrderGUID, o.GUID)})
		}
		if ev.Code == CodeAdditionalOrder {
			out = append(out, missingItems(ev, inv, o, p)...)
		}
	}
	tables := []struct {
		path string
		id   int64
		ok   bool
	}{{p + "/invoice/table_id", 0, false}, {p + "/order/table/id", 0, false}, {p + "/table_repr/id", 0, false}}
	if ev.Invoice != nil {
		tables[0].id, tables[0].ok = ev.Invoice.TableID, true
	}
	if ev.Order != nil && ev.Order.TableID != 0 {
		tables[1].id, tables[1].ok = ev.Order.TableID, true
	}
	if ev.TableRepr != nil {
		tables[2].id, tables[2].ok = ev.TableRepr.ID, true
	}
	for _, t := range tables {
		if t.ok && t.id != ev.Table {
			add(FindTable, t.path, ev.Table, t.id, "table %d, the event is for table %d", t.id, ev.Table)
		}
	}
	return out
}

// missingItems: every added item must be in the order, counts included.
func missingItems(ev Event, inv *Invoice, o *Order, p string) []Finding {
	left := map[int64]money.Qty{}
	for _, d := range o.Dishes {
		left[d.ID] += d.Count
	}
	var out []Finding
	for i, it := range inv.Items {
		if left[it.ID] >= it.Count {
			left[it.ID] -= it.Count
			continue
		}
		out = append(out, Finding{Code: FindItemMissing, Path: p + "/invoice/session/items/" + strconv.Itoa(i), Hash: ev.Hash,
			Expected: int64(it.Count), Actual: int64(left[it.ID]),
			Message: fmt.Sprintf("added dish %d ×%s is not in the order (%s left there)", it.ID, it.Count, left[it.ID])})
		left[it.ID] = 0
	}
	return out
}

func emptyJSON(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null" || s == "[]"
}
