// Package webdelivery is a client for the r_keeper WebDelivery API: the
// reads a site needs (rests, menutree, dishes, Currency, Order, courier)
// and the calls that price and create orders (CalcOrder,
// savedeliveryorder, payment). Request bodies are written by package pos
// and answers read by its decoders and package menu's loaders: one
// implementation of each body.
//
// # Transport
//
// The client takes an *http.Client and a base URL (the reference's
// BaseUrl, ending in "/"), sends the session id in the "sid" header, and
// bounds every call by the context and Options.Timeout. Answers are read
// through the size limit of their document kind (package document).
//
// The session id never leaves the WebDelivery origin: the client follows
// a redirect of a read only to the same scheme, host and port, never
// re-sends a POST to a redirect (Go's own client re-POSTs on 307 and
// 308), and fails a refused redirect with an error that wraps
// ErrRedirect and names the target. A base URL in plain http:// is
// accepted for a loopback host (127.0.0.0/8, ::1, localhost: a local
// fake or gateway) and otherwise only with Options.AllowHTTP, since the
// session id would cross the network in clear text.
//
// # Failures and retries
//
// An answer with "status":"Err" is a *document.APIError (code, text,
// details, requestId: errors.As). A non-2xx answer is an *HTTPError.
//
// Safe to retry, and retried by the reads (GET) and by CalcOrder (which
// only calculates) with exponential backoff and jitter within the context:
// transport errors, an attempt that ran out of Options.Timeout (not the
// caller's context), HTTP 429 and 5xx, and the DLW-0023 "Not answer from
// WS" envelope (RK7 did not answer WebDelivery). Nothing else is retried.
//
// Calls that create or pay for an order (SaveDeliveryOrder, Payment) are
// never retried automatically. Their outcome is one of three:
//   - done: a 2xx answer with "status":"Ok" that decodes;
//   - refused, for sure: an HTTP 4xx answer, a redirect (it is not
//     followed; the server said the request belongs elsewhere and did not
//     act on it), or an "Err" envelope whose codes are all definite (every
//     code but those in [UnknownOutcomeCodes]: WebDelivery checked the
//     request and said no);
//   - unknown, an *UnknownStateError (errors.Is ErrStateUnknown): anything
//     that does not prove the order was not made — a transport error once
//     the request may have been sent, a time-out, a cut or unreadable
//     body, a 5xx, or an "Err" envelope with DLW-0023 (WebDelivery passed
//     the order to RK7 and got no answer: RK7 may have created it). Look
//     the order up (Order) before sending it again.
package webdelivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/clock"
	"github.com/rkcart/rkcart/internal/origin"
	"github.com/rkcart/rkcart/internal/retry"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// Options configure a Client. Zero fields take the defaults.
type Options struct {
	BaseURL string // e.g. "https://host/api/v1/"; required
	SID     string // the session id, sent in the sid header
	// AllowHTTP accepts a plain http:// BaseURL to a host that is not
	// loopback (the session id then crosses the network in clear text).
	AllowHTTP  bool
	HTTPClient *http.Client  // nil: http.DefaultClient; redirects are pinned to the base URL's origin either way
	Timeout    time.Duration // per attempt; default 15 s
	Retries    int           // retries of a retryable call; default 3, negative: none
	Backoff    time.Duration // first retry delay, doubled each time, with jitter; default 300 ms
	MaxBackoff time.Duration // default 5 s
	// Sleep waits between retries (nil: a timer that ends early with the
	// context); Jitter returns a factor in [0.5, 1.5) (nil: random). Both
	// are for tests.
	Sleep  func(ctx context.Context, d time.Duration) error
	Jitter func() float64
	// RequestsPerSecond paces every request of the client, whoever makes
	// it (one token bucket per upstream, burst 1: requests at least
	// 1/RequestsPerSecond apart); 0: no pacing. A POS test object may
	// allow only 5 requests a minute.
	RequestsPerSecond float64
	// Now is the pacing's clock (nil: time.Now); Sleep waits for a turn.
	Now func() time.Time
}

// Client calls one WebDelivery server. It is safe for concurrent use.
type Client struct {
	o    Options
	base *url.URL
	pace pacer
}

// notSentError is a call that ended before its request was sent.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return "webdelivery: not sent: " + e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// pacer spaces requests at least every apart (a token bucket with a
// burst of one): each request reserves the next free slot.
type pacer struct {
	mu    sync.Mutex
	every time.Duration
	next  time.Time
}

// wait blocks until the caller's slot (at once when pacing is off).
func (cl *Client) wait(ctx context.Context) error {
	p := &cl.pace
	if p.every <= 0 {
		return nil
	}
	p.mu.Lock()
	now := cl.o.Now()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	p.next = at.Add(p.every)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return cl.o.Sleep(ctx, d)
	}
	return nil
}

// New checks o and returns a client.
//
// It returns an error if BaseURL is not an absolute http(s) URL, or is
// plain http:// to a host that is not loopback without AllowHTTP, or
// RequestsPerSecond is negative or not finite.
func New(o Options) (*Client, error) {
	u, err := origin.CheckBase("webdelivery", o.BaseURL, o.AllowHTTP)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	o.HTTPClient = origin.Pin(o.HTTPClient)
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = 300 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	if o.Jitter == nil {
		o.Jitter = func() float64 { return 0.5 + rand.Float64() }
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if !(o.RequestsPerSecond >= 0) || math.IsInf(o.RequestsPerSecond, 0) {
		return nil, fmt.Errorf("webdelivery: RequestsPerSecond %v is not a rate", o.RequestsPerSecond)
	}
	cl := &Client{o: o, base: u}
	if o.RequestsPerSecond > 0 {
		cl.pace.every = time.Duration(float64(time.Second) / o.RequestsPerSecond)
	}
	return cl, nil
}

var (
	// ErrStateUnknown is wrapped by *UnknownStateError.
	ErrStateUnknown = errors.New("webdelivery: the order's state is unknown")
	// ErrHTTP is wrapped by *HTTPError.
	ErrHTTP = errors.New("webdelivery: HTTP error")
	// ErrRedirect is wrapped by the error of a call whose answer was a
	// redirect the client refused to follow (another origin, or a POST).
	ErrRedirect = origin.ErrRedirect
)

// UnknownOutcomeCodes are the "Err" envelope codes that do not prove a
// write was refused: DLW-0023, "Not answer from WS", means WebDelivery
// handed the request to RK7 and got no answer, so RK7 may have acted on
// it. Every other code is WebDelivery's own refusal.
var UnknownOutcomeCodes = []string{"DLW-0023"}

// UnknownOutcome reports whether an "Err" envelope with these error codes
// leaves a write's outcome unknown (one of UnknownOutcomeCodes is among
// them): the rule of the client's writes and of the gateway's.
func UnknownOutcome(codes ...string) bool {
	for _, c := range codes {
		if slices.Contains(UnknownOutcomeCodes, c) {
			return true
		}
	}
	return false
}

// unknownOutcome is UnknownOutcome for a decoded envelope.
func unknownOutcome(ae *document.APIError) bool {
	for _, it := range ae.Errors {
		if UnknownOutcome(it.Code) {
			return true
		}
	}
	return false
}

// HTTPError is an answer with a non-2xx status.
type HTTPError struct {
	Method, Path string
	Status       int
	Body         string // the first 512 bytes
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("webdelivery: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Body)
}

func (e *HTTPError) Unwrap() error { return ErrHTTP }

// UnknownStateError is an order-creating or paying call whose answer was
// lost: the server may have acted on it. Err is what happened.
type UnknownStateError struct {
	Call string // "savedeliveryorder", "payment"
	Err  error
}

func (e *UnknownStateError) Error() string {
	return fmt.Sprintf("webdelivery: %s: no answer (%v); the order may exist: look it up before sending again", e.Call, e.Err)
}

func (e *UnknownStateError) Unwrap() []error { return []error{ErrStateUnknown, e.Err} }

// Retryable reports whether err is one the client would retry for a read:
// a transport error, an attempt's time-out (context.DeadlineExceeded; the
// client stops anyway when the caller's own context is done), HTTP 429 or
// 5xx, or the DLW-0023 envelope. A refused redirect and a cancelled
// context are not.
func Retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status == http.StatusTooManyRequests || he.Status >= 500
	}
	var ae *document.APIError
	if errors.As(err, &ae) {
		return unknownOutcome(ae)
	}
	var de *document.Error
	if errors.As(err, &de) || errors.Is(err, ErrRedirect) || errors.Is(err, context.Canceled) {
		return false
	}
	return err != nil // a transport error or an attempt's time-out
}

// call is one request: method, path (with query) and body; kind is the
// answer's document kind, for its size limit.
type call struct {
	method, path string
	body         []byte
	kind         document.Kind
}

// do sends c once and returns the answer's body (2xx only).
func (cl *Client) do(ctx context.Context, c call) ([]byte, error) {
	if err := cl.wait(ctx); err != nil {
		return nil, &notSentError{err} // ended while waiting its turn: nothing left the host
	}
	ctx, cancel := context.WithTimeout(ctx, cl.o.Timeout)
	defer cancel()
	u := cl.base.ResolveReference(&url.URL{Path: strings.SplitN(c.path, "?", 2)[0]})
	if _, q, ok := strings.Cut(c.path, "?"); ok {
		u.RawQuery = q
	}
	var body io.Reader
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("sid", cl.o.SID)
	req.Header.Set("Accept", "application/json")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := cl.o.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("webdelivery: %s %s: %w", c.method, c.path, err)
	}
	defer res.Body.Close()
	data, err := document.Read(res.Body, c.kind, 0)
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 != 2 {
		return nil, &HTTPError{Method: c.method, Path: c.path, Status: res.StatusCode, Body: string(data[:min(len(data), 512)])}
	}
	return data, nil
}

// retried runs attempt until it succeeds, fails for good, or the retries
// or the context run out. decode turns the body into the answer (an "Err"
// envelope becomes its error there, so DLW-0023 is retried too).
func (cl *Client) retried(ctx context.Context, c call, decode func([]byte) error) error {
	p := retry.Policy{Retries: cl.o.Retries, Backoff: cl.o.Backoff, MaxBackoff: cl.o.MaxBackoff, Jitter: cl.o.Jitter, Sleep: cl.o.Sleep}
	return p.Do(ctx, func() (bool, error) {
		data, err := cl.do(ctx, c)
		if err == nil {
			err = decode(data)
		}
		return Retryable(err), err
	})
}

// once runs an order-creating call: no retry, and a lost answer is an
// *UnknownStateError.
func (cl *Client) once(ctx context.Context, name string, c call, decode func([]byte) error) error {
	data, err := cl.do(ctx, c)
	if err != nil {
		var he *HTTPError
		if errors.As(err, &he) && he.Status < 500 {
			return err // refused, for sure
		}
		if errors.Is(err, ErrRedirect) {
			return err // not followed: the server did not act on it
		}
		var ns *notSentError
		if errors.As(err, &ns) {
			return err // never sent: nothing can exist
		}
		return &UnknownStateError{Call: name, Err: err} // lost, cut, too large, or a 5xx from who knows where
	}
	if err := decode(data); err != nil {
		var ae *document.APIError
		if errors.As(err, &ae) && !unknownOutcome(ae) {
			return err // WebDelivery said no
		}
		return &UnknownStateError{Call: name, Err: err} // RK7 did not answer, or an answer we cannot read
	}
	return nil
}

func q(k string, v any) string { return k + "=" + url.QueryEscape(fmt.Sprint(v)) }

// Rests reads the restaurants of a corporation (GET rests?corpid=) and
// returns object's as a menu.Restaurant (amounts in roubles ×100, as
// menu.LoadRestaurant reads them; object 0: the corporation's only one)
// with the answer as sent (every restaurant: menu.SplitRestaurants).
//
// It fails as the reads do, and with menu.LoadRestaurant's error when the
// answer has no restaurant object, or several and object is 0.
func (cl *Client) Rests(ctx context.Context, corpID int64, object menu.ID) (menu.Restaurant, []byte, error) {
	var r menu.Restaurant
	var raw []byte
	err := cl.retried(ctx, call{"GET", "rests?" + q("corpid", corpID), nil, document.Restaurant}, func(b []byte) error {
		var err error
		r, err = menu.LoadRestaurant(b, menu.RestaurantOptions{ObjectID: object})
		raw = b
		return err
	})
	return r, raw, err
}

// Restaurants reads every restaurant of a corporation (GET
// rests?corpid=), each with its bytes (menu.SingleRests makes a file of
// one), and the answer as sent.
//
// It fails as the reads do, and with menu.SplitRestaurants' error for an
// answer that is not a rests response.
func (cl *Client) Restaurants(ctx context.Context, corpID int64) ([]menu.RawRestaurant, []byte, error) {
	var parts []menu.RawRestaurant
	var raw []byte
	err := cl.retried(ctx, call{"GET", "rests?" + q("corpid", corpID), nil, document.Restaurant}, func(b []byte) error {
		var err error
		parts, err = menu.SplitRestaurants(b)
		raw = b
		return err
	})
	return parts, raw, err
}

// RestsQuery is the body of rests by address (POST rests).
type RestsQuery struct {
	Address       string `json:"address"`
	Lat           string `json:"lat,omitempty"`
	Lon           string `json:"lon,omitempty"`
	CorpID        int64  `json:"corpid"`
	DefaultObject int64  `json:"default_object"`
}

// RestsByAddress finds the restaurant delivering to an address (POST
// rests); it only reads, so it is retried like a GET.
func (cl *Client) RestsByAddress(ctx context.Context, rq RestsQuery) (menu.Restaurant, []byte, error) {
	body, err := jsonBody(rq)
	if err != nil {
		return menu.Restaurant{}, nil, err
	}
	var r menu.Restaurant
	var raw []byte
	err = cl.retried(ctx, call{"POST", "rests", body, document.Restaurant}, func(b []byte) error {
		var err error
		r, err = menu.LoadRestaurant(b, menu.RestaurantOptions{})
		raw = b
		return err
	})
	return r, raw, err
}

// Dishes reads the menu of an object (GET dishes?objectid=&lang=) and
// compiles it; it returns the answer as sent too (to hash or store).
func (cl *Client) Dishes(ctx context.Context, objectID menu.ID, lang string) (*menu.Menu, []byte, error) {
	var m *menu.Menu
	var raw []byte
	err := cl.retried(ctx, call{"GET", "dishes?" + q("objectid", objectID) + "&" + q("lang", lang), nil, document.Menu}, func(b []byte) error {
		var err error
		m, err = menu.Load(b, menu.Options{})
		raw = b
		return err
	})
	return m, raw, err
}

// DishesDocument reads the menu of an object (GET dishes?objectid=&lang=)
// as sent, checking only its envelope (an "Err" answer is its error, and
// DLW-0023 is retried): the caller compiles it when it needs to — the
// syncer does, with menu.LoadObject, only when the content changed.
func (cl *Client) DishesDocument(ctx context.Context, objectID menu.ID, lang string) ([]byte, error) {
	var raw []byte
	err := cl.retried(ctx, call{"GET", "dishes?" + q("objectid", objectID) + "&" + q("lang", lang), nil, document.Menu}, func(b []byte) error {
		raw = b
		return checkEnvelope(document.Menu, b)
	})
	return raw, err
}

// MenuTree reads the categories of an object (GET menutree).
func (cl *Client) MenuTree(ctx context.Context, objectID menu.ID, lang string) ([]menu.Selector, []byte, error) {
	var s []menu.Selector
	var raw []byte
	err := cl.retried(ctx, call{"GET", "menutree?" + q("objectid", objectID) + "&" + q("lang", lang), nil, document.MenuTree}, func(b []byte) error {
		var err error
		s, err = menu.LoadTree(b, menu.Options{})
		raw = b
		return err
	})
	return s, raw, err
}

// Currency reads the object's currencies (GET Currency?objectId=).
func (cl *Client) Currency(ctx context.Context, objectID menu.ID) ([]menu.Currency, error) {
	var out []menu.Currency
	err := cl.retried(ctx, call{"GET", "Currency?" + q("objectId", objectID), nil, document.Currencies}, func(b []byte) error {
		var err error
		out, err = menu.LoadCurrencies(b, menu.Options{})
		return err
	})
	return out, err
}

// Order reads an order (GET Order?objectId=&visitId=).
func (cl *Client) Order(ctx context.Context, objectID menu.ID, visitID string) (pos.OrderResponse, error) {
	var out pos.OrderResponse
	err := cl.retried(ctx, call{"GET", "Order?" + q("objectId", objectID) + "&" + q("visitId", visitID), nil, document.OrderResponse}, func(b []byte) error {
		var err error
		out, err = pos.DecodeOrderResponse(b)
		return err
	})
	return out, err
}

// Courier reads an order's delivery state (GET courier?objectId=&visitId=).
func (cl *Client) Courier(ctx context.Context, objectID menu.ID, visitID string) (pos.Courier, error) {
	var out pos.Courier
	err := cl.retried(ctx, call{"GET", "courier?" + q("objectId", objectID) + "&" + q("visitId", visitID), nil, document.CourierResponse}, func(b []byte) error {
		var err error
		out, err = pos.DecodeCourier(b)
		return err
	})
	return out, err
}

// CalcOrder asks the amount to pay per currency for a priced cart (POST
// CalcOrder, the body pos.EmitCalcOrder writes). It only calculates, so it
// is retried like a read.
//
// It returns pos's errors when the cart is refused or the result is not
// its own, before sending anything.
func (cl *Client) CalcOrder(ctx context.Context, c *engine.Cart, r engine.Result, o pos.EmitOptions) ([]pos.CurrencyAmount, error) {
	req, err := pos.EmitCalcOrder(c, r, o)
	if err != nil {
		return nil, err
	}
	var out []pos.CurrencyAmount
	err = cl.retried(ctx, call{req.Method, req.URL(), req.Body, document.CalcResponse}, func(b []byte) error {
		var err error
		out, err = pos.DecodeCalcOrderResponse(b)
		return err
	})
	return out, err
}

// SaveDeliveryOrder creates the order (POST savedeliveryorder, the body
// pos.EmitSaveDeliveryOrder writes, for a new or an existing customer). It
// is never retried: a lost answer is an *UnknownStateError.
//
// It returns pos's errors when the cart is refused or the result is not
// its own, before sending anything.
func (cl *Client) SaveDeliveryOrder(ctx context.Context, c *engine.Cart, r engine.Result, o pos.EmitOptions) (pos.OrderResponse, error) {
	req, err := pos.EmitSaveDeliveryOrder(c, r, o)
	if err != nil {
		return pos.OrderResponse{}, err
	}
	var out pos.OrderResponse
	err = cl.once(ctx, "savedeliveryorder", call{req.Method, req.URL(), req.Body, document.OrderResponse}, func(b []byte) error {
		var err error
		out, err = pos.DecodeOrderResponse(b)
		return err
	})
	return out, err
}

// Payment posts payments for an order (POST payment, the body
// pos.EmitPayment writes). It is never retried: a lost answer is an
// *UnknownStateError.
func (cl *Client) Payment(ctx context.Context, p pos.Payment) error {
	req, err := pos.EmitPayment(p)
	if err != nil {
		return err
	}
	return cl.once(ctx, "payment", call{req.Method, req.URL(), req.Body, document.OrderResponse}, func(b []byte) error {
		return checkEnvelope(document.OrderResponse, b)
	})
}

// checkEnvelope reads an answer of kind k only as far as its status (the
// data is not needed, or is read by the caller later).
func checkEnvelope(k document.Kind, b []byte) error {
	var env struct {
		Status    string `json:"status"`
		RequestID string `json:"requestId"`
		Errors    []struct {
			Code, Text, Details string
		} `json:"errors"`
	}
	if err := jsonUnmarshal(b, &env); err != nil {
		return &document.Error{Kind: k, Msg: err.Error()}
	}
	items := make([]document.APIErrorItem, len(env.Errors))
	for i, e := range env.Errors {
		items[i] = document.APIErrorItem{Code: e.Code, Text: e.Text, Details: e.Details}
	}
	return document.CheckStatus(env.Status, env.RequestID, items)
}
