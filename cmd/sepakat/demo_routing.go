package main

import (
	"context"
	"fmt"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// demoRoutingTitle names the demo cooperation signed desk to desk.
const demoRoutingTitle = "Penguatan UMKM Kuliner Khas Daerah"

// seedDemoRouting adds a cooperation of ppksd1 in Penandatanganan, signed
// desk to desk, whose routing sheet is under way: the first two desks
// initialled, the third (Asisten Pemerintahan, two working days) holding
// the document since four working days, so overdue.
func seedDemoRouting(sys context.Context, db *storage.DB, staff map[string]*sepakat.User, p1, p2 *sepakat.User) error {
	as := func(u *sepakat.User) context.Context { return sepakat.NewContextWithUser(sys, u) }
	dc := demoCooperation{demoRoutingTitle, "Koperasi dan UKM", "Pemerintah Kabupaten Paser", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StagePenandatanganan}
	c, err := db.CreateCooperation(as(p1), demoApplication(dc, p2.ID))
	if err != nil {
		return fmt.Errorf("demo %q: %w", dc.title, err)
	}
	if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
		return fmt.Errorf("submit %q: %w", dc.title, err)
	}
	if err := advanceDemo(db, as, staff, p1, c, dc.stage); err != nil {
		return fmt.Errorf("advance %q: %w", dc.title, err)
	}
	if _, err := db.ChooseSigningMethod(as(p1), c.ID, sepakat.MethodDesk); err != nil {
		return fmt.Errorf("demo %q: choose desk to desk: %w", dc.title, err)
	}
	sheet, err := demoRoutingSheet(c.ID, staff, time.Now(), sepakat.DefaultCalendar())
	if err != nil {
		return err
	}
	if err := db.Routing(db).ImportRoutingSheet(sys, sheet); err != nil {
		return fmt.Errorf("demo %q: routing sheet: %w", dc.title, err)
	}
	return nil
}

// demoRoutingSheet is the default sheet marked in the past, relative to now:
// desk 3 received four working days before today.
func demoRoutingSheet(id int64, staff map[string]*sepakat.User, now time.Time, cal *sepakat.Calendar) (*sepakat.RoutingSheet, error) {
	wib := time.FixedZone("WIB", 7*3600)
	today := now.In(wib)
	day := func(back int, hour, minute int) time.Time {
		d := today
		for back > 0 {
			d = d.AddDate(0, 0, -1)
			if cal.IsWorkingDay(d) {
				back--
			}
		}
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, wib)
	}
	akp, arnp, kasubbag := staff["akp"], staff["arnp"], staff["kasubbag"]
	s, err := sepakat.NewRoutingSheet(id, sepakat.DefaultDesks(), akp.ID, day(7, 8, 0))
	if err != nil {
		return nil, err
	}
	marks := []struct {
		n    int
		kind sepakat.MarkKind
		by   *sepakat.User
		at   time.Time
		note string
	}{
		{1, sepakat.MarkReceived, akp, day(7, 8, 30), "Naskah final bernomor, rangkap dua, diantar ke meja Kasubbag."},
		{1, sepakat.MarkInitialled, kasubbag, day(7, 14, 0), ""},
		{2, sepakat.MarkReceived, arnp, day(6, 9, 0), ""},
		{2, sepakat.MarkInitialled, arnp, day(5, 10, 15), "Diparaf setelah rapat pimpinan."},
		{3, sepakat.MarkReceived, akp, day(4, 9, 30), "Diterima sekretaris Asisten Pemerintahan."},
	}
	for _, m := range marks {
		if err := s.Mark(m.n, m.kind, sepakat.Mark{ByID: m.by.ID, ByName: m.by.Name, At: m.at, Note: m.note}); err != nil {
			return nil, fmt.Errorf("demo routing sheet: %w", err)
		}
	}
	return s, nil
}
