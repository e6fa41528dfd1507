package sepakat_test

import (
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// sheetOf returns a sheet of three desks (two paraf, one signature).
func sheetOf(t *testing.T) *sepakat.RoutingSheet {
	t.Helper()
	s, err := sepakat.NewRoutingSheet(7, []sepakat.Desk{
		{Name: " Kasubbag  Kerja Sama ", TimeStandard: 1, Action: sepakat.ActionParaf},
		{Name: "Sekretaris Daerah", TimeStandard: 2, Action: sepakat.ActionParaf},
		{Name: "Wali Kota", TimeStandard: 3, Action: sepakat.ActionSign},
	}, 1, day("2026-11-02"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Desks[0].Name != "Kasubbag Kerja Sama" {
		t.Errorf("name not tidied: %q", s.Desks[0].Name)
	}
	return s
}

type move struct {
	desk int
	kind sepakat.MarkKind
}

func TestRoutingMarkOrder(t *testing.T) {
	r, i, sg := sepakat.MarkReceived, sepakat.MarkInitialled, sepakat.MarkSigned
	tests := []struct {
		name  string
		done  []move
		next  move
		code  string // "" allowed
		final bool   // the sheet is done after next
	}{
		{"first desk receives", nil, move{1, r}, "", false},
		{"second desk before the first finished", nil, move{2, r}, sepakat.ECONFLICT, false},
		{"second desk while the first holds it", []move{{1, r}}, move{2, r}, sepakat.ECONFLICT, false},
		{"initial before receiving", nil, move{1, i}, sepakat.ECONFLICT, false},
		{"initial after receiving", []move{{1, r}}, move{1, i}, "", false},
		{"received twice", []move{{1, r}}, move{1, r}, sepakat.ECONFLICT, false},
		{"initialled twice", []move{{1, r}, {1, i}}, move{1, i}, sepakat.ECONFLICT, false},
		{"paraf desk signs", []move{{1, r}}, move{1, sg}, sepakat.ECONFLICT, false},
		{"next desk after the first finished", []move{{1, r}, {1, i}}, move{2, r}, "", false},
		{"signing desk initials", []move{{1, r}, {1, i}, {2, r}, {2, i}, {3, r}}, move{3, i}, sepakat.ECONFLICT, false},
		{"signing desk signs: done", []move{{1, r}, {1, i}, {2, r}, {2, i}, {3, r}}, move{3, sg}, "", true},
		{"no such desk", nil, move{4, r}, sepakat.ENOTFOUND, false},
		{"desk zero", nil, move{0, r}, sepakat.ENOTFOUND, false},
		{"unknown mark", nil, move{1, "stamped"}, sepakat.EINVALID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sheetOf(t)
			at := day("2026-11-03")
			for _, m := range tt.done {
				at = at.Add(time.Hour)
				if err := s.Mark(m.desk, m.kind, sepakat.Mark{ByID: 2, ByName: "AKP", At: at}); err != nil {
					t.Fatalf("setup %v: %v", m, err)
				}
			}
			err := s.Mark(tt.next.desk, tt.next.kind, sepakat.Mark{ByID: 2, ByName: "AKP", At: at.Add(time.Hour), Note: " catatan "})
			if got := sepakat.ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q (%v)", got, tt.code, err)
			}
			if s.Done() != tt.final {
				t.Errorf("done = %v, want %v", s.Done(), tt.final)
			}
			if err == nil {
				if err := s.Validate(); err != nil {
					t.Errorf("a sheet Mark made does not validate: %v", err)
				}
			}
		})
	}
}

func TestRoutingNoteTrimmedAndLimited(t *testing.T) {
	s := sheetOf(t)
	if err := s.Mark(1, sepakat.MarkReceived, sepakat.Mark{At: day("2026-11-03"), Note: "  diantar kurir "}); err != nil {
		t.Fatal(err)
	}
	if s.Desks[0].Received.Note != "diantar kurir" {
		t.Errorf("note %q", s.Desks[0].Received.Note)
	}
	long := make([]byte, sepakat.MaxMarkNote+1)
	for i := range long {
		long[i] = 'a'
	}
	if err := s.Mark(1, sepakat.MarkInitialled, sepakat.Mark{Note: string(long)}); sepakat.ErrorCode(err) != sepakat.EINVALID {
		t.Errorf("overlong note: %v", err)
	}
}

func TestRoutingSetDesks(t *testing.T) {
	s := sheetOf(t)
	if err := s.SetDesks([]sepakat.Desk{{Name: "Wali Kota", TimeStandard: 2, Action: sepakat.ActionSign}}); err != nil {
		t.Fatal(err)
	}
	if len(s.Desks) != 1 {
		t.Fatalf("desks %v", s.Desks)
	}
	if err := s.Mark(1, sepakat.MarkReceived, sepakat.Mark{At: day("2026-11-03")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDesks(sepakat.DefaultDesks()); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
		t.Errorf("desks changed after the first mark: %v", err)
	}
}

func TestNormalizeDesks(t *testing.T) {
	many := make([]sepakat.Desk, sepakat.MaxDesks+1)
	for i := range many {
		many[i] = sepakat.Desk{Name: "Meja", Action: sepakat.ActionParaf}
	}
	for name, desks := range map[string][]sepakat.Desk{
		"none":          nil,
		"too many":      many,
		"no name":       {{Name: "  ", Action: sepakat.ActionParaf}},
		"bad action":    {{Name: "Sekda", Action: "stempel"}},
		"negative time": {{Name: "Sekda", TimeStandard: -1, Action: sepakat.ActionParaf}},
		"too long time": {{Name: "Sekda", TimeStandard: sepakat.MaxDeskTimeStandard + 1, Action: sepakat.ActionParaf}},
	} {
		if _, err := sepakat.NormalizeDesks(desks); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	ds, err := sepakat.NormalizeDesks(sepakat.DefaultDesks())
	if err != nil || len(ds) != 6 || ds[4].Name != "Wali Kota" || ds[4].Action != sepakat.ActionSign || ds[5].Action != sepakat.ActionSign || ds[0].Action != sepakat.ActionParaf {
		t.Errorf("defaults: %v %v", ds, err)
	}
}

func TestRoutingValidate(t *testing.T) {
	at := day("2026-11-03")
	s := sheetOf(t)
	s.Desks[1].Received = &sepakat.Mark{At: at} // the first desk has not finished
	if err := s.Validate(); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
		t.Errorf("out of order: %v", err)
	}
	s = sheetOf(t)
	s.Desks[0].Received = &sepakat.Mark{At: at}
	s.Desks[0].Initialled = &sepakat.Mark{At: at.Add(-time.Hour)}
	if err := s.Validate(); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
		t.Errorf("time going back: %v", err)
	}
	s = sheetOf(t)
	s.Desks[0].Received = &sepakat.Mark{At: at}
	s.Desks[0].Signed = &sepakat.Mark{At: at}
	if err := s.Validate(); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
		t.Errorf("paraf desk signed: %v", err)
	}
}

// TestRoutingOverdue counts working days across a weekend and the Christmas
// holidays of 2026 (24 December cuti bersama, 25 December national holiday).
func TestRoutingOverdue(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cal := sepakat.DefaultCalendar()
	tests := []struct {
		name      string
		received  string // of the first desk, one working day standard
		now       string
		overdue   bool
		late      int
		due       string
		finishedA string // when the desk initialled, if it did
	}{
		{"same day", "2026-11-02 09:00", "2026-11-02 16:00", false, 0, "2026-11-03", ""},
		{"next working day", "2026-11-02 09:00", "2026-11-03 16:00", false, 0, "2026-11-03", ""},
		{"one day late", "2026-11-02 09:00", "2026-11-04 08:00", true, 1, "2026-11-03", ""},
		{"over a weekend: Friday to Monday is one day", "2026-11-06 09:00", "2026-11-09 16:00", false, 0, "2026-11-09", ""},
		{"over a weekend: Friday to Tuesday", "2026-11-06 09:00", "2026-11-10 10:00", true, 1, "2026-11-09", ""},
		{"a Saturday does not count", "2026-11-05 09:00", "2026-11-07 12:00", false, 0, "2026-11-06", ""},
		{"nor a Sunday: late on Monday", "2026-11-05 09:00", "2026-11-09 08:00", true, 1, "2026-11-06", ""},
		{"over Christmas: Wednesday to Monday is one day", "2026-12-23 10:00", "2026-12-28 15:00", false, 0, "2026-12-28", ""},
		{"over Christmas: two days late on Wednesday", "2026-12-23 10:00", "2026-12-30 09:00", true, 2, "2026-12-28", ""},
		{"received on a holiday", "2026-12-25 10:00", "2026-12-29 09:00", false, 0, "2026-12-29", ""},
		{"received on a holiday, late the day after", "2026-12-25 10:00", "2026-12-30 09:00", true, 1, "2026-12-29", ""},
		{"finished late is not overdue", "2026-11-02 09:00", "2026-11-20 09:00", false, 0, "2026-11-03", "2026-11-10 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sheetOf(t)
			if err := s.Mark(1, sepakat.MarkReceived, sepakat.Mark{At: at(tt.received).UTC()}); err != nil {
				t.Fatal(err)
			}
			if tt.finishedA != "" {
				if err := s.Mark(1, sepakat.MarkInitialled, sepakat.Mark{At: at(tt.finishedA)}); err != nil {
					t.Fatal(err)
				}
			}
			st := s.Status(at(tt.now), cal)
			d := st.Desks[0]
			if d.Overdue != tt.overdue || d.LateDays != tt.late {
				t.Errorf("overdue %v by %d, want %v by %d", d.Overdue, d.LateDays, tt.overdue, tt.late)
			}
			if got := d.Due.Format(time.DateOnly); got != tt.due {
				t.Errorf("due %s, want %s", got, tt.due)
			}
			if tt.overdue != (st.Overdue == 1) {
				t.Errorf("sheet overdue count %d", st.Overdue)
			}
			if st.Desks[1].State != sepakat.DeskWaiting || st.Desks[1].Overdue || !st.Desks[1].Due.IsZero() {
				t.Errorf("waiting desk: %+v", st.Desks[1])
			}
		})
	}
}

func TestRoutingProgress(t *testing.T) {
	s := sheetOf(t)
	at := day("2026-11-03")
	steps := []move{{1, sepakat.MarkReceived}, {1, sepakat.MarkInitialled}, {2, sepakat.MarkReceived}, {2, sepakat.MarkInitialled}, {3, sepakat.MarkReceived}, {3, sepakat.MarkSigned}}
	wantPercent := []int{0, 33, 33, 66, 66, 100}
	for k, m := range steps {
		if err := s.Mark(m.desk, m.kind, sepakat.Mark{At: at}); err != nil {
			t.Fatal(err)
		}
		st := s.Status(at, sepakat.DefaultCalendar())
		if st.Percent != wantPercent[k] {
			t.Errorf("after %v: %d%%, want %d%%", m, st.Percent, wantPercent[k])
		}
		if wantCurrent := []int{1, 2, 2, 3, 3, 0}[k]; st.Current != wantCurrent {
			t.Errorf("after %v: current desk %d, want %d", m, st.Current, wantCurrent)
		}
		if st.Done != (k == len(steps)-1) {
			t.Errorf("after %v: done %v", m, st.Done)
		}
	}
	if st := s.Status(at, sepakat.DefaultCalendar()); st.Desks[2].State != sepakat.DeskFinished || st.Finished != 3 || st.Total != 3 {
		t.Errorf("final status %+v", st)
	}
}

func TestCanSeeRouting(t *testing.T) {
	c := &sepakat.Cooperation{ID: 1, Stage: sepakat.StagePenandatanganan, PPKSD1ID: 10, Grants: []sepakat.Grant{{UserID: 20}}}
	u := func(id int64, r sepakat.Role) *sepakat.User {
		return &sepakat.User{ID: id, Role: r, Active: true, Verified: true}
	}
	for _, tt := range []struct {
		u          *sepakat.User
		see, marks bool
	}{
		{u(10, sepakat.RolePPKSD), true, false},
		{u(11, sepakat.RolePPKSD), false, false},
		{u(20, sepakat.RoleTKKSD), true, false},
		{u(21, sepakat.RoleTKKSD), false, false},
		{u(30, sepakat.RoleAKP), true, true},
		{u(31, sepakat.RoleARNP), true, true},
		{u(32, sepakat.RoleKasubbag), true, true},
		{u(40, sepakat.RoleProtokol), false, false},
		{u(50, sepakat.RoleAdmin), false, false},
	} {
		if got := sepakat.CanSeeRouting(tt.u, c); got != tt.see {
			t.Errorf("%s %d sees: %v", tt.u.Role, tt.u.ID, got)
		}
		if got := sepakat.CanMarkRouting(tt.u, c); got != tt.marks {
			t.Errorf("%s %d marks: %v", tt.u.Role, tt.u.ID, got)
		}
	}
}
