package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one line of the command table: the usage text, the package
// doc and the README's command list are checked against it by a test.
type command struct {
	name     string // "price", "menu diff"
	synopsis string // its arguments
	summary  string // what it does, one line
}

// commands is the command table, in the order help lists them.
var commands = []command{
	{"price", "[--menu F] [--restaurant F] [--object ID] [--minor-units] [--now RFC3339] [--tz ZONE] [--profile restaurant|pos] [--lang en|ru] [--since OLD_MENU] [CART|-]",
		"validate and price a cart: exit 0 valid, 1 violations"},
	{"repair", "[price flags] [CART|-]", "the nearest valid cart and its priced changes: exit 0 when nothing is left, 1 otherwise"},
	{"payload", "--dialect savedeliveryorder|calcorder|postorder [--force] [--order-number N] [--pay-online] [price flags] [CART|-]",
		"the request body the POS accepts, or refused (exit 1)"},
	{"reconcile", "--cart C|- --response R|- [--currency-code N] [price flags]",
		"explain every kopeck the POS answered differently; exit 0 match or discounted"},
	{"lint", "[--menu F] [--format json|text]", "menu findings; exit 1 when one is an error"},
	{"events check", "FILE|-", "check a saved QR-menu events response"},
	{"menu diff", "OLD NEW [--format json|text] [--cart C] [price flags]", "what changed between two menus, and which lines of a cart it reprices"},
	{"menu pull", "--base-url URL (--object ID | --corp ID) [--lang L] [--dir D] [--allow-http]", "save each object's dishes, rests and menutree from WebDelivery"},
	{"gen", "[--n N] [--invalid FRACTION] [--seed S] [--rules r1,r2…] [--fractional] [price flags]", "generate carts with the answers rkcart gives them (JSON Lines)"},
	{"serve", "[--addr HOST:PORT] [--menu F --restaurant F [--menutree F]]… [--admin-reload] [--sync URL --sync-object ID… [--allow-http]] [--profile P] [--lang L]",
		"the HTTP sidecar for backends in other languages"},
	{"fakepos", "[--addr HOST:PORT] [--menu F --restaurant F]… [--mode strict|lax] [--clock real|fixed:T|scaled:N] [--seed N] [--faults F] [--timeline 1m:1,…]",
		"a WebDelivery-compatible fake POS for integration tests"},
	{"gateway", "--upstream URL [--addr HOST:PORT] [--base-path /api/v1/] [--mode enforce|shadow|pass] [--fail open|closed] [--data-dir D | --redis URL] [--derive-keys] [--admin-token-file F] [--journal F]",
		"a drop-in WebDelivery gateway: checks every order before the POS, sends each at most once"},
	{"gateway report", "JOURNAL [--cases DIR] [--format text|json]", "how often rkcart and the POS agreed, from a gateway journal; --cases writes each disagreement"},
	{"health", "[--timeout D] URL", "GET a health URL: exit 0 for a 2xx answer, 1 otherwise (a container's health check)"},
	{"version", "", "the version, commit and Go version of this binary"},
	{"completion", "bash|zsh|fish", "the shell completion script, from this table and each command's flags"},
	{"man", "", "the manual page (roff), from this table and each command's flags"},
}

// flagsOf is the flag set of the command named name (nil for one without
// flags), read by running the command with the flags hook set.
func flagsOf(name string) *flag.FlagSet {
	var got *flag.FlagSet
	env := cliEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		flags: func(fs *flag.FlagSet) { got = fs }}
	env.dispatch(strings.Fields(name))
	return got
}

// usageText is what `rkcart help` prints.
func usageText() string {
	var b strings.Builder
	b.WriteString("usage: rkcart COMMAND [flags]   (rkcart COMMAND --help: its flags)\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  rkcart %-13s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Without --menu and --restaurant the embedded demo data is used. Exit codes:
0 ok or valid, 1 findings, violations or a refusal, 2 unusable input
(message on stderr). payload --dialect postorder writes the UCS endpoint
server's body, whose order_type is reversed (0 delivery, 1 pickup).
`)
	return b.String()
}

func lookup(name string) command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	panic("rkcart: no command " + name)
}

// parse parses a command's flags. --help (-h) prints the command's usage
// and flags on stdout (exit 0); a bad flag prints the error and the usage
// on stderr (exit 2). done reports that the command should return code.
func (e cliEnv) parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	c := lookup(fs.Name())
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: rkcart %s %s\n  %s\n\nflags:\n", c.name, c.synopsis, c.summary)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	if e.flags != nil {
		e.flags(fs)
		return exitOK, true
	}
	fs.SetOutput(e.stderr) // the flag package's own error message
	fs.Usage = func() {}   // printed below, where it belongs
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(e.stdout)
		return exitOK, true
	case err != nil:
		usage(e.stderr)
		return exitUnusable, true
	}
	return 0, false
}
