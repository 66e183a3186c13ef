package qrmenu_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/rkcart/rkcart/qrmenu"
)

// FuzzDecode: decoding never panics, fails only with *document.Error, keeps
// every update, and the checks run on whatever decodes.
func FuzzDecode(f *testing.F) {
	f.Add(events(f, "reference"))
	f.Add(events(f, "inconsistent"))
	f.Add([]byte(`{"result":true,"data":{"updates":[{"hash":"h","code":"additional_order","invoice":{"session":{"items":[{"id":1,"count":1e300}]}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		r, err := qrmenu.Decode(data)
		if err != nil {
			if !errors.Is(err, qrmenu.ErrDecode) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		var raw struct {
			Data *struct {
				Updates []json.RawMessage `json:"updates"`
			} `json:"data"`
		}
		if json.Unmarshal(data, &raw) == nil && raw.Data != nil && len(raw.Data.Updates) != len(r.Updates) {
			t.Fatalf("%d updates decoded of %d", len(r.Updates), len(raw.Data.Updates))
		}
		for _, f := range qrmenu.Check(r) {
			if f.Code == "" || f.Path == "" {
				t.Fatalf("malformed finding %+v", f)
			}
		}
	})
}
