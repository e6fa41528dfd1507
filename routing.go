package sepakat

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// DeskAction is what the official at one desk of a routing sheet does with
// the agreement: initial it (paraf) or sign it.
type DeskAction string

// The desk actions.
const (
	// ActionParaf: the official initials every page (the office's chain of
	// officials before the signatories).
	ActionParaf DeskAction = "paraf"
	// ActionSign: the official signs (the Wali Kota and the partner).
	ActionSign DeskAction = "tanda_tangan"
)

// Validate returns an EINVALID error for an unknown action.
func (a DeskAction) Validate() error {
	if a == ActionParaf || a == ActionSign {
		return nil
	}
	return Errorf(EINVALID, "Tindakan meja harus \"paraf\" atau \"tanda_tangan\".")
}

// Label is the action as users read it.
func (a DeskAction) Label() string {
	switch a {
	case ActionParaf:
		return "Paraf"
	case ActionSign:
		return "Tanda tangan"
	}
	return string(a)
}

// MarkKind is one of the marks a desk receives on a routing sheet.
type MarkKind string

// The marks, in the order a desk gets them: received, then initialled or
// signed (by the desk's action).
const (
	MarkReceived   MarkKind = "received"
	MarkInitialled MarkKind = "initialled"
	MarkSigned     MarkKind = "signed"
)

// Validate returns an EINVALID error for an unknown mark.
func (k MarkKind) Validate() error {
	switch k {
	case MarkReceived, MarkInitialled, MarkSigned:
		return nil
	}
	return Errorf(EINVALID, "Tanda harus \"received\" (diterima), \"initialled\" (diparaf) atau \"signed\" (ditandatangani).")
}

// Label is the mark as users read it.
func (k MarkKind) Label() string {
	switch k {
	case MarkReceived:
		return "diterima"
	case MarkInitialled:
		return "diparaf"
	case MarkSigned:
		return "ditandatangani"
	}
	return string(k)
}

// Mark records who marked a desk, when, and an optional note.
type Mark struct {
	ByID   int64     `json:"by_id"`
	ByName string    `json:"by_name"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// Desk is one station of a routing sheet: an official who receives the
// agreement and initials or signs it within a time standard.
type Desk struct {
	// Name is the official's position, e.g. "Sekretaris Daerah".
	Name string `json:"name"`
	// TimeStandard is how many working days the desk may hold the
	// document after receiving it.
	TimeStandard int        `json:"time_standard"`
	Action       DeskAction `json:"action"`
	Received     *Mark      `json:"received,omitempty"`
	Initialled   *Mark      `json:"initialled,omitempty"`
	Signed       *Mark      `json:"signed,omitempty"`
}

// FinishMark is the mark that finishes the desk: initialled for a paraf
// desk, signed for a signing desk.
func (d Desk) FinishMark() MarkKind {
	if d.Action == ActionSign {
		return MarkSigned
	}
	return MarkInitialled
}

// Finished returns the mark that finished the desk, or nil.
func (d Desk) Finished() *Mark {
	if d.Action == ActionSign {
		return d.Signed
	}
	return d.Initialled
}

// marked reports whether the desk has any mark.
func (d Desk) marked() bool {
	return d.Received != nil || d.Initialled != nil || d.Signed != nil
}

// Limits of the desks of a routing sheet.
const (
	MaxDesks            = 20
	MaxDeskName         = 200
	MaxDeskTimeStandard = 60
	MaxMarkNote         = 500
)

// DefaultDesks is the routing of a city's agreement from desk to desk: the
// chain of officials who initial it, the Wali Kota, then the partner.
func DefaultDesks() []Desk {
	return []Desk{
		{Name: "Kasubbag Kerja Sama", TimeStandard: 1, Action: ActionParaf},
		{Name: "Kepala Bagian Kerja Sama", TimeStandard: 1, Action: ActionParaf},
		{Name: "Asisten Pemerintahan", TimeStandard: 2, Action: ActionParaf},
		{Name: "Sekretaris Daerah", TimeStandard: 2, Action: ActionParaf},
		{Name: "Wali Kota", TimeStandard: 3, Action: ActionSign},
		{Name: "Pihak Kedua (mitra)", TimeStandard: 5, Action: ActionSign},
	}
}

// NormalizeDesks tidies and checks a list of desks as the admin or the
// office gives it (the defaults, or a sheet's desks before the first
// mark): 1 to MaxDesks desks, each with a name, a known action and a time
// standard of 0 to MaxDeskTimeStandard working days. Marks are dropped.
func NormalizeDesks(desks []Desk) ([]Desk, error) {
	if len(desks) == 0 {
		return nil, Errorf(EINVALID, "Lembar edaran harus memuat paling sedikit satu meja.")
	}
	if len(desks) > MaxDesks {
		return nil, Errorf(EINVALID, "Lembar edaran paling banyak memuat %d meja.", MaxDesks)
	}
	out := make([]Desk, len(desks))
	for i, d := range desks {
		name := strings.Join(strings.Fields(d.Name), " ")
		if name == "" {
			return nil, Errorf(EINVALID, "Meja ke-%d belum diberi nama pejabat.", i+1)
		}
		if utf8.RuneCountInString(name) > MaxDeskName {
			return nil, Errorf(EINVALID, "Nama meja ke-%d terlalu panjang (paling banyak %d huruf).", i+1, MaxDeskName)
		}
		if d.TimeStandard < 0 || d.TimeStandard > MaxDeskTimeStandard {
			return nil, Errorf(EINVALID, "Standar waktu meja ke-%d harus 0 sampai %d hari kerja.", i+1, MaxDeskTimeStandard)
		}
		if err := d.Action.Validate(); err != nil {
			return nil, Errorf(EINVALID, "Meja ke-%d: %s", i+1, ErrorMessage(err))
		}
		out[i] = Desk{Name: name, TimeStandard: d.TimeStandard, Action: d.Action}
	}
	return out, nil
}

// RoutingSheet is the lembar edaran of a cooperation signed desk to desk:
// the desks in order, each marked received and then initialled or signed.
type RoutingSheet struct {
	CooperationID int64     `json:"cooperation_id"`
	Desks         []Desk    `json:"desks"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedBy     int64     `json:"created_by"`
}

// NewRoutingSheet starts the sheet of a cooperation from a list of desks
// (normally the office's defaults).
func NewRoutingSheet(cooperationID int64, desks []Desk, by int64, at time.Time) (*RoutingSheet, error) {
	ds, err := NormalizeDesks(desks)
	if err != nil {
		return nil, err
	}
	return &RoutingSheet{CooperationID: cooperationID, Desks: ds, CreatedAt: at, CreatedBy: by}, nil
}

// Started reports whether any desk was marked.
func (s *RoutingSheet) Started() bool {
	for i := range s.Desks {
		if s.Desks[i].marked() {
			return true
		}
	}
	return false
}

// Progress returns how many desks finished and how many there are.
func (s *RoutingSheet) Progress() (finished, total int) {
	for i := range s.Desks {
		if s.Desks[i].Finished() != nil {
			finished++
		}
	}
	return finished, len(s.Desks)
}

// Done reports whether every desk finished.
func (s *RoutingSheet) Done() bool {
	f, n := s.Progress()
	return n > 0 && f == n
}

// SetDesks replaces the desks of a sheet nobody marked yet (ECONFLICT once
// the first desk was marked).
func (s *RoutingSheet) SetDesks(desks []Desk) error {
	if s.Started() {
		return Errorf(ECONFLICT, "Daftar meja tidak dapat diubah lagi: lembar edaran sudah mulai beredar.")
	}
	ds, err := NormalizeDesks(desks)
	if err != nil {
		return err
	}
	s.Desks = ds
	return nil
}

// Mark records mark kind on desk n (from 1) under the rules of the
// routing: a desk receives the document only after the desk before it
// finished, and initials or signs (by its action) only after receiving it;
// every mark is given once. Moves out of order are ECONFLICT.
func (s *RoutingSheet) Mark(n int, kind MarkKind, m Mark) error {
	if n < 1 || n > len(s.Desks) {
		return Errorf(ENOTFOUND, "Meja ke-%d tidak ada pada lembar edaran ini.", n)
	}
	if err := kind.Validate(); err != nil {
		return err
	}
	m.Note = strings.TrimSpace(m.Note)
	if utf8.RuneCountInString(m.Note) > MaxMarkNote {
		return Errorf(EINVALID, "Catatan terlalu panjang (paling banyak %d huruf).", MaxMarkNote)
	}
	d := &s.Desks[n-1]
	switch kind {
	case MarkReceived:
		if d.Received != nil {
			return Errorf(ECONFLICT, "Meja ke-%d (%s) sudah menerima dokumen.", n, d.Name)
		}
		if n > 1 {
			if prev := &s.Desks[n-2]; prev.Finished() == nil {
				return Errorf(ECONFLICT, "Meja ke-%d (%s) belum selesai; dokumen belum dapat diterima meja ke-%d (%s).", n-1, prev.Name, n, d.Name)
			}
		}
		d.Received = &m
		return nil
	}
	if kind != d.FinishMark() {
		if d.Action == ActionSign {
			return Errorf(ECONFLICT, "Meja ke-%d (%s) menandatangani, bukan memaraf.", n, d.Name)
		}
		return Errorf(ECONFLICT, "Meja ke-%d (%s) memaraf, bukan menandatangani.", n, d.Name)
	}
	if d.Received == nil {
		return Errorf(ECONFLICT, "Meja ke-%d (%s) belum menerima dokumen.", n, d.Name)
	}
	if d.Finished() != nil {
		return Errorf(ECONFLICT, "Meja ke-%d (%s) sudah %s.", n, d.Name, kind.Label())
	}
	if kind == MarkSigned {
		d.Signed = &m
	} else {
		d.Initialled = &m
	}
	return nil
}

// Validate checks a whole sheet as stored or imported: its desks, and its
// marks in an order Mark could have made them.
func (s *RoutingSheet) Validate() error {
	if s.CooperationID <= 0 {
		return Errorf(EINVALID, "Lembar edaran tanpa kerja sama.")
	}
	replay := RoutingSheet{CooperationID: s.CooperationID}
	var err error
	if replay.Desks, err = NormalizeDesks(s.Desks); err != nil {
		return err
	}
	var last time.Time
	for i := range s.Desks {
		d := &s.Desks[i]
		if d.Action == ActionSign && d.Initialled != nil || d.Action == ActionParaf && d.Signed != nil {
			return Errorf(ECONFLICT, "Meja ke-%d (%s) memuat tanda yang tidak sesuai tindakannya.", i+1, d.Name)
		}
		for _, mk := range []struct {
			kind MarkKind
			m    *Mark
		}{{MarkReceived, d.Received}, {d.FinishMark(), d.Finished()}} {
			if mk.m == nil {
				continue
			}
			if mk.m.At.Before(last) {
				return Errorf(ECONFLICT, "Tanda meja ke-%d (%s) lebih awal dari tanda sebelumnya.", i+1, d.Name)
			}
			last = mk.m.At
			if err := replay.Mark(i+1, mk.kind, *mk.m); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeskState is where a desk stands.
type DeskState string

// The desk states.
const (
	DeskWaiting  DeskState = "menunggu" // the document has not reached the desk
	DeskHolding  DeskState = "diterima" // the desk holds the document
	DeskFinished DeskState = "selesai"  // the desk initialled or signed
)

// DeskStatus is a desk with where it stands at a moment: its deadline and,
// while it holds the document past the deadline, how many working days
// late it is.
type DeskStatus struct {
	Number int `json:"number"`
	Desk
	State DeskState `json:"state"`
	// Due is the end of the desk's time standard, counted in working days
	// from the day it received the document; zero before it received it.
	Due time.Time `json:"due,omitzero"`
	// Overdue: the desk holds the document beyond its time standard.
	Overdue bool `json:"overdue"`
	// LateDays is how many working days past the time standard the desk
	// has held the document (0 when not overdue).
	LateDays int `json:"late_days"`
}

// RoutingStatus is a routing sheet with the state of every desk at a
// moment, and its progress.
type RoutingStatus struct {
	CooperationID int64        `json:"cooperation_id"`
	Desks         []DeskStatus `json:"desks"`
	Finished      int          `json:"finished"`
	Total         int          `json:"total"`
	// Percent is Finished out of Total, rounded down.
	Percent int  `json:"percent"`
	Done    bool `json:"done"`
	// Current is the number of the desk that holds the document or is next
	// to receive it (0 when every desk finished).
	Current   int       `json:"current"`
	Overdue   int       `json:"overdue"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy int64     `json:"created_by"`
}

// Status returns the state of every desk at now, counting working days in
// cal in now's location: a desk that has not finished is overdue once a
// working day has passed after its deadline (the day it received the
// document, or the next working day, plus its time standard), by the
// number of working days past the deadline.
func (s *RoutingSheet) Status(now time.Time, cal *Calendar) RoutingStatus {
	st := RoutingStatus{CooperationID: s.CooperationID, CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, Desks: make([]DeskStatus, len(s.Desks))}
	st.Finished, st.Total = s.Progress()
	if st.Total > 0 {
		st.Percent = st.Finished * 100 / st.Total
	}
	st.Done = st.Total > 0 && st.Finished == st.Total
	for i, d := range s.Desks {
		ds := DeskStatus{Number: i + 1, Desk: d, State: DeskWaiting}
		if st.Current == 0 && d.Finished() == nil {
			st.Current = i + 1
		}
		if d.Received != nil {
			received := d.Received.At.In(now.Location())
			ds.State = DeskHolding
			ds.Due = cal.AddWorkingDays(received, d.TimeStandard)
			if d.Finished() != nil {
				ds.State = DeskFinished
			} else if late := cal.WorkingDaysBetween(ds.Due, now); late > 0 {
				ds.Overdue, ds.LateDays = true, late
				st.Overdue++
			}
		}
		st.Desks[i] = ds
	}
	return st
}

// RoutingService keeps the routing sheets of cooperations signed desk to
// desk. A sheet exists for a cooperation in StagePenandatanganan whose
// signing method is MethodDesk (ECONFLICT otherwise); it is created from the
// office's default desks when first read or marked. The office (AKP, ARNP,
// Kasubbag) marks desks and may change a sheet's desks before the first
// mark; the PPKSD of the cooperation and granted TKKSD members read it; the
// protocol office does not (EFORBIDDEN). Every change is audited; the PPKSD
// are notified when the last desk finishes.
type RoutingService interface {
	// RoutingSheet returns the cooperation's sheet, created on first use.
	RoutingSheet(ctx context.Context, cooperationID int64) (*RoutingSheet, error)
	// MarkDesk marks desk n (from 1) of the cooperation's sheet.
	MarkDesk(ctx context.Context, cooperationID int64, n int, kind MarkKind, note string) (*RoutingSheet, error)
	// SetRoutingDesks replaces the desks of a sheet before its first mark.
	SetRoutingDesks(ctx context.Context, cooperationID int64, desks []Desk) (*RoutingSheet, error)
	// RoutingDefaults returns the default desks new sheets start from.
	RoutingDefaults(ctx context.Context) ([]Desk, error)
	// SetRoutingDefaults replaces the default desks (admin only).
	SetRoutingDefaults(ctx context.Context, desks []Desk) ([]Desk, error)
}

// CanSeeRouting reports whether u, who may see cooperation c, may see its
// routing sheet: the office, the PPKSD of the cooperation and granted
// TKKSD members; not the protocol office.
func CanSeeRouting(u *User, c *Cooperation) bool {
	if !CanView(u, c) {
		return false
	}
	return u.Role.IsOffice() || u.Role == RolePPKSD || u.Role == RoleTKKSD
}

// CanMarkRouting reports whether u may mark the desks of c's routing sheet
// and change its desks: the cooperation office.
func CanMarkRouting(u *User, c *Cooperation) bool {
	return CanView(u, c) && u.Role.IsOffice()
}

// RoutingPrint is what a printed routing sheet shows.
type RoutingPrint struct {
	Code  string // the cooperation's code, e.g. KSD-2026-0007
	Title string
	// Numbers are the document numbers of the cooperation's agreements,
	// if they have them.
	Numbers  []string
	Partners string
	Status   RoutingStatus
	// URL is what the QR code opens: the cooperation's page.
	URL string
	// PrintedAt is the moment of printing, in the office's time zone.
	PrintedAt time.Time
}

// RoutingPrinter prints routing sheets as PDFs (the signing package).
type RoutingPrinter interface {
	PrintRoutingSheet(ctx context.Context, w io.Writer, p RoutingPrint) error
}
