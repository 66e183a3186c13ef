package wire

import "strings"

// ComparePointers orders JSON Pointers segment by segment, comparing
// segments that are both decimal numbers numerically, so "/order/2" sorts
// before "/order/10" and a parent before its children.
func ComparePointers(a, b string) int {
	for a != "" || b != "" {
		if a == "" {
			return -1
		}
		if b == "" {
			return 1
		}
		var sa, sb string
		sa, a = nextSegment(a)
		sb, b = nextSegment(b)
		if c := compareSegment(sa, sb); c != 0 {
			return c
		}
	}
	return 0
}

func nextSegment(p string) (seg, rest string) {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}

func compareSegment(a, b string) int {
	if isDigits(a) && isDigits(b) {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			if len(a) < len(b) {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
