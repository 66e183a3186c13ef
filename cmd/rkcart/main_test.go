package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedNow makes the past/future checks reproducible.
const fixedNow = "2026-11-23T12:00:00+03:00"

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

func TestPriceGolden(t *testing.T) {
	tests := []struct {
		cart string
		exit int
	}{
		{"reference-pickup", 1},
		{"valid-pickup", 0},
		{"valid-delivery", 0},
		{"combo", 0},
		{"invalid-below-min", 1},
		{"invalid-many", 1},
	}
	for _, tt := range tests {
		t.Run(tt.cart, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "price", "--now", fixedNow, filepath.Join("..", "..", "testdata", "carts", tt.cart+".json"))
			assert.Equal(t, tt.exit, code, errOut)
			assert.Empty(t, errOut)
			golden(t, "price-"+tt.cart+".json", out)
		})
	}
}

func TestPriceStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "carts", "combo.json"))
	require.NoError(t, err)
	out, _, code := runCLI(t, string(data), "price", "--now", fixedNow, "-")
	assert.Equal(t, 0, code)
	fromFile, _, _ := runCLI(t, "", "price", "--now", fixedNow, filepath.Join("..", "..", "testdata", "carts", "combo.json"))
	assert.Equal(t, fromFile, out)
}

func TestPriceOtherMenuAndRestaurant(t *testing.T) {
	dir := t.TempDir()
	rest := filepath.Join(dir, "rest.json")
	require.NoError(t, os.WriteFile(rest, []byte(`{"id":5,"min_check_amount":100,"delivery_price":250}`), 0o644))
	cart := `{"objectid":5,"delivery_time":"2099-01-01T12:00:00","order_type":1,"pay_type":0,
"client":{"phone":"79990001122","ln":"X"},"address":{"id":"1"},"order":[{"id":1000600,"type":"d","qnt":1000}]}`
	out, errOut, code := runCLI(t, cart, "price", "--menu", filepath.Join("..", "..", "testdata", "menus", "cart-fixture.json"),
		"--restaurant", rest, "--minor-units", "--tz", "Europe/Budapest", "--now", fixedNow)
	assert.Equal(t, 0, code, errOut+out)
	assert.Contains(t, out, `"name": "Svájci Alpesi Csokoládé"`)
	assert.Contains(t, out, `"total": 65250`)
	assert.Contains(t, out, `"delivery_price": 250`)
}

func TestPriceUnusable(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"malformed", "{\"order\": [", []string{"price", "-"}, "rkcart: cart: line 1, column 12: unexpected end of JSON input\n"},
		{"wrong type", `{"order": 5}`, []string{"price"}, "rkcart: cart: /order: want array, got 5 (line 1, column 11)\n"},
		{"missing file", "", []string{"price", "no-such-cart.json"}, "rkcart: open no-such-cart.json: no such file or directory\n"},
		{"bad now", "{}", []string{"price", "--now", "yesterday"}, "rkcart: --now: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"\n"},
		{"bad zone", "{}", []string{"price", "--tz", "Mars/Olympus"}, "rkcart: --tz: unknown time zone Mars/Olympus\n"},
		{"bad menu", "{}", []string{"price", "--menu", "main.go"}, "rkcart: main.go: menu: line 1, column 1: invalid character '/' looking for beginning of value\n"},
		{"two carts", "{}", []string{"price", "a", "b"}, "rkcart: unexpected argument \"b\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Equal(t, tt.want, errOut)
		})
	}
}

func TestLint(t *testing.T) {
	out, errOut, code := runCLI(t, "", "lint", "--menu", filepath.Join("..", "..", "testdata", "menus", "cart-fixture.json"), "--format", "text")
	assert.Equal(t, 0, code, errOut) // warnings only
	golden(t, "lint-cart-fixture.txt", out)

	dir := t.TempDir()
	bad := filepath.Join(dir, "m.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"dishes":[{"id":1},{"id":1}]}`), 0o644))
	out, _, code = runCLI(t, "", "lint", "--menu", bad)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"code": "duplicate_dish_id"`)
	assert.Contains(t, out, `"severity": "error"`)

	_, errOut, code = runCLI(t, "", "lint", "--format", "xml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--format must be json or text")
	require.NoError(t, os.WriteFile(bad, []byte(`{"dishes":[{"id":"x"}]}`), 0o644))
	_, errOut, code = runCLI(t, "", "lint", "--menu", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `/dishes/0/id: want integer, got "x" (line 1, column 18)`)
}

func TestUsage(t *testing.T) {
	_, errOut, code := runCLI(t, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage:")
	out, errOut, code := runCLI(t, "", "help")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	for _, c := range commands {
		assert.Contains(t, out, "rkcart "+c.name, "help lists every command")
		args := append(strings.Fields(c.name), "--help")
		out, errOut, code := runCLI(t, "", args...)
		assert.Equal(t, 0, code, "%s --help exits 0", c.name)
		assert.Empty(t, errOut, "%s --help writes to stdout", c.name)
		if c.name == "version" {
			assert.Contains(t, out, "rkcart ", "version prints the version")
			continue
		}
		assert.True(t, strings.HasPrefix(out, "usage: rkcart "+c.name+" "+c.synopsis+"\n"), "%s --help: %q", c.name, out)
		_, errOut, code = runCLI(t, "", append(strings.Fields(c.name), "--no-such-flag")...)
		assert.Equal(t, 2, code, c.name)
		assert.Contains(t, errOut, "usage: rkcart "+c.name)
	}
	_, errOut, code = runCLI(t, "", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
}

func TestPayloadCLI(t *testing.T) {
	cart := filepath.Join("..", "..", "testdata", "carts", "combo.json")
	out, errOut, code := runCLI(t, "", "payload", "--now", fixedNow, "--dialect", "savedeliveryorder", cart)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "POST savedeliveryorder\n", errOut)
	golden(t, "payload-savedeliveryorder-new-customer.json", out)

	out, errOut, code = runCLI(t, "", "payload", "--now", fixedNow, "--dialect", "postorder", "--order-number", "42", "--pay-online",
		filepath.Join("..", "..", "testdata", "carts", "valid-delivery.json"))
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "POST postorder/199994335\n", errOut)
	golden(t, "payload-postorder.json", out)

	ref := filepath.Join("..", "..", "testdata", "carts", "reference-pickup.json")
	out, errOut, code = runCLI(t, "", "payload", "--now", fixedNow, ref)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "refused: 2 violations")
	assert.Contains(t, errOut, `"code": "max_one_dish_exceeded"`, "the reasons go to stderr")
	assert.Empty(t, out, "a refused cart writes nothing a pipe could send as an order")
	out, _, code = runCLI(t, "", "payload", "--now", fixedNow, "--force", ref)
	assert.Equal(t, 0, code)
	golden(t, "payload-forced-reference.json", out)

	_, errOut, code = runCLI(t, "", "payload", "--dialect", "soap", ref)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown dialect "soap"`)
	_, errOut, code = runCLI(t, "", "payload", "--dialect", "postorder", "--order-number", "100000", filepath.Join("..", "..", "testdata", "carts", "valid-delivery.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "order_number 100000")
	for _, bad := range [][]string{{"--order-number", "-5"}, {"--order-number", "7", "--dialect", "calcorder"}, {"--pay-online"}} {
		_, errOut, code = runCLI(t, "", append(append([]string{"payload"}, bad...), filepath.Join("..", "..", "testdata", "carts", "valid-delivery.json"))...)
		assert.Equal(t, 2, code, "%v is refused, not ignored: %s", bad, errOut)
	}
}

// The reference's existing-customer order has no objectid in its body;
// --object names it as the URL would: priced and emitted for it, with
// objectId in the query and the body as sent.
func TestObjectFlag(t *testing.T) {
	cart := filepath.Join("..", "..", "testdata", "carts", "reference-existing-customer.json")
	_, _, code := runCLI(t, "", "price", "--now", fixedNow, cart)
	assert.Equal(t, 1, code, "no object anywhere: bad_objectid")
	out, _, code := runCLI(t, "", "price", "--now", fixedNow, "--object", "199994335", cart)
	assert.Equal(t, 0, code, out)
	out, errOut, code := runCLI(t, "", "payload", "--now", fixedNow, "--object", "199994335", cart)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "POST savedeliveryorder?objectId=199994335\n", errOut)
	assert.NotContains(t, out, "objectid")
	out, _, code = runCLI(t, "", "price", "--now", fixedNow, "--object", "7", filepath.Join("..", "..", "testdata", "carts", "combo.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "wrong_object")
	_, _, code = runCLI(t, "", "reconcile", "--now", fixedNow, "--object", "199994335", "--cart", cart,
		"--response", filepath.Join("..", "..", "testdata", "responses", "savedeliveryorder-reference.json"))
	assert.NotEqual(t, 2, code)
}

func TestReconcileCLI(t *testing.T) {
	cart := filepath.Join("..", "..", "testdata", "carts", "reference-pickup.json")
	resp := filepath.Join("..", "..", "testdata", "responses", "savedeliveryorder-reference.json")
	out, errOut, code := runCLI(t, "", "reconcile", "--now", fixedNow, "--cart", cart, "--response", resp)
	assert.Equal(t, 0, code, errOut)
	golden(t, "reconcile-reference.json", out)
	// A POS answer that says order_sum twice is refused with the place,
	// not read as its last value.
	twice := strings.Replace(readFile(t, resp), `"order_sum"`, `"order_sum": "1", "order_sum"`, 1)
	_, errOut, code = runCLI(t, twice, "reconcile", "--now", fixedNow, "--cart", cart, "--response", "-")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `/data/order_sum`)
	assert.Contains(t, errOut, `duplicate member "order_sum"`)

	// Against another order's response, the soup is missing and Golubtsy are
	// extra: every kopeck has a cause, but the POS does not agree.
	out, _, code = runCLI(t, "", "reconcile", "--now", fixedNow, "--cart", cart, "--response",
		filepath.Join("..", "..", "testdata", "responses", "order-reference.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"verdict": "differs"`)
	assert.Contains(t, out, `"code": "missing_line"`)
	assert.Contains(t, out, `"code": "extra_line"`)

	_, errOut, code = runCLI(t, "", "reconcile", "--cart", cart)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "need --cart and --response")
	_, errOut, code = runCLI(t, "", "reconcile", "--cart", cart, "--response", filepath.Join("..", "..", "testdata", "responses", "err-envelope.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "DLW-0023 RK7 error")
}

// The WebDelivery reference cart on its own day: invalid for the
// restaurant's rules (maxOneDish 2, sent 3), valid with a warning under the
// pos profile, since the POS accepted and priced it.
func TestProfiles(t *testing.T) {
	ref := filepath.Join("..", "..", "testdata", "carts", "reference-pickup.json")
	const day = "2017-03-29T20:00:00+03:00"
	out, _, code := runCLI(t, "", "price", "--now", day, ref)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"valid": false`)
	assert.Contains(t, out, `"severity": "error"`)
	out, errOut, code := runCLI(t, "", "price", "--now", day, "--profile", "pos", ref)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"valid": true`)
	assert.Contains(t, out, `"code": "max_one_dish_exceeded",
      "severity": "warning"`)
	assert.Contains(t, out, `"total": 8789`)
	// Valid under pos, so it is emitted, and the line goes out normalised.
	out, errOut, code = runCLI(t, "", "payload", "--now", day, "--profile", "pos", ref)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `{"id":"1000039","type":"d","qnt":1000,"items":[{"id":"1000388","type":"m","qnt":3000,"items":[]}`)
	_, errOut, code = runCLI(t, "", "price", "--profile", "lenient", ref)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown profile "lenient"`)
}

func TestRussianMessages(t *testing.T) {
	out, _, code := runCLI(t, "", "price", "--now", fixedNow, "--lang", "ru", filepath.Join("..", "..", "testdata", "carts", "invalid-many.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"message": "\"hoop\": не больше 10 на порцию, выбрано 11"`)
	assert.Contains(t, out, `"message": "\"USAIS EAN13\" нельзя добавить к \"Pelmeni\""`)
	assert.Contains(t, out, `"code": "max_one_dish_exceeded"`, "codes and params stay the same")
	_, errOut, code := runCLI(t, "", "price", "--lang", "de", filepath.Join("..", "..", "testdata", "carts", "invalid-many.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown language "de"`)
}

func TestReconcileVerdicts(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	ref := filepath.Join("..", "..", "testdata", "carts", "reference-pickup.json")
	responses := filepath.Join("..", "..", "testdata", "responses")

	// The CalcOrder reference pair: 4 × 50.00 here, RUB 190.00 at the POS.
	out, errOut, code := runCLI(t, "", "reconcile", "--now", fixedNow, "--cart", filepath.Join("..", "..", "testdata", "carts", "calcorder-4x5000.json"),
		"--response", filepath.Join(responses, "calcorder-reference.json"))
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"verdict": "discounted"`)
	assert.Contains(t, out, `"expected": 20000`)
	assert.Contains(t, out, `"actual": 19000`)
	assert.Contains(t, out, `"difference": -1000`)
	assert.Contains(t, out, `"response_path": "/Payments/0/amount"`)
	_, errOut, code = runCLI(t, "", "reconcile", "--now", fixedNow, "--currency-code", "99", "--cart", ref,
		"--response", filepath.Join(responses, "calcorder-reference.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no payment in the base currency (code 99)")

	// 102.11 roubles more than the cart, without a cause: unexplained, exit 1.
	far := write("far.json", `{"data":{"visit_id":"1","order_sum":18999,"dishes":[{"id":"1000039","price":"5000","amount":"5000","quantity":"1000","modi":[{"id":1000388,"price":1263,"quantity":3000}]}]},"status":"Ok"}`)
	out, _, code = runCLI(t, "", "reconcile", "--now", fixedNow, "--cart", ref, "--response", far)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"verdict": "unexplained"`)
	assert.Contains(t, out, `"unexplained": 10210`)

	// Documents that are not a POS answer it can reconcile: exit 2.
	for name, body := range map[string]string{
		"empty":     `{}`,
		"courier":   string(mustRead(t, filepath.Join(responses, "courier-reference.json"))),
		"menu":      `{"data":{"dishes":[]},"status":"Ok"}`,
		"visit id":  `{"data":{"visit_id":"1"},"status":"Ok"}`,
		"data null": `{"data":null}`,
	} {
		_, errOut, code := runCLI(t, "", "reconcile", "--now", fixedNow, "--cart", ref, "--response", write(name+".json", body))
		assert.Equal(t, 2, code, name)
		assert.Contains(t, errOut, "order response: want a savedeliveryorder or Order response", name)
	}

	// The response from stdin.
	out, errOut, code = runCLI(t, string(mustRead(t, filepath.Join(responses, "savedeliveryorder-reference.json"))),
		"reconcile", "--now", fixedNow, "--cart", ref, "--response", "-")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"verdict": "discounted"`)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestEventsCheckCLI(t *testing.T) {
	out, errOut, code := runCLI(t, "", "events", "check", filepath.Join("..", "..", "testdata", "events", "reference.json"))
	assert.Equal(t, 0, code, errOut)
	assert.JSONEq(t, `{"events":6,"unknown_events":["table_moved (0x0badf00d)"],"findings":[]}`, out)

	out, _, code = runCLI(t, "", "events", "check", filepath.Join("..", "..", "testdata", "events", "inconsistent.json"))
	assert.Equal(t, 1, code)
	golden(t, "events-check-inconsistent.json", out)

	_, errOut, code = runCLI(t, `{"result":true,"data":{"updates":[{"hash":"h","code":"save_order","order":{"sum":1.005}}]}}`, "events", "check", "-")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "/data/updates/0/order/sum")
	_, errOut, code = runCLI(t, "", "events")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage: rkcart events check")
}

// The command table, the package doc and the README's command list say
// the same: every command, with the table's summary in the doc and its
// synopsis in the README.
func TestCommandListsAgree(t *testing.T) {
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	var doc []string
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "//\trkcart "); ok {
			doc = append(doc, strings.Join(strings.Fields(rest), " "))
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	block := string(readme)[strings.Index(string(readme), "## CLI\n\n```\n")+len("## CLI\n\n```\n"):]
	block = block[:strings.Index(block, "```")]
	var wantDoc, wantReadme []string
	for _, c := range commands {
		wantDoc = append(wantDoc, c.name+" "+c.summary)
		wantReadme = append(wantReadme, strings.TrimSpace("rkcart "+c.name+" "+c.synopsis))
	}
	assert.Equal(t, wantDoc, doc, "main.go's doc lists the table's commands and summaries")
	assert.Equal(t, wantReadme, strings.Split(strings.TrimSuffix(block, "\n"), "\n"), "README's CLI block is the table's synopses")
}
