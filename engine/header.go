package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// deliveryLayout is the WebDelivery delivery_time format.
const deliveryLayout = "2006-01-02T15:04:05"

// checkHeader adds the order-header violations (everything but lines and
// the minimum check).
func (p *pricer) checkHeader(c *Cart) {
	rest := p.rest
	if len(c.Lines) == 0 {
		p.headerViolation(c, CodeEmptyOrder, "/order", Params{}, msg{})
	}
	if c.OrderType != Pickup && c.OrderType != Delivery {
		p.headerViolation(c, CodeBadOrderType, "/order_type", Params{}, msg{})
	}
	if c.PayType < 0 || c.PayType > 2 {
		p.headerViolation(c, CodeBadPayType, "/pay_type", Params{}, msg{})
	}
	cl := c.Client
	if cl.Phone == "" && cl.ID == "" {
		p.headerViolation(c, CodeMissingPhone, "/client/phone", Params{}, msg{})
	} else if cl.Phone != "" && !wellFormedPhone(cl.Phone) {
		p.headerViolation(c, CodeBadPhone, "/client/phone", Params{{"phone", cl.Phone}}, msg{sent: strconv.Quote(cl.Phone)})
	}
	if cl.LastName == "" && cl.ID == "" {
		p.headerViolation(c, CodeMissingLastName, "/client/ln", Params{}, msg{})
	}
	if cl.Email != "" && !wellFormedEmail(cl.Email) {
		p.headerViolation(c, CodeBadEmail, "/client/email", Params{{"email", cl.Email}}, msg{sent: strconv.Quote(cl.Email)})
	}
	delivery := c.OrderType == Delivery
	if delivery && c.Address.ID == "" && (strings.TrimSpace(c.Address.Street) == "" || strings.TrimSpace(c.Address.House) == "") {
		p.headerViolation(c, CodeMissingAddress, "/address", Params{}, msg{})
	}
	switch id := c.EffectiveObject(); {
	case id <= 0:
		p.headerViolation(c, CodeBadObjectID, "/objectid", Params{{"objectid", sent(c.Sent.ObjectID, int64(c.ObjectID))}},
			msg{sent: sentOrMissing(c.Sent.ObjectID, int64(c.ObjectID))})
	case c.Object > 0 && id != c.Object:
		p.headerViolation(c, CodeWrongObject, "/objectid", Params{{"objectid", int64(id)}, {"restaurant_id", int64(c.Object)}},
			msg{sent: sent(c.Sent.ObjectID, int64(c.ObjectID))})
	case rest != nil && id != rest.ID:
		p.headerViolation(c, CodeWrongObject, "/objectid", Params{{"objectid", int64(id)}, {"restaurant_id", int64(rest.ID)}},
			msg{sent: sent(c.Sent.ObjectID, int64(c.ObjectID))})
	}
	p.checkTime(c, delivery)
}

// headerViolation adds a header rule's violation with its hint.
func (p *pricer) headerViolation(c *Cart, code, path string, params Params, m msg) {
	p.addHinted(code, path, params, m, p.e.headerHint(code, path, c, p.rest, p.now()))
}

// checkTime checks delivery_time: its format, not before now, and for
// delivery orders with a restaurant, inside the delivery period on the
// written wall-clock time (both past and window violations can appear).
func (p *pricer) checkTime(c *Cart, delivery bool) {
	e, rest := p.e, p.rest
	loc := e.location()
	t, ok := parseDeliveryTime(c.DeliveryTime, loc)
	if !ok {
		p.headerViolation(c, CodeBadDeliveryTime, "/delivery_time", Params{{"delivery_time", c.DeliveryTime}}, msg{sent: strconv.Quote(c.DeliveryTime)})
		return
	}
	now := p.now().In(loc)
	if t.Before(now) {
		p.headerViolation(c, CodeDeliveryTimeInPast, "/delivery_time", Params{{"delivery_time", c.DeliveryTime}, {"now", now.Format(deliveryLayout)}}, msg{})
	}
	if !delivery || rest == nil {
		return
	}
	// The wall clock as written: a time in a DST gap still names its
	// minute of the day, which is what the period is about.
	sod := wallSeconds(c.DeliveryTime)
	if !rest.Period.Admits(sod, e.opts.CutoffMinutes) {
		p.headerViolation(c, CodeOutsideDeliveryPeriod, "/delivery_time",
			Params{{"delivery_time", c.DeliveryTime}, {"begin", menu.FormatClock(rest.Period.Begin)}, {"end", menu.FormatClock(rest.Period.End)}, {"cutoff_minutes", int64(e.opts.CutoffMinutes)}},
			msg{})
	}
}

// parseDeliveryTime reads exactly YYYY-MM-DDTHH:mm:ss in loc. It accepts
// what time.ParseInLocation(deliveryLayout) accepts (a test holds them
// equal) at a fraction of its cost, since it runs for every cart.
func parseDeliveryTime(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != len(deliveryLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var f [6]int
	for i, pos := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		for j := pos[0]; j < pos[1]; j++ {
			c := s[j]
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			f[i] = f[i]*10 + int(c-'0')
		}
	}
	year, month, day, hour, minute, sec := f[0], f[1], f[2], f[3], f[4], f[5]
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// wallSeconds reads HH:mm:ss of a string that already parsed with
// deliveryLayout.
func wallSeconds(s string) int {
	h := int(s[11]-'0')*10 + int(s[12]-'0')
	m := int(s[14]-'0')*10 + int(s[15]-'0')
	sec := int(s[17]-'0')*10 + int(s[18]-'0')
	return h*3600 + m*60 + sec
}

// wellFormedPhone follows E.164: an optional leading '+', then 7 to 15
// digits; the separators people type (spaces, '-', '(', ')') are accepted
// and not counted. The payload carries the phone exactly as sent.
func wellFormedPhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '(' || c == ')':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

// wellFormedEmail is a deliberate plain check (local@domain.tld, no spaces),
// not RFC 5322: the POS and CRM accept no display names or comments.
func wellFormedEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t\r\n<>,;\"") || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.HasPrefix(domain, ".") && !strings.Contains(domain, "..")
}

// headerHint is the repair of a header violation.
func (e *Engine) headerHint(code, path string, c *Cart, rest *menu.Restaurant, now time.Time) *Hint {
	switch code {
	case CodeEmptyOrder:
		return &Hint{Action: HintAddLine, Path: path}
	case CodeBadOrderType:
		return &Hint{Action: HintSet, Path: path, Values: []int64{int64(Pickup), int64(Delivery)}}
	case CodeBadPayType:
		return &Hint{Action: HintSet, Path: path, Values: []int64{0, 1, 2}}
	case CodeMissingPhone, CodeBadPhone, CodeMissingLastName, CodeBadEmail, CodeMissingAddress:
		return &Hint{Action: HintAsk, Path: path}
	case CodeWrongObject, CodeBadObjectID:
		if rest != nil {
			return &Hint{Action: HintSet, Path: path, Values: []int64{int64(rest.ID)}}
		}
	case CodeBadDeliveryTime, CodeDeliveryTimeInPast, CodeOutsideDeliveryPeriod:
		return e.timeHint(c.OrderType == Delivery, rest, now)
	}
	return nil
}

// sentOrMissing is sent, or "(missing)" for a decoded cart without the
// member.
func sentOrMissing(raw []byte, v int64) string {
	if raw == nil && v == 0 {
		return "(missing)"
	}
	return sent(raw, v)
}

// minCheck adds below_min_check for a delivery order under the minimum.
func (p *pricer) minCheck(c *Cart, subtotal money.Kopecks) {
	rest := p.rest
	if rest == nil || c.OrderType != Delivery || subtotal >= rest.MinCheck {
		return
	}
	p.addHinted(CodeBelowMinCheck, "/order", Params{{"min_check", int64(rest.MinCheck)}, {"subtotal", int64(subtotal)}},
		msg{sent: subtotal.String(), limit: rest.MinCheck.String()},
		&Hint{Action: HintAddAmount, Path: "/order", Amount: rest.MinCheck - subtotal})
}

// WellFormedPhone and WellFormedEmail are the engine's checks of
// client.phone and client.email (bad_phone, bad_email), for code that
// must keep a value's verdict while changing it: the gateway's journal
// replaces personal data by pseudonyms that re-price the same.
func WellFormedPhone(s string) bool { return wellFormedPhone(s) }

// WellFormedEmail: see WellFormedPhone.
func WellFormedEmail(s string) bool { return wellFormedEmail(s) }
