package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The Redis store serves a fleet: every gateway replica pointed at one
// Redis shares its keys (claimed with SET NX, changed with
// compare-and-set scripts), its cached reads, its refresh locks and one
// token bucket per upstream (kept on Redis's clock). Redis must persist
// (AOF or RDB) for keys to survive its own restart; see docs/gateway.md.
type redisStore struct {
	c      *redis.Client
	prefix string
}

// OpenRedis connects to the Redis at url ("redis://host:6379/0"; see
// redis.ParseURL) with its keys under prefix ("" : "rkcart:gw:").
//
// It fails when url cannot be read or Redis does not answer a PING
// within the context.
func OpenRedis(ctx context.Context, url, prefix string) (Store, error) {
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("%w: redis url: %v", ErrStore, err)
	}
	c := redis.NewClient(o)
	if prefix == "" {
		prefix = "rkcart:gw:"
	}
	s := &redisStore{c: c, prefix: prefix}
	if err := s.Ping(ctx); err != nil {
		_ = c.Close()
		return nil, err
	}
	return s, nil
}

func (s *redisStore) k(kind, key string) string { return s.prefix + kind + ":" + key }

// casScript sets KEYS[1] to ARGV[2] (with a time to live of ARGV[3]
// milliseconds, 0: none) if it holds ARGV[1]; ARGV[2] "" deletes it.
var casScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) return 1 end
if ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`)

// takeScript is a GCRA token bucket on Redis's clock: KEYS[1] holds the
// theoretical arrival time in microseconds; ARGV[1] is every and ARGV[2]
// burst × every, in microseconds. It returns the wait in microseconds.
var takeScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
tat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
local wait = tat - now - tonumber(ARGV[2])
if wait < 0 then wait = 0 end
return wait`)

func redisErr(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return nil
	}
	return fmt.Errorf("%w: redis: %v", ErrStore, err)
}

func (s *redisStore) Claim(ctx context.Context, key string, rec Record, ttl time.Duration) (Record, bool, error) {
	for range 3 { // a record that expires between SET NX and GET is claimed again
		ok, err := s.c.SetArgs(ctx, s.k("key", key), encode(rec), redis.SetArgs{Mode: "NX", TTL: ttl}).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return Record{}, false, redisErr(err)
		}
		if ok == "OK" {
			return rec, true, nil
		}
		cur, found, err := s.Get(ctx, key)
		if err != nil || found {
			return cur, false, err
		}
	}
	return Record{}, false, fmt.Errorf("%w: redis: key %q keeps changing", ErrStore, key)
}

func (s *redisStore) Get(ctx context.Context, key string) (Record, bool, error) {
	return redisJSON[Record](ctx, s, "key", key)
}

// redisJSON reads the JSON value under s.k(kind, key); absent is not an
// error.
func redisJSON[T any](ctx context.Context, s *redisStore, kind, key string) (T, bool, error) {
	var v T
	b, err := s.c.Get(ctx, s.k(kind, key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return v, false, nil
	}
	if err != nil {
		return v, false, redisErr(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("%w: redis: %s %q: %v", ErrStore, kind, key, err)
	}
	return v, true, nil
}

func (s *redisStore) cas(ctx context.Context, key string, old []byte, next string, ttl time.Duration) (bool, error) {
	n, err := casScript.Run(ctx, s.c, []string{s.k("key", key)}, old, next, ttl.Milliseconds()).Int()
	return n == 1, redisErr(err)
}

func (s *redisStore) Swap(ctx context.Context, key string, old, rec Record, ttl time.Duration) (bool, error) {
	return s.cas(ctx, key, encode(old), string(encode(rec)), ttl)
}

func (s *redisStore) Delete(ctx context.Context, key string, old Record) (bool, error) {
	return s.cas(ctx, key, encode(old), "", 0)
}

func (s *redisStore) Keys(ctx context.Context, state State, limit int) ([]KeyRecord, error) {
	out := []KeyRecord{}
	pattern := s.k("key", "*")
	iter := s.c.Scan(ctx, 0, pattern, 1000).Iterator()
	var names []string
	for iter.Next(ctx) {
		names = append(names, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return nil, redisErr(err)
	}
	slices.Sort(names)
	for _, n := range names {
		if len(out) >= limit {
			break
		}
		key := strings.TrimPrefix(n, s.k("key", ""))
		rec, found, err := s.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		if found && rec.State == state {
			out = append(out, KeyRecord{Key: key, Record: rec})
		}
	}
	return out, nil
}

func (s *redisStore) CacheGet(ctx context.Context, key string) (Cached, bool, error) {
	return redisJSON[Cached](ctx, s, "cache", key)
}

func (s *redisStore) CachePut(ctx context.Context, key string, c Cached, ttl time.Duration) error {
	return redisErr(s.c.Set(ctx, s.k("cache", key), encode(c), ttl).Err())
}

func (s *redisStore) Lock(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := s.c.SetNX(ctx, s.k("lock", key), "1", ttl).Result()
	return ok, redisErr(err)
}

func (s *redisStore) Take(ctx context.Context, bucket string, every time.Duration, burst int) (time.Duration, error) {
	us, err := takeScript.Run(ctx, s.c, []string{s.k("rate", bucket)}, every.Microseconds(), int64(max(burst, 1))*every.Microseconds()).Int64()
	if err != nil {
		return 0, redisErr(err)
	}
	return time.Duration(us) * time.Microsecond, nil
}

func (s *redisStore) Salt(ctx context.Context, fresh []byte) ([]byte, error) {
	if err := s.c.SetNX(ctx, s.prefix+"salt", fresh, 0).Err(); err != nil {
		return nil, redisErr(err)
	}
	b, err := s.c.Get(ctx, s.prefix+"salt").Bytes()
	return b, redisErr(err)
}

func (s *redisStore) Ping(ctx context.Context) error { return redisErr(s.c.Ping(ctx).Err()) }

func (s *redisStore) Close() error { return redisErr(s.c.Close()) }
