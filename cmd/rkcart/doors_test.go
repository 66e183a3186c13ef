package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/server"
)

// The CLI and the sidecar are doors to the same operations: the same
// answer for a cart, the same problem for one that cannot be read (exit 2
// where the sidecar says 4xx), the same refusal (exit 1, 422).
func TestDoorsAgree(t *testing.T) {
	obj, p := api.Load(api.Docs{Menu: demo.Menu(), Restaurant: demo.Restaurant()}, api.LoadOptions{})
	require.Nil(t, p)
	s, err := server.New(server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	require.NoError(t, s.Set([]server.Object{obj}))
	ask := func(path, body string) (int, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
		return rec.Code, rec.Body.String()
	}
	for _, cart := range []string{readFile(t, "../../testdata/carts/combo.json"), readFile(t, "../../testdata/carts/invalid-many.json")} {
		out, _, code := runCLI(t, cart, "price", "--now", fixedNow, "-")
		status, body := ask("/v1/price?now="+strings.ReplaceAll(fixedNow, "+", "%2B"), cart)
		require.Equal(t, http.StatusOK, status)
		var a, b any
		require.NoError(t, json.Unmarshal([]byte(out), &a))
		require.NoError(t, json.Unmarshal([]byte(body), &b))
		assert.Equal(t, b, a, "the same result")
		valid := a.(map[string]any)["valid"].(bool)
		assert.Equal(t, map[bool]int{true: 0, false: 1}[valid], code)
	}
	for _, bad := range []string{`{"order": [`, `{"order": 5}`, `{"order":[{"id":1,"id":2}]}`} {
		_, errOut, code := runCLI(t, bad, "price", "-")
		status, body := ask("/v1/price", bad)
		assert.Equal(t, exitUnusable, code, bad)
		assert.Equal(t, http.StatusBadRequest, status, bad)
		var prob api.Problem
		require.NoError(t, json.Unmarshal([]byte(body), &prob))
		assert.Equal(t, "rkcart: "+prob.Detail+"\n", errOut, "the same problem, %s", bad)
	}
	refused := readFile(t, "../../testdata/carts/invalid-many.json")
	_, _, code := runCLI(t, refused, "payload", "--now", fixedNow, "-")
	status, _ := ask("/v1/payload/savedeliveryorder?now="+strings.ReplaceAll(fixedNow, "+", "%2B"), refused)
	assert.Equal(t, exitProblems, code)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	out, _, _ := runCLI(t, "", "payload", "--now", fixedNow, "../../testdata/carts/valid-pickup.json")
	_, body := ask("/v1/payload/savedeliveryorder?now="+strings.ReplaceAll(fixedNow, "+", "%2B"), readFile(t, "../../testdata/carts/valid-pickup.json"))
	var pl struct{ Body json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(body), &pl))
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, pl.Body))
	assert.Equal(t, compact.String()+"\n", out, "the same body")
}
