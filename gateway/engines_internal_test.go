package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rkcart/rkcart/fakepos"
)

// Callers with different sids read the same menu through their own cache
// entries, and the gateway compiles it once: compiled objects are kept by
// content, so cycling sids cannot make it compile and hold a copy each.
func TestOneCompiledObjectPerMenuVersion(t *testing.T) {
	f, err := fakepos.New(fakepos.Config{})
	if err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(f)
	defer up.Close()
	s, err := OpenBolt(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := New(Options{Upstream: up.URL + "/api/v1/", Store: s, Salt: []byte("s")})
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]bool{}
	for _, sid := range []string{"a", "b", "c"} {
		req := httptest.NewRequest("GET", "/api/v1/dishes?objectid=199994335", nil)
		req.Header.Set("sid", sid)
		w := httptest.NewRecorder()
		g.ServeHTTP(w, req)
		if w.Code != http.StatusOK || w.Header().Get("Rkcart-Cache") != "miss" {
			t.Fatalf("sid %s: %d %s", sid, w.Code, w.Header().Get("Rkcart-Cache"))
		}
		versions[w.Header().Get("Rkcart-Menu-Version")] = true
	}
	if len(versions) != 1 || len(g.engines.byKey) != 3 || len(g.engines.byVersion) != 1 {
		t.Fatalf("versions %v, %d keys, %d compiled objects", versions, len(g.engines.byKey), len(g.engines.byVersion))
	}
}
