package drafting

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStampNumbers(t *testing.T) {
	d := openFixture(t, "pks-v1.docx")
	var out bytes.Buffer
	n, err := Stamp(d, []string{"001/PKS/HK-KS/XI/2026", "045/UN17/HK/2026"}, "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam", &out, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 2 {
		t.Fatalf("Stamp = %d, %v", n, err)
	}
	got := mustRead(t, out.Bytes())
	text := got.Text(Accept)
	for _, want := range []string{"NOMOR: 001/PKS/HK-KS/XI/2026\n", "NOMOR: 045/UN17/HK/2026\n",
		"Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam, bertempat di Balai Kota Samarinda"} {
		if !strings.Contains(text, want) {
			t.Errorf("stamped text lacks %q", want)
		}
	}
	if strings.Contains(text, "000.3.2/045") {
		t.Error("the old number is still there")
	}
	if len(got.TrackedChanges()) != 0 {
		t.Error("the final text carries tracked changes")
	}
	// Everything else is as it was.
	before := strings.Split(d.Text(Accept), "\n")
	after := strings.Split(text, "\n")
	if len(before) != len(after) {
		t.Fatalf("%d lines, was %d", len(after), len(before))
	}
	changed := 0
	for i := range before {
		if before[i] != after[i] {
			changed++
		}
	}
	if changed != 3 {
		t.Errorf("%d lines changed, want 3 (two numbers and the date)", changed)
	}
}

func TestStampWithoutNumberLines(t *testing.T) {
	d := mustRead(t, simpleDocx(t, []string{"JUDUL", "Pasal 1", "Isi."}))
	if _, err := Stamp(d, []string{"1"}, "", &bytes.Buffer{}, time.Now()); !errors.Is(err, ErrNoNumberLines) {
		t.Fatalf("err = %v, want ErrNoNumberLines", err)
	}
}

func TestAgreementEnd(t *testing.T) {
	// pks-v1: signed 12-01-2026, "jangka waktu 2 (dua) tahun".
	end, ok := AgreementEnd(openFixture(t, "pks-v1.docx"))
	if !ok || !end.Equal(time.Date(2028, 1, 12, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("AgreementEnd(pks-v1) = %v, %v; want 12 January 2028", end, ok)
	}
	if _, ok := AgreementEnd(mustRead(t, simpleDocx(t, []string{"JUDUL", "Pasal 1", "Isi."}))); ok {
		t.Error("an agreement without date and term has an end")
	}
}
