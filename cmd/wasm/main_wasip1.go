//go:build wasip1

package main

import (
	"encoding/json"
	"os"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
)

func main() {
	data, err := document.Read(os.Stdin, document.Request, 128<<20)
	a := answer{}
	if err != nil {
		a = fail(api.DocProblem(err, ""))
	} else {
		a = serve(data)
	}
	out, _ := json.Marshal(a)
	_, _ = os.Stdout.Write(append(out, '\n'))
	if !a.OK {
		os.Exit(1)
	}
}
