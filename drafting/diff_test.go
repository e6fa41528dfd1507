package drafting

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

var testPasalHeading = regexp.MustCompile(`^Pasal (\d+)$`)

// testParas builds paragraphs from lines, marking "Pasal N" lines as Pasal
// headings and "BAB X" lines as BAB headings, as the reader's structure
// pass does.
func testParas(lines ...string) []*Paragraph {
	var ps []*Paragraph
	pasal := 0
	for _, l := range lines {
		p := &Paragraph{Runs: []Run{{Text: l}}}
		switch {
		case testPasalHeading.MatchString(l):
			pasal, _ = strconv.Atoi(testPasalHeading.FindStringSubmatch(l)[1])
			p.Kind = KindPasal
		case strings.HasPrefix(l, "BAB "):
			p.Kind = KindBab
		}
		p.Pasal = pasal
		ps = append(ps, p)
	}
	return ps
}

func pasalDoc(bodies map[int][]string, order []int) []*Paragraph {
	lines := []string{"PERJANJIAN KERJA SAMA", "Para pihak sepakat sebagai berikut."}
	for i, k := range order {
		lines = append(lines, "Pasal "+strconv.Itoa(i+1))
		lines = append(lines, bodies[k]...)
	}
	return testParas(lines...)
}

func TestComparePasalVerdicts(t *testing.T) {
	bodies := map[int][]string{
		1: {"RUANG LINGKUP", "(1) Ruang lingkup kerja sama meliputi pendidikan dan penelitian bersama di bidang tata kelola."},
		2: {"JANGKA WAKTU", "(1) Perjanjian ini berlaku selama 3 (tiga) tahun sejak ditandatangani oleh para pihak.", "(2) Perpanjangan diajukan paling lambat 30 (tiga puluh) hari sebelum berakhir."},
		3: {"PEMBIAYAAN", "Biaya pelaksanaan kegiatan sebagaimana dimaksud dalam Pasal 1 dibebankan pada anggaran masing-masing pihak."},
		4: {"HAK DAN KEWAJIBAN", "(1) PIHAK KESATU berhak menerima laporan pelaksanaan kegiatan setiap semester."},
		5: {"PENYELESAIAN PERSELISIHAN", "Perselisihan diselesaikan secara musyawarah untuk mufakat oleh para pihak yang bersengketa."},
		6: {"KEADAAN KAHAR", "Keadaan kahar meliputi bencana alam, kebakaran, huru-hara dan wabah penyakit yang ditetapkan pemerintah."},
		7: {"PENUTUP", "Hal-hal yang belum diatur sebagaimana dimaksud dalam Pasal 4 akan diatur kemudian dalam addendum."},
	}
	old := pasalDoc(bodies, []int{1, 2, 3, 4, 5, 6, 7})

	nb := map[int][]string{}
	for k, v := range bodies {
		nb[k] = slices.Clone(v)
	}
	nb[2][2] = "(2) Perpanjangan diajukan paling lambat 14 (empat belas) hari sebelum berakhir."
	nb[2] = append(nb[2], "(3) Perpanjangan dituangkan dalam perjanjian tersendiri.")
	nb[8] = []string{"KERAHASIAAN", "Para pihak wajib menjaga kerahasiaan data dan informasi yang diperoleh selama kerja sama berlangsung."}
	nb[7][1] = "Hal-hal yang belum diatur sebagaimana dimaksud dalam Pasal 5 akan diatur kemudian dalam addendum."
	// New order: 1, 2, new, 3, 4, 6, 7 (5 deleted).
	new := pasalDoc(nb, []int{1, 2, 8, 3, 4, 6, 7})

	c := CompareParagraphs(old, new)
	s := c.Summary
	if !slices.Equal(s.PasalInserted, []int{3}) {
		t.Errorf("inserted = %v, want [3]", s.PasalInserted)
	}
	if !slices.Equal(s.PasalDeleted, []int{5}) {
		t.Errorf("deleted = %v, want [5]", s.PasalDeleted)
	}
	if !slices.Equal(s.PasalChanged, []PasalPair{{2, 2}}) {
		t.Errorf("changed = %v, want [{2 2}]", s.PasalChanged)
	}
	// Pasal 3 → 4 cites Pasal 1 (unchanged number): renumbered only.
	// Pasal 4 → 5: renumbered only. Pasal 6 kept its number.
	if !slices.Equal(s.PasalRenumbered, []PasalPair{{3, 4}, {4, 5}}) {
		t.Errorf("renumbered = %v, want [{3 4} {4 5}]", s.PasalRenumbered)
	}
	// Pasal 7 cites Pasal 4, which is now Pasal 5.
	if !slices.Equal(s.PasalReferences, []PasalPair{{7, 7}}) {
		t.Errorf("references = %v, want [{7 7}]", s.PasalReferences)
	}
	if s.WordsInserted == 0 || s.WordsDeleted == 0 {
		t.Errorf("words +%d -%d, want both > 0", s.WordsInserted, s.WordsDeleted)
	}
	var text strings.Builder
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[-30 (tiga puluh-]{+14 (empat belas+})", "+ (3) Perpanjangan dituangkan", "- Pasal 5", "Pasal [-4-]{+5+}"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text redline lacks %q:\n%s", want, text.String())
		}
	}
}

func TestCompareIdentical(t *testing.T) {
	a := testParas("JUDUL", "Pasal 1", "Isi pasal satu.", "Pasal 2", "Isi pasal dua.")
	b := testParas("JUDUL", "Pasal 1", "Isi pasal satu.", "Pasal 2", "Isi pasal dua.")
	c := CompareParagraphs(a, b)
	if !c.Summary.Empty() || len(c.Changes) != 0 {
		t.Fatalf("identical documents compare as changed: %+v", c.Summary)
	}
}

func TestDiffWordsRebuildsBothLines(t *testing.T) {
	in := newInterner()
	cases := [][2]string{
		{"Jangka waktu 30 (tiga puluh) hari kerja.", "Jangka waktu 14 (empat belas) hari kalender."},
		{"", "baru"},
		{"lama", ""},
		{"a b c d e", "a x c y e"},
		{"Rp 500.000.000,00", "Rp 750.000.000,00"},
	}
	for _, tc := range cases {
		ops := diffWords(in, tc[0], tc[1])
		var o, n strings.Builder
		for _, w := range ops {
			if w.Op != OpInsert {
				o.WriteString(w.Text)
			}
			if w.Op != OpDelete {
				n.WriteString(w.Text)
			}
		}
		if o.String() != tc[0] || n.String() != tc[1] {
			t.Errorf("diff of %q → %q rebuilds %q → %q", tc[0], tc[1], o.String(), n.String())
		}
	}
}

func TestWriteHTMLShowsChanges(t *testing.T) {
	old := testParas("JUDUL", "Pasal 1", "Jangka waktu 30 hari.", "Pasal 2", "Biaya <dibebankan> & dibagi.")
	new := testParas("JUDUL", "Pasal 1", "Jangka waktu 14 hari.", "Pasal 2", "Biaya <dibebankan> & dibagi.", "Pasal 3", "Pasal baru.")
	var b strings.Builder
	if err := CompareParagraphs(old, new).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, want := range []string{`<del>30</del><ins>14</ins>`, `id="pasal-3"`, `href="#pasal-3"`, `&lt;dibebankan&gt; &amp; dibagi`, `Ringkasan perubahan`, `lang="id"`} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML redline lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML redline is not self-contained: has %q", bad)
		}
	}
}

// TestCompareBigAgainstMapping compares the 300-Pasal pair and checks every
// Pasal's verdict against the mapping written by the fixture generator
// (testdata/drafting/big.mapping.tsv), which knows what it changed.
func TestCompareBigAgainstMapping(t *testing.T) {
	data, err := os.ReadFile(testtool.Testdata(t, "drafting", "big.mapping.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]PasalPair{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || strings.HasPrefix(line, "#") {
			continue
		}
		o, _ := strconv.Atoi(f[0])
		n, _ := strconv.Atoi(f[1])
		want[f[2]] = append(want[f[2]], PasalPair{o, n})
	}
	c := Compare(openFixture(t, "big-v1.docx"), openFixture(t, "big-v2.docx"))
	s := c.Summary
	got := map[string][]PasalPair{
		"changed":    s.PasalChanged,
		"renumbered": s.PasalRenumbered,
		"references": s.PasalReferences,
	}
	for _, n := range s.PasalInserted {
		got["inserted"] = append(got["inserted"], PasalPair{0, n})
	}
	for _, o := range s.PasalDeleted {
		got["deleted"] = append(got["deleted"], PasalPair{o, 0})
	}
	for _, p := range c.Pasal {
		if p.Kind == "" {
			got["unchanged"] = append(got["unchanged"], PasalPair{p.Old, p.New})
		}
	}
	for cat, pairs := range want {
		g := got[cat]
		slices.SortFunc(g, func(a, b PasalPair) int { return (a.Old-b.Old)*1000 + a.New - b.New })
		slices.SortFunc(pairs, func(a, b PasalPair) int { return (a.Old-b.Old)*1000 + a.New - b.New })
		if !slices.Equal(g, pairs) {
			t.Errorf("%s: got %d Pasal, want %d\n got %v\nwant %v", cat, len(g), len(pairs), g, pairs)
		}
	}
	if len(s.PasalMoved) != 0 {
		t.Errorf("moved: %v, want none", s.PasalMoved)
	}
}

func TestMapReferences(t *testing.T) {
	plusOne := func(n int) string { return strconv.Itoa(n + 1) }
	cases := map[string]string{
		"sebagaimana dimaksud dalam Pasal 14 ayat (2)":   "sebagaimana dimaksud dalam Pasal 15 ayat (2)",
		"Pasal 7 sampai dengan Pasal 9":                  "Pasal 8 sampai dengan Pasal 10",
		"Pasal  3 dan Pasal\u00a012":                     "Pasal  4 dan Pasal\u00a013",
		"PasalX 3, SubPasal 4, Pasal tanpa nomor, Pasal": "PasalX 3, SubPasal 4, Pasal tanpa nomor, Pasal",
		"tidak ada rujukan":                              "tidak ada rujukan",
		"(Pasal 1)":                                      "(Pasal 2)",
	}
	for in, want := range cases {
		if got := mapReferences(in, plusOne); got != want {
			t.Errorf("mapReferences(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComparePasalMoved(t *testing.T) {
	bodies := map[int][]string{
		1: {"KETENTUAN UMUM", "Dalam Perjanjian ini yang dimaksud dengan para pihak adalah pemerintah kota dan universitas."},
		2: {"RUANG LINGKUP", "Ruang lingkup meliputi pendidikan, penelitian dan pengabdian kepada masyarakat di kota."},
		3: {"KERAHASIAAN", "Para pihak menjaga kerahasiaan data dan informasi yang diperoleh selama kerja sama."},
		4: {"PENUTUP", "Perjanjian ini dibuat dalam rangkap dua bermeterai cukup dan berkekuatan hukum sama."},
	}
	old := pasalDoc(bodies, []int{1, 2, 3, 4})
	new := pasalDoc(bodies, []int{1, 3, 2, 4}) // KERAHASIAAN moved before RUANG LINGKUP
	c := CompareParagraphs(old, new)
	s := c.Summary
	if len(s.PasalInserted)+len(s.PasalDeleted) != 0 {
		t.Errorf("a moved Pasal reads as inserted %v / deleted %v", s.PasalInserted, s.PasalDeleted)
	}
	if len(s.PasalMoved) != 1 {
		t.Fatalf("moved = %v, want one Pasal", s.PasalMoved)
	}
	if m := s.PasalMoved[0]; !(m == PasalPair{2, 3} || m == PasalPair{3, 2}) {
		t.Errorf("moved = %v, want Pasal 2→3 or 3→2", m)
	}
}

func TestChangePasalNumbers(t *testing.T) {
	old := testParas("Pasal 1", "(1) Isi ayat satu tentang ruang lingkup kerja sama.", "Pasal 2", "Isi pasal dua tentang jangka waktu.")
	new := testParas("Pasal 1", "(1) Isi ayat satu tentang ruang lingkup kerja sama.", "(2) Ayat baru tentang pelaporan berkala.", "Pasal 2", "Isi pasal dua tentang jangka waktu.", "Pasal 3", "Pasal baru tentang kerahasiaan.")
	c := CompareParagraphs(old, new)
	var added, inserted *Change
	for i := range c.Changes {
		switch c.Changes[i].NewText {
		case "(2) Ayat baru tentang pelaporan berkala.":
			added = &c.Changes[i]
		case "Pasal baru tentang kerahasiaan.":
			inserted = &c.Changes[i]
		}
	}
	if added == nil || added.OldPasal == nil || *added.OldPasal != 1 || added.NewPasal == nil || *added.NewPasal != 1 {
		t.Errorf("an ayat added to Pasal 1 should name Pasal 1 on both sides: %+v", added)
	}
	if inserted == nil || inserted.OldPasal != nil || inserted.NewPasal == nil || *inserted.NewPasal != 3 {
		t.Errorf("a paragraph of the inserted Pasal 3 should have old_pasal null, new_pasal 3: %+v", inserted)
	}
}
