package pos

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/rkcart/rkcart/money"
)

// Reconciliation saturates instead of failing, toward the sign the exact
// result would have had.
func TestSaturation(t *testing.T) {
	const top, bottom = money.Kopecks(math.MaxInt64), money.Kopecks(math.MinInt64)
	big := money.Kopecks(math.MaxInt64 / 2)
	assert.Equal(t, []money.Kopecks{top, bottom, bottom, top}, []money.Kopecks{
		kernel(big, 4000), kernel(-big, 4000), kernel(big, -4000), kernel(-big, -4000),
	}, "kernel by signs")
	assert.Equal(t, []money.Kopecks{top, bottom, bottom, top}, []money.Kopecks{
		mulInt(big, 4), mulInt(-big, 4), mulInt(big, -4), mulInt(-big, -4),
	}, "mulInt by signs")
	assert.Equal(t, []money.Kopecks{top, bottom, bottom, 5}, []money.Kopecks{
		sub(top, -1), sub(bottom, 1), sub(0, bottom), sub(7, 2),
	}, "sub")
}
