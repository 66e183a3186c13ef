package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func skipAll(data string) error {
	s := New([]byte(data))
	if err := s.Skip(64); err != nil {
		return err
	}
	return s.End()
}

func TestSkip(t *testing.T) {
	tests := []struct {
		doc, err string
		off      int
	}{
		{`{"a":[1,-2.5e+3,true,false,null,"x\u00e9\n"]}`, "", 0},
		{` [ ] `, "", 0},
		{`{"a":1,}`, "invalid character '}' looking for beginning of object key string", 7},
		{`[1,]`, "invalid character ']' looking for beginning of value", 3},
		{`{"a" 1}`, "invalid character '1' after object key", 5},
		{`{"a":1 "b":2}`, "invalid character '\"' after object key:value pair", 7},
		{`[1 2]`, "invalid character '2' after array element", 3},
		{`01`, "invalid character '1' after top-level value", 1},
		{`-`, "unexpected end of JSON input", 1},
		{`1.`, "unexpected end of JSON input", 2},
		{`1.e3`, "invalid character 'e' after decimal point in numeric literal", 2},
		{`1e`, "unexpected end of JSON input", 2},
		{`tru`, "unexpected end of JSON input", 3},
		{`trUe`, "invalid character 'U' in literal true (expecting 'u')", 2},
		{`"a\x"`, "invalid character 'x' in string escape code", 3},
		{`"\u12g4"`, "invalid character 'g' in \\u hexadecimal character escape", 5},
		{"\"a\tb\"", "invalid character '\\t' in string literal", 2},
		{"\"a\xffb\"", "invalid UTF-8 in string", 2},
		{"\xef\xbb\xbf{}", "invalid character '\\ufeff' looking for beginning of value", 0}, // a BOM is not JSON
		{"\xff", "invalid UTF-8", 0},
		{`{"a":1,"a":2}`, `duplicate member "a"`, 7},
		{``, "unexpected end of JSON input", 0},
	}
	for _, tt := range tests {
		err := skipAll(tt.doc)
		if tt.err == "" {
			assert.NoError(t, err, tt.doc)
			continue
		}
		var se *Error
		require.ErrorAs(t, err, &se, tt.doc)
		assert.Equal(t, tt.err, se.Msg, tt.doc)
		assert.Equal(t, tt.off, se.Offset, tt.doc)
	}
}

func TestSkipDepthAndInnerPointer(t *testing.T) {
	s := New([]byte(strings.Repeat("[", 5) + strings.Repeat("]", 5)))
	var se *Error
	require.ErrorAs(t, s.Skip(4), &se)
	assert.Equal(t, "nested too deep", se.Msg)
	assert.Equal(t, "/0/0/0/0", se.Inner)
	s = New([]byte(`{"a/b":[{"~":{"x":1,"x":2}}]}`))
	require.ErrorAs(t, s.Skip(10), &se)
	assert.Equal(t, "/a~1b/0/~0/x", se.Inner)
}

func TestStringsAreSubstringsOrUnescaped(t *testing.T) {
	s := New([]byte(`"plain" "\ud83d\ude00 \ud800x \u00e9\/"`))
	v, start, end, err := s.String()
	require.NoError(t, err)
	assert.Equal(t, "plain", v)
	assert.Equal(t, 0, start)
	assert.Equal(t, 7, end)
	v, _, _, err = s.String()
	require.NoError(t, err)
	assert.Equal(t, "😀 \ufffdx é/", v) // as encoding/json decodes a lone surrogate
}

func TestKeysLinearBeyondFew(t *testing.T) {
	var k Keys
	for i := range 100 {
		require.True(t, k.Add(strings.Repeat("k", i+1)))
	}
	assert.False(t, k.Add("k"))
	assert.False(t, k.Add(strings.Repeat("k", 100)))
}

// FuzzSkip: the scanner accepts exactly what encoding/json accepts, less
// invalid UTF-8, duplicate members and deep nesting, and decodes strings
// as encoding/json does.
func FuzzSkip(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"\u00e9"}]}`, `"\ud83d\ude00"`, `[-0.5e-3,true,null]`, `{"a":1,"a":2}`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := New(data)
		err := s.Skip(64)
		if err == nil {
			err = s.End()
		}
		valid := json.Valid(data)
		if err == nil {
			if !valid || !utf8.Valid(data) {
				t.Fatalf("accepted what encoding/json or UTF-8 refuses: %q", data)
			}
			if s.SkipSpace(); len(data) > 0 {
				s2 := New(data)
				if s2.SkipSpace() == '"' {
					v, _, _, serr := s2.String()
					var want string
					if jerr := json.Unmarshal(data, &want); serr != nil || jerr != nil || v != want {
						t.Fatalf("string %q decoded %q, encoding/json %q", data, v, want)
					}
				}
			}
			return
		}
		se := err.(*Error)
		structural := se.Msg == "nested too deep" || strings.HasPrefix(se.Msg, "duplicate member ")
		if valid && utf8.Valid(data) && !structural {
			t.Fatalf("refused what encoding/json accepts: %v (%q)", err, data)
		}
		if se.Offset < 0 || se.Offset > len(data) {
			t.Fatalf("offset %d outside the input of %d bytes", se.Offset, len(data))
		}
	})
}

// A string's UTF-8 is accepted exactly when it is valid: two-byte runes
// (skipped without decoding them) and every broken form around them.
func TestStringUTF8(t *testing.T) {
	for _, in := range []string{"Борщ", "é", "\xc2\x80", "\xdf\xbf", "\xd0", "\xd0A", "\xdf\xc0", "\xc0\xaf", "\xc1\xbf", "Бо\xd1", "\xe2\x80\xa8", "\xed\xa0\x80", "🍲"} {
		s := New([]byte(`"` + in + `"`))
		v, _, _, err := s.String()
		if utf8.ValidString(in) {
			assert.NoError(t, err, "%q", in)
			assert.Equal(t, in, v)
		} else {
			assert.Error(t, err, "%q", in)
		}
	}
}

func BenchmarkString(b *testing.B) {
	for name, s := range map[string]string{"ascii": `"Bench street 12, flat 4, ring twice"`, "cyrillic": `"Ленина 12, кв. 4, звонить дважды"`} {
		b.Run(name, func(b *testing.B) {
			sc := New([]byte(s))
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				sc.Pos = 0
				if _, _, _, err := sc.String(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
