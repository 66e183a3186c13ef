package api_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// A policy's engine keeps the availability of the engine it stands in for:
// ?lang=ru must not price what is stopped.
func TestPolicyEngineKeepsAvailability(t *testing.T) {
	obj, p := api.Load(api.Docs{Menu: demo.Menu(), Restaurant: demo.Restaurant()}, api.LoadOptions{})
	require.Nil(t, p)
	e, err := engine.New(obj.Menu, obj.Restaurant, engine.Options{})
	require.NoError(t, err)
	a := &engine.Availability{StoppedDishes: map[menu.ID]bool{1000016: true}, TakenAt: time.Now()}
	e.SetAvailability(a)
	ne, pr := api.Policy{Lang: "ru"}.Engine(e)
	require.Nil(t, pr)
	require.NotSame(t, e, ne, "a policy that differs builds its own engine")
	assert.Equal(t, e.Availability(), ne.Availability())
}
