package pos_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/testkit"
)

const maxFuzzInput = 64 << 10

// The shared test kit's clock, engines, cart builder and code lists.
var (
	testNow    = testkit.Now
	testdata   = testkit.Testdata
	demoEngine = testkit.DemoEngine
	newEngine  = testkit.RulesEngine
	pickup     = testkit.Pickup
	codes      = testkit.Codes
)

// referencePickup is the first savedeliveryorder example of the WebDelivery
// reference, verbatim (the shared test kit reads testdata/carts/reference-pickup.json).
var referencePickup = string(testkit.ReferenceCart())

func seedCarts(f *testing.F) [][]byte {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed carts: %v", err)
	}
	var out [][]byte
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func mustMenu(t testing.TB) *menu.Menu {
	t.Helper()
	m, err := menu.Load(testdata(t, "menus", "rules-menu.json"), menu.Options{})
	require.NoError(t, err)
	return m
}
