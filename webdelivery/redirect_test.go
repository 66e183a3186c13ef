package webdelivery_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/webdelivery"
)

// other is a server on another origin that records what reaches it.
type other struct {
	srv   *httptest.Server
	hits  atomic.Int32
	sids  atomic.Int32
	posts atomic.Int32
}

func newOther(t *testing.T, answer []byte) *other {
	o := &other{}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.hits.Add(1)
		if r.Header.Get("sid") != "" {
			o.sids.Add(1)
		}
		if r.Method == http.MethodPost {
			o.posts.Add(1)
		}
		_, _ = w.Write(answer)
	}))
	t.Cleanup(o.srv.Close)
	// "localhost" instead of 127.0.0.1: another host as far as the
	// client can tell.
	o.srv.URL = strings.Replace(o.srv.URL, "127.0.0.1", "localhost", 1)
	return o
}

// The reproducer: the WebDelivery URL redirects (307, 302) to
// another host. The sid never reaches it, the order body is never
// re-posted there, its menu is never loaded, and the error names the
// target.
func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	evil := newOther(t, []byte(`{"data":{"visit_id":"666","order_sum":1},"status":"Ok"}`))
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusFound, http.StatusPermanentRedirect, http.StatusMovedPermanently} {
		home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, evil.srv.URL+r.URL.RequestURI(), code)
		}))
		c, err := webdelivery.New(webdelivery.Options{BaseURL: home.URL + "/api/v1/", SID: "secret-sid", Retries: -1})
		require.NoError(t, err)
		_, _, err = c.Dishes(context.Background(), 199990094, "")
		require.ErrorIs(t, err, webdelivery.ErrRedirect, "%d", code)
		assert.Contains(t, err.Error(), evil.srv.URL, "the error names the target")

		cart, res := pricedCart(t)
		_, err = c.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
		require.ErrorIs(t, err, webdelivery.ErrRedirect, "%d", code)
		assert.NotErrorIs(t, err, webdelivery.ErrStateUnknown, "a redirect is an answer: the server did not act on it")
		home.Close()
	}
	assert.Zero(t, evil.hits.Load(), "nothing reaches the other host")
	assert.Zero(t, evil.sids.Load())
	assert.Zero(t, evil.posts.Load())
}

// A POST is never re-sent to a redirect, even on the same origin; a read
// follows a redirect within its origin, sid included.
func TestRedirectWithinTheOrigin(t *testing.T) {
	var posts, reads atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/v1/"+strings.TrimPrefix(r.URL.RequestURI(), "/old/"), http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/api/v1/dishes", func(w http.ResponseWriter, r *http.Request) {
		reads.Add(1)
		assert.Equal(t, "secret-sid", r.Header.Get("sid"))
		_, _ = w.Write(demo.Menu())
	})
	mux.HandleFunc("/api/v1/savedeliveryorder", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/old/", SID: "secret-sid", Retries: -1})
	require.NoError(t, err)
	m, _, err := c.Dishes(context.Background(), 1, "")
	require.NoError(t, err)
	assert.Positive(t, m.Stats().Dishes)
	assert.Equal(t, int32(1), reads.Load())
	cart, res := pricedCart(t)
	_, err = c.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
	require.ErrorIs(t, err, webdelivery.ErrRedirect)
	assert.Zero(t, posts.Load(), "the order is not re-posted to the redirect")
}

// Plain http is for loopback unless allowed; https and loopback need no
// flag.
func TestPlainHTTPNeedsAllowHTTP(t *testing.T) {
	for base, ok := range map[string]bool{
		"http://pos.example.com/api/v1/": false,
		"http://10.0.0.5:9000/":          false,
		"http://127.0.0.1:9000/":         true,
		"http://127.0.0.2/":              true,
		"http://localhost:8090/api/v1/":  true,
		"http://[::1]:8090/":             true,
		"https://pos.example.com/":       true,
	} {
		_, err := webdelivery.New(webdelivery.Options{BaseURL: base})
		assert.Equal(t, ok, err == nil, "%s: %v", base, err)
		_, err = webdelivery.New(webdelivery.Options{BaseURL: base, AllowHTTP: true})
		assert.NoError(t, err, base)
	}
}

// Reads retry an attempt that ran out of Options.Timeout (the caller's
// context still has time); the writes never do, and say unknown.
func TestReadsRetryAttemptTimeouts(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			select { // the first attempt hangs past the client's per-attempt timeout
			case <-r.Context().Done():
			case <-time.After(1500 * time.Millisecond):
			}
			return
		}
		_, _ = w.Write(demo.Menu())
	}))
	defer srv.Close()
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/", Timeout: 200 * time.Millisecond,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
	require.NoError(t, err)
	_, _, err = c.Dishes(context.Background(), 1, "")
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load(), "the slow attempt was retried")
	assert.True(t, webdelivery.Retryable(context.DeadlineExceeded))

	n.Store(0)
	cart, res := pricedCart(t)
	_, err = c.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
	require.ErrorIs(t, err, webdelivery.ErrStateUnknown, "a time-out after sending: unknown")
	assert.Equal(t, int32(1), n.Load())

	// The caller's own deadline ends the reads.
	n.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, _, err = c.Dishes(ctx, 1, "")
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Equal(t, int32(1), n.Load())
}
