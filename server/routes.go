package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	pm "github.com/rkcart/rkcart/internal/metrics"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/buildinfo"
	"github.com/rkcart/rkcart/internal/jsonscan"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// Body caps of the requests that wrap documents: a reconcile request holds
// a cart and a POS answer, a diff two menus — 32 MiB for both, 45 times
// the largest real export (0.7 MB), because a diff's answer grows with
// its changes (see the memory bound in docs/sidecar.md).
var (
	maxReconcileBytes = document.Cart.MaxBytes() + document.OrderResponse.MaxBytes()
	maxDiffBytes      = int64(32 << 20)
)

func (s *Server) routes(reg *pm.Registry) http.Handler {
	mux := http.NewServeMux()
	cart := document.Cart.Limit(s.o.Engine.MaxCartBytes)
	policy := []string{"object", "objectId", "profile", "lang", "now"}
	// Patterns without methods, and the method checked by handle: the
	// mux's own 405 answer is text/plain, and every error here is a
	// problem.
	mux.HandleFunc("/v1/price", s.handle(endpoint{method: "POST", params: append(slices.Clip(policy), "menu_version"), kind: document.Cart, limit: cart, class: light, work: CartWork}, s.price))
	mux.HandleFunc("/v1/repair", s.handle(endpoint{method: "POST", params: policy, kind: document.Cart, limit: min(cart, engine.MaxRepairBytes),
		class: heavy, work: RepairWork}, s.repair)) // up to MaxRepairChanges pricings: a heavy slot
	mux.HandleFunc("/v1/payload/{dialect}", s.handle(endpoint{method: "POST", params: append(policy, "force", "pay_online", "order_number"),
		kind: document.Cart, limit: cart, class: light, work: CartWork}, s.payload))
	mux.HandleFunc("/v1/reconcile", s.handle(endpoint{method: "POST", params: policy, kind: document.Request, limit: maxReconcileBytes, class: light, work: CartWork}, s.reconcile))
	mux.HandleFunc("/v1/lint", s.handle(endpoint{method: "POST", kind: document.Menu, limit: document.Menu.MaxBytes(), class: heavy, work: LintWork}, s.lint))
	mux.HandleFunc("/v1/diff", s.handle(endpoint{method: "POST", kind: document.Request, limit: maxDiffBytes, class: heavy, work: DiffWork}, s.diff))
	mux.HandleFunc("/v1/menu", s.handle(endpoint{method: "GET", params: []string{"object", "objectId"}, class: light}, s.menuView))
	mux.HandleFunc("/healthz", s.handle(endpoint{method: "GET"}, func(w http.ResponseWriter, _ *http.Request, _ url.Values, _ []byte) {
		writeJSON(w, http.StatusOK, struct {
			Status string `json:"status"`
			buildinfo.Info
		}{"ok", s.build})
	}))
	mux.HandleFunc("/readyz", s.handle(endpoint{method: "GET", params: []string{"object"}}, s.readyz))
	mux.Handle("/metrics", only("GET", reg.ServeHTTP))
	mux.HandleFunc("/openapi.json", only("GET", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openAPI)
	}))
	mux.HandleFunc("/admin/reload", s.handle(endpoint{method: "POST", class: heavy}, s.adminReload))
	mux.HandleFunc("/v1/availability", s.handle(endpoint{method: "PUT", params: []string{"object", "objectId"}, kind: document.Availability,
		limit: document.Availability.MaxBytes(), class: heavy, work: AvailabilityWork}, s.putAvailability))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		(*problem)(api.NotFound("No such endpoint", r.Method+" "+r.URL.Path+" is not served; see /openapi.json")).write(w)
	})
	return s.middleware(mux)
}

// only answers 405 (with Allow) to any method but method; GET allows HEAD.
// It is for the endpoints that take no query of ours (metrics, the
// contract).
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && (method != "GET" || r.Method != "HEAD") {
			w.Header().Set("Allow", method)
			(*problem)(api.MethodNotAllowed(r.URL.Path + " takes " + method)).write(w)
			return
		}
		h(w, r)
	}
}

// recorder keeps the status and size of an answer for the access log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (read
// deadlines, flushing, full duplex).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// middleware recovers panics as 500 problems, and logs and counts every
// request. Shedding is per endpoint (handle), once the body is read.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", v)
				if rec.status == 0 {
					internalProblem(fmt.Errorf("panic serving %s", r.URL.Path)).write(rec)
				}
			}
			s.done(r, rec, start, r.Pattern)
		}()
		next.ServeHTTP(rec, r)
	})
}

func (s *Server) done(r *http.Request, rec *recorder, start time.Time, route string) {
	if route == "" {
		route = "other"
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	d := time.Since(start)
	s.metrics.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
	s.metrics.latency.WithLabelValues(route).Observe(d.Seconds())
	s.log.LogAttrs(r.Context(), levelOf(rec.status), "request",
		slogAttrs(r, rec, d)...)
}

// policy selects the object and the engine a request asks for; named is
// the object when the request named it (the carts' context object, see
// engine.Cart.Object), 0 when it was the only one loaded.
func (s *Server) policy(w http.ResponseWriter, r *http.Request, q url.Values) (named menu.ID, e *engine.Engine, _ *problem) {
	named, _, e, p := s.policyOf(w, r, q)
	return named, e, p
}

// cartPolicy is policy for a body holding a cart, alone or with an
// availability for this request (withAvailability): the engine that
// applies it, the cart's bytes, and the member they came from.
func (s *Server) cartPolicy(w http.ResponseWriter, r *http.Request, q url.Values, data []byte) (named menu.ID, e *engine.Engine, cart []byte, member string, _ *problem) {
	named, e, p := s.policy(w, r, q)
	if p != nil {
		return 0, nil, nil, "", p
	}
	e, cart, member, p = withAvailability(e, data)
	return named, e, cart, member, p
}

// policyOf is policy with the live object the engine came from.
func (s *Server) policyOf(w http.ResponseWriter, r *http.Request, q url.Values) (named menu.ID, l *live, e *engine.Engine, _ *problem) {
	l, named, p := s.target(w, r, q)
	if p != nil {
		return 0, nil, nil, p
	}
	// A policy other than the default gets an engine of its own over the
	// same immutable menu (a few small allocations, no copy of the menu).
	e, pr := s.requestPolicy(q, r).Engine(l.eng)
	if pr != nil {
		return 0, nil, nil, (*problem)(pr)
	}
	return named, l, e, nil
}

// target is the object a request selects (see selected), and named, the
// object when the request named it (the carts' context object, see
// engine.Cart.Object), 0 when it was the only one loaded.
func (s *Server) target(w http.ResponseWriter, r *http.Request, q url.Values) (*live, menu.ID, *problem) {
	l, p := s.selected(w, r, q)
	if p != nil {
		return nil, 0, p
	}
	if option(q, r, "object", "Rkcart-Object") != "" || q.Get("objectId") != "" {
		return l, l.ID, nil
	}
	return l, 0, nil
}

// requestPolicy is the policy a request sets (query, else header).
func (s *Server) requestPolicy(q url.Values, r *http.Request) api.Policy {
	return api.Policy{Profile: option(q, r, "profile", "Rkcart-Profile"), Lang: option(q, r, "lang", "Rkcart-Lang"), Now: option(q, r, "now", "Rkcart-Now")}
}

// selected is the object a request names (?object=, ?objectId= — the
// WebDelivery spelling —, or Rkcart-Object; the only one when none is
// named), with the answer's object headers set.
func (s *Server) selected(w http.ResponseWriter, r *http.Request, q url.Values) (*live, *problem) {
	id := option(q, r, "object", "Rkcart-Object")
	if alt := q.Get("objectId"); alt != "" {
		if id != "" && id != alt {
			return nil, badOption(fmt.Errorf("object %s and objectId %s name different objects", id, alt))
		}
		id = alt
	}
	l, p := s.object(id)
	if p != nil {
		return nil, p
	}
	w.Header().Set("Rkcart-Object", itoa(l.ID))
	w.Header().Set("Rkcart-Menu-Version", l.Version)
	return l, nil
}

func option(q url.Values, r *http.Request, query, header string) string {
	if v := q.Get(query); v != "" {
		return v
	}
	return canonicalGet(r.Header, header)
}

// canonicalGet is h.Get(key) for a key already in canonical form (every
// header name this package reads is a constant, checked by a test): net/http
// stores received names canonical, so the map is read directly instead of
// canonicalising the key again on every call of every request.
func canonicalGet(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// boolean reads a boolean query parameter as the CLI reads a flag (1, t,
// true, 0, f, false, in any case strconv.ParseBool takes); absent is
// false.
func boolean(q url.Values, name string) (bool, *problem) {
	v, ok := q[name]
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v[0])
	if err != nil {
		return false, badOption(fmt.Errorf("%s must be true or false (1 or 0), not %s", name, strconv.Quote(v[0])))
	}
	return b, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		internalProblem(err).write(w)
		return
	}
	writeBody(w, status, buf.Bytes())
}

// writeBody writes a JSON answer of known bytes.
func writeBody(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func (s *Server) price(w http.ResponseWriter, r *http.Request, q url.Values, data []byte) {
	l, named, p := s.target(w, r, q)
	if p != nil {
		p.write(w)
		return
	}
	// The request's policy goes to the call: no engine is built for it.
	call, ap := s.requestPolicy(q, r).Call(l.eng)
	if ap != nil {
		(*problem)(ap).write(w)
		return
	}
	eng, data, member, p := withAvailability(l.eng, data)
	if p != nil {
		p.write(w)
		return
	}
	cart, err := engine.DecodeCart(data, s.o.Engine.MaxCartBytes)
	if err != nil {
		docProblem(err, member).write(w)
		return
	}
	cart.Object = named
	// One pooled Result and output buffer per request in progress: the
	// answer is written before they go back.
	buf := s.pool.Get().(*priceBuf)
	defer s.pool.Put(buf)
	eng.PriceIntoCall(&buf.res, cart, call)
	s.count(buf.res)
	var out []byte
	if version := q.Get("menu_version"); version != "" {
		// What changed for this cart since the menu the guest saw: the
		// same cart and call priced against that menu (kept for
		// Options.MenuGrace).
		since := api.Since{Version: version, Changes: []api.SinceChange{}} // the current menu: nothing changed
		if version != l.Version {
			old, ok := s.retiredVersion(l.ID, version)
			if !ok {
				(*problem)(api.UnknownMenuVersion(version, l.Version)).write(w)
				return
			}
			since = api.SinceOf(version, old.eng.PriceCall(cart, call), buf.res, len(cart.Lines))
		}
		out, err = api.PricedSince{Result: buf.res, Since: since}.AppendJSON(buf.out[:0])
	} else {
		out, err = buf.res.AppendJSON(buf.out[:0])
	}
	if err != nil {
		internalProblem(err).write(w)
		return
	}
	w.Header().Set("Rkcart-Valid", strconv.FormatBool(buf.res.Valid))
	out = append(out, '\n')
	if cap(out) <= maxPooledOut {
		buf.out = out
	}
	writeBody(w, http.StatusOK, out)
}

// repair answers the nearest valid cart (engine.Engine.Repair): 200 with
// {cart, changes, left, result}, Rkcart-Valid for the repaired cart.
func (s *Server) repair(w http.ResponseWriter, r *http.Request, q url.Values, data []byte) {
	named, eng, data, member, p := s.cartPolicy(w, r, q, data)
	if p != nil {
		p.write(w)
		return
	}
	rep, ap := api.Repair(eng, data, named)
	if ap != nil {
		if member != "" {
			ap.Pointer = member + ap.Pointer
		}
		(*problem)(ap).write(w)
		return
	}
	w.Header().Set("Rkcart-Valid", strconv.FormatBool(rep.Result.Valid))
	writeJSON(w, http.StatusOK, rep)
}

// priceBuf is what /v1/price reuses from request to request.
type priceBuf struct {
	res engine.Result
	out []byte
}

// maxPooledOut keeps one huge answer from pinning its buffer in the pool.
const maxPooledOut = 256 << 10

func (s *Server) count(res engine.Result) {
	for _, v := range res.Violations {
		s.metrics.violations.WithLabelValues(v.Code, v.Severity.String()).Inc()
	}
}

func (s *Server) payload(w http.ResponseWriter, r *http.Request, q url.Values, data []byte) {
	var opts pos.EmitOptions
	var p *problem
	if opts.Force, p = boolean(q, "force"); p != nil {
		p.write(w)
		return
	}
	if _, given := q["pay_online"]; given {
		b, p := boolean(q, "pay_online")
		if p != nil {
			p.write(w)
			return
		}
		opts.PayOnline = &b
	}
	if v, ok := q["order_number"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil {
			badOption(errors.New("order_number must be an integer, not " + strconv.Quote(v[0]))).write(w)
			return
		}
		opts.OrderNumber = &n
	}
	named, eng, data, member, p := s.cartPolicy(w, r, q, data)
	if p != nil {
		p.write(w)
		return
	}
	out, res, pr := api.Emit(eng, r.PathValue("dialect"), data, named, opts)
	if res != nil {
		s.count(*res)
	}
	if pr != nil {
		if pr.Kind != "" { // a document problem: its pointer is into the body
			pr.Pointer = member + pr.Pointer
		}
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// envelope reads a request that wraps documents: an object whose members
// are named in members, each at most once; any other member is an error,
// not silently ignored. The documents inside are checked by their own
// decoders.
func envelope(data []byte, members map[string]*json.RawMessage) *problem {
	fail := func(off int, msg string) *problem {
		line, col := wire.LineCol(data, int64(off))
		return docProblem(&document.Error{Kind: document.Request, Line: line, Column: col, Msg: msg}, "")
	}
	sc := jsonscan.New(data)
	if err := sc.Expect('{', "looking for the beginning of the request object"); err != nil {
		return fail(sc.Pos, err.Error())
	}
	var keys jsonscan.Keys
	for first := true; ; first = false {
		more, err := sc.More('}', first)
		if err != nil {
			return fail(sc.Pos, err.Error())
		}
		if !more {
			break
		}
		key, start, _, err := sc.String()
		if err != nil {
			return fail(sc.Pos, err.Error())
		}
		dst, known := members[key]
		switch {
		case !known:
			return fail(start, "unknown member "+strconv.Quote(key))
		case !keys.Add(key):
			return fail(start, "duplicate member "+strconv.Quote(key))
		}
		if err := sc.Expect(':', "after object key"); err != nil {
			return fail(sc.Pos, err.Error())
		}
		sc.SkipSpace()
		at := sc.Pos
		if err := sc.Skip(envelopeDepth); err != nil {
			var se *jsonscan.Error
			if errors.As(err, &se) {
				return fail(se.Offset, "/"+key+se.Inner+": "+se.Msg)
			}
			return fail(sc.Pos, err.Error())
		}
		*dst = json.RawMessage(data[at:sc.Pos])
	}
	if err := sc.End(); err != nil {
		return fail(sc.Pos, err.Error())
	}
	return nil
}

// envelopeDepth bounds the nesting the envelope check walks (menus nest
// about ten levels; the documents' own decoders apply their limits).
const envelopeDepth = 64

type reconcileRequest struct{ Cart, Response json.RawMessage }

func (s *Server) reconcile(w http.ResponseWriter, r *http.Request, q url.Values, data []byte) {
	named, eng, p := s.policy(w, r, q)
	if p != nil {
		p.write(w)
		return
	}
	var req reconcileRequest
	var code, avail json.RawMessage
	if p := envelope(data, map[string]*json.RawMessage{"cart": &req.Cart, "response": &req.Response, "currency_code": &code, "availability": &avail}); p != nil {
		p.write(w)
		return
	}
	if req.Cart == nil || req.Response == nil {
		docProblem(&document.Error{Kind: document.Request, Msg: "want members cart and response"}, "").write(w)
		return
	}
	if avail != nil { // for this request only, as in price's envelope
		if eng, p = requestEngine(eng, avail); p != nil {
			p.write(w)
			return
		}
	}
	var base int64
	if code != nil {
		if err := json.Unmarshal(code, &base); err != nil {
			docProblem(&document.Error{Kind: document.Request, Pointer: "/currency_code", Msg: "currency_code must be an integer"}, "").write(w)
			return
		}
	}
	rec, pr := api.Reconcile(eng, req.Cart, req.Response, base, named)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	w.Header().Set("Rkcart-Verdict", rec.Verdict)
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) lint(w http.ResponseWriter, _ *http.Request, _ url.Values, data []byte) {
	out, pr := api.LintMenu(data)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) diff(w http.ResponseWriter, _ *http.Request, _ url.Values, data []byte) {
	var old, new json.RawMessage
	if p := envelope(data, map[string]*json.RawMessage{"old": &old, "new": &new}); p != nil {
		p.write(w)
		return
	}
	if old == nil || new == nil {
		docProblem(&document.Error{Kind: document.Request, Msg: "want members old and new"}, "").write(w)
		return
	}
	out, pr := api.DiffMenus(old, new)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) menuView(w http.ResponseWriter, r *http.Request, q url.Values, _ []byte) {
	l, p := s.selected(w, r, q)
	if p != nil {
		p.write(w)
		return
	}
	writeJSON(w, http.StatusOK, api.View(l.Object))
}

// putAvailability sets an object's stop lists and balances (the
// availability document), enabled with the admin reload: it changes what
// every caller is told.
func (s *Server) putAvailability(w http.ResponseWriter, r *http.Request, q url.Values, body []byte) {
	if !s.o.AdminReload {
		(*problem)(api.NotFound("No such endpoint", "PUT /v1/availability is disabled (it is enabled with the admin reload)")).write(w)
		return
	}
	l, p := s.selected(w, r, q)
	if p != nil {
		p.write(w)
		return
	}
	a, err := engine.DecodeAvailability(body, 0)
	if err != nil {
		(*problem)(api.DocProblem(err, "")).write(w)
		return
	}
	s.SetAvailability(l.ID, a)
	s.log.Info("availability set", "object", l.ID, "stopped_dishes", len(a.StoppedDishes), "stopped_modifiers", len(a.StoppedModifiers),
		"dish_balances", len(a.DishLeft), "modifier_balances", len(a.ModifierLeft), "taken_at", a.TakenAt)
	writeJSON(w, http.StatusOK, struct {
		Status string  `json:"status"`
		Object menu.ID `json:"object"`
	}{"set", l.ID})
}

func (s *Server) adminReload(w http.ResponseWriter, r *http.Request, _ url.Values, _ []byte) {
	if !s.o.AdminReload || (s.o.Reload == nil && s.o.Catalog == nil) {
		(*problem)(api.NotFound("No such endpoint", "POST /admin/reload is disabled")).write(w)
		return
	}
	if err := s.Reload(r.Context()); err != nil {
		(*problem)(api.ReloadFailed(err)).write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "reloaded"})
}
