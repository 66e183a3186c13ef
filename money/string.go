package money

import "strconv"

// String formats k as a decimal in major units with two fractional digits,
// for humans and logs: Kopecks(8789) is "87.89", Kopecks(-5) is "-0.05".
// Machine output (JSON) always carries the integer minor units instead.
func (k Kopecks) String() string {
	return fixed(int64(k), 2)
}

// String formats q in pieces with three fractional digits: "1.500".
func (q Qty) String() string {
	return fixed(int64(q), 3)
}

func fixed(v int64, digits int) string {
	neg := v < 0
	m := abs64(v)
	s := strconv.FormatUint(m, 10)
	for len(s) <= digits {
		s = "0" + s
	}
	s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	if neg {
		s = "-" + s
	}
	return s
}
