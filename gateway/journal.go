package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
)

// journalEntry is one line of the journal: one write exchange (or a
// CalcOrder), with personal data redacted before it is written.
type journalEntry struct {
	Time        time.Time `json:"time"`
	Call        string    `json:"call"`
	Mode        string    `json:"mode"`
	Object      int64     `json:"object,omitempty"`
	Key         string    `json:"key,omitempty"`
	Derived     bool      `json:"derived_key,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	MenuVersion string    `json:"menu_version,omitempty"`
	Local       *local    `json:"local,omitempty"`
	// Outcome: done, replayed, unknown, not_sent, refused_locally,
	// failed_closed, in_progress, key_reused, store_down.
	Outcome        string              `json:"outcome"`
	Reason         string              `json:"reason,omitempty"`
	Upstream       *upstreamResult     `json:"upstream,omitempty"`
	Reconciliation *pos.Reconciliation `json:"reconciliation,omitempty"`
	// Agreement: agree, pos_accepted_refused, pos_refused_valid,
	// price_differs, unjudged.
	Agreement string          `json:"agreement,omitempty"`
	LatencyMS float64         `json:"latency_ms"`
	Cart      json.RawMessage `json:"cart,omitempty"`   // redacted
	Answer    json.RawMessage `json:"answer,omitempty"` // the upstream's, when it differs from the local verdict
}

// local is the local verdict.
type local struct {
	Verdict string        `json:"verdict"` // valid, refused, unjudged, bad_cart
	Codes   []string      `json:"codes"`   // of the blocking violations
	Total   money.Kopecks `json:"total"`
}

// upstreamResult is what the upstream answered.
type upstreamResult struct {
	Status   int           `json:"status"`
	Accepted bool          `json:"accepted"`
	Codes    []string      `json:"codes,omitempty"`
	OrderSum money.Kopecks `json:"order_sum,omitempty"`
}

func upstreamOf(a *answer) *upstreamResult {
	u := &upstreamResult{Status: a.status}
	if e, ok := a.envelopeOf(); ok {
		u.Accepted = a.status/100 == 2 && e.ok()
		u.Codes = e.codes()
		if n, err := e.Data.OrderSum.Int64(); err == nil {
			u.OrderSum = money.Kopecks(n)
		}
	}
	return u
}

// into writes the verdict into the entry.
func (v verdict) into(e *journalEntry) {
	if !v.cartCall {
		return
	}
	e.Object, e.MenuVersion = v.object, v.version
	if v.cart != nil {
		e.Fingerprint = fmt.Sprintf("%016x", v.fingerprint)
	}
	l := &local{Verdict: v.name(), Codes: []string{}}
	if v.judged {
		for _, vi := range v.blocking() {
			l.Codes = append(l.Codes, vi.Code)
		}
		l.Total = v.res.Subtotal
	}
	e.Local = l
}

// journal writes entries as JSON lines, one at a time.
type journal struct {
	mu   sync.Mutex
	w    io.Writer
	salt []byte
}

func (g *Gateway) journalWrite(e *journalEntry) {
	if g.journal == nil {
		return
	}
	e.Time = g.o.Now().UTC()
	if e.Cart != nil {
		e.Cart = redact(e.Cart, g.journal.salt)
	}
	if e.Answer != nil {
		e.Answer = redact(e.Answer, g.journal.salt)
	}
	b, err := json.Marshal(e)
	if err != nil {
		g.o.Logger.Error("gateway: journal", "err", err)
		return
	}
	g.journal.mu.Lock()
	defer g.journal.mu.Unlock()
	if _, err := g.journal.w.Write(append(b, '\n')); err != nil {
		g.o.Logger.Error("gateway: journal", "err", err)
	}
}

// personal are the members whose values are personal data wherever they
// are: the client and address blocks, the comment, and names, phones and
// e-mails under any parent.
var personal = map[string]bool{"client": true, "address": true, "comment": true, "phone": true, "email": true,
	"name": true, "ln": true, "fn": true, "mn": true, "first_name": true, "last_name": true, "middle_name": true,
	"lastName": true, "firstName": true, "street": true, "house": true, "apartments": true, "lat": true, "lon": true}

// redact replaces every string and number inside a personal member by a
// keyed hash of it that keeps its shape: the digits of a phone stay
// digits (a well-formed phone stays well-formed, so the cart re-prices
// the same), other strings become "~" and twelve hex digits, empty stays
// empty. The sid is never in a body. A body that is not JSON is dropped.
func redact(raw []byte, salt []byte) json.RawMessage {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	out, err := json.Marshal(redactValue(v, false, "", salt))
	if err != nil {
		return nil
	}
	return out
}

func redactValue(v any, inside bool, member string, salt []byte) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = redactValue(x, inside || personal[k], k, salt)
		}
		return t
	case []any:
		for i, x := range t {
			t[i] = redactValue(x, inside, member, salt)
		}
		return t
	case string:
		if !inside || t == "" {
			return t
		}
		return pseudonym(t, member, salt)
	case float64:
		if inside {
			return 0
		}
		return t
	}
	return v
}

// pseudonym is a keyed hash of s that keeps what the engine checks of
// it: a well-formed phone keeps every non-digit, its leading digit and
// its length (each other digit becomes a digit of the hash); a
// well-formed e-mail becomes another (h…@redacted.invalid); anything
// else becomes "~" and twelve hex digits, which is neither.
func pseudonym(s, member string, salt []byte) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(s))
	sum := m.Sum(nil)
	h := hex.EncodeToString(sum[:6])
	switch {
	case member == "phone" && engine.WellFormedPhone(s):
		b := []byte(s)
		first := true
		for i, c := range b {
			if c >= '0' && c <= '9' {
				if !first {
					b[i] = '0' + sum[i%len(sum)]%10
				}
				first = false
			}
		}
		return string(b)
	case member == "email" && engine.WellFormedEmail(s):
		return "h" + h + "@redacted.invalid"
	}
	return "~" + h
}
