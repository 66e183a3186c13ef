package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
)

func (e cliEnv) lint(args []string) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	menuPath := fs.String("menu", "", "menu file (`dishes` response); default: embedded demo")
	format := fs.String("format", "json", "output format: json or text")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return e.fail("lint: unexpected argument %q", fs.Arg(0))
	}
	if *format != "json" && *format != "text" {
		return e.fail("lint: --format must be json or text, not %q", *format)
	}
	data, path := demo.Menu(), "demo menu"
	if *menuPath != "" {
		var err error
		if data, err = e.read(*menuPath, document.Menu); err != nil {
			return e.fail("%v", err)
		}
		path = *menuPath
	}
	out, p := api.LintMenu(data) // the sidecar's operation
	if p != nil {
		return e.problem(path, p)
	}
	findings := out.Findings
	if *format == "text" {
		writeFindingsText(e.stdout, findings)
	} else {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return e.fail("writing output: %v", err)
		}
	}
	if findings.HasErrors() {
		return exitProblems
	}
	return exitOK
}

func writeFindingsText(w io.Writer, findings menu.Findings) {
	if len(findings) == 0 {
		fmt.Fprintln(w, "no findings")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tCODE\tPATH\tMESSAGE")
	for _, f := range findings {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Severity, f.Code, f.Path, f.Message)
	}
	tw.Flush()
}
