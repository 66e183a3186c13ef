package fuzz

import (
	"reflect"

	"github.com/rkcart/rkcart/engine"
)

var (
	typeOfCart     = reflect.TypeFor[*engine.Cart]()
	typeOfMutation = reflect.TypeFor[Mutation]()
)
