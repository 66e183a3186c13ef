package menu_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

// maxFuzzInput bounds each input so one run stays fast; real exports are
// covered by the golden tests.
const maxFuzzInput = 64 << 10

// FuzzLoad: loading never panics; a failure is one of the documented
// errors; a loaded menu lints and answers lookups without panicking.
func FuzzLoad(f *testing.F) {
	f.Add(demo.Menu())
	f.Add([]byte(`{"dishes":[{"id":"1","price":100,"modischeme":5,"name":"Pr\\u00F3ba"}],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":2,"defaultModifier":7,"modi":[{"id":7,"active":1,"maxOneDish":1,"dishid":1}]}]}]}`))
	f.Add([]byte(`{"status":"Err","errors":[{"code":"DLW-0023","text":"RK7 error"}]}`))
	f.Add([]byte(`{"data":{"dishes":[{"id":1,"price":"abc"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		m, err := menu.Load(data, menu.Options{})
		if err != nil {
			if !errors.Is(err, menu.ErrDecode) && !errors.Is(err, menu.ErrAPI) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		findings := menu.Lint(m)
		if _, err := json.Marshal(findings); err != nil {
			t.Fatal(err)
		}
		for _, d := range m.Dishes() {
			groups := m.Groups(d)
			for gi, g := range groups.All() {
				for _, md := range g.Modis {
					opt, ok := m.Resolve(d, md.ID)
					if !ok || !m.KnownModifier(opt.ID) {
						t.Fatalf("modifier %d of group %d does not resolve", md.ID, gi)
					}
					// It resolves to the first group holding it, at or before this one.
					if at := groups.At(int(opt.Group)); int(opt.Group) > gi || at.Modis[opt.Modi].ID != md.ID {
						t.Fatalf("modifier %d resolves to group %d, not to a group holding it before %d", md.ID, opt.Group, gi)
					}
				}
			}
			_ = m.ComboGroups(d)
			rules := m.RuleGroups(d)
			for i := range rules.Len() {
				if gi := rules.At(i); gi < 0 || int(gi) >= groups.Len() {
					t.Fatalf("rule group %d outside the %d groups", gi, groups.Len())
				}
			}
		}
	})
}
