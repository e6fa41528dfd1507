package sepakat_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestFormatNumber(t *testing.T) {
	march := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		format string
		seq    int
		kind   sepakat.DocumentKind
		unit   string
		date   time.Time
		want   string
		code   string
	}{
		{"default", sepakat.DefaultRegisterFormat, 7, sepakat.DocumentKB, "HK-KS", march, "007/KB/HK-KS/III/2026", ""},
		{"seq beyond three digits", sepakat.DefaultRegisterFormat, 1234, sepakat.DocumentPKS, "HK-KS", march, "1234/PKS/HK-KS/III/2026", ""},
		{"month digits", "{kind}.{seq}-{month}.{year}", 12, sepakat.DocumentNK, "", march, "NK.012-03.2026", ""},
		{"no tokens", "tetap", 1, sepakat.DocumentKB, "", march, "tetap", ""},
		{"unit trimmed", "{unit}/{seq}", 1, sepakat.DocumentKB, " HK ", march, "HK/001", ""},
		{"unknown token", "{seq}/{bulan}", 1, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"unclosed token", "{seq}/{year", 1, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"stray brace", "{seq}}", 1, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"nested brace", "{se{q}", 1, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"empty unit", sepakat.DefaultRegisterFormat, 1, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"zero seq", "{seq}", 0, sepakat.DocumentKB, "", march, "", sepakat.EINVALID},
		{"unknown kind", "{seq}", 1, "MOU", "", march, "", sepakat.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sepakat.FormatNumber(tt.format, tt.seq, tt.kind, tt.unit, tt.date)
			if code := sepakat.ErrorCode(err); code != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatNumber_RomanMonths(t *testing.T) {
	want := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
	for m, roman := range want {
		date := time.Date(2027, time.Month(m+1), 28, 0, 0, 0, 0, time.UTC)
		got, err := sepakat.FormatNumber("{month-roman}", 1, sepakat.DocumentKB, "", date)
		if err != nil || got != roman {
			t.Errorf("month %d: %q, %v; want %q", m+1, got, err, roman)
		}
	}
}

func TestRegisterSettings_Validate(t *testing.T) {
	for _, s := range []sepakat.RegisterSettings{
		{Unit: "HK-KS"},
		{Format: "{seq}/{kind}/{year}"},
	} {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
	for _, s := range []sepakat.RegisterSettings{
		{},                          // default format needs a unit
		{Format: "{kind}/{year}"},   // no sequence
		{Format: "{seq}/{tanggal}"}, // unknown token
		{Format: "{seq}/{unit}", Unit: " "},
	} {
		if err := s.Validate(); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%+v: %v, want invalid", s, err)
		}
	}
}

func TestWriteRegisterCSV(t *testing.T) {
	wita := time.FixedZone("WITA", 8*3600)
	entries := []*sepakat.RegisterEntry{
		{
			ID: 1, Year: 2026, Kind: sepakat.DocumentKB, Seq: 1, Number: "001/KB/HK-KS/III/2026", DocumentID: 4, CooperationID: 2,
			PartnerNumber: "UN17/KS/2026", Date: time.Date(2026, 3, 14, 0, 0, 0, 0, wita), Status: sepakat.RegisterCancelled,
			CancelReason: "Salah tanggal, \"diulang\"", AssignedByName: "Ibu Kasubbag", AssignedAt: time.Date(2026, 3, 14, 9, 30, 5, 0, wita),
		},
		{
			ID: 2, Year: 2026, Kind: sepakat.DocumentKB, Seq: 2, Number: "002/KB/HK-KS/III/2026", DocumentID: 4, CooperationID: 2,
			PartnerNumber: "=HYPERLINK(\"x\")", Date: time.Date(2026, 3, 15, 0, 0, 0, 0, wita), Status: sepakat.RegisterAssigned,
			AssignedByName: "Ibu Kasubbag", AssignedAt: time.Date(2026, 3, 15, 10, 0, 0, 0, wita),
		},
	}
	var b bytes.Buffer
	if err := sepakat.WriteRegisterCSV(&b, entries); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Nomor", "Tahun", "Jenis", "Urut", "Nomor Mitra", "Tanggal", "Kerja Sama", "Dokumen", "Status", "Alasan Batal", "Dicatat Oleh", "Waktu"},
		{"001/KB/HK-KS/III/2026", "2026", "KB", "1", "UN17/KS/2026", "2026-03-14", "2", "4", "Dibatalkan", "Salah tanggal, \"diulang\"", "Ibu Kasubbag", "2026-03-14 09:30:05"},
		{"002/KB/HK-KS/III/2026", "2026", "KB", "2", "'=HYPERLINK(\"x\")", "2026-03-15", "2", "4", "Berlaku", "", "Ibu Kasubbag", "2026-03-15 10:00:00"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d column %q = %q, want %q", i, want[0][j], rows[i][j], want[i][j])
			}
		}
	}

	b.Reset()
	if err := sepakat.WriteRegisterCSV(&b, nil); err != nil || b.String() != "Nomor,Tahun,Jenis,Urut,Nomor Mitra,Tanggal,Kerja Sama,Dokumen,Status,Alasan Batal,Dicatat Oleh,Waktu\n" {
		t.Fatalf("empty register: %q, %v", b.String(), err)
	}
}
