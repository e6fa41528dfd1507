package sepakat_test

import (
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestDefaultTimeStandards(t *testing.T) {
	ts := sepakat.DefaultTimeStandards()
	if _, err := sepakat.ValidateTimeStandards(ts); err != nil {
		t.Fatal(err)
	}
	sops := map[string]bool{}
	for _, s := range ts {
		sops[s.SOP] = true
	}
	for _, want := range []string{"15/PDK/2021", "16/PDK/2021", "17/PDK/2021", "18/PDK/2021", "19/PDK/2021", "20/PDK/2021"} {
		if !sops[want] {
			t.Errorf("SOP %s missing", want)
		}
	}
	// The SOPs' own totals: Inisiasi "11 hari kerja (total untuk kegiatan
	// nomor 1 s.d. nomor 7)"; Perencanaan's SK loop "7 hari kerja (total 1–7)".
	got := sepakat.StageStandards(ts)
	want := map[sepakat.Stage]int{
		sepakat.StageRegistrasi: 4, sepakat.StagePerencanaan: 20, sepakat.StageInisiasi: 11,
		sepakat.StagePersiapan: 32, sepakat.StagePenomoran: 5, sepakat.StagePenandatanganan: 1,
		sepakat.StagePemantauan: 8, sepakat.StageEvaluasi: 9,
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("stage %s: %d working days, want %d", s, got[s], n)
		}
	}
	if n, ok := sepakat.ItemStandard(ts, "registration_verification"); !ok || n != 1 {
		t.Errorf("registration verification: %d %v", n, ok)
	}
}

func TestValidateTimeStandardsRefuses(t *testing.T) {
	base := sepakat.DefaultTimeStandards()[0]
	for name, mod := range map[string]func(*sepakat.TimeStandard){
		"negative":    func(s *sepakat.TimeStandard) { s.Days = -1 },
		"too long":    func(s *sepakat.TimeStandard) { s.Days = sepakat.MaxTimeStandardDays + 1 },
		"no actor":    func(s *sepakat.TimeStandard) { s.Actor = " " },
		"bad stage":   func(s *sepakat.TimeStandard) { s.Stage = "x" },
		"no activity": func(s *sepakat.TimeStandard) { s.Activity = "" },
	} {
		s := base
		mod(&s)
		if _, err := sepakat.ValidateTimeStandards([]sepakat.TimeStandard{s}); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := sepakat.ValidateTimeStandards(nil); sepakat.ErrorCode(err) != sepakat.EINVALID {
		t.Errorf("empty list: %v", err)
	}
}

// TestDeadlines: a deadline is the start of the step plus its standard in
// working days, across weekends, holidays and year ends. Beyond the years
// the calendar has lists for, only weekends are skipped.
func TestDeadlines(t *testing.T) {
	c := sepakat.DefaultCalendar()
	wib := time.FixedZone("WIB", 7*3600)
	for _, tc := range []struct {
		name, from string
		n          int
		want       string
	}{
		{"Friday + 1 skips the weekend", "2026-03-06", 1, "2026-03-09"},
		{"across Nyepi and Idul Fitri with cuti bersama", "2026-03-17", 3, "2026-03-27"},
		{"Christmas: 24 cuti bersama, 25 holiday", "2026-12-23", 1, "2026-12-28"},
		{"year end: 1 January and Isra Mikraj on 5 January 2027", "2026-12-30", 3, "2027-01-06"},
		{"Lebaran 2027: Nyepi, Idul Fitri and cuti bersama from 8 to 15 March", "2027-03-05", 1, "2027-03-16"},
		{"Good Friday 2027 with its cuti bersama the day before", "2027-03-24", 1, "2027-03-29"},
		{"Idul Adha and Waisak 2027: 17 to 20 May", "2027-05-14", 2, "2027-05-24"},
		{"Christmas 2027: 24 cuti bersama, 25 and 26 on the weekend", "2027-12-23", 1, "2027-12-27"},
		{"year end into 2028, which has no list: weekends only", "2027-12-30", 2, "2028-01-03"},
		{"started on a Saturday: counted from Monday", "2026-01-03", 2, "2026-01-07"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, _ := time.ParseInLocation(time.DateOnly, tc.from, wib)
			from = from.Add(10 * time.Hour)
			got := c.AddWorkingDays(from, tc.n)
			if got.Format(time.DateOnly) != tc.want || got.Hour() != 10 {
				t.Fatalf("%s + %d = %s, want %s", tc.from, tc.n, got, tc.want)
			}
			if back := c.WorkingDaysBetween(from, got); c.IsWorkingDay(from) && back != tc.n {
				t.Fatalf("working days back: %d", back)
			}
		})
	}
	if !c.Knows(time.Date(2027, 1, 1, 0, 0, 0, 0, wib)) || c.Knows(time.Date(2028, 1, 1, 0, 0, 0, 0, wib)) {
		t.Fatal("the shipped calendar should know 2026 and 2027 only: update this test and the README")
	}
}

func TestValidateHolidays(t *testing.T) {
	years, err := sepakat.DefaultHolidays()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sepakat.ValidateHolidays(years); err != nil {
		t.Fatal(err)
	}
	if _, err := sepakat.ValidateHolidays(append(years, years[0])); sepakat.ErrorCode(err) != sepakat.EINVALID {
		t.Fatalf("a year twice: %v", err)
	}
}
