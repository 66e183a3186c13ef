package main

import (
	"flag"
	"fmt"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/qrmenu"
)

// events runs "events check FILE|-": the findings of a saved QR-menu events
// response, exit 1 when there are any.
func (e cliEnv) events(args []string) int {
	if len(args) == 0 || args[0] != "check" {
		return e.fail("events: usage: rkcart events check FILE|-")
	}
	fs := flag.NewFlagSet("events check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if code, done := e.parse(fs, args[1:]); done {
		return code
	}
	data, err := e.readInput(fs, document.Events)
	if err != nil {
		return e.fail("%v", err)
	}
	resp, err := qrmenu.Decode(data)
	if err != nil {
		return e.fail("%s", inputName(fs, err))
	}
	findings := qrmenu.Check(resp)
	unknown := []string{}
	for _, ev := range resp.Updates {
		if !ev.Known() {
			unknown = append(unknown, fmt.Sprintf("%s (%s)", ev.Code, ev.Hash))
		}
	}
	out := struct {
		Events   int              `json:"events"`
		Unknown  []string         `json:"unknown_events"`
		Findings []qrmenu.Finding `json:"findings"`
	}{len(resp.Updates), unknown, findings}
	if out.Findings == nil {
		out.Findings = []qrmenu.Finding{}
	}
	if err := writeJSON(e.stdout, out); err != nil {
		return e.fail("writing output: %v", err)
	}
	if len(findings) > 0 {
		return exitProblems
	}
	return exitOK
}
