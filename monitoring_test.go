package sepakat_test

import (
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func mday(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

// signedCoop is a cooperation in stage that entered pemantauan at signed.
func signedCoop(stage sepakat.Stage, signed time.Time, term string) *sepakat.Cooperation {
	c := &sepakat.Cooperation{ID: 1, Stage: stage, Preparation: sepakat.Preparation{Term: term}}
	c.History = []sepakat.StageChange{
		{From: sepakat.StagePenomoran, To: sepakat.StagePenandatanganan, At: signed.AddDate(0, -1, 0)},
		{From: sepakat.StagePenandatanganan, To: sepakat.StagePemantauan, At: signed},
	}
	return c
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{mday(2026, 3, 15), 6, mday(2026, 9, 15)},
		{mday(2026, 8, 31), 6, mday(2027, 2, 28)},  // across the year, clamped to February's end
		{mday(2027, 8, 31), 6, mday(2028, 2, 29)},  // leap year
		{mday(2026, 12, 31), 6, mday(2027, 6, 30)}, // clamped to June's end
		{mday(2026, 7, 1), 6, mday(2027, 1, 1)},
		{mday(2026, 11, 30), -6, mday(2026, 5, 30)},
		{mday(2027, 8, 31), -6, mday(2027, 2, 28)},
		{mday(2026, 1, 31), 60, mday(2031, 1, 31)},
	} {
		if got := sepakat.AddMonths(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.from.Format(time.DateOnly), tc.n, got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}

func TestMonitoringDue(t *testing.T) {
	signed := mday(2026, 8, 31)
	c := signedCoop(sepakat.StagePemantauan, signed, "5 tahun")
	due, ok := sepakat.MonitoringDue(c, time.Time{})
	if !ok || !due.Equal(mday(2027, 2, 28)) {
		t.Fatalf("due after the signing = %s, %v", due, ok)
	}
	// After an entry, six months after the entry.
	due, ok = sepakat.MonitoringDue(c, mday(2026, 12, 10))
	if !ok || !due.Equal(mday(2027, 6, 10)) {
		t.Fatalf("due after an entry = %s, %v", due, ok)
	}
	st := sepakat.NewMonitoringStatus(c, mday(2026, 12, 10), mday(2027, 6, 9))
	if st.Overdue || st.DueLabel() != "10 Juni 2027" {
		t.Fatalf("status before the due date: %+v %s", st, st.DueLabel())
	}
	if st = sepakat.NewMonitoringStatus(c, mday(2026, 12, 10), mday(2027, 6, 10)); !st.Overdue {
		t.Fatalf("status on the due date: %+v", st)
	}
	// In evaluasi still due; in selesai or before the signing, none.
	c.Stage = sepakat.StageEvaluasi
	if _, ok := sepakat.MonitoringDue(c, time.Time{}); !ok {
		t.Fatal("no due date in evaluasi")
	}
	c.Stage = sepakat.StageSelesai
	if _, ok := sepakat.MonitoringDue(c, time.Time{}); ok {
		t.Fatal("due date in selesai")
	}
	unsigned := &sepakat.Cooperation{Stage: sepakat.StagePemantauan}
	if _, ok := sepakat.MonitoringDue(unsigned, time.Time{}); ok {
		t.Fatal("due date without a signing")
	}
}

func TestParseTerm(t *testing.T) {
	for text, want := range map[string]int{
		"5 (lima) tahun sejak ditandatangani, karena kegiatan memerlukan siklus": 60,
		"18 bulan":               18,
		"Jangka waktu dua tahun": 24,
		"setahun":                12,
		"1 (satu) tahun":         12,
		"sampai selesai":         0,
		"":                       0,
	} {
		got, ok := sepakat.ParseTerm(text)
		if got != want || ok != (want != 0) {
			t.Errorf("ParseTerm(%q) = %d, %v; want %d", text, got, ok, want)
		}
	}
}

func TestCooperationExpiry(t *testing.T) {
	c := signedCoop(sepakat.StagePemantauan, mday(2026, 8, 31), "2 (dua) tahun")
	for _, tc := range []struct {
		now  time.Time
		flag sepakat.ExpiryFlag
	}{
		{mday(2027, 2, 27), sepakat.ExpiryNone},
		{mday(2028, 2, 28), sepakat.ExpiryNone}, // end 31 Aug 2028; six months before is 29 Feb 2028
		{mday(2028, 2, 29), sepakat.ExpirySoon}, // leap day
		{mday(2028, 8, 30), sepakat.ExpirySoon},
		{mday(2028, 8, 31), sepakat.ExpiryEnded},
		{mday(2031, 1, 1), sepakat.ExpiryEnded},
	} {
		e, ok := sepakat.CooperationExpiry(c, tc.now)
		if !ok || e.Flag != tc.flag || !e.End.Equal(mday(2028, 8, 31)) || e.Months != 24 {
			t.Errorf("at %s: %+v, %v; want %q", tc.now.Format(time.DateOnly), e, ok, tc.flag)
		}
	}
	if e, _ := sepakat.CooperationExpiry(c, mday(2028, 3, 1)); e.EndLabel() != "31 Agustus 2028" || e.Label() == "" {
		t.Errorf("labels %q %q", e.EndLabel(), e.Label())
	}
	c.Stage = sepakat.StageSelesai
	if _, ok := sepakat.CooperationExpiry(c, mday(2031, 1, 1)); ok {
		t.Error("a closed cooperation is flagged")
	}
	c = signedCoop(sepakat.StagePemantauan, mday(2026, 8, 31), "selama diperlukan")
	if _, ok := sepakat.CooperationExpiry(c, mday(2031, 1, 1)); ok {
		t.Error("a term without a number is flagged")
	}
}
