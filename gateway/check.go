package gateway

import (
	"context"
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// verdict is the local judgement of a cart.
type verdict struct {
	cartCall    bool   // the call carries a cart
	judged      bool   // priced against the object's menu
	why         string // not judged: why
	object      int64
	version     string
	cart        *engine.Cart
	res         engine.Result
	fingerprint uint64
	badCart     string // the body is not a cart: why
}

// blocking are the violations that refuse the cart: its error-severity
// ones, as the engine's profile sets them.
func (v verdict) blocking() []engine.Violation {
	var out []engine.Violation
	for _, vi := range v.res.Violations {
		if vi.Severity == engine.Error {
			out = append(out, vi)
		}
	}
	return out
}

func (v verdict) name() string {
	switch {
	case !v.cartCall:
		return ""
	case v.badCart != "":
		return "bad_cart"
	case !v.judged:
		return "unjudged"
	case v.res.Valid:
		return "valid"
	}
	return "refused"
}

func (v verdict) headers(w http.ResponseWriter) {
	if n := v.name(); n != "" {
		w.Header().Set("Rkcart-Verdict", n)
	}
	if v.version != "" {
		w.Header().Set("Rkcart-Menu-Version", v.version)
	}
}

// judge prices the request's cart against its object's menu (the
// dishes answer the gateway caches, with the restaurant of a rests answer
// when one was seen). The object comes from the query (savedeliveryorder's
// objectId, for an existing customer), the path (postorder/<id>) or the
// body.
func (g *Gateway) judge(ex *exchange) verdict {
	v := verdict{cartCall: true}
	c, err := engine.DecodeCart(ex.body, 0)
	if err != nil {
		v.badCart = err.Error()
		return v
	}
	if ex.call == callPostOrder {
		// The UCS endpoint documents order_type the other way round.
		switch c.OrderType {
		case engine.Pickup:
			c.OrderType = engine.Delivery
		case engine.Delivery:
			c.OrderType = engine.Pickup
		}
		if id, err := strconv.ParseInt(strings.TrimPrefix(ex.rel, "postorder/"), 10, 64); err == nil {
			c.Object = menu.ID(id)
		}
	} else if q := ex.r.URL.Query(); q.Get("objectId") != "" || q.Get("objectid") != "" {
		if id, err := strconv.ParseInt(q.Get("objectId")+q.Get("objectid"), 10, 64); err == nil {
			c.Object = menu.ID(id)
		}
	}
	v.cart, v.fingerprint = c, engine.Fingerprint(c)
	v.object = int64(c.EffectiveObject())
	if v.object <= 0 {
		v.why = "the cart names no object"
		return v
	}
	e, version, why := g.engineFor(ex.r.Context(), ex.r.Header, v.object, langOf(ex.r, g.o.Engine.Lang))
	if e == nil {
		v.why = why
		return v
	}
	v.judged, v.version = true, version
	v.res = e.Price(c)
	g.metrics.verdicts.WithLabelValues(v.name()).Inc()
	for _, vi := range v.blocking() {
		g.metrics.violations.WithLabelValues(vi.Code).Inc()
	}
	return v
}

func (g *Gateway) judgeIfCart(ex *exchange) verdict {
	if ex.call == callSave || ex.call == callPostOrder {
		return g.judge(ex)
	}
	return verdict{}
}

// wouldRefuse reports whether refuse answers the cart.
func (g *Gateway) wouldRefuse(v verdict) bool {
	if !v.cartCall {
		return false
	}
	if !v.judged && v.badCart == "" {
		return g.o.FailClosed
	}
	return g.o.Mode == Enforce && v.name() != "valid"
}

// refuse answers a cart the gateway will not forward: in enforce, one
// with blocking violations or a body that is not a cart; when failing
// closed, one it cannot judge. It reports whether it answered.
func (g *Gateway) refuse(ex *exchange, v verdict, entry *journalEntry) bool {
	if !v.cartCall {
		return false
	}
	if !v.judged && v.badCart == "" {
		g.metrics.unjudged.WithLabelValues(boolName(g.o.FailClosed, "closed", "open")).Inc()
		entry.Reason = v.why
		if !g.o.FailClosed {
			return false
		}
		entry.Outcome = "failed_closed"
		g.journalWrite(entry)
		v.headers(ex.w)
		g.errAnswer(ex.w, http.StatusServiceUnavailable, CodeNoMenu, "the gateway cannot check this cart now and is set to fail closed", v.why)
		return true
	}
	if g.o.Mode != Enforce || v.name() == "valid" {
		return false
	}
	var errs []apiError
	if v.badCart != "" {
		errs = []apiError{{Code: CodeBadCart, Text: "the body is not a cart", Details: v.badCart}}
	} else {
		for _, vi := range v.blocking() {
			errs = append(errs, apiError{Code: vi.Code, Text: vi.Message, Details: vi.Path, Path: vi.Path})
		}
	}
	entry.Outcome = "refused_locally"
	entry.LatencyMS = ms(g.o.Now().Sub(ex.start))
	g.journalWrite(entry)
	g.metrics.outcomes.WithLabelValues(metricCall(ex.call), "refused_locally").Inc()
	v.headers(ex.w)
	g.errorsAnswer(ex.w, http.StatusOK, errs) // WebDelivery answers its refusals with 200 and an Err envelope
	return true
}

// calc serves CalcOrder: judged like a write (a refused cart is answered
// locally in enforce), forwarded once, reconciled.
func (g *Gateway) calc(ex *exchange) {
	v := g.judge(ex)
	entry := journalEntry{Call: ex.call, Mode: g.o.Mode.String(), Cart: ex.body}
	v.into(&entry)
	if g.refuse(ex, v, &entry) {
		return
	}
	a, err := g.forward(ex.r.Context(), ex)
	if err != nil {
		g.upstreamFailed(ex.w, err)
		return
	}
	g.reconcile(v, &a, &entry)
	entry.Outcome, entry.LatencyMS = "done", ms(g.o.Now().Sub(ex.start))
	g.journalWrite(&entry)
	g.metrics.forwarded.WithLabelValues(metricCall(ex.call)).Inc()
	v.headers(ex.w)
	a.write(ex.w)
}

// reconcile compares the upstream's answer with the local verdict.
//
// The full reconciliation (every line, by cause) is made when someone
// reads it — the journal, or shadow mode's report —; otherwise the
// agreement is read from the verdicts and the order's total alone.
func (g *Gateway) reconcile(v verdict, a *answer, entry *journalEntry) {
	entry.Upstream = upstreamOf(a)
	if !v.judged || !entry.Upstream.Accepted {
		entry.Agreement = agreement(v, entry.Upstream)
		g.metrics.agreement.WithLabelValues(entry.Agreement).Inc()
		if entry.Agreement != "agree" {
			entry.Answer = a.body
		}
		return
	}
	entry.Agreement = agreement(v, entry.Upstream)
	if g.journal != nil || g.o.Mode == Shadow {
		if rec, err := pos.ReconcileAnswer(v.res, a.body, pos.CalcOptions{BaseCode: 1}); err == nil {
			entry.Reconciliation = &rec
		}
		if entry.Reconciliation != nil && !entry.Reconciliation.Agrees() {
			entry.Agreement = "price_differs"
		}
	} else if u := entry.Upstream; u.OrderSum != 0 && u.OrderSum != v.res.Subtotal {
		entry.Agreement = "price_differs"
	}
	g.metrics.agreement.WithLabelValues(entry.Agreement).Inc()
	if entry.Agreement != "agree" {
		entry.Answer = a.body // for the report's cases (redacted when written)
	}
}

// agreement names how the local verdict and the upstream's answer
// relate: agree, pos_accepted_refused (the POS took a cart rkcart
// refuses), pos_refused_valid (the reverse), or unjudged.
func agreement(v verdict, u *upstreamResult) string {
	switch {
	case !v.judged || u == nil:
		return "unjudged"
	case v.res.Valid == u.Accepted:
		return "agree"
	case u.Accepted:
		return "pos_accepted_refused"
	}
	return "pos_refused_valid"
}

// langOf reads the refusals' language from Accept-Language (its first
// tag: ru or en), else def.
func langOf(r *http.Request, def engine.Lang) engine.Lang {
	al := strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language")))
	switch {
	case strings.HasPrefix(al, "ru"):
		return engine.Russian
	case strings.HasPrefix(al, "en"):
		return engine.English
	}
	return def
}

// engineCache keeps the compiled objects by menu version — one per
// content, however many sids fetched it — and which version each cached
// dishes answer (by its cache key, fetch time and restaurant) holds.
type engineCache struct {
	mu        sync.Mutex
	byKey     map[string]keyedVersion
	byVersion map[string]*builtObject
}

type keyedVersion struct {
	at      int64
	rest    [32]byte
	version string
}

type builtObject struct {
	obj     api.Object
	engines map[engine.Lang]*engine.Engine
}

// maxBuiltObjects bounds the compiled objects and the keys kept; past it
// they are forgotten and built again on demand.
const maxBuiltObjects = 256

// engineFor returns the engine for object in lang, and the object's menu
// version; nil and why when the menu cannot be had or read.
func (g *Gateway) engineFor(ctx context.Context, h http.Header, object int64, lang engine.Lang) (*engine.Engine, string, string) {
	rel, q := "dishes", "objectid="+strconv.FormatInt(object, 10)
	key := g.cacheKey(h.Get("sid"), rel, q)
	c, _, err := g.cachedAt(ctx, key, h, rel, q)
	if err != nil {
		return nil, "", "the object's menu cannot be had: " + err.Error()
	}
	if c.Status != http.StatusOK {
		return nil, "", "the upstream answered the object's menu with HTTP " + strconv.Itoa(c.Status)
	}
	rest := g.restaurant(object)
	sum := sha256.Sum256(rest)
	ec := &g.engines
	ec.mu.Lock()
	defer ec.mu.Unlock()
	kv, ok := ec.byKey[key]
	if !ok || kv.at != c.At.UnixNano() || kv.rest != sum {
		kv = keyedVersion{at: c.At.UnixNano(), rest: sum, version: document.Version(c.Body, rest)} // menu.LoadObject's version
		if ec.byKey == nil || len(ec.byKey) >= maxBuiltObjects {
			ec.byKey = map[string]keyedVersion{}
		}
		ec.byKey[key] = kv
	}
	b := ec.byVersion[kv.version]
	if b == nil {
		obj, p := api.Load(api.Docs{Menu: c.Body, Restaurant: rest}, api.LoadOptions{LoadedAt: c.At})
		if p != nil {
			return nil, "", "the object's menu cannot be read: " + p.Detail
		}
		if ec.byVersion == nil || len(ec.byVersion) >= maxBuiltObjects {
			ec.byVersion = map[string]*builtObject{}
		}
		b = &builtObject{obj: obj, engines: map[engine.Lang]*engine.Engine{}}
		ec.byVersion[kv.version] = b
	}
	e := b.engines[lang]
	if e == nil {
		o := g.o.Engine
		o.Lang = lang
		if e, err = engine.New(b.obj.Menu, b.obj.Restaurant, o); err != nil {
			return nil, "", "the object's menu cannot be used: " + err.Error()
		}
		b.engines[lang] = e
	}
	return e, kv.version, ""
}

// versionHeader sets Rkcart-Menu-Version on an answer whose query names
// an object (objectid, objectId) whose menu the gateway has built for the
// caller's sid — the version its carts are judged with. It fetches
// nothing; a cart's own verdict sets it again.
func (g *Gateway) versionHeader(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := q.Get("objectid") + q.Get("objectId")
	if id == "" {
		return
	}
	key := g.cacheKey(r.Header.Get("sid"), "dishes", "objectid="+id)
	g.engines.mu.Lock()
	defer g.engines.mu.Unlock()
	if kv, ok := g.engines.byKey[key]; ok {
		w.Header().Set("Rkcart-Menu-Version", kv.version)
	}
}

// restaurant is the restaurant object of id from the rests answers seen.
func (g *Gateway) restaurant(id int64) []byte {
	g.restsMu.Lock()
	defer g.restsMu.Unlock()
	return g.rests[id]
}

// learnRests keeps the restaurants of a rests answer by id, each as the
// object's own rests document (menu.SingleRests, what `rkcart menu pull`
// writes and a sync hashes), so that the gateway's menu version is the
// sidecar's and the syncer's for the same documents.
func (g *Gateway) learnRests(body []byte) {
	parts, err := menu.SplitRestaurants(body)
	if err != nil {
		return
	}
	g.restsMu.Lock()
	defer g.restsMu.Unlock()
	for _, p := range parts {
		if p.ID > 0 {
			g.rests[int64(p.ID)] = menu.SingleRests(p.Raw)
		}
	}
}

func boolName(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
