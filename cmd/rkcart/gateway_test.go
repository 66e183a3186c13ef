package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/testkit"
)

var gatewayOn = regexp.MustCompile(`gateway on (http://\S+?)/api/v1/`)

// countingFake is a fake POS in this process, counting the requests
// each path gets.
func countingFake(t *testing.T, faults ...fakepos.Fault) (*fakepos.Fake, string, func(path string) int) {
	t.Helper()
	return countingFakeOf(t, fakepos.Config{Faults: faults})
}

func countingFakeOf(t *testing.T, cfg fakepos.Config) (*fakepos.Fake, string, func(path string) int) {
	t.Helper()
	f, err := fakepos.New(cfg)
	require.NoError(t, err)
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return f, srv.URL + "/api/v1/", func(p string) int { mu.Lock(); defer mu.Unlock(); return seen[p] }
}

func gwPost(t *testing.T, base, key string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/api/v1/savedeliveryorder", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("sid", "s")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// Two gateway processes share one Redis: a key sent to both at once makes
// one order, and their reads one upstream call.
func TestTwoGatewaysShareRedis(t *testing.T) {
	redis := testkit.Redis(t)
	fake, up, saw := countingFake(t)
	cart := readTestdata(t, "carts", "valid-pickup.json")
	var gws []*served
	for range 2 {
		gws = append(gws, startListening(t, gatewayOn, "gateway", "--addr", "127.0.0.1:0", "--upstream", up, "--redis", redis,
			"--journal", "off", "--mode", "pass"))
	}
	const orders = 5
	var wg sync.WaitGroup
	for i := range orders {
		for _, g := range gws {
			wg.Go(func() { gwPost(t, g.base, fmt.Sprint("order-", i), cart) })
		}
	}
	wg.Wait()
	assert.Len(t, fake.Snapshot().Orders, orders, "a key sent to two replicas at once makes one order")
	assert.Equal(t, orders, saw("/api/v1/savedeliveryorder"))

	for _, g := range gws {
		req, _ := http.NewRequest("GET", g.base+"/api/v1/dishes?objectid=199994335", nil)
		req.Header.Set("sid", "s")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	assert.Equal(t, 1, saw("/api/v1/dishes"), "the second replica reads the first one's answer")
}

// The embedded store keeps an unknown key across a restart: the write is
// not sent again.
func TestGatewayKeepsUnknownKeysAcrossRestart(t *testing.T) {
	fake, up, saw := countingFake(t, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultLost, Count: 1})
	cart := readTestdata(t, "carts", "valid-pickup.json")
	dir := t.TempDir()
	args := []string{"gateway", "--addr", "127.0.0.1:0", "--upstream", up, "--data-dir", dir, "--mode", "pass"}
	g := startListening(t, gatewayOn, args...)
	res := gwPost(t, g.base, "k1", cart)
	assert.Equal(t, http.StatusBadGateway, res.StatusCode)
	assert.Equal(t, "unknown", res.Header.Get("Rkcart-Outcome"))
	require.NoError(t, g.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, g.cmd.Wait())

	g = startListening(t, gatewayOn, args...)
	res = gwPost(t, g.base, "k1", cart)
	assert.Equal(t, "unknown", res.Header.Get("Rkcart-Outcome"))
	assert.Equal(t, "true", res.Header.Get("Rkcart-Replayed"))
	assert.Equal(t, 1, saw("/api/v1/savedeliveryorder"))
	assert.Len(t, fake.Snapshot().Orders, 1)
	j, err := os.ReadFile(filepath.Join(dir, "journal.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, 2, bytes.Count(j, []byte("\n")), string(j))
	assert.NotContains(t, string(j), "79996661010", "the journal holds no phone")
}

// The report reads a journal of shadow mode in front of a POS that
// accepts what rkcart refuses (the fake, lax, takes 3 × a modifier whose
// maxOneDish is 2, as the reference's own POS did), and the case it
// writes re-checks with reconcile.
func TestGatewayReport(t *testing.T) {
	_, up, _ := countingFakeOf(t, fakepos.Config{Mode: fakepos.Lax})
	dir := t.TempDir()
	g := startListening(t, gatewayOn, "gateway", "--addr", "127.0.0.1:0", "--upstream", up, "--data-dir", dir, "--mode", "shadow")
	valid := readTestdata(t, "carts", "valid-pickup.json")
	over := bytes.Replace(valid, []byte(`{"id": 1000388, "type": "m", "qnt": 2000}`), []byte(`{"id": 1000388, "type": "m", "qnt": 3000}`), 1)
	require.NotEqual(t, valid, over)
	assert.Equal(t, http.StatusOK, gwPost(t, g.base, "a", valid).StatusCode)
	res := gwPost(t, g.base, "b", over)
	assert.Equal(t, "refused", res.Header.Get("Rkcart-Verdict"))
	assert.Equal(t, "done", res.Header.Get("Rkcart-Outcome"), "shadow forwards what rkcart refuses")

	journal := filepath.Join(dir, "journal.jsonl")
	waitLines(t, journal, 2) // journaled after the answer
	cases := filepath.Join(t.TempDir(), "cases")
	out, errOut, code := runCLI(t, "", "gateway", "report", "--cases", cases, journal)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 exchanges")
	assert.Regexp(t, `agree\s+1\n`, out)
	assert.Regexp(t, `pos_accepted_refused\s+1\n`, out)
	assert.Regexp(t, `max_one_dish_exceeded\s+1\n`, out)
	assert.Contains(t, errOut, "1 cases written")

	out, errOut, code = runCLI(t, "", "reconcile", "--cart", filepath.Join(cases, "case-0001.cart.json"),
		"--response", filepath.Join(cases, "case-0001.response.json"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"verdict": "match"`)
}

// waitLines waits until the file has n lines.
func waitLines(t *testing.T, path string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(path)
		if bytes.Count(b, []byte("\n")) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has not %d lines:\n%s", path, n, b)
		}
	}
}

func readTestdata(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...))
	require.NoError(t, err)
	return b
}

// The README's PHP snippet and examples/gateway/client.mjs, pointed at a
// gateway, place an order each; an invalid cart is refused by the
// gateway and printed by code and path.
func TestReadmeClientsPlaceOrders(t *testing.T) {
	php := testkit.Tool(t, "php", "apt-get install php-cli")
	node := testkit.Tool(t, "node", "apt-get install nodejs")
	fake, up, saw := countingFake(t)
	g := startListening(t, gatewayOn, "gateway", "--addr", "127.0.0.1:0", "--upstream", up, "--data-dir", t.TempDir())
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)<!-- gateway-php[^\n]*\n```php\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "README has the gateway's PHP snippet")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "client.php"), m[1], 0o644))
	valid := readTestdata(t, "carts", "valid-pickup.json")
	env := append(os.Environ(), "WEBDELIVERY_BASE="+g.base+"/api/v1/", "WEBDELIVERY_SID=readme")
	client, err := filepath.Abs(filepath.Join("..", "..", "examples", "gateway", "client.mjs"))
	require.NoError(t, err)

	for _, run := range []struct {
		name string
		args []string
	}{{"php", []string{php, "client.php"}}, {"node", []string{node, client, "cart.json"}}} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cart.json"), valid, 0o644))
		cmd := testkit.Command(t, run.args[0], run.args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s: %s", run.name, out)
		assert.Regexp(t, `^order \d+\n$`, string(out), run.name)

		invalid := bytes.Replace(valid, []byte(`"qnt": 2000`), []byte(`"qnt": 0`), 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cart.json"), invalid, 0o644))
		cmd = testkit.Command(t, run.args[0], run.args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, _ = cmd.CombinedOutput()
		assert.Contains(t, string(out), "bad_quantity /order/0/items/0 ", run.name)
	}
	assert.Len(t, fake.Snapshot().Orders, 2)
	assert.Equal(t, 2, saw("/api/v1/savedeliveryorder"), "the invalid carts never reached the POS")
}
