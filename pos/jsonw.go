package pos

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/rkcart/rkcart/internal/jsonw"
)

// jsonWriter appends JSON with a fixed member order: payloads are
// byte-stable and cost no reflection. After a value or a closing bracket
// the next value or key needs a comma; after a key or an opening bracket it
// does not.
type jsonWriter struct {
	b    []byte
	need bool
}

func (w *jsonWriter) comma() {
	if w.need {
		w.b = append(w.b, ',')
	}
}

func (w *jsonWriter) open(c byte)  { w.comma(); w.b = append(w.b, c); w.need = false }
func (w *jsonWriter) close(c byte) { w.b = append(w.b, c); w.need = true }

// key writes a member name. Names are the API's constants or the caller's
// own keys: constants (plain ASCII) are copied as they are, anything else
// is escaped.
func (w *jsonWriter) key(k string) {
	w.comma()
	if plainASCII(k) {
		w.b = append(w.b, '"')
		w.b = append(w.b, k...)
		w.b = append(w.b, '"', ':')
	} else {
		w.b = appendString(w.b, k)
		w.b = append(w.b, ':')
	}
	w.need = false
}

// plainASCII reports whether s needs no escaping in a JSON string.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (w *jsonWriter) str(s string) { w.comma(); w.b = appendString(w.b, s); w.need = true }
func (w *jsonWriter) int(v int64)  { w.comma(); w.b = jsonw.AppendInt(w.b, v); w.need = true }
func (w *jsonWriter) bool(v bool)  { w.comma(); w.b = strconv.AppendBool(w.b, v); w.need = true }

// raw writes a JSON value as sent, compacted: its meaning is kept to the
// byte, only insignificant whitespace goes. Invalid JSON (from a cart built
// in Go with a bad Raw) is written as null rather than corrupting the body.
func (w *jsonWriter) raw(r []byte) {
	w.comma()
	buf := bytes.NewBuffer(w.b)
	if err := json.Compact(buf, r); err != nil {
		buf.Truncate(len(w.b))
		buf.WriteString("null")
	}
	w.b = buf.Bytes()
	w.need = true
}
func (w *jsonWriter) id(v int64) {
	w.comma()
	w.b = append(jsonw.AppendInt(append(w.b, '"'), v), '"')
	w.need = true
}

// itemHead opens a normalised line or item, {"id":"<id>","type":"<t>",
// "qnt":<q>,"items":[, with its constant parts copied whole; typ is one of
// the Type* constants (plain ASCII).
func (w *jsonWriter) itemHead(id int64, typ string, qnt int64) {
	w.comma()
	w.b = append(w.b, `{"id":"`...)
	w.b = jsonw.AppendInt(w.b, id)
	w.b = append(w.b, `","type":"`...)
	w.b = append(w.b, typ...)
	w.b = append(w.b, `","qnt":`...)
	w.b = jsonw.AppendInt(w.b, qnt)
	w.b = append(w.b, `,"items":[`...)
	w.need = false
}

// itemTail closes what itemHead opened.
func (w *jsonWriter) itemTail() {
	w.b = append(w.b, ']', '}')
	w.need = true
}

// itemEnd closes only the items array, so members can follow before the
// object is closed.
func (w *jsonWriter) itemEnd() {
	w.b = append(w.b, ']')
	w.need = true
}

// appendString writes s as a JSON string, escaping as encoding/json does
// but without its HTML escapes (<, >, &: payloads are not HTML).
func appendString(b []byte, s string) []byte {
	if plainASCII(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	return jsonw.AppendString(b, s, false)
}
