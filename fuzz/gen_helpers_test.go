package fuzz_test

import (
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
)

func gopterInt64() gopter.Gen { return gen.Int64Range(0, 1<<40) }
