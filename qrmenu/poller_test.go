package qrmenu_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/qrmenu"
)

// queueServer is a fake QR server: a queue of events that expire after ttl
// on a fake clock, answering GET /api/v4/events?hash=… as documented.
type queueServer struct {
	mu           sync.Mutex
	now          time.Time
	ttl          time.Duration
	events       []queued
	next         int
	ignoreHash   bool // answer the whole queue whatever the hash (repeats)
	fail         int  // answer 503 this many times
	status       int  // answer this status instead (once set)
	body         string
	delay        time.Duration
	gotHashes    []string
	gotTokens    []string
	requestCount int
}

type queued struct {
	hash string
	at   time.Time
}

func (s *queueServer) add(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.next++
		s.events = append(s.events, queued{fmt.Sprintf("0x%04x", s.next), s.now})
	}
}

func (s *queueServer) advance(d time.Duration) {
	s.mu.Lock()
	s.now = s.now.Add(d)
	s.mu.Unlock()
}

func (s *queueServer) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *queueServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requestCount++
	s.gotHashes = append(s.gotHashes, r.URL.Query().Get("hash"))
	s.gotTokens = append(s.gotTokens, r.Header.Get("token"))
	delay, fail := s.delay, s.fail > 0
	if fail {
		s.fail--
	}
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.URL.Path != "/api/v4/events":
		http.NotFound(w, r)
		return
	case fail:
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	case s.status != 0:
		http.Error(w, "no", s.status)
		return
	case s.body != "":
		fmt.Fprint(w, s.body)
		return
	}
	live := s.events[:0:0]
	for _, e := range s.events {
		if s.now.Sub(e.at) < s.ttl {
			live = append(live, e)
		}
	}
	hash := r.URL.Query().Get("hash")
	start := 0
	if hash != "none" && !s.ignoreHash {
		for i, e := range live {
			if e.hash == hash {
				start = i + 1
			}
		}
	}
	var parts []string
	for _, e := range live[start:] {
		parts = append(parts, fmt.Sprintf(`{"hash":%q,"code":"waiter_call","table":1000028,"invoice":null,"order":null}`, e.hash))
	}
	fmt.Fprintf(w, `{"result":true,"data":{"updates":[%s]}}`, strings.Join(parts, ","))
}

func newPoller(t *testing.T, s *queueServer, mutate func(*qrmenu.PollerOptions)) (*qrmenu.Poller, *[]time.Duration) {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var sleeps []time.Duration
	opts := qrmenu.PollerOptions{BaseURL: srv.URL, Token: "secret", AllowHTTP: true, Now: s.clock, QueueTTL: s.ttl, Timeout: 2 * time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error { sleeps = append(sleeps, d); return ctx.Err() }}
	if mutate != nil {
		mutate(&opts)
	}
	p, err := qrmenu.NewPoller(opts)
	require.NoError(t, err)
	return p, &sleeps
}

func hashes(b qrmenu.Batch) []string {
	out := []string{}
	for _, e := range b.Events {
		out = append(out, e.Hash)
	}
	return out
}

func newQueue() *queueServer {
	return &queueServer{now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ttl: 5 * time.Minute}
}

func TestPollerFollowsHashes(t *testing.T) {
	s := newQueue()
	p, _ := newPoller(t, s, nil)
	ctx := context.Background()
	s.add(2)
	b, err := p.Poll(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"0x0001", "0x0002"}, hashes(b))
	assert.False(t, b.Gap)
	s.add(1)
	s.advance(time.Minute)
	b, err = p.Poll(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"0x0003"}, hashes(b))
	b, err = p.Poll(ctx)
	require.NoError(t, err)
	assert.Empty(t, b.Events)
	assert.Equal(t, "0x0003", b.Hash)
	assert.Equal(t, []string{"none", "0x0002", "0x0003"}, s.gotHashes)
	assert.Equal(t, []string{"secret", "secret", "secret"}, s.gotTokens)
}

func TestPollerDropsDuplicates(t *testing.T) {
	s := newQueue()
	s.ignoreHash = true // the server sends its whole queue every time
	p, _ := newPoller(t, s, nil)
	s.add(2)
	_, err := p.Poll(context.Background())
	require.NoError(t, err)
	s.add(1)
	b, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"0x0003"}, hashes(b))
	assert.Equal(t, 2, b.Duplicates)
}

func TestPollerGap(t *testing.T) {
	s := newQueue()
	p, _ := newPoller(t, s, nil)
	s.add(1)
	_, err := p.Poll(context.Background())
	require.NoError(t, err)
	// Away for six minutes: events 2 and 3 came and expired unseen.
	s.add(2)
	s.advance(5*time.Minute + time.Second)
	s.add(1)
	s.advance(time.Minute)
	b, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.True(t, b.Gap)
	assert.True(t, b.Resync)
	assert.Equal(t, []string{"0x0004"}, hashes(b))
	assert.Equal(t, "none", s.gotHashes[1], "an expired hash is not sent")
}

func TestPollerQuietQueueIsNoGap(t *testing.T) {
	s := newQueue()
	p, _ := newPoller(t, s, nil)
	s.add(1)
	_, err := p.Poll(context.Background())
	require.NoError(t, err)
	for range 7 { // polled every minute, nothing new: the hash ages out, nothing is missed
		s.advance(time.Minute)
		_, err := p.Poll(context.Background())
		require.NoError(t, err)
	}
	s.add(1)
	b, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.False(t, b.Gap)
	assert.True(t, b.Resync)
	assert.Equal(t, []string{"0x0002"}, hashes(b))
}

func TestPollerRetries5xx(t *testing.T) {
	s := newQueue()
	s.fail = 2
	p, sleeps := newPoller(t, s, func(o *qrmenu.PollerOptions) { o.Backoff = 100 * time.Millisecond })
	s.add(1)
	b, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.Len(t, b.Events, 1)
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}, *sleeps)
	assert.Equal(t, 3, s.requestCount)

	s.fail = 10
	_, err = p.Poll(context.Background())
	var he *qrmenu.HTTPError
	require.True(t, errors.As(err, &he))
	assert.Equal(t, http.StatusServiceUnavailable, he.Status)
}

func TestPollerDoesNotRetry4xx(t *testing.T) {
	s := newQueue()
	s.status = http.StatusForbidden
	p, sleeps := newPoller(t, s, nil)
	_, err := p.Poll(context.Background())
	var he *qrmenu.HTTPError
	require.True(t, errors.As(err, &he))
	assert.Equal(t, 403, he.Status)
	assert.Empty(t, *sleeps)
	assert.Equal(t, 1, s.requestCount)
}

func TestPollerMalformedBody(t *testing.T) {
	s := newQueue()
	s.body = `{"result":true,"data":{"updates":[{"hash":`
	p, _ := newPoller(t, s, nil)
	_, err := p.Poll(context.Background())
	require.ErrorIs(t, err, qrmenu.ErrDecode)
	assert.Equal(t, "", p.Last(), "a failed poll changes nothing")

	s.body = `{"result":false}`
	_, err = p.Poll(context.Background())
	assert.ErrorIs(t, err, qrmenu.ErrNotOK)
}

func TestPollerSlowServerTimesOut(t *testing.T) {
	s := newQueue()
	s.delay = 2 * time.Second
	p, _ := newPoller(t, s, func(o *qrmenu.PollerOptions) { o.Timeout = 50 * time.Millisecond; o.Retries = 1 })
	start := time.Now()
	_, err := p.Poll(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second, "two 50 ms attempts, not the server's 2 s")
}

func TestPollerCancellation(t *testing.T) {
	s := newQueue()
	s.delay = 2 * time.Second
	p, _ := newPoller(t, s, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Poll(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)

	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err = p.Poll(canceled)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestNewPollerErrors(t *testing.T) {
	for _, o := range []qrmenu.PollerOptions{{BaseURL: "ftp://x", Token: "t"}, {BaseURL: "http://x", AllowHTTP: true},
		{BaseURL: "::", Token: "t"}, {BaseURL: "http://x", Token: "t"}} {
		_, err := qrmenu.NewPoller(o)
		assert.Error(t, err, o.BaseURL)
	}
	_, err := qrmenu.NewPoller(qrmenu.PollerOptions{BaseURL: "http://x", Token: "t"})
	assert.ErrorContains(t, err, "plain http")
	_, err = qrmenu.NewPoller(qrmenu.PollerOptions{BaseURL: "https://x", Token: "t"})
	assert.NoError(t, err)
}

// A redirect to another host is refused, and the token never reaches it;
// a redirect within the same host is followed with the token.
func TestPollerRefusesCrossHostRedirects(t *testing.T) {
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("token") != "" {
			leaked.Add(1)
		}
		fmt.Fprint(w, `{"result":true,"data":{"updates":[]}}`)
	}))
	defer other.Close()
	var polls atomic.Int32
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v4/events":
			polls.Add(1)
			http.Redirect(w, r, other.URL+"/api/v4/events?"+r.URL.RawQuery, http.StatusFound)
		}
	}))
	defer home.Close()
	p, err := qrmenu.NewPoller(qrmenu.PollerOptions{BaseURL: home.URL, Token: "secret", AllowHTTP: true,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	require.NoError(t, err)
	_, err = p.Poll(context.Background())
	require.ErrorIs(t, err, qrmenu.ErrRedirect)
	assert.Zero(t, leaked.Load(), "the token went to the other host")
	assert.Equal(t, int32(1), polls.Load(), "a refused redirect is not retried")

	// Same host, another path: followed, with the token.
	var tokens atomic.Int32
	same := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v4/events" {
			http.Redirect(w, r, "/moved?"+r.URL.RawQuery, http.StatusFound)
			return
		}
		if r.Header.Get("token") == "secret" {
			tokens.Add(1)
		}
		fmt.Fprint(w, `{"result":true,"data":{"updates":[]}}`)
	}))
	defer same.Close()
	p, err = qrmenu.NewPoller(qrmenu.PollerOptions{BaseURL: same.URL, Token: "secret", AllowHTTP: true})
	require.NoError(t, err)
	_, err = p.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), tokens.Load())
}
