package drafting

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

func TestHeadingRules(t *testing.T) {
	pasal := map[string]int{
		"Pasal 1":                   1,
		"Pasal 12":                  12,
		"PASAL 7":                   7,
		"pasal 3":                   3,
		"Pasal\u00a05":              5,
		"Pasal  5 .":                5,
		"Pasal 5.":                  5,
		"Pasal 1 KETENTUAN UMUM":    1,
		"Pasal 1 – Ketentuan Umum":  1,
		"Pasal 1: Definisi":         1,
		"Pasal 1. Ketentuan Umum":   1,
		"Pasal 3 ayat (2) berlaku":  0,
		"Pasal 3 mengatur hal itu.": 0,
		"Pasal 3 – berlaku surut.":  0,
		"Pasal 12a":                 0,
		"Pasal":                     0,
		"Pasal ini":                 0,
		"Pasal1":                    0,
		"Pasal 123456":              0,
		"Pasal 2 UU":                2,
		"Pasal 2 - " + strings.Repeat("kata ", 12): 0,
	}
	for line, want := range pasal {
		got, ok := pasalHeading(line)
		if want == 0 && ok || want != 0 && (!ok || got != want) {
			t.Errorf("pasalHeading(%q) = %d, %v; want %d", line, got, ok, want)
		}
	}
	bab := map[string]string{
		"BAB I":                                "I",
		"BAB IV":                               "IV",
		"Bab xii":                              "XII",
		"BAB II KETENTUAN UMUM":                "II",
		"BAB III.":                             "III",
		"BAB\u00a0V":                           "V",
		"Bab ini mengatur":                     "",
		"BAB 1":                                "",
		"BABI":                                 "",
		"BAB IIa":                              "",
		"BAB I " + strings.Repeat("kata ", 12): "",
	}
	for line, want := range bab {
		if got, ok := babHeading(line); got != want || ok != (want != "") {
			t.Errorf("babHeading(%q) = %q, %v; want %q", line, got, ok, want)
		}
	}
	ayat := map[string]int{"(1) Biaya": 1, "(12) x": 12, "(3)": 3, "(1)x": 0, "(a) x": 0, "(1": 0, "1) x": 0, "()": 0}
	for line, want := range ayat {
		got, ok := ayatStart(line)
		if want == 0 && ok || want != 0 && (!ok || got != want) {
			t.Errorf("ayatStart(%q) = %d, %v; want %d", line, got, ok, want)
		}
	}
	huruf := map[string]string{"a. bahwa": "a", "b) x": "b", "aa. x": "aa", "z.": "z", "ab. x": "", "A. x": "", "a.n. Wali Kota": "", "a.x": "", "abc. x": ""}
	for line, want := range huruf {
		if got, ok := hurufStart(line); got != want || ok != (want != "") {
			t.Errorf("hurufStart(%q) = %q, %v; want %q", line, got, ok, want)
		}
	}
	angka := map[string]bool{"1. x": true, "12) x": true, "1.": true, "1.1 x": false, "2026 x": false, "x. 1": false}
	for line, want := range angka {
		if got := angkaStart(line); got != want {
			t.Errorf("angkaStart(%q) = %v, want %v", line, got, want)
		}
	}
}

// where writes a paragraph's place in the structure.
func where(p *Paragraph) string {
	return fmt.Sprintf("%s %s/%d/%d/%s", p.Kind, p.Bab, p.Pasal, p.Ayat, p.Huruf)
}

func TestStructure(t *testing.T) {
	body := wp(wr("PERJANJIAN KERJA SAMA")) +
		wp(wr("a. bahwa PIHAK KESATU …;")) +
		wp(wr("b. bahwa PIHAK KEDUA …;")) +
		wp(wr("BAB I")) + wp(wr("KETENTUAN UMUM")) +
		wp(wr("Pasal 1")) + wp(wr("PENGERTIAN")) +
		wp(wr("Dalam Perjanjian ini yang dimaksud dengan:")) +
		wp(wr("a. Pemerintah Daerah adalah:")) +
		wp(wr("1. Wali Kota;")) +
		wp(wr("2. Perangkat Daerah.")) +
		wp(wr("b. Aparatur adalah …")) +
		wp(wr("\tPasal 2")) +
		wp(wr("(1) PIHAK KESATU berhak:")) +
		wp(wr("a) menerima;")) +
		`<w:tbl><w:tr><w:tc>` + wp(wr("(1) dalam tabel")) + wp(wr("Pasal 9")) + `</w:tc></w:tr></w:tbl>` +
		wp(wr("(2) PIHAK KESATU wajib …")) +
		wp(wr("Pasal 3 ayat (2) berlaku juga.")) +
		wp(wr("3. bukan angka, tidak di bawah huruf")) +
		wp(wr("BAB II KETENTUAN LAIN")) +
		wp(wr("Pasal 3 KETENTUAN PENUTUP")) +
		wp(wr("Perjanjian ini berlaku."))
	d := bodyDoc(t, body)
	want := []string{
		"text /0/0/", "huruf /0/0/a", "huruf /0/0/b",
		"bab I/0/0/", "text I/0/0/",
		"pasal I/1/0/", "text I/1/0/", "text I/1/0/",
		"huruf I/1/0/a", "angka I/1/0/a", "angka I/1/0/a", "huruf I/1/0/b",
		"pasal I/2/0/", "ayat I/2/1/", "huruf I/2/1/a",
		"text I/2/1/a", "text I/2/1/a",
		"ayat I/2/2/", "text I/2/2/", "text I/2/2/",
		"bab II/0/0/", "pasal II/3/0/", "text II/3/0/",
	}
	ps := d.Paragraphs(Accept)
	if len(ps) != len(want) {
		t.Fatalf("%d paragraphs, want %d", len(ps), len(want))
	}
	for i, p := range ps {
		if got := where(p); got != want[i] {
			t.Errorf("%q: %s, want %s", p.Line(), got, want[i])
		}
	}
}

// TestStructureFixtures checks that the typed PKS, the same PKS with Word
// numbering, and its LibreOffice round trip have the same structure, and
// that every "Pasal n" line of the expected text is a Pasal heading.
func TestStructureFixtures(t *testing.T) {
	rePasal := regexp.MustCompile(`^Pasal \d+$`)
	for _, v := range []string{"v1", "v2"} {
		var ref []string
		for _, name := range []string{"pks-" + v, "pks-numbered-" + v, "pks-lo-" + v} {
			d, err := Open(testtool.Testdata(t, "drafting", name+".docx"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			pasal, lines := 0, 0
			for _, p := range d.Paragraphs(Accept) {
				line := strings.Join(strings.Fields(p.Line()), " ")
				if line == "" {
					continue
				}
				got = append(got, where(p)+" "+line)
				if p.Kind == KindPasal {
					pasal++
				}
				if rePasal.MatchString(line) {
					lines++
				}
			}
			if pasal != lines || pasal < 10 {
				t.Errorf("%s: %d Pasal headings, %d Pasal lines", name, pasal, lines)
			}
			if ref == nil {
				ref = got
				continue
			}
			diffLines(t, got, ref)
		}
	}
}
