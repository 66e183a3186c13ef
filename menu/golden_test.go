package menu_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtures are the real exports (copied from ../shared/fixtures/public into
// testdata/menus) and the embedded demo menu.
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{"demo": demo.Menu()}
	for name, file := range map[string]string{
		"hu2417": "menu-data.json",
		"frei":   "menu-data-frei.json",
		"cart":   "cart-fixture.json",
	} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "menus", file))
		require.NoError(t, err)
		out[name] = b
	}
	return out
}

type golden struct {
	Stats    menu.Stats     `json:"stats"`
	Findings menu.Findings  `json:"findings"`
	Summary  map[string]int `json:"summary"`
}

// TestGoldenMenus pins the counts and lint findings of every fixture. Run
// with -update after a deliberate change, and review the diff.
func TestGoldenMenus(t *testing.T) {
	for name, data := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			m, err := menu.Load(data, menu.Options{})
			require.NoError(t, err)
			g := golden{Stats: m.Stats(), Findings: menu.Lint(m), Summary: map[string]int{}}
			for _, f := range g.Findings {
				g.Summary[f.Code]++
			}
			got, err := json.MarshalIndent(g, "", "  ")
			require.NoError(t, err)
			path := filepath.Join("..", "testdata", "golden", "menu-"+name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			require.JSONEq(t, string(want), string(got))
		})
	}
}
