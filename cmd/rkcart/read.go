package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/rkcart/rkcart/document"
)

// read reads the document of kind k at path ("-" is standard input), never
// more than the kind's limit plus one byte: `rkcart price /dev/zero` stops
// at the cart limit with a "too large" error instead of running out of
// memory.
func (e cliEnv) read(path string, k document.Kind) ([]byte, error) {
	if path == "-" {
		return document.Read(e.stdin, k, 0)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := document.Read(f, k, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// readInput reads the command's one positional argument (a file, or "-"
// or nothing for standard input) as a document of kind k.
func (e cliEnv) readInput(fs *flag.FlagSet, k document.Kind) ([]byte, error) {
	if fs.NArg() > 1 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(1))
	}
	path := "-"
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	return e.read(path, k)
}
