package sepakat

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Register entry states.
const (
	// RegisterAssigned is a number given to a document and in force.
	RegisterAssigned = "assigned"
	// RegisterCancelled is a number withdrawn by Kasubbag; it stays in the
	// register with its reason and is never given again.
	RegisterCancelled = "cancelled"
)

// DefaultRegisterFormat is the format of document numbers until Kasubbag or
// the admin sets another, e.g. 007/KB/HK-KS/III/2026.
const DefaultRegisterFormat = "{seq}/{kind}/{unit}/{month-roman}/{year}"

// RegisterEntry is one line of the buku register: a document number given
// to the final draft of an agreement during Penomoran. Numbers run per year
// (of the agreement's date) and document kind, from 1, without reuse.
type RegisterEntry struct {
	ID   int64        `json:"id"`
	Year int          `json:"year"`
	Kind DocumentKind `json:"kind"`
	Seq  int          `json:"seq"`
	// Number is the formatted number, e.g. 007/KB/HK-KS/III/2026.
	Number        string `json:"number"`
	DocumentID    int64  `json:"document_id"`
	CooperationID int64  `json:"cooperation_id"`
	// PartnerNumber is the partner's own number of the agreement, typed in.
	PartnerNumber string `json:"partner_number"`
	// Date is the date of the agreement.
	Date           time.Time `json:"date"`
	Status         string    `json:"status"` // RegisterAssigned or RegisterCancelled
	CancelReason   string    `json:"cancel_reason,omitempty"`
	AssignedBy     int64     `json:"assigned_by"`
	AssignedByName string    `json:"assigned_by_name"`
	AssignedAt     time.Time `json:"assigned_at"`
	CancelledAt    time.Time `json:"cancelled_at,omitzero"`
}

// Cancelled reports whether the number was withdrawn.
func (e *RegisterEntry) Cancelled() bool { return e.Status == RegisterCancelled }

// RegisterSettings is how document numbers are written.
type RegisterSettings struct {
	// Format is the pattern of numbers with the tokens of FormatNumber;
	// empty means DefaultRegisterFormat.
	Format string `json:"format"`
	// Unit is the code of the unit in the number, e.g. HK-KS.
	Unit string `json:"unit"`
}

// Validate checks the settings by formatting a sample number: the format
// must hold {seq} and only known tokens, and a unit when it uses {unit}.
func (s RegisterSettings) Validate() error {
	format := s.Format
	if format == "" {
		format = DefaultRegisterFormat
	}
	if !strings.Contains(format, "{seq}") {
		return Errorf(EINVALID, "Format nomor harus memuat {seq} (nomor urut).")
	}
	if len(format) > 200 || len(s.Unit) > 100 {
		return Errorf(EINVALID, "Format nomor atau kode unit terlalu panjang.")
	}
	_, err := FormatNumber(format, 1, DocumentKB, s.Unit, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return err
}

var romanMonths = [...]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// FormatNumber writes a document number after format. Its tokens are {seq}
// (the sequence, zero-padded to three digits), {kind} (KB, PKS, NK),
// {unit}, {month-roman} (I…XII), {month} (01…12) and {year} (four digits),
// all of date. An unknown or unclosed token, a sequence below 1, an unknown
// kind or {unit} with an empty unit is EINVALID.
func FormatNumber(format string, seq int, kind DocumentKind, unit string, date time.Time) (string, error) {
	if seq < 1 {
		return "", Errorf(EINVALID, "Nomor urut harus 1 atau lebih.")
	}
	if err := kind.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	rest := format
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		if rest[i] == '}' {
			return "", Errorf(EINVALID, "Format nomor memuat '}' tanpa '{'.")
		}
		b.WriteString(rest[:i])
		rest = rest[i+1:]
		j := strings.IndexAny(rest, "{}")
		if j < 0 || rest[j] != '}' {
			return "", Errorf(EINVALID, "Format nomor memuat '{' yang tidak ditutup.")
		}
		token := rest[:j]
		rest = rest[j+1:]
		switch token {
		case "seq":
			fmt.Fprintf(&b, "%03d", seq)
		case "kind":
			b.WriteString(string(kind))
		case "unit":
			if strings.TrimSpace(unit) == "" {
				return "", Errorf(EINVALID, "Kode unit belum diatur, padahal format nomor memuat {unit}.")
			}
			b.WriteString(strings.TrimSpace(unit))
		case "month-roman":
			b.WriteString(romanMonths[date.Month()-1])
		case "month":
			fmt.Fprintf(&b, "%02d", int(date.Month()))
		case "year":
			fmt.Fprintf(&b, "%04d", date.Year())
		default:
			return "", Errorf(EINVALID, "Format nomor memuat penanda tidak dikenal: {%s}. Gunakan {seq}, {kind}, {unit}, {month-roman}, {month}, atau {year}.", token)
		}
	}
	return b.String(), nil
}

// RegisterService keeps the buku register of document numbers.
type RegisterService interface {
	// AssignNumber gives the final document documentID the next number of
	// the year of date and its kind, with the partner's number typed in
	// (Kasubbag only).
	AssignNumber(ctx context.Context, documentID int64, partnerNumber string, date time.Time) (*RegisterEntry, error)
	// CancelNumber withdraws a number with a reason; the entry stays in the
	// register and its sequence is never given again (Kasubbag only).
	CancelNumber(ctx context.Context, entryID int64, reason string) (*RegisterEntry, error)
	// FindRegister returns the entries of a year in the order they were
	// made (office staff only).
	FindRegister(ctx context.Context, year int) ([]*RegisterEntry, error)
	// RegisterSettings returns the number format and unit.
	RegisterSettings(ctx context.Context) (RegisterSettings, error)
	// SetRegisterSettings changes them (Kasubbag or admin).
	SetRegisterSettings(ctx context.Context, s RegisterSettings) error
}

// registerCSVHeader names the columns of WriteRegisterCSV.
var registerCSVHeader = []string{
	"Nomor", "Tahun", "Jenis", "Urut", "Nomor Mitra", "Tanggal", "Kerja Sama", "Dokumen",
	"Status", "Alasan Batal", "Dicatat Oleh", "Waktu",
}

// WriteRegisterCSV writes entries as CSV with a header row, for a
// spreadsheet. Dates are written 2006-01-02, times 2006-01-02 15:04:05 in
// their own zone; the status in Bahasa Indonesia. Cells a spreadsheet would
// read as a formula are prefixed with an apostrophe.
func WriteRegisterCSV(w io.Writer, entries []*RegisterEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(registerCSVHeader); err != nil {
		return fmt.Errorf("write register csv: %w", err)
	}
	for _, e := range entries {
		status := "Berlaku"
		if e.Cancelled() {
			status = "Dibatalkan"
		}
		date := ""
		if !e.Date.IsZero() {
			date = e.Date.Format("2006-01-02")
		}
		at := ""
		if !e.AssignedAt.IsZero() {
			at = e.AssignedAt.Format("2006-01-02 15:04:05")
		}
		row := []string{
			csvCell(e.Number), strconv.Itoa(e.Year), string(e.Kind), strconv.Itoa(e.Seq), csvCell(e.PartnerNumber), date,
			strconv.FormatInt(e.CooperationID, 10), strconv.FormatInt(e.DocumentID, 10),
			status, csvCell(e.CancelReason), csvCell(e.AssignedByName), at,
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write register csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write register csv: %w", err)
	}
	return nil
}

// csvCell keeps text typed by users from being read as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// NumberedFileService keeps the numbered final text of a document.
type NumberedFileService interface {
	// SetNumberedFile records f as the final text of a numbered document
	// (Kasubbag; ECONFLICT when the document has no number).
	SetNumberedFile(ctx context.Context, documentID int64, f File) (*Document, error)
}
