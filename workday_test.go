package sepakat_test

import (
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, time.FixedZone("WIB", 7*3600))
	if err != nil {
		panic(err)
	}
	return t
}

func TestDefaultHolidays2026(t *testing.T) {
	years, err := sepakat.DefaultHolidays()
	if err != nil {
		t.Fatal(err)
	}
	var y2026 *sepakat.HolidayYear
	for i := range years {
		if years[i].Year == 2026 {
			y2026 = &years[i]
		}
	}
	if y2026 == nil || y2026.Source == "" {
		t.Fatalf("no 2026 list with its source: %+v", years)
	}
	national, leave := 0, 0
	for _, h := range y2026.Holidays {
		if h.Leave {
			leave++
		} else {
			national++
		}
	}
	// The decree: 17 national holidays and 8 days of cuti bersama.
	if national != 17 || leave != 8 {
		t.Errorf("2026: %d national holidays and %d cuti bersama, want 17 and 8", national, leave)
	}
}

func TestWorkingDays(t *testing.T) {
	c := sepakat.DefaultCalendar()
	for _, tc := range []struct {
		date string
		work bool
	}{
		{"2026-11-23", true},  // Monday
		{"2026-11-21", false}, // Saturday
		{"2026-11-22", false}, // Sunday
		{"2026-08-17", false}, // Proklamasi, a Monday
		{"2026-12-24", false}, // cuti bersama, a Thursday
		{"2026-03-25", true},  // the Wednesday after the Idul Fitri leave
	} {
		if got := c.IsWorkingDay(day(tc.date)); got != tc.work {
			t.Errorf("%s: working day %v, want %v", tc.date, got, tc.work)
		}
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-23", 0, "2026-11-23"},
		{"2026-11-21", 0, "2026-11-23"}, // a Saturday start counts from Monday
		{"2026-11-20", 1, "2026-11-23"}, // Friday + 1 skips the weekend
		{"2026-11-23", 5, "2026-11-30"},
		{"2026-03-17", 1, "2026-03-25"}, // Nyepi and the whole Idul Fitri leave in between
		{"2026-12-23", 1, "2026-12-28"}, // cuti bersama, Christmas, the weekend
		{"2026-08-14", 1, "2026-08-18"}, // Friday, weekend, 17 August
	} {
		if got := c.AddWorkingDays(day(tc.from), tc.n).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s + %d working days = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if n := c.WorkingDaysBetween(day("2026-03-17"), day("2026-03-25")); n != 1 {
		t.Errorf("working days from 17 to 25 March 2026: %d, want 1", n)
	}
	if n := c.WorkingDaysBetween(day("2026-11-23"), day("2026-11-20")); n != 0 {
		t.Errorf("backwards: %d", n)
	}
	if hs := c.Holidays(day("2026-03-01"), day("2026-03-31")); len(hs) != 7 {
		t.Errorf("March 2026 holidays: %v, want 7", hs)
	}
	if !c.Knows(day("2026-06-01")) || c.Knows(day("2031-01-01")) {
		t.Error("Knows")
	}
}

func TestNewCalendarRefusesBadDates(t *testing.T) {
	for _, h := range []string{"2026-13-01", "2025-12-31", "kemarin"} {
		if _, err := sepakat.NewCalendar([]sepakat.HolidayYear{{Year: 2026, Holidays: []sepakat.Holiday{{Date: h}}}}); err == nil {
			t.Errorf("%q accepted", h)
		}
	}
}
