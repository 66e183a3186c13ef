package webdelivery_test

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/bench"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/webdelivery"
)

// A fake clock and a server whose menu and health the test sets.
func TestSyncer(t *testing.T) {
	s, c, _ := newServer(t)
	var mu sync.Mutex
	current, down := demo.Menu(), false
	s.on("dishes", func(int, *http.Request) (int, []byte) {
		mu.Lock()
		defer mu.Unlock()
		if down {
			return 503, nil
		}
		return 200, current
	})
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	e, err := engine.New(&menu.Menu{}, nil, engine.Options{Now: clock})
	require.NoError(t, err)
	var updates []webdelivery.Update
	sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 199990094, Now: clock,
		OnUpdate: func(u webdelivery.Update) { updates = append(updates, u) }})
	require.NoError(t, err)
	ctx := context.Background()

	first := sy.Refresh(ctx)
	require.NoError(t, first.Err)
	assert.True(t, first.Changed, "the first menu is loaded")
	loaded := e.Menu()
	assert.Positive(t, loaded.Stats().Dishes)

	// Unchanged: no reload, the same menu object in the engine.
	advance(time.Minute)
	u := sy.Refresh(ctx)
	require.NoError(t, u.Err)
	assert.False(t, u.Changed)
	assert.Same(t, loaded, e.Menu(), "no reload for the same content")
	assert.Len(t, first.Version, 16)
	assert.Equal(t, first.Version, u.Version, "the same content, the same version")

	// A price changes: reload, and the diff names it.
	mu.Lock()
	current = []byte(strings.Replace(string(demo.Menu()), `"price": 5000,`, `"price": 5100,`, 1))
	mu.Unlock()
	advance(time.Minute)
	u = sy.Refresh(ctx)
	require.NoError(t, u.Err)
	assert.True(t, u.Changed)
	require.Len(t, u.Changes, 1)
	assert.Equal(t, menu.DishPrice, u.Changes[0].Kind)
	assert.Equal(t, "51.00", u.Changes[0].New)
	assert.NotSame(t, loaded, e.Menu())
	assert.NotEqual(t, first.Version, u.Version, "new content, a new version")

	// Server down: the last good menu stays, its age grows.
	mu.Lock()
	down = true
	mu.Unlock()
	kept := e.Menu()
	advance(3 * time.Minute)
	u = sy.Refresh(ctx)
	assert.Error(t, u.Err)
	assert.Same(t, kept, e.Menu(), "the last good menu is kept")
	assert.Equal(t, 3*time.Minute, u.Age)
	advance(2 * time.Minute)
	assert.Equal(t, 5*time.Minute, sy.Age())
	assert.Len(t, updates, 4)
}

// Concurrent refreshes are collapsed into one request.
func TestSyncerCollapsesRefreshes(t *testing.T) {
	s, c, _ := newServer(t)
	release := make(chan struct{})
	var hits atomic.Int32
	s.on("dishes", func(int, *http.Request) (int, []byte) {
		hits.Add(1)
		<-release
		return 200, demo.Menu()
	})
	e, err := engine.New(&menu.Menu{}, nil, engine.Options{})
	require.NoError(t, err)
	sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { sy.Refresh(context.Background()) })
	}
	// While the first request is held, the others wait for it. Without
	// collapsing, all five would be inside the handler at once.
	for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline) && hits.Load() < 5; {
		time.Sleep(10 * time.Millisecond)
	}
	assert.Less(t, hits.Load(), int32(5), "concurrent refreshes shared a request")
	close(release)
	wg.Wait()
	// A later refresh asks again.
	before := hits.Load()
	sy.Refresh(context.Background())
	assert.Equal(t, before+1, hits.Load())
}

func TestSyncerOptions(t *testing.T) {
	_, c, _ := newServer(t)
	e, _ := engine.New(&menu.Menu{}, nil, engine.Options{})
	_, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{})
	assert.Error(t, err)
	_, err = webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1, Interval: time.Second})
	assert.ErrorContains(t, err, "below 10s")
	// Run stops with its context.
	sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1, Sleep: func(context.Context, time.Duration) error { return context.Canceled }})
	require.NoError(t, err)
	assert.ErrorIs(t, sy.Run(context.Background()), context.Canceled)
}

// A fetched menu with no dishes, or one that loses more than MaxLoss of
// the menu in use, is refused as suspicious: the menu in use stays, the
// update says why. AcceptSuspicious loads it.
func TestSyncerRefusesSuspiciousMenus(t *testing.T) {
	s, c, _ := newServer(t)
	var mu sync.Mutex
	current := bench.MenuJSON(bench.DefaultSpec(100))
	s.on("dishes", func(int, *http.Request) (int, []byte) { mu.Lock(); defer mu.Unlock(); return 200, current })
	serve := func(b []byte) { mu.Lock(); current = b; mu.Unlock() }
	e, err := engine.New(&menu.Menu{}, nil, engine.Options{})
	require.NoError(t, err)
	sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1})
	require.NoError(t, err)
	ctx := context.Background()

	serve([]byte(`{"data":{"dishes":[],"modifiers":[],"commonModifiers":[]},"status":"Ok"}`))
	u := sy.Refresh(ctx)
	require.ErrorIs(t, u.Err, webdelivery.ErrSuspicious, "an empty first menu is refused too")
	assert.Zero(t, e.Menu().Stats().Dishes)

	serve(bench.MenuJSON(bench.DefaultSpec(100)))
	require.NoError(t, sy.Refresh(ctx).Err)
	good := e.Menu()
	for name, body := range map[string][]byte{
		"empty":          []byte(`{"data":{"dishes":[],"modifiers":[],"commonModifiers":[]},"status":"Ok"}`),
		"lost 60 of 100": bench.MenuJSON(bench.DefaultSpec(40)),
	} {
		serve(body)
		u := sy.Refresh(ctx)
		require.ErrorIs(t, u.Err, webdelivery.ErrSuspicious, name)
		var se *webdelivery.SuspiciousError
		require.ErrorAs(t, u.Err, &se)
		assert.Equal(t, 100, se.Before, name)
		assert.False(t, u.Changed, name)
		assert.Same(t, good, e.Menu(), "%s: the menu in use stays", name)
	}
	serve(bench.MenuJSON(bench.DefaultSpec(60))) // lost 40 %: within the default 50 %
	u = sy.Refresh(ctx)
	require.NoError(t, u.Err)
	assert.Equal(t, 60, e.Menu().Stats().Dishes)

	lax, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1, AcceptSuspicious: true})
	require.NoError(t, err)
	serve([]byte(`{"data":{"dishes":[],"modifiers":[],"commonModifiers":[]},"status":"Ok"}`))
	require.NoError(t, lax.Refresh(ctx).Err)
	assert.Zero(t, e.Menu().Stats().Dishes, "accepted when asked")

	for _, bad := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 1, MaxLoss: bad})
		assert.Error(t, err, "%v", bad)
	}
}
