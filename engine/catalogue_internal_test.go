package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// codeConstants parses this package's source files (no type-checking:
// parsing takes milliseconds, type-checking from source took seconds per
// call and every mutant paid for it) and returns the value of every
// exported constant named Code…: the list of codes is derived from the
// declarations, never kept by hand.
func codeConstants(t *testing.T) []string {
	t.Helper()
	out, err := parsedCodes()
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 30 {
		t.Fatalf("found only %d Code constants: %v", len(out), out)
	}
	return out
}

var parsedCodes = sync.OnceValues(func() ([]string, error) {
	names, err := parseConsts(".")
	if err != nil {
		return nil, err
	}
	var out []string
	for name, v := range names {
		if !strings.HasPrefix(name, "Code") || !ast.IsExported(name) {
			continue
		}
		if pkg, sel, ok := strings.Cut(v.ref, "."); ok { // another package's constant: modifiers.CodeBadQuantity
			other, err := parseConsts(filepath.Join("..", pkg))
			if err != nil {
				return nil, err
			}
			c, found := other[sel]
			if !found || c.ref != "" {
				return nil, fmt.Errorf("%s = %s: not a string constant of ../%s", name, v.ref, pkg)
			}
			v = c
		} else if v.ref != "" {
			return nil, fmt.Errorf("%s = %s: not a string literal", name, v.ref)
		}
		out = append(out, v.val)
	}
	sort.Strings(out)
	return out, nil
})

// constValue is a constant's string value, or the selector it refers to.
type constValue struct{ val, ref string }

// parseConsts reads the constants of the non-test files in dir whose value
// is a string literal or a selector (pkg.Name).
func parseConsts(dir string) (map[string]constValue, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	out := map[string]constValue{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					switch v := vs.Values[i].(type) {
					case *ast.BasicLit:
						if v.Kind == token.STRING {
							s, err := strconv.Unquote(v.Value)
							if err != nil {
								return nil, err
							}
							out[n.Name] = constValue{val: s}
						}
					case *ast.SelectorExpr:
						if x, ok := v.X.(*ast.Ident); ok {
							out[n.Name] = constValue{ref: x.Name + "." + v.Sel.Name}
						}
					default:
						out[n.Name] = constValue{ref: "(an expression)"}
					}
				}
			}
		}
	}
	return out, nil
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
