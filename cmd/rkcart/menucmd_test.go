package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/fakepos"
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

// A chain: the fake POS serves two restaurants of one corporation. menu
// pull --corp writes a folder per object (creating --dir), each rests.json
// holding its own restaurant, prints what it wrote, never echoes the
// session id; a cart of the second object prices valid on its folder.
func TestMenuPullCLI(t *testing.T) {
	second := strings.Replace(string(demo.Restaurant()), "199994335", "199994336", 1)
	f, err := fakepos.New(fakepos.Config{Objects: []fakepos.Object{
		{Menu: demo.Menu(), Restaurant: demo.Restaurant()},
		{Menu: demo.Menu(), Restaurant: []byte(second)},
	}})
	require.NoError(t, err)
	var sids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sids = append(sids, r.Header.Get("sid"))
		f.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "menus", "new")
	t.Setenv("RKCART_SID", "s3cr3t")
	out, errOut, code := runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--corp", "19999", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Len(t, sids, 5, "rests once, then dishes and menutree per object")
	for _, s := range sids {
		assert.Equal(t, "s3cr3t", s)
	}
	assert.NotContains(t, out+errOut, "s3cr3t", "the session id is never echoed")
	for _, id := range []string{"199994335", "199994336"} {
		for _, name := range []string{"dishes.json", "menutree.json", "rests.json"} {
			p := filepath.Join(dir, id, name)
			assert.FileExists(t, p)
			assert.Contains(t, out, p, "every file written is printed")
		}
	}
	rest2 := filepath.Join(dir, "199994336", "rests.json")
	data, err := os.ReadFile(rest2)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "199994335", "each rests.json holds its own restaurant only")
	cart := strings.Replace(readFile(t, filepath.Join("..", "..", "testdata", "carts", "valid-pickup.json")), "199994335", "199994336", 1)
	out, errOut, code = runCLI(t, cart, "price", "--now", fixedNow, "--menu", filepath.Join(dir, "199994336", "dishes.json"), "--restaurant", rest2, "-")
	assert.Equal(t, 0, code, "%s%s", out, errOut)

	// One object of the corporation.
	one := t.TempDir()
	_, _, code = runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--corp", "19999", "--object", "199994336", "--dir", one)
	require.Equal(t, 0, code)
	assert.NoDirExists(t, filepath.Join(one, "199994335"))
	assert.FileExists(t, filepath.Join(one, "199994336", "rests.json"))
	// No corporation: no rests.json, and stderr says which rules are off.
	_, errOut, code = runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--object", "199994335", "--dir", one)
	require.Equal(t, 0, code)
	assert.Contains(t, errOut, "no rests.json")
	_, errOut, code = runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--corp", "19999", "--object", "7", "--dir", one)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no object 7")
	_, errOut, code = runCLI(t, "", "menu", "pull", "--base-url", srv.URL+"/api/v1/", "--dir", one)
	assert.Equal(t, 2, code, errOut)

	// A rests file of the whole chain is read by the object named, and
	// refused when ambiguous.
	both, _ := json.Marshal(map[string]any{"data": map[string]any{"rests": []json.RawMessage{
		json.RawMessage(`{"id":199994335,"name":"A"}`), json.RawMessage(`{"id":199994336,"name":"B"}`)}}, "status": "Ok"})
	chain := filepath.Join(one, "chain.json")
	require.NoError(t, os.WriteFile(chain, both, 0o644))
	_, errOut, code = runCLI(t, "", "price", "--restaurant", chain, filepath.Join("..", "..", "testdata", "carts", "valid-pickup.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "2 restaurants (199994335, 199994336)")
	_, errOut, code = runCLI(t, cart, "price", "--now", fixedNow, "--restaurant", chain, "--object", "199994336", "-")
	assert.NotEqual(t, 2, code, errOut)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}
