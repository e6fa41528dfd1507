package sepakat_test

import (
	"slices"
	"strings"
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

// TestDefaultHolidays: the shipped lists of the current and the next year
// hold what their decrees count, each naming its decree; cuti bersama are
// working days given off, so none falls on a weekend, and no date is listed
// twice.
func TestDefaultHolidays(t *testing.T) {
	years, err := sepakat.DefaultHolidays()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		year, national, leave int
		decree                string
	}{
		{2026, 17, 8, "Nomor 1497 Tahun 2025"},
		{2027, 18, 8, "Nomor 1205 Tahun 2026"},
	} {
		i := slices.IndexFunc(years, func(y sepakat.HolidayYear) bool { return y.Year == want.year })
		if i < 0 || !strings.Contains(years[i].Source, want.decree) {
			t.Fatalf("no %d list naming %q: %+v", want.year, want.decree, years)
		}
		national, leave := 0, 0
		seen := map[string]bool{}
		for _, h := range years[i].Holidays {
			if seen[h.Date] {
				t.Errorf("%s listed twice", h.Date)
			}
			seen[h.Date] = true
			if !h.Leave {
				national++
				continue
			}
			leave++
			if wd := day(h.Date).Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("cuti bersama %s (%s) falls on a %s", h.Date, h.Name, wd)
			}
		}
		if national != want.national || leave != want.leave {
			t.Errorf("%d: %d national holidays and %d cuti bersama, want %d and %d", want.year, national, leave, want.national, want.leave)
		}
	}
}

// TestWithShippedHolidays: the admin's years stay as entered; shipped years
// they lack are added, in order of year.
func TestWithShippedHolidays(t *testing.T) {
	shipped, err := sepakat.DefaultHolidays()
	if err != nil {
		t.Fatal(err)
	}
	// An office that entered 2026 with a regional holiday before 2027 shipped.
	own2026 := sepakat.HolidayYear{Year: 2026, Source: "SKB 2026 dan Keputusan Wali Kota",
		Holidays: []sepakat.Holiday{{Date: "2026-04-23", Name: "Hari jadi kota"}}}
	own2030 := sepakat.HolidayYear{Year: 2030, Source: "SKB 2030", Holidays: []sepakat.Holiday{{Date: "2030-01-01", Name: "Tahun Baru"}}}
	got, err := sepakat.WithShippedHolidays([]sepakat.HolidayYear{own2030, own2026})
	if err != nil {
		t.Fatal(err)
	}
	var order []int
	for _, y := range got {
		order = append(order, y.Year)
	}
	if !slices.Equal(order, []int{2026, 2027, 2030}) {
		t.Fatalf("years %v, want 2026 2027 2030", order)
	}
	if got[0].Source != own2026.Source || len(got[0].Holidays) != 1 {
		t.Errorf("the admin's 2026 was replaced: %+v", got[0])
	}
	i := slices.IndexFunc(shipped, func(y sepakat.HolidayYear) bool { return y.Year == 2027 })
	if got[1].Source != shipped[i].Source || len(got[1].Holidays) != len(shipped[i].Holidays) {
		t.Errorf("2027 is not the shipped list: %+v", got[1])
	}
	c, err := sepakat.NewCalendar(got)
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkingDay(day("2026-04-23")) || !c.IsWorkingDay(day("2026-04-03")) || c.IsWorkingDay(day("2027-03-10")) {
		t.Error("calendar of the merged lists: want the admin's 2026 and the shipped 2027")
	}
	if got, _ := sepakat.WithShippedHolidays(nil); len(got) != len(shipped) {
		t.Errorf("nothing stored: %d years, want the %d shipped", len(got), len(shipped))
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
