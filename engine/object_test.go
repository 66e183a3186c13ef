package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// The object may come from the body or from the request (engine.Cart's
// Object: the URL's objectId, --object, ?object=): bad_objectid only when
// neither gives a positive id, wrong_object when they disagree or either
// is not the restaurant.
func TestObjectFromTheBodyOrTheRequest(t *testing.T) {
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "carts", "valid-pickup.json"))
	require.NoError(t, err)
	without := strings.Replace(string(raw), `"objectid": 199994335,`, ``, 1)
	require.NotContains(t, without, "objectid")
	const rest = menu.ID(199994335)
	for _, tc := range []struct {
		name   string
		body   string
		object menu.ID
		want   []string // objectid codes
	}{
		{"in the body only", string(raw), 0, nil},
		{"in the request only", without, rest, nil},
		{"in both, agreeing", string(raw), rest, nil},
		{"in neither", without, 0, []string{engine.CodeBadObjectID}},
		{"the request names another", string(raw), 42, []string{engine.CodeWrongObject}},
		{"the request names another restaurant than ours", without, 42, []string{engine.CodeWrongObject}},
		{"an invalid body id is not replaced", strings.Replace(string(raw), `199994335`, `"x"`, 1), rest, []string{engine.CodeBadObjectID}},
	} {
		c, err := engine.DecodeCart([]byte(tc.body), 0)
		require.NoError(t, err, tc.name)
		c.Object = tc.object
		r := e.Price(c)
		var got []string
		for _, v := range r.Violations {
			if v.Path == "/objectid" {
				got = append(got, v.Code)
			}
		}
		assert.Equal(t, tc.want, got, tc.name)
	}
}
