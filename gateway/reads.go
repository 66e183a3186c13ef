package gateway

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// flight is a read this process is fetching; others wait for it.
type flight struct {
	done chan struct{}
	c    Cached
	err  error
}

// cacheKey names a read in the cache: the caller's sid scope, the path
// and the query with its parameters in order.
func (g *Gateway) cacheKey(sid, rel, rawQuery string) string {
	if strings.ContainsAny(rawQuery, "&;%+") { // several parameters, or escapes: one spelling
		if q, err := url.ParseQuery(rawQuery); err == nil {
			rawQuery = q.Encode() // sorted by key
		}
	}
	return g.scope(sid) + " " + rel + "?" + rawQuery
}

// read serves rests, dishes, menutree and Currency from the cache.
func (g *Gateway) read(ex *exchange) {
	c, state, err := g.cached(ex.r.Context(), ex.r.Header, ex.rel, ex.r.URL.RawQuery)
	if err != nil {
		g.upstreamFailed(ex.w, err)
		return
	}
	g.metrics.cache.WithLabelValues(ex.call, state).Inc()
	ex.w.Header().Set("Rkcart-Cache", state)
	ex.w.Header().Set("Age", strconv.FormatInt(int64(max(0, g.o.Now().Sub(c.At)/time.Second)), 10))
	if ex.call == "rests" && state != "miss" {
		g.learnRests(c.Body) // fetched by another replica: learn its restaurants too
	}
	if ex.call == "dishes" {
		if q := ex.r.URL.Query(); len(q) == 1 && q.Get("objectid") != "" {
			// Build the object now, so that its carts are judged at once
			// and the menu's version goes out with it.
			if id, err := strconv.ParseInt(q.Get("objectid"), 10, 64); err == nil && id > 0 {
				if _, v, _ := g.engineFor(ex.r.Context(), ex.r.Header, id, g.o.Engine.Lang); v != "" {
					ex.w.Header().Set("Rkcart-Menu-Version", v)
				}
			}
		}
	}
	h := http.Header{}
	if c.ContentType != "" {
		h.Set("Content-Type", c.ContentType)
	}
	answer{status: c.Status, header: h, body: c.Body}.write(ex.w)
}

// cached returns a read's answer: fresh from the store (hit), stale
// while one refresh runs in the background (stale), or fetched now
// (miss) — once for concurrent misses of this process, and, through a
// store lock, of the fleet. Only 200 answers with status Ok are kept;
// others pass through uncached.
func (g *Gateway) cached(ctx context.Context, h http.Header, rel, rawQuery string) (Cached, string, error) {
	return g.cachedAt(ctx, g.cacheKey(h.Get("sid"), rel, rawQuery), h, rel, rawQuery)
}

// cachedAt is cached with its key computed.
func (g *Gateway) cachedAt(ctx context.Context, key string, h http.Header, rel, rawQuery string) (Cached, string, error) {
	if c, ok := g.hotGet(key); ok {
		return c, "hit", nil
	}
	c, found, err := g.o.Store.CacheGet(ctx, key)
	if err != nil {
		g.o.Logger.Warn("gateway: cache", "err", err) // reads go on without the cache
	}
	age := g.o.Now().Sub(c.At)
	switch {
	case found && age < g.o.CacheTTL:
		g.hotPut(key, c)
		return c, "hit", nil
	case found && age < g.o.CacheTTL+g.o.StaleTTL:
		if ok, _ := g.o.Store.Lock(ctx, "refresh "+key, g.o.Timeout); ok {
			hc := h.Clone()
			go func() { _, _ = g.fetch(context.Background(), key, hc, rel, rawQuery) }()
		}
		return c, "stale", nil
	}
	c, err = g.fetch(ctx, key, h, rel, rawQuery)
	return c, "miss", err
}

// fetch gets a read from upstream once per key at a time in this
// process; another replica's fetch under way (its lock) is waited for in
// the store.
func (g *Gateway) fetch(ctx context.Context, key string, h http.Header, rel, rawQuery string) (Cached, error) {
	g.cacheMu.Lock()
	if f := g.inflight[key]; f != nil {
		g.cacheMu.Unlock()
		select {
		case <-f.done:
			return f.c, f.err
		case <-ctx.Done():
			return Cached{}, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	g.inflight[key] = f
	g.cacheMu.Unlock()
	defer func() {
		g.cacheMu.Lock()
		delete(g.inflight, key)
		g.cacheMu.Unlock()
		close(f.done)
	}()
	if ok, err := g.o.Store.Lock(ctx, "fetch "+key, g.o.Timeout); err == nil && !ok {
		// Another gateway is fetching it: wait for its answer in the store.
		for deadline := g.o.Now().Add(g.o.Timeout); g.o.Now().Before(deadline); {
			select {
			case <-time.After(50 * time.Millisecond):
			case <-ctx.Done():
				f.err = ctx.Err()
				return Cached{}, f.err
			}
			if c, found, _ := g.o.Store.CacheGet(ctx, key); found && g.o.Now().Sub(c.At) < g.o.CacheTTL {
				g.hotPut(key, c)
				f.c = c
				return c, nil
			}
		}
	}
	a, err := g.send(ctx, http.MethodGet, rel, rawQuery, h, nil)
	if err != nil {
		f.err = err
		return Cached{}, err
	}
	f.c = Cached{Status: a.status, ContentType: a.header.Get("Content-Type"), Body: a.body, At: g.o.Now().UTC()}
	if e, ok := a.envelopeOf(); a.status == http.StatusOK && ok && e.ok() {
		g.hotPut(key, f.c)
		if err := g.o.Store.CachePut(ctx, key, f.c, g.o.CacheTTL+g.o.StaleTTL); err != nil {
			g.o.Logger.Warn("gateway: cache", "err", err)
		}
		if rel == "rests" {
			g.learnRests(a.body)
		}
	}
	return f.c, nil
}

// maxHot and maxHotBytes bound the answers kept in memory (by count and
// by their bodies' bytes: a caller cycling sids must not fill memory with
// copies of a large menu); past either they are dropped and read from the
// store again.
const (
	maxHot      = 1024
	maxHotBytes = 256 << 20
)

// The hot layer keeps fresh answers in memory, so that a fresh read (and
// the menu every cart is judged with) costs no store round trip and no
// decoding. It holds only answers younger than CacheTTL, which the store
// would give unchanged: another replica replaces an answer only once it
// is stale.
func (g *Gateway) hotGet(key string) (Cached, bool) {
	g.cacheMu.Lock()
	defer g.cacheMu.Unlock()
	c, ok := g.hot[key]
	if ok && g.o.Now().Sub(c.At) >= g.o.CacheTTL {
		g.hotBytes -= len(c.Body)
		delete(g.hot, key)
		return Cached{}, false
	}
	return c, ok
}

func (g *Gateway) hotPut(key string, c Cached) {
	g.cacheMu.Lock()
	defer g.cacheMu.Unlock()
	if len(g.hot) >= maxHot || g.hotBytes+len(c.Body) > maxHotBytes {
		clear(g.hot)
		g.hotBytes = 0
	}
	g.hotBytes += len(c.Body) - len(g.hot[key].Body)
	g.hot[key] = c
}
