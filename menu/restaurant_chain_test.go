package menu_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/menu"
)

const chain = `{"data":{"rests":[{"id":101,"name":"A","min_check_amount":"10","delivery_price":0},{"id":102,"name":"B","min_check_amount":"20","delivery_price":0}]},"status":"Ok"}`

// A corporation's rests response is read by the object id the caller
// names, refused (naming the ids) when ambiguous, and split into one file
// per restaurant.
func TestRestaurantsOfAChain(t *testing.T) {
	_, err := menu.LoadRestaurant([]byte(chain), menu.RestaurantOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2 restaurants (101, 102)")
	r, err := menu.LoadRestaurant([]byte(chain), menu.RestaurantOptions{ObjectID: 102})
	require.NoError(t, err)
	assert.Equal(t, "B", r.Name)
	assert.EqualValues(t, 2000, r.MinCheck)
	_, err = menu.LoadRestaurant([]byte(chain), menu.RestaurantOptions{ObjectID: 7})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no restaurant 7 among the 2 of the response (101, 102)")
	one, err := menu.LoadRestaurant([]byte(`{"id":101,"name":"A"}`), menu.RestaurantOptions{ObjectID: 7})
	require.NoError(t, err, "the only restaurant is taken: whether it is the object is the engine's rule")
	assert.Equal(t, menu.ID(101), one.ID)

	parts, err := menu.SplitRestaurants([]byte(chain))
	require.NoError(t, err)
	require.Len(t, parts, 2)
	one, err = menu.LoadRestaurant(menu.SingleRests(parts[1].Raw), menu.RestaurantOptions{})
	require.NoError(t, err)
	assert.Equal(t, menu.ID(102), one.ID)
	assert.Equal(t, menu.ID(102), parts[1].ID)
	_, err = menu.SplitRestaurants([]byte(`{"data":{"dishes":[]},"status":"Ok"}`))
	assert.Error(t, err)
}
