package fakepos

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/status"
)

// Order is an order the fake keeps.
type Order struct {
	ObjectID  menu.ID           `json:"object_id"`
	VisitID   int64             `json:"visit_id"`
	VisitGUID string            `json:"visit_guid"`
	SeqNumber int64             `json:"seq_number"`
	SavedAt   time.Time         `json:"saved_at"`
	OrderSum  money.Kopecks     `json:"order_sum"`
	Paid      money.Kopecks     `json:"paid"`
	Promised  money.Kopecks     `json:"promised"`
	State     status.Courier    `json:"state"`
	Timeline  []Step            `json:"timeline,omitempty"` // the script still to come
	Payments  []pos.PaymentLine `json:"payments"`
	Cart      json.RawMessage   `json:"cart"`
	dishes    []dishJSON
	size      int64 // the store's estimate of its memory
}

// orderSize estimates an order's memory: its cart as sent, the fixed
// part, and each dish or modifier line of its answer.
func orderSize(o *Order) int64 {
	n := int64(len(o.Cart)) + 1024
	for _, d := range o.dishes {
		n += 128 * int64(1+len(d.Modi))
	}
	return n
}

// Unpaid is what is left to pay.
func (o *Order) Unpaid() money.Kopecks { return max(0, o.OrderSum-o.Paid-o.Promised) }

// store keeps orders by (object, visit) in arrival order, at most max
// and at most maxBytes of them (by orderSize).
type store struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64
	byKey    map[orderKey]*Order
	fifo     []orderKey
	nextID   int64
	seq      map[menu.ID]int64
}

type orderKey struct {
	object menu.ID
	visit  int64
}

func newStore(max int, maxBytes int64) *store {
	return &store{max: max, maxBytes: maxBytes, byKey: map[orderKey]*Order{}, nextID: 412_747_060, seq: map[menu.ID]int64{}}
}

// add assigns the order its visit id and sequence number and keeps it,
// forgetting the oldest beyond the cap.
func (s *store) add(o *Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.seq[o.ObjectID]++
	o.VisitID, o.SeqNumber = s.nextID, s.seq[o.ObjectID]
	k := orderKey{o.ObjectID, o.VisitID}
	o.size = orderSize(o)
	s.byKey[k] = o
	s.fifo = append(s.fifo, k)
	s.bytes += o.size
	for len(s.fifo) > 1 && (len(s.fifo) > s.max || s.bytes > s.maxBytes) {
		s.bytes -= s.byKey[s.fifo[0]].size
		delete(s.byKey, s.fifo[0])
		s.fifo = s.fifo[1:]
	}
}

func (s *store) get(object menu.ID, visit int64) (*Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.byKey[orderKey{object, visit}]
	return o, ok
}

// all returns copies of the orders in arrival order.
func (s *store) all() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Order, 0, len(s.fifo))
	for _, k := range s.fifo {
		out = append(out, *s.byKey[k])
	}
	return out
}

func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byKey, s.fifo, s.seq, s.bytes = map[orderKey]*Order{}, nil, map[menu.ID]int64{}, 0
}

// advance moves the order along its timeline to now (under s.mu).
func (s *store) advance(o *Order, now time.Time) {
	for len(o.Timeline) > 0 && !now.Before(o.SavedAt.Add(o.Timeline[0].After)) {
		next := status.Courier(o.Timeline[0].State)
		if o.State.CanBecome(next) {
			o.State = next
		} // a step the model forbids from the current state is skipped
		o.Timeline = o.Timeline[1:]
	}
}

// dishJSON is a dish of an order answer, as the reference writes it:
// ids, prices, amounts and quantities as strings; modifiers and combo
// components in modi with numbers.
type dishJSON struct {
	Modi      []modiJSON `json:"modi"`
	ID        string     `json:"id"`
	GUID      string     `json:"guid"`
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	Price     string     `json:"price"`
	Amount    string     `json:"amount"`
	Quantity  string     `json:"quantity"`
	Discounts []any      `json:"discounts"`
}

type modiJSON struct {
	ID       menu.ID       `json:"id"`
	GUID     string        `json:"guid"`
	Code     int64         `json:"code"`
	Name     string        `json:"name"`
	Price    money.Kopecks `json:"price"`
	Quantity money.Qty     `json:"quantity"`
}

type paymentJSON struct {
	ID     int64         `json:"id"`
	Code   int64         `json:"code"`
	Name   string        `json:"name"`
	GUID   string        `json:"guid"`
	Amount money.Kopecks `json:"amount"`
}

// dishesOf writes the priced lines as the POS answers them: a dish's
// amount is the line's (its modifiers included), each modifier's
// quantity its total over the line (count × dish quantity).
func dishesOf(r engine.Result, m *menu.Menu) []dishJSON {
	out := make([]dishJSON, 0, len(r.Lines))
	for _, l := range r.Lines {
		d := dishJSON{ID: strconv.FormatInt(int64(l.ID), 10), Name: l.Name, Price: strconv.FormatInt(int64(l.Price), 10),
			Amount: strconv.FormatInt(int64(l.Amount), 10), Quantity: strconv.FormatInt(int64(l.Qnt), 10),
			Modi: []modiJSON{}, Discounts: []any{}}
		total := func(q money.Qty) money.Qty { return money.Qty(int64(q) * int64(l.Qnt) / int64(money.Piece)) }
		for _, mod := range l.Modifiers {
			d.Modi = append(d.Modi, modiJSON{ID: mod.ID, Name: m.ModifierName(mod.ID), Price: mod.Price, Quantity: total(mod.Qnt)})
		}
		for _, c := range l.Components {
			d.Modi = append(d.Modi, modiJSON{ID: c.ID, Name: m.DishName(c.ID), Price: c.Price, Quantity: total(c.Qnt)})
			for _, mod := range c.Modifiers { // per component unit, so times the component's count too
				q := money.Qty(int64(mod.Qnt) * int64(c.Qnt) / int64(money.Piece))
				d.Modi = append(d.Modi, modiJSON{ID: mod.ID, Name: m.ModifierName(mod.ID), Price: mod.Price, Quantity: total(q)})
			}
		}
		out = append(out, d)
	}
	return out
}

// payments prices the total in every configured currency.
func (f *Fake) payments(total money.Kopecks) ([]paymentJSON, error) {
	out := make([]paymentJSON, 0, len(f.cfg.Currencies))
	for _, c := range f.cfg.Currencies {
		amt, err := total.MulQty(money.Qty(c.Rate))
		if err != nil {
			return nil, err
		}
		out = append(out, paymentJSON{ID: c.ID, Code: c.Code, Name: c.Name, GUID: c.GUID, Amount: amt})
	}
	return out, nil
}

// price validates and prices a cart body for savedeliveryorder and
// CalcOrder: the result, or the errors of a refused cart.
func (f *Fake) price(objectID string, body []byte) (*object, *engine.Cart, engine.Result, []any) {
	c, err := engine.DecodeCart(body, 0)
	if err != nil {
		return nil, nil, engine.Result{}, []any{apiError{"DLW-0400", "bad request", err.Error()}}
	}
	id := strconv.FormatInt(int64(c.ObjectID), 10)
	if objectID != "" { // an existing customer's order names the object in the query
		id = objectID
	}
	o, errs := f.objectOf(id)
	if errs != nil {
		return nil, nil, engine.Result{}, []any{errs[0]}
	}
	if objectID != "" {
		c.Object = o.id // the body may have no objectid; one that differs is wrong_object
	}
	r := o.eng.Price(c)
	if !r.Valid {
		out := make([]any, 0, len(r.Violations))
		for _, v := range r.Violations {
			if v.Severity == engine.Error {
				out = append(out, violationError{Code: v.Code, Text: v.Message, Details: v.Path, Path: v.Path})
			}
		}
		return o, c, r, out
	}
	return o, c, r, nil
}

func (f *Fake) calc(body []byte) (any, any, int) {
	_, _, r, errs := f.price("", body)
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	p, err := f.payments(r.Subtotal)
	if err != nil {
		return nil, []apiError{{"DLW-0500", "amount overflow", err.Error()}}, http.StatusOK
	}
	return map[string]any{"Payments": p}, nil, http.StatusOK
}

func (f *Fake) save(objectID string, body []byte) (any, any, int) {
	obj, _, r, errs := f.price(objectID, body)
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	f.mu.Lock()
	guid := fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}", f.rng.Uint32(), f.rng.Uint32()&0xFFFF, 0x4000|f.rng.Uint32()&0x0FFF,
		0x8000|f.rng.Uint32()&0x3FFF, f.rng.Uint64()&0xFFFFFFFFFFFF)
	f.mu.Unlock()
	o := &Order{ObjectID: obj.id, VisitGUID: guid, SavedAt: f.cfg.Now(), OrderSum: r.Subtotal, State: status.CourierNotConfirmed,
		Timeline: append([]Step(nil), f.cfg.Timeline...), Payments: []pos.PaymentLine{}, Cart: json.RawMessage(slices.Clone(body)), dishes: dishesOf(r, obj.eng.Menu())}
	f.orders.add(o)
	p, err := f.payments(r.Subtotal)
	if err != nil {
		return nil, []apiError{{"DLW-0500", "amount overflow", err.Error()}}, http.StatusOK
	}
	data := f.orderJSON(o, false)
	data["Payments"] = p
	return data, nil, http.StatusOK
}

// orderJSON is an order as savedeliveryorder (and, with info, Order)
// answer it.
func (f *Fake) orderJSON(o *Order, info bool) map[string]any {
	f.orders.mu.Lock()
	defer f.orders.mu.Unlock()
	f.orders.advance(o, f.cfg.Now())
	data := map[string]any{
		"visit_id": strconv.FormatInt(o.VisitID, 10), "visit_guid": o.VisitGUID, "table_name": "Dlvr",
		"order_sum": strconv.FormatInt(int64(o.OrderSum), 10), "unpaid_sum": strconv.FormatInt(int64(o.Unpaid()), 10),
		"discount_sum": "0", "seq_number": strconv.FormatInt(o.SeqNumber, 10), "dishes": o.dishes, "discounts": []any{},
	}
	if info { // the reference's Order example writes these as numbers, its savedeliveryorder example as strings
		data["visit_id"], data["order_sum"], data["unpaid_sum"], data["discount_sum"] = o.VisitID, int64(o.OrderSum), int64(o.Unpaid()), 0
		data["prepay_sum"], data["promised_sum"] = int64(o.Paid), int64(o.Promised)
		data["travel_time"] = 60
		data["DeliveryBlock"] = map[string]any{"DeliveryState": strconv.Itoa(int(o.State)),
			"StartTime": o.SavedAt.In(f.cfg.Location).Format("2006-01-02T15:04:05"), "MinCookTime": "1899-12-30T00:30:00"}
	}
	return data
}

func (f *Fake) find(objectID, visitID string) (*Order, []apiError) {
	obj, errs := f.objectOf(objectID)
	if errs != nil {
		return nil, errs
	}
	v, err := strconv.ParseInt(visitID, 10, 64)
	if err != nil {
		return nil, []apiError{{"DLW-0003", "bad visit id", strconv.Quote(visitID)}}
	}
	o, ok := f.orders.get(obj.id, v)
	if !ok {
		return nil, []apiError{{"DLW-0004", "order not found", visitID}}
	}
	return o, nil
}

func (f *Fake) orderInfo(objectID, visitID string) (any, any, int) {
	o, errs := f.find(objectID, visitID)
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	return f.orderJSON(o, true), nil, http.StatusOK
}

func (f *Fake) courier(objectID, visitID string) (any, any, int) {
	o, errs := f.find(objectID, visitID)
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	f.orders.mu.Lock()
	f.orders.advance(o, f.cfg.Now())
	st := o.State
	f.orders.mu.Unlock()
	return map[string]any{"object_id": int64(o.ObjectID), "visit_id": o.VisitID, "courier_location": nil,
		"dlvStateID": int(st), "DlvStateName": st.String()}, nil, http.StatusOK
}

func (f *Fake) payment(body []byte) (any, any, int) {
	var p struct {
		ObjectID json.Number `json:"object_id"`
		VisitID  json.Number `json:"visit_id"`
		Payments []struct {
			CurrencyID int64         `json:"currency_id"`
			ExtPayID   string        `json:"extpay_id"`
			Amount     money.Kopecks `json:"amount"`
			Promised   bool          `json:"promised"`
		} `json:"payments"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.ObjectID == "" || p.VisitID == "" || len(p.Payments) == 0 {
		return nil, []apiError{{"DLW-0001", "bad request", "want object_id, visit_id and payments[]"}}, http.StatusOK
	}
	o, errs := f.find(p.ObjectID.String(), p.VisitID.String())
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	f.orders.mu.Lock()
	defer f.orders.mu.Unlock()
	// A line whose extpay_id (RK7's ExtTransactionInfo: the payment's
	// transaction at its provider) is already on the order is a retry of
	// that payment: it is not applied twice. The same id with another
	// amount, currency or kind is a conflict. Lines without an id are
	// always new.
	var sum money.Kopecks
	fresh := make([]pos.PaymentLine, 0, len(p.Payments))
	for _, pl := range p.Payments {
		if pl.Amount <= 0 {
			return nil, []apiError{{"DLW-0005", "bad payment", "amounts must be positive"}}, http.StatusOK
		}
		line := pos.PaymentLine{CurrencyID: pl.CurrencyID, ExtPayID: pl.ExtPayID, Amount: pl.Amount, Promised: pl.Promised}
		if prev, ok := paidBefore(o, fresh, pl.ExtPayID); ok {
			if prev != line {
				return nil, []apiError{{"DLW-0007", "payment conflict", fmt.Sprintf("extpay_id %q was paid with another amount, currency or kind", pl.ExtPayID)}}, http.StatusOK
			}
			continue
		}
		var err error
		if sum, err = sum.Add(pl.Amount); err != nil {
			return nil, []apiError{{"DLW-0006", "overpayment", "the payments' sum overflows"}}, http.StatusOK
		}
		fresh = append(fresh, line)
	}
	if sum > o.Unpaid() {
		return nil, []apiError{{"DLW-0006", "overpayment", fmt.Sprintf("%d paid, %d unpaid", sum, o.Unpaid())}}, http.StatusOK
	}
	for _, pl := range fresh {
		if pl.Promised {
			o.Promised += pl.Amount
		} else {
			o.Paid += pl.Amount
		}
		o.Payments = append(o.Payments, pl)
	}
	return map[string]any{"visit_id": o.VisitID, "unpaid_sum": int64(o.Unpaid())}, nil, http.StatusOK
}

// paidBefore finds the payment with extpay_id id on the order or among the
// lines of this call already taken; "" is never found.
func paidBefore(o *Order, fresh []pos.PaymentLine, id string) (pos.PaymentLine, bool) {
	if id == "" {
		return pos.PaymentLine{}, false
	}
	for _, l := range slices.Concat(o.Payments, fresh) {
		if l.ExtPayID == id {
			return l, true
		}
	}
	return pos.PaymentLine{}, false
}
