// Command rkcart validates and prices r_keeper carts offline, and lints menus.
//
//	rkcart price     [--menu F] [--restaurant F] [--now RFC3339] [--tz ZONE] [--profile restaurant|pos] [--lang en|ru] [CART|-]
//	rkcart payload   --dialect savedeliveryorder|calcorder|postorder [--force] [same flags] [CART|-]
//	rkcart reconcile --cart C|- --response R|- [--currency-code N] [same flags]
//	rkcart lint      [--menu F] [--format json|text]
//	rkcart events check FILE|-
//	rkcart menu diff OLD NEW [--format json|text] [--cart C] [same flags]
//	rkcart menu pull --base-url URL --object ID [--corp ID] [--lang L] [--dir D]
//	rkcart gen       [--n N] [--invalid FRACTION] [--seed S] [--rules r1,r2…] [--fractional] [same flags]
//
// Without --menu/--restaurant the embedded demo data is used (the WebDelivery
// reference examples plus one demo combo). Exit codes: 0 ok/valid, 1 findings
// or violations, 2 unusable input (message on stderr).
package main

import (
	"fmt"
	"io"
	"os"

	_ "time/tzdata" // IANA zones even on machines without /usr/share/zoneinfo
)

// Exit codes.
const (
	exitOK       = 0
	exitProblems = 1
	exitUnusable = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  rkcart price [--menu F] [--restaurant F] [--minor-units] [--now RFC3339] [--tz ZONE] [--profile restaurant|pos] [--lang en|ru] [CART|-]
  rkcart payload --dialect savedeliveryorder|calcorder|postorder [--force] [--order-number N] [--pay-online] [price flags] [CART|-]
  rkcart reconcile --cart C|- --response R|- [--currency-code N] [price flags]
  rkcart lint [--menu F] [--format json|text]
  rkcart events check FILE|-
  rkcart fakepos [--addr HOST:PORT] [--menu F --restaurant F]… [--mode strict|lax] [--clock real|fixed:T|scaled:N] [--seed N] [--faults F] [--timeline 1m:1,…]
  rkcart serve [--addr HOST:PORT] [--menu F --restaurant F]… [--admin-reload] [--sync URL --sync-object ID…] [--profile P] [--lang L]

payload --dialect postorder writes the UCS endpoint server's body, whose
order_type is reversed (0 delivery, 1 pickup); the cart keeps WebDelivery's.
reconcile exits 0 for the verdicts match and discounted, 1 for differs and
unexplained, 2 for an answer it cannot read.
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUnusable
	}
	env := cliEnv{stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "price":
		return env.price(args[1:])
	case "payload":
		return env.payload(args[1:])
	case "reconcile":
		return env.reconcile(args[1:])
	case "lint":
		return env.lint(args[1:])
	case "events":
		return env.events(args[1:])
	case "gen":
		return env.gen(args[1:])
	case "menu":
		return env.menuCmd(args[1:])
	case "serve":
		return env.serve(args[1:])
	case "fakepos":
		return env.fakeposCmd(args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "rkcart: unknown command %q\n%s", args[0], usage)
	return exitUnusable
}

type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// fail prints an unusable-input message and returns exit code 2.
func (e cliEnv) fail(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "rkcart: "+format+"\n", args...)
	return exitUnusable
}
