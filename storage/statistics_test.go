package storage_test

import (
	"slices"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestSettings_DefaultsAndAdminEdits(t *testing.T) {
	db := MustOpenDB(t)
	st := db.Settings()
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin2")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")

	ts, err := st.TimeStandards(as(kasubbag))
	if err != nil || len(ts) != len(sepakat.DefaultTimeStandards()) {
		t.Fatalf("default standards: %d, %v", len(ts), err)
	}
	years, err := st.Holidays(as(kasubbag))
	if err != nil || len(years) == 0 || years[0].Year != 2026 {
		t.Fatalf("default holidays: %+v, %v", years, err)
	}
	// Only the admin changes them; nobody unknown reads them.
	_, err = st.SetTimeStandards(as(kasubbag), ts)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = st.SetHolidays(as(kasubbag), years)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = st.Holidays(t.Context())
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	ts[0].Days = 4
	if _, err := st.SetTimeStandards(as(admin), ts); err != nil {
		t.Fatal(err)
	}
	bad := slices.Clone(ts)
	bad[1].Days = -1
	_, err = st.SetTimeStandards(as(admin), bad)
	wantCode(t, err, sepakat.EINVALID)
	got, err := st.TimeStandards(as(kasubbag))
	if err != nil || got[0].Days != 4 {
		t.Fatalf("stored standards: %+v, %v", got[0], err)
	}

	// A year without a source or a date outside its year is refused.
	y2028 := sepakat.HolidayYear{Year: 2028, Source: "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2028",
		Holidays: []sepakat.Holiday{{Date: "2028-01-01", Name: "Tahun Baru 2028 Masehi"}}}
	_, err = st.SetHolidays(as(admin), []sepakat.HolidayYear{{Year: 2028, Holidays: y2028.Holidays}})
	wantCode(t, err, sepakat.EINVALID)
	_, err = st.SetHolidays(as(admin), []sepakat.HolidayYear{{Year: 2028, Source: "x", Holidays: []sepakat.Holiday{{Date: "2027-01-01", Name: "x"}}}})
	wantCode(t, err, sepakat.EINVALID)

	// The admin enters only 2027, amended with a cuti bersama on 31
	// December, and 2028; the shipped 2026 stays in force beside them.
	i := slices.IndexFunc(years, func(y sepakat.HolidayYear) bool { return y.Year == 2027 })
	if i < 0 {
		t.Fatalf("no shipped 2027: %+v", years)
	}
	y2027 := years[i]
	y2027.Source += "; perubahan"
	y2027.Holidays = append(slices.Clone(y2027.Holidays), sepakat.Holiday{Date: "2027-12-31", Name: "Cuti bersama tambahan", Leave: true})
	if _, err := st.SetHolidays(as(admin), []sepakat.HolidayYear{y2028, y2027}); err != nil {
		t.Fatal(err)
	}
	years, err = st.Holidays(as(kasubbag))
	if err != nil || len(years) != 3 || years[0].Year != 2026 || years[1].Source != y2027.Source || years[2].Year != 2028 {
		t.Fatalf("stored holidays with the shipped 2026 (sorted by year): %+v, %v", years, err)
	}
	cal, err := sepakat.NewCalendar(years)
	if err != nil {
		t.Fatal(err)
	}
	// 30 December 2027 + 2 working days: (31 Dec now cuti bersama), 3 and 4 January.
	from := time.Date(2027, 12, 30, 9, 0, 0, 0, time.UTC)
	if got := cal.AddWorkingDays(from, 2).Format(time.DateOnly); got != "2028-01-04" {
		t.Fatalf("deadline with the admin's amended 2027: %s", got)
	}
	if cal.IsWorkingDay(time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)) {
		t.Fatal("the shipped 2026 list is gone")
	}
}

func TestStatistics_KnownSet(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "stat")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin2")
	tkksd := MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd")

	// Monday 2 March 2026: A and B submitted (permohonan); C stays a draft.
	a := MustSubmittedCooperation(t, db, p1, p2, "KSD A")
	b := MustSubmittedCooperation(t, db, p1, p2, "KSD B")
	cIn := completeApplication("KSD C", p2.ID)
	cIn.Kind, cIn.Affair = sepakat.KindKSDD, string(sepakat.AffairPariwisata)
	cIn.Partners = []sepakat.Partner{{Name: "Pemkab Kutai", Kind: sepakat.InstitutionPemerintahDaerah}}
	if _, err := db.CreateCooperation(as(p1), cIn); err != nil {
		t.Fatal(err)
	}
	// A: to perencanaan on Wednesday 4 March (2 working days), to inisiasi
	// on Wednesday 11 March (5). B: to perencanaan on Monday 9 March (5).
	db.Clock.Set(time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC))
	MustMoveTo(t, db, kasubbag, a, sepakat.StagePerencanaan)
	db.Clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC))
	MustMoveTo(t, db, kasubbag, b, sepakat.StagePerencanaan)
	db.Clock.Set(time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC))
	a, _ = db.FindCooperationByID(as(kasubbag), a.ID)
	MustMoveTo(t, db, kasubbag, a, sepakat.StageInisiasi)

	ts := sepakat.DefaultTimeStandards()
	for i := range ts {
		if ts[i].Stage == sepakat.StagePerencanaan {
			ts[i].Days = 0
		}
	}
	ts[3].Days = 3 // SOP 16 steps 1–4: perencanaan's standard is now 3
	if ts[3].Stage != sepakat.StagePerencanaan {
		t.Fatalf("step 4 of the defaults: %+v", ts[3])
	}
	standards := sepakat.StageStandards(ts)
	_, err := db.Statistics(as(tkksd), nil, standards)
	wantCode(t, err, sepakat.EFORBIDDEN)
	if _, err := db.Statistics(as(admin), nil, standards); err != nil {
		t.Fatal(err)
	}
	st, err := db.Statistics(as(kasubbag), sepakat.DefaultCalendar(), standards)
	if err != nil {
		t.Fatal(err)
	}
	count := func(cs []sepakat.Count, key string) int {
		for _, c := range cs {
			if c.Key == key {
				return c.Count
			}
		}
		return -1
	}
	if st.Total != 3 ||
		count(st.ByStage, "registrasi") != 1 || count(st.ByStage, "perencanaan") != 1 || count(st.ByStage, "inisiasi") != 1 ||
		count(st.ByKind, "ksdpk") != 2 || count(st.ByKind, "ksdd") != 1 ||
		count(st.ByPartnerKind, "perguruan_tinggi") != 2 || count(st.ByPartnerKind, "pemerintah_daerah") != 1 ||
		count(st.ByAffair, "Pendidikan") != 2 || count(st.ByAffair, "pariwisata") != 1 ||
		count(st.ByYear, "2026") != 3 {
		t.Fatalf("counts %+v", st)
	}
	dur := map[sepakat.Stage]sepakat.StageDuration{}
	for _, d := range st.Durations {
		dur[d.Stage] = d
	}
	if d := dur[sepakat.StagePermohonan]; d.Stays != 2 || d.AverageDays != 3.5 || d.Over {
		t.Fatalf("permohonan %+v", d)
	}
	if d := dur[sepakat.StagePerencanaan]; d.Stays != 1 || d.AverageDays != 5 || d.StandardDays != 3 || !d.Over {
		t.Fatalf("perencanaan %+v", d)
	}
}
