package sepakat

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The schedule of a signing (Samarinda's "Tahap Penjadwalan"): the method,
// and for an in-person signing the proposals exchanged between the PPKSD and
// the protocol office, as a state machine.
//
//	method_pending ──choose desk──────────────────────────────▶ desk (final)
//	      │ choose in_person
//	      ▼
//	awaiting_proposal ──choose desk (PPKSD/office, no proposal yet)──▶ desk
//	      │ PPKSD proposes
//	      ▼
//	awaiting_protocol ──protocol accepts──▶ scheduled
//	      │   ▲                                 │ PPKSD proposes a new time → awaiting_protocol
//	      │   │ PPKSD revises                   │ protocol revises → awaiting_ppksd
//	      │   │                                 ▼
//	      └─protocol revises──▶ awaiting_ppksd ──PPKSD accepts──▶ scheduled
//
// From awaiting_protocol, awaiting_ppksd and scheduled the protocol office
// may reject the in-person signing and switch it to desk to desk: that is
// final, the PPKSD can no longer answer and the .ics event is cancelled.
//
// Rules after acceptance: the schedule stays open until the cooperation
// leaves the signing stage. The PPKSD may propose a new time (the accepted
// proposal becomes "superseded", state awaiting_protocol); the protocol
// office may counter with a new time (awaiting_ppksd). Every change of the
// event raises its ICS sequence, so calendars replace the earlier invitation.
//
// Who: the method is chosen by the cooperation's own PPKSD or by the
// cooperation office (AKP, ARNP, Kasubbag). Proposals and answers to the
// protocol's counter-proposals come from the cooperation's own PPKSD. The
// protocol office (RoleProtokol) answers the PPKSD's proposals; the
// Kasubbag KSD may act for it. A role that may never make a move gets
// EFORBIDDEN; a role that may make it, but not in the current state, gets
// ECONFLICT.

// SigningState is where the schedule of a signing stands.
type SigningState string

// The signing states.
const (
	// SigningMethodPending: no method chosen yet.
	SigningMethodPending SigningState = "method_pending"
	// SigningDesk: desk to desk, chosen or switched to; final.
	SigningDesk SigningState = "desk"
	// SigningAwaitingProposal: in person; the PPKSD has not proposed yet.
	SigningAwaitingProposal SigningState = "awaiting_proposal"
	// SigningAwaitingProtocol: a proposal of the PPKSD awaits the protocol office.
	SigningAwaitingProtocol SigningState = "awaiting_protocol"
	// SigningAwaitingPPKSD: a counter-proposal of the protocol office awaits the PPKSD.
	SigningAwaitingPPKSD SigningState = "awaiting_ppksd"
	// SigningScheduled: a proposal was accepted; the signing is scheduled.
	SigningScheduled SigningState = "scheduled"
)

// SigningStates lists every state.
var SigningStates = []SigningState{SigningMethodPending, SigningDesk, SigningAwaitingProposal, SigningAwaitingProtocol, SigningAwaitingPPKSD, SigningScheduled}

// Label is the state as users read it.
func (s SigningState) Label() string {
	switch s {
	case SigningMethodPending, "":
		return "Menunggu pilihan metode"
	case SigningDesk:
		return "Meja ke meja"
	case SigningAwaitingProposal:
		return "Tatap muka: menunggu usulan jadwal PPKSD"
	case SigningAwaitingProtocol:
		return "Tatap muka: menunggu jawaban Bagian Protokol"
	case SigningAwaitingPPKSD:
		return "Tatap muka: menunggu jawaban PPKSD atas usulan Protokol"
	case SigningScheduled:
		return "Tatap muka: terjadwal"
	}
	return string(s)
}

// SigningAction is one move of the schedule.
type SigningAction string

// The moves.
const (
	ActionChooseDesk     SigningAction = "choose_desk"
	ActionChooseInPerson SigningAction = "choose_in_person"
	ActionPropose        SigningAction = "propose"
	ActionAccept         SigningAction = "accept"
	ActionRevise         SigningAction = "revise"
	ActionSwitchToDesk   SigningAction = "switch_to_desk"
)

// SigningActions lists every move.
var SigningActions = []SigningAction{ActionChooseDesk, ActionChooseInPerson, ActionPropose, ActionAccept, ActionRevise, ActionSwitchToDesk}

// Label is the move as users read it.
func (a SigningAction) Label() string {
	switch a {
	case ActionChooseDesk:
		return "memilih metode meja ke meja"
	case ActionChooseInPerson:
		return "memilih metode tatap muka"
	case ActionPropose:
		return "mengusulkan jadwal"
	case ActionAccept:
		return "menerima jadwal"
	case ActionRevise:
		return "mengusulkan perubahan jadwal"
	case ActionSwitchToDesk:
		return "menolak tatap muka dan beralih ke meja ke meja"
	}
	return string(a)
}

// SigningSide is the party a user acts for in the schedule.
type SigningSide string

// The sides.
const (
	SideNone SigningSide = ""
	// SideApplicant is the cooperation's own PPKSD.
	SideApplicant SigningSide = "ppksd"
	// SideOffice is the cooperation office (AKP, ARNP, Kasubbag), which may
	// choose the method.
	SideOffice SigningSide = "office"
	// SideProtocol is the protocol office, or the Kasubbag acting for it.
	SideProtocol SigningSide = "protokol"
)

// signingRule is one allowed move: from a state, by a side, to a state.
type signingRule struct {
	from   SigningState
	action SigningAction
	side   SigningSide
	to     SigningState
}

// signingRules is the state machine. Anything not listed is refused.
var signingRules = []signingRule{
	{SigningMethodPending, ActionChooseDesk, SideApplicant, SigningDesk},
	{SigningMethodPending, ActionChooseDesk, SideOffice, SigningDesk},
	{SigningMethodPending, ActionChooseInPerson, SideApplicant, SigningAwaitingProposal},
	{SigningMethodPending, ActionChooseInPerson, SideOffice, SigningAwaitingProposal},
	{SigningAwaitingProposal, ActionChooseDesk, SideApplicant, SigningDesk},
	{SigningAwaitingProposal, ActionChooseDesk, SideOffice, SigningDesk},
	{SigningAwaitingProposal, ActionPropose, SideApplicant, SigningAwaitingProtocol},
	{SigningAwaitingProtocol, ActionAccept, SideProtocol, SigningScheduled},
	{SigningAwaitingProtocol, ActionRevise, SideProtocol, SigningAwaitingPPKSD},
	{SigningAwaitingProtocol, ActionSwitchToDesk, SideProtocol, SigningDesk},
	{SigningAwaitingPPKSD, ActionAccept, SideApplicant, SigningScheduled},
	{SigningAwaitingPPKSD, ActionRevise, SideApplicant, SigningAwaitingProtocol},
	{SigningAwaitingPPKSD, ActionSwitchToDesk, SideProtocol, SigningDesk},
	{SigningScheduled, ActionPropose, SideApplicant, SigningAwaitingProtocol},
	{SigningScheduled, ActionRevise, SideProtocol, SigningAwaitingPPKSD},
	{SigningScheduled, ActionSwitchToDesk, SideProtocol, SigningDesk},
}

// SigningSides returns the sides u may act for on c's schedule.
func SigningSides(u *User, c *Cooperation) []SigningSide {
	if u == nil || !u.Active {
		return nil
	}
	switch u.Role {
	case RolePPKSD:
		if u.Verified && c.IsOfficer(u.ID) {
			return []SigningSide{SideApplicant}
		}
	case RoleAKP, RoleARNP:
		return []SigningSide{SideOffice}
	case RoleKasubbag:
		return []SigningSide{SideOffice, SideProtocol}
	case RoleProtokol:
		return []SigningSide{SideProtocol}
	}
	return nil
}

// NextSigningState checks a move of u on c's schedule standing in state
// from and returns the state after it and the side u acts for. A user who
// may never make the move gets EFORBIDDEN; a move the state does not allow
// gets ECONFLICT, as does any move while c is not in the signing stage.
func NextSigningState(u *User, c *Cooperation, from SigningState, action SigningAction) (SigningState, SigningSide, error) {
	if from == "" {
		from = SigningMethodPending
	}
	sides := SigningSides(u, c)
	mayEver := false
	for _, r := range signingRules {
		for _, s := range sides {
			if r.action == action && r.side == s {
				mayEver = true
			}
		}
	}
	if !mayEver {
		if !validAction(action) {
			return from, SideNone, Errorf(EINVALID, "Tindakan %q tidak dikenal.", string(action))
		}
		return from, SideNone, Errorf(EFORBIDDEN, "Anda tidak berwenang %s untuk kerja sama ini.", action.Label())
	}
	if c.Stage != StagePenandatanganan {
		return from, SideNone, Errorf(ECONFLICT, "Jadwal penandatanganan hanya dapat diatur pada tahap Penandatanganan (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	for _, r := range signingRules {
		if r.from != from || r.action != action {
			continue
		}
		for _, s := range sides {
			if r.side == s {
				return r.to, s, nil
			}
		}
	}
	return from, SideNone, Errorf(ECONFLICT, "Tidak dapat %s: status penandatanganan saat ini \"%s\".", action.Label(), from.Label())
}

func validAction(a SigningAction) bool {
	for _, x := range SigningActions {
		if a == x {
			return true
		}
	}
	return false
}

// AllowedSigningActions lists the moves u may make on c's schedule now.
func AllowedSigningActions(u *User, c *Cooperation, from SigningState) []SigningAction {
	var out []SigningAction
	for _, a := range SigningActions {
		if _, _, err := NextSigningState(u, c, from, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// ProposalStatus is what became of one proposal.
type ProposalStatus string

// The proposal statuses.
const (
	// ProposalProposed awaits an answer.
	ProposalProposed ProposalStatus = "proposed"
	// ProposalAccepted was accepted by the other side.
	ProposalAccepted ProposalStatus = "accepted"
	// ProposalCountered was answered with a counter-proposal, which
	// supersedes it.
	ProposalCountered ProposalStatus = "countered"
	// ProposalRejected was rejected when the protocol office switched the
	// signing to desk to desk.
	ProposalRejected ProposalStatus = "rejected"
	// ProposalSuperseded was accepted, then replaced by a newer proposal.
	ProposalSuperseded ProposalStatus = "superseded"
)

// Label is the status as users read it.
func (s ProposalStatus) Label() string {
	switch s {
	case ProposalProposed:
		return "diusulkan"
	case ProposalAccepted:
		return "diterima"
	case ProposalCountered:
		return "diganti usulan balasan"
	case ProposalRejected:
		return "ditolak"
	case ProposalSuperseded:
		return "digantikan jadwal baru"
	}
	return string(s)
}

// DefaultSignatory is the city's signatory when a proposal names none.
const DefaultSignatory = "Wali Kota"

// SigningActor is who made a proposal or a move.
type SigningActor struct {
	ID   int64       `json:"id"`
	Name string      `json:"name"`
	Role Role        `json:"role"`
	Side SigningSide `json:"side"`
}

// Proposal is one proposed time and place of an in-person signing.
type Proposal struct {
	ID        int64     `json:"id"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Venue     string    `json:"venue"`
	Attendees string    `json:"attendees,omitempty"`
	Notes     string    `json:"notes,omitempty"`
	// Signatory is the city's signatory, for clash checks.
	Signatory string         `json:"signatory"`
	By        SigningActor   `json:"by"`
	At        time.Time      `json:"at"`
	Status    ProposalStatus `json:"status"`
	// Reason is why the proposal was made (a counter-proposal's reason).
	Reason string `json:"reason,omitempty"`
	// Answer is the reason given when it was countered or rejected.
	Answer string `json:"answer,omitempty"`
}

// SigningEvent is one entry of a schedule's history.
type SigningEvent struct {
	At         time.Time     `json:"at"`
	By         SigningActor  `json:"by"`
	Action     SigningAction `json:"action"`
	From       SigningState  `json:"from"`
	To         SigningState  `json:"to"`
	ProposalID int64         `json:"proposal_id,omitempty"`
	Note       string        `json:"note,omitempty"`
}

// Signing is the signing record of one cooperation.
type Signing struct {
	CooperationID int64          `json:"cooperation_id"`
	Method        SigningMethod  `json:"method"`
	State         SigningState   `json:"state"`
	Proposals     []Proposal     `json:"proposals"`
	History       []SigningEvent `json:"history"`
	// Sequence is the ICS SEQUENCE of the event: 0 with the first proposal,
	// one more with every later change of time, place or status.
	Sequence int `json:"sequence"`
	// Switched is set when the protocol office switched the signing to
	// desk to desk: the event is cancelled.
	Switched  bool      `json:"switched,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Current returns the proposal the event shows: the latest one that is
// proposed or accepted, or after a switch to desk the latest rejected one.
func (s *Signing) Current() *Proposal {
	for i := len(s.Proposals) - 1; i >= 0; i-- {
		p := &s.Proposals[i]
		if p.Status == ProposalProposed || p.Status == ProposalAccepted || (s.Switched && p.Status == ProposalRejected) {
			return p
		}
	}
	return nil
}

// Proposal returns the proposal with id, or nil.
func (s *Signing) Proposal(id int64) *Proposal {
	for i := range s.Proposals {
		if s.Proposals[i].ID == id {
			return &s.Proposals[i]
		}
	}
	return nil
}

// ProposalInput is a proposal or counter-proposal as sent.
type ProposalInput struct {
	Start     time.Time
	End       time.Time
	Venue     string
	Attendees string
	Notes     string
	Signatory string
}

// Limits of the proposal fields, in characters.
const (
	maxVenue     = 300
	maxAttendees = 2000
	maxNotes     = 2000
	maxReason    = 2000
)

// Validate normalises and checks a proposal.
func (in *ProposalInput) Validate() error {
	in.Venue = strings.TrimSpace(in.Venue)
	in.Attendees = strings.TrimSpace(in.Attendees)
	in.Notes = strings.TrimSpace(in.Notes)
	in.Signatory = strings.Join(strings.Fields(in.Signatory), " ")
	if in.Signatory == "" {
		in.Signatory = DefaultSignatory
	}
	switch {
	case in.Start.IsZero() || in.End.IsZero():
		return Errorf(EINVALID, "Isi waktu mulai dan waktu selesai penandatanganan.")
	case !in.End.After(in.Start):
		return Errorf(EINVALID, "Waktu selesai harus sesudah waktu mulai.")
	case in.End.Sub(in.Start) > 24*time.Hour:
		return Errorf(EINVALID, "Penandatanganan tatap muka paling lama satu hari.")
	case in.Venue == "":
		return Errorf(EINVALID, "Tempat penandatanganan wajib diisi.")
	case utf8.RuneCountInString(in.Venue) > maxVenue:
		return Errorf(EINVALID, "Tempat terlalu panjang (paling banyak %d huruf).", maxVenue)
	case utf8.RuneCountInString(in.Attendees) > maxAttendees:
		return Errorf(EINVALID, "Daftar peserta terlalu panjang (paling banyak %d huruf).", maxAttendees)
	case utf8.RuneCountInString(in.Notes) > maxNotes:
		return Errorf(EINVALID, "Catatan terlalu panjang (paling banyak %d huruf).", maxNotes)
	case utf8.RuneCountInString(in.Signatory) > 200:
		return Errorf(EINVALID, "Nama penanda tangan terlalu panjang.")
	}
	return nil
}

// SigningMove is one move on a schedule.
type SigningMove struct {
	Action SigningAction
	// Proposal is the new proposal of ActionPropose and ActionRevise.
	Proposal ProposalInput
	// ProposalID is the proposal answered (accept, revise, switch); zero
	// answers the pending one.
	ProposalID int64
	// Reason explains a revision or a switch (required for both).
	Reason string
	// NewProposalID is the ID the new proposal of a propose or revise move
	// gets; the storage allocates it.
	NewProposalID int64
}

// Apply checks move by u on c's schedule s and, when allowed, changes s:
// the state, the proposals' statuses, the ICS sequence and the history.
// Nothing changes when it returns an error.
func (s *Signing) Apply(u *User, c *Cooperation, m SigningMove, now time.Time) error {
	if s.State == "" {
		s.State = SigningMethodPending
	}
	to, side, err := NextSigningState(u, c, s.State, m.Action)
	if err != nil {
		return err
	}
	m.Reason = strings.TrimSpace(m.Reason)
	if utf8.RuneCountInString(m.Reason) > maxReason {
		return Errorf(EINVALID, "Alasan terlalu panjang (paling banyak %d huruf).", maxReason)
	}
	by := SigningActor{ID: u.ID, Name: u.Name, Role: u.Role, Side: side}
	// The proposal answered: the pending one (accept/revise/switch while
	// awaiting an answer) or the accepted one (revise/switch when scheduled).
	var answered *Proposal
	if m.Action == ActionAccept || m.Action == ActionRevise || m.Action == ActionSwitchToDesk {
		answered = s.Current()
		if m.ProposalID != 0 && (answered == nil || answered.ID != m.ProposalID) {
			if s.Proposal(m.ProposalID) == nil {
				return Errorf(ENOTFOUND, "Usulan jadwal tidak ditemukan.")
			}
			return Errorf(ECONFLICT, "Usulan jadwal ini sudah dijawab atau digantikan usulan yang lebih baru.")
		}
		if answered == nil && m.Action != ActionSwitchToDesk {
			return Errorf(ECONFLICT, "Belum ada usulan jadwal yang dapat dijawab.")
		}
	}
	if (m.Action == ActionRevise || m.Action == ActionSwitchToDesk) && utf8.RuneCountInString(m.Reason) < 5 {
		return Errorf(EINVALID, "Tuliskan alasan (paling sedikit 5 huruf).")
	}
	var created *Proposal
	if m.Action == ActionPropose || m.Action == ActionRevise {
		if err := m.Proposal.Validate(); err != nil {
			return err
		}
		if m.NewProposalID == 0 {
			return fmt.Errorf("signing: move %s without a proposal id", m.Action)
		}
		created = &Proposal{
			ID: m.NewProposalID, Start: m.Proposal.Start, End: m.Proposal.End, Venue: m.Proposal.Venue,
			Attendees: m.Proposal.Attendees, Notes: m.Proposal.Notes, Signatory: m.Proposal.Signatory,
			By: by, At: now, Status: ProposalProposed, Reason: m.Reason,
		}
	}

	// Allowed: change the record.
	from := s.State
	hadEvent := s.Current() != nil
	switch m.Action {
	case ActionChooseDesk:
		s.Method = MethodDesk
	case ActionChooseInPerson:
		s.Method = MethodInPerson
	case ActionPropose:
		if old := s.Current(); old != nil && old.Status == ProposalAccepted {
			old.Status = ProposalSuperseded
		}
	case ActionAccept:
		answered.Status = ProposalAccepted
	case ActionRevise:
		if answered.Status == ProposalAccepted {
			answered.Status = ProposalSuperseded
		} else {
			answered.Status = ProposalCountered
		}
		answered.Answer = m.Reason
	case ActionSwitchToDesk:
		s.Method = MethodDesk
		s.Switched = true
		if answered != nil {
			answered.Status = ProposalRejected
			answered.Answer = m.Reason
		}
	}
	ev := SigningEvent{At: now, By: by, Action: m.Action, From: from, To: to, Note: m.Reason}
	if created != nil {
		s.Proposals = append(s.Proposals, *created)
		ev.ProposalID = created.ID
		if ev.Note == "" {
			ev.Note = created.Notes
		}
	} else if answered != nil {
		ev.ProposalID = answered.ID
	}
	if hadEvent && (created != nil || m.Action == ActionAccept || m.Action == ActionSwitchToDesk) {
		s.Sequence++
	}
	s.State = to
	s.History = append(s.History, ev)
	s.UpdatedAt = now
	return nil
}

// CalendarEntry is one signing on the protocol office's calendar.
type CalendarEntry struct {
	CooperationID   int64         `json:"cooperation_id"`
	CooperationCode string        `json:"cooperation_code"`
	Title           string        `json:"title"`
	Partners        string        `json:"partners"`
	State           SigningState  `json:"state"`
	Method          SigningMethod `json:"method"`
	Switched        bool          `json:"switched"`
	Sequence        int           `json:"sequence"`
	Proposal        Proposal      `json:"proposal"`
	// UpdatedAt is the time of the schedule's last move (the DTSTAMP).
	UpdatedAt time.Time `json:"updated_at"`
}

// SigningService keeps the signing schedules. Reads are for whoever sees
// the cooperation; moves follow the state machine above. Every move is
// written to the schedule's history and the audit log, and the other side
// is notified.
type SigningService interface {
	// FindSigning returns the schedule of a cooperation the caller sees (a
	// fresh method_pending record when nothing was done yet).
	FindSigning(ctx context.Context, cooperationID int64) (*Signing, *Cooperation, error)
	// ChooseSigningMethod chooses desk or in person.
	ChooseSigningMethod(ctx context.Context, cooperationID int64, m SigningMethod) (*Signing, error)
	// ProposeSigning adds a proposal of the PPKSD.
	ProposeSigning(ctx context.Context, cooperationID int64, in ProposalInput) (*Signing, error)
	// RespondSigning answers proposal proposalID: accept, revise (with a
	// counter-proposal and a reason) or switch to desk (with a reason).
	RespondSigning(ctx context.Context, proposalID int64, action SigningAction, counter ProposalInput, reason string) (*Signing, *Cooperation, error)
	// FindCalendar lists the current proposal of every in-person signing
	// the caller sees, by start time.
	FindCalendar(ctx context.Context) ([]CalendarEntry, error)
	// NewCalendarToken makes a new private feed token for the caller,
	// replacing the earlier one; only its SHA-256 is stored.
	NewCalendarToken(ctx context.Context) (string, error)
	// CalendarTokenCreated tells when the caller's current token was made
	// (zero without one).
	CalendarTokenCreated(ctx context.Context) (time.Time, error)
	// CalendarFeedUser returns the active user a feed token belongs to, or
	// ENOTFOUND.
	CalendarFeedUser(ctx context.Context, token string) (*User, error)
}

// OfficeHours are the protocol office's working hours, e.g. 07:30–16:00.
type OfficeHours struct {
	Start, End time.Duration // since midnight
}

// ParseOfficeHours reads "HH:MM-HH:MM".
func ParseOfficeHours(s string) (OfficeHours, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return OfficeHours{}, fmt.Errorf("office hours %q: want HH:MM-HH:MM", s)
	}
	parse := func(x string) (time.Duration, error) {
		t, err := time.Parse("15:04", strings.TrimSpace(x))
		if err != nil {
			return 0, fmt.Errorf("office hours %q: want HH:MM-HH:MM", s)
		}
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
	}
	start, err := parse(a)
	if err != nil {
		return OfficeHours{}, err
	}
	end, err := parse(b)
	if err != nil {
		return OfficeHours{}, err
	}
	if end <= start {
		return OfficeHours{}, fmt.Errorf("office hours %q: the end must come after the start", s)
	}
	return OfficeHours{Start: start, End: end}, nil
}

// String formats the hours as HH.MM–HH.MM.
func (h OfficeHours) String() string {
	f := func(d time.Duration) string { return fmt.Sprintf("%02d.%02d", int(d.Hours()), int(d.Minutes())%60) }
	return f(h.Start) + "–" + f(h.End)
}

// Contains reports whether start–end (read in loc) lies within the hours
// of one day.
func (h OfficeHours) Contains(start, end time.Time, loc *time.Location) bool {
	s, e := start.In(loc), end.In(loc)
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		return false
	}
	midnight := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	return s.Sub(midnight) >= h.Start && e.Sub(midnight) <= h.End
}

// Clashes returns the warnings, in Bahasa Indonesia, about proposal p:
// the same signatory or venue at an overlapping time in another signing of
// others, a weekend, a national holiday or cuti bersama, and a time outside
// office hours. Times are read in loc, the office's zone.
func Clashes(cooperationID int64, p Proposal, others []CalendarEntry, cal *Calendar, hours OfficeHours, loc *time.Location) []string {
	var out []string
	start, end := p.Start.In(loc), p.End.In(loc)
	for d := dateOf(start); !d.After(end); d = d.AddDate(0, 0, 1) {
		if h, ok := cal.Holiday(d); ok {
			kind := "libur nasional"
			if h.Leave {
				kind = "cuti bersama"
			}
			out = append(out, fmt.Sprintf("Tanggal %s adalah %s: %s.", d.Format("02-01-2006"), kind, h.Name))
		} else if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			out = append(out, fmt.Sprintf("Tanggal %s jatuh pada akhir pekan.", d.Format("02-01-2006")))
		}
	}
	if !hours.Contains(p.Start, p.End, loc) {
		out = append(out, fmt.Sprintf("Di luar jam kerja kantor (%s).", hours))
	}
	for _, o := range others {
		if o.CooperationID == cooperationID || o.Switched {
			continue
		}
		q := o.Proposal
		if !(q.Start.Before(p.End) && p.Start.Before(q.End)) {
			continue
		}
		who := o.CooperationCode
		if who == "" {
			who = fmt.Sprintf("#%d", o.CooperationID)
		}
		if strings.EqualFold(q.Signatory, p.Signatory) {
			out = append(out, fmt.Sprintf("Bentrok penanda tangan: %s juga dijadwalkan pada %s (%s).", p.Signatory, who, o.Title))
		}
		if strings.EqualFold(strings.TrimSpace(q.Venue), strings.TrimSpace(p.Venue)) {
			out = append(out, fmt.Sprintf("Bentrok tempat: %s juga dipakai %s (%s) pada waktu yang sama.", p.Venue, who, o.Title))
		}
	}
	return out
}
