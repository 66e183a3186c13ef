package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// problemBase prefixes the problem type slugs: a URN, since no page
// documents them but docs/sidecar.md.
const problemBase = "urn:rkcart:problem:"

// problem is an RFC 9457 problem details object with rkcart's members.
type problem struct {
	Type     string `json:"type"` // a slug; written with problemBase
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

// docProblem turns a decoding error into a problem: 413 for a document
// over its cap, 400 for any other.
func docProblem(err error, member string) *problem {
	p := &problem{Status: http.StatusBadRequest, Type: "bad-document", Title: "The document cannot be read", Detail: err.Error()}
	var de *document.Error
	if errors.As(err, &de) {
		p.Kind, p.Line, p.Column, p.Limit = de.Kind.String(), de.Line, de.Column, de.Limit
		p.Pointer = member + de.Pointer
		if de.Limit > 0 {
			p.Status, p.Type, p.Title = http.StatusRequestEntityTooLarge, "too-large", "The document is too large"
		}
	} else if member != "" {
		p.Pointer = member
	}
	return p
}

func (p *problem) write(w http.ResponseWriter) {
	out := *p
	out.Type = problemBase + p.Type
	data, err := json.Marshal(out)
	if err != nil { // only plain members: cannot happen, but never write half a body
		data = []byte(`{"type":"` + problemBase + `internal","title":"Internal error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(p.Status)
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
