package storage

import (
	"time"

	"github.com/sepakat/sepakat"
)

// Monitoring entries and evaluations share their attachments, their
// reviewers' notes and the PPKSD's follow-ups; the helpers here serve both.

// Content types a monitoring or evaluation file may have (checked by
// content before it was stored).
var monitoringTypes = []string{
	"image/jpeg", "image/png", "video/mp4", "video/quicktime", "video/webm", "application/pdf",
	sepakat.OfficeZipType, sepakat.OfficeOLEType,
}

// attachFile adds the stored, checked file to files, numbered from next,
// and references its content under cooperation c; what names the
// attachments in the refusal when they are full ("Berkas satu data
// pemantauan").
func (tx *tx) attachFile(c *sepakat.Cooperation, files *[]sepakat.MonitoringFile, next *int, file sepakat.File, what string) (sepakat.MonitoringFile, error) {
	if len(*files) >= sepakat.MaxMonitoringFiles {
		return sepakat.MonitoringFile{}, sepakat.Errorf(sepakat.EINVALID, "%s paling banyak %d.", what, sepakat.MaxMonitoringFiles)
	}
	if file.UploadedAt.IsZero() {
		file.UploadedAt = tx.now
	}
	if *next < 1 {
		*next = 1
	}
	f := sepakat.MonitoringFile{N: *next, Kind: sepakat.MonitoringFileKindOf(file.ContentType), File: file}
	*next++
	*files = append(*files, f)
	if err := tx.setFileRefs(cooperationObject(c.ID), nil, []string{file.SHA256}); err != nil {
		return sepakat.MonitoringFile{}, err
	}
	return f, nil
}

// addNote appends a note by a to notes and returns its number; what names
// the notes in the refusal when they are full ("Catatan satu evaluasi").
func addNote(notes *[]sepakat.ReviewNote, next *int, a *sepakat.User, text string, now time.Time, what string) (int, error) {
	if len(*notes) >= sepakat.MaxMonitoringNotes {
		return 0, sepakat.Errorf(sepakat.EINVALID, "%s paling banyak %d.", what, sepakat.MaxMonitoringNotes)
	}
	if *next < 1 {
		*next = 1
	}
	n := *next
	*next++
	*notes = append(*notes, sepakat.ReviewNote{N: n, AuthorID: a.ID, AuthorName: a.Name, AuthorRole: a.Role, Text: text, CreatedAt: now})
	return n, nil
}

// followUp writes a's follow-up of note n in notes.
func followUp(notes []sepakat.ReviewNote, n int, a *sepakat.User, text string, now time.Time) (*sepakat.ReviewNote, error) {
	for i := range notes {
		if notes[i].N == n {
			notes[i].FollowUp = &sepakat.FollowUp{Text: text, ByID: a.ID, ByName: a.Name, At: now}
			return &notes[i], nil
		}
	}
	return nil, sepakat.Errorf(sepakat.ENOTFOUND, "Catatan %d tidak ditemukan.", n)
}

// auditNotify audits a's action on cooperation c with detail, then
// notifies to with message and link.
func (tx *tx) auditNotify(a *sepakat.User, c *sepakat.Cooperation, action, detail string, to []int64, message, link string) error {
	if err := tx.appendAudit(a, action, cooperationObject(c.ID), detail); err != nil {
		return err
	}
	return tx.notify(to, message, link, c.ID)
}
