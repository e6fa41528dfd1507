package templates

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestTerbilang(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{0, "nol"},
		{1, "satu"},
		{9, "sembilan"},
		{10, "sepuluh"},
		{11, "sebelas"},
		{12, "dua belas"},
		{19, "sembilan belas"},
		{20, "dua puluh"},
		{21, "dua puluh satu"},
		{99, "sembilan puluh sembilan"},
		{100, "seratus"},
		{101, "seratus satu"},
		{110, "seratus sepuluh"},
		{111, "seratus sebelas"},
		{200, "dua ratus"},
		{999, "sembilan ratus sembilan puluh sembilan"},
		{1000, "seribu"},
		{1001, "seribu satu"},
		{1100, "seribu seratus"},
		{2000, "dua ribu"},
		{2026, "dua ribu dua puluh enam"},
		{10000, "sepuluh ribu"},
		{11000, "sebelas ribu"},
		{100000, "seratus ribu"},
		{101000, "seratus satu ribu"},
		{999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"},
		{1000000, "satu juta"},
		{1001000, "satu juta seribu"},
		{1500000, "satu juta lima ratus ribu"},
		{1000000000, "satu miliar"},
		{1000001000, "satu miliar seribu"},
		{250000000000, "dua ratus lima puluh miliar"},
		{999999999999, "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta " +
			"sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"},
		{1000000000000, "satu triliun"},
		{-5, "minus lima"},
		{-1000, "minus seribu"},
	}
	for _, c := range cases {
		if got := Terbilang(c.n); got != c.want {
			t.Errorf("Terbilang(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, n := range []int64{math.MaxInt64, math.MinInt64} {
		if got, err := parseTerbilang(Terbilang(n)); err != nil || got != n {
			t.Errorf("Terbilang(%d) = %q, parsed back as %d (%v)", n, Terbilang(n), got, err)
		}
	}
}

// parseTerbilang is the inverse of Terbilang, written independently from
// it: a word-by-word reader of Indonesian number words.
func parseTerbilang(s string) (int64, error) {
	units := map[string]int64{"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
		"tujuh": 7, "delapan": 8, "sembilan": 9}
	scales := map[string]uint64{"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12,
		"kuadriliun": 1e15, "kuintiliun": 1e18}
	words := strings.Fields(s)
	if len(words) == 1 && words[0] == "nol" {
		return 0, nil
	}
	neg := false
	if len(words) > 0 && words[0] == "minus" {
		neg, words = true, words[1:]
	}
	if len(words) == 0 {
		return 0, fmt.Errorf("no number in %q", s)
	}
	var total, group uint64
	lastScale := uint64(math.MaxUint64)
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "sepuluh":
			group += 10
		case w == "sebelas":
			group += 11
		case w == "seratus":
			group += 100
		case w == "seribu":
			if group != 0 || lastScale <= 1e3 {
				return 0, fmt.Errorf("misplaced seribu in %q", s)
			}
			total += 1000
			lastScale = 1e3
		case units[w] != 0 && next == "belas":
			group += 10 + uint64(units[w])
			i++
		case units[w] != 0 && next == "puluh":
			group += 10 * uint64(units[w])
			i++
		case units[w] != 0 && next == "ratus":
			group += 100 * uint64(units[w])
			i++
		case units[w] != 0:
			group += uint64(units[w])
		case scales[w] != 0:
			if group == 0 || group > 999 || scales[w] >= lastScale {
				return 0, fmt.Errorf("misplaced %s in %q", w, s)
			}
			total += group * scales[w]
			group, lastScale = 0, scales[w]
		default:
			return 0, fmt.Errorf("unknown word %q in %q", w, s)
		}
	}
	if group > 999 {
		return 0, fmt.Errorf("bad group in %q", s)
	}
	total += group
	if neg {
		return -int64(total-1) - 1, nil
	}
	return int64(total), nil
}

// TestTerbilangParsesBack spells every number up to 100,000 and 20,000
// random ones up to 999,999,999,999 and reads each back.
func TestTerbilangParsesBack(t *testing.T) {
	check := func(n int64) {
		s := Terbilang(n)
		got, err := parseTerbilang(s)
		if err != nil || got != n {
			t.Fatalf("Terbilang(%d) = %q, parsed back as %d (%v)", n, s, got, err)
		}
	}
	for n := int64(0); n <= 100000; n++ {
		check(n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		check(r.Int64N(1_000_000_000_000))
		check(-r.Int64N(1_000_000_000_000))
	}
}

func TestRupiahTermDate(t *testing.T) {
	rupiah := map[int64]string{
		0:            "Rp0,00 (nol rupiah)",
		1:            "Rp1,00 (satu rupiah)",
		999:          "Rp999,00 (sembilan ratus sembilan puluh sembilan rupiah)",
		1000:         "Rp1.000,00 (seribu rupiah)",
		1500000:      "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)",
		250000000000: "Rp250.000.000.000,00 (dua ratus lima puluh miliar rupiah)",
		-1500:        "-Rp1.500,00 (minus seribu lima ratus rupiah)",
	}
	for n, want := range rupiah {
		if got := Rupiah(n); got != want {
			t.Errorf("Rupiah(%d) = %q, want %q", n, got, want)
		}
	}
	for years, want := range map[int]string{1: "1 (satu) tahun", 5: "5 (lima) tahun", 10: "10 (sepuluh) tahun", 25: "25 (dua puluh lima) tahun"} {
		if got := Term(years); got != want {
			t.Errorf("Term(%d) = %q, want %q", years, got, want)
		}
	}
	dates := map[string]string{
		"2026-11-23": "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
		"2026-01-01": "Pada hari ini Kamis tanggal satu bulan Januari tahun dua ribu dua puluh enam",
		"2027-08-17": "Pada hari ini Selasa tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh tujuh",
		"2000-02-29": "Pada hari ini Selasa tanggal dua puluh sembilan bulan Februari tahun dua ribu",
		"2026-03-11": "Pada hari ini Rabu tanggal sebelas bulan Maret tahun dua ribu dua puluh enam",
	}
	for d, want := range dates {
		tm, _ := time.Parse(time.DateOnly, d)
		if got := SpelledDate(tm); got != want {
			t.Errorf("SpelledDate(%s) = %q, want %q", d, got, want)
		}
	}
	if got := ShortDate(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)); got != "23 November 2026" {
		t.Errorf("ShortDate = %q", got)
	}
}

func TestPunctuateItem(t *testing.T) {
	cases := []struct {
		item       string
		toGo       int
		cumulative bool
		want       string
	}{
		{"penelitian", 2, true, "penelitian;"},
		{"penelitian", 1, true, "penelitian; dan"},
		{"penelitian", 1, false, "penelitian;"},
		{"penelitian", 0, true, "penelitian."},
		{"penelitian;", 0, true, "penelitian."},
		{"penelitian.", 3, true, "penelitian;"},
		{"penelitian; atau", 1, true, "penelitian; atau"},
		{"penelitian; dan", 0, true, "penelitian."},
		{"penelitian; dan/atau", 1, true, "penelitian; dan/atau"},
		{"penelitian ,", 2, false, "penelitian;"},
	}
	for _, c := range cases {
		if got := punctuateItem(c.item, c.toGo, c.cumulative); got != c.want {
			t.Errorf("punctuateItem(%q, %d, %v) = %q, want %q", c.item, c.toGo, c.cumulative, got, c.want)
		}
	}
}
