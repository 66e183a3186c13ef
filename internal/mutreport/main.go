// Command mutreport turns gremlins' JSON results (one file per package)
// into the Markdown table of docs/mutation.md: counts and the score per
// package, then every mutant that lived, for a person to explain.
//
//	go run ./internal/mutreport bench/mutation/*.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type report struct {
	Files []struct {
		FileName  string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mutreport RESULT.json…")
		os.Exit(2)
	}
	fmt.Println("| package | killed | timed out | lived | not covered | not viable | score |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var lived []string
	for _, path := range os.Args[1:] {
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var r report
		if err := json.Unmarshal(b, &r); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		pkg := strings.TrimSuffix(filepath.Base(path), ".json")
		n := map[string]int{}
		for _, f := range r.Files {
			for _, m := range f.Mutations {
				n[m.Status]++
				if m.Status == "LIVED" {
					lived = append(lived, fmt.Sprintf("%s/%s:%d:%d %s", pkg, f.FileName, m.Line, m.Column, m.Type))
				}
			}
		}
		// A mutant whose tests time out did not pass them: detected, as
		// gremlins' own efficacy counts only killed and lived.
		detected := n["KILLED"] + n["TIMED OUT"]
		score := "—"
		if total := detected + n["LIVED"]; total > 0 {
			score = fmt.Sprintf("%.1f %%", 100*float64(detected)/float64(total))
		}
		fmt.Printf("| %s | %d | %d | %d | %d | %d | %s |\n", pkg, n["KILLED"], n["TIMED OUT"], n["LIVED"], n["NOT COVERED"], n["NOT VIABLE"], score)
	}
	sort.Strings(lived)
	fmt.Println()
	fmt.Println("Mutants that lived:")
	fmt.Println()
	for _, l := range lived {
		fmt.Println("- " + l)
	}
}
