package sepakat

import (
	"slices"
	"sort"
	"time"
)

// WorkdayCounter counts working days in constant time, for the statistics
// that count many stays at once. It answers as Calendar.WorkingDaysBetween.
type WorkdayCounter struct {
	// holidays are the day numbers of the holidays on Monday to Friday,
	// sorted.
	holidays []int64
}

// Counter returns the calendar's counter.
func (c *Calendar) Counter() *WorkdayCounter {
	w := &WorkdayCounter{}
	for date := range c.days {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			continue // NewCalendar checked the dates
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			w.holidays = append(w.holidays, civilDay(d))
		}
	}
	slices.Sort(w.holidays)
	return w
}

// CivilDay is the number of t's date (in t's location) since 1 January
// 1970, as WorkdayCounter.BetweenDays counts them.
func CivilDay(t time.Time) int64 { return civilDay(t) }

func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// weekdaysThrough counts Monday to Friday from Monday 29 December 1969
// (day -3) through day n.
func weekdaysThrough(n int64) int64 {
	k := n + 3
	if k < 0 {
		return 0
	}
	return k/7*5 + min(k%7+1, 5)
}

// Between counts the working days after from's date up to and including
// to's date (0 when to is not after from).
func (w *WorkdayCounter) Between(from, to time.Time) int {
	return w.BetweenDays(civilDay(from), civilDay(to.In(from.Location())))
}

// BetweenDays counts the working days after day a up to and including day
// b (CivilDay numbers; 0 when b is not after a).
func (w *WorkdayCounter) BetweenDays(a, b int64) int {
	if b <= a {
		return 0
	}
	n := weekdaysThrough(b) - weekdaysThrough(a)
	i := sort.Search(len(w.holidays), func(i int) bool { return w.holidays[i] > a })
	j := sort.Search(len(w.holidays), func(i int) bool { return w.holidays[i] > b })
	return int(n) - (j - i)
}
