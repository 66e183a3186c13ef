package gateway

import (
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

// The embedded store is two files in the data directory: the keys' log
// (keyLog, KeysFile), and a bbolt file (BoltFile) for cached answers and
// the install's salt. Keys survive a restart (every change a write depends
// on is on disk before it is acted on, but one: see keyLog); bbolt locks
// its file to one process, which keeps a second gateway off the directory.
// The rate limit and the locks of cache refreshes, which need not survive a
// restart, live in memory.
type boltStore struct {
	db   *bolt.DB
	keys *keyLog
	now  func() time.Time

	mu     sync.Mutex
	tat    map[string]time.Time // token buckets: theoretical arrival times
	locks  map[string]time.Time // until when
	writes int
}

var (
	keysBucket  = []byte("keys")
	cacheBucket = []byte("cache")
	metaBucket  = []byte("meta")
	keysMoved   = []byte("keys") // set once the keys bucket's records are in the log
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
	keys, err := openKeyLog(filepath.Join(dir, KeysFile), now)
	if err == nil {
		err = moveKeys(db, keys)
	}
	if err != nil {
		if keys != nil {
			_ = keys.close()
		}
		_ = db.Close()
		return nil, fmt.Errorf("%w: %v", ErrStore, err)
	}
	s := &boltStore{db: db, keys: keys, now: now, tat: map[string]time.Time{}, locks: map[string]time.Time{}}
	s.sweep()
	return s, nil
}

// moveKeys moves the keys an earlier version kept in bbolt's keys bucket
// into the log (once: the meta bucket then says so), flushed before the
// bucket is emptied.
func moveKeys(db *bolt.DB, keys *keyLog) error {
	type kv struct {
		key string
		val []byte // wrapped, as the log keeps it
	}
	var old []kv
	if err := db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(metaBucket).Get(keysMoved) != nil {
			return nil
		}
		return tx.Bucket(keysBucket).ForEach(func(k, v []byte) error {
			old = append(old, kv{string(k), slices.Clone(v)})
			return nil
		})
	}); err != nil {
		return err
	}
	for _, e := range old {
		keys.adopt(e.key, e.val)
	}
	if err := keys.flushAdopted(); err != nil {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(metaBucket).Get(keysMoved) != nil {
			return nil
		}
		if err := tx.DeleteBucket(keysBucket); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(keysBucket); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Put(keysMoved, []byte(KeysFile))
	})
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
func (s *boltStore) live(raw []byte) []byte { return liveAt(raw, s.now()) }

// liveAt returns a wrapped value's JSON (see wrap), or nil when it is
// missing or expired at now: the one reading of the embedded store's
// values, in bbolt and in the keys log alike.
func liveAt(raw []byte, now time.Time) []byte {
	if len(raw) < 8 {
		return nil
	}
	if exp := int64(binary.BigEndian.Uint64(raw)); exp != 0 && now.UnixNano() >= exp {
		return nil
	}
	return raw[8:]
}

func storeErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", ErrStore, err)
}

func (s *boltStore) Claim(_ context.Context, key string, rec Record, ttl time.Duration) (Record, bool, error) {
	cur, claimed, err := s.keys.claim(key, s.wrap(encode(rec), ttl))
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
	var r Record
	return r, false, storeErr(json.Unmarshal(cur, &r))
}

func (s *boltStore) Get(_ context.Context, key string) (Record, bool, error) {
	v := s.keys.get(key)
	if v == nil {
		return Record{}, false, nil
	}
	var r Record
	return r, true, storeErr(json.Unmarshal(v, &r))
}

// Swap: a write's answer (a pending key become done) is flushed with the
// next change or within answerDelay (see keyLog); every other change
// before it returns.
func (s *boltStore) Swap(_ context.Context, key string, old, rec Record, ttl time.Duration) (bool, error) {
	answer := old.State == Pending && rec.State == Done
	ok, err := s.keys.swap(key, encode(old), s.wrap(encode(rec), ttl), !answer)
	return ok, storeErr(err)
}

func (s *boltStore) Delete(_ context.Context, key string, old Record) (bool, error) {
	ok, err := s.keys.swap(key, encode(old), nil, true)
	return ok, storeErr(err)
}

func (s *boltStore) Keys(_ context.Context, state State, limit int) ([]KeyRecord, error) {
	out, err := s.keys.list(state, limit)
	return out, storeErr(err)
}

func (s *boltStore) CacheGet(_ context.Context, key string) (Cached, bool, error) {
	var c Cached
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		v := s.live(tx.Bucket(cacheBucket).Get([]byte(key)))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &c)
	})
	return c, found, storeErr(err)
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

// Ping fails once the keys' log has failed to append or flush (every
// change is refused after that: a restart reads back what is on disk).
func (s *boltStore) Ping(context.Context) error {
	s.keys.mu.Lock()
	err := s.keys.err
	s.keys.mu.Unlock()
	if err != nil {
		return storeErr(err)
	}
	return storeErr(s.db.View(func(*bolt.Tx) error { return nil }))
}

// Close flushes the answers waiting, then closes the files.
func (s *boltStore) Close() error {
	kerr := s.keys.close()
	if err := s.db.Close(); err != nil {
		return storeErr(err)
	}
	return storeErr(kerr)
}

// sweep deletes expired values and forgets ended locks.
func (s *boltStore) sweep() {
	s.keys.sweep()
	_ = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(cacheBucket)
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
