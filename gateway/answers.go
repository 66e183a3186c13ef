package gateway

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Codes of the gateway's own answers, in the WebDelivery envelope's
// errors[] (a WebDelivery client reads them like the POS's own).
const (
	// CodeStateUnknown: the write may or may not have been acted on; the
	// key is held until resolved (HTTP 502).
	CodeStateUnknown = "RKCART-STATE-UNKNOWN"
	// CodeNotSent: the upstream could not be reached; nothing was sent
	// and the key is free again (HTTP 502).
	CodeNotSent = "RKCART-NOT-SENT"
	// CodeStoreDown: the store does not answer; nothing was sent (HTTP 503
	// with Retry-After).
	CodeStoreDown = "RKCART-STORE-DOWN"
	// CodeNoMenu: the cart cannot be judged and the gateway fails closed
	// (HTTP 503 with Retry-After).
	CodeNoMenu = "RKCART-NO-MENU"
	// CodeInProgress: another request with this key is still being sent
	// (HTTP 409 with Retry-After).
	CodeInProgress = "RKCART-IN-PROGRESS"
	// CodeKeyReused: the key was used for another request (HTTP 422).
	CodeKeyReused = "RKCART-KEY-REUSED"
	// CodeBadKey: an Idempotency-Key that is empty, longer than 255
	// bytes or not printable ASCII (HTTP 400).
	CodeBadKey = "RKCART-BAD-KEY"
	// CodeBadCart: in enforce, a cart body that cannot be read as a cart.
	CodeBadCart = "RKCART-BAD-CART"
	// CodeTooLarge, CodeBodyTimeout, CodeBadRequest: a body over the cap
	// (413), too slow (408), unreadable (400).
	CodeTooLarge    = "RKCART-TOO-LARGE"
	CodeBodyTimeout = "RKCART-BODY-TIMEOUT"
	CodeBadRequest  = "RKCART-BAD-REQUEST"
)

// apiError is one entry of errors[]; Path is set for violations.
type apiError struct {
	Code    string `json:"code"`
	Text    string `json:"text"`
	Details string `json:"details,omitempty"`
	Path    string `json:"path,omitempty"`
}

// errEnvelope is the body of the gateway's own Err answers.
func (g *Gateway) errEnvelope(errs []apiError) []byte {
	var id [16]byte
	_, _ = rand.Read(id[:])
	b, _ := json.Marshal(map[string]any{"status": "Err", "errors": errs, "ver": "rkcart-gateway",
		"timestamp": g.o.Now().Format("2006-01-02T15:04:05"), "requestId": hex.EncodeToString(id[:])})
	return b
}

// errAnswer writes one error of the gateway's own.
func (g *Gateway) errAnswer(w http.ResponseWriter, status int, code, text, details string) {
	g.errorsAnswer(w, status, []apiError{{Code: code, Text: text, Details: details}})
}

func (g *Gateway) errorsAnswer(w http.ResponseWriter, status int, errs []apiError) {
	switch status {
	case http.StatusServiceUnavailable, http.StatusConflict, http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(g.retryAfter()/time.Second))))
	}
	writeBody(w, status, g.errEnvelope(errs))
}

func (g *Gateway) retryAfter() time.Duration { return 2 * time.Second }

func writeBody(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"cannot write the answer"}`)
	}
	writeBody(w, status, append(b, '\n'))
}

// upstreamFailed answers a call that got no usable answer and is not a
// keyed write: 503 when the store failed (nothing sent), 502 otherwise.
func (g *Gateway) upstreamFailed(w http.ResponseWriter, err error) {
	var ns *notSentError
	switch {
	case isStoreDown(err):
		g.errAnswer(w, http.StatusServiceUnavailable, CodeStoreDown, "the gateway's store does not answer; nothing was sent", "")
	case asNotSent(err, &ns):
		g.errAnswer(w, http.StatusBadGateway, CodeNotSent, "the upstream could not be reached; nothing was sent", ns.Error())
	default:
		g.errAnswer(w, http.StatusBadGateway, "RKCART-UPSTREAM", "the upstream's answer was lost", err.Error())
	}
}
