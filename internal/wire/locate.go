package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/jsonscan"
)

// DecodeError is the one decoding error, document.Error.
type DecodeError = document.Error

// Decode unmarshals data into v (a pointer to a wire struct) with
// encoding/json; on failure it re-reads data to return a *DecodeError that
// names the place. The slow re-read runs only for bad documents.
//
// A member given twice in one object is refused with its pointer (where
// encoding/json would silently keep the last): a document that says two
// things is not read as either.
//
// A *DishesDoc (a menu, the largest document) is read by DecodeDishes.
func Decode(k document.Kind, data []byte, v any) error {
	if d, ok := v.(*DishesDoc); ok {
		return DecodeDishes(k, data, d)
	}
	return decodeJSON(k, data, v)
}

// decodeJSON is Decode with encoding/json, whatever v is.
func decodeJSON(k document.Kind, data []byte, v any) error {
	if len(data) < parallelDuplicates {
		if err := json.Unmarshal(data, v); err != nil {
			return Explain(k, data, reflect.TypeOf(v).Elem(), err)
		}
		return Duplicates(k, data)
	}
	// A large document (a menu): the duplicate check is a pass of its
	// own over the bytes, and reads them only, so it runs beside the
	// decoding instead of after it — a menu loads in the decoding's time
	// where a second core is free.
	dup := make(chan error, 1)
	go func() { dup <- Duplicates(k, data) }()
	err := json.Unmarshal(data, v)
	derr := <-dup
	if err != nil {
		return Explain(k, data, reflect.TypeOf(v).Elem(), err)
	}
	return derr
}

// parallelDuplicates: from this size a document's duplicate check runs
// beside its decoding (below it, a goroutine costs more than it saves).
const parallelDuplicates = 64 << 10

// Duplicates returns a *DecodeError for the first member of data given
// twice in one object (nil when there is none, or when data is not JSON:
// the decoder reports that).
func Duplicates(k document.Kind, data []byte) error {
	s := jsonscan.View(data) // its strings are compared, never kept
	err := s.Skip(maxDepth)
	var se *jsonscan.Error
	if !errors.As(err, &se) || !strings.HasPrefix(se.Msg, "duplicate member ") {
		return nil
	}
	line, col := LineCol(data, int64(se.Offset))
	return &DecodeError{Kind: k, Pointer: se.Inner, Line: line, Column: col, Msg: se.Msg}
}

// maxDepth is encoding/json's own nesting limit: what it decoded, the
// duplicate check walks.
const maxDepth = 10000

// Explain turns err, returned while decoding data into a value of type t,
// into a *DecodeError of kind k with the JSON Pointer, line and column of
// the fault.
func Explain(k document.Kind, data []byte, t reflect.Type, err error) error {
	e := explain(data, t, err)
	e.Kind = k
	return e
}

func explain(data []byte, t reflect.Type, err error) *DecodeError {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		line, col := LineCol(data, syntaxOffset(data, se))
		return &DecodeError{Line: line, Column: col, Msg: se.Error()}
	}
	w := walker{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	w.dec.UseNumber()
	if located := w.value(t, ""); located != nil {
		return located
	}
	// The walker found nothing the fast path complained about; keep the
	// original error rather than invent a location.
	return &DecodeError{Msg: err.Error()}
}

// LineCol converts a byte offset into a 1-based line and column (in bytes).
func LineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

type walker struct {
	dec   *json.Decoder
	data  []byte // the whole document, for line and column
	base  int64  // where dec's input starts in data (sub-walkers read one value)
	start int64  // offset in data of the first byte of the last value read
}

var (
	intType         = reflect.TypeFor[Int]()
	fieldType       = reflect.TypeFor[Field]()
	rawType         = reflect.TypeFor[json.RawMessage]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

func (w *walker) fail(ptr, msg string, tok json.Token) *DecodeError {
	line, col := LineCol(w.data, w.start)
	return &DecodeError{Pointer: ptr, Line: line, Column: col, Msg: msg + ", got " + describe(tok)}
}

// markStart sets start to the first byte of the next value.
func (w *walker) markStart() {
	w.start = w.base + w.dec.InputOffset()
	for w.start < int64(len(w.data)) && strings.IndexByte(" \t\r\n:,", w.data[w.start]) >= 0 {
		w.start++
	}
}

func (w *walker) token() (json.Token, *DecodeError) {
	w.markStart()
	tok, err := w.dec.Token()
	if err != nil {
		return nil, w.readError(err)
	}
	return tok, nil
}

func (w *walker) readError(err error) *DecodeError {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	off := w.base + w.dec.InputOffset()
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		off = syntaxOffset(w.data, se)
	}
	line, col := LineCol(w.data, off)
	return &DecodeError{Line: line, Column: col, Msg: err.Error()}
}

// selfDecoding checks a value of a type with its own UnmarshalJSON by
// calling it. When it fails on an object of a struct type, the walker
// descends into the fields to name the place more precisely; otherwise the
// type's own error is reported at the value.
func (w *walker) selfDecoding(t reflect.Type, ptr string, nullable bool) *DecodeError {
	w.markStart()
	start := w.start
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return w.readError(err)
	}
	if nullable && string(raw) == "null" {
		return nil
	}
	err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw)
	if err == nil {
		return nil
	}
	if t.Kind() == reflect.Struct && raw[0] == '{' {
		sub := walker{dec: json.NewDecoder(bytes.NewReader(raw)), data: w.data, base: start}
		sub.dec.UseNumber()
		if tok, derr := sub.token(); derr == nil {
			if found := sub.valueFrom(tok, t, ptr); found != nil {
				return found
			}
		}
	}
	line, col := LineCol(w.data, start)
	return &DecodeError{Pointer: ptr, Line: line, Column: col, Msg: err.Error()}
}

// value checks the next JSON value against t, and returns the first
// mismatch found (nil if the value fits).
func (w *walker) value(t reflect.Type, ptr string) *DecodeError {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	if t == fieldType {
		t = intType // the same values, read the same way
	}
	if t != intType && t != rawType && t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(unmarshalerType) {
		return w.selfDecoding(t, ptr, nullable)
	}
	tok, derr := w.token()
	if derr != nil {
		return derr
	}
	switch {
	case t == intType:
		if _, ok := ParseInt(tokenBytes(tok)); !ok {
			return w.fail(ptr, "want integer", tok)
		}
		return nil
	case t == rawType || t.Kind() == reflect.Interface:
		return w.skip(tok)
	}
	if tok == nil { // null fits every remaining kind, as in encoding/json
		return nil
	}
	return w.valueFrom(tok, t, ptr)
}

func (w *walker) valueFrom(tok json.Token, t reflect.Type, ptr string) *DecodeError {
	switch t.Kind() {
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return w.fail(ptr, "want string", tok)
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return w.fail(ptr, "want boolean", tok)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return w.fail(ptr, "want integer", tok)
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return w.fail(ptr, "want integer", tok)
		}
	case reflect.Float64, reflect.Float32:
		if _, ok := tok.(json.Number); !ok {
			return w.fail(ptr, "want number", tok)
		}
	case reflect.Slice:
		if tok != json.Delim('[') {
			return w.fail(ptr, "want array", tok)
		}
		for i := 0; w.dec.More(); i++ {
			if e := w.value(t.Elem(), ptr+"/"+strconv.Itoa(i)); e != nil {
				return e
			}
		}
		_, derr := w.token()
		return derr
	case reflect.Map:
		if tok != json.Delim('{') {
			return w.fail(ptr, "want object", tok)
		}
		for w.dec.More() {
			k, derr := w.token()
			if derr != nil {
				return derr
			}
			if e := w.value(t.Elem(), ptr+"/"+Escape(k.(string))); e != nil {
				return e
			}
		}
		_, derr := w.token()
		return derr
	case reflect.Struct:
		if tok != json.Delim('{') {
			return w.fail(ptr, "want object", tok)
		}
		fields := fieldsOf(t)
		for w.dec.More() {
			k, derr := w.token()
			if derr != nil {
				return derr
			}
			name := k.(string)
			ft, ok := lookupField(fields, name)
			if !ok {
				if e := w.skipNext(); e != nil {
					return e
				}
				continue
			}
			if e := w.value(ft, ptr+"/"+Escape(name)); e != nil {
				return e
			}
		}
		_, derr := w.token()
		return derr
	default:
		return w.skip(tok)
	}
	return nil
}

func (w *walker) skipNext() *DecodeError {
	tok, derr := w.token()
	if derr != nil {
		return derr
	}
	return w.skip(tok)
}

// skip consumes the rest of a value whose first token is tok.
func (w *walker) skip(tok json.Token) *DecodeError {
	d, ok := tok.(json.Delim)
	if !ok || d == '}' || d == ']' {
		return nil
	}
	for depth := 1; depth > 0; {
		t, derr := w.token()
		if derr != nil {
			return derr
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

type field struct {
	name string
	t    reflect.Type
}

// fieldsOf lists the JSON fields of a struct, flattening embedded structs
// as encoding/json does (outer fields win).
func fieldsOf(t reflect.Type) []field {
	var out []field
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, field{name, f.Type})
	}
	for _, e := range embedded {
		for _, f := range fieldsOf(e) {
			if _, dup := lookupField(out, f.name); !dup {
				out = append(out, f)
			}
		}
	}
	return out
}

// lookupField matches exactly first, then case-insensitively, like
// encoding/json.
func lookupField(fields []field, name string) (reflect.Type, bool) {
	for _, f := range fields {
		if f.name == name {
			return f.t, true
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f.t, true
		}
	}
	return nil, false
}

func tokenBytes(tok json.Token) []byte {
	switch v := tok.(type) {
	case nil:
		return []byte("null")
	case json.Number:
		return []byte(v)
	case string:
		return []byte(strconv.Quote(v))
	}
	return nil
}

func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		if v == '{' {
			return "object"
		}
		return "array"
	case string:
		s := v
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return strconv.Quote(s)
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(tok)
}

// Escape escapes one JSON Pointer reference token (RFC 6901).
func Escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// syntaxOffset is where a syntax error points: the bad byte (Offset counts
// it), or one past the end when the input stopped early.
func syntaxOffset(data []byte, se *json.SyntaxError) int64 {
	if se.Offset >= int64(len(data)) {
		return int64(len(data))
	}
	return se.Offset - 1
}
