package gateway

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The embedded store is one bbolt file: keys and cached answers survive
// a restart (every change is committed to disk before it is acted on, but
// one: see answered). bbolt locks the file to one process, so the rate
// limit and the locks of cache refreshes, which need not survive a
// restart, live in memory.
type boltStore struct {
	db  *bolt.DB
	now func() time.Time

	mu     sync.Mutex
	tat    map[string]time.Time // token buckets: theoretical arrival times
	locks  map[string]time.Time // until when
	writes int
	// answered holds the answers of writes (a pending key become done):
	// they go to disk with the next commit of any change, or within
	// answerDelay, so a write costs one commit (its claim) instead of two
	// — the next claim no longer waits behind the previous answer's.
	// Reads see them at once. Until committed, a crash leaves such a key
	// pending on disk, and it becomes unknown when its lease ends: never
	// sent twice, only not replayable. A committed answer stays here a
	// second (see waiting) for the reads whose snapshot predates its commit.
	answered    map[string]waiting
	uncommitted []string    // keys of answered not on disk yet
	committed   []committed // the others, oldest first
	flushing    *time.Timer
	closed      bool
	// cas makes answer's compare-and-set and every read-write transaction
	// exclusive, so that a key checked by one is not changed by the other
	// in between (bbolt serialises only its own transactions).
	cas sync.Mutex
}

// answerDelay bounds how long an answer waits for a commit to share.
const answerDelay = 20 * time.Millisecond

// waiting is an answer not yet on disk (tx 0), or committed by
// transaction tx: a read whose snapshot is older (its tx id below tx)
// still takes it from here. It is forgotten a second after its commit
// (reads here are single look-ups; one that old would only see the key
// pending a moment longer).
type waiting struct {
	val []byte // wrapped record
	tx  int
}

type committed struct {
	key string
	tx  int
	at  time.Time
}

// keepCommitted is how long a committed answer stays in memory.
const keepCommitted = time.Second

var (
	keysBucket  = []byte("keys")
	cacheBucket = []byte("cache")
	metaBucket  = []byte("meta")
)

// BoltFile is the embedded store's file inside the data directory.
const BoltFile = "gateway.db"

// OpenBolt opens (or creates) the embedded store in dir. now is the
// store's clock (nil: time.Now).
//
// It fails when dir cannot be created, the file cannot be opened (another
// process holds it: it waits at most a second) or is not a bbolt file.
func OpenBolt(dir string, now func() time.Time) (Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStore, err)
	}
	path := filepath.Join(dir, BoltFile)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is held by another process (one gateway per data directory; a fleet shares Redis)", ErrStore, path)
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrStore, path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{keysBucket, cacheBucket, metaBucket} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrStore, path, err)
	}
	if now == nil {
		now = time.Now
	}
	s := &boltStore{db: db, now: now, tat: map[string]time.Time{}, locks: map[string]time.Time{}, answered: map[string]waiting{}}
	s.sweep()
	return s, nil
}

// A value is its expiry (Unix nanoseconds, 0: never) and its JSON.
func (s *boltStore) wrap(v []byte, ttl time.Duration) []byte {
	out := make([]byte, 8, 8+len(v))
	if ttl > 0 {
		binary.BigEndian.PutUint64(out, uint64(s.now().Add(ttl).UnixNano()))
	}
	return append(out, v...)
}

// live returns a value's JSON, or nil when it is missing or expired.
func (s *boltStore) live(raw []byte) []byte {
	if len(raw) < 8 {
		return nil
	}
	if exp := int64(binary.BigEndian.Uint64(raw)); exp != 0 && s.now().UnixNano() >= exp {
		return nil
	}
	return raw[8:]
}

// update runs fn in a read-write transaction that first writes the
// answers waiting for a commit, and forgets those once committed.
func (s *boltStore) update(fn func(tx *bolt.Tx) error) error {
	s.cas.Lock()
	defer s.cas.Unlock()
	s.mu.Lock()
	now := s.now()
	for len(s.committed) > 0 && now.Sub(s.committed[0].at) > keepCommitted {
		c := s.committed[0]
		if w, ok := s.answered[c.key]; ok && w.tx == c.tx {
			delete(s.answered, c.key)
		}
		s.committed = s.committed[1:]
	}
	todo := s.uncommitted
	s.uncommitted = nil
	vals := make([][]byte, len(todo))
	for i, k := range todo {
		vals[i] = s.answered[k].val
	}
	s.mu.Unlock()
	id := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		id = tx.ID()
		b := tx.Bucket(keysBucket)
		for i, k := range todo {
			if err := b.Put([]byte(k), vals[i]); err != nil {
				return err
			}
		}
		return fn(tx)
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil { // the answers wait for the next commit
		s.uncommitted = append(todo, s.uncommitted...)
		return err
	}
	for i, k := range todo {
		if w, ok := s.answered[k]; ok && w.tx == 0 && bytes.Equal(w.val, vals[i]) {
			s.answered[k] = waiting{val: w.val, tx: id}
			s.committed = append(s.committed, committed{key: k, tx: id, at: now})
		}
	}
	return nil
}

// flush commits the answers waiting (answerDelay after the first).
func (s *boltStore) flush() {
	s.mu.Lock()
	s.flushing = nil
	n, closed := len(s.uncommitted), s.closed
	s.mu.Unlock()
	if n > 0 && !closed {
		_ = s.update(func(*bolt.Tx) error { return nil }) // a failure keeps them for the next commit
	}
}

// record returns key's value as the gateway sees it in tx: an answer
// not yet committed, or committed after tx's snapshot, else what tx reads.
func (s *boltStore) record(tx *bolt.Tx, key string) []byte {
	if v, ok := s.waitingFor(tx.ID(), key); ok {
		return s.live(v)
	}
	return s.live(tx.Bucket(keysBucket).Get([]byte(key)))
}

// waitingFor returns key's answer from memory for a read of snapshot id
// (its transaction's ID): one not committed yet, or committed after it.
func (s *boltStore) waitingFor(id int, key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.answered[key]
	if !ok || (w.tx != 0 && id >= w.tx) {
		return nil, false
	}
	return w.val, true
}

func storeErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", ErrStore, err)
}

func (s *boltStore) Claim(_ context.Context, key string, rec Record, ttl time.Duration) (Record, bool, error) {
	var cur Record
	claimed := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(keysBucket)
		if v := s.live(b.Get([]byte(key))); v != nil {
			return json.Unmarshal(v, &cur)
		}
		claimed = true
		return b.Put([]byte(key), s.wrap(encode(rec), ttl))
	})
	if err != nil {
		return Record{}, false, storeErr(err)
	}
	s.mu.Lock()
	s.writes++
	sweep := s.writes%1000 == 0
	s.mu.Unlock()
	if sweep {
		s.sweep()
	}
	if claimed {
		return rec, true, nil
	}
	return cur, false, nil
}

func (s *boltStore) Get(_ context.Context, key string) (Record, bool, error) {
	return boltJSON[Record](s, func(tx *bolt.Tx) []byte { return s.record(tx, key) })
}

// boltJSON decodes the live value read picks in a read transaction;
// absent or expired is not an error.
func boltJSON[T any](s *boltStore, read func(tx *bolt.Tx) []byte) (T, bool, error) {
	var v T
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		b := read(tx)
		if b == nil {
			return nil
		}
		found = true
		return json.Unmarshal(b, &v)
	})
	return v, found, storeErr(err)
}

func (s *boltStore) Swap(_ context.Context, key string, old, rec Record, ttl time.Duration) (bool, error) {
	if old.State == Pending && rec.State == Done {
		return s.answer(key, old, rec, ttl)
	}
	swapped := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(keysBucket)
		if !bytes.Equal(s.live(b.Get([]byte(key))), encode(old)) {
			return nil
		}
		swapped = true
		return b.Put([]byte(key), s.wrap(encode(rec), ttl))
	})
	return swapped, storeErr(err)
}

// answer records a write's answer (its pending key become done): checked
// against the key as it is now, kept with the answers waiting for a
// commit (see boltStore.answered).
func (s *boltStore) answer(key string, old, rec Record, ttl time.Duration) (bool, error) {
	s.cas.Lock()
	defer s.cas.Unlock()
	var cur []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		cur = slices.Clone(s.record(tx, key))
		return nil
	})
	if err != nil {
		return false, storeErr(err)
	}
	if !bytes.Equal(cur, encode(old)) {
		return false, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, fmt.Errorf("%w: closed", ErrStore)
	}
	if w, ok := s.answered[key]; !ok || w.tx != 0 {
		s.uncommitted = append(s.uncommitted, key)
	}
	s.answered[key] = waiting{val: s.wrap(encode(rec), ttl)}
	if s.flushing == nil {
		s.flushing = time.AfterFunc(answerDelay, s.flush)
	}
	return true, nil
}

func (s *boltStore) Delete(_ context.Context, key string, old Record) (bool, error) {
	deleted := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(keysBucket)
		if !bytes.Equal(s.live(b.Get([]byte(key))), encode(old)) {
			return nil
		}
		deleted = true
		return b.Delete([]byte(key))
	})
	return deleted, storeErr(err)
}

func (s *boltStore) Keys(_ context.Context, state State, limit int) ([]KeyRecord, error) {
	out := []KeyRecord{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(keysBucket).ForEach(func(k, raw []byte) error {
			v := s.live(raw)
			if w, ok := s.waitingFor(tx.ID(), string(k)); ok { // answered meanwhile: done, not what is on disk
				v = s.live(w)
			}
			if v == nil || len(out) >= limit {
				return nil
			}
			var rec Record
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if rec.State == state {
				out = append(out, KeyRecord{Key: string(k), Record: rec})
			}
			return nil
		})
	})
	return out, storeErr(err) // bbolt iterates in key order
}

func (s *boltStore) CacheGet(_ context.Context, key string) (Cached, bool, error) {
	return boltJSON[Cached](s, func(tx *bolt.Tx) []byte { return s.live(tx.Bucket(cacheBucket).Get([]byte(key))) })
}

func (s *boltStore) CachePut(_ context.Context, key string, c Cached, ttl time.Duration) error {
	return storeErr(s.db.Batch(func(tx *bolt.Tx) error {
		return tx.Bucket(cacheBucket).Put([]byte(key), s.wrap(encode(c), ttl))
	}))
}

func (s *boltStore) Lock(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if until, ok := s.locks[key]; ok && now.Before(until) {
		return false, nil
	}
	s.locks[key] = now.Add(ttl)
	return true, nil
}

func (s *boltStore) Take(_ context.Context, bucket string, every time.Duration, burst int) (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	tat := s.tat[bucket]
	if tat.Before(now) {
		tat = now
	}
	tat = tat.Add(every)
	s.tat[bucket] = tat
	return max(0, tat.Sub(now)-time.Duration(max(burst, 1))*every), nil
}

func (s *boltStore) Salt(_ context.Context, fresh []byte) ([]byte, error) {
	var salt []byte
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(metaBucket)
		if v := b.Get([]byte("salt")); v != nil {
			salt = slices.Clone(v)
			return nil
		}
		salt = slices.Clone(fresh)
		return b.Put([]byte("salt"), fresh)
	})
	return salt, storeErr(err)
}

func (s *boltStore) Ping(context.Context) error {
	return storeErr(s.db.View(func(*bolt.Tx) error { return nil }))
}

// Close commits the answers waiting, then closes the file.
func (s *boltStore) Close() error {
	s.mu.Lock()
	s.closed = true // no answer is taken after this: the commit below has them all
	if s.flushing != nil {
		s.flushing.Stop()
		s.flushing = nil
	}
	s.mu.Unlock()
	ferr := s.update(func(*bolt.Tx) error { return nil })
	if err := s.db.Close(); err != nil {
		return storeErr(err)
	}
	return storeErr(ferr)
}

// sweep deletes expired values and forgets ended locks.
func (s *boltStore) sweep() {
	_ = s.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{keysBucket, cacheBucket} {
			b := tx.Bucket(name)
			var dead [][]byte
			_ = b.ForEach(func(k, v []byte) error {
				if s.live(v) == nil {
					dead = append(dead, slices.Clone(k))
				}
				return nil
			})
			for _, k := range dead {
				_ = b.Delete(k)
			}
		}
		return nil
	})
	s.mu.Lock()
	now := s.now()
	for k, until := range s.locks {
		if !now.Before(until) {
			delete(s.locks, k)
		}
	}
	s.mu.Unlock()
}
