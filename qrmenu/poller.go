package qrmenu

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rkcart/rkcart/internal/clock"
	"github.com/rkcart/rkcart/internal/origin"
	"github.com/rkcart/rkcart/internal/retry"
)

// PollerOptions configure a [Poller]. Zero fields take the defaults.
type PollerOptions struct {
	BaseURL string // "https://host:port"; /api/v4/events is appended
	Token   string // the QR server's secret key, sent in the token header
	// AllowHTTP permits a plain http:// BaseURL, which sends the token in
	// clear text: for a server on loopback or a test. Without it NewPoller
	// refuses http://.
	AllowHTTP  bool
	HTTPClient *http.Client  // nil: http.DefaultClient (timeouts come from Timeout)
	Timeout    time.Duration // per request; default 10 s
	Retries    int           // retries after a 5xx or a transport error; default 3 (negative: none)
	Backoff    time.Duration // first retry delay, doubled per retry; default 250 ms
	MaxBackoff time.Duration // default 5 s
	QueueTTL   time.Duration // how long the server keeps events; default 5 min
	Remember   int           // hashes remembered to drop repeats; default 4096
	Now        func() time.Time
	// Sleep waits between retries; nil waits on a timer, returning early
	// with ctx.Err() when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Poller polls GET {base}/api/v4/events?hash=… . It remembers the last
// hash, never returns an event twice, and says when events may have been
// missed. Use it from one goroutine at a time.
type Poller struct {
	opts     PollerOptions
	url      string
	last     string    // the last hash delivered
	lastRecv time.Time // when it was delivered
	lastPoll time.Time // the last successful poll
	seen     map[string]struct{}
	order    []string // seen hashes, oldest first, for eviction
}

// Batch is the result of one poll.
type Batch struct {
	Events []Event // new events, in the server's order
	// Gap: the poller had not polled for longer than the queue keeps
	// events, so events may have expired unseen. Resynchronise (reload the
	// open orders) when it is set.
	Gap bool
	// Resync: the last hash was older than the queue's lifetime, so it was
	// not sent; the whole queue was asked for (hash=none) and repeats
	// dropped.
	Resync     bool
	Duplicates int    // events the server sent again, dropped
	Hash       string // the hash the next poll builds on
}

// ErrRedirect is returned when the server redirects a poll to another
// scheme, host or port: the token header would go with it, so the poller
// refuses to follow (and does not retry).
var ErrRedirect = origin.ErrRedirect

// ErrNotOK is returned when the server answers "result": false.
var ErrNotOK = errors.New("qrmenu: server answered result=false")

// HTTPError is a non-2xx answer. 5xx answers are retried first.
type HTTPError struct {
	Status int
	Body   string // the first 512 bytes
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("qrmenu: HTTP %d: %s", e.Status, e.Body)
}

// NewPoller checks opts and returns a poller that starts with hash=none.
//
// The poller never sends the token to another host: it uses a copy of
// HTTPClient that follows redirects only to the same scheme, host and port
// (the client's own CheckRedirect, if any, is asked after that), and a
// redirect elsewhere fails the poll with ErrRedirect.
//
// It returns an error if BaseURL is not an absolute http(s) URL, is plain
// http:// without AllowHTTP, or Token is empty.
func NewPoller(opts PollerOptions) (*Poller, error) {
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("qrmenu: base URL %q is not an absolute http(s) URL", opts.BaseURL)
	}
	if u.Scheme == "http" && !opts.AllowHTTP {
		return nil, fmt.Errorf("qrmenu: base URL %q is plain http, which would send the token in clear text (set AllowHTTP for loopback or tests)", opts.BaseURL)
	}
	if opts.Token == "" {
		return nil, errors.New("qrmenu: token is required")
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = http.DefaultClient
	}
	opts.HTTPClient = origin.Pin(opts.HTTPClient)
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Retries == 0 {
		opts.Retries = 3
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 250 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	if opts.QueueTTL <= 0 {
		opts.QueueTTL = 5 * time.Minute
	}
	if opts.Remember <= 0 {
		opts.Remember = 4096
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = clock.Sleep
	}
	return &Poller{opts: opts, url: strings.TrimRight(opts.BaseURL, "/") + "/api/v4/events", seen: map[string]struct{}{}}, nil
}

// Last returns the last hash delivered ("" before the first event).
func (p *Poller) Last() string { return p.last }

// Poll asks for the events after the last hash.
//
// It returns an error if ctx ends, the server keeps failing (5xx or
// transport errors after the retries, each bounded by Timeout), answers
// another non-2xx status (*HTTPError), answers result=false (ErrNotOK) or a
// body that is not an events response (*document.Error). A failed poll
// changes nothing: the next one asks again for the same events.
func (p *Poller) Poll(ctx context.Context) (Batch, error) {
	now := p.opts.Now()
	var b Batch
	hash := "none"
	if p.last != "" {
		if now.Sub(p.lastRecv) >= p.opts.QueueTTL {
			b.Resync = true // the hash may be gone from the queue: ask for all of it
		} else {
			hash = p.last
		}
	}
	b.Gap = !p.lastPoll.IsZero() && now.Sub(p.lastPoll) >= p.opts.QueueTTL
	body, err := p.fetch(ctx, hash)
	if err != nil {
		return Batch{}, err
	}
	resp, err := Decode(body)
	if err != nil {
		return Batch{}, err
	}
	if !resp.Result {
		return Batch{}, ErrNotOK
	}
	for _, ev := range resp.Updates {
		if _, dup := p.seen[ev.Hash]; dup && ev.Hash != "" {
			b.Duplicates++
			continue
		}
		p.remember(ev.Hash)
		b.Events = append(b.Events, ev)
	}
	if n := len(resp.Updates); n > 0 {
		if h := resp.Updates[n-1].Hash; h != "" && h != p.last {
			p.last, p.lastRecv = h, now
		}
	}
	p.lastPoll = now
	b.Hash = p.last
	return b, nil
}

func (p *Poller) remember(h string) {
	if h == "" {
		return
	}
	p.seen[h] = struct{}{}
	p.order = append(p.order, h)
	if len(p.order) > p.opts.Remember {
		delete(p.seen, p.order[0])
		p.order = p.order[1:]
	}
}

// fetch GETs the events after hash, retrying 5xx and transport errors with
// doubling backoff.
func (p *Poller) fetch(ctx context.Context, hash string) ([]byte, error) {
	var body []byte
	pol := retry.Policy{Retries: p.opts.Retries, Backoff: p.opts.Backoff, MaxBackoff: p.opts.MaxBackoff, Sleep: p.opts.Sleep}
	err := pol.Do(ctx, func() (bool, error) {
		b, again, err := p.once(ctx, hash)
		body = b
		return again, err
	})
	if err != nil {
		return nil, err
	}
	return body, nil
}

func (p *Poller) once(ctx context.Context, hash string) (body []byte, retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"?hash="+url.QueryEscape(hash), nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("token", p.opts.Token)
	res, err := p.opts.HTTPClient.Do(req)
	if errors.Is(err, ErrRedirect) {
		return nil, false, fmt.Errorf("qrmenu: %w", err)
	}
	if err != nil {
		return nil, true, fmt.Errorf("qrmenu: %w", err)
	}
	defer res.Body.Close()
	body, err = io.ReadAll(io.LimitReader(res.Body, MaxBytes+1))
	if err != nil {
		return nil, true, fmt.Errorf("qrmenu: reading the response: %w", err)
	}
	if res.StatusCode/100 != 2 {
		return nil, res.StatusCode >= 500, &HTTPError{Status: res.StatusCode, Body: string(body[:min(len(body), 512)])}
	}
	return body, false, nil
}
