package pos

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/status"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// OrderResponse is the data of a savedeliveryorder or Order response.
// Amounts may arrive as numbers or decimal strings ("8350", 19000); they
// are minor units, converted exactly.
type OrderResponse struct {
	VisitID       string
	VisitGUID     string
	TableName     string
	SeqNumber     string
	OrderSum      money.Kopecks
	UnpaidSum     money.Kopecks
	DiscountSum   money.Kopecks // as the POS sends it: negative for a discount
	PrepaySum     money.Kopecks
	PromisedSum   money.Kopecks
	Dishes        []ResponseDish
	Discounts     []Discount
	Payments      []CurrencyAmount // savedeliveryorder only
	TravelTime    int64            // Order only
	DeliveryBlock *DeliveryBlock   // Order only
	// Priced: the answer carries order_sum or dishes[], so it can be
	// reconciled (a bare {"visit_id":…} acknowledges an order but prices
	// nothing).
	Priced bool
}

// ResponseDish is one dish of an order response.
type ResponseDish struct {
	ID        menu.ID
	GUID      string
	Code      string
	Name      string
	Price     money.Kopecks
	Amount    money.Kopecks // after the POS's discounts
	Quantity  money.Qty
	Modi      []ResponseModi
	Discounts []Discount
}

// ResponseModi is a modifier of a response dish. Quantity is taken as the
// modifier's total over the dish line (count × dish quantity), which is
// what the POS stores; for a one-piece line it equals the cart's qnt.
type ResponseModi struct {
	ID       menu.ID
	GUID     string
	Code     string
	Name     string
	Price    money.Kopecks
	Quantity money.Qty
}

// Discount names a discount the POS applied.
type Discount struct {
	ID   menu.ID
	Name string
}

// CurrencyAmount is an amount to pay in one currency (Payments[]).
type CurrencyAmount struct {
	ID     int64
	Code   int64
	Name   string
	GUID   string
	Amount money.Kopecks
}

// DeliveryBlock is the Order response's delivery state block, as sent.
type DeliveryBlock struct {
	DeliveryState string
	StartTime     string
	MinCookTime   string
}

type orderWire struct {
	VisitID     json.RawMessage `json:"visit_id"`
	VisitGUID   string          `json:"visit_guid"`
	TableName   string          `json:"table_name"`
	SeqNumber   json.RawMessage `json:"seq_number"`
	OrderSum    json.RawMessage `json:"order_sum"`
	UnpaidSum   json.RawMessage `json:"unpaid_sum"`
	DiscountSum json.RawMessage `json:"discount_sum"`
	PrepaySum   json.RawMessage `json:"prepay_sum"`
	PromisedSum json.RawMessage `json:"promised_sum"`
	Dishes      []struct {
		ID        wire.Int        `json:"id"`
		GUID      string          `json:"guid"`
		Code      json.RawMessage `json:"code"`
		Name      string          `json:"name"`
		Price     json.RawMessage `json:"price"`
		Amount    json.RawMessage `json:"amount"`
		Quantity  wire.Int        `json:"quantity"`
		Modi      []modiWire      `json:"modi"`
		Discounts []discWire      `json:"discounts"`
	} `json:"dishes"`
	Discounts     []discWire     `json:"discounts"`
	Payments      []currencyWire `json:"Payments"`
	TravelTime    wire.Int       `json:"travel_time"`
	DeliveryBlock *struct {
		DeliveryState json.RawMessage `json:"DeliveryState"`
		StartTime     string          `json:"StartTime"`
		MinCookTime   string          `json:"MinCookTime"`
	} `json:"DeliveryBlock"`
}

type modiWire struct {
	ID       wire.Int        `json:"id"`
	GUID     string          `json:"guid"`
	Code     json.RawMessage `json:"code"`
	Name     string          `json:"name"`
	Price    json.RawMessage `json:"price"`
	Quantity wire.Int        `json:"quantity"`
}

type discWire struct {
	ID   wire.Int `json:"id"`
	Name string   `json:"name"`
}

type currencyWire struct {
	ID     wire.Int        `json:"id"`
	Code   wire.Int        `json:"code"`
	Name   string          `json:"name"`
	GUID   string          `json:"guid"`
	Amount json.RawMessage `json:"amount"`
}

// envelopeOf decodes a WebDelivery envelope around T: {"data":T,…} or, when
// there is no "data" key, T itself.
type envelopeOf[T any] struct {
	wire.Envelope
	Data *T `json:"data"`
}

// decodeEnvelope fills out from a document of kind k, reporting the
// envelope's errors as *document.APIError and everything else as a
// *document.Error of kind k. It also returns the JSON Pointer prefix of the
// data object ("/data", or "" when bare).
func decodeEnvelope[T any](k document.Kind, data []byte) (T, string, error) {
	var zero T
	if err := document.Check(k, data, 0); err != nil {
		return zero, "", err
	}
	var env envelopeOf[T]
	if err := wire.Decode(k, data, &env); err != nil {
		return zero, "", err
	}
	if err := env.Envelope.Check(); err != nil {
		return zero, "", err
	}
	if env.Data != nil {
		return *env.Data, "/data", nil
	}
	var bare T
	if err := wire.Decode(k, data, &bare); err != nil {
		return zero, "", err
	}
	return bare, "", nil
}

// literal returns a JSON string's value, or any other value's literal text
// ("" for null or nothing).
func literal(raw []byte) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// amounts converts the amount fields, naming the first bad one.
type amounts struct {
	err    error
	kind   document.Kind
	prefix string
}

func (a *amounts) get(raw json.RawMessage, field string) money.Kopecks {
	if a.err != nil || len(raw) == 0 || string(raw) == "null" {
		return 0
	}
	k, err := money.ParseJSON(raw, money.Minor)
	if err != nil {
		a.err = &document.Error{Kind: a.kind, Pointer: a.prefix + field, Msg: err.Error(), Cause: err}
	}
	return k
}

// DecodeOrderResponse reads a savedeliveryorder or Order response (with
// the envelope, or its data object).
//
// It returns an error if:
//   - the envelope's status is "Err" (*menu.APIError, with every errors[]
//     code, text and details);
//   - the JSON is malformed or mistyped, or an amount is not an exact
//     number of kopecks (*document.Error naming the field);
//   - it has neither visit_id nor order_sum: it is another kind of
//     document (a menu's dishes[] alone does not make an order), `{}` or
//     `{"data":null}` (*document.Error);
//   - it is larger than document.OrderResponse.MaxBytes() (8 MiB).
func DecodeOrderResponse(data []byte) (OrderResponse, error) {
	w, prefix, err := decodeEnvelope[orderWire](document.OrderResponse, data)
	if err != nil {
		return OrderResponse{}, err
	}
	if w.VisitID == nil && w.OrderSum == nil {
		return OrderResponse{}, document.Mismatch(document.OrderResponse, data, "a savedeliveryorder or Order response with visit_id or order_sum")
	}
	a := amounts{kind: document.OrderResponse, prefix: prefix}
	r := OrderResponse{VisitID: literal(w.VisitID), VisitGUID: w.VisitGUID, TableName: w.TableName, SeqNumber: literal(w.SeqNumber),
		OrderSum: a.get(w.OrderSum, "/order_sum"), UnpaidSum: a.get(w.UnpaidSum, "/unpaid_sum"),
		DiscountSum: a.get(w.DiscountSum, "/discount_sum"), PrepaySum: a.get(w.PrepaySum, "/prepay_sum"),
		PromisedSum: a.get(w.PromisedSum, "/promised_sum"), TravelTime: int64(w.TravelTime),
		Priced: w.OrderSum != nil || w.Dishes != nil}
	for i, d := range w.Dishes {
		p := "/dishes/" + strconv.Itoa(i)
		rd := ResponseDish{ID: menu.ID(d.ID), GUID: d.GUID, Code: literal(d.Code), Name: d.Name,
			Price: a.get(d.Price, p+"/price"), Amount: a.get(d.Amount, p+"/amount"), Quantity: money.Qty(d.Quantity),
			Discounts: discounts(d.Discounts)}
		for j, m := range d.Modi {
			rd.Modi = append(rd.Modi, ResponseModi{ID: menu.ID(m.ID), GUID: m.GUID, Code: literal(m.Code), Name: m.Name,
				Price: a.get(m.Price, p+"/modi/"+strconv.Itoa(j)+"/price"), Quantity: money.Qty(m.Quantity)})
		}
		r.Dishes = append(r.Dishes, rd)
	}
	r.Discounts = discounts(w.Discounts)
	r.Payments = currencies(w.Payments, &a, "/Payments/")
	if b := w.DeliveryBlock; b != nil {
		r.DeliveryBlock = &DeliveryBlock{DeliveryState: literal(b.DeliveryState), StartTime: b.StartTime, MinCookTime: b.MinCookTime}
	}
	return r, a.err
}

func discounts(ws []discWire) []Discount {
	var out []Discount
	for _, d := range ws {
		out = append(out, Discount{ID: menu.ID(d.ID), Name: d.Name})
	}
	return out
}

func currencies(ws []currencyWire, a *amounts, prefix string) []CurrencyAmount {
	var out []CurrencyAmount
	for i, c := range ws {
		out = append(out, CurrencyAmount{ID: int64(c.ID), Code: int64(c.Code), Name: c.Name, GUID: c.GUID,
			Amount: a.get(c.Amount, prefix+strconv.Itoa(i)+"/amount")})
	}
	return out
}

// DecodeCalcOrderResponse reads a CalcOrder response: the amount to pay in
// each currency. It fails like [DecodeOrderResponse], and when there is no
// Payments[] (document.CalcResponse).
func DecodeCalcOrderResponse(data []byte) ([]CurrencyAmount, error) {
	w, prefix, err := decodeEnvelope[struct {
		Payments []currencyWire `json:"Payments"`
	}](document.CalcResponse, data)
	if err != nil {
		return nil, err
	}
	if w.Payments == nil {
		return nil, document.Mismatch(document.CalcResponse, data, "a CalcOrder response with Payments[]")
	}
	a := amounts{kind: document.CalcResponse, prefix: prefix}
	out := currencies(w.Payments, &a, "/Payments/")
	return out, a.err
}

// Courier is the data of a `courier` response.
type Courier struct {
	ObjectID  int64
	VisitID   int64
	Location  *Location // nil without courier coordinates
	State     status.Courier
	StateName string // as sent (DlvStateName)
}

// Location is a courier's position, kept as the decimal text sent.
type Location struct {
	Lat, Lon string
}

// DecodeCourier reads a `courier` response.
//
// It returns an error if the envelope's status is "Err" (*menu.APIError),
// the JSON is malformed or mistyped, dlvStateID is missing (another kind
// of document) or outside 0–8 (*document.Error naming the field), or it is
// larger than document.CourierResponse.MaxBytes() (1 MiB).
func DecodeCourier(data []byte) (Courier, error) {
	w, prefix, err := decodeEnvelope[struct {
		ObjectID wire.Int `json:"object_id"`
		VisitID  wire.Int `json:"visit_id"`
		Location *struct {
			Lat json.RawMessage `json:"lat"`
			Lon json.RawMessage `json:"lon"`
		} `json:"courier_location"`
		State     *wire.Int `json:"dlvStateID"`
		StateName string    `json:"DlvStateName"`
	}](document.CourierResponse, data)
	if err != nil {
		return Courier{}, err
	}
	if w.State == nil {
		return Courier{}, document.Mismatch(document.CourierResponse, data, "a courier response with dlvStateID")
	}
	c := Courier{ObjectID: int64(w.ObjectID), VisitID: int64(w.VisitID), State: status.Courier(*w.State), StateName: w.StateName}
	if *w.State < 0 || !status.Courier(*w.State).Valid() {
		return Courier{}, &document.Error{Kind: document.CourierResponse, Pointer: prefix + "/dlvStateID", Msg: fmt.Sprintf("want 0–8, got %d", *w.State)}
	}
	if w.Location != nil {
		c.Location = &Location{Lat: literal(w.Location.Lat), Lon: literal(w.Location.Lon)}
	}
	return c, nil
}

// ErrEndpoint is wrapped by [*EndpointError].
var ErrEndpoint = errors.New("endpoint server error")

// EndpointError is a UCS endpoint server error body:
// {"success":false,"data":"<message>"} or a WordPress route error
// {"code":"rest_no_route","message":"…","data":{"status":404}}.
type EndpointError struct {
	Code       string // "rest_no_route", or "" for a success:false body
	Message    string
	HTTPStatus int // from data.status, when given
}

func (e *EndpointError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("endpoint server: %s: %s", e.Code, e.Message)
	}
	return "endpoint server: " + e.Message
}

func (e *EndpointError) Unwrap() error { return ErrEndpoint }

// PostOrderResult is a successful postorder response.
type PostOrderResult struct {
	RemoteOrderID int64
	SeqNumber     int64
	VisitID       string
	Source        string
	Status        string
}

// DecodePostOrderResponse reads a UCS endpoint server postorder response.
//
// It returns an error if the body is an error body (*EndpointError), is
// malformed or mistyped, has neither success nor code (another kind of
// document), or is larger than document.PostOrderResponse.MaxBytes()
// (*document.Error).
func DecodePostOrderResponse(data []byte) (PostOrderResult, error) {
	if err := document.Check(document.PostOrderResponse, data, 0); err != nil {
		return PostOrderResult{}, err
	}
	var w struct {
		Success *bool           `json:"success"`
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := wire.Decode(document.PostOrderResponse, data, &w); err != nil {
		return PostOrderResult{}, err
	}
	if w.Success == nil && w.Code == "" {
		return PostOrderResult{}, document.Mismatch(document.PostOrderResponse, data, "a postorder response with success or code")
	}
	if w.Code != "" {
		var d struct {
			Status wire.Int `json:"status"`
		}
		_ = json.Unmarshal(w.Data, &d)
		return PostOrderResult{}, &EndpointError{Code: w.Code, Message: w.Message, HTTPStatus: int(d.Status)}
	}
	if w.Success == nil || !*w.Success {
		return PostOrderResult{}, &EndpointError{Message: literal(w.Data)}
	}
	var ok struct {
		RemoteResponse struct {
			RemoteOrderID wire.Int `json:"remoteOrderId"`
		} `json:"remoteResponse"`
		Data struct {
			SeqNumber wire.Int        `json:"seq_number"`
			VisitID   json.RawMessage `json:"visit_id"`
		} `json:"data"`
		Source string `json:"source"`
		Status string `json:"status"`
	}
	if err := wire.Decode(document.PostOrderResponse, w.Data, &ok); err != nil {
		return PostOrderResult{}, within(err, "/data")
	}
	return PostOrderResult{RemoteOrderID: int64(ok.RemoteResponse.RemoteOrderID), SeqNumber: int64(ok.Data.SeqNumber),
		VisitID: literal(ok.Data.VisitID), Source: ok.Source, Status: ok.Status}, nil
}

// within prefixes the pointer of a decoding error found in a member.
func within(err error, prefix string) error {
	var de *document.Error
	if errors.As(err, &de) {
		de.Pointer = prefix + de.Pointer
		de.Line, de.Column = 0, 0 // they counted within the member
	}
	return err
}
