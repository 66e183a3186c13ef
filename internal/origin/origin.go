// Package origin keeps an HTTP client's requests on the origin they were
// sent to: redirects to another scheme, host or port are refused (the
// session id or token in the request's headers would go with them), and
// a request with a body is never re-sent to a redirect at all (Go's
// client re-POSTs on 307 and 308, which for an order would place it
// somewhere else).
//
// It also decides which plain-http URLs are acceptable without an
// explicit opt-in: loopback hosts only.
package origin

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirect is wrapped by *RedirectError.
var ErrRedirect = errors.New("redirect refused")

// RedirectError is a redirect the client did not follow.
type RedirectError struct {
	Method   string
	From, To string // URLs without their query
	Reason   string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("redirect from %s to %s refused: %s", e.From, e.To, e.Reason)
}

func (e *RedirectError) Unwrap() error { return ErrRedirect }

// MaxRedirects is how many same-origin redirects of a read are followed.
const MaxRedirects = 10

// Pin returns a copy of c (nil: http.DefaultClient) whose redirects stay
// on the first request's origin: a redirect to another scheme, host or
// port, or of any request but GET and HEAD, fails with a *RedirectError
// (and the answer is not read). c's own CheckRedirect is asked after that.
func Pin(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	cp := *c
	next := c.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0]
		e := &RedirectError{Method: first.Method, From: bare(first.URL), To: bare(req.URL)}
		switch {
		case first.Method != http.MethodGet && first.Method != http.MethodHead:
			e.Reason = first.Method + " is never re-sent"
			return e
		case req.URL.Scheme != first.URL.Scheme || !strings.EqualFold(hostPort(req.URL), hostPort(first.URL)):
			e.Reason = "another scheme, host or port"
			return e
		case len(via) >= MaxRedirects:
			e.Reason = fmt.Sprintf("more than %d redirects", MaxRedirects)
			return e
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &cp
}

// hostPort is u's host with its port made explicit.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func bare(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}

// Loopback reports whether u's host is a loopback address or "localhost".
func Loopback(u *url.URL) bool {
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// CheckBase parses an API base URL: absolute http(s), and plain http only
// for a loopback host or with allowHTTP. what names the client in errors.
//
// It returns an error naming the URL otherwise.
func CheckBase(what, base string, allowHTTP bool) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: base URL %q is not an absolute http(s) URL", what, base)
	}
	if u.Scheme == "http" && !allowHTTP && !Loopback(u) {
		return nil, fmt.Errorf("%s: base URL %q is plain http to a host that is not loopback: the session id would cross the network in clear text (allow it explicitly: AllowHTTP, --allow-http)", what, base)
	}
	return u, nil
}
