package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/testkit"
)

// writeObject lays out object id as `menu pull` does.
func writeObject(t *testing.T, dir string, id int, dishes []byte) {
	t.Helper()
	folder := filepath.Join(dir, fmt.Sprint(id))
	require.NoError(t, os.MkdirAll(folder, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "dishes.json"), dishes, 0o644))
	rests := strings.Replace(string(demo.Restaurant()), "199994335", fmt.Sprint(id), 1)
	require.NoError(t, os.WriteFile(filepath.Join(folder, "rests.json"), []byte(rests), 0o644))
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// serve --objects DIR: ready at once, each object compiled on its first
// request, a broken object a 503 for itself only, a new folder picked up
// on SIGHUP, the least recently used dropped under --max-object-bytes.
func TestServeObjectsFromAFolder(t *testing.T) {
	dir := t.TempDir()
	for id := 1; id <= 3; id++ {
		writeObject(t, dir, id, demo.Menu())
	}
	writeObject(t, dir, 4, []byte(`{"data":{"dishes":"broken"}}`))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "not-an-object"), 0o755))
	// Budget for about two compiled demo objects: the third load drops the
	// least recently used.
	budget := fmt.Sprint(compiledFactor * (len(demo.Menu()) + len(demo.Restaurant())) * 5 / 2)
	s := startServe(t, "--objects", dir, "--max-object-bytes", budget)

	code, body := get(t, s.base+"/readyz")
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"objects":[]`, "nothing compiled before it is asked for")

	cart := func(id int) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "carts", "combo.json"))
		require.NoError(t, err)
		return []byte(strings.Replace(string(b), "199994335", fmt.Sprint(id), 1))
	}
	price := func(id int) (int, string, http.Header) {
		resp, err := http.Post(fmt.Sprintf("%s/v1/price?object=%d", s.base, id), "application/json", strings.NewReader(string(cart(id))))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	for _, id := range []int{1, 2, 3} {
		code, body, h := price(id)
		require.Equal(t, http.StatusOK, code, body)
		assert.Equal(t, fmt.Sprint(id), h.Get("Rkcart-Object"))
		assert.Contains(t, body, `"valid":true`)
	}
	code, body, _ = price(4)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, body, "object 4")
	assert.Contains(t, body, "dishes", "the problem says what is wrong")
	code, _, _ = price(1)
	assert.Equal(t, http.StatusOK, code, "one broken object takes no other with it")
	code, _, _ = price(9)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = get(t, s.base+"/readyz?object=4")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	code, _ = get(t, s.base+"/readyz?object=2")
	assert.Equal(t, http.StatusOK, code)
	_, metrics := get(t, s.base+"/metrics")
	assert.Regexp(t, `rkcart_objects_evicted_total [1-9]`, metrics, "the budget held about two objects")

	writeObject(t, dir, 5, demo.Menu())
	code, _, _ = price(5)
	assert.Equal(t, http.StatusNotFound, code, "not before a reload")
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGHUP))
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _, _ = price(5); code == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	assert.Equal(t, http.StatusOK, code, "a new folder is picked up on reload")
}

// A built binary says which it is: the module version, the commit it was
// built from (go build stamps it in a checkout) and the Go version; the
// sidecar's /healthz says the same.
func TestVersion(t *testing.T) {
	out, err := testkit.Command(t, rkcartBinary(t), "version").Output()
	require.NoError(t, err)
	assert.Regexp(t, `^rkcart \S+ \([0-9a-f]{12}(, modified)?\) go1\.\d+`, string(out))
	s := startServe(t)
	code, body := get(t, s.base+"/healthz")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `"commit":"`+strings.Fields(string(out))[2][1:13])
	// The health check a container runs, with no shell.
	hout, _, code := runCLI(t, "", "health", s.base+"/healthz")
	assert.Equal(t, 0, code)
	assert.Contains(t, hout, "ok 200")
	_, _, code = runCLI(t, "", "health", s.base+"/no-such")
	assert.Equal(t, 1, code)
	_, _, code = runCLI(t, "", "health", "http://127.0.0.1:1/healthz")
	assert.Equal(t, 1, code, "nothing listening")
}
