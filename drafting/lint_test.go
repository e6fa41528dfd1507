package drafting

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustOpenLint(tb testing.TB, name string) *Document {
	tb.Helper()
	d, err := Open(filepath.Join("..", "testdata", "drafting", name))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// TestLintFixture checks lint.docx (src/lint.md), which holds one of each
// problem, finding by finding and in paragraph order.
func TestLintFixture(t *testing.T) {
	d := mustOpenLint(t, "lint.docx")
	got := Lint(d, LintOptions{KBEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)})
	want := []struct {
		rule, severity string
		pasal, ayat    int
		quote          string
	}{
		{RuleMissingElement, SeverityError, 0, 0, "penyelesaian perselisihan"},
		{RuleMissingElement, SeverityWarning, 0, 0, "pengakhiran"},
		{RulePlaceholder, SeverityError, 0, 0, "……"},
		{RulePlaceholder, SeverityError, 0, 0, "[isi nama]"},
		{RulePlaceholder, SeverityError, 0, 0, "{{nama_direktur}}"},
		{RuleAyatGap, SeverityError, 1, 3, "(3) Tujuan Perjanjian Kerja Sama ini adalah meningkatkan kompetensi Aparatur."},
		{RuleEnumSeparator, SeverityError, 2, 0, "b. sertifikasi kompetensi Aparatur,"},
		{RuleEnumEnd, SeverityError, 2, 0, "d. evaluasi pelaksanaan pelatihan;"},
		{RulePasalGap, SeverityError, 4, 0, "Pasal 4"},
		{RuleReferencePasal, SeverityError, 4, 1, "Pasal 9"},
		{RuleReferenceAyat, SeverityError, 4, 2, "ayat (5)"},
		{RulePasalDuplicate, SeverityError, 4, 0, "Pasal 4"},
		{RuleNumberWords, SeverityError, 4, 2, "5 (enam)"},
		{RulePasalOrder, SeverityError, 3, 0, "Pasal 3"},
		{RuleTermExceedsKB, SeverityError, 3, 1, "selama 3 (tiga) tahun"},
		{RulePasalGap, SeverityError, 6, 0, "Pasal 6"},
		{RulePlaceholder, SeverityError, 6, 2, "XXX"},
	}
	if len(got) != len(want) {
		for _, f := range got {
			t.Logf("%+v", f)
		}
		t.Fatalf("%d findings, want %d", len(got), len(want))
	}
	ps := d.Paragraphs(Accept)
	for i, w := range want {
		f := got[i]
		if f.Rule != w.rule || f.Severity != w.severity || f.Pasal != w.pasal || f.Ayat != w.ayat || f.Quote != w.quote {
			t.Errorf("finding %d = %s %s Pasal %d ayat %d %q, want %s %s Pasal %d ayat %d %q",
				i, f.Rule, f.Severity, f.Pasal, f.Ayat, f.Quote, w.rule, w.severity, w.pasal, w.ayat, w.quote)
		}
		if f.Message == "" {
			t.Errorf("finding %d has no message", i)
		}
		if f.Paragraph >= 0 && f.Rule != RuleMissingElement {
			if f.Paragraph >= len(ps) || !containsFold(ps[f.Paragraph].Line(), f.Quote) {
				t.Errorf("finding %d: paragraph %d does not hold %q", i, f.Paragraph, f.Quote)
			}
		}
	}
	// Without the KB's end there is no term finding.
	for _, f := range Lint(d, LintOptions{}) {
		if f.Rule == RuleTermExceedsKB {
			t.Errorf("term finding without KBEnd: %+v", f)
		}
	}
}

func containsFold(s, sub string) bool {
	return len(sub) > 0 && (len(s) >= len(sub)) && (indexFold(s, sub) >= 0)
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestLintWellFormedPKS: pks-v1 and its numbered and LibreOffice twins are
// well formed and give no error. The warnings are the ones UU 12/2011
// Lampiran II and PP 28/2018 justify: its enumerations have no "dan" after
// the second-to-last item and it has no Pasal on ending the agreement.
func TestLintWellFormedPKS(t *testing.T) {
	for _, name := range []string{"pks-v1.docx", "pks-numbered-v1.docx", "pks-lo-v1.docx", "pks-v2.docx"} {
		t.Run(name, func(t *testing.T) {
			d := mustOpenLint(t, name)
			termPasal := 10 // JANGKA WAKTU
			if name == "pks-v2.docx" {
				termPasal = 11
			}
			// The KB of pks-v1 ends after its 2 years (from 12 January 2026).
			got := Lint(d, LintOptions{Kind: "pks", KBEnd: time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)})
			var warnings []string
			for _, f := range got {
				if f.Severity != SeverityWarning {
					t.Errorf("unexpected %s: %+v", f.Severity, f)
					continue
				}
				warnings = append(warnings, f.Rule)
			}
			want := []string{RuleMissingElement, RuleEnumConnective, RuleEnumConnective, RuleEnumConnective, RuleEnumConnective}
			if len(warnings) != len(want) {
				t.Fatalf("warnings %v, want %v", warnings, want)
			}
			for i := range want {
				if warnings[i] != want[i] {
					t.Errorf("warnings %v, want %v", warnings, want)
				}
			}
			// A KB ending before 12 January 2028 is outlasted.
			n := 0
			for _, f := range Lint(d, LintOptions{KBEnd: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}) {
				if f.Rule == RuleTermExceedsKB {
					n++
					if f.Pasal != termPasal || f.Ayat != 1 || f.Quote != "jangka waktu 2 (dua) tahun" {
						t.Errorf("term finding %+v", f)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d term findings, want 1", n)
			}
		})
	}
}

// TestLintKindAndElements: a KB needs fewer elements, and custom elements
// replace the defaults.
func TestLintKindAndElements(t *testing.T) {
	d := mustOpenLint(t, "pks-v1.docx")
	for _, f := range Lint(d, LintOptions{Kind: "kb"}) {
		if f.Rule == RuleMissingElement {
			t.Errorf("KB: %+v", f)
		}
	}
	got := Lint(d, LintOptions{Elements: []RequiredElement{
		{Name: "kerahasiaan", Keywords: []string{"kerahasiaan"}},
		{Name: "jangka waktu", Keywords: []string{"jangka waktu"}},
	}})
	n := 0
	for _, f := range got {
		if f.Rule == RuleMissingElement {
			n++
			if f.Quote != "kerahasiaan" || f.Severity != SeverityError || f.Paragraph != -1 {
				t.Errorf("%+v", f)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d missing elements, want 1", n)
	}
}

func TestParseNumberWords(t *testing.T) {
	cases := []struct {
		in   string
		want float64
	}{
		{"satu", 1}, {"enam", 6}, {"sepuluh", 10}, {"sebelas", 11}, {"dua belas", 12},
		{"tiga puluh", 30}, {"tiga puluh lima", 35}, {"seratus", 100}, {"seratus dua puluh", 120},
		{"dua ratus lima belas", 215}, {"seribu", 1000}, {"seribu dua ratus", 1200},
		{"dua ribu dua puluh enam", 2026}, {"Dua Ribu Dua Puluh Enam", 2026},
		{"lima ratus juta rupiah", 500e6}, {"satu juta lima ratus ribu rupiah", 1.5e6},
		{"tujuh ratus lima puluh juta rupiah", 750e6}, {"dua miliar", 2e9},
		{"seratus sebelas ribu", 111000}, {"dua koma lima", 2.5}, {"sepuluh persen", 10},
		{"nol koma nol lima", 0.05}, {"sejuta", 1e6},
	}
	for _, c := range cases {
		got, ok := ParseNumberWords(c.in)
		if !ok || got != c.want {
			t.Errorf("ParseNumberWords(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "PIHAK KESATU", "dua tiga", "belas", "puluh dua", "ribu juta", "dua ribu tiga juta", "lima koma", "enam bulan", "rupiah"} {
		if v, ok := ParseNumberWords(bad); ok {
			t.Errorf("ParseNumberWords(%q) = %v, want refused", bad, v)
		}
	}
}

func TestParseDigits(t *testing.T) {
	for in, want := range map[string]float64{"5": 5, "1.500.000,00": 1.5e6, "500.000.000,00": 500e6, "2,5": 2.5, "30": 30} {
		if got, ok := parseDigits(in); !ok || got != want {
			t.Errorf("parseDigits(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := parseDigits("1.50"); ok {
		t.Error("parseDigits(1.50) accepted")
	}
}

// BenchmarkLintBig lints the 300-Pasal benchmark document (reading it not
// counted).
func BenchmarkLintBig(b *testing.B) {
	if _, err := os.Stat(filepath.Join("..", "testdata", "drafting", "big-v1.docx")); err != nil {
		b.Skip(err)
	}
	d := mustOpenLint(b, "big-v1.docx")
	b.ReportAllocs()
	for b.Loop() {
		Lint(d, LintOptions{})
	}
}

// lintLines builds a document of typed paragraphs, one per line.
func lintLines(lines ...string) *Document {
	d := &Document{}
	for _, l := range lines {
		d.Body = append(d.Body, &Paragraph{Runs: []Run{{Text: l}}})
	}
	return d
}

// TestLintCases: small documents for what the fixture does not show.
func TestLintCases(t *testing.T) {
	kbEnd := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		opt   LintOptions
		lines []string
		want  []string // "rule Pasal ayat quote"
	}{
		{"sub-items and a connective", LintOptions{Elements: []RequiredElement{}}, []string{
			"Pasal 1", "(1) PIHAK KESATU berkewajiban:",
			"a. menyediakan:", "1. data;", "2. sarana; dan", "3. prasarana; dan",
			"b. menugaskan Aparatur; dan", "c. menyediakan anggaran.",
			"(2) Lain-lain sesuai dengan Pasal 1 ayat (1) dan Pasal 363 ayat (4) Undang-Undang Nomor 23 Tahun 2014.",
			"(3) Sebagaimana dimaksud dalam ayat (5) Pasal 3 Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020 dan Pasal 7 Perjanjian Kerja Sama ini.",
		}, []string{"reference-pasal 1 3 Pasal 7"}},
		{"misplaced connective and huruf order", LintOptions{Elements: []RequiredElement{}}, []string{
			"Pasal 1", "Ruang lingkup meliputi:", "a. satu; dan", "c. dua;", "d. tiga."}, []string{
			"enum-connective 1 0 a. satu; dan",
			"huruf-sequence 1 0 c. dua;",
			"enum-connective 1 0 c. dua;",
		}},
		{"sampai dengan tanggal", LintOptions{Elements: []RequiredElement{}, KBEnd: kbEnd}, []string{
			"PERJANJIAN KERJA SAMA", "Pasal 1", "JANGKA WAKTU",
			"Perjanjian ini berlaku sampai dengan tanggal 31 Januari 2028."}, []string{
			"term-exceeds-kb 1 0 sampai dengan tanggal 31 Januari 2028",
		}},
		{"KB outlasted by nothing: a KB is not checked", LintOptions{Elements: []RequiredElement{}, KBEnd: kbEnd}, []string{
			"KESEPAKATAN BERSAMA", "Pasal 1", "JANGKA WAKTU",
			"Kesepakatan Bersama ini berlaku selama 5 (lima) tahun."}, nil},
		{"term from today when undated", LintOptions{Elements: []RequiredElement{}, KBEnd: kbEnd, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, []string{
			"PERJANJIAN KERJA SAMA", "Pasal 1 JANGKA WAKTU",
			"Perjanjian ini berlaku selama 24 (dua puluh empat) bulan.", "Pasal 2", "PENUTUP",
			"Cukup jelas."}, []string{
			"term-exceeds-kb 1 0 selama 24 (dua puluh empat) bulan",
		}},
		{"spelled date of signing", LintOptions{Elements: []RequiredElement{}, KBEnd: time.Date(2028, 1, 11, 0, 0, 0, 0, time.UTC)}, []string{
			"PERJANJIAN KERJA SAMA", "Pada hari ini Senin tanggal Dua Belas bulan Januari tahun Dua Ribu Dua Puluh Enam, kami:",
			"Pasal 1", "JANGKA WAKTU", "Perjanjian ini berlaku untuk jangka waktu 2 (dua) tahun."}, []string{
			"term-exceeds-kb 1 0 jangka waktu 2 (dua) tahun",
		}},
		{"spelled date, KB long enough", LintOptions{Elements: []RequiredElement{}, KBEnd: time.Date(2028, 1, 12, 0, 0, 0, 0, time.UTC)}, []string{
			"PERJANJIAN KERJA SAMA", "Pada hari ini Senin tanggal Dua Belas bulan Januari tahun Dua Ribu Dua Puluh Enam, kami:",
			"Pasal 1", "JANGKA WAKTU", "Perjanjian ini berlaku untuk jangka waktu 2 (dua) tahun."}, nil},
		{"parties missing", LintOptions{Elements: DefaultElements[:1]}, []string{"Pasal 1", "Cukup."}, []string{
			"missing-element 0 0 para pihak",
		}},
		{"term as \"adalah paling lama\"", LintOptions{Elements: []RequiredElement{}, KBEnd: kbEnd}, []string{
			"PERJANJIAN KERJA SAMA", "Ditandatangani tanggal 2 Maret 2026.", "Pasal 1", "JANGKA WAKTU",
			"(1) Jangka waktu Perjanjian ini adalah paling lama 2 (dua) tahun.", "(2) Dapat diperpanjang."}, []string{
			"term-exceeds-kb 1 1 adalah paling lama 2 (dua) tahun",
		}},
		{"term not readable", LintOptions{Elements: []RequiredElement{}, KBEnd: kbEnd}, []string{
			"PERJANJIAN KERJA SAMA", "Pasal 1", "JANGKA WAKTU", "Perjanjian ini berlaku sejak ditandatangani."}, []string{
			"term-unknown-length 1 0 Pasal 1",
		}},
		{"single ayat, consistent money", LintOptions{Elements: []RequiredElement{}}, []string{
			"Pasal 1", "(1) Biaya sebesar Rp 2.500.000,00 (dua juta lima ratus ribu rupiah) atau 10% (sepuluh persen).",
			"Pasal 2", "(1) Satu.", "(2) Dua sebagaimana dimaksud pada ayat (3)."}, []string{
			"ayat-single 1 1 (1) Biaya sebesar Rp 2.500.000,00 (dua juta lima ratus ribu rupiah) atau 10% (sepuluh persen).",
			"reference-ayat 2 2 ayat (3)",
		}},
		{"KB needs fewer elements", LintOptions{}, []string{
			"KESEPAKATAN BERSAMA", "PARA PIHAK sepakat:", "Pasal 1", "MAKSUD DAN TUJUAN", "Cukup.",
			"Pasal 2", "RUANG LINGKUP", "Cukup.", "Pasal 3", "JANGKA WAKTU", "Cukup."}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range Lint(lintLines(tc.lines...), tc.opt) {
				got = append(got, fmt.Sprintf("%s %d %d %s", f.Rule, f.Pasal, f.Ayat, f.Quote))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func ExampleLint() {
	d, err := Open("../testdata/drafting/lint.docx")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range Lint(d, LintOptions{Kind: "pks"}) {
		if f.Rule == RuleNumberWords || f.Rule == RuleReferencePasal {
			fmt.Printf("Pasal %d ayat (%d): %s «%s»\n", f.Pasal, f.Ayat, f.Message, f.Quote)
		}
	}
	// Output:
	// Pasal 4 ayat (1): Rujukan ke Pasal 9, padahal dokumen tidak memiliki Pasal 9; perbaiki nomor Pasal yang dirujuk. «Pasal 9»
	// Pasal 4 ayat (2): Angka 5 tidak sesuai dengan tulisannya "enam" (6); samakan angka dan huruf. «5 (enam)»
}
