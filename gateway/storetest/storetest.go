// Package storetest is the one suite every gateway store passes (the
// embedded store, a keys log and a bbolt file, and Redis): claims are exclusive under concurrency,
// compare-and-set refuses a stale record, time to live ends records,
// cached answers and locks behave, the token bucket paces, and records
// survive reopening the store.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rkcart/rkcart/gateway"
)

// Open opens the store under test; called again within one test it opens
// the same data (a restart).
type Open func(t *testing.T) gateway.Store

// Run runs the suite; open gives each subtest fresh data when called
// with a fresh t (new(t) per subtest), and the same data when called
// again with that t.
func Run(t *testing.T, fresh func(t *testing.T) Open) {
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	rec := gateway.Record{State: gateway.Pending, Digest: "d1", Owner: "a", Lease: at.Add(time.Minute), At: at, Call: "savedeliveryorder", Object: 7}

	t.Run("claim is exclusive", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				r := rec
				r.Owner = fmt.Sprint("g", i)
				got, ok, err := s.Claim(ctx, "k", r, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					wins.Add(1)
				} else if got.State != gateway.Pending || got.Digest != "d1" {
					t.Errorf("a lost claim sees %+v", got)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d claims won, want 1", wins.Load())
		}
	})

	t.Run("swap and delete compare", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		if _, ok, err := s.Claim(ctx, "k", rec, time.Hour); !ok || err != nil {
			t.Fatal(ok, err)
		}
		cur, found, err := s.Get(ctx, "k")
		if err != nil || !found || cur.Owner != "a" || !cur.Lease.Equal(rec.Lease) {
			t.Fatalf("get: %+v %v %v", cur, found, err)
		}
		done := cur
		done.State, done.Status, done.Body, done.ContentType = gateway.Done, 200, []byte(`{"status":"Ok"}`), "application/json"
		if ok, err := s.Swap(ctx, "k", cur, done, time.Hour); !ok || err != nil {
			t.Fatalf("swap from the record read: %v %v", ok, err)
		}
		if ok, err := s.Swap(ctx, "k", cur, done, time.Hour); ok || err != nil {
			t.Fatalf("swap from a stale record: %v %v", ok, err)
		}
		got, _, _ := s.Get(ctx, "k")
		if got.State != gateway.Done || string(got.Body) != `{"status":"Ok"}` || got.Status != 200 {
			t.Fatalf("after swap: %+v", got)
		}
		if ok, _ := s.Delete(ctx, "k", cur); ok {
			t.Fatal("delete from a stale record")
		}
		if ok, err := s.Delete(ctx, "k", got); !ok || err != nil {
			t.Fatalf("delete: %v %v", ok, err)
		}
		if _, found, _ := s.Get(ctx, "k"); found {
			t.Fatal("deleted, still found")
		}
		if ok, _, err := s.Claim(ctx, "k", rec, time.Hour); err != nil || ok.Digest != "d1" {
			t.Fatal("claim after delete", err)
		}
	})

	t.Run("keys by state, sorted", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		for _, k := range []string{"c", "a", "b", "d"} {
			r := rec
			if k != "d" {
				r.State, r.Reason = gateway.Unknown, "lost "+k
			}
			if _, ok, err := s.Claim(ctx, k, r, 0); !ok || err != nil {
				t.Fatal(k, ok, err)
			}
		}
		got, err := s.Keys(ctx, gateway.Unknown, 10)
		if err != nil || len(got) != 3 || got[0].Key != "a" || got[2].Key != "c" || got[1].Record.Reason != "lost b" {
			t.Fatalf("keys: %+v %v", got, err)
		}
		if got, _ := s.Keys(ctx, gateway.Unknown, 2); len(got) != 2 {
			t.Fatalf("limit 2: %d", len(got))
		}
	})

	t.Run("time to live", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		if _, ok, _ := s.Claim(ctx, "short", rec, 200*time.Millisecond); !ok {
			t.Fatal("claim")
		}
		if _, ok, _ := s.Claim(ctx, "forever", rec, 0); !ok {
			t.Fatal("claim")
		}
		if err := s.CachePut(ctx, "c", gateway.Cached{Status: 200, Body: []byte("x"), At: at}, 200*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		time.Sleep(400 * time.Millisecond)
		if _, found, _ := s.Get(ctx, "short"); found {
			t.Error("an expired key is found")
		}
		if _, found, _ := s.Get(ctx, "forever"); !found {
			t.Error("a key without time to live is gone")
		}
		if _, found, _ := s.CacheGet(ctx, "c"); found {
			t.Error("an expired answer is found")
		}
		if _, ok, _ := s.Claim(ctx, "short", rec, time.Hour); !ok {
			t.Error("an expired key cannot be claimed again")
		}
	})

	t.Run("cache and locks", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		if _, found, err := s.CacheGet(ctx, "dishes"); found || err != nil {
			t.Fatal(found, err)
		}
		c := gateway.Cached{Status: 200, ContentType: "application/json", Body: []byte(`{"data":{}}`), At: at}
		if err := s.CachePut(ctx, "dishes", c, time.Hour); err != nil {
			t.Fatal(err)
		}
		got, found, err := s.CacheGet(ctx, "dishes")
		if err != nil || !found || string(got.Body) != string(c.Body) || !got.At.Equal(at) || got.ContentType != c.ContentType {
			t.Fatalf("%+v %v %v", got, found, err)
		}
		if ok, _ := s.Lock(ctx, "refresh", 300*time.Millisecond); !ok {
			t.Fatal("first lock")
		}
		if ok, _ := s.Lock(ctx, "refresh", 300*time.Millisecond); ok {
			t.Fatal("second lock taken while the first holds")
		}
		time.Sleep(450 * time.Millisecond)
		if ok, _ := s.Lock(ctx, "refresh", time.Second); !ok {
			t.Fatal("a lock past its time is not free")
		}
	})

	t.Run("token bucket", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		every := 200 * time.Millisecond
		var waits []time.Duration
		for range 5 {
			w, err := s.Take(ctx, "up", every, 2)
			if err != nil {
				t.Fatal(err)
			}
			waits = append(waits, w)
		}
		// Two at once, then one per 200 ms: 0, 0, ~200, ~400, ~600 ms.
		if waits[0] != 0 || waits[1] != 0 {
			t.Fatalf("the burst waits: %v", waits)
		}
		for i := 2; i < 5; i++ {
			want := time.Duration(i-1) * every
			if waits[i] < want-50*time.Millisecond || waits[i] > want {
				t.Fatalf("take %d waits %v, want about %v (%v)", i, waits[i], want, waits)
			}
		}
		if w, _ := s.Take(ctx, "other", every, 1); w != 0 {
			t.Fatalf("another bucket waits %v", w)
		}
	})

	t.Run("one salt", func(t *testing.T) {
		s := fresh(t)(t)
		defer s.Close()
		a, err := s.Salt(ctx, []byte("first"))
		if err != nil || string(a) != "first" {
			t.Fatalf("%q %v", a, err)
		}
		if b, err := s.Salt(ctx, []byte("second")); err != nil || string(b) != "first" {
			t.Fatalf("a second salt replaced the first: %q %v", b, err)
		}
	})

	t.Run("survives reopening", func(t *testing.T) {
		open := fresh(t)
		s := open(t)
		u := rec
		u.State, u.Reason = gateway.Unknown, "connection lost after the body was sent"
		if _, ok, err := s.Claim(ctx, "k", u, 0); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = open(t)
		defer s.Close()
		got, found, err := s.Get(ctx, "k")
		if err != nil || !found || got.State != gateway.Unknown || got.Reason != u.Reason {
			t.Fatalf("after reopening: %+v %v %v", got, found, err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
