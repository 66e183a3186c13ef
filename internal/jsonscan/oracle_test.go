package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/internal/jsonscan"
)

// seeds are JSON texts that reach every branch of the scanner: every
// escape, surrogate pairs and lone surrogates, numbers of every shape,
// literals, nesting of objects in objects and arrays in arrays, objects
// with more members than Keys keeps in its array.
var seeds = []string{
	`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`,
	`"plain"`, `"esc \" \\ \/ \b \f \n \r \t"`, `"\u0041\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00\ud83d"`, `"\ud83dx"`,
	`"\ud83d\u0041"`, `"\uD83D\uDE00"`, `"\uABCD\uabcd"`, `"é中😀"`,
	`0`, `-0`, `1`, `-1`, `10`, `123456789`, `0.5`, `-0.5`, `1.25e10`, `1E+2`, `1e-2`, `0e0`, `-1.0E-0`, `9.99`,
	`true`, `false`, `null`, `[]`, `{}`, `[[]]`, `{"a":{}}`, `[{"a":[{"b":{}}]}]`,
	` { "a" : [ 1 , 2 ] , "b" : { } } `, "\t\r\n[1]\n",
	`{"k01":1,"k02":1,"k03":1,"k04":1,"k05":1,"k06":1,"k07":1,"k08":1,"k09":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1}`,
	`{"a~b/c":{"x":[0,{"y":"z"}]}}`,
}

// noDuplicates reports whether a valid JSON text has no object with a
// repeated member (encoding/json accepts those; the scanner does not).
func noDuplicates(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj  bool
		keys map[string]bool
		key  bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isKey := top != nil && top.obj && top.key
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				if top != nil && top.obj {
					top.key = true
				}
				stack = append(stack, &frame{obj: true, keys: map[string]bool{}, key: true})
			case '[':
				if top != nil && top.obj {
					top.key = true
				}
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if isKey {
				if top.keys[v] {
					return false
				}
				top.keys[v] = true
				top.key = false
				continue
			}
		}
		if top != nil && top.obj {
			top.key = true
		}
	}
}

// scan reads one whole JSON text as the decoders do.
func scan(data []byte) error {
	s := jsonscan.New(data)
	if err := s.Skip(64); err != nil {
		return err
	}
	return s.End()
}

// inputs are the seeds, every prefix of each, and deterministic single-
// byte changes of each.
func inputs() []string {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`{}[]:,"\ u0aeE.-+1tfnlrsx` + "\x00\x1f\x7f\xc3\xa9\xff\t")
	var out []string
	for _, s := range seeds {
		out = append(out, s)
		for i := range len(s) {
			out = append(out, s[:i])
		}
		for range 40 {
			b := []byte(s)
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[i] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
			}
			out = append(out, string(b))
		}
	}
	return out
}

// The scanner accepts exactly what encoding/json accepts (less repeated
// members), and refuses the rest with encoding/json's own message.
func TestScannerAgreesWithEncodingJSON(t *testing.T) {
	checked, refused := 0, 0
	for _, in := range inputs() {
		data := []byte(in)
		if !noDuplicates(data) {
			continue
		}
		checked++
		err := scan(data)
		if !utf8.Valid(data) { // encoding/json takes invalid UTF-8 in strings as U+FFFD; rkcart refuses it
			var se *jsonscan.Error
			assert.True(t, errors.As(err, &se), "%q: invalid UTF-8 accepted", in)
			refused++
			continue
		}
		var v any
		jerr := json.Unmarshal(data, &v)
		if jerr == nil {
			assert.NoError(t, err, "%q", in)
			continue
		}
		refused++
		var se *jsonscan.Error
		if !assert.True(t, errors.As(err, &se), "%q: encoding/json says %v, the scanner %v", in, jerr, err) {
			continue
		}
		// At the end of the input encoding/json steps a space through its
		// state machine, and inside an array or object a cut literal or
		// number then reads "invalid character ' ' …"; the scanner says
		// "unexpected end of JSON input" for every cut input.
		// A character outside ASCII is quoted whole ('é'), where
		// encoding/json quotes its first byte ('Ã').
		nonASCII := se.Offset < len(data) && data[se.Offset] >= utf8.RuneSelf
		if msg := strings.TrimPrefix(jerr.Error(), "json: "); !nonASCII && (!strings.Contains(msg, "invalid character ' '") || se.Msg != "unexpected end of JSON input") {
			assert.Equal(t, msg, se.Msg, "%q", in)
			var syn *json.SyntaxError
			if errors.As(jerr, &syn) && msg != "unexpected end of JSON input" {
				assert.Equal(t, syn.Offset, int64(se.Offset)+1, "%q: the offset of %s", in, msg)
			}
		}
		assert.True(t, se.Offset >= 0 && se.Offset <= len(data), "%q: offset %d", in, se.Offset)
	}
	t.Logf("%d inputs checked, %d refused", checked, refused)
	assert.Greater(t, refused, 300)
}

// Strings decode as encoding/json decodes them: escapes, surrogate pairs,
// lone surrogates as U+FFFD; a string without escapes is the input's own
// bytes.
func TestStringsAgreeWithEncodingJSON(t *testing.T) {
	for _, in := range seeds {
		if in == "" || in[0] != '"' {
			continue
		}
		var want string
		require.NoError(t, json.Unmarshal([]byte(in), &want), in)
		s := jsonscan.New([]byte(in))
		got, start, end, err := s.String()
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, 0, start)
		assert.Equal(t, len(in), end)
	}
}

// Objects nested in objects count toward the depth as arrays do: depth n
// holds n levels of either, and not n+1.
func TestDepthCountsObjectsAndArrays(t *testing.T) {
	for _, open := range []string{`{"a":`, `[`} {
		close := map[string]string{`{"a":`: `}`, `[`: `]`}[open]
		for n := 1; n <= 5; n++ {
			doc := strings.Repeat(open, n) + `1` + strings.Repeat(close, n)
			s := jsonscan.New([]byte(doc))
			assert.NoError(t, s.Skip(n), "%s at depth %d", doc, n)
			s = jsonscan.New([]byte(doc))
			err := s.Skip(n - 1)
			require.Error(t, err, "%s at depth %d", doc, n-1)
			assert.Contains(t, err.Error(), "nested too deep")
		}
	}
}

// Hostile endings never panic and are refused where they are cut: a
// string cut off inside, a lone backslash, a \u cut short, a number or a
// literal cut off.
func TestCutInputs(t *testing.T) {
	for in, want := range map[string]string{
		`"abc`:       "unexpected end of JSON input",
		`"abc\`:      "unexpected end of JSON input",
		`"\u12`:      "unexpected end of JSON input",
		`"\u12"`:     `invalid character '"' in \u hexadecimal character escape`,
		`"\x"`:       `invalid character 'x' in string escape code`,
		`-`:          "unexpected end of JSON input",
		`1.`:         "unexpected end of JSON input",
		`1e`:         "unexpected end of JSON input",
		`1e+`:        "unexpected end of JSON input",
		`tru`:        "unexpected end of JSON input",
		`nul`:        "unexpected end of JSON input",
		`{"a":1,}`:   "invalid character '}' looking for beginning of object key string",
		`[1,]`:       "invalid character ']' looking for beginning of value",
		`{"a" 1}`:    "invalid character '1' after object key",
		`{"a":1 "b"`: `invalid character '"' after object key:value pair`,
		`[1 2]`:      "invalid character '2' after array element",
		"\"a\x01\"":  `invalid character '\x01' in string literal`,
		"\"\xff\"":   "invalid UTF-8 in string",
		"\xff":       "invalid UTF-8",
		`{1:2}`:      "invalid character '1' looking for beginning of object key string",
	} {
		err := scan([]byte(in))
		require.Error(t, err, "%q", in)
		assert.Equal(t, want, err.Error(), "%q", in)
	}
}

// Keys finds a repeat among the first twelve members and beyond them.
func TestKeysAtEveryPosition(t *testing.T) {
	for n := 1; n <= 30; n++ {
		for dup := 0; dup < n; dup++ {
			var k jsonscan.Keys
			for i := range n {
				require.True(t, k.Add(string(rune('A'+i))), "%d of %d", i, n)
			}
			assert.False(t, k.Add(string(rune('A'+dup))), "repeat of member %d after %d members", dup, n)
		}
	}
}

// Edges the mutation run found untested: a byte of 0x80 (the first that
// is not ASCII), the offset of a cut escape, the hex digit F, an exponent
// digit 9, an element's index in an inner pointer, Number at the end of
// the input.
func TestScannerEdges(t *testing.T) {
	err := scan([]byte("\x80"))
	require.Error(t, err)
	assert.Equal(t, "invalid UTF-8", err.Error())

	var se *jsonscan.Error
	require.ErrorAs(t, scan([]byte(`"abc\`)), &se)
	assert.Equal(t, 5, se.Offset, "the cut is after the backslash")

	for _, ok := range []string{`"\u00FF\u00ff\uF00F"`, `1e9`, `1E+9`, `-9.9e-9`} {
		assert.NoError(t, scan([]byte(ok)), ok)
	}
	require.ErrorAs(t, scan([]byte(`[0,1,{"a":[0,x]}]`)), &se)
	assert.Equal(t, "/2/a/1", se.Inner)

	s := &jsonscan.Scanner{}
	_, _, err = s.Number()
	assert.Error(t, err, "a number at the end of the input")

	// Escapes decode every hex digit's value (a-f and A-F at both ends),
	// and a lone continuation byte in a string is invalid UTF-8.
	got, _, _, err := jsonscan.New([]byte(`"\u00ff\u00FA\u00a0"`)).String()
	require.NoError(t, err)
	assert.Equal(t, "\u00ff\u00fa\u00a0", got)
	_, _, _, err = jsonscan.New([]byte("\"a\x80\"")).String()
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "invalid UTF-8 in string", se.Msg)
}
