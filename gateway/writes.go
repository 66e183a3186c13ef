package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// write serves savedeliveryorder, payment and the UCS postorder calls:
// the cart is judged (savedeliveryorder, postorder), its key looked up,
// and the write sent upstream at most once.
func (g *Gateway) write(ex *exchange) {
	v := g.judgeIfCart(ex)
	key, derived, bad := g.keyOf(ex, v)
	if bad != "" {
		g.errAnswer(ex.w, http.StatusBadRequest, CodeBadKey, "the Idempotency-Key cannot be used", bad)
		return
	}
	entry := journalEntry{Call: ex.call, Key: key, Derived: derived, Mode: g.o.Mode.String()}
	v.into(&entry)
	if v.cartCall {
		entry.Cart = ex.body
	}
	if key == "" {
		g.writeOnce(ex, v, &entry)
		return
	}
	skey := g.scope(ex.r.Header.Get("sid")) + "/" + key
	dg := digest(ex.r.Method, ex.rel, ex.r.URL.RawQuery, ex.body)
	if derived {
		dg = key // what derived it is the request's identity: the same order, replayed
	}
	ctx := context.WithoutCancel(ex.r.Context()) // the store's answer matters even if the caller left
	if g.wouldRefuse(v) {
		// A key already used is answered as it was, whatever the cart's
		// verdict is now; otherwise the refusal records nothing: the POS
		// was not called, and the key stays free.
		rec, found, err := g.o.Store.Get(ctx, skey)
		switch {
		case err != nil:
			g.storeDown(ex, &entry, err)
		case found:
			g.existing(ex, skey, dg, rec, &entry)
		default:
			g.refuse(ex, v, &entry)
		}
		return
	}
	if !v.judged && v.cartCall {
		g.refuse(ex, v, &entry) // counts the unjudged cart, forwarded (fail open)
	}
	now := g.o.Now()
	pending := Record{State: Pending, Digest: dg, Owner: g.owner, Lease: now.Add(g.lease()).UTC(), At: now.UTC(),
		Call: ex.call, Object: v.object}
	ttl := g.o.KeyTTL
	if derived {
		ttl = g.o.DeriveWindow
	}
	cur, claimed, err := g.o.Store.Claim(ctx, skey, pending, ttl)
	switch {
	case err != nil:
		g.storeDown(ex, &entry, err)
		return
	case !claimed:
		g.existing(ex, skey, dg, cur, &entry)
		return
	}
	a, err := g.forward(ctx, ex) // detached: a caller that hangs up does not cancel the write
	entry.LatencyMS = ms(g.o.Now().Sub(ex.start))
	var ns *notSentError
	switch {
	case asNotSent(err, &ns):
		// Nothing left the gateway: free the key so that a retry sends it.
		if ok, derr := g.o.Store.Delete(ctx, skey, pending); derr != nil || !ok {
			g.o.Logger.Warn("gateway: a key of a write never sent stays pending until its lease ends", "key", key, "err", derr)
		}
		entry.Outcome = "not_sent"
		g.journalWrite(&entry)
		g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "not_sent").Inc()
		g.upstreamFailed(ex.w, err)
		return
	case err != nil:
		g.markUnknown(ex, skey, pending, err.Error(), &entry)
		return
	}
	if reason := writeOutcome(&a); reason != "" {
		g.markUnknown(ex, skey, pending, reason, &entry)
		return
	}
	g.answered(ex, v, a, &entry, func() {
		done := pending
		done.State, done.Owner, done.Lease, done.At = Done, "", time.Time{}, g.o.Now().UTC()
		done.Status, done.ContentType, done.Body = a.status, a.header.Get("Content-Type"), a.body
		if ok, err := g.o.Store.Swap(ctx, skey, pending, done, ttl); err != nil || !ok {
			// The answer is the caller's all the same; the key stays pending
			// and becomes unknown when its lease ends: never sent twice.
			g.o.Logger.Error("gateway: the answer of a write could not be recorded", "key", key, "err", err)
		}
	})
}

// writeOnce sends a write that has no key: once, detached from the
// caller, and an unproven outcome is answered as unknown.
func (g *Gateway) writeOnce(ex *exchange, v verdict, entry *journalEntry) {
	if g.refuse(ex, v, entry) {
		return
	}
	a, err := g.forward(context.WithoutCancel(ex.r.Context()), ex)
	entry.LatencyMS = ms(g.o.Now().Sub(ex.start))
	var ns *notSentError
	switch {
	case asNotSent(err, &ns):
		entry.Outcome = "not_sent"
		g.journalWrite(entry)
		g.upstreamFailed(ex.w, err)
		return
	case err != nil:
		g.unknownAnswer(ex, "", err.Error(), entry)
		return
	}
	if reason := writeOutcome(&a); reason != "" {
		g.unknownAnswer(ex, "", reason, entry)
		return
	}
	g.answered(ex, v, a, entry, func() {})
}

// answered passes a definite answer on, then records it (record: the
// key's answer, which a retry waits for meanwhile), reconciles it with
// the local verdict and journals it — after the caller has its answer.
func (g *Gateway) answered(ex *exchange, v verdict, a answer, entry *journalEntry, record func()) {
	v.headers(ex.w)
	ex.w.Header().Set("Rkcart-Outcome", "done")
	a.write(ex.w)
	if f, ok := ex.w.(http.Flusher); ok {
		f.Flush()
	}
	record()
	g.reconcile(v, &a, entry)
	entry.Outcome = "done"
	g.journalWrite(entry)
	g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "done").Inc()
	g.metrics.forwarded.WithLabelValues(metricCall(ex.call)).Inc()
}

// existing answers a request whose key is already in the store.
func (g *Gateway) existing(ex *exchange, skey, dg string, rec Record, entry *journalEntry) {
	ctx := context.WithoutCancel(ex.r.Context())
	deadline := g.o.Now().Add(g.o.Wait)
	for rec.State == Pending {
		if rec.Digest != dg {
			break
		}
		if g.o.Now().After(rec.Lease) {
			// Its gateway stopped answering for it mid-call: it may have sent it.
			u := rec
			u.State, u.Owner, u.Lease, u.At = Unknown, "", time.Time{}, g.o.Now().UTC()
			u.Reason = "the gateway that was sending it stopped before recording the answer"
			if ok, err := g.o.Store.Swap(ctx, skey, rec, u, 0); err != nil {
				g.storeDown(ex, entry, err)
				return
			} else if ok {
				g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "unknown").Inc()
			}
		} else if g.o.Now().After(deadline) {
			entry.Outcome = "in_progress"
			g.journalWrite(entry)
			g.errAnswer(ex.w, http.StatusConflict, CodeInProgress, "a request with this Idempotency-Key is still being sent; retry after Retry-After", "")
			return
		} else {
			select {
			case <-time.After(25 * time.Millisecond):
			case <-ex.r.Context().Done():
				return // the caller left; the first request carries on
			}
		}
		var found bool
		var err error
		rec, found, err = g.o.Store.Get(ctx, skey)
		if err != nil {
			g.storeDown(ex, entry, err)
			return
		}
		if !found { // never sent after all (the upstream was unreachable): send it
			g.write(ex)
			return
		}
	}
	if rec.Digest != dg {
		entry.Outcome = "key_reused"
		g.journalWrite(entry)
		g.errAnswer(ex.w, http.StatusUnprocessableEntity, CodeKeyReused,
			"this Idempotency-Key was used for another request: a key names one request (method, path, query and body)", "")
		return
	}
	ex.w.Header().Set("Rkcart-Replayed", "true")
	g.metrics.replayed.WithLabelValues(metricCall(ex.call)).Inc()
	switch rec.State {
	case Done:
		entry.Outcome = "replayed"
		g.journalWrite(entry)
		ex.w.Header().Set("Rkcart-Outcome", "done")
		h := http.Header{}
		if rec.ContentType != "" {
			h.Set("Content-Type", rec.ContentType)
		}
		answer{status: rec.Status, header: h, body: rec.Body}.write(ex.w)
	default:
		g.unknownAnswer(ex, skey, rec.Reason, entry)
	}
}

// markUnknown records that a write's outcome is unknown and says so.
func (g *Gateway) markUnknown(ex *exchange, skey string, pending Record, reason string, entry *journalEntry) {
	u := pending
	u.State, u.Owner, u.Lease, u.At, u.Reason = Unknown, "", time.Time{}, g.o.Now().UTC(), reason
	if ok, err := g.o.Store.Swap(context.WithoutCancel(ex.r.Context()), skey, pending, u, 0); err != nil || !ok {
		g.o.Logger.Error("gateway: an unknown outcome could not be recorded; the key stays pending, then unknown", "err", err)
	}
	g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "unknown").Inc()
	g.unknownAnswer(ex, skey, reason, entry)
}

// unknownAnswer is the documented state-unknown answer: HTTP 502, the
// envelope with CodeStateUnknown, Rkcart-Outcome: unknown.
func (g *Gateway) unknownAnswer(ex *exchange, skey, reason string, entry *journalEntry) {
	if entry.Outcome == "" {
		entry.Outcome = "unknown"
	}
	entry.Reason = reason
	g.journalWrite(entry)
	ex.w.Header().Set("Rkcart-Outcome", "unknown")
	if skey != "" {
		ex.w.Header().Set("Rkcart-Key", skey)
	}
	g.errAnswer(ex.w, http.StatusBadGateway, CodeStateUnknown,
		"the outcome of this request is unknown: it may have been acted on. It will not be sent again with this key until it is resolved (docs/gateway.md)", reason)
}

func (g *Gateway) storeDown(ex *exchange, entry *journalEntry, err error) {
	g.o.Logger.Error("gateway: store", "err", err)
	g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "store_down").Inc()
	entry.Outcome, entry.Reason = "store_down", "the store does not answer"
	g.journalWrite(entry)
	g.errAnswer(ex.w, http.StatusServiceUnavailable, CodeStoreDown, "the gateway's store does not answer; nothing was sent", "")
}

// keyOf is the write's key: the Idempotency-Key, or with DeriveKeys one
// derived from what the write is. bad says why a key sent is refused.
func (g *Gateway) keyOf(ex *exchange, v verdict) (key string, derived bool, bad string) {
	if vals, ok := ex.r.Header["Idempotency-Key"]; ok {
		if len(vals) != 1 {
			return "", false, "send one Idempotency-Key header"
		}
		k := vals[0]
		if k == "" || len(k) > 255 {
			return "", false, "a key has 1 to 255 characters"
		}
		for i := 0; i < len(k); i++ {
			if k[i] < 0x21 || k[i] > 0x7e {
				return "", false, "a key is printable ASCII without spaces"
			}
		}
		return k, false, ""
	}
	if !g.o.DeriveKeys {
		return "", false, ""
	}
	h := sha256.New()
	h.Write([]byte(ex.call))
	h.Write([]byte{0})
	if v.cart != nil {
		// The same cart (its fingerprint: what pricing reads) for the same
		// object from the same phone within the window is one order.
		fmt.Fprintf(h, "%d\x00%d\x00%s", v.object, v.fingerprint, v.cart.Client.Phone)
	} else {
		h.Write([]byte(ex.rel + "?" + ex.r.URL.RawQuery + "\x00"))
		h.Write(ex.body)
	}
	return "derived-" + hex.EncodeToString(h.Sum(nil)[:16]), true, ""
}

// lease is how long a claimed key is its gateway's: one wait for the
// rate limit and one upstream call (each at most Timeout), and a margin.
func (g *Gateway) lease() time.Duration { return 2*g.o.Timeout + 5*time.Second }

func asNotSent(err error, target **notSentError) bool { return errors.As(err, target) }

func isStoreDown(err error) bool { return errors.Is(err, errStoreDown) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
