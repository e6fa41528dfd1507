package sepakat

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Pemantauan (SOP 19/PDK/2021): at least every six months the PPKSD of a
// signed cooperation records what was done (kegiatan), what was achieved
// (capaian) and what stood in the way (kendala), with photos, video and
// documents; reviewers add notes and the PPKSD follows each one up.

// Limits of monitoring.
const (
	// MaxMonitoringFileSize is the limit of one file of a monitoring entry
	// or an evaluation (100 MB).
	MaxMonitoringFileSize = 100 << 20
	// MaxMonitoringFiles is how many files one entry keeps.
	MaxMonitoringFiles = 30
	// MaxMonitoringNotes is how many notes one entry keeps.
	MaxMonitoringNotes = 200
	// MonitoringIntervalMonths is the longest time between two entries.
	MonitoringIntervalMonths = 6
	// maxMonitoringText bounds each text field of an entry, note or
	// follow-up.
	maxMonitoringText = 10000
)

// MonitoringFileKind sorts the files of an entry for the page.
type MonitoringFileKind string

// The kinds of monitoring files.
const (
	MonitoringPhoto    MonitoringFileKind = "foto"
	MonitoringVideo    MonitoringFileKind = "video"
	MonitoringDocument MonitoringFileKind = "dokumen"
)

// MonitoringFileKindOf tells the kind of a file from its checked content
// type.
func MonitoringFileKindOf(contentType string) MonitoringFileKind {
	switch {
	case strings.HasPrefix(contentType, "image/"):
		return MonitoringPhoto
	case strings.HasPrefix(contentType, "video/"):
		return MonitoringVideo
	}
	return MonitoringDocument
}

// Label is the kind as users read it.
func (k MonitoringFileKind) Label() string {
	switch k {
	case MonitoringPhoto:
		return "Foto"
	case MonitoringVideo:
		return "Video"
	}
	return "Dokumen"
}

// MonitoringFile is one file of an entry. N numbers the files of the entry
// from 1.
type MonitoringFile struct {
	N    int                `json:"n"`
	Kind MonitoringFileKind `json:"kind"`
	File File               `json:"file"`
}

// FollowUp is the PPKSD's tindak lanjut of a note.
type FollowUp struct {
	Text   string    `json:"text"`
	ByID   int64     `json:"by_id"`
	ByName string    `json:"by_name"`
	At     time.Time `json:"at"`
}

// ReviewNote is a reviewer's note on a monitoring entry or an evaluation,
// with the PPKSD's follow-up once written. N numbers the notes from 1.
type ReviewNote struct {
	N          int       `json:"n"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	AuthorRole Role      `json:"author_role"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
	FollowUp   *FollowUp `json:"follow_up,omitempty"`
}

// MonitoringInput is the text of a monitoring entry.
type MonitoringInput struct {
	Period      string `json:"period"`      // periode kegiatan, e.g. "Januari–Juni 2026"
	Activity    string `json:"activity"`    // kegiatan
	Achievement string `json:"achievement"` // capaian
	Obstacle    string `json:"obstacle"`    // kendala
}

// Validate trims the fields and checks that the activity is given and no
// field is too long.
func (in *MonitoringInput) Validate() error {
	for _, f := range []*string{&in.Period, &in.Activity, &in.Achievement, &in.Obstacle} {
		*f = strings.TrimSpace(*f)
		if utf8.RuneCountInString(*f) > maxMonitoringText {
			return Errorf(EINVALID, "Isian pemantauan terlalu panjang (paling banyak %d huruf per kolom).", maxMonitoringText)
		}
	}
	if utf8.RuneCountInString(in.Period) > 200 {
		return Errorf(EINVALID, "Periode terlalu panjang (paling banyak 200 huruf).")
	}
	if in.Activity == "" {
		return Errorf(EINVALID, "Kegiatan yang dilaksanakan wajib diisi.")
	}
	return nil
}

// CheckNoteText trims a note or follow-up and checks it is given and not
// too long; what names it in the message.
func CheckNoteText(text *string, what string) error {
	*text = strings.TrimSpace(*text)
	if *text == "" {
		return Errorf(EINVALID, "%s wajib diisi.", what)
	}
	if utf8.RuneCountInString(*text) > maxMonitoringText {
		return Errorf(EINVALID, "%s terlalu panjang (paling banyak %d huruf).", what, maxMonitoringText)
	}
	return nil
}

// MonitoringEntry is one monitoring report of a cooperation.
type MonitoringEntry struct {
	ID            int64 `json:"id"`
	CooperationID int64 `json:"cooperation_id"`
	MonitoringInput
	Files      []MonitoringFile `json:"files"`
	NextFile   int              `json:"next_file"`
	Notes      []ReviewNote     `json:"notes"`
	NextNote   int              `json:"next_note"`
	AuthorID   int64            `json:"author_id"`
	AuthorName string           `json:"author_name"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

// File returns file n, or nil.
func (e *MonitoringEntry) File(n int) *MonitoringFile {
	for i := range e.Files {
		if e.Files[i].N == n {
			return &e.Files[i]
		}
	}
	return nil
}

// Note returns note n, or nil.
func (e *MonitoringEntry) Note(n int) *ReviewNote {
	for i := range e.Notes {
		if e.Notes[i].N == n {
			return &e.Notes[i]
		}
	}
	return nil
}

// FilesOf returns the files of kind k.
func (e *MonitoringEntry) FilesOf(k MonitoringFileKind) []MonitoringFile {
	var out []MonitoringFile
	for _, f := range e.Files {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// SignedAt is when c entered Pemantauan: the first move into pemantauan in
// its history (the completion of the signing). It is zero for a
// cooperation never signed.
func SignedAt(c *Cooperation) time.Time {
	for _, h := range c.History {
		if h.To == StagePemantauan {
			return h.At
		}
	}
	return time.Time{}
}

// AddMonths adds n months to t, keeping the day of the month but never
// passing the month's last day (31 August + 6 months is 28 or 29
// February, not 2 or 3 March).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// MonitoringOpen reports whether monitoring entries may be added in stage
// s: pemantauan and evaluasi.
func MonitoringOpen(s Stage) bool {
	return s == StagePemantauan || s == StageEvaluasi
}

// MonitoringDue is when the next monitoring entry of c is due: six months
// after the last entry (lastEntry, zero when none), or after the signing.
// ok is false when c takes no monitoring (not signed, or past evaluasi).
func MonitoringDue(c *Cooperation, lastEntry time.Time) (due time.Time, ok bool) {
	if !MonitoringOpen(c.Stage) {
		return time.Time{}, false
	}
	base := lastEntry
	if base.IsZero() {
		base = SignedAt(c)
	}
	if base.IsZero() {
		return time.Time{}, false
	}
	return AddMonths(base, MonitoringIntervalMonths), true
}

// MonitoringStatus is what the cooperation page and the API show of the
// monitoring schedule.
type MonitoringStatus struct {
	SignedAt  time.Time `json:"signed_at,omitzero"`
	LastEntry time.Time `json:"last_entry,omitzero"`
	Due       time.Time `json:"due,omitzero"`
	Overdue   bool      `json:"overdue"`
}

// NewMonitoringStatus computes the schedule of c at now.
func NewMonitoringStatus(c *Cooperation, lastEntry, now time.Time) MonitoringStatus {
	st := MonitoringStatus{SignedAt: SignedAt(c), LastEntry: lastEntry}
	if due, ok := MonitoringDue(c, lastEntry); ok {
		st.Due = due
		st.Overdue = !now.Before(due)
	}
	return st
}

// CanAddMonitoring reports whether u may add entries and files to c's
// monitoring: its own verified PPKSD.
func CanAddMonitoring(u *User, c *Cooperation) bool {
	return u != nil && u.Active && u.Role == RolePPKSD && u.Verified && c.IsOfficer(u.ID)
}

// CanReviewMonitoring reports whether u may add notes to c's monitoring
// and evaluation: AKP, ARNP, Kasubbag and a TKKSD member granted c.
func CanReviewMonitoring(u *User, c *Cooperation) bool {
	if u == nil || !u.Active {
		return false
	}
	return u.Role.IsOffice() || (u.Role == RoleTKKSD && c.IsGranted(u.ID))
}

// checkOpen returns ECONFLICT outside pemantauan and evaluasi.
func checkMonitoringStage(c *Cooperation, what string) error {
	if !MonitoringOpen(c.Stage) {
		return Errorf(ECONFLICT, "%s hanya dapat dilakukan pada tahap Pemantauan atau Evaluasi (kerja sama ini pada tahap %s).", what, c.Stage.Label())
	}
	return nil
}

// CheckAddMonitoring returns nil when u may add to c's monitoring now:
// EFORBIDDEN for anyone but its PPKSD, ECONFLICT outside pemantauan and
// evaluasi.
func CheckAddMonitoring(u *User, c *Cooperation) error {
	if !CanAddMonitoring(u, c) {
		return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini yang dapat mengisi data pemantauan.")
	}
	return checkMonitoringStage(c, "Pengisian data pemantauan")
}

// CheckReviewNote returns nil when u may add a note to c's monitoring or
// evaluation now.
func CheckReviewNote(u *User, c *Cooperation) error {
	if !CanReviewMonitoring(u, c) {
		return Errorf(EFORBIDDEN, "Hanya AKP, ARNP, Kasubbag atau anggota TKKSD yang diberi akses yang dapat memberi catatan.")
	}
	return checkMonitoringStage(c, "Pemberian catatan")
}

// CheckFollowUp returns nil when u may write the follow-up of a note on
// c: its PPKSD.
func CheckFollowUp(u *User, c *Cooperation) error {
	if !CanAddMonitoring(u, c) {
		return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini yang dapat menuliskan tindak lanjut.")
	}
	return checkMonitoringStage(c, "Penulisan tindak lanjut")
}

// MonitoringService keeps the monitoring entries of cooperations. Whoever
// sees a cooperation sees its entries; its PPKSD adds entries and files
// and follows notes up; reviewers add notes. Every change is audited and
// announced.
type MonitoringService interface {
	// FindMonitoring returns the entries of cooperation id, oldest first,
	// and its schedule.
	FindMonitoring(ctx context.Context, id int64) ([]*MonitoringEntry, MonitoringStatus, error)
	// FindMonitoringEntry returns entry of cooperation id.
	FindMonitoringEntry(ctx context.Context, id, entry int64) (*MonitoringEntry, error)
	// AddMonitoringEntry adds an entry and notifies the office.
	AddMonitoringEntry(ctx context.Context, id int64, in MonitoringInput) (*MonitoringEntry, error)
	// AddMonitoringFile adds a stored, already checked file to an entry.
	AddMonitoringFile(ctx context.Context, id, entry int64, file File) (*MonitoringEntry, error)
	// AddMonitoringNote adds a reviewer's note and notifies the PPKSD.
	AddMonitoringNote(ctx context.Context, id, entry int64, text string) (*MonitoringEntry, error)
	// FollowUpMonitoringNote writes the PPKSD's follow-up of note n and
	// notifies its author.
	FollowUpMonitoringNote(ctx context.Context, id, entry int64, n int, text string) (*MonitoringEntry, error)
}

// ReminderService sends the reminders of the background job.
type ReminderService interface {
	// SendReminders notifies, once per due date, the PPKSD of every
	// cooperation whose monitoring entry is due at now, and the office and
	// PPKSD of every cooperation whose term ends within six months or has
	// ended. It returns how many notices it sent.
	SendReminders(ctx context.Context, now time.Time) (int, error)
}

// Content types of Office files accepted by their magic bytes: Word,
// Excel and PowerPoint files since 2007 are zip archives; older ones and
// password-protected files are OLE compound files.
const (
	OfficeZipType = "application/vnd.openxmlformats-officedocument"
	OfficeOLEType = "application/x-ole-storage"
)

var dateMonths = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// wib is Western Indonesian Time, in which dates of notices are written.
var wib = time.FixedZone("WIB", 7*3600)

// FormatDate writes the day of t in WIB as Indonesians read it: "2
// Januari 2027"; "—" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(wib)
	return fmt.Sprintf("%d %s %d", t.Day(), dateMonths[t.Month()-1], t.Year())
}

// DueLabel is the due date as users read it.
func (st MonitoringStatus) DueLabel() string { return FormatDate(st.Due) }
