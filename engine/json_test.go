package engine_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
)

// Every testdata cart, and a menu whose names need every kind of escape,
// encode to the same bytes by hand as by encoding/json.
func TestAppendJSONIsEncodingJSON(t *testing.T) {
	names := []string{`quote " and \ back`, "tab\tnew\nline\rret\bbs\fff", "<b>&amp;</b>", "ctl \x01\x1f\x7f",
		"line\u2028para\u2029", "bad \xff utf8 \xc3", "Борщ 🍲", ""}
	menuJSON := string(demo.Menu())
	for i, n := range []string{"Beetroot soup", "Solyanka", "Pelmeni", "Spaghetti", "Business lunch", "Cinnamon", "v", "hoop"} {
		esc, err := jsonString(names[i%len(names)])
		require.NoError(t, err)
		menuJSON = strings.Replace(menuJSON, `"name": "`+n+`"`, `"name": `+esc, 1)
	}
	require.NotEqual(t, string(demo.Menu()), menuJSON, "the names were replaced")
	for _, m := range []string{string(demo.Menu()), menuJSON} {
		e, err := engine.Load([]byte(m), demo.Restaurant(), engine.Options{})
		require.NoError(t, err)
		files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			r, err := e.PriceJSON(data)
			require.NoError(t, err)
			got, err := r.AppendJSON([]byte("prefix"))
			require.NoError(t, err)
			want, err := engine.ReflectJSON(r)
			require.NoError(t, err)
			require.True(t, bytes.HasPrefix(got, []byte("prefix")), "appends")
			require.Equal(t, string(want), string(got[len("prefix"):]), f)
		}
	}
	empty, err := engine.Result{}.MarshalJSON()
	require.NoError(t, err)
	want, err := engine.ReflectJSON(engine.Result{})
	require.NoError(t, err)
	require.Equal(t, string(want), string(empty), "the zero Result")
}

// jsonString writes s as a JSON string literal the menu decoder reads back
// as s (invalid UTF-8 goes in as is: the decoder must cope).
func jsonString(s string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range []byte(s) {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}
