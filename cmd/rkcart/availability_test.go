package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

// --availability is honoured by every command that prices: price reports
// a stopped dish, gen's carts and expectations see it, and a bad document
// is unusable input naming file and member.
func TestAvailabilityFlag(t *testing.T) {
	const now = "2026-11-23T12:00:00+03:00"
	stopped := writeTemp(t, "avail.json", `{"taken_at":"`+now+`","stopped":{"dishes":[1000016]}}`)
	out, _, code := runCLI(t, "", "price", "--now", now, "--availability", stopped, "../../testdata/carts/combo.json")
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, out, `"code": "stopped"`)
	_, _, code = runCLI(t, "", "price", "--now", now, "../../testdata/carts/combo.json")
	assert.Equal(t, exitOK, code, "the same cart without the document is valid")

	bad := writeTemp(t, "bad.json", `{"taken_at":"`+now+`","stoped":{}}`)
	_, errOut, code := runCLI(t, "", "price", "--availability", bad, "../../testdata/carts/combo.json")
	assert.Equal(t, exitUnusable, code)
	assert.Contains(t, errOut, bad+": availability: /stoped: unknown member")

	// gen: the availability shapes the carts (valid ones avoid what is
	// stopped and keep balances; stopped and out_of_stock rows break them),
	// with --fractional's rebuilt engine too.
	some := writeTemp(t, "some.json", `{"taken_at":"`+now+`","stopped":{"dishes":[1000016]},"balances":{"dishes":{"1000039":2000}}}`)
	for _, extra := range [][]string{nil, {"--fractional"}} {
		args := append([]string{"gen", "--n", "120", "--seed", "5", "--now", now, "--availability", some, "--invalid", "0.5"}, extra...)
		out, errOut, code := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, errOut)
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(nil, 1<<20)
		rules := map[string]int{}
		for sc.Scan() {
			var row struct {
				Rule   string `json:"rule"`
				Expect struct {
					Valid      bool `json:"valid"`
					Violations []struct {
						Code string `json:"code"`
					} `json:"violations"`
				} `json:"expect"`
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
			rules[row.Rule]++
			if row.Rule == "valid" {
				assert.True(t, row.Expect.Valid, "%v: %s", extra, sc.Text())
			} else {
				require.NotEmpty(t, row.Expect.Violations, "%v: %s", extra, sc.Text())
				assert.Equal(t, row.Rule, row.Expect.Violations[0].Code, "%v: %s", extra, sc.Text())
			}
		}
		assert.Positive(t, rules["stopped"], "%v: %v", extra, rules)
		assert.Positive(t, rules["out_of_stock"], "%v: %v", extra, rules)
	}

	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	var ids []string
	for _, d := range m.Dishes() {
		ids = append(ids, fmt.Sprint(d.ID))
	}
	all := writeTemp(t, "all.json", `{"taken_at":"`+now+`","stopped":{"dishes":[`+strings.Join(ids, ",")+`]}}`)
	_, errOut, code = runCLI(t, "", "gen", "--n", "5", "--seed", "3", "--now", now, "--availability", all)
	assert.Equal(t, exitUnusable, code, "nothing orderable: refused, not an empty success")
	assert.Contains(t, errOut, "no cart could be made")
}

// menu diff prices only with --cart; a price flag without it is refused,
// not ignored.
func TestMenuDiffRefusesPriceFlagsWithoutCart(t *testing.T) {
	_, errOut, code := runCLI(t, "", "menu", "diff", "--lang", "ru", "../../testdata/menus/menu-data.json", "../../testdata/menus/menu-data.json")
	assert.Equal(t, exitUnusable, code)
	assert.Contains(t, errOut, "--lang only apply to pricing a cart: give --cart too")
}
