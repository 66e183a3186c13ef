package engine

import (
	"go/constant"
	"go/importer"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"
	"testing"
)

// codeConstants type-checks this package from source and returns the value
// of every exported constant named Code…: the list of codes is derived
// from the declarations, never kept by hand.
func codeConstants(t *testing.T) []string {
	t.Helper()
	pkg, err := importer.ForCompiler(token.NewFileSet(), "source", nil).Import("github.com/rkcart/rkcart/engine")
	if err != nil {
		t.Fatalf("type-checking engine: %v", err)
	}
	var out []string
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok || !strings.HasPrefix(name, "Code") || !c.Exported() {
			continue
		}
		out = append(out, constant.StringVal(c.Val()))
	}
	sort.Strings(out)
	if len(out) < 30 {
		t.Fatalf("found only %d Code constants: %v", len(out), out)
	}
	return out
}

func TestCodesAreTheConstants(t *testing.T) {
	if got, want := Codes(), codeConstants(t); !slices.Equal(got, want) {
		t.Errorf("Codes() = %v\nconstants = %v", got, want)
	}
}

// Every code has an English and a Russian message, and every placeholder
// of every template is one render fills.
func TestCatalogueCoversEveryCode(t *testing.T) {
	for _, code := range codeConstants(t) {
		tpl, ok := catalogue[code]
		if !ok {
			t.Errorf("%s has no messages", code)
			continue
		}
		for l, s := range tpl {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s has no %s message", code, Lang(l))
			}
		}
	}
	params := Params{{"max", int64(2)}, {"min", int64(1)}, {"actual", int64(3)}, {"qnt", int64(1500)}, {"delivery_time", "2026-06-01T12:00:00"},
		{"now", "2026-06-01T13:00:00"}, {"begin", "10:00"}, {"end", "22:00"}, {"cutoff_minutes", int64(0)}, {"restaurant_id", int64(5)},
		{"available", int64(1000)}, {"requested", int64(2000)}, {"amount", "line"}, {"type", "x"}, {"age_seconds", int64(90)}, {"max_seconds", int64(60)}}
	m := msg{dish: named{"Soup", "1"}, modifier: named{"", "7"}, group: named{"Соус", "5"}, combo: named{"Lunch", "4"}, sent: "x", limit: "100.00"}
	for key := range catalogue {
		code, variant, _ := strings.Cut(key, ".")
		for _, l := range []Lang{English, Russian} {
			mm := m
			mm.variant = variant
			if got := render(l, code, params, mm); strings.ContainsAny(got, "{}") {
				t.Errorf("%s (%s): unfilled placeholder in %q", key, l, got)
			}
		}
	}
	if got := render(Russian, CodeGroupAboveMax, Params{{"max", int64(2)}, {"actual", int64(3)}}, msg{group: named{"Соус", "5"}}); got != `"Соус": выберите не больше 2, выбрано 3` {
		t.Errorf("Russian group message: %q", got)
	}
	if got := render(English, CodeGroupAboveMax, Params{{"max", int64(2)}, {"actual", int64(3)}}, msg{group: named{"", "5"}}); got != `group 5: choose at most 2, got 3` {
		t.Errorf("unnamed group message: %q", got)
	}
}

// CodeConstants exposes codeConstants to the external tests (an
// export_test-style hook: it exists only in test builds).
func CodeConstants(t *testing.T) []string { return codeConstants(t) }
