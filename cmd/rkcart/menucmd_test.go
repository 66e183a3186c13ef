package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
)

func TestMenuDiffCLI(t *testing.T) {
	dir := t.TempDir()
	oldPath := filepath.Join(dir, "old.json")
	newPath := filepath.Join(dir, "new.json")
	require.NoError(t, os.WriteFile(oldPath, demo.Menu(), 0o644))
	_, _, code := runCLI(t, "", "menu", "diff", oldPath, oldPath)
	assert.Equal(t, 0, code, "equal menus")

	// Beetroot soup costs 60.00 now: the valid pickup cart's first line is repriced.
	changed := strings.Replace(string(demo.Menu()), `"name": "Beetroot soup",`, `"name": "Beetroot soup",`, 1)
	changed = strings.Replace(changed, `"price": 5000,`, `"price": 6000,`, 1)
	require.NoError(t, os.WriteFile(newPath, []byte(changed), 0o644))
	cart := filepath.Join("..", "..", "testdata", "carts", "valid-pickup.json")
	out, errOut, code := runCLI(t, "", "menu", "diff", oldPath, newPath, "--cart", cart, "--now", fixedNow)
	require.Equal(t, 1, code, errOut)
	assert.Contains(t, out, `"kind": "dish_price"`)
	assert.Contains(t, out, `"old": "50.00"`)
	assert.Contains(t, out, `"new": "60.00"`)
	assert.Contains(t, out, `"path": "/order/0"`)
	assert.Contains(t, out, `"old_amount": 7526`)
	assert.Contains(t, out, `"new_amount": 8526`)
	out, _, code = runCLI(t, "", "menu", "diff", "--format", "text", oldPath, newPath)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "dish_price\t/data/dishes/0/price\t")
	_, errOut, code = runCLI(t, "", "menu", "diff", oldPath)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want OLD and NEW")
}

func TestMenuPullCLI(t *testing.T) {
	var sids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sids = append(sids, r.Header.Get("sid"))
		switch r.URL.Path {
		case "/api/v1/dishes":
			_, _ = w.Write(demo.Menu())
		case "/api/v1/menutree":
			b, _ := os.ReadFile(filepath.Join("..", "..", "testdata", "menus", "menutree-reference.json"))
			_, _ = w.Write(b)
		case "/api/v1/rests":
			_, _ = w.Write(demo.Restaurant())
		default:
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	t.Setenv("RKCART_SID", "s3cr3t")
	out, errOut, code := runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--object", "199990094", "--corp", "19999", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, []string{"s3cr3t", "s3cr3t", "s3cr3t"}, sids)
	assert.NotContains(t, out+errOut, "s3cr3t", "the session id is never echoed")
	for _, name := range []string{"dishes.json", "menutree.json", "rests.json"} {
		assert.FileExists(t, filepath.Join(dir, name))
	}
	// The files are what the other commands take.
	_, errOut, code = runCLI(t, "", "price", "--now", fixedNow, "--menu", filepath.Join(dir, "dishes.json"), "--restaurant", filepath.Join(dir, "rests.json"),
		filepath.Join("..", "..", "testdata", "carts", "valid-pickup.json"))
	assert.Equal(t, 0, code, errOut)
}
