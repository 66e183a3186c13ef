// Package demo embeds the demo data the CLI uses when no menu or restaurant
// is given: the `dishes` response example and restaurant 199994335 of the
// WebDelivery API reference, plus one combo dish ("Business lunch", id
// 1000500, scheme 1000510) with two slots and a default component. The
// combo is rkcart's own demo data, labelled as such by a "comment" key in
// the JSON; everything else is the reference's example verbatim.
package demo

import _ "embed"

//go:embed menu.json
var menuJSON []byte

//go:embed restaurant.json
var restaurantJSON []byte

// Menu returns a copy of the demo `dishes` response.
func Menu() []byte { return append([]byte(nil), menuJSON...) }

// Restaurant returns a copy of the demo `rests` response (restaurant
// 199994335, amounts in roubles).
func Restaurant() []byte { return append([]byte(nil), restaurantJSON...) }
