package status_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/status"
)

func TestProCart(t *testing.T) {
	names := []string{}
	for s := status.ProCart(0); s.Valid(); s++ {
		names = append(names, s.String())
	}
	assert.Equal(t, []string{"open", "close", "bill", "deleted", "deferred", "new"}, names)
	allowed := [][2]status.ProCart{{5, 0}, {5, 4}, {5, 3}, {4, 0}, {4, 3}, {0, 2}, {0, 1}, {0, 3}, {2, 0}, {2, 1}, {2, 3}}
	for from := status.ProCart(0); from.Valid(); from++ {
		for to := status.ProCart(0); to.Valid(); to++ {
			want := false
			for _, a := range allowed {
				want = want || (a[0] == from && a[1] == to)
			}
			assert.Equal(t, want, from.CanBecome(to), "%s → %s", from, to)
			err := from.Transition(to)
			assert.Equal(t, want, err == nil, "%s → %s", from, to)
			if err != nil {
				assert.ErrorIs(t, err, status.ErrTransition)
			}
		}
	}
	err := status.ProCartClose.Transition(status.ProCartOpen)
	var te *status.TransitionError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, status.TransitionError{Model: "procart", From: "close", To: "open"}, *te)
	assert.False(t, status.ProCart(9).CanBecome(0))
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(status.ProCartBill)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":2,"name":"bill"}`, string(b))
	for _, in := range []string{`2`, `"2"`, `"bill"`, `"BILL"`, `{"id":2,"name":"bill"}`, `{"id":"2"}`} {
		var s status.ProCart
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, status.ProCartBill, s, in)
	}
	for _, in := range []string{`6`, `-1`, `"paid"`, `{}`, `true`} {
		var s status.ProCart
		assert.ErrorIs(t, json.Unmarshal([]byte(in), &s), status.ErrUnknown, in)
	}
	_, err = json.Marshal(status.ProCart(7))
	assert.Error(t, err)

	var c status.Courier
	require.NoError(t, json.Unmarshal([]byte(`"delivered"`), &c))
	assert.Equal(t, status.Courier(4), c)
	b, _ = json.Marshal(status.Courier(8))
	assert.JSONEq(t, `{"id":8,"name":"confirmed by the executing restaurant"}`, string(b))
}

func TestCourierWorkflow(t *testing.T) {
	path := []status.Courier{0, 8, 1, 2, 7, 3, 4, 5}
	for i := 1; i < len(path); i++ {
		assert.NoError(t, path[i-1].Transition(path[i]), "%s → %s", path[i-1], path[i])
	}
	assert.ErrorIs(t, status.Courier(5).Transition(0), status.ErrTransition)
	assert.ErrorIs(t, status.Courier(3).Transition(1), status.ErrTransition)
	assert.NoError(t, status.Courier(6).Transition(2))
}

func TestExternal(t *testing.T) {
	assert.NoError(t, status.ExternalWaiting.Transition(status.ExternalAccepted))
	assert.NoError(t, status.ExternalWaiting.Transition(status.ExternalDeleted))
	assert.ErrorIs(t, status.ExternalAccepted.Transition(status.ExternalDeleted), status.ErrTransition)
	assert.ErrorIs(t, status.ExternalDeleted.Transition(status.ExternalWaiting), status.ErrTransition)
	assert.Equal(t, "waiting", fmt.Sprint(status.ExternalWaiting))
}

func ExampleProCart_Transition() {
	s := status.ProCartNew
	for _, next := range []status.ProCart{status.ProCartOpen, status.ProCartBill, status.ProCartClose, status.ProCartOpen} {
		if err := s.Transition(next); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(s, "→", next)
		s = next
	}
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// new → open
	// open → bill
	// bill → close
	// status: procart: close → open is not allowed
	// {"id":1,"name":"close"}
}
