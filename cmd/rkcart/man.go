package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rkcart/rkcart/internal/buildinfo"
)

// man prints rkcart(1) in roff (the man macros), from the command table and
// each command's flags. The date is left out on purpose: the page of one
// version is the same bytes whenever it is built.
func (e cliEnv) man(args []string) int {
	fs := flag.NewFlagSet("man", flag.ContinueOnError)
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return e.fail("man: takes no arguments")
	}
	writeMan(e.stdout, buildinfo.Read().Version)
	return exitOK
}

// roff escapes text for a roff line: backslashes, and a leading dot or
// quote that would make the line a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	if !isASCII(s) { // \[uXXXX]: any groff reads it, with or without preconv
		var b strings.Builder
		for _, r := range s {
			if r < 0x80 {
				b.WriteRune(r)
			} else {
				fmt.Fprintf(&b, `\[u%04X]`, r)
			}
		}
		s = b.String()
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func writeMan(w io.Writer, version string) {
	fmt.Fprintf(w, ".TH RKCART 1 \"\" \"rkcart %s\" \"User Commands\"\n", roff(version))
	fmt.Fprint(w, `.SH NAME
rkcart \- validate and price r_keeper carts offline
.SH SYNOPSIS
.B rkcart
.I command
.RI [ flags ]
.SH DESCRIPTION
rkcart validates and prices restaurant carts against r_keeper menu data,
exactly and offline, emits the order bodies the POS accepts, reconciles its
answers, lints menus, and serves an HTTP sidecar and a fake POS.
Without
.B \-\-menu
and
.B \-\-restaurant
the embedded demo data is used.
.SH COMMANDS
`)
	for _, c := range commands {
		fmt.Fprintf(w, ".SS \"rkcart %s\"\n", c.name)
		if c.synopsis != "" {
			fmt.Fprintf(w, ".B rkcart %s\n%s\n.PP\n", roff(c.name), roff(c.synopsis))
		}
		fmt.Fprintf(w, "%s\n", roff(c.summary))
		for _, f := range cliFlags(c.name) {
			head := `\fB\-\-` + roff(f.name) + `\fR`
			if !f.boolean {
				head += ` \fI` + roff(f.arg) + `\fR`
			}
			fmt.Fprintf(w, ".TP\n%s\n", head)
			for _, line := range strings.Split(f.usage, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					fmt.Fprintln(w, roff(line))
				}
			}
		}
	}
	fmt.Fprint(w, `.SH "EXIT STATUS"
.TP
.B 0
ok, or valid
.TP
.B 1
findings, violations or a refusal
.TP
.B 2
unusable input (the message is on standard error)
.SH "SEE ALSO"
.B rkcart
.I command
.B \-\-help
prints the flags of one command.
The README, docs/contract.md and docs/versioning.md of the source
distribution describe the contract.
`)
}
