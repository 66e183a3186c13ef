package webdelivery

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rkcart/rkcart/internal/clock"
)

// ScheduleOptions configure a Scheduler. Zero fields take the defaults.
type ScheduleOptions struct {
	// Interval is every object's refresh interval (default
	// DefaultSyncInterval, at least MinSyncInterval). The objects' first
	// refreshes are spread evenly over one interval, not fired at once.
	Interval time.Duration
	// Backoff is a failed object's first retry delay, doubled per failure
	// and capped at Interval (default 5 s): a failing object retries on its
	// own turn and takes no others'.
	Backoff time.Duration
	Now     func() time.Time                                 // nil: time.Now
	Sleep   func(ctx context.Context, d time.Duration) error // nil: a timer
}

// Scheduler refreshes many objects' syncers against one WebDelivery
// server, one refresh at a time: each object on its own offset within the
// interval, every request paced by the client's RequestsPerSecond (one
// bucket for every object), and the corporation's rests fetched once per
// interval for all its objects (Rests). Add the syncers, then Run.
type Scheduler struct {
	o       ScheduleOptions
	syncers []*Syncer

	// The shared rests answer of each corporation, fetched at most once
	// per interval (and once for concurrent askers).
	mu    sync.Mutex
	rests map[int64]restsEntry
	sf    singleflight.Group
}

type restsEntry struct {
	raw []byte
	at  time.Time
}

// NewScheduler returns a scheduler.
//
// It returns an error if Interval is below MinSyncInterval or Backoff is
// negative.
func NewScheduler(o ScheduleOptions) (*Scheduler, error) {
	if o.Interval == 0 {
		o.Interval = DefaultSyncInterval
	}
	if o.Interval < MinSyncInterval {
		return nil, fmt.Errorf("webdelivery: sync interval %v is below %v", o.Interval, MinSyncInterval)
	}
	if o.Backoff < 0 {
		return nil, errors.New("webdelivery: negative Backoff")
	}
	if o.Backoff == 0 {
		o.Backoff = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	return &Scheduler{o: o, rests: map[int64]restsEntry{}}, nil
}

// Add gives the scheduler a syncer; its corporation's rests (CorpID) are
// then fetched through the scheduler, once per interval for every object
// of that corporation. Call it before Run.
func (s *Scheduler) Add(sy *Syncer) {
	sy.restsFrom = s
	s.syncers = append(s.syncers, sy)
}

// restsOf returns corp's rests answer, fetching it when the one in hand
// is older than the interval.
func (s *Scheduler) restsOf(ctx context.Context, c *Client, corp int64) ([]byte, error) {
	s.mu.Lock()
	e, ok := s.rests[corp]
	s.mu.Unlock()
	if ok && s.o.Now().Sub(e.at) < s.o.Interval {
		return e.raw, nil
	}
	v, err, _ := s.sf.Do(fmt.Sprint(corp), func() (any, error) {
		_, raw, err := c.Restaurants(ctx, corp)
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.rests[corp] = restsEntry{raw: raw, at: s.o.Now()}
		s.mu.Unlock()
		return raw, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// Run refreshes every object on its turn until ctx ends, and returns ctx's
// error. Object i of n first refreshes at i/n of an interval from the
// start, then every interval; after a failure, after its backoff.
func (s *Scheduler) Run(ctx context.Context) error {
	n := len(s.syncers)
	if n == 0 {
		<-ctx.Done()
		return ctx.Err()
	}
	start := s.o.Now()
	due := make([]time.Time, n)
	fails := make([]int, n)
	for i := range due {
		due[i] = start.Add(time.Duration(int64(s.o.Interval) * int64(i) / int64(n)))
	}
	for {
		next := 0
		for i := range due {
			if due[i].Before(due[next]) {
				next = i
			}
		}
		if d := due[next].Sub(s.o.Now()); d > 0 {
			if err := s.o.Sleep(ctx, d); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		u := s.syncers[next].Refresh(ctx)
		if u.Err != nil && ctx.Err() == nil {
			fails[next]++
			wait := s.o.Backoff << min(fails[next]-1, 30)
			due[next] = s.o.Now().Add(min(wait, s.o.Interval))
			continue
		}
		fails[next] = 0
		due[next] = due[next].Add(s.o.Interval)
		if now := s.o.Now(); due[next].Before(now) { // behind (the bucket is the limit): keep the order, drop the missed turns
			due[next] = now
		}
	}
}
