// Package jsonscan is a forward-only JSON scanner over a byte slice: the
// building block of decoders that must stay linear on hostile input. It
// checks the grammar (RFC 8259) and UTF-8 as it goes, returns strings
// without copying when they have no escapes, and reports every fault with
// its byte offset. It never recurses: nesting is the caller's, so the
// caller bounds it.
package jsonscan

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Error is a fault at a byte offset of the input. Inner is the JSON
// Pointer of the fault below the value Skip was asked to read ("" when the
// fault is at that value itself).
type Error struct {
	Offset int
	Msg    string
	Inner  string
}

func (e *Error) Error() string { return e.Msg }

// within prefixes the fault's inner pointer with one reference token.
func within(err error, token string) error {
	if e, ok := err.(*Error); ok {
		e.Inner = "/" + escape(token) + e.Inner
	}
	return err
}

func escape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			out = append(out, '~', '0')
		case '/':
			out = append(out, '~', '1')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}

// Scanner reads one JSON text. Buf is the input; Str is the same bytes as
// a string, so that strings without escapes are returned as substrings of
// it and cost no allocation. Pos is the offset of the next unread byte.
type Scanner struct {
	Buf []byte
	Str string
	Pos int
}

// New returns a scanner over data. It copies data twice (as bytes and as a
// string), so the caller may reuse data and the results own their memory.
func New(data []byte) *Scanner {
	buf := append([]byte(nil), data...)
	return &Scanner{Buf: buf, Str: string(data)}
}

// View returns a scanner over data without copying it: its strings are
// views of data, so they may be compared but must not be kept, and data
// must not change while they are used. For reading a document once (a
// check, a hash, a decoder that copies what it keeps); New for results
// that outlive the caller's bytes.
func View(data []byte) Scanner {
	if len(data) == 0 {
		return Scanner{}
	}
	return Scanner{Buf: data, Str: unsafe.String(&data[0], len(data))}
}

// Key is called after an object's '{' has been consumed (first = true)
// and after each member: it consumes the ',' or the closing '}' (more
// false) and reads the next member's name, returning it and the offset of
// its opening quote. The ':' after it is the caller's to expect, after
// checking the name.
func (s *Scanner) Key(first bool) (name string, start int, more bool, err error) {
	if more, err = s.More('}', first); err != nil || !more {
		return "", 0, false, err
	}
	name, start, _, err = s.String()
	if err != nil {
		if s.Pos < len(s.Buf) && s.Buf[s.Pos] != '"' {
			return "", 0, false, s.Unexpected("looking for beginning of object key string")
		}
		return "", 0, false, err
	}
	return name, start, true, nil
}

// Fail returns an *Error at off.
func (s *Scanner) Fail(off int, msg string) *Error { return &Error{Offset: off, Msg: msg} }

// SkipSpace moves past insignificant whitespace and returns the next byte,
// or 0 at the end of the input.
func (s *Scanner) SkipSpace() byte {
	// Every byte above the space is significant: one comparison for the
	// common case of compact JSON (this is inlined at every token).
	if s.Pos < len(s.Buf) && s.Buf[s.Pos] > ' ' {
		return s.Buf[s.Pos]
	}
	for s.Pos < len(s.Buf) {
		switch c := s.Buf[s.Pos]; c {
		case ' ', '\t', '\r', '\n':
			s.Pos++
		default:
			return c
		}
	}
	return 0
}

// Unexpected is the error for the byte at Pos, in encoding/json's words:
// "invalid character 'x' " + context, where context is "looking for
// beginning of value", "after object key", ….
func (s *Scanner) Unexpected(context string) *Error {
	if s.Pos >= len(s.Buf) {
		return s.Fail(s.Pos, "unexpected end of JSON input")
	}
	c := s.Buf[s.Pos]
	if c >= utf8.RuneSelf {
		r, _ := utf8.DecodeRune(s.Buf[s.Pos:])
		if r == utf8.RuneError {
			return s.Fail(s.Pos, "invalid UTF-8")
		}
		return s.Fail(s.Pos, "invalid character "+strconv.QuoteRune(r)+" "+context)
	}
	return s.Fail(s.Pos, "invalid character "+quoteChar(c)+" "+context)
}

func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}

// Expect consumes byte c after whitespace, or fails naming context.
func (s *Scanner) Expect(c byte, context string) error {
	if s.SkipSpace() != c {
		return s.Unexpected(context)
	}
	s.Pos++
	return nil
}

// More is called after '{' or '[' has been consumed (first = true) and
// after each member or element: it consumes the ',' between them or the
// closing bracket, and reports whether another one follows.
func (s *Scanner) More(close byte, first bool) (bool, error) {
	c := s.SkipSpace()
	if c == close {
		s.Pos++
		return false, nil
	}
	if first {
		return true, nil
	}
	if c != ',' {
		if close == '}' {
			return false, s.Unexpected("after object key:value pair")
		}
		return false, s.Unexpected("after array element")
	}
	s.Pos++
	if s.SkipSpace() == close {
		if close == '}' {
			return false, s.Unexpected("looking for beginning of object key string")
		}
		return false, s.Unexpected("looking for beginning of value")
	}
	return true, nil
}

// plain[c] is whether byte c stands for itself inside a string: ASCII
// other than the quote, the backslash and control characters.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// String reads the string at Pos (after whitespace), returning its value
// and its extent [start, end) in the input, quotes included. Strings
// without escapes are substrings of Str.
func (s *Scanner) String() (val string, start, end int, err error) {
	if s.SkipSpace() != '"' {
		return "", 0, 0, s.Unexpected("looking for beginning of string")
	}
	start = s.Pos
	i := start + 1
	escaped := false
	for {
		for i < len(s.Buf) && plain[s.Buf[i]] { // the common bytes, one load each
			i++
		}
		if i >= len(s.Buf) {
			return "", 0, 0, s.Fail(i, "unexpected end of JSON input")
		}
		c := s.Buf[i]
		switch {
		case c == '"':
			end = i + 1
			s.Pos = end
			if !escaped {
				return s.Str[start+1 : i], start, end, nil
			}
			return unescape(s.Buf[start+1 : i]), start, end, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(s.Buf) {
				return "", 0, 0, s.Fail(i+1, "unexpected end of JSON input")
			}
			switch s.Buf[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for j := i + 2; j < i+6; j++ {
					if j >= len(s.Buf) {
						return "", 0, 0, s.Fail(j, "unexpected end of JSON input")
					}
					if !isHex(s.Buf[j]) {
						return "", 0, 0, s.Fail(j, "invalid character "+quoteChar(s.Buf[j])+" in \\u hexadecimal character escape")
					}
				}
				i += 6
			default:
				return "", 0, 0, s.Fail(i+1, "invalid character "+quoteChar(s.Buf[i+1])+" in string escape code")
			}
		case c < 0x20:
			return "", 0, 0, s.Fail(i, "invalid character "+quoteChar(c)+" in string literal")
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s.Buf) && s.Buf[i+1]&0xC0 == 0x80:
			i += 2 // a valid two-byte rune (Cyrillic, accented Latin), without decoding it
		default:
			r, size := utf8.DecodeRune(s.Buf[i:])
			if r == utf8.RuneError && size == 1 {
				return "", 0, 0, s.Fail(i, "invalid UTF-8 in string")
			}
			i += size
		}
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func hexVal(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// unescape decodes the body of a string already checked by String, as
// encoding/json does (a lone surrogate becomes U+FFFD).
func unescape(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch b[i+1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hexVal(b[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					if r2 := hexVal(b[i+2 : i+6]); utf16.DecodeRune(r, r2) != utf8.RuneError {
						out = utf8.AppendRune(out, utf16.DecodeRune(r, r2))
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, b[i+1])
		}
		i += 2
	}
	return string(out)
}

// Number reads the number at Pos (after whitespace) and returns its extent.
func (s *Scanner) Number() (start, end int, err error) {
	s.SkipSpace()
	start = s.Pos
	i := start
	if i < len(s.Buf) && s.Buf[i] == '-' {
		i++
	}
	switch {
	case i < len(s.Buf) && s.Buf[i] == '0':
		i++
	case i < len(s.Buf) && s.Buf[i] >= '1' && s.Buf[i] <= '9':
		i = digits(s.Buf, i)
	default:
		s.Pos = i
		return 0, 0, s.Unexpected("in numeric literal")
	}
	if i < len(s.Buf) && s.Buf[i] == '.' {
		i++
		if i >= len(s.Buf) || s.Buf[i] < '0' || s.Buf[i] > '9' {
			s.Pos = i
			return 0, 0, s.Unexpected("after decimal point in numeric literal")
		}
		i = digits(s.Buf, i)
	}
	if i < len(s.Buf) && (s.Buf[i] == 'e' || s.Buf[i] == 'E') {
		i++
		if i < len(s.Buf) && (s.Buf[i] == '+' || s.Buf[i] == '-') {
			i++
		}
		if i >= len(s.Buf) || s.Buf[i] < '0' || s.Buf[i] > '9' {
			s.Pos = i
			return 0, 0, s.Unexpected("in exponent of numeric literal")
		}
		i = digits(s.Buf, i)
	}
	s.Pos = i
	return start, i, nil
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// Literal reads true, false or null at Pos (after whitespace).
func (s *Scanner) Literal() (start, end int, err error) {
	s.SkipSpace()
	start = s.Pos
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(s.Buf)-start >= len(lit) && s.Str[start:start+len(lit)] == lit {
			s.Pos = start + len(lit)
			return start, s.Pos, nil
		}
	}
	// Find the first byte that differs, as encoding/json reports it.
	for _, lit := range [...]string{"true", "false", "null"} {
		if s.Buf[start] != lit[0] {
			continue
		}
		for j := 1; j < len(lit); j++ {
			s.Pos = start + j
			if s.Pos >= len(s.Buf) || s.Buf[s.Pos] != lit[j] {
				return 0, 0, s.Unexpected("in literal " + lit + " (expecting " + quoteChar(lit[j]) + ")")
			}
		}
	}
	return 0, 0, s.Unexpected("looking for beginning of value")
}

// End checks that nothing but whitespace follows the value.
func (s *Scanner) End() error {
	if s.SkipSpace(); s.Pos < len(s.Buf) {
		return s.Unexpected("after top-level value")
	}
	return nil
}

// Keys detects duplicate member names within one object: linear for the
// few members real objects have, a map beyond that, so a hostile object
// with many members stays linear. The zero value is ready; Reset reuses it.
type Keys struct {
	few  [12]string
	n    int
	many map[string]struct{}
}

// Add records k and reports false if the object already had it.
func (k *Keys) Add(name string) bool {
	if k.many != nil {
		if _, dup := k.many[name]; dup {
			return false
		}
		k.many[name] = struct{}{}
		return true
	}
	for _, seen := range k.few[:k.n] {
		if seen == name {
			return false
		}
	}
	if k.n < len(k.few) {
		k.few[k.n] = name
		k.n++
		return true
	}
	k.many = make(map[string]struct{}, 2*len(k.few))
	for _, seen := range k.few {
		k.many[seen] = struct{}{}
	}
	k.many[name] = struct{}{}
	return true
}

// Skip reads one value of any kind at Pos, checking it fully (grammar,
// UTF-8, duplicate member names) and nesting at most depth levels of arrays
// and objects. A fault below the value carries its inner pointer.
func (s *Scanner) Skip(depth int) error {
	switch c := s.SkipSpace(); {
	case c == '{' || c == '[':
		if depth <= 0 {
			return s.Fail(s.Pos, "nested too deep")
		}
		s.Pos++
		if c == '[' {
			for i, more := 0, true; ; i++ {
				var err error
				if more, err = s.More(']', i == 0); err != nil || !more {
					return err
				}
				if err := s.Skip(depth - 1); err != nil {
					return within(err, strconv.Itoa(i))
				}
			}
		}
		var keys Keys
		for first := true; ; first = false {
			key, start, more, err := s.Key(first)
			if err != nil || !more {
				return err
			}
			if !keys.Add(key) {
				return within(s.Fail(start, "duplicate member "+strconv.Quote(key)), key)
			}
			if err := s.Expect(':', "after object key"); err != nil {
				return err
			}
			if err := s.Skip(depth - 1); err != nil {
				return within(err, key)
			}
		}
	case c == '"':
		_, _, _, err := s.String()
		return err
	case c == '-' || c >= '0' && c <= '9':
		_, _, err := s.Number()
		return err
	case c == 't' || c == 'f' || c == 'n':
		_, _, err := s.Literal()
		return err
	}
	return s.Unexpected("looking for beginning of value")
}
