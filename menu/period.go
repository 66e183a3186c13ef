package menu

import (
	"fmt"
	"strconv"
	"strings"
)

// MinutesPerDay is the length of a day on the wall clock.
const MinutesPerDay = 24 * 60

// Period is a daily delivery window on the restaurant's wall clock, in
// minutes after midnight: Begin inclusive, End exclusive. End < Begin means
// the window crosses midnight; Begin == End means all day. The zero value
// is all day.
type Period struct {
	Begin int
	End   int
}

// ParsePeriod reads the `delivery_period` begin and end, "H:MM" or "HH:MM".
//
// It returns an error if either is not H:MM with hours 0–24 and minutes
// 0–59 ("24:00" is midnight at the end of the day).
func ParsePeriod(begin, end string) (Period, error) {
	b, err := parseClock(begin)
	if err != nil {
		return Period{}, fmt.Errorf("delivery_period begin: %w", err)
	}
	e, err := parseClock(end)
	if err != nil {
		return Period{}, fmt.Errorf("delivery_period end: %w", err)
	}
	return Period{Begin: b % MinutesPerDay, End: e % MinutesPerDay}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q: want H:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q: want H:MM", s)
	}
	return hh*60 + mm, nil
}

// AllDay reports whether the window covers the whole day.
func (p Period) AllDay() bool { return p.Begin == p.End }

// Overnight reports whether the window crosses midnight.
func (p Period) Overnight() bool { return p.End < p.Begin }

// Contains reports whether minute (0–1439 after midnight) lies in the window.
func (p Period) Contains(minute int) bool { return p.Admits(minute*60, 0) }

// Admits reports whether second (0–86399 after midnight, on the wall clock)
// lies in the window and, with cutoffMinutes > 0, at least that many
// minutes before its end. An all-day window admits every second: it has no
// end for a cut-off to apply to.
func (p Period) Admits(second, cutoffMinutes int) bool {
	if p.AllDay() {
		return true
	}
	begin, end := p.Begin*60, p.End*60
	var in bool
	if p.Overnight() {
		in = second >= begin || second < end
	} else {
		in = second >= begin && second < end
	}
	if !in || cutoffMinutes <= 0 {
		return in
	}
	toEnd := end - second
	if toEnd <= 0 {
		toEnd += MinutesPerDay * 60
	}
	return toEnd >= cutoffMinutes*60
}

// MinutesToEnd returns how many minutes remain from minute until the end of
// the window that contains it (0 if it is not inside). For an all-day
// window it is the minutes to the next midnight, which makes a cut-off act
// at the end of each day.
func (p Period) MinutesToEnd(minute int) int {
	if !p.Contains(minute) {
		return 0
	}
	end := p.End
	if p.AllDay() {
		end = 0
	}
	d := end - minute
	if d <= 0 {
		d += MinutesPerDay
	}
	return d
}

// String formats the window as "8:20–22:00".
func (p Period) String() string {
	return FormatClock(p.Begin) + "–" + FormatClock(p.End)
}

// FormatClock writes minutes after midnight as H:MM.
func FormatClock(minute int) string { return fmt.Sprintf("%d:%02d", minute/60, minute%60) }
