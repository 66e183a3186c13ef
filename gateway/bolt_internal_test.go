package gateway

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// A write's answer is seen at once and flushed with the next change (here,
// answerDelay later), and a Close flushes what waits.
func TestBoltAnswerWaitsForAFlush(t *testing.T) {
	dir := t.TempDir()
	st, err := OpenBolt(dir, nil)
	require.NoError(t, err)
	s := st.(*boltStore)
	ctx := context.Background()
	pending := Record{State: Pending, Digest: "d", Owner: "o", Lease: time.Now().Add(time.Minute).UTC()}
	done := Record{State: Done, Digest: "d", Status: 200, Body: []byte(`{"status":"Ok"}`)}
	flushed := func() bool {
		s.keys.mu.Lock()
		defer s.keys.mu.Unlock()
		return s.keys.flushed == s.keys.end
	}

	for _, key := range []string{"a", "b"} {
		_, claimed, err := s.Claim(ctx, key, pending, time.Hour)
		require.NoError(t, err)
		require.True(t, claimed)
		assert.True(t, flushed(), "a claim is on disk when it returns")
	}
	ok, err := s.Swap(ctx, "a", pending, done, time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	got, found, err := s.Get(ctx, "a")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, Done, got.State, "read at once")
	assert.False(t, flushed(), "not flushed yet")
	ok, err = s.Swap(ctx, "a", pending, done, time.Hour)
	require.NoError(t, err)
	assert.False(t, ok, "compared with the answer")
	keys, err := s.Keys(ctx, Pending, 10)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, "b", keys[0].Key)
	require.Eventually(t, flushed, 2*time.Second, 5*time.Millisecond, "flushed within answerDelay")

	ok, err = s.Swap(ctx, "b", pending, done, time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Close())
	_, _, err = s.Claim(ctx, "c", pending, time.Hour)
	require.Error(t, err, "a closed store takes no change")
	st, err = OpenBolt(dir, nil)
	require.NoError(t, err)
	defer st.Close()
	got, found, err = st.Get(ctx, "b")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, Done, got.State, "Close flushes the answers waiting")
}

// An answer and another change of the same pending key (its lease ended:
// unknown) race: exactly one of the two compare-and-sets wins, every time.
func TestBoltAnswerIsACompareAndSet(t *testing.T) {
	st, err := OpenBolt(t.TempDir(), nil)
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	pending := Record{State: Pending, Digest: "d", Owner: "o", Lease: time.Now().Add(time.Minute).UTC()}
	done := Record{State: Done, Digest: "d", Status: 200}
	unknown := Record{State: Unknown, Digest: "d", Reason: "lease ended"}
	for i := range 200 {
		key := "k" + strconv.Itoa(i)
		_, claimed, err := st.Claim(ctx, key, pending, time.Hour)
		require.NoError(t, err)
		require.True(t, claimed)
		var wg sync.WaitGroup
		var answered, marked bool
		wg.Go(func() { answered, _ = st.Swap(ctx, key, pending, done, time.Hour) })
		wg.Go(func() { marked, _ = st.Swap(ctx, key, pending, unknown, 0) })
		wg.Wait()
		require.True(t, answered != marked, "%s: answered %v, marked unknown %v", key, answered, marked)
		got, _, err := st.Get(ctx, key)
		require.NoError(t, err)
		want := Unknown
		if answered {
			want = Done
		}
		require.Equal(t, want, got.State, key)
	}
}

// The log read back: a record cut short at the end, or zeros after the
// last record, are dropped (a crash mid-append) and the file cut there; a
// damaged record with records after it refuses to open.
func TestKeyLogReadsBack(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }
	val := func(s string) []byte { return append(make([]byte, 8), s...) }
	write := func(t *testing.T, path string) int64 {
		l, err := openKeyLog(path, now)
		require.NoError(t, err)
		for i, k := range []string{"a", "b", "c"} {
			_, claimed, err := l.claim(k, val(strconv.Itoa(i)))
			require.NoError(t, err)
			require.True(t, claimed)
		}
		ok, err := l.swap("b", []byte("1"), nil, true)
		require.NoError(t, err)
		require.True(t, ok)
		end := l.end
		require.NoError(t, l.close())
		return end
	}
	check := func(t *testing.T, path string, size int64) {
		l, err := openKeyLog(path, now)
		require.NoError(t, err)
		defer l.close()
		assert.Equal(t, []byte("0"), l.get("a"))
		assert.Nil(t, l.get("b"), "deleted")
		assert.Equal(t, []byte("2"), l.get("c"))
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, size, fi.Size(), "cut after the last whole record")
	}
	for name, tail := range map[string][]byte{
		"nothing":             nil,
		"a header cut":        encodeRecord(opPut, "d", val("3"))[:7],
		"a record cut":        encodeRecord(opPut, "d", val("3"))[:16],
		"a bad last one":      append(encodeRecord(opPut, "d", val("3"))[:20], 'x'),
		"zeros":               make([]byte, 4096),
		"a header then zeros": append(encodeRecord(opPut, "d", val("3"))[:12], make([]byte, 100)...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), KeysFile)
			size := write(t, path)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.Write(tail)
			require.NoError(t, err)
			require.NoError(t, f.Close())
			check(t, path, size)
		})
	}
	t.Run("damaged with records after it", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), KeysFile)
		write(t, path)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, at := range []int{14, 1} { // the first record's payload, its length
			bad := slices.Clone(data)
			bad[at] ^= 0xff
			require.NoError(t, os.WriteFile(path, bad, 0o600))
			_, err = openKeyLog(path, now)
			require.ErrorContains(t, err, "damaged at byte 0", "flipped byte %d", at)
		}
		_, err = OpenBolt(filepath.Dir(path), now)
		require.ErrorContains(t, err, "damaged at byte 0", "the store does not open without its keys")
	})
}

// When replaced records outweigh the live ones, the log is rewritten with
// the live ones alone; what it holds is unchanged, before and after a
// reopen.
func TestKeyLogCompacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeysFile)
	l, err := openKeyLog(path, time.Now)
	require.NoError(t, err)
	body := append(make([]byte, 8), strings.Repeat("x", 1000)...)
	_, _, err = l.claim("live", append(make([]byte, 8), "kept"...))
	require.NoError(t, err)
	prev := []byte(nil)
	for i := range 1200 {
		next := append(slices.Clone(body), strconv.Itoa(i)...)
		if prev == nil {
			_, _, err = l.claim("k", next)
		} else {
			var ok bool
			ok, err = l.swap("k", prev[8:], next, i%2 == 0)
			require.True(t, ok)
		}
		require.NoError(t, err)
		prev = next
	}
	l.mu.Lock()
	end := l.end
	l.mu.Unlock()
	assert.Less(t, end, int64(compactFloor), "rewritten")
	assert.Equal(t, prev[8:], l.get("k"))
	require.NoError(t, l.close())
	l, err = openKeyLog(path, time.Now)
	require.NoError(t, err)
	defer l.close()
	assert.Equal(t, prev[8:], l.get("k"))
	assert.Equal(t, []byte("kept"), l.get("live"))
	_, err = os.Stat(path + ".new")
	assert.True(t, os.IsNotExist(err), "no file left beside it")
}

// The keys an earlier version kept in bbolt's keys bucket move into the
// log once, pending and unknown alike; the bucket is emptied after.
func TestBoltMovesKeysOfAnEarlierVersion(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, BoltFile), 0o600, nil)
	require.NoError(t, err)
	unknown := Record{State: Unknown, Digest: "d", Reason: "lost", At: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(keysBucket)
		if err != nil {
			return err
		}
		v, _ := json.Marshal(unknown)
		return b.Put([]byte("scope/key-1"), append(make([]byte, 8), v...))
	}))
	require.NoError(t, db.Close())

	for range 2 { // and again: moved once
		st, err := OpenBolt(dir, nil)
		require.NoError(t, err)
		got, found, err := st.Get(context.Background(), "scope/key-1")
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, unknown, got)
		s := st.(*boltStore)
		require.NoError(t, s.db.View(func(tx *bolt.Tx) error {
			assert.Equal(t, 0, tx.Bucket(keysBucket).Stats().KeyN, "the bucket is emptied")
			return nil
		}))
		require.NoError(t, st.Close())
	}
}

// FuzzKeyLogReplay: reading back any bytes never panics, and a log made of
// records reads back as the changes made, whole, whatever follows it.
func FuzzKeyLogReplay(f *testing.F) {
	f.Add([]byte("a\x00b"), []byte{})
	f.Add([]byte("k1\x00k2\x00k1"), []byte{0, 0, 0, 1})
	f.Add([]byte("x"), encodeRecord(opPut, "y", make([]byte, 9))[:13])
	f.Fuzz(func(t *testing.T, script, tail []byte) {
		never := func() time.Time { return time.Unix(0, 0) }
		// The script: keys separated by NUL; a key seen before is deleted
		// the second time, put again the third.
		want := map[string][]byte{}
		var log []byte
		for i, k := range strings.Split(string(script), "\x00") {
			if _, ok := want[k]; ok {
				delete(want, k)
				log = append(log, encodeRecord(opDel, k, nil)...)
				continue
			}
			v := append(make([]byte, 8), strconv.Itoa(i)...)
			want[k] = v
			log = append(log, encodeRecord(opPut, k, v)...)
		}
		l := &keyLog{now: never, recs: map[string][]byte{}}
		good, err := l.replay(log)
		if err != nil || good != int64(len(log)) {
			t.Fatalf("a log of whole records: %d of %d, %v", good, len(log), err)
		}
		if !assert.ObjectsAreEqual(want, l.recs) {
			t.Fatalf("read back %v, want %v", l.recs, want)
		}
		// Anything after it: never a panic, and the whole records before
		// it are all read.
		l = &keyLog{now: never, recs: map[string][]byte{}}
		good, err = l.replay(append(slices.Clone(log), tail...))
		if err == nil && (good < int64(len(log)) || good > int64(len(log)+len(tail))) {
			t.Fatalf("read back %d bytes of %d+%d", good, len(log), len(tail))
		}
		// And any bytes alone.
		l = &keyLog{now: never, recs: map[string][]byte{}}
		if good, err := l.replay(tail); err == nil && good > int64(len(tail)) {
			t.Fatalf("read back %d bytes of %d", good, len(tail))
		}
	})
}

// recordSize is a put record's length, whatever the key's length takes in
// its uvarint.
func TestKeyLogRecordSize(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 300, 20000} {
		key, val := strings.Repeat("k", n), []byte("12345678{}")
		assert.Equal(t, int64(len(encodeRecord(opPut, key, val))), recordSize(key, val), "key of %d bytes", n)
	}
}
