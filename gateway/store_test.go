package gateway_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rkcart/rkcart/gateway"
	"github.com/rkcart/rkcart/gateway/storetest"
	"github.com/rkcart/rkcart/testkit"
)

func TestBoltStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Open {
		dir := t.TempDir()
		return func(t *testing.T) gateway.Store {
			s, err := gateway.OpenBolt(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}

func TestBoltStoreIsOneProcess(t *testing.T) {
	dir := t.TempDir()
	s, err := gateway.OpenBolt(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := gateway.OpenBolt(dir, nil); err == nil || !strings.Contains(err.Error(), "held by another process") {
		t.Fatalf("a second open: %v", err)
	}
}

func TestRedisStore(t *testing.T) {
	url := testkit.Redis(t)
	n := 0
	storetest.Run(t, func(t *testing.T) storetest.Open {
		n++
		prefix := "test" + string(rune('a'+n)) + ":" // fresh data per subtest in one server
		return func(t *testing.T) gateway.Store {
			s, err := gateway.OpenRedis(context.Background(), url, prefix)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}
