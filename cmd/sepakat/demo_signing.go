package main

import (
	"context"
	"fmt"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// The demo cooperations of the signing schedule.
const (
	demoMethodPendingTitle = "Promosi Bersama Wisata Sungai Mahakam"
	demoRevisedTitle       = "Pengembangan Ekowisata Hutan Mangrove"
)

// seedDemoSigning adds two cooperations of ppksd1 in Penandatanganan: one
// waiting for its signing method, and one in person whose proposal the
// protocol office answered with a counter-proposal and a reason, waiting
// for the PPKSD.
func seedDemoSigning(sys context.Context, db *storage.DB, staff map[string]*sepakat.User, p1, p2 *sepakat.User) error {
	as := func(u *sepakat.User) context.Context { return sepakat.NewContextWithUser(sys, u) }
	if _, err := demoSigningStage(sys, db, staff, p1, p2, demoCooperation{demoMethodPendingTitle, "Pariwisata",
		"Pemerintah Kabupaten Kutai Barat", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StagePenandatanganan}); err != nil {
		return err
	}
	c, err := demoSigningStage(sys, db, staff, p1, p2, demoCooperation{demoRevisedTitle, "Lingkungan Hidup",
		"Yayasan Konservasi Pesisir Kalimantan", sepakat.KindKSDPK, sepakat.InstitutionOrganisasi, sepakat.StagePenandatanganan})
	if err != nil {
		return err
	}
	if _, err := db.ChooseSigningMethod(as(p1), c.ID, sepakat.MethodInPerson); err != nil {
		return fmt.Errorf("demo %q: choose in person: %w", demoRevisedTitle, err)
	}
	// Ten working days ahead, 09.00–10.30 WIB; the protocol office counters
	// with the next working day at 13.30.
	wib := time.FixedZone("WIB", 7*3600)
	cal := sepakat.DefaultCalendar()
	day := cal.AddWorkingDays(time.Now().In(wib), 10)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, wib)
	s, err := db.ProposeSigning(as(p1), c.ID, sepakat.ProposalInput{
		Start: start, End: start.Add(90 * time.Minute), Venue: "Ruang Rapat Wali Kota, Balai Kota Lt. 2",
		Attendees: "Wali Kota; Ketua Yayasan Konservasi Pesisir Kalimantan; Kepala Dinas Pariwisata dan Ekonomi Kreatif",
		Notes:     "Penandatanganan disertai penanaman bibit mangrove secara simbolis.", Signatory: sepakat.DefaultSignatory,
	})
	if err != nil {
		return fmt.Errorf("demo %q: propose: %w", demoRevisedTitle, err)
	}
	next := cal.AddWorkingDays(start, 1)
	counter := time.Date(next.Year(), next.Month(), next.Day(), 13, 30, 0, 0, wib)
	if _, _, err := db.RespondSigning(as(staff["protokol"]), s.Proposals[0].ID, sepakat.ActionRevise, sepakat.ProposalInput{
		Start: counter, End: counter.Add(90 * time.Minute), Venue: "Pendopo Rumah Jabatan Wali Kota", Signatory: sepakat.DefaultSignatory,
	}, "Pagi itu Wali Kota memimpin rapat paripurna DPRD; diusulkan hari kerja berikutnya siang hari di Pendopo."); err != nil {
		return fmt.Errorf("demo %q: counter-proposal: %w", demoRevisedTitle, err)
	}
	return nil
}

// demoSigningStage creates a cooperation of p1 (PPKSD-2 p2) from dc,
// submits it and walks it to dc.stage, as the demo's other cooperations.
func demoSigningStage(sys context.Context, db *storage.DB, staff map[string]*sepakat.User, p1, p2 *sepakat.User, dc demoCooperation) (*sepakat.Cooperation, error) {
	as := func(u *sepakat.User) context.Context { return sepakat.NewContextWithUser(sys, u) }
	c, err := db.CreateCooperation(as(p1), demoApplication(dc, p2.ID))
	if err != nil {
		return nil, fmt.Errorf("demo %q: %w", dc.title, err)
	}
	if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
		return nil, fmt.Errorf("submit %q: %w", dc.title, err)
	}
	if err := advanceDemo(db, as, staff, p1, c, dc.stage); err != nil {
		return nil, fmt.Errorf("advance %q: %w", dc.title, err)
	}
	return c, nil
}
