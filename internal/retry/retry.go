// Package retry is the one retry policy of rkcart's HTTP clients (the
// WebDelivery client and the QR-menu poller): a bounded number of retries
// with a doubling, capped, optionally jittered delay, within the caller's
// context. What is worth retrying is the caller's to say, attempt by
// attempt.
package retry

import (
	"context"
	"fmt"
	"time"

	"github.com/rkcart/rkcart/internal/clock"
)

// Policy is how an operation is retried. The zero value retries nothing.
type Policy struct {
	Retries    int           // retries after the first attempt; ≤ 0: none
	Backoff    time.Duration // the first delay, doubled after each retry
	MaxBackoff time.Duration // the largest delay (0: no cap)
	// Jitter scales each delay (a factor such as [0.5, 1.5)); nil: none.
	Jitter func() float64
	// Sleep waits a delay, returning early with the context's error; nil:
	// a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Do runs attempt until it succeeds, says not to retry, or the retries or
// ctx run out. It returns nil or the last attempt's error; when ctx ended
// first, ctx's error wrapping the last attempt's (errors.Is finds both
// context.Canceled or DeadlineExceeded and the cause).
func (p Policy) Do(ctx context.Context, attempt func() (retry bool, err error)) error {
	sleep := p.Sleep
	if sleep == nil {
		sleep = clock.Sleep
	}
	delay := p.Backoff
	for n := 0; ; n++ {
		retry, err := attempt()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		if !retry || n >= p.Retries {
			return err
		}
		d := delay
		if p.Jitter != nil {
			d = time.Duration(float64(d) * p.Jitter())
		}
		if serr := sleep(ctx, d); serr != nil {
			return fmt.Errorf("%w (%w)", serr, err)
		}
		delay *= 2
		if p.MaxBackoff > 0 {
			delay = min(delay, p.MaxBackoff)
		}
	}
}
