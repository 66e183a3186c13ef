package gateway

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/httpbody"
)

// admin serves the admin endpoints, each behind the bearer token:
//
//	GET  /_rkcart/keys?state=unknown|pending|done[&limit=N]  the keys in a state
//	POST /_rkcart/keys/resolve  {"key": K, "outcome": "absent"}  the write was not made: the key is freed
//	POST /_rkcart/keys/resolve  {"key": K, "outcome": "done", "status": 200, "body": {…}}  it was: this answer is replayed
func (g *Gateway) admin(w http.ResponseWriter, r *http.Request) {
	if g.o.AdminToken == "" {
		g.errAnswer(w, http.StatusNotFound, "RKCART-NO-ADMIN", "the admin endpoints are off (no admin token)", "")
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(g.o.AdminToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rkcart-gateway"`)
		g.errAnswer(w, http.StatusUnauthorized, "RKCART-UNAUTHORIZED", "the admin endpoints need the admin token", "")
		return
	}
	switch {
	case r.URL.Path == "/_rkcart/keys" && r.Method == http.MethodGet:
		q := r.URL.Query()
		state := State(q.Get("state"))
		if state == "" {
			state = Unknown
		}
		if state != Unknown && state != Pending && state != Done {
			g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "state must be unknown, pending or done", string(state))
			return
		}
		limit := 1000
		if s := q.Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 || n > 100_000 {
				g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "limit must be 1 to 100000", s)
				return
			}
			limit = n
		}
		keys, err := g.o.Store.Keys(r.Context(), state, limit)
		if err != nil {
			g.errAnswer(w, http.StatusServiceUnavailable, CodeStoreDown, "the store does not answer", err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
	case r.URL.Path == "/_rkcart/keys/resolve" && r.Method == http.MethodPost:
		g.resolve(w, r)
	default:
		g.errAnswer(w, http.StatusNotFound, "RKCART-NOT-FOUND", "no such admin endpoint", r.Method+" "+r.URL.Path)
	}
}

// maxResolveBody caps a resolve request (the answer to replay included).
const maxResolveBody = 16 << 20

func (g *Gateway) resolve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Key     string          `json:"key"`
		Outcome string          `json:"outcome"`
		Status  int             `json:"status"`
		Body    json.RawMessage `json:"body"`
	}
	// Bounded in size and in time like every body the gateway reads.
	body, over, err := httpbody.Read(w, r, document.Request, maxResolveBody, g.o.Body)
	if over {
		g.tooLarge(w, r, -1, maxResolveBody)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err == nil {
		err = dec.Decode(&req)
	}
	if err != nil {
		g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "want {key, outcome[, status, body]}", err.Error())
		return
	}
	rec, found, err := g.o.Store.Get(r.Context(), req.Key)
	switch {
	case err != nil:
		g.errAnswer(w, http.StatusServiceUnavailable, CodeStoreDown, "the store does not answer", err.Error())
		return
	case !found:
		g.errAnswer(w, http.StatusNotFound, "RKCART-NO-KEY", "no such key (the key as /_rkcart/keys lists it)", req.Key)
		return
	case rec.State != Unknown:
		g.errAnswer(w, http.StatusConflict, "RKCART-NOT-UNKNOWN", "only an unknown key is resolved", string(rec.State))
		return
	}
	var ok bool
	switch req.Outcome {
	case "absent":
		ok, err = g.o.Store.Delete(r.Context(), req.Key, rec)
	case "done":
		if req.Status < 100 || req.Status > 599 || len(req.Body) == 0 {
			g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "a done outcome needs the status and the body to replay", "")
			return
		}
		d := rec
		d.State, d.At, d.Reason = Done, g.o.Now().UTC(), ""
		d.Status, d.ContentType, d.Body = req.Status, "application/json; charset=utf-8", req.Body
		ok, err = g.o.Store.Swap(r.Context(), req.Key, rec, d, g.o.KeyTTL)
	default:
		g.errAnswer(w, http.StatusBadRequest, CodeBadRequest, "outcome must be absent or done", req.Outcome)
		return
	}
	if err != nil || !ok {
		g.errAnswer(w, http.StatusConflict, "RKCART-CHANGED", "the key changed meanwhile; list it again", "")
		return
	}
	g.o.Logger.Info("gateway: key resolved", "key", req.Key, "outcome", req.Outcome, "at", g.o.Now().Format(time.RFC3339))
	writeJSON(w, http.StatusOK, map[string]any{"key": req.Key, "outcome": req.Outcome})
}
