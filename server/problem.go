package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/menu"
)

// problem is api.Problem with the sidecar's writer.
type problem api.Problem

func docProblem(err error, member string) *problem { return (*problem)(api.DocProblem(err, member)) }

func badOption(err error) *problem { return (*problem)(api.BadOption(err)) }

func internalProblem(err error) *problem { return (*problem)(api.Internal(err)) }

func (p *problem) write(w http.ResponseWriter) {
	data, err := json.Marshal(api.Problem(*p))
	status := p.Status
	if err != nil { // only plain members: cannot happen, but never write half a body
		data = []byte(`{"type":"` + api.ProblemBase + `internal","title":"Internal error","status":500}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

func parseID(s string) (menu.ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errors.New("object must be a non-negative integer, not " + strconv.Quote(s))
	}
	return menu.ID(n), nil
}

func itoa(id menu.ID) string { return strconv.FormatInt(int64(id), 10) }
