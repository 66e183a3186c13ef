package api

import (
	"encoding/json"
	"errors"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
)

// HTTP statuses of the problems (not net/http's constants: importing it
// would put the HTTP stack into the WebAssembly build).
const (
	StatusBadRequest          = 400
	StatusNotFound            = 404
	StatusRequestTooLarge     = 413
	StatusUnprocessableEntity = 422
	StatusInternal            = 500
	StatusUnavailable         = 503
)

// ProblemBase prefixes the problem type slugs: a URN, since no page
// documents them but docs/sidecar.md.
const ProblemBase = "urn:rkcart:problem:"

// Problem is an RFC 9457 problem details object with rkcart's members.
// Type holds the slug ("bad-document", "refused", …); the JSON carries it
// prefixed with ProblemBase. Status is the HTTP status the sidecar
// answers with (the WebAssembly build reports it too).
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// For a document that could not be read:
	Kind    string `json:"kind,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Limit   int64  `json:"limit,omitempty"`
	// For a refused payload:
	Violations engine.Violations `json:"violations,omitempty"`
	Reason     string            `json:"reason,omitempty"`
}

// MarshalJSON writes the problem with its type as a URN.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem
	out := plain(p)
	out.Type = ProblemBase + p.Type
	return json.Marshal(out)
}

// DocProblem turns a decoding error into a problem: 413 for a document
// over its cap, 400 for any other. member prefixes the pointer when the
// document was a member of the request ("/cart").
func DocProblem(err error, member string) *Problem {
	p := &Problem{Status: StatusBadRequest, Type: "bad-document", Title: "The document cannot be read", Detail: err.Error()}
	var de *document.Error
	if errors.As(err, &de) {
		p.Kind, p.Line, p.Column, p.Limit = de.Kind.String(), de.Line, de.Column, de.Limit
		p.Pointer = member + de.Pointer
		if de.Limit > 0 {
			p.Status, p.Type, p.Title = StatusRequestTooLarge, "too-large", "The document is too large"
		}
	} else if member != "" {
		p.Pointer = member
	}
	return p
}

// BadOption is the problem of an option that cannot be read.
func BadOption(err error) *Problem {
	return &Problem{Status: StatusBadRequest, Type: "bad-option", Title: "Bad option", Detail: err.Error()}
}

// Internal is the problem of a fault of rkcart's own.
func Internal(err error) *Problem {
	return &Problem{Status: StatusInternal, Type: "internal", Title: "Internal error", Detail: err.Error()}
}
