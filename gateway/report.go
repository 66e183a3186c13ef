package gateway

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rkcart/rkcart/money"
)

// MaxJournalLine caps one line of a journal the report reads.
const MaxJournalLine = 64 << 20

// Report is what a journal says of the agreement between rkcart and the
// POS.
type Report struct {
	Entries  int            `json:"entries"`
	Outcomes map[string]int `json:"outcomes"` // done, replayed, unknown, refused_locally, …
	// Agreement counts the answers compared with a local verdict.
	Agreement map[string]int `json:"agreement"`
	// POSAcceptedRefused: carts the POS accepted that rkcart refuses, by
	// the violation code rkcart gave; POSRefusedValid: carts rkcart finds
	// valid that the POS refused, by the POS's error code.
	POSAcceptedRefused map[string]int `json:"pos_accepted_refused"`
	POSRefusedValid    map[string]int `json:"pos_refused_valid"`
	// PriceCauses: price differences of accepted carts by the
	// reconciliation's cause, with their count and sum.
	PriceCauses map[string]*PriceCause `json:"price_causes"`
	// Unknown are the exchanges whose outcome was unknown.
	Unknown []UnknownExchange `json:"unknown"`
	cases   []journalEntry
}

// PriceCause is one cause of price differences.
type PriceCause struct {
	Count  int           `json:"count"`
	Amount money.Kopecks `json:"amount"`
}

// UnknownExchange is an exchange left unknown.
type UnknownExchange struct {
	Time   string `json:"time"`
	Call   string `json:"call"`
	Key    string `json:"key"`
	Reason string `json:"reason"`
}

// ReadReport reads a journal (JSON lines).
//
// It fails naming the line of one that is not a journal entry or is
// longer than MaxJournalLine.
func ReadReport(r io.Reader) (*Report, error) {
	rep := &Report{Outcomes: map[string]int{}, Agreement: map[string]int{}, POSAcceptedRefused: map[string]int{},
		POSRefusedValid: map[string]int{}, PriceCauses: map[string]*PriceCause{}, Unknown: []UnknownExchange{}}
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		b, err := readLine(br)
		if errors.Is(err, io.EOF) && len(b) == 0 {
			return rep, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("journal line %d: %w", line, err)
		}
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var e journalEntry
		if err := json.Unmarshal(b, &e); err != nil || e.Outcome == "" {
			return nil, fmt.Errorf("journal line %d: not a journal entry: %v", line, err)
		}
		rep.add(e)
	}
}

func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		part, err := br.ReadSlice('\n')
		out = append(out, part...)
		if len(out) > MaxJournalLine {
			return nil, fmt.Errorf("longer than %d bytes", MaxJournalLine)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return out, err
		}
	}
}

func (rep *Report) add(e journalEntry) {
	rep.Entries++
	rep.Outcomes[e.Outcome]++
	if e.Outcome == "unknown" {
		rep.Unknown = append(rep.Unknown, UnknownExchange{Time: e.Time.Format("2006-01-02T15:04:05Z07:00"), Call: e.Call, Key: e.Key, Reason: e.Reason})
	}
	if e.Agreement == "" {
		return
	}
	rep.Agreement[e.Agreement]++
	switch e.Agreement {
	case "pos_accepted_refused":
		if e.Local != nil {
			for _, c := range e.Local.Codes {
				rep.POSAcceptedRefused[c]++
			}
		}
	case "pos_refused_valid":
		if e.Upstream != nil {
			for _, c := range e.Upstream.Codes {
				rep.POSRefusedValid[c]++
			}
		}
	case "price_differs":
		if e.Reconciliation != nil {
			for _, it := range e.Reconciliation.Items {
				pc := rep.PriceCauses[it.Code]
				if pc == nil {
					pc = &PriceCause{}
					rep.PriceCauses[it.Code] = pc
				}
				pc.Count++
				pc.Amount += it.Amount
			}
		}
	}
	if e.Agreement != "agree" && e.Agreement != "unjudged" && e.Cart != nil && e.Answer != nil {
		rep.cases = append(rep.cases, e)
	}
}

// Cases is how many disagreements can be written as cases.
func (rep *Report) Cases() int { return len(rep.cases) }

// WriteCases writes each disagreement as a replayable case in dir:
// case-NNNN.cart.json and case-NNNN.response.json, which `rkcart
// reconcile --cart … --response …` re-checks against the menu named in
// case-NNNN.json (its menu version, the agreement, the codes).
//
// It fails when dir cannot be created or a file cannot be written.
func (rep *Report) WriteCases(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, e := range rep.cases {
		base := filepath.Join(dir, fmt.Sprintf("case-%04d", i+1))
		meta, _ := json.MarshalIndent(map[string]any{"time": e.Time, "call": e.Call, "object": e.Object, "menu_version": e.MenuVersion,
			"agreement": e.Agreement, "local": e.Local, "upstream": e.Upstream, "reconciliation": e.Reconciliation}, "", "  ")
		for suffix, b := range map[string][]byte{".json": meta, ".cart.json": e.Cart, ".response.json": e.Answer} {
			if err := os.WriteFile(base+suffix, append(slices.Clone(b), '\n'), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteText writes the report as tables.
func (rep *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%d exchanges\n\noutcomes\n", rep.Entries)
	table(w, rep.Outcomes)
	fmt.Fprintf(w, "\nagreement with the POS\n")
	table(w, rep.Agreement)
	fmt.Fprintf(w, "\nthe POS accepted what rkcart refuses, by rkcart's code\n")
	table(w, rep.POSAcceptedRefused)
	fmt.Fprintf(w, "\nthe POS refused what rkcart finds valid, by the POS's code\n")
	table(w, rep.POSRefusedValid)
	fmt.Fprintf(w, "\nprice differences by cause\n")
	if len(rep.PriceCauses) == 0 {
		fmt.Fprintf(w, "  (none)\n")
	}
	for _, k := range sortedKeys(rep.PriceCauses) {
		fmt.Fprintf(w, "  %-28s %6d  %s\n", k, rep.PriceCauses[k].Count, rep.PriceCauses[k].Amount)
	}
	fmt.Fprintf(w, "\nunknown outcomes: %d\n", len(rep.Unknown))
	for _, u := range rep.Unknown {
		fmt.Fprintf(w, "  %s %s key %q: %s\n", u.Time, u.Call, u.Key, u.Reason)
	}
}

func table(w io.Writer, m map[string]int) {
	if len(m) == 0 {
		fmt.Fprintf(w, "  (none)\n")
	}
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(w, "  %-28s %6d\n", k, m[k])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
