package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
)

// The corpus is self-consistent: every cart, priced again from its JSON by
// an engine built here, gives its expectation, and a cart made for a rule
// breaks exactly that rule.
func TestGenCorpusIsSelfConsistent(t *testing.T) {
	const day = "2026-12-01T00:00:00+03:00"
	for _, tc := range []struct {
		name string
		args []string
		opts engine.Options
	}{
		{"demo", nil, engine.Options{}},
		{"demo pos fractional", []string{"--profile", "pos", "--fractional"}, engine.Options{Profile: engine.ProfilePOS, Fractional: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"gen", "--n", "600", "--seed", "11", "--now", day}, tc.args...)
			out, errOut, code := runCLI(t, "", args...)
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, errOut, "seed 11")
			now, _ := time.Parse(time.RFC3339, day)
			tc.opts.Now = func() time.Time { return now }
			e, err := engine.Load(demo.Menu(), demo.Restaurant(), tc.opts)
			require.NoError(t, err)
			rules := map[string]int{}
			sc := bufio.NewScanner(strings.NewReader(out))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var line genLine
				require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
				require.Equal(t, day, line.Now, "every row says the clock its expect was computed at")
				r, err := e.PriceJSON(line.Cart)
				require.NoError(t, err)
				got := genExpect{Valid: r.Valid, Subtotal: int64(r.Subtotal), DeliveryPrice: int64(r.DeliveryPrice), Total: int64(r.Total), Violations: []genViolation{}}
				for _, v := range r.Violations {
					got.Violations = append(got.Violations, genViolation{v.Code, v.Path})
				}
				require.Equal(t, line.Expect, got, "%s", line.Cart)
				if line.Rule == "valid" {
					require.True(t, got.Valid, "%s", line.Cart)
				} else {
					require.Len(t, got.Violations, 1, "%s", line.Cart)
					require.Equal(t, line.Rule, got.Violations[0].Code, "%s", line.Cart)
				}
				rules[line.Rule]++
			}
			require.NoError(t, sc.Err())
			assert.Greater(t, rules["valid"], 200)
			assert.Greater(t, len(rules), 20, "the invalid carts spread over the rules: %v", rules)
		})
	}
}

func TestGenDeterministic(t *testing.T) {
	args := []string{"gen", "--n", "300", "--seed", "5", "--now", "2026-12-01T00:00:00+03:00"}
	a, _, code := runCLI(t, "", args...)
	require.Equal(t, 0, code)
	b, _, _ := runCLI(t, "", args...)
	assert.Equal(t, a, b, "same menu, flags and seed: the same bytes")
	c, _, _ := runCLI(t, "", append(args[:4:4], "6", "--now", "2026-12-01T00:00:00+03:00")...)
	assert.NotEqual(t, a, c, "another seed, other carts")

	_, errOut, code := runCLI(t, "", "gen", "--n", "3")
	require.Equal(t, 0, code)
	assert.Regexp(t, `rkcart gen: seed \d+, now `, errOut, "a random seed is printed")

	out, errOut, code := runCLI(t, "", "gen", "--n", "40", "--seed", "3", "--invalid", "1", "--rules", "bad_phone,unknown_dish")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 20, bytes.Count([]byte(out), []byte(`"rule":"bad_phone"`)))
	assert.Equal(t, 20, bytes.Count([]byte(out), []byte(`"rule":"unknown_dish"`)))
	_, errOut, code = runCLI(t, "", "gen", "--rules", "no_such_rule")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown rule "no_such_rule"`)
	// The real export cannot produce what needs a restaurant: it says so.
	_, errOut, code = runCLI(t, "", "gen", "--n", "10", "--seed", "1", "--menu", filepath.Join("..", "..", "testdata", "menus", "menu-data.json"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "cannot produce wrong_object: needs a restaurant")
	// What cannot be honoured is refused, not turned into valid carts.
	for _, bad := range [][]string{{"--invalid", "NaN"}, {"--invalid", "1.5"}, {"--rules", "amount_overflow", "--invalid", "1"}} {
		out, errOut, code := runCLI(t, "", append([]string{"gen", "--n", "3", "--seed", "1"}, bad...)...)
		assert.Equal(t, 2, code, "%v: %s", bad, out)
		assert.Empty(t, out, bad)
		assert.NotEmpty(t, errOut, bad)
	}
	_, errOut, _ = runCLI(t, "", "gen", "--n", "1", "--rules", "amount_overflow")
	assert.Contains(t, errOut, "amount_overflow: this menu cannot produce it: needs a dish priced over 2^62")
}

// A row replayed at its own clock gives its expect, whatever the time of
// day: the afternoon replay that gave 775 false mismatches used the clock
// of the run, not the row's.
func TestGenRowsCarryTheirClock(t *testing.T) {
	out, errOut, code := runCLI(t, "", "gen", "--n", "50", "--seed", "9")
	require.Equal(t, 0, code, errOut)
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line genLine
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		_, err := time.Parse(time.RFC3339, line.Now)
		require.NoError(t, err)
		priced, _, _ := runCLI(t, string(line.Cart), "price", "--now", line.Now, "-")
		var r struct {
			Valid bool  `json:"valid"`
			Total int64 `json:"total"`
		}
		require.NoError(t, json.Unmarshal([]byte(priced), &r))
		assert.Equal(t, line.Expect.Valid, r.Valid, "%s", line.Cart)
		assert.Equal(t, line.Expect.Total, r.Total)
	}
}
