package menu

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unescapeName turns literal escape text such as `Pr\u00F3ba` (found in real
// exports, where a name was escaped twice) into real letters: "Próba".
// Surrogate pairs are joined; text that is not a valid escape is kept as is.
func unescapeName(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := hexEscape(s[i:])
		if n == 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += n
		if utf16.IsSurrogate(r) {
			if r2, n2 := hexEscape(s[i:]); n2 > 0 {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					r = pair
					i += n2
				}
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hexEscape(s string) (rune, int) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, 0
	}
	v, err := strconv.ParseUint(s[2:6], 16, 16)
	if err != nil {
		return 0, 0
	}
	return rune(v), 6
}
