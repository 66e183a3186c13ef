package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// State is where a key's write stands.
type State string

// States of a key.
const (
	// Pending: a gateway claimed the key and is sending the write; until
	// its lease ends it answers for it. A pending key whose lease has
	// ended (its gateway died mid-call) is unknown: the write may have
	// been sent.
	Pending State = "pending"
	// Done: the upstream answered; the answer is kept and replayed.
	Done State = "done"
	// Unknown: the write may or may not have been acted on; nothing with
	// this key is forwarded again until it is resolved.
	Unknown State = "unknown"
)

// Record is what the store keeps of a key.
type Record struct {
	State  State     `json:"state"`
	Digest string    `json:"digest"`          // of the request: method, path, query and body
	Owner  string    `json:"owner,omitempty"` // the gateway that claimed it
	Lease  time.Time `json:"lease,omitzero"`  // pending: until when the owner answers for it
	At     time.Time `json:"at"`              // when it last changed
	Call   string    `json:"call"`            // savedeliveryorder, payment, postorder
	Object int64     `json:"object,omitempty"`
	// Done: the answer as the upstream gave it.
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Body        []byte `json:"body,omitempty"`
	// Unknown: what happened.
	Reason string `json:"reason,omitempty"`
}

// Cached is a read's answer as the upstream gave it.
type Cached struct {
	Status      int       `json:"status"`
	ContentType string    `json:"content_type"`
	Body        []byte    `json:"body"`
	At          time.Time `json:"at"` // when it was fetched
}

// Store keeps the gateway's state: idempotency keys, the read cache and
// the upstream's rate limit. The embedded store (OpenBolt) serves one
// process; the Redis store (OpenRedis) a fleet. Both pass the same suite
// (package gateway/storetest).
type Store interface {
	// Claim stores rec under key if the key is absent (atomically for
	// every gateway sharing the store) and reports true; otherwise it
	// returns the record already there. ttl 0 keeps it until deleted.
	Claim(ctx context.Context, key string, rec Record, ttl time.Duration) (Record, bool, error)
	// Get returns the record under key.
	Get(ctx context.Context, key string) (Record, bool, error)
	// Swap replaces old by rec if old is still the record under key
	// (compare and set) and reports whether it did.
	Swap(ctx context.Context, key string, old, rec Record, ttl time.Duration) (bool, error)
	// Delete removes the record under key if it is still old.
	Delete(ctx context.Context, key string, old Record) (bool, error)
	// Keys lists the keys in state (at most limit), sorted.
	Keys(ctx context.Context, state State, limit int) ([]KeyRecord, error)

	// CacheGet and CachePut keep reads' answers; ttl bounds how long the
	// store keeps one (the gateway decides when it is fresh).
	CacheGet(ctx context.Context, key string) (Cached, bool, error)
	CachePut(ctx context.Context, key string, c Cached, ttl time.Duration) error
	// Lock takes a short lock (a cache refresh under way), true when
	// taken; it ends by itself after ttl.
	Lock(ctx context.Context, key string, ttl time.Duration) (bool, error)

	// Take reserves the next request slot of a token bucket that lets
	// burst requests through at once and one per every after that, and
	// returns how long the caller must wait for it (0: now).
	Take(ctx context.Context, bucket string, every time.Duration, burst int) (time.Duration, error)

	// Salt returns the install's salt: the one stored, or fresh when
	// there is none yet (every gateway sharing the store then uses it).
	Salt(ctx context.Context, fresh []byte) ([]byte, error)

	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
	Close() error
}

// KeyRecord is a key with its record.
type KeyRecord struct {
	Key    string `json:"key"`
	Record Record `json:"record"`
}

// ErrStore wraps every error of a store that could not do what was asked.
var ErrStore = errors.New("gateway: store")

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // Record and Cached always marshal
	}
	return b
}
