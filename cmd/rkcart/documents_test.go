package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// zeros is an endless input, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// Every command refuses a document of the wrong kind, an empty object or
// an oversized input with exit 2 and a message naming what it expected.
func TestDocumentsOfTheWrongKind(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cart := filepath.Join("..", "..", "testdata", "carts", "combo.json")
	empty, nullData := write("empty.json", `{}`), write("null.json", `{"data":null}`)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"lint a cart", []string{"lint", "--menu", cart}, "menu: want a dishes response with dishes[], got what looks like a cart"},
		{"lint {}", []string{"lint", "--menu", empty}, "menu: want a dishes response with dishes[], got an empty object"},
		{"lint data null", []string{"lint", "--menu", nullData}, `menu: want a dishes response with dishes[], got {"data":null}`},
		{"price on a cart as menu", []string{"price", "--menu", cart, cart}, "menu: want a dishes response with dishes[]"},
		{"price {}", []string{"price", empty}, "cart: line 1, column 1: not a cart"},
		{"restaurant {}", []string{"price", "--restaurant", empty, cart}, "restaurant: want a rests response or a restaurant object with an id, got an empty object"},
		{"events of a cart", []string{"events", "check", cart}, "events response: want an events response with result and data.updates[], got what looks like a cart"},
		{"events {}", []string{"events", "check", empty}, "events response: want an events response"},
		{"reconcile against a cart", []string{"reconcile", "--cart", cart, "--response", cart}, "order response: want a savedeliveryorder or Order response"},
		{"reconcile against {}", []string{"reconcile", "--cart", cart, "--response", empty}, "order response: want a savedeliveryorder or Order response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tt.args...)
			assert.Equal(t, exitUnusable, code, out)
			assert.Contains(t, errOut, tt.want)
			assert.Empty(t, out)
		})
	}
}

func TestInputsAreCapped(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"price", "-"}, "cart: too large: more than 8388608 bytes"},
		{[]string{"payload", "--dialect", "calcorder", "-"}, "cart: too large: more than 8388608 bytes"},
		{[]string{"events", "check", "-"}, "events response: too large: more than 16777216 bytes"},
	} {
		var out, errOut bytes.Buffer
		code := run(tt.args, io.Reader(zeros{}), &out, &errOut)
		assert.Equal(t, exitUnusable, code, tt.args)
		assert.Contains(t, errOut.String(), tt.want, tt.args)
	}
	// events check - reads up to the events limit (16 MiB), not the cart's.
	big := `{"result":true,"data":{"updates":[]}}` + strings.Repeat(" ", 9<<20)
	out, errOut, code := runCLI(t, big, "events", "check", "-")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"events": 0`)
}
