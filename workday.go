package sepakat

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Holiday is a day off for government offices: a national holiday (hari
// libur nasional) or a joint leave day (cuti bersama).
type Holiday struct {
	Date string `json:"date"` // YYYY-MM-DD
	Name string `json:"name"`
	// Leave is true for cuti bersama, false for a national holiday.
	Leave bool `json:"cuti_bersama,omitempty"`
}

// HolidayYear is the official list of one year and where it comes from.
type HolidayYear struct {
	Year     int       `json:"year"`
	Source   string    `json:"source"`
	Holidays []Holiday `json:"holidays"`
}

//go:embed holidays.json
var holidaysJSON []byte

// DefaultHolidays returns the holiday lists shipped with Sepakat.
func DefaultHolidays() ([]HolidayYear, error) {
	var years []HolidayYear
	if err := json.Unmarshal(holidaysJSON, &years); err != nil {
		return nil, fmt.Errorf("holidays.json: %w", err)
	}
	return years, nil
}

// WithShippedHolidays returns the admin's holiday lists with every shipped
// year the admin has not entered added, sorted by year: a release that ships
// the next year's decree reaches an office whose admin has edited this
// year's list. A year the admin has entered is theirs, even when it differs
// from the shipped one.
func WithShippedHolidays(stored []HolidayYear) ([]HolidayYear, error) {
	shipped, err := DefaultHolidays()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(stored)
	for _, y := range shipped {
		if !slices.ContainsFunc(stored, func(s HolidayYear) bool { return s.Year == y.Year }) {
			out = append(out, y)
		}
	}
	slices.SortStableFunc(out, func(a, b HolidayYear) int { return a.Year - b.Year })
	return out, nil
}

// Calendar tells working days (hari kerja): Monday to Friday, except
// national holidays and cuti bersama.
type Calendar struct {
	days map[string]Holiday
	// years are the years the calendar has lists for.
	years map[int]bool
}

// NewCalendar makes a calendar from holiday lists.
func NewCalendar(years []HolidayYear) (*Calendar, error) {
	c := &Calendar{days: map[string]Holiday{}, years: map[int]bool{}}
	for _, y := range years {
		c.years[y.Year] = true
		for _, h := range y.Holidays {
			d, err := time.Parse(time.DateOnly, h.Date)
			if err != nil || d.Year() != y.Year {
				return nil, fmt.Errorf("holiday %q of %d: want a date YYYY-MM-DD in that year", h.Date, y.Year)
			}
			c.days[h.Date] = h
		}
	}
	return c, nil
}

// DefaultCalendar is the calendar of the shipped holiday lists.
func DefaultCalendar() *Calendar {
	years, err := DefaultHolidays()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	c, err := NewCalendar(years)
	if err != nil {
		panic(err)
	}
	return c
}

// Holiday returns the holiday on t's date (in t's location), if any.
func (c *Calendar) Holiday(t time.Time) (Holiday, bool) {
	h, ok := c.days[t.Format(time.DateOnly)]
	return h, ok
}

// Knows reports whether the calendar has the holiday list of t's year.
func (c *Calendar) Knows(t time.Time) bool { return c.years[t.Year()] }

// IsWorkingDay reports whether t's date is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.Holiday(t)
	return !holiday
}

// AddWorkingDays returns the date n working days after t (n ≥ 0), keeping
// t's time of day: the deadline of a step that takes n working days and
// starts at t. With n = 0 it is t itself, or the next working day when t is
// not one.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	d := t
	for !c.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from's date up to and
// including to's date (0 when to is not after from).
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	from = dateOf(from)
	to = dateOf(to.In(from.Location()))
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// Holidays lists the holidays between from and to (inclusive), by date.
func (c *Calendar) Holidays(from, to time.Time) []Holiday {
	var out []Holiday
	for _, h := range c.days {
		d, _ := time.ParseInLocation(time.DateOnly, h.Date, from.Location())
		if !d.Before(dateOf(from)) && !d.After(to) {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
