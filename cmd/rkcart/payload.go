package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// payload prints the normalised request body of a cart: exit 0 when
// emitted, 1 when refused (for violations, or a rule of the dialect), 2 on
// unusable input. The request line goes to stderr. A refused cart writes
// nothing on stdout, so a pipe into an HTTP client cannot send it as an
// order: the reasons (the priced result with its violations) go to stderr.
func (e cliEnv) payload(args []string) int {
	fs := flag.NewFlagSet("payload", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	dialect := fs.String("dialect", "savedeliveryorder", "savedeliveryorder, calcorder or postorder (UCS endpoint server; its order_type is reversed: 0 delivery, 1 pickup, and rkcart writes it so)")
	force := fs.Bool("force", false, "emit even when the cart has violations")
	orderNumber := fs.Int("order-number", 0, "postorder: order_number 0–99999 (default: none)")
	payOnline := fs.Bool("pay-online", false, "postorder: pay_online_type 1")
	if code, done := e.parse(fs, args); done {
		return code
	}
	d, err := pos.ParseDialect(*dialect)
	if err != nil {
		return e.fail("%v", err)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	opts := pos.EmitOptions{Force: *force}
	if set["order-number"] {
		opts.OrderNumber = orderNumber
	}
	if set["pay-online"] {
		opts.PayOnline = payOnline
	}
	eng, data, code, ok := e.engineAndCart(&f, fs)
	if !ok {
		return code
	}
	req, res, p := api.Emit(eng, d.String(), data, menu.ID(f.object), opts) // the sidecar's operation
	switch {
	case p != nil && p.Type == api.TypeRefused && p.Violations != nil:
		fmt.Fprintf(e.stderr, "rkcart: refused: %d violations (use --force to emit anyway); nothing written on stdout\n", len(res.Violations))
		if err := writeJSON(e.stderr, res); err != nil {
			return e.fail("writing output: %v", err)
		}
		return exitProblems
	case p != nil && p.Type == api.TypeRefused:
		fmt.Fprintf(e.stderr, "rkcart: refused: %s; nothing written on stdout\n", p.Reason)
		return exitProblems
	case p != nil && p.Type == api.TypeBadOption:
		return e.fail("payload: %v", p.Detail)
	case p != nil:
		return e.problem(inputPath(fs), p)
	}
	fmt.Fprintf(e.stderr, "%s %s\n", req.Method, req.URL)
	if _, err := e.stdout.Write(append(req.Body, '\n')); err != nil {
		return e.fail("writing output: %v", err)
	}
	return exitOK
}

// reconcile compares a cart, priced here, with the POS's response for it:
// exit 0 when every kopeck is explained, 1 when something is not.
func (e cliEnv) reconcile(args []string) int {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	cartPath := fs.String("cart", "", "the cart (savedeliveryorder body) sent; - for stdin")
	respPath := fs.String("response", "", "the POS answer: savedeliveryorder, Order or CalcOrder response; - for stdin")
	baseCode := fs.Int64("currency-code", 1, "CalcOrder: the code of the base currency whose amount is compared")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if *cartPath == "" || *respPath == "" || fs.NArg() > 0 {
		return e.fail("reconcile: need --cart and --response, and nothing else")
	}
	if *cartPath == "-" && *respPath == "-" {
		return e.fail("reconcile: only one of --cart and --response can be -")
	}
	eng, err := f.engine(e)
	if err != nil {
		return e.fail("%v", err)
	}
	cartData, err := e.read(*cartPath, document.Cart)
	if err != nil {
		return e.fail("%v", err)
	}
	respData, err := e.read(*respPath, document.OrderResponse)
	if err != nil {
		return e.fail("%v", err)
	}
	rec, p := api.Reconcile(eng, cartData, respData, *baseCode, menu.ID(f.object)) // the sidecar's operation
	if p != nil {
		path := *cartPath
		if strings.HasPrefix(p.Pointer, "/response") {
			path = *respPath
		}
		return e.problem(path, p)
	}
	if err := writeJSON(e.stdout, rec); err != nil {
		return e.fail("writing output: %v", err)
	}
	if !rec.Agrees() {
		return exitProblems
	}
	return exitOK
}

func inputName(fs *flag.FlagSet, err error) string {
	if fs.NArg() > 0 && fs.Arg(0) != "-" {
		return fs.Arg(0) + ": " + err.Error()
	}
	return err.Error()
}
