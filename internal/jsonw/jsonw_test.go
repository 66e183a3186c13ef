package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

// oracle is encoding/json's own encoding of s.
func oracle(t *testing.T, s string, html bool) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

var cases = []string{"", "plain", `quote " back \ slash`, "\b\f\n\r\t", "\x00\x01\x1f\x7f", "<b>&amp;</b>",
	"line\u2028para\u2029", "bad \xff utf8 \xc3", "Борщ 🍲", "\xed\xa0\x80 surrogate"}

func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range cases {
		for _, html := range []bool{true, false} {
			if got, want := string(AppendString([]byte("x"), s, html)), "x"+oracle(t, s, html); got != want {
				t.Errorf("%q html=%v: got %s, want %s", s, html, got, want)
			}
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, html := range []bool{true, false} {
			if got, want := string(AppendString(nil, s, html)), oracle(t, s, html); got != want {
				t.Fatalf("%q html=%v: got %s, want %s", s, html, got, want)
			}
		}
	})
}
