package gateway

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// A write's answer is seen at once and reaches the file with the next
// commit (here, answerDelay later), and a Close commits what waits.
func TestBoltAnswerWaitsForACommit(t *testing.T) {
	dir := t.TempDir()
	st, err := OpenBolt(dir, nil)
	require.NoError(t, err)
	s := st.(*boltStore)
	ctx := context.Background()
	pending := Record{State: Pending, Digest: "d", Owner: "o", Lease: time.Now().Add(time.Minute).UTC()}
	done := Record{State: Done, Digest: "d", Status: 200, Body: []byte(`{"status":"Ok"}`)}
	onDisk := func(key string) (Record, bool) {
		var rec Record
		found := false
		require.NoError(t, s.db.View(func(tx *bolt.Tx) error {
			if v := s.live(tx.Bucket(keysBucket).Get([]byte(key))); v != nil {
				found = true
				return json.Unmarshal(v, &rec)
			}
			return nil
		}))
		return rec, found
	}

	for _, key := range []string{"a", "b"} {
		_, claimed, err := s.Claim(ctx, key, pending, time.Hour)
		require.NoError(t, err)
		require.True(t, claimed)
	}
	ok, err := s.Swap(ctx, "a", pending, done, time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	got, found, err := s.Get(ctx, "a")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, Done, got.State, "read at once")
	rec, _ := onDisk("a")
	assert.Equal(t, Pending, rec.State, "not committed yet")
	ok, err = s.Swap(ctx, "a", pending, done, time.Hour)
	require.NoError(t, err)
	assert.False(t, ok, "compared with the answer, not the file")
	keys, err := s.Keys(ctx, Pending, 10)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, "b", keys[0].Key, "listed as it is, not as the file has it")

	require.Eventually(t, func() bool { rec, _ := onDisk("a"); return rec.State == Done }, 2*time.Second, 5*time.Millisecond,
		"committed within answerDelay")

	ok, err = s.Swap(ctx, "b", pending, done, time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Close())
	st, err = OpenBolt(dir, nil)
	require.NoError(t, err)
	defer st.Close()
	got, found, err = st.Get(ctx, "b")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, Done, got.State, "Close commits the answers waiting")
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

// A read whose snapshot was taken before an answer's commit still sees the
// answer: reads never go back from done to pending. (A read transaction
// cannot be held open across a commit here: bbolt's commit may need to
// remap the file and waits for readers; so the snapshot is its id.)
func TestBoltAnswerSeenBySnapshotsBeforeItsCommit(t *testing.T) {
	st, err := OpenBolt(t.TempDir(), nil)
	require.NoError(t, err)
	defer st.Close()
	s := st.(*boltStore)
	ctx := context.Background()
	pending := Record{State: Pending, Digest: "d", Owner: "o", Lease: time.Now().Add(time.Minute).UTC()}
	_, _, err = s.Claim(ctx, "k", pending, time.Hour)
	require.NoError(t, err)
	ok, err := s.Swap(ctx, "k", pending, Record{State: Done, Digest: "d", Status: 200}, time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	before := 0
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error { before = tx.ID(); return nil }))
	s.flush()
	after := 0
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error { after = tx.ID(); return nil }))
	require.Greater(t, after, before, "the flush committed")
	_, waits := s.waitingFor(before, "k")
	assert.True(t, waits, "a snapshot from before the commit takes the answer from memory")
	_, waits = s.waitingFor(after, "k")
	assert.False(t, waits, "a snapshot after the commit reads the file")
	got, _, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, Done, got.State)
}
