package webdelivery_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/webdelivery"
)

// fakeClock is a clock that moves only when somebody sleeps: the
// scheduler runs on one goroutine, so time is deterministic.
type fakeClock struct {
	mu  sync.Mutex
	t   time.Time
	end time.Time
	cut context.CancelFunc
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	over := !c.t.Before(c.end)
	c.mu.Unlock()
	if over {
		c.cut()
	}
	return ctx.Err()
}

// Fifty objects of one corporation against the fake POS, paced at 2
// requests a second: every interval has at most one dishes request per
// object and one rests request for them all, requests are at least half a
// second apart, and the first round is spread over the interval rather
// than a burst.
func TestSchedulerSparesThePOS(t *testing.T) {
	const objects, rps = 50, 2.0
	start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := &fakeClock{t: start, end: start.Add(3 * time.Minute), cut: cancel}
	var objs []fakepos.Object
	for i := range objects {
		id := 300000 + i
		objs = append(objs, fakepos.Object{Menu: demo.Menu(), Restaurant: []byte(strings.Replace(string(demo.Restaurant()), "199994335", fmt.Sprint(id), 1))})
	}
	f, err := fakepos.New(fakepos.Config{Objects: objs, Now: clk.Now})
	require.NoError(t, err)
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", SID: "s", RequestsPerSecond: rps, Now: clk.Now, Sleep: clk.Sleep})
	require.NoError(t, err)
	sch, err := webdelivery.NewScheduler(webdelivery.ScheduleOptions{Interval: time.Minute, Now: clk.Now, Sleep: clk.Sleep})
	require.NoError(t, err)
	engines := map[menu.ID]*engine.Engine{}
	for i := range objects {
		id := menu.ID(300000 + i)
		e, err := engine.New(&menu.Menu{}, nil, engine.Options{})
		require.NoError(t, err)
		engines[id] = e
		sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: id, CorpID: 1, Interval: time.Minute, Now: clk.Now})
		require.NoError(t, err)
		sch.Add(sy)
	}
	assert.ErrorIs(t, sch.Run(ctx), context.Canceled)

	reqs := f.Snapshot().Requests
	require.NotEmpty(t, reqs)
	for round := range 3 {
		from, to := start.Add(time.Duration(round)*time.Minute), start.Add(time.Duration(round+1)*time.Minute)
		count := map[string]int{}
		for _, r := range reqs {
			if !r.At.Before(from) && r.At.Before(to) {
				count[strings.TrimPrefix(r.Path, "/api/v1/")]++
			}
		}
		t.Logf("minute %d: %v", round+1, count)
		assert.LessOrEqual(t, count["dishes"], objects, "minute %d", round+1)
		assert.LessOrEqual(t, count["rests"], 1, "minute %d: one rests for the whole corporation", round+1)
		assert.Greater(t, count["dishes"], objects/2, "minute %d: the objects do get their turns", round+1)
	}
	for i := 1; i < len(reqs); i++ {
		assert.GreaterOrEqual(t, reqs[i].At.Sub(reqs[i-1].At), time.Duration(float64(time.Second)/rps), "requests %d and %d", i-1, i)
	}
	// Spread, not a burst: the first round's requests cover most of the
	// minute.
	var last time.Time
	for _, r := range reqs {
		if r.At.Before(start.Add(time.Minute)) && strings.HasSuffix(r.Path, "/dishes") {
			last = r.At
		}
	}
	assert.Greater(t, last.Sub(start), 45*time.Second)
	for id, e := range engines {
		require.NotNil(t, e.Restaurant(), "object %d has its restaurant", id)
		assert.Equal(t, id, e.Restaurant().ID)
	}
}

// A failing object backs off on its own turns; the others keep theirs.
func TestSchedulerFailingObjectBacksOff(t *testing.T) {
	start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := &fakeClock{t: start, end: start.Add(5 * time.Minute), cut: cancel}
	f, err := fakepos.New(fakepos.Config{Now: clk.Now})
	require.NoError(t, err)
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", Retries: -1, Now: clk.Now, Sleep: clk.Sleep})
	require.NoError(t, err)
	sch, err := webdelivery.NewScheduler(webdelivery.ScheduleOptions{Interval: time.Minute, Backoff: 10 * time.Second, Now: clk.Now, Sleep: clk.Sleep})
	require.NoError(t, err)
	var mu sync.Mutex
	updates := map[menu.ID][]time.Time{}
	for _, id := range []menu.ID{199994335, 424242} { // the second is unknown to the POS: it fails
		e, err := engine.New(&menu.Menu{}, nil, engine.Options{})
		require.NoError(t, err)
		sy, err := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: id, Interval: time.Minute, Now: clk.Now,
			OnUpdate: func(u webdelivery.Update) { mu.Lock(); updates[id] = append(updates[id], u.At); mu.Unlock() }})
		require.NoError(t, err)
		sch.Add(sy)
	}
	_ = sch.Run(ctx)
	good, bad := updates[199994335], updates[424242]
	assert.Len(t, good, 5, "the good object every minute: %v", good)
	require.GreaterOrEqual(t, len(bad), 5)
	assert.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute}, gaps(bad[:5]), "doubling, capped at the interval")
}

func gaps(ts []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(ts); i++ {
		out = append(out, ts[i].Sub(ts[i-1]).Round(time.Second))
	}
	return out
}
