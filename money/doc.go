// Package money holds rkcart's units and the one checked arithmetic kernel.
//
// # Units
//
// [Kopecks] is an amount in minor units of the menu's currency (kopecks for
// roubles, fillér×100 for the Hungarian exports: whatever the POS stores as
// integers). [Qty] is a quantity in thousandths: [Piece] (1000) is one piece.
// Go rejects Kopecks*Qty at compile time, so the only way to combine a price
// and a quantity is [Kopecks.MulQty].
//
// # Rounding
//
// MulQty computes round_half_away_from_zero(price × qnt / 1000) with a
// 128-bit intermediate product, exactly as the POS stores a priced entity.
// Every priced entity is rounded once; sums of rounded amounts are exact.
//
// # Limits
//
//	value                      range
//	Kopecks                    -9223372036854775808 … 9223372036854775807
//	Qty                        same (thousandths)
//	MulQty result              must fit Kopecks, else ErrOverflow
//	Add, MulInt, Sum           must fit Kopecks, else ErrOverflow
//	decimal text (Parse*)      at most 2 fractional digits for amounts,
//	                           3 for quantities, else ErrPrecision
//
// # Errors
//
// Arithmetic fails fast: [ErrOverflow] is returned (wrapped with operands)
// instead of wrapping around, and nothing panics. Parsing returns a
// [*ParseError] naming the offending text, which unwraps to [ErrSyntax],
// [ErrPrecision] or [ErrOverflow].
//
// # Concurrency
//
// All types are plain values; every function is pure and safe for
// concurrent use.
package money
