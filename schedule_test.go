package sepakat

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// signingPrincipals are the users of the state-machine table.
var signingPrincipals = map[string]*User{
	"own-ppksd":   {ID: 1, Name: "PPKSD", Role: RolePPKSD, Active: true, Verified: true},
	"other-ppksd": {ID: 9, Name: "PPKSD lain", Role: RolePPKSD, Active: true, Verified: true},
	"akp":         {ID: 3, Name: "AKP", Role: RoleAKP, Active: true, Verified: true},
	"arnp":        {ID: 4, Name: "ARNP", Role: RoleARNP, Active: true, Verified: true},
	"kasubbag":    {ID: 5, Name: "Kasubbag", Role: RoleKasubbag, Active: true, Verified: true},
	"tkksd":       {ID: 6, Name: "TKKSD", Role: RoleTKKSD, Active: true, Verified: true},
	"protokol":    {ID: 7, Name: "Protokol", Role: RoleProtokol, Active: true, Verified: true},
	"admin":       {ID: 8, Name: "Admin", Role: RoleAdmin, Active: true, Verified: true},
}

// allowedMoves is the whole state machine written out: state → action →
// principals who may make the move, and the state after it. Every other
// (principal, state, action) must be refused: EFORBIDDEN for a principal
// who may never make the move, ECONFLICT otherwise.
var allowedMoves = map[SigningState]map[SigningAction]struct {
	who []string
	to  SigningState
}{
	SigningMethodPending: {
		ActionChooseDesk:     {[]string{"own-ppksd", "akp", "arnp", "kasubbag"}, SigningDesk},
		ActionChooseInPerson: {[]string{"own-ppksd", "akp", "arnp", "kasubbag"}, SigningAwaitingProposal},
	},
	SigningAwaitingProposal: {
		ActionChooseDesk: {[]string{"own-ppksd", "akp", "arnp", "kasubbag"}, SigningDesk},
		ActionPropose:    {[]string{"own-ppksd"}, SigningAwaitingProtocol},
	},
	SigningAwaitingProtocol: {
		ActionAccept:       {[]string{"protokol", "kasubbag"}, SigningScheduled},
		ActionRevise:       {[]string{"protokol", "kasubbag"}, SigningAwaitingPPKSD},
		ActionSwitchToDesk: {[]string{"protokol", "kasubbag"}, SigningDesk},
	},
	SigningAwaitingPPKSD: {
		ActionAccept:       {[]string{"own-ppksd"}, SigningScheduled},
		ActionRevise:       {[]string{"own-ppksd"}, SigningAwaitingProtocol},
		ActionSwitchToDesk: {[]string{"protokol", "kasubbag"}, SigningDesk},
	},
	SigningScheduled: {
		ActionPropose:      {[]string{"own-ppksd"}, SigningAwaitingProtocol},
		ActionRevise:       {[]string{"protokol", "kasubbag"}, SigningAwaitingPPKSD},
		ActionSwitchToDesk: {[]string{"protokol", "kasubbag"}, SigningDesk},
	},
	SigningDesk: {},
}

// mayEver lists who may make each move in some state.
func mayEver(action SigningAction) []string {
	var out []string
	for _, moves := range allowedMoves {
		out = append(out, moves[action].who...)
	}
	return out
}

var (
	t0    = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	venue = "Ruang Rapat Wali Kota"
)

// signingIn builds a record standing in state, with the proposals such a
// record has (ids 1, 2…).
func signingIn(state SigningState) *Signing {
	s := &Signing{CooperationID: 42, State: state}
	ppksd := SigningActor{ID: 1, Side: SideApplicant}
	proto := SigningActor{ID: 7, Side: SideProtocol}
	p := func(id int64, by SigningActor, st ProposalStatus) Proposal {
		return Proposal{ID: id, Start: t0, End: t0.Add(time.Hour), Venue: venue, Signatory: DefaultSignatory, By: by, Status: st}
	}
	switch state {
	case SigningMethodPending:
	case SigningDesk:
		s.Method = MethodDesk
	case SigningAwaitingProposal:
		s.Method = MethodInPerson
	case SigningAwaitingProtocol:
		s.Method = MethodInPerson
		s.Proposals = []Proposal{p(1, ppksd, ProposalProposed)}
	case SigningAwaitingPPKSD:
		s.Method = MethodInPerson
		s.Proposals = []Proposal{p(1, ppksd, ProposalCountered), p(2, proto, ProposalProposed)}
	case SigningScheduled:
		s.Method = MethodInPerson
		s.Proposals = []Proposal{p(1, ppksd, ProposalAccepted)}
	}
	return s
}

func moveFor(a SigningAction) SigningMove {
	return SigningMove{
		Action:        a,
		Proposal:      ProposalInput{Start: t0.Add(24 * time.Hour), End: t0.Add(25 * time.Hour), Venue: "Balai Kota"},
		Reason:        "Wali Kota berhalangan pada jam itu.",
		NewProposalID: 10,
	}
}

// TestSigningStateMachine tries every principal × state × action.
func TestSigningStateMachine(t *testing.T) {
	coop := &Cooperation{ID: 42, Stage: StagePenandatanganan, PPKSD1ID: 1, PPKSD2ID: 2}
	now := t0.Add(-48 * time.Hour)
	for _, state := range SigningStates {
		for _, action := range SigningActions {
			for name, u := range signingPrincipals {
				t.Run(fmt.Sprintf("%s/%s/%s", state, action, name), func(t *testing.T) {
					s := signingIn(state)
					before := fmt.Sprintf("%+v", *s)
					err := s.Apply(u, coop, moveFor(action), now)
					rule, listed := allowedMoves[state][action]
					switch {
					case listed && slices.Contains(rule.who, name):
						if err != nil {
							t.Fatalf("allowed move refused: %v", err)
						}
						if s.State != rule.to {
							t.Errorf("state = %s, want %s", s.State, rule.to)
						}
						last := s.History[len(s.History)-1]
						if last.By.ID != u.ID || last.Action != action || last.From != state || last.To != rule.to || !last.At.Equal(now) {
							t.Errorf("history entry %+v", last)
						}
					case slices.Contains(mayEver(action), name):
						if ErrorCode(err) != ECONFLICT {
							t.Fatalf("err = %v, want conflict", err)
						}
					default:
						if ErrorCode(err) != EFORBIDDEN {
							t.Fatalf("err = %v, want forbidden", err)
						}
					}
					if err != nil && fmt.Sprintf("%+v", *s) != before {
						t.Errorf("a refused move changed the record")
					}
				})
			}
		}
	}
}

// TestSigningOutsideStage: no move outside the signing stage.
func TestSigningOutsideStage(t *testing.T) {
	coop := &Cooperation{ID: 42, Stage: StagePemantauan, PPKSD1ID: 1}
	s := signingIn(SigningMethodPending)
	err := s.Apply(signingPrincipals["own-ppksd"], coop, moveFor(ActionChooseInPerson), t0)
	if ErrorCode(err) != ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
}

// TestSigningFlow walks propose → revise → accept → re-propose → switch and
// checks statuses and the ICS sequence.
func TestSigningFlow(t *testing.T) {
	coop := &Cooperation{ID: 42, Stage: StagePenandatanganan, PPKSD1ID: 1}
	ppksd, proto := signingPrincipals["own-ppksd"], signingPrincipals["protokol"]
	s := &Signing{CooperationID: 42}
	step := func(u *User, m SigningMove, want SigningState, seq int) {
		t.Helper()
		if err := s.Apply(u, coop, m, t0); err != nil {
			t.Fatalf("%s: %v", m.Action, err)
		}
		if s.State != want || s.Sequence != seq {
			t.Fatalf("after %s: state %s seq %d, want %s %d", m.Action, s.State, s.Sequence, want, seq)
		}
	}
	step(ppksd, SigningMove{Action: ActionChooseInPerson}, SigningAwaitingProposal, 0)
	m := moveFor(ActionPropose)
	m.NewProposalID = 1
	step(ppksd, m, SigningAwaitingProtocol, 0)
	m = moveFor(ActionRevise)
	m.NewProposalID, m.ProposalID = 2, 1
	step(proto, m, SigningAwaitingPPKSD, 1)
	if s.Proposals[0].Status != ProposalCountered || s.Proposals[1].Status != ProposalProposed || s.Proposals[1].By.Side != SideProtocol {
		t.Fatalf("proposals %+v", s.Proposals)
	}
	// Answering the countered proposal again is a conflict.
	if err := s.Apply(ppksd, coop, SigningMove{Action: ActionAccept, ProposalID: 1}, t0); ErrorCode(err) != ECONFLICT {
		t.Fatalf("accept old proposal: %v", err)
	}
	step(ppksd, SigningMove{Action: ActionAccept, ProposalID: 2}, SigningScheduled, 2)
	if cur := s.Current(); cur == nil || cur.ID != 2 || cur.Status != ProposalAccepted {
		t.Fatalf("current %+v", cur)
	}
	m = moveFor(ActionPropose)
	m.NewProposalID = 3
	step(ppksd, m, SigningAwaitingProtocol, 3)
	if s.Proposals[1].Status != ProposalSuperseded {
		t.Fatalf("accepted proposal not superseded: %+v", s.Proposals[1])
	}
	step(proto, SigningMove{Action: ActionSwitchToDesk, Reason: "Wali Kota dinas luar kota."}, SigningDesk, 4)
	if s.Method != MethodDesk || !s.Switched || s.Current().ID != 3 || s.Current().Status != ProposalRejected {
		t.Fatalf("after switch: %+v", s)
	}
	if len(s.History) != 6 {
		t.Fatalf("history has %d entries", len(s.History))
	}
	if err := s.Apply(ppksd, coop, SigningMove{Action: ActionAccept, ProposalID: 3}, t0); ErrorCode(err) != ECONFLICT {
		t.Fatalf("PPKSD answers after the switch: %v", err)
	}
}

func TestProposalValidate(t *testing.T) {
	for _, tc := range []struct {
		in   ProposalInput
		want string
	}{
		{ProposalInput{End: t0, Venue: "x"}, "waktu mulai"},
		{ProposalInput{Start: t0, End: t0, Venue: "x"}, "sesudah waktu mulai"},
		{ProposalInput{Start: t0, End: t0.Add(-time.Hour), Venue: "x"}, "sesudah waktu mulai"},
		{ProposalInput{Start: t0, End: t0.Add(time.Hour), Venue: "  "}, "Tempat"},
		{ProposalInput{Start: t0, End: t0.Add(48 * time.Hour), Venue: "x"}, "satu hari"},
	} {
		err := tc.in.Validate()
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.in, err, tc.want)
		}
	}
	ok := ProposalInput{Start: t0, End: t0.Add(time.Hour), Venue: " Balai Kota "}
	if err := ok.Validate(); err != nil || ok.Venue != "Balai Kota" || ok.Signatory != DefaultSignatory {
		t.Fatalf("%v %+v", err, ok)
	}
}

func TestClashes(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	hours, err := ParseOfficeHours("07:30-16:00")
	if err != nil {
		t.Fatal(err)
	}
	cal := DefaultCalendar()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	p := Proposal{Start: at(2026, 12, 1, 9, 0), End: at(2026, 12, 1, 10, 0), Venue: "Balai Kota", Signatory: "Wali Kota"}
	if w := Clashes(1, p, nil, cal, hours, loc); len(w) != 0 {
		t.Fatalf("a Tuesday morning: %v", w)
	}
	other := CalendarEntry{CooperationID: 2, CooperationCode: "KSD-2026-0002", Title: "Lain",
		Proposal: Proposal{Start: at(2026, 12, 1, 9, 30), End: at(2026, 12, 1, 11, 0), Venue: "balai kota", Signatory: "Wali Kota"}}
	w := strings.Join(Clashes(1, p, []CalendarEntry{other}, cal, hours, loc), "\n")
	if !strings.Contains(w, "Bentrok penanda tangan") || !strings.Contains(w, "Bentrok tempat") {
		t.Fatalf("overlap: %s", w)
	}
	other.Proposal.Start, other.Proposal.End = at(2026, 12, 1, 10, 0), at(2026, 12, 1, 11, 0)
	if w := Clashes(1, p, []CalendarEntry{other}, cal, hours, loc); len(w) != 0 {
		t.Fatalf("back to back is no clash: %v", w)
	}
	sat := Proposal{Start: at(2026, 12, 5, 9, 0), End: at(2026, 12, 5, 10, 0), Venue: "x"}
	if w := strings.Join(Clashes(1, sat, nil, cal, hours, loc), ""); !strings.Contains(w, "akhir pekan") {
		t.Fatalf("Saturday: %s", w)
	}
	late := Proposal{Start: at(2026, 12, 1, 15, 30), End: at(2026, 12, 1, 16, 30), Venue: "x"}
	if w := strings.Join(Clashes(1, late, nil, cal, hours, loc), ""); !strings.Contains(w, "jam kerja") {
		t.Fatalf("after hours: %s", w)
	}
	// A holiday of the shipped list.
	years, _ := DefaultHolidays()
	h := years[0].Holidays[0]
	d, _ := time.ParseInLocation(time.DateOnly, h.Date, loc)
	hol := Proposal{Start: d.Add(9 * time.Hour), End: d.Add(10 * time.Hour), Venue: "x"}
	if w := strings.Join(Clashes(1, hol, nil, cal, hours, loc), ""); !strings.Contains(w, h.Name) {
		t.Fatalf("holiday %s: %s", h.Date, w)
	}
}

func TestParseOfficeHours(t *testing.T) {
	for _, bad := range []string{"", "7-16", "16:00-07:30", "07:30"} {
		if _, err := ParseOfficeHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	h, err := ParseOfficeHours("07:30-16:00")
	if err != nil || h.String() != "07.30–16.00" {
		t.Fatalf("%v %s", err, h)
	}
}
