package money_test

import (
	"errors"
	"fmt"

	"github.com/rkcart/rkcart/money"
)

func ExampleKopecks_MulQty() {
	price := money.Kopecks(1263) // 12.63 per piece
	amount, err := price.MulQty(3 * money.Piece)
	fmt.Println(amount, err)
	half, _ := money.Kopecks(999).MulQty(1500) // 1498.5 rounds half away from zero
	fmt.Println(int64(half))
	// Output:
	// 37.89 <nil>
	// 1499
}

func ExampleSum() {
	var s money.Sum
	s.AddErr(money.Kopecks(5000).MulQty(money.Piece))
	s.AddErr(money.Kopecks(1263).MulQty(3 * money.Piece))
	total, err := s.Total()
	fmt.Println(int64(total), err)
	// Output: 8789 <nil>
}

func ExampleParse() {
	k, _ := money.Parse("186.0", money.Major)
	fmt.Println(int64(k))
	_, err := money.Parse("1.005", money.Major)
	fmt.Println(errors.Is(err, money.ErrPrecision), err)
	// Output:
	// 18600
	// true "1.005": money: more precision than the unit allows
}
