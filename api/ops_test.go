package api_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/testkit"
)

// A policy's engine keeps the availability of the engine it stands in for:
// ?lang=ru must not price what is stopped.
func TestPolicyEngineKeepsAvailability(t *testing.T) {
	e := testkit.DemoEngine(t, testkit.Now)
	a := &engine.Availability{StoppedDishes: map[menu.ID]bool{1000016: true}, TakenAt: time.Now()}
	e.SetAvailability(a)
	ne, pr := api.Policy{Lang: "ru"}.Engine(e)
	require.Nil(t, pr)
	require.NotSame(t, e, ne, "a policy that differs builds its own engine")
	assert.Equal(t, e.Availability(), ne.Availability())
}
