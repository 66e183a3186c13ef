package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rkcart/rkcart/gateway"
)

// memStore is a gateway.Store in this process's memory, durable nowhere:
// -store mem measures what the gateway adds with a store that costs
// nothing, the floor under the embedded store (which must make a key
// durable before the write leaves) and Redis (a round trip). It keeps
// every promise of the interface but surviving a restart, which the
// measurement does not need; it is not for use.
type memStore struct {
	mu    sync.Mutex
	keys  map[string]gateway.Record
	cache map[string]gateway.Cached
	locks map[string]time.Time
	salt  []byte
}

func newMemStore() *memStore {
	return &memStore{keys: map[string]gateway.Record{}, cache: map[string]gateway.Cached{}, locks: map[string]time.Time{}}
}

func same(a, b gateway.Record) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func (s *memStore) Claim(_ context.Context, key string, rec gateway.Record, _ time.Duration) (gateway.Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.keys[key]; ok {
		return cur, false, nil
	}
	s.keys[key] = rec
	return rec, true, nil
}

func (s *memStore) Get(_ context.Context, key string) (gateway.Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.keys[key]
	return r, ok, nil
}

func (s *memStore) Swap(_ context.Context, key string, old, rec gateway.Record, _ time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.keys[key]; !ok || !same(cur, old) {
		return false, nil
	}
	s.keys[key] = rec
	return true, nil
}

func (s *memStore) Delete(_ context.Context, key string, old gateway.Record) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.keys[key]; !ok || !same(cur, old) {
		return false, nil
	}
	delete(s.keys, key)
	return true, nil
}

func (s *memStore) Keys(_ context.Context, state gateway.State, limit int) ([]gateway.KeyRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gateway.KeyRecord
	for k, r := range s.keys {
		if r.State == state {
			out = append(out, gateway.KeyRecord{Key: k, Record: r})
		}
	}
	slices.SortFunc(out, func(a, b gateway.KeyRecord) int { return strings.Compare(a.Key, b.Key) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *memStore) CacheGet(_ context.Context, key string) (gateway.Cached, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[key]
	return c, ok, nil
}

func (s *memStore) CachePut(_ context.Context, key string, c gateway.Cached, _ time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache[key] = c
	return nil
}

func (s *memStore) Lock(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until, ok := s.locks[key]; ok && time.Now().Before(until) {
		return false, nil
	}
	s.locks[key] = time.Now().Add(ttl)
	return true, nil
}

// Take lets every request through: the floor has no rate limit.
func (s *memStore) Take(context.Context, string, time.Duration, int) (time.Duration, error) {
	return 0, nil
}

func (s *memStore) Salt(_ context.Context, fresh []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.salt == nil {
		s.salt = slices.Clone(fresh)
	}
	return s.salt, nil
}

func (s *memStore) Ping(context.Context) error { return nil }
func (s *memStore) Close() error               { return nil }
