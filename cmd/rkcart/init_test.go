package main

import (
	"bufio"
	"bytes"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/testkit"
)

// The budget of what runs before main for a command that serves
// nothing (issue 27): the package initialisation of `rkcart price`, as
// GODEBUG=inittrace=1 reports it, at most 100 KB and 600 allocations.
// The metrics are rkcart's own (internal/metrics, nothing at init), and
// money.Parse needs no decimal library.
const (
	initBytesBudget  = 100_000
	initAllocsBudget = 600
)

var initLine = regexp.MustCompile(`^init (\S+) @[\d.]+ ms, [\d.]+ ms clock, (\d+) bytes, (\d+) allocs$`)

func TestPriceStartsWithinItsInitBudget(t *testing.T) {
	cmd := testkit.Command(t, rkcartBinary(t), "price", "../../testdata/carts/combo.json")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	var bytesTotal, allocs, packages int
	heaviest, heaviestBytes := "", 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		b, _ := strconv.Atoi(m[2])
		a, _ := strconv.Atoi(m[3])
		bytesTotal, allocs, packages = bytesTotal+b, allocs+a, packages+1
		if b > heaviestBytes {
			heaviest, heaviestBytes = m[1], b
		}
	}
	require.Positive(t, packages, "no inittrace lines:\n%s", stderr.String())
	t.Logf("rkcart price: %d packages initialised, %d bytes, %d allocations (heaviest: %s, %d bytes)", packages, bytesTotal, allocs, heaviest, heaviestBytes)
	if bytesTotal > initBytesBudget || allocs > initAllocsBudget {
		t.Errorf("initialisation takes %d bytes and %d allocations, over the budget of %d and %d (heaviest: %s, %d bytes)",
			bytesTotal, allocs, initBytesBudget, initAllocsBudget, heaviest, heaviestBytes)
	}
}
