package gateway

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	pm "github.com/rkcart/rkcart/internal/metrics"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/buildinfo"
	"github.com/rkcart/rkcart/internal/httpbody"
	"github.com/rkcart/rkcart/internal/origin"
)

// Mode is what the gateway does with the carts it checks.
type Mode int

const (
	// Enforce answers a cart with blocking violations itself, without
	// calling the POS, and forwards the rest.
	Enforce Mode = iota
	// Shadow forwards everything and reconciles the POS's answer with the
	// local verdict (in the journal and the metrics).
	Shadow
	// Pass forwards everything; the journal still records.
	Pass
)

var modeNames = [...]string{"enforce", "shadow", "pass"}

func (m Mode) String() string { return modeNames[m] }

// ParseMode reads "enforce", "shadow" or "pass".
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if s == n {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("gateway: mode must be enforce, shadow or pass, not %q", s)
}

// Options configure a gateway. Zero fields take the defaults.
type Options struct {
	// Upstream is the WebDelivery base URL the gateway forwards to
	// ("https://host:port/api/v1/"); required. Plain http:// needs a
	// loopback host or AllowHTTP (the sid would cross the network in
	// clear text).
	Upstream  string
	AllowHTTP bool
	// BasePath is where the gateway serves the WebDelivery paths
	// (default "/api/v1/").
	BasePath string
	Mode     Mode
	// FailClosed refuses (503) a cart the gateway cannot judge (its
	// object's menu cannot be had); by default it is forwarded (fail
	// open). Either way it is counted and journaled.
	FailClosed bool
	// Store keeps keys, cached reads and the rate limit; required.
	Store Store
	// DeriveKeys gives a write sent without an Idempotency-Key one derived
	// from what it is (see docs/gateway.md), kept for DeriveWindow
	// (default 10 minutes).
	DeriveKeys   bool
	DeriveWindow time.Duration
	// KeyTTL is how long a key's answer is kept and replayed (default 24
	// hours). Unknown keys are kept until resolved.
	KeyTTL time.Duration
	// Timeout bounds one upstream call (default 30 s); Wait bounds how
	// long a request waits for another carrying its key (default Timeout
	// plus 5 s), after which it is answered 409 with Retry-After.
	Timeout time.Duration
	Wait    time.Duration
	// CacheTTL: a cached read is fresh this long (default 60 s); after
	// that it is served stale, and refreshed in the background, for up
	// to StaleTTL more (default 10 minutes).
	CacheTTL time.Duration
	StaleTTL time.Duration
	// Rate paces every upstream call of every gateway sharing the store:
	// one token bucket per upstream, Rate requests per second, Burst at
	// once (default 1). 0: no pacing.
	Rate  float64
	Burst int
	// Engine is the policy local pricing uses (profile, zone, clock);
	// the language of refusals follows the request (Accept-Language ru or
	// en), then Engine.Lang.
	Engine engine.Options
	// Journal receives one JSON line per write exchange; nil: none.
	Journal io.Writer
	// Salt keys the hashes that replace personal data in the journal and
	// the sid in store keys; required (see docs/gateway.md).
	Salt []byte
	// AdminToken guards the admin endpoints (Authorization: Bearer); ""
	// turns them off.
	AdminToken string
	HTTPClient *http.Client // nil: a client of the gateway's own; redirects are never followed
	MaxBody    int64        // a request body's cap (default the request document's)
	Body       httpbody.Limits
	Logger     *slog.Logger
	Now        func() time.Time
}

//go:embed openapi.json
var openAPI []byte

// OpenAPI is the contract of the gateway's own endpoints.
func OpenAPI() []byte { return slices.Clone(openAPI) }

// Gateway is the WebDelivery gateway: an http.Handler. It is safe for
// concurrent use.
type Gateway struct {
	o        Options
	upstream *url.URL
	owner    string // this process, in the records it claims
	client   *http.Client
	metrics  *metrics
	handler  http.Handler
	journal  *journal
	engines  engineCache
	cacheMu  sync.Mutex
	inflight map[string]*flight // reads being fetched by this process
	hot      map[string]Cached  // fresh answers (see hotGet)
	hotBytes int                // their bodies' bytes
	restsMu  sync.Mutex
	rests    map[int64][]byte // restaurants seen in rests answers, by id
	scopesMu sync.Mutex
	scopes   map[string]string // sid → scope
}

// New returns a gateway for o.
//
// It fails when Upstream is missing, not an absolute http(s) URL, or
// plain http to a host that is not loopback without AllowHTTP; when
// Store or Salt is missing; or when a duration or limit is negative.
func New(o Options) (*Gateway, error) {
	if o.Store == nil {
		return nil, errors.New("gateway: a store is required")
	}
	if len(o.Salt) == 0 {
		return nil, errors.New("gateway: a salt is required")
	}
	if o.Timeout < 0 || o.Wait < 0 || o.CacheTTL < 0 || o.StaleTTL < 0 || o.KeyTTL < 0 || o.DeriveWindow < 0 || o.Rate < 0 || o.Burst < 0 || o.MaxBody < 0 {
		return nil, errors.New("gateway: negative duration or limit in options")
	}
	u, err := origin.CheckBase("gateway: upstream", o.Upstream, o.AllowHTTP)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	o.BasePath = cmp.Or(o.BasePath, "/api/v1/")
	if !strings.HasPrefix(o.BasePath, "/") || !strings.HasSuffix(o.BasePath, "/") {
		return nil, fmt.Errorf("gateway: base path must start and end with /, not %q", o.BasePath)
	}
	o.DeriveWindow = cmp.Or(o.DeriveWindow, 10*time.Minute)
	o.KeyTTL = cmp.Or(o.KeyTTL, 24*time.Hour)
	o.Timeout = cmp.Or(o.Timeout, 30*time.Second)
	o.Wait = cmp.Or(o.Wait, o.Timeout+5*time.Second)
	o.CacheTTL = cmp.Or(o.CacheTTL, 60*time.Second)
	o.StaleTTL = cmp.Or(o.StaleTTL, 10*time.Minute)
	o.Burst = cmp.Or(o.Burst, 1)
	o.MaxBody = cmp.Or(o.MaxBody, document.Request.MaxBytes())
	o.Body.Timeout = cmp.Or(o.Body.Timeout, 5*time.Second)
	o.Body.MinRate = cmp.Or(o.Body.MinRate, 256<<10)
	o.Body.LingerTime = cmp.Or(o.Body.LingerTime, 5*time.Second)
	o.Body.LingerBytes = cmp.Or(o.Body.LingerBytes, 64<<20)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	g := &Gateway{o: o, upstream: u, inflight: map[string]*flight{}, hot: map[string]Cached{}, rests: map[int64][]byte{}, scopes: map[string]string{}}
	var id [6]byte
	_, _ = rand.Read(id[:])
	g.owner = hex.EncodeToString(id[:])
	g.client = o.HTTPClient
	if g.client == nil {
		g.client = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	c := *g.client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse } // a redirect goes back to the caller, the sid stays here
	g.client = &c
	reg := pm.NewRegistry()
	if g.metrics, err = newMetrics(reg); err != nil {
		return nil, err
	}
	if o.Journal != nil {
		g.journal = &journal{w: o.Journal, salt: o.Salt}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", g.healthz)
	mux.HandleFunc("GET /readyz", g.readyz)
	mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) { writeBody(w, http.StatusOK, openAPI) })
	mux.HandleFunc("GET /metrics", reg.ServeHTTP)
	mux.HandleFunc("/_rkcart/", g.admin)
	mux.HandleFunc(o.BasePath, g.serveAPI)
	g.handler = mux
	return g, nil
}

// ServeHTTP serves the WebDelivery paths under the base path, and
// /healthz, /readyz, /metrics and the admin endpoints under /_rkcart/.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) { g.handler.ServeHTTP(w, r) }

func (g *Gateway) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "build": buildinfo.Read(), "mode": g.o.Mode.String()})
}

// readyz is ready when the store answers and the upstream answers HTTP
// at all (any status: it is reachable).
func (g *Gateway) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	out := map[string]any{"store": "ok", "upstream": "ok"}
	ready := true
	if err := g.o.Store.Ping(ctx); err != nil {
		out["store"], ready = err.Error(), false
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, g.upstream.String(), nil)
	if res, err := g.client.Do(req); err != nil {
		out["upstream"], ready = err.Error(), false
	} else {
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
	}
	status := http.StatusOK
	if !ready {
		status = http.StatusServiceUnavailable
	}
	out["ready"] = ready
	writeJSON(w, status, out)
}

// digest is a request's identity for its key: method, path, query, body.
func digest(method, path, query string, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s?%s\n", method, path, query)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// scope is a salted hash of the caller's sid: keys and cached reads are
// the sid's own, and no sid is ever written to the store. The few sids a
// gateway sees are remembered (at most maxScopes; then forgotten at once).
func (g *Gateway) scope(sid string) string {
	g.scopesMu.Lock()
	sc, ok := g.scopes[sid]
	g.scopesMu.Unlock()
	if ok {
		return sc
	}
	h := sha256.New()
	h.Write(g.o.Salt)
	h.Write([]byte{0})
	h.Write([]byte(sid))
	sc = hex.EncodeToString(h.Sum(nil)[:12])
	g.scopesMu.Lock()
	if len(g.scopes) >= maxScopes {
		clear(g.scopes)
	}
	g.scopes[sid] = sc
	g.scopesMu.Unlock()
	return sc
}

// maxScopes bounds the sids remembered (a caller choosing sids cannot
// grow the map).
const maxScopes = 1024
