package wire

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestComparePointers(t *testing.T) {
	in := []string{"/order/10", "/order/2/items/0", "/order", "/client/phone", "/order/2", "", "/order/02/x", "/order/2/items/10", "/order/2/items/9"}
	slices.SortFunc(in, ComparePointers)
	assert.Equal(t, []string{"", "/client/phone", "/order", "/order/2", "/order/2/items/0", "/order/2/items/9", "/order/2/items/10", "/order/02/x", "/order/10"}, in)
}
