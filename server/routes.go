package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/jsonscan"
	"github.com/rkcart/rkcart/internal/wire"
)

// Body caps of the requests that wrap documents: a reconcile request holds
// a cart and a POS answer, a diff two menus.
var (
	maxReconcileBytes = document.Cart.MaxBytes() + document.OrderResponse.MaxBytes()
	maxDiffBytes      = 2 * document.Menu.MaxBytes()
)

func (s *Server) routes(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	// Patterns without methods, and the method checked by only: the mux's
	// own 405 answer is text/plain, and every error here is a problem.
	mux.HandleFunc("/v1/price", only("POST", s.price))
	mux.HandleFunc("/v1/payload/{dialect}", only("POST", s.payload))
	mux.HandleFunc("/v1/reconcile", only("POST", s.reconcile))
	mux.HandleFunc("/v1/lint", only("POST", s.lint))
	mux.HandleFunc("/v1/diff", only("POST", s.diff))
	mux.HandleFunc("/v1/menu", only("GET", s.menuView))
	mux.HandleFunc("/healthz", only("GET", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}))
	mux.HandleFunc("/readyz", only("GET", s.readyz))
	mux.Handle("/metrics", only("GET", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP))
	mux.HandleFunc("/openapi.json", only("GET", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openAPI)
	}))
	mux.HandleFunc("/admin/reload", only("POST", s.adminReload))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		(&problem{Status: http.StatusNotFound, Type: "not-found", Title: "No such endpoint",
			Detail: r.Method + " " + r.URL.Path + " is not served; see /openapi.json"}).write(w)
	})
	return s.middleware(mux)
}

// only answers 405 (with Allow) to any method but method; GET allows HEAD.
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && (method != "GET" || r.Method != "HEAD") {
			w.Header().Set("Allow", method)
			(&problem{Status: http.StatusMethodNotAllowed, Type: "method-not-allowed", Title: "Method not allowed",
				Detail: r.URL.Path + " takes " + method}).write(w)
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

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// middleware sheds load, recovers panics as 500 problems, and logs and
// counts every request.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		shed := strings.HasPrefix(r.URL.Path, "/v1/") || strings.HasPrefix(r.URL.Path, "/admin/")
		if shed {
			select {
			case s.inflight <- struct{}{}:
				defer func() { <-s.inflight }()
			default:
				s.metrics.shed.Inc()
				rec.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.o.RetryAfter/time.Second))))
				(&problem{Status: http.StatusServiceUnavailable, Type: "overloaded", Title: "Too many requests in progress",
					Detail: "retry after the time in Retry-After"}).write(rec)
				s.done(r, rec, start, "shed")
				return
			}
		}
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", v)
				if rec.status == 0 {
					(&problem{Status: http.StatusInternalServerError, Type: "internal", Title: "Internal error"}).write(rec)
				}
			}
			s.done(r, rec, start, r.Pattern)
		}()
		r.Body = http.MaxBytesReader(rec, r.Body, maxDiffBytes+1) // the largest cap: each handler reads through its own
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

// policy selects the object and the engine a request asks for.
func (s *Server) policy(w http.ResponseWriter, r *http.Request) (*live, *engine.Engine, *problem) {
	l, p := s.object(option(r, "object", "Rkcart-Object"))
	if p != nil {
		return nil, nil, p
	}
	w.Header().Set("Rkcart-Object", itoa(l.ID))
	w.Header().Set("Rkcart-Menu-Version", l.Version)
	pol := api.Policy{Profile: option(r, "profile", "Rkcart-Profile"), Lang: option(r, "lang", "Rkcart-Lang"), Now: option(r, "now", "Rkcart-Now")}
	// A policy other than the default gets an engine of its own over the
	// same immutable menu (a few small allocations, no copy of the menu).
	e, pr := pol.Engine(l.eng)
	if pr != nil {
		return nil, nil, (*problem)(pr)
	}
	return l, e, nil
}

func option(r *http.Request, query, header string) string {
	if v := r.URL.Query().Get(query); v != "" {
		return v
	}
	return r.Header.Get(header)
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

func (s *Server) price(w http.ResponseWriter, r *http.Request) {
	_, eng, p := s.policy(w, r)
	if p != nil {
		p.write(w)
		return
	}
	data, err := document.ReadSized(r.Body, document.Cart, s.o.Engine.MaxCartBytes, r.ContentLength)
	if err != nil {
		docProblem(err, "").write(w)
		return
	}
	cart, err := engine.DecodeCart(data, s.o.Engine.MaxCartBytes)
	if err != nil {
		docProblem(err, "").write(w)
		return
	}
	// One pooled Result and output buffer per request in progress: the
	// answer is written before they go back.
	buf := s.pool.Get().(*priceBuf)
	defer s.pool.Put(buf)
	eng.PriceInto(&buf.res, cart)
	s.count(buf.res)
	w.Header().Set("Rkcart-Valid", strconv.FormatBool(buf.res.Valid))
	out, err := buf.res.AppendJSON(buf.out[:0])
	if err != nil {
		internalProblem(err).write(w)
		return
	}
	out = append(out, '\n')
	if cap(out) <= maxPooledOut {
		buf.out = out
	}
	writeBody(w, http.StatusOK, out)
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

func (s *Server) payload(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	opts := api.PayloadOptions{Force: q.Get("force") == "true", PayOnline: q.Get("pay_online") == "true"}
	if v := q.Get("order_number"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			badOption(errors.New("order_number must be an integer, not " + strconv.Quote(v))).write(w)
			return
		}
		opts.OrderNumber = &n
	}
	_, eng, p := s.policy(w, r)
	if p != nil {
		p.write(w)
		return
	}
	data, err := document.ReadSized(r.Body, document.Cart, s.o.Engine.MaxCartBytes, r.ContentLength)
	if err != nil {
		docProblem(err, "").write(w)
		return
	}
	out, res, pr := api.Emit(eng, r.PathValue("dialect"), data, opts)
	if res != nil {
		s.count(*res)
	}
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// envelope reads a request that wraps documents: an object whose members
// are named in members, each at most once; any other member is an error,
// not silently ignored. The documents inside are checked by their own
// decoders.
func envelope(r *http.Request, limit int64, members map[string]*json.RawMessage) *problem {
	data, err := document.Read(r.Body, document.Request, limit)
	if err != nil {
		return docProblem(err, "")
	}
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

func (s *Server) reconcile(w http.ResponseWriter, r *http.Request) {
	_, eng, p := s.policy(w, r)
	if p != nil {
		p.write(w)
		return
	}
	var req reconcileRequest
	var code json.RawMessage
	if p := envelope(r, maxReconcileBytes, map[string]*json.RawMessage{"cart": &req.Cart, "response": &req.Response, "currency_code": &code}); p != nil {
		p.write(w)
		return
	}
	if req.Cart == nil || req.Response == nil {
		(&problem{Status: http.StatusBadRequest, Type: "bad-document", Title: "The document cannot be read",
			Kind: document.Request.String(), Detail: "request: want members cart and response"}).write(w)
		return
	}
	var base int64
	if code != nil {
		if err := json.Unmarshal(code, &base); err != nil {
			(&problem{Status: http.StatusBadRequest, Type: "bad-document", Title: "The document cannot be read",
				Kind: document.Request.String(), Pointer: "/currency_code", Detail: "request: currency_code must be an integer"}).write(w)
			return
		}
	}
	rec, pr := api.Reconcile(eng, req.Cart, req.Response, base)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	w.Header().Set("Rkcart-Verdict", rec.Verdict)
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) lint(w http.ResponseWriter, r *http.Request) {
	data, err := document.ReadSized(r.Body, document.Menu, 0, r.ContentLength)
	if err != nil {
		docProblem(err, "").write(w)
		return
	}
	out, pr := api.LintMenu(data)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) {
	var old, new json.RawMessage
	if p := envelope(r, maxDiffBytes, map[string]*json.RawMessage{"old": &old, "new": &new}); p != nil {
		p.write(w)
		return
	}
	if old == nil || new == nil {
		(&problem{Status: http.StatusBadRequest, Type: "bad-document", Title: "The document cannot be read",
			Kind: document.Request.String(), Detail: "request: want members old and new"}).write(w)
		return
	}
	out, pr := api.DiffMenus(old, new)
	if pr != nil {
		(*problem)(pr).write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) menuView(w http.ResponseWriter, r *http.Request) {
	l, p := s.object(option(r, "object", "Rkcart-Object"))
	if p != nil {
		p.write(w)
		return
	}
	w.Header().Set("Rkcart-Object", itoa(l.ID))
	w.Header().Set("Rkcart-Menu-Version", l.Version)
	writeJSON(w, http.StatusOK, api.View(api.Source{ID: l.ID, Version: l.Version, Menu: l.Menu, Restaurant: l.Restaurant, Tree: l.Tree}))
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if !s.Ready() {
		(&problem{Status: http.StatusServiceUnavailable, Type: "not-ready", Title: "Not every menu is loaded yet"}).write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) adminReload(w http.ResponseWriter, r *http.Request) {
	if !s.o.AdminReload || s.o.Reload == nil {
		(&problem{Status: http.StatusNotFound, Type: "not-found", Title: "No such endpoint",
			Detail: "POST /admin/reload is disabled"}).write(w)
		return
	}
	if err := s.Reload(r.Context()); err != nil {
		(&problem{Status: http.StatusInternalServerError, Type: "reload-failed", Title: "Reload failed; the menus in use stay",
			Detail: err.Error()}).write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "reloaded"})
}
