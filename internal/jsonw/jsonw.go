// Package jsonw appends JSON strings as encoding/json writes them, for the
// hand-written writers of results (engine) and request bodies (pos), so
// both escape exactly as the standard library would without reflection.
package jsonw

import (
	"math/bits"
	"slices"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// plain[html][c] is whether ASCII byte c is written as itself: one load per
// byte on the common path instead of six comparisons.
var plain = func() (t [2][utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[0][c] = c != '"' && c != '\\'
		t[1][c] = t[0][c] && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendString appends s as a JSON string the way encoding/json does: \",
// \\, \b, \f, \n, \r, \t; other control characters as \u00XX; with html,
// also <, > and & as \u00XX (encoding/json's default); U+2028 and U+2029
// escaped; invalid UTF-8 as \ufffd.
func AppendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	safe := &plain[0]
	if html {
		safe = &plain[1]
	}
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c := s[i]; c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a valid two-byte rune (Cyrillic, Latin accents): written as is
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// pairs holds "00" to "99": two digits per division.
const pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// pow10 holds 10^0 … 10^19.
var pow10 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// AppendInt appends v in decimal, as strconv.AppendInt(b, v, 10) does,
// with the digits written in place, two per division, rather than into a
// buffer and copied: the answer's integers (ids, amounts, positions) were
// about a ninth of a /v1/price request's instructions under callgrind.
func AppendInt(b []byte, v int64) []byte {
	if uint64(v) < 10 {
		return append(b, byte('0'+v))
	}
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u // two's complement: right for math.MinInt64 too
	}
	// The number of digits: log10 from the bit length, corrected once.
	n := (bits.Len64(u) * 1233) >> 12
	if n < len(pow10) && u >= pow10[n] {
		n++
	}
	l := len(b)
	b = slices.Grow(b, n)[:l+n]
	i := l + n
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		b[i], b[i+1] = pairs[r], pairs[r+1]
		u = q
	}
	if u >= 10 {
		b[i-2], b[i-1] = pairs[u*2], pairs[u*2+1]
	} else {
		b[i-1] = byte('0' + u)
	}
	return b
}
