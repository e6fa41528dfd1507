package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// The demo cooperations that receive monitoring data: the one in
// Pemantauan and the one in Evaluasi.
var demoMonitored = []string{"Digitalisasi Tiket Destinasi Wisata", "Pertukaran Seniman dan Pelajar Seni Budaya"}

// demoEvaluationYear is the year of the demo's evaluation.
func demoEvaluationYear() int { return time.Now().Year() }

// seedDemoEvaluation fills the evaluation of semester I of this year of
// cooperation id (in Evaluasi) with the default questionnaire, the photo
// as an attachment, the Kasubbag's note and the PPKSD's follow-up.
func seedDemoEvaluation(as func(*sepakat.User) context.Context, db *storage.DB, staff map[string]*sepakat.User, p1 *sepakat.User, id int64, sha string, size int64, ct string) error {
	year, p := demoEvaluationYear(), sepakat.PeriodSemester1
	answers := map[string]string{}
	for _, q := range sepakat.DefaultQuestionnaire().Questions {
		switch q.Type {
		case sepakat.QuestionScale:
			answers[q.ID] = "4"
		case sepakat.QuestionYesNo:
			answers[q.ID] = "ya"
		default:
			answers[q.ID] = "Kegiatan pertukaran berjalan sesuai rencana kerja; 24 seniman dan 60 pelajar terlibat."
		}
	}
	if _, err := db.SaveEvaluation(as(p1), id, year, p, answers); err != nil {
		return err
	}
	if _, err := db.AddEvaluationFile(as(p1), id, year, p, sepakat.File{SHA256: sha, Size: size, ContentType: ct, Name: "dokumentasi-evaluasi.png"}); err != nil {
		return err
	}
	if _, err := db.AddEvaluationNote(as(staff["kasubbag"]), id, year, p, "Sertakan rekapitulasi anggaran yang terealisasi."); err != nil {
		return err
	}
	_, err := db.FollowUpEvaluationNote(as(p1), id, year, p, 1, "Rekapitulasi anggaran dilampirkan pada laporan tahunan.")
	return err
}

// seedDemoMonitoring gives each demo cooperation in Pemantauan or Evaluasi
// one monitoring entry by PPKSD-1 with a photo, the AKP's note and the
// PPKSD's follow-up.
func seedDemoMonitoring(sys context.Context, db *storage.DB, blobs sepakat.BlobStore, staff map[string]*sepakat.User, p1 *sepakat.User) error {
	as := func(u *sepakat.User) context.Context { return sepakat.NewContextWithUser(sys, u) }
	items, _, err := db.FindCooperations(as(staff["kasubbag"]), sepakat.CooperationFilter{Limit: 500})
	if err != nil {
		return err
	}
	for i, title := range demoMonitored {
		var id int64
		for _, c := range items {
			if c.Title == title {
				id = c.ID
			}
		}
		if id == 0 {
			return fmt.Errorf("demo monitoring: no cooperation %q", title)
		}
		e, err := db.AddMonitoringEntry(as(p1), id, sepakat.MonitoringInput{
			Period:      "Semester I",
			Activity:    "Rapat koordinasi para pihak dan pelaksanaan kegiatan bersama sesuai rencana kerja.",
			Achievement: "Kegiatan terlaksana; 120 peserta; laporan kegiatan disusun.",
			Obstacle:    "Jadwal narasumber beberapa kali berubah.",
		})
		if err != nil {
			return fmt.Errorf("demo monitoring %q: %w", title, err)
		}
		photo := demoPhoto(i)
		sha, size, ct, err := blobs.Put(sys, bytes.NewReader(photo), sepakat.MaxMonitoringFileSize,
			func(io.ReadSeeker, int64) (string, error) { return "image/png", nil })
		if err != nil {
			return err
		}
		if _, err := db.AddMonitoringFile(as(p1), id, e.ID, sepakat.File{SHA256: sha, Size: size, ContentType: ct, Name: "foto-kegiatan.png"}); err != nil {
			return fmt.Errorf("demo monitoring photo %q: %w", title, err)
		}
		if _, err := db.AddMonitoringNote(as(staff["akp"]), id, e.ID, "Mohon lampirkan daftar hadir dan notulen rapat koordinasi."); err != nil {
			return fmt.Errorf("demo monitoring note %q: %w", title, err)
		}
		if _, err := db.FollowUpMonitoringNote(as(p1), id, e.ID, 1, "Daftar hadir dan notulen akan diunggah bersama laporan semester berikutnya."); err != nil {
			return fmt.Errorf("demo monitoring follow-up %q: %w", title, err)
		}
		if i == 1 {
			if err := seedDemoEvaluation(as, db, staff, p1, id, sha, size, ct); err != nil {
				return fmt.Errorf("demo evaluation %q: %w", title, err)
			}
		}
	}
	return nil
}
