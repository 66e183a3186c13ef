package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/httpbody"
	"github.com/rkcart/rkcart/webdelivery"
)

// Calls the gateway knows; every other path under the base path is
// forwarded as it is.
const (
	callSave      = "savedeliveryorder"
	callCalc      = "CalcOrder"
	callPayment   = "payment"
	callPostOrder = "postorder"       // postorder/<objectid>
	callPaid      = "postorder/payed" // postorder/payed/<objectid>/<visitid>
)

// reads are cached (GET only).
var cachedReads = []string{"rests", "dishes", "menutree", "Currency"}

// callOf names the call of a path relative to the base path.
func callOf(method, rel string) string {
	switch {
	case strings.HasPrefix(rel, "postorder/payed/"):
		return callPaid
	case strings.HasPrefix(rel, "postorder/"):
		return callPostOrder
	}
	return rel
}

func isWrite(call string) bool {
	return call == callSave || call == callPayment || call == callPostOrder || call == callPaid
}

// maxAnswer caps an upstream answer (the largest document kind: a menu).
var maxAnswer = document.Menu.MaxBytes()

func (g *Gateway) serveAPI(w http.ResponseWriter, r *http.Request) {
	start := g.o.Now()
	rel := strings.TrimPrefix(r.URL.Path, g.o.BasePath)
	call := callOf(r.Method, rel)
	defer func() { g.metrics.latency.WithLabelValues(metricCall(call)).Observe(g.o.Now().Sub(start).Seconds()) }()
	w.Header().Set("Rkcart-Gateway", g.o.Mode.String())
	if r.ContentLength > g.o.MaxBody {
		g.tooLarge(w, r, r.ContentLength, g.o.MaxBody)
		return
	}
	var body []byte
	if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
		var over bool
		var err error
		body, over, err = httpbody.Read(w, r, document.Request, g.o.MaxBody, g.o.Body)
		switch {
		case over:
			g.tooLarge(w, r, -1, g.o.MaxBody)
			return
		case err != nil:
			w.Header().Set("Connection", "close")
			if httpbody.Slow(err) {
				g.errAnswer(w, http.StatusRequestTimeout, CodeBodyTimeout, "the body came too slowly", err.Error())
				return
			}
			g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "the body cannot be read", err.Error())
			return
		}
	}
	g.versionHeader(w, r)
	ex := &exchange{g: g, r: r, w: w, rel: rel, call: call, body: body, start: start}
	switch {
	case r.Method == http.MethodGet && slices.Contains(cachedReads, call):
		g.read(ex)
	case r.Method == http.MethodPost && isWrite(call):
		g.write(ex)
	case r.Method == http.MethodPost && call == callCalc:
		g.calc(ex)
	default:
		ans, err := g.forward(r.Context(), ex)
		if err != nil {
			g.upstreamFailed(w, err)
			return
		}
		g.metrics.forwarded.WithLabelValues(metricCall(call)).Inc()
		ans.write(w)
	}
}

// exchange is one request being served.
type exchange struct {
	g     *Gateway
	r     *http.Request
	w     http.ResponseWriter
	rel   string // path under the base path
	call  string
	body  []byte
	start time.Time
}

func (g *Gateway) tooLarge(w http.ResponseWriter, r *http.Request, size, limit int64) {
	detail := fmt.Sprintf("the body is over the limit of %d bytes", limit)
	if size > 0 {
		detail = fmt.Sprintf("the declared body of %d bytes is over the limit of %d bytes", size, limit)
	}
	httpbody.Refuse(w, r, g.o.Body, func(w http.ResponseWriter) {
		g.errAnswer(w, http.StatusRequestEntityTooLarge, CodeTooLarge, "the body is too large", detail)
	})
}

// answer is an upstream's answer as the gateway passes it on.
type answer struct {
	status int
	header http.Header
	body   []byte
	env    *envelope // decoded once, on first use (envelopeOf)
}

// envelopeOf decodes a's envelope once.
func (a *answer) envelopeOf() (envelope, bool) {
	if a.env == nil {
		e, ok := readEnvelope(a.body)
		if !ok {
			return envelope{}, false
		}
		a.env = &e
	}
	return *a.env, true
}

func (a answer) write(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// hopHeaders are not forwarded either way (RFC 9110 7.6.1), nor the
// Idempotency-Key: the gateway keeps it, and Go's transport re-sends a
// request carrying one on a connection that broke — a write it must send
// at most once.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer",
	"Transfer-Encoding", "Upgrade", "Proxy-Connection", "Idempotency-Key", "Content-Length", "Accept-Encoding", "Content-Encoding", "Host"}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		if !slices.Contains(hopHeaders, http.CanonicalHeaderKey(k)) {
			dst[k] = slices.Clone(v)
		}
	}
}

// notSentError is a call that never left the gateway: nothing can exist.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return "not sent: " + e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// errStoreDown is the store failing where the gateway needs it.
var errStoreDown = errors.New("gateway: the store does not answer")

// forward sends the request upstream once (after its turn in the rate
// limit) and reads the answer. Its error is a *notSentError when nothing
// left the gateway, errStoreDown (wrapped) when the rate limit could not
// be read, and otherwise a transport or read error: the request may have
// arrived.
func (g *Gateway) forward(ctx context.Context, ex *exchange) (answer, error) {
	return g.send(ctx, ex.r.Method, ex.rel, ex.r.URL.RawQuery, ex.r.Header, ex.body)
}

func (g *Gateway) send(ctx context.Context, method, rel, rawQuery string, h http.Header, body []byte) (answer, error) {
	if g.o.Rate > 0 {
		every := time.Duration(float64(time.Second) / g.o.Rate)
		wait, err := g.o.Store.Take(ctx, g.upstream.Host, every, g.o.Burst)
		if err != nil {
			return answer{}, &notSentError{fmt.Errorf("%w: %v", errStoreDown, err)}
		}
		if wait > g.o.Timeout { // a turn that far away is refused: the key's lease covers one wait of Timeout
			return answer{}, &notSentError{fmt.Errorf("the upstream's rate limit has no turn within %v", g.o.Timeout)}
		}
		if wait > 0 {
			g.metrics.paced.Add(wait.Seconds())
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return answer{}, &notSentError{ctx.Err()}
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, g.o.Timeout)
	defer cancel()
	u := *g.upstream
	u.Path += rel
	u.RawPath = ""
	u.RawQuery = rawQuery
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var wrote atomic.Bool // set on the transport's goroutine
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }})
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return answer{}, &notSentError{err}
	}
	copyHeader(req.Header, h)
	g.metrics.upstream.WithLabelValues(metricCall(callOf(method, rel))).Inc()
	res, err := g.client.Do(req)
	if err != nil {
		if !wrote.Load() {
			return answer{}, &notSentError{err}
		}
		return answer{}, err
	}
	defer res.Body.Close()
	data, err := document.Read(res.Body, document.Menu, maxAnswer)
	if err != nil {
		return answer{}, fmt.Errorf("the answer was cut or unreadable: %w", err)
	}
	a := answer{status: res.StatusCode, header: http.Header{}, body: data}
	copyHeader(a.header, res.Header)
	return a, nil
}

// envelope is what the gateway reads of an answer, in one decoding:
// WebDelivery's status and error codes, or the UCS endpoint's success,
// and the order_sum of an order's answer.
type envelope struct {
	Status  string `json:"status"`
	Success *bool  `json:"success"`
	Errors  []struct {
		Code string `json:"code"`
	} `json:"errors"`
	Data struct {
		OrderSum json.Number `json:"order_sum"`
	} `json:"data"`
}

func readEnvelope(body []byte) (envelope, bool) {
	var e envelope
	if err := json.Unmarshal(body, &e); err != nil {
		// A data that is not an object (Currency's array) is a type error
		// the decoder reports after filling the rest: status is read.
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			return envelope{}, false
		}
	}
	return e, true
}

// codes are the envelope's error codes.
func (e envelope) codes() []string {
	out := make([]string, 0, len(e.Errors))
	for _, it := range e.Errors {
		out = append(out, it.Code)
	}
	return out
}

// ok reports a success: "status":"Ok" (any case) or "success":true.
func (e envelope) ok() bool {
	return strings.EqualFold(e.Status, "Ok") || e.Success != nil && *e.Success
}

// writeOutcome tells what an upstream answer proves about a write: "" when
// it is definite (done or refused), or why its outcome is unknown — the
// rules of webdelivery.Client's writes.
func writeOutcome(a *answer) string {
	switch {
	case a.status >= 500:
		return fmt.Sprintf("the upstream answered HTTP %d: a 5xx does not prove the order was not made", a.status)
	case a.status >= 300:
		return "" // a redirect (not followed) or a 4xx: refused
	}
	e, ok := a.envelopeOf()
	if !ok {
		return "the answer is not JSON"
	}
	if codes := e.codes(); webdelivery.UnknownOutcome(codes...) {
		return strings.Join(codes, ", ") + ": WebDelivery passed the order on and got no answer; it may exist"
	}
	if e.Status == "" && e.Success == nil {
		return "the answer has neither status nor success"
	}
	return ""
}
