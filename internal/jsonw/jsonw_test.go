package jsonw

import (
	"bytes"
	"encoding/json"
	"strconv"
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
	"line\u2028para\u2029", "bad \xff utf8 \xc3", "Борщ 🍲", "\xed\xa0\x80 surrogate",
	"lead at the end \xd0", "lead then ASCII \xd0A", "overlong \xc0\xaf \xc1\xbf", "edges \xc2\x80 \xdf\xbf \xdf\xc0"}

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

// Every byte, alone and between letters, as encoding/json writes it (the
// table of plain bytes against the oracle, one entry at a time).
func TestAppendStringEveryByte(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "a" + string([]byte{byte(c)}) + "b"} {
			for _, html := range []bool{true, false} {
				if got, want := string(AppendString(nil, s, html)), oracle(t, s, html); got != want {
					t.Errorf("byte %#x in %q html=%v: got %s, want %s", c, s, html, got, want)
				}
			}
		}
	}
}

func TestAppendIntIsStrconv(t *testing.T) {
	vals := []int64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 3_000_123, 1<<63 - 1, -1 << 63, -1, -9, -10, -99, -100, -12345}
	for p := int64(1); p > 0 && p < 1<<62; p *= 10 {
		vals = append(vals, p-1, p, p+1, -p)
	}
	for _, v := range vals {
		if got, want := string(AppendInt([]byte("x"), v)), "x"+strconv.FormatInt(v, 10); got != want {
			t.Errorf("%d: got %s, want %s", v, got, want)
		}
	}
}

func FuzzAppendInt(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(-1 << 63))
	f.Fuzz(func(t *testing.T, v int64) {
		if got, want := string(AppendInt(nil, v)), strconv.FormatInt(v, 10); got != want {
			t.Errorf("%d: got %s, want %s", v, got, want)
		}
	})
}

func BenchmarkAppendInt(b *testing.B) {
	vals := []int64{3_000_123, 2_000_045, 1000, 41_250, 123_750, 7, 12}
	buf := make([]byte, 0, 256)
	b.Run("jsonw", func(b *testing.B) {
		for b.Loop() {
			buf = buf[:0]
			for _, v := range vals {
				buf = AppendInt(buf, v)
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for b.Loop() {
			buf = buf[:0]
			for _, v := range vals {
				buf = strconv.AppendInt(buf, v, 10)
			}
		}
	})
}

func BenchmarkAppendString(b *testing.B) {
	buf := make([]byte, 0, 256)
	for name, s := range map[string]string{"ascii": "mod 3000170 extra cheese", "cyrillic": "Борщ со сметаной и зеленью"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				buf = AppendString(buf[:0], s, true)
			}
		})
	}
}
