// Command rkcart validates and prices r_keeper carts offline, emits the
// bodies the POS accepts, reconciles its answers, lints menus, and serves
// the sidecar, a fake POS and a WebDelivery gateway.
//
//	rkcart price         validate and price a cart: exit 0 valid, 1 violations
//	rkcart repair        the nearest valid cart and its priced changes: exit 0 when nothing is left, 1 otherwise
//	rkcart payload       the request body the POS accepts, or refused (exit 1)
//	rkcart reconcile     explain every kopeck the POS answered differently; exit 0 match or discounted
//	rkcart lint          menu findings; exit 1 when one is an error
//	rkcart events check  check a saved QR-menu events response
//	rkcart menu diff     what changed between two menus, and which lines of a cart it reprices
//	rkcart menu pull     save each object's dishes, rests and menutree from WebDelivery
//	rkcart gen           generate carts with the answers rkcart gives them (JSON Lines)
//	rkcart serve         the HTTP sidecar for backends in other languages
//	rkcart fakepos       a WebDelivery-compatible fake POS for integration tests
//	rkcart gateway       a drop-in WebDelivery gateway: checks every order before the POS, sends each at most once
//	rkcart gateway report how often rkcart and the POS agreed, from a gateway journal; --cases writes each disagreement
//	rkcart health        GET a health URL: exit 0 for a 2xx answer, 1 otherwise (a container's health check)
//	rkcart version       the version, commit and Go version of this binary
//	rkcart completion    the shell completion script, from this table and each command's flags
//	rkcart man           the manual page (roff), from this table and each command's flags
//
// `rkcart COMMAND --help` prints a command's flags on stdout (exit 0).
// Without --menu/--restaurant the embedded demo data is used (the WebDelivery
// reference examples plus one demo combo). Exit codes: 0 ok/valid, 1 findings
// or violations, 2 unusable input (message on stderr).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	_ "time/tzdata" // IANA zones even on machines without /usr/share/zoneinfo

	"github.com/rkcart/rkcart/internal/buildinfo"
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

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return exitUnusable
	}
	return cliEnv{stdin: stdin, stdout: stdout, stderr: stderr}.dispatch(args)
}

// dispatch runs the command args names.
func (env cliEnv) dispatch(args []string) int {
	stdout, stderr := env.stdout, env.stderr
	switch args[0] {
	case "price":
		return env.price(args[1:])
	case "repair":
		return env.repair(args[1:])
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
	case "gateway":
		return env.gatewayCmd(args[1:])
	case "health":
		return env.health(args[1:])
	case "completion":
		return env.completion(args[1:])
	case "man":
		return env.man(args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usageText())
		return exitOK
	case "version", "--version":
		fmt.Fprintln(stdout, buildinfo.Read())
		return exitOK
	}
	fmt.Fprintf(stderr, "rkcart: unknown command %q\n%s", args[0], usageText())
	return exitUnusable
}

type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// flags, when set, receives a command's flag set in place of running
	// the command: completion and the man page read the flags from there.
	flags func(*flag.FlagSet)
}

// fail prints an unusable-input message and returns exit code 2.
func (e cliEnv) fail(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "rkcart: "+format+"\n", args...)
	return exitUnusable
}
