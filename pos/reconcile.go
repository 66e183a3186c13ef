package pos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Reconciliation codes: what explains a difference between a priced cart
// and the POS's answer for it.
const (
	ReconDiscount        = "discount"                // the POS discount_sum
	ReconPriceChanged    = "price_changed"           // a dish or modifier price differs from the menu
	ReconMissingLine     = "missing_line"            // priced here, absent from the POS order
	ReconExtraLine       = "extra_line"              // in the POS order, not in the cart
	ReconQuantityChanged = "quantity_changed"        // the POS quantity differs
	ReconImpliedDropped  = "implied_default_dropped" // an implied default the POS did not add
	ReconRounding        = "rounding"                // order_sum off its own lines by ≤ 1 kopeck per priced entity
	ReconUnexplained     = "unexplained"             // whatever is left
)

// Verdicts of a reconciliation: what a script may act on.
const (
	// VerdictMatch: the POS priced every line and the total as rkcart did.
	VerdictMatch = "match"
	// VerdictDiscounted: the only differences are the POS's discounts.
	VerdictDiscounted = "discounted"
	// VerdictDiffers: other differences (a changed price or quantity, a
	// missing or extra line, a dropped default, the POS's own rounding),
	// each attributed to its cause in Items.
	VerdictDiffers = "differs"
	// VerdictUnexplained: some kopecks have no cause.
	VerdictUnexplained = "unexplained"
)

// Reconciliation compares a priced cart with the POS response for it.
// Difference = Actual − Expected = Σ Items amounts, always: Unexplained is
// the part of it that the item codes other than unexplained do not cover.
// Verdict says whether the POS agrees (match, discounted) or not
// (differs, unexplained): every kopeck having a label is not agreement.
type Reconciliation struct {
	Verdict     string        `json:"verdict"`
	Expected    money.Kopecks `json:"expected"`   // our subtotal
	Actual      money.Kopecks `json:"actual"`     // the POS order_sum (CalcOrder: the base-currency amount)
	Difference  money.Kopecks `json:"difference"` // Actual − Expected
	Items       []Explanation `json:"items"`
	Unexplained money.Kopecks `json:"unexplained"`
}

// Agrees reports whether the verdict is match or discounted.
func (r Reconciliation) Agrees() bool {
	return r.Verdict == VerdictMatch || r.Verdict == VerdictDiscounted
}

// verdict reads the items: any unexplained kopeck is unexplained, any
// cause but a discount differs, discounts alone discounted.
func (r *Reconciliation) verdict() {
	r.Verdict = VerdictMatch
	for _, it := range r.Items {
		switch {
		case it.Code == ReconUnexplained && it.Amount != 0:
			r.Verdict = VerdictUnexplained
			return
		case it.Code == ReconDiscount:
			if r.Verdict == VerdictMatch {
				r.Verdict = VerdictDiscounted
			}
		default:
			r.Verdict = VerdictDiffers
		}
	}
	if r.Unexplained != 0 {
		r.Verdict = VerdictUnexplained
	}
}

// Explanation is one explained part of the difference.
type Explanation struct {
	Code         string        `json:"code"`
	Path         string        `json:"path,omitempty"`          // into the cart; "" for order-level items
	ResponsePath string        `json:"response_path,omitempty"` // into the response data object
	ID           menu.ID       `json:"id,omitempty"`            // the dish or modifier concerned
	Amount       money.Kopecks `json:"amount"`                  // POS minus ours, signed
	Message      string        `json:"message"`
}

// entity is one priced thing of a line: a modifier, a component or a
// component's modifier, with what it costs per line.
type entity struct {
	id      menu.ID
	path    string
	price   money.Kopecks
	count   int64 // per line unit, including the component count
	amount  money.Kopecks
	implied bool
}

// Reconcile explains, per line and in total, the difference between r (the
// priced cart) and resp (the POS's savedeliveryorder or Order answer), and
// gives the verdict. resp should carry order_sum or dishes[]
// (OrderResponse.Priced); an answer without either has nothing to
// compare, and every line of the cart then reads as missing.
// Lines are matched by dish id in order; modifiers (and combo components,
// by their dish id) within a line by id. The POS's modifier quantity is the
// total over the line (count × dish quantity). Lines that add nothing to
// the subtotal (unknown dishes, bad quantities…) are left out.
// Arithmetic saturates into Unexplained instead of failing.
func Reconcile(r engine.Result, resp OrderResponse) Reconciliation {
	rec := Reconciliation{Expected: r.Subtotal, Actual: resp.OrderSum, Items: []Explanation{}}
	rec.Difference = sub(resp.OrderSum, r.Subtotal)
	add := func(e Explanation) {
		if e.Amount != 0 || e.Code == ReconMissingLine || e.Code == ReconExtraLine {
			rec.Items = append(rec.Items, e)
		}
	}
	if resp.DiscountSum != 0 {
		add(Explanation{Code: ReconDiscount, ResponsePath: "/discount_sum", Amount: resp.DiscountSum,
			Message: fmt.Sprintf("the POS applied discounts of %s", resp.DiscountSum)})
	}
	ours := countedLines(r)
	used := make([]bool, len(resp.Dishes))
	var posGross money.Sum
	for _, l := range ours {
		j := -1
		for k, d := range resp.Dishes {
			if !used[k] && d.ID == l.ID {
				j = k
				break
			}
		}
		if j < 0 {
			add(Explanation{Code: ReconMissingLine, Path: l.Path(), ID: l.ID, Amount: -l.Amount,
				Message: fmt.Sprintf("line %s (%s, %s) is not in the POS order", l.Path(), l.Name, l.Amount)})
			continue
		}
		used[j] = true
		g := reconcileLine(l, resp.Dishes[j], "/dishes/"+strconv.Itoa(j), add)
		posGross.Add(g)
	}
	for j, d := range resp.Dishes {
		if used[j] {
			continue
		}
		g := grossOf(d)
		posGross.Add(g)
		add(Explanation{Code: ReconExtraLine, ResponsePath: "/dishes/" + strconv.Itoa(j), ID: d.ID, Amount: g,
			Message: fmt.Sprintf("the POS order has dish %d (%s, %s) that the cart has not", d.ID, d.Name, g)})
	}
	// What the POS lines and discount add up to, against its order_sum: up
	// to a kopeck per priced entity is the POS rounding its entities its
	// own way; anything more (a service charge, a delivery line it does not
	// list) is unexplained.
	gross, err := posGross.Total()
	rest := sub(resp.OrderSum, sub(gross, -resp.DiscountSum))
	if err != nil {
		rest = rec.Difference // cannot split an overflowing order: all unexplained
	}
	if rest != 0 {
		n := money.Kopecks(0)
		for _, d := range resp.Dishes {
			n += money.Kopecks(1 + len(d.Modi))
		}
		code := ReconRounding
		if err != nil || rest > n || rest < -n {
			code = ReconUnexplained
		}
		add(Explanation{Code: code, ResponsePath: "/order_sum", Amount: rest,
			Message: fmt.Sprintf("order_sum %s is its dishes plus discount_sum %+d (%d priced entities)", resp.OrderSum, int64(rest), n)})
	}
	var explained money.Kopecks
	for _, it := range rec.Items {
		if it.Code == ReconUnexplained {
			rec.Unexplained = sub(rec.Unexplained, -it.Amount)
		}
		explained = sub(explained, -it.Amount)
	}
	if explained != rec.Difference { // only after saturation: keep the books closed
		gap := sub(rec.Difference, explained)
		rec.Items = append(rec.Items, Explanation{Code: ReconUnexplained, Amount: gap, Message: "amounts too large to explain exactly"})
		rec.Unexplained = sub(rec.Unexplained, -gap)
	}
	rec.verdict()
	return rec
}

// reconcileLine explains one matched line and returns the POS's gross for
// it (at its prices and quantities, before discounts).
func reconcileLine(l engine.PricedLine, d ResponseDish, rp string, add func(Explanation)) money.Kopecks {
	path := l.Path()
	var explained money.Sum
	note := func(e Explanation) {
		explained.Add(e.Amount)
		add(e)
	}
	if d.Price != l.Price {
		a := sub(kernel(d.Price, l.Qnt), kernel(l.Price, l.Qnt))
		note(Explanation{Code: ReconPriceChanged, Path: path, ResponsePath: rp + "/price", ID: l.ID, Amount: a,
			Message: fmt.Sprintf("dish %d costs %s at the POS, %s on the menu", l.ID, d.Price, l.Price)})
	}
	if d.Quantity != l.Qnt {
		a := sub(kernel(d.Price, d.Quantity), kernel(d.Price, l.Qnt))
		note(Explanation{Code: ReconQuantityChanged, Path: path, ResponsePath: rp + "/quantity", ID: l.ID, Amount: a,
			Message: fmt.Sprintf("dish %d: quantity %d at the POS, %d in the cart", l.ID, d.Quantity, l.Qnt)})
	}
	used := make([]bool, len(d.Modi))
	ents := entities(l)
	for _, e := range ents {
		k := -1
		for i, m := range d.Modi {
			if !used[i] && m.ID == e.id {
				k = i
				break
			}
		}
		if k < 0 {
			code, what := ReconMissingLine, "is not in the POS order"
			if e.implied {
				code, what = ReconImpliedDropped, "was implied here but the POS did not add it"
			}
			note(Explanation{Code: code, Path: orLine(e.path, path), ID: e.id, Amount: -e.amount,
				Message: fmt.Sprintf("modifier %d (%s) %s", e.id, e.amount, what)})
			continue
		}
		used[k] = true
		m := d.Modi[k]
		mp := rp + "/modi/" + strconv.Itoa(k)
		atPOSPrice := kernel(mulInt(m.Price, e.count), l.Qnt)
		if m.Price != e.price {
			note(Explanation{Code: ReconPriceChanged, Path: orLine(e.path, path), ResponsePath: mp + "/price", ID: e.id,
				Amount: sub(atPOSPrice, e.amount), Message: fmt.Sprintf("modifier %d costs %s at the POS, %s on the menu", e.id, m.Price, e.price)})
		}
		if want := money.Qty(e.count) * l.Qnt; m.Quantity != want {
			note(Explanation{Code: ReconQuantityChanged, Path: orLine(e.path, path), ResponsePath: mp + "/quantity", ID: e.id,
				Amount: sub(kernel(m.Price, m.Quantity), atPOSPrice), Message: fmt.Sprintf("modifier %d: quantity %d at the POS, %d in the cart", e.id, m.Quantity, want)})
		}
	}
	for k, m := range d.Modi {
		if !used[k] {
			note(Explanation{Code: ReconExtraLine, Path: path, ResponsePath: rp + "/modi/" + strconv.Itoa(k), ID: m.ID,
				Amount: kernel(m.Price, m.Quantity), Message: fmt.Sprintf("the POS added modifier %d (%s)", m.ID, m.Name)})
		}
	}
	// Price and quantity changes are priced with the same kernel as both
	// sides, so they explain the line exactly; a residual can only come
	// from saturated arithmetic, and is then unexplained.
	g := grossOf(d)
	done, err := explained.Total()
	residual := sub(sub(g, l.Amount), done)
	if err != nil {
		residual = sub(g, l.Amount)
	}
	if residual != 0 {
		add(Explanation{Code: ReconUnexplained, Path: path, ResponsePath: rp, ID: l.ID, Amount: residual,
			Message: fmt.Sprintf("line %s: %s left after the changes above", path, residual)})
	}
	return g
}

// countedLines are the lines that add to the subtotal, as the pricer
// recorded it.
func countedLines(r engine.Result) []engine.PricedLine {
	var out []engine.PricedLine
	for _, l := range r.Lines {
		if l.Counts {
			out = append(out, l)
		}
	}
	return out
}

// entities flattens a line's modifiers, components and component modifiers.
func entities(l engine.PricedLine) []entity {
	var out []entity
	for _, m := range l.Modifiers {
		out = append(out, entity{m.ID, m.Loc.Path(), m.Price, int64(m.Qnt / money.Piece), m.Amount, m.Implied})
	}
	for _, c := range l.Components {
		cc := int64(c.Qnt / money.Piece)
		out = append(out, entity{c.ID, c.Loc.Path(), c.Price, cc, c.Amount, c.Implied})
		for _, m := range c.Modifiers {
			out = append(out, entity{m.ID, m.Loc.Path(), m.Price, int64(m.Qnt/money.Piece) * cc, m.Amount, m.Implied || c.Implied})
		}
	}
	return out
}

// grossOf is a POS line before discounts: dish and modifiers at its prices
// and quantities.
func grossOf(d ResponseDish) money.Kopecks {
	g := kernel(d.Price, d.Quantity)
	for _, m := range d.Modi {
		g = sub(g, -kernel(m.Price, m.Quantity))
	}
	return g
}

func orLine(p, line string) string {
	if p == "" {
		return line
	}
	return p
}

// kernel, mulInt and sub saturate instead of failing: reconciliation
// explains what it can, and an absurd amount ends up unexplained.
func kernel(p money.Kopecks, q money.Qty) money.Kopecks {
	v, err := p.MulQty(q)
	if err != nil {
		return saturate(int64(p) >= 0 == (int64(q) >= 0))
	}
	return v
}

func mulInt(p money.Kopecks, n int64) money.Kopecks {
	v, err := p.MulInt(n)
	if err != nil {
		return saturate(int64(p) >= 0 == (n >= 0))
	}
	return v
}

func sub(a, b money.Kopecks) money.Kopecks {
	if b == -b && b != 0 { // MinInt64 cannot be negated
		return saturate(false)
	}
	v, err := a.Add(-b)
	if err != nil {
		return saturate(a >= 0)
	}
	return v
}

func saturate(positive bool) money.Kopecks {
	if positive {
		return 1<<63 - 1
	}
	return -1 << 63
}

// ErrNoBaseCurrency is returned by ReconcileCalcOrder when no payment is in
// the base currency.
var ErrNoBaseCurrency = errors.New("pos: the CalcOrder answer has no payment in the base currency")

// CalcOptions choose the base currency of a CalcOrder answer.
type CalcOptions struct {
	// BaseCode is the code of the base currency; 0 means 1 (the
	// reference's "Rubles"). When no payment has the code, a payment named
	// "Rubles" is taken for code 1.
	BaseCode int64
}

// ReconcileCalcOrder reconciles the CalcOrder answer (the amount to pay in
// each currency, discounts deducted) with r's subtotal, reading the base
// currency's amount. The answer lists no dishes, so a lower amount is
// attributed to the POS's discounts (verdict discounted), a higher one is
// unexplained, an equal one is a match. Like Reconcile, it compares the
// subtotal: the answer does not say whether it includes a delivery price
// (an assumption, documented in the package doc).
//
// It returns ErrNoBaseCurrency if no payment is in the base currency.
func ReconcileCalcOrder(r engine.Result, pays []CurrencyAmount, o CalcOptions) (Reconciliation, error) {
	code := o.BaseCode
	if code == 0 {
		code = 1
	}
	at := -1
	for i, p := range pays {
		if p.Code == code {
			at = i
			break
		}
	}
	if at < 0 && code == 1 {
		for i, p := range pays {
			if strings.EqualFold(p.Name, "Rubles") {
				at = i
				break
			}
		}
	}
	if at < 0 {
		return Reconciliation{}, fmt.Errorf("%w (code %d)", ErrNoBaseCurrency, code)
	}
	base := pays[at]
	rec := Reconciliation{Expected: r.Subtotal, Actual: base.Amount, Difference: sub(base.Amount, r.Subtotal), Items: []Explanation{}}
	rp := "/Payments/" + strconv.Itoa(at) + "/amount"
	switch {
	case rec.Difference < 0:
		rec.Items = append(rec.Items, Explanation{Code: ReconDiscount, ResponsePath: rp, Amount: rec.Difference,
			Message: fmt.Sprintf("the POS asks %s in %s, %s less than the cart: its discounts", base.Amount, base.Name, -rec.Difference)})
	case rec.Difference > 0:
		rec.Items = append(rec.Items, Explanation{Code: ReconUnexplained, ResponsePath: rp, Amount: rec.Difference,
			Message: fmt.Sprintf("the POS asks %s in %s, %s more than the cart; CalcOrder lists no dishes to explain it", base.Amount, base.Name, rec.Difference)})
		rec.Unexplained = rec.Difference
	}
	rec.verdict()
	return rec, nil
}

// ReconcileAnswer reads a POS answer of either shape and reconciles it
// with r: a CalcOrder response (Payments[], compared by the base currency
// of o), or a savedeliveryorder or Order response, which must carry
// order_sum or dishes[].
//
// It returns an error (a *document.Error naming the kind expected) for a
// document of any other shape, and the decoders' errors as they are.
func ReconcileAnswer(r engine.Result, data []byte, o CalcOptions) (Reconciliation, error) {
	if document.Guess(data) == document.CalcResponse {
		pays, err := DecodeCalcOrderResponse(data)
		if err != nil {
			return Reconciliation{}, err
		}
		return ReconcileCalcOrder(r, pays, o)
	}
	resp, err := DecodeOrderResponse(data)
	if err != nil {
		return Reconciliation{}, err
	}
	if !resp.Priced {
		return Reconciliation{}, document.Mismatch(document.OrderResponse, data,
			"a savedeliveryorder or Order response with order_sum or dishes[], or a CalcOrder response with Payments[]")
	}
	return Reconcile(r, resp), nil
}
