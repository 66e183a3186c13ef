package retry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/rkcart/rkcart/internal/retry"
)

func TestDo(t *testing.T) {
	var slept []time.Duration
	p := retry.Policy{Retries: 4, Backoff: 100 * time.Millisecond, MaxBackoff: 300 * time.Millisecond,
		Jitter: func() float64 { return 1 },
		Sleep:  func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	boom := errors.New("boom")
	n := 0
	err := p.Do(context.Background(), func() (bool, error) { n++; return true, boom })
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 5, n, "the first attempt and four retries")
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond}, slept, "doubling, capped")

	n = 0
	err = p.Do(context.Background(), func() (bool, error) { n++; return false, boom })
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, n, "not worth retrying: once")

	n = 0
	assert.NoError(t, p.Do(context.Background(), func() (bool, error) {
		n++
		if n < 3 {
			return true, boom
		}
		return false, nil
	}))
	assert.Equal(t, 3, n)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = p.Do(ctx, func() (bool, error) { return true, boom })
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, boom, "the cause is kept")

	half := retry.Policy{Retries: 1, Backoff: 100 * time.Millisecond, Jitter: func() float64 { return 0.5 },
		Sleep: func(_ context.Context, d time.Duration) error { slept = []time.Duration{d}; return nil }}
	_ = half.Do(context.Background(), func() (bool, error) { return true, boom })
	assert.Equal(t, []time.Duration{50 * time.Millisecond}, slept, "jitter scales the delay")
	assert.NoError(t, retry.Policy{}.Do(context.Background(), func() (bool, error) { return true, nil }))
}
