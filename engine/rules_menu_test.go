package engine_test

import (
	"os"
	"path/filepath"
)

// rulesMenu (testdata/menus/rules-menu.json) is a small menu built to exercise every rule of docs/contract.md.
//
//	dish 1 Soup 5000, no scheme (common groups only)
//	dish 2 Pelmeni 5000, scheme 100: group 101 {111 +500 uncapped, 112 −200, 113 inactive, 114 +300 max 2}; group 102 inactive {121}
//	dish 3 Old dish 1000, inactive
//	dish 4 Lunch 20000, combo scheme 200:
//	       201 Main  1..1 default 2011, replace=1 {2011→5 +0, 2012→2 +1000 max 1, 2013→3 inactive}
//	       202 Side  1..2 {2021→6 +0 max 2, 2022→7 +500}
//	       203 inactive {2031→1}
//	dish 5 Burger 30000, scheme 300: 301 Sauce 1..1 default 311 replace=1 {311 +0, 312 +50}; 302 Extras ..2 {321 +100 max 2, 322 +150}
//	dish 6 Fries 10000, no scheme
//	dish 7 Cola 8000, scheme 400: 401 Ice default 411 replace=0 {411 +5, 412 +20}
//	dish 8 Gold 9223372036854775807, no scheme (overflow)
//	dish 9 Tea 999, scheme 500: 501 Extras 1..2 default 511 replace=0 {511 +0, 512 +30, 513 +40}; 502 Size 1..1 {521 +0, 522 +100}
//	dish 10 Tea set 15000, combo scheme 250: 251 default 2511 replace=1 {2511→9 +0}
//	common scheme 900: 901 {911 +10 max 3, 912 +0}
var rulesMenu = readTestdata("menus", "rules-menu.json")

// rulesRestaurant: id 777, minimum check 100.00, delivery 5.00, 10:00–22:00.
var rulesRestaurant = readTestdata("menus", "rules-restaurant.json")

// readTestdata reads a file of the repository's testdata/ (the rules menu is
// shared with package pos's tests).
func readTestdata(parts ...string) string {
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, parts...)...))
	if err != nil {
		panic(err) // a missing fixture is a broken checkout
	}
	return string(b)
}
