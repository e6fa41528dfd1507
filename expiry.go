package sepakat

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ExpiryNoticeMonths is how long before the end of its term a cooperation
// is flagged for renewal or closing.
const ExpiryNoticeMonths = 6

// ExpiryFlag is where a signed cooperation stands against the end of its
// term.
type ExpiryFlag string

// The expiry flags.
const (
	// ExpiryNone: the term runs, or it is unknown.
	ExpiryNone ExpiryFlag = ""
	// ExpirySoon: the term ends within ExpiryNoticeMonths; the office and
	// the PPKSD decide on renewal (perpanjangan) or closing.
	ExpirySoon ExpiryFlag = "segera_berakhir"
	// ExpiryEnded: the term has ended.
	ExpiryEnded ExpiryFlag = "berakhir"
)

// Label is the flag as users read it.
func (f ExpiryFlag) Label() string {
	switch f {
	case ExpirySoon:
		return "Segera berakhir — perpanjang atau akhiri"
	case ExpiryEnded:
		return "Jangka waktu berakhir"
	}
	return ""
}

// Expiry is the term of a signed cooperation.
type Expiry struct {
	// Months is the term in months, read from the application's jangka
	// waktu.
	Months int        `json:"months"`
	Start  time.Time  `json:"start"`
	End    time.Time  `json:"end"`
	Flag   ExpiryFlag `json:"flag"`
}

// Label is the flag as users read it.
func (e Expiry) Label() string { return e.Flag.Label() }

var (
	termPattern = regexp.MustCompile(`(?i)(\d{1,3}|[a-z]+)\s*(?:\([^)]*\)\s*)?(tahun|bulan)`)
	termWords   = map[string]int{
		"satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
		"delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12,
	}
)

// ParseTerm reads a term in months from the free text of the application's
// jangka waktu: "5 (lima) tahun sejak ditandatangani" is 60,
// "18 bulan" 18, "dua tahun" 24. ok is false when the text names no term.
func ParseTerm(text string) (months int, ok bool) {
	for _, m := range termPattern.FindAllStringSubmatch(strings.ToLower(text), -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			v, found := termWords[m[1]]
			if !found {
				continue
			}
			n = v
		}
		if n <= 0 {
			continue
		}
		if m[2] == "tahun" {
			n *= 12
		}
		return n, true
	}
	return 0, false
}

// CooperationExpiry computes the term of c at now: counted from the
// signing (SignedAt) for the term of its application. ok is false when c
// was not signed, its term cannot be read, or c is closed (selesai,
// ditolak).
func CooperationExpiry(c *Cooperation, now time.Time) (e Expiry, ok bool) {
	if c.Stage.Final() {
		return Expiry{}, false
	}
	start := SignedAt(c)
	if start.IsZero() {
		return Expiry{}, false
	}
	months, ok := ParseTerm(c.Preparation.Term)
	if !ok {
		return Expiry{}, false
	}
	e = Expiry{Months: months, Start: start, End: AddMonths(start, months)}
	e.Flag = ExpiryFlagAt(e.End, now)
	return e, true
}

// ExpiryFlagAt is the flag at now of a term ending at end (ExpiryNone for
// the zero end).
func ExpiryFlagAt(end, now time.Time) ExpiryFlag {
	switch {
	case end.IsZero():
		return ExpiryNone
	case !now.Before(end):
		return ExpiryEnded
	case !now.Before(AddMonths(end, -ExpiryNoticeMonths)):
		return ExpirySoon
	}
	return ExpiryNone
}

// EndLabel is the end of the term as users read it.
func (e Expiry) EndLabel() string { return FormatDate(e.End) }
