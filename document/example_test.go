package document_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// Every decoder fails with one error type: the kind it expected, where,
// and why.
func ExampleError() {
	_, err := engine.DecodeCart([]byte(`{"order":[{"id":1000039,"type":"d","qnt":1000,"qnt":3000}]}`), 0)
	var de *document.Error
	if errors.As(err, &de) {
		fmt.Println(de.Kind, de.Pointer, de.Line, de.Column)
	}
	fmt.Println(err)

	_, err = menu.Load([]byte(`{"objectid":1,"order":[]}`), menu.Options{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, document.ErrInvalid))
	// Output:
	// cart /order/0/qnt 1 47
	// cart: /order/0/qnt: duplicate member "qnt" (line 1, column 47)
	// menu: want a dishes response with dishes[], got what looks like a cart
	// true
}

// Read never holds more than the kind's limit plus one byte.
func ExampleRead() {
	_, err := document.Read(strings.NewReader(strings.Repeat(" ", 2<<20)), document.Currencies, 0)
	fmt.Println(err)
	fmt.Println(errors.Is(err, document.ErrTooLarge))
	// Output:
	// currency list: too large: more than 1048576 bytes
	// true
}
