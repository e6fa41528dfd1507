package templates

import (
	"fmt"
	"strings"
	"time"
)

var (
	digitWords = [...]string{"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}
	// scaleWords names the groups of three digits, from the units up.
	scaleWords = [...]string{"", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun"}
	dayNames   = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	monthNames = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"}
)

// Terbilang spells n in Indonesian words, in lower case, as a number is
// written out in a legal text: 0 "nol", 11 "sebelas", 100 "seratus",
// 1000 "seribu", 1500000 "satu juta lima ratus ribu". Negative numbers are
// spelled with "minus" in front. Every int64 is covered; the groups above
// miliar are triliun, kuadriliun and kuintiliun.
func Terbilang(n int64) string {
	if n == 0 {
		return "nol"
	}
	var u uint64
	var sign string
	if n < 0 {
		sign = "minus "
		u = uint64(-(n + 1)) + 1 // safe for math.MinInt64
	} else {
		u = uint64(n)
	}
	var groups []string
	for scale := 0; u > 0; scale++ {
		g := int(u % 1000)
		u /= 1000
		switch {
		case g == 0:
			continue
		case g == 1 && scale == 1:
			groups = append(groups, "seribu")
		case scale == 0:
			groups = append(groups, belowThousand(g))
		default:
			groups = append(groups, belowThousand(g)+" "+scaleWords[scale])
		}
	}
	for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
		groups[i], groups[j] = groups[j], groups[i]
	}
	return sign + strings.Join(groups, " ")
}

// belowThousand spells 1…999.
func belowThousand(n int) string {
	var parts []string
	h, rest := n/100, n%100
	switch {
	case h == 1:
		parts = append(parts, "seratus")
	case h > 1:
		parts = append(parts, digitWords[h]+" ratus")
	}
	switch {
	case rest == 0:
	case rest < 10:
		parts = append(parts, digitWords[rest])
	case rest == 10:
		parts = append(parts, "sepuluh")
	case rest == 11:
		parts = append(parts, "sebelas")
	case rest < 20:
		parts = append(parts, digitWords[rest-10]+" belas")
	default:
		p := digitWords[rest/10] + " puluh"
		if rest%10 != 0 {
			p += " " + digitWords[rest%10]
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// groupThousands writes n with dots between groups of three digits, the
// Indonesian way: 1500000 → "1.500.000".
func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Rupiah writes an amount of whole rupiah as it stands in an agreement,
// in figures with ",00" and then in words:
// 1500000 → "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)".
// A negative amount is written with a minus sign and "minus".
func Rupiah(amount int64) string {
	if amount < 0 {
		return fmt.Sprintf("-Rp%s,00 (%s rupiah)", groupThousands(amount)[1:], Terbilang(amount))
	}
	return fmt.Sprintf("Rp%s,00 (%s rupiah)", groupThousands(amount), Terbilang(amount))
}

// Term writes a period in years as figures and words: 5 → "5 (lima) tahun".
func Term(years int) string {
	return fmt.Sprintf("%d (%s) tahun", years, Terbilang(int64(years)))
}

// DayName returns the Indonesian name of t's weekday ("Senin").
func DayName(t time.Time) string { return dayNames[t.Weekday()] }

// MonthName returns the Indonesian name of t's month ("November").
func MonthName(t time.Time) string { return monthNames[t.Month()-1] }

// ShortDate writes t as "23 November 2026".
func ShortDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), MonthName(t), t.Year())
}

// SpelledDate writes the opening of an agreement's preamble with the day,
// date, month and year of t, the numbers in words: "Pada hari ini Senin
// tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam".
func SpelledDate(t time.Time) string {
	return fmt.Sprintf("Pada hari ini %s tanggal %s bulan %s tahun %s",
		DayName(t), Terbilang(int64(t.Day())), MonthName(t), Terbilang(int64(t.Year())))
}
