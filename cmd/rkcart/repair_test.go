package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
)

// rkcart repair prints {cart, changes, left, result}: exit 0 when nothing
// is left, 1 when the guest must still act, 2 for what is not a cart.
func TestRepairCommand(t *testing.T) {
	valid := readTestdata(t, "carts", "valid-pickup.json")
	fractional := bytes.Replace(valid, []byte(`{"id": 1000042, "type": "d", "qnt": 2000`), []byte(`{"id": 1000042, "type": "d", "qnt": 1500`), 1)
	require.NotEqual(t, valid, fractional)
	out, errOut, code := runCLI(t, string(fractional), "repair", "--now", "2026-11-23T12:00:00+03:00", "-")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Cart    json.RawMessage `json:"cart"`
		Changes []struct {
			Code, Action, Path string
		} `json:"changes"`
		Left   []any `json:"left"`
		Result struct {
			Valid bool `json:"valid"`
		} `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Changes, 1)
	assert.Equal(t, "set_quantity", rep.Changes[0].Action)
	assert.Equal(t, "/order/1", rep.Changes[0].Path)
	assert.Empty(t, rep.Left)
	assert.True(t, rep.Result.Valid)
	assert.JSONEq(t, string(valid), string(rep.Cart), "the repaired cart is the valid one it came from")

	_, _, code = runCLI(t, "", "repair", "../../testdata/carts/invalid-many.json")
	assert.Equal(t, 1, code, "an unknown dish and the header are left to the guest")
	_, _, code = runCLI(t, "[1]", "repair", "-")
	assert.Equal(t, 2, code)
}

// rkcart price --since OLD_MENU: the cart priced against --menu, and what
// changed for it since the menu the guest saw (the juice's price).
func TestPriceSince(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.json")
	cur := filepath.Join(dir, "new.json")
	require.NoError(t, os.WriteFile(old, demo.Menu(), 0o644))
	require.NoError(t, os.WriteFile(cur, bytes.Replace(demo.Menu(), []byte(`"price": 8000,`), []byte(`"price": 8500,`), 1), 0o644))
	out, errOut, code := runCLI(t, "", "price", "--menu", cur, "--since", old, "--now", "2026-11-23T12:00:00+03:00", "../../testdata/carts/valid-pickup.json")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Since struct {
			Version string `json:"version"`
			Changes []struct {
				Kind string `json:"kind"`
				Path string `json:"path"`
				Old  int64  `json:"old"`
				New  int64  `json:"new"`
			} `json:"changes"`
		} `json:"since"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, document.Version(demo.Menu(), nil), res.Since.Version, "the version the sidecar gives the old menu without a restaurant")
	require.Len(t, res.Since.Changes, 1, out)
	assert.Equal(t, "price_changed", res.Since.Changes[0].Kind)
	assert.Equal(t, "/order/1", res.Since.Changes[0].Path)
	assert.Equal(t, int64(16000), res.Since.Changes[0].Old)
	assert.Equal(t, int64(17000), res.Since.Changes[0].New)
}
