package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// bigmd writes the Markdown of the benchmark documents into DIR:
//
//	big-v1.md, big-v2.md  a 300-Pasal PKS and its revision
//	big.mapping.tsv       old Pasal → new Pasal and the category of each
//	huge.md               16,000 paragraphs (4,000 Pasal of a heading and 3 ayat)
//
// Everything comes from a PCG generator with a fixed seed, so the files are
// the same on every run.
func cmdBigMD(a []string) error {
	if err := args(a, 1, "bigmd DIR"); err != nil {
		return err
	}
	dir := a[0]
	r := rand.New(rand.NewPCG(20260112, 300))
	v1 := genBig(r)
	v2, mapping := reviseBig(r, v1)
	if err := os.WriteFile(filepath.Join(dir, "big-v1.md"), []byte(renderMD(v1, "PERJANJIAN KERJA SAMA PENYELENGGARAAN LAYANAN TERPADU (VERSI 1)")), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "big-v2.md"), []byte(renderMD(v2, "PERJANJIAN KERJA SAMA PENYELENGGARAAN LAYANAN TERPADU (VERSI 2)")), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "big.mapping.tsv"), []byte(mapping), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "huge.md"), []byte(hugeMD()), 0o644)
}

// A bigPasal is one Pasal of the generated PKS. Its text may hold the
// placeholder "{P:n}" for a reference to the Pasal whose v1 number is n; it
// is resolved to the Pasal's number in the version being rendered.
type bigPasal struct {
	id    int // v1 number, or 1000+ for a Pasal inserted in v2
	title string
	bab   int
	ayat  []bigAyat
	plain string // text of a Pasal without ayat ("" if it has ayat)
}

type bigAyat struct {
	text  string
	huruf []string
}

type bigDoc struct {
	pasal  []*bigPasal
	babs   []string
	number map[int]int // id → number in this version
}

var (
	bigSubjects = []string{"PIHAK KESATU", "PIHAK KEDUA", "PARA PIHAK", "Tim Pelaksana", "Perangkat Daerah", "Dinas Komunikasi dan Informatika", "Unit Pelaksana Teknis", "Sekretariat Daerah", "Badan Perencanaan Pembangunan Daerah", "Inspektorat Daerah"}
	bigVerbs    = []string{"menyusun", "melaksanakan", "menyampaikan", "menetapkan", "mengevaluasi", "menyediakan", "mengoordinasikan", "memfasilitasi", "memantau", "melaporkan", "mengembangkan", "menyelenggarakan"}
	bigObjects  = []string{"rencana kerja tahunan", "laporan pelaksanaan kegiatan", "data dan informasi pelayanan publik", "sarana dan prasarana pendukung", "dokumen perencanaan teknis", "hasil penelitian terapan", "program pendidikan dan pelatihan", "sistem informasi pelayanan terpadu", "standar operasional prosedur", "anggaran kegiatan tahunan", "pedoman teknis pelaksanaan", "bahan publikasi dan sosialisasi"}
	bigManners  = []string{"secara tertulis", "secara berkala", "secara terpadu", "dengan mempertimbangkan masukan masyarakat", "sesuai dengan ketentuan peraturan perundang-undangan", "berdasarkan kesepakatan PARA PIHAK", "dengan memperhatikan prinsip efisiensi dan efektivitas", "secara transparan dan akuntabel"}
	bigTimes    = []string{"paling lambat 14 (empat belas) hari kerja", "paling lambat 30 (tiga puluh) hari", "setiap 3 (tiga) bulan", "paling sedikit 1 (satu) kali dalam setahun", "sebelum tahun anggaran berjalan berakhir", "dalam jangka waktu 2 (dua) bulan", "setelah mendapat persetujuan PARA PIHAK"}
	bigPurposes = []string{"untuk meningkatkan kualitas pelayanan publik", "guna mendukung pencapaian sasaran pembangunan daerah", "dalam rangka peningkatan kapasitas sumber daya manusia aparatur", "untuk menjamin kesinambungan pelaksanaan kegiatan", "agar hasil kerja sama dapat dimanfaatkan oleh masyarakat"}
	bigHuruf    = []string{"penyusunan rencana kegiatan", "penyediaan tenaga ahli", "pelaksanaan pelatihan teknis", "penyusunan laporan berkala", "pengelolaan data dan informasi", "pemeliharaan sarana dan prasarana", "pendampingan teknis bagi Aparatur", "sosialisasi kepada masyarakat", "evaluasi hasil pelaksanaan kegiatan", "pengawasan penggunaan anggaran"}
	bigTitleA   = []string{"PELAKSANAAN", "PENGELOLAAN", "PENGAWASAN", "PELAPORAN", "PEMBIAYAAN", "KOORDINASI", "EVALUASI", "PENYEDIAAN", "PEMANFAATAN", "PENGEMBANGAN", "PEMELIHARAAN", "PENYERAHAN"}
	bigTitleB   = []string{"KEGIATAN", "DATA DAN INFORMASI", "ASET", "ANGGARAN", "SUMBER DAYA MANUSIA", "SISTEM INFORMASI", "HASIL KERJA SAMA", "SARANA DAN PRASARANA", "DOKUMEN", "LAYANAN PUBLIK", "TENAGA AHLI", "PROGRAM PELATIHAN"}
	bigBabNames = []string{"KETENTUAN UMUM", "RUANG LINGKUP", "PELAKSANAAN KEGIATAN", "HAK DAN KEWAJIBAN", "PEMBIAYAAN", "PENGELOLAAN DATA", "SUMBER DAYA MANUSIA", "SARANA DAN PRASARANA", "PELAPORAN", "MONITORING DAN EVALUASI", "PENGAWASAN", "KERAHASIAAN", "KEADAAN KAHAR", "PENYELESAIAN PERSELISIHAN", "PENUTUP"}
	bigSwaps    = []string{"wajib", "dapat", "segera", "bersama", "terpadu", "tahunan", "teknis", "tertulis", "berkala", "resmi", "daerah", "layanan", "kegiatan", "program", "anggaran", "laporan"}
)

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// sentence makes one ayat text of about 25–45 words; ref, if > 0, adds a
// reference to that (v1) Pasal.
func sentence(r *rand.Rand, ref int, ayatRef int) string {
	var b strings.Builder
	b.WriteString(pick(r, bigSubjects) + " " + pick(r, bigVerbs) + " " + pick(r, bigObjects))
	if ref > 0 {
		fmt.Fprintf(&b, " sebagaimana dimaksud dalam {P:%d}", ref)
	}
	if ayatRef > 0 {
		fmt.Fprintf(&b, " sebagaimana dimaksud pada ayat (%d)", ayatRef)
	}
	b.WriteString(" " + pick(r, bigManners))
	b.WriteString(" " + pick(r, bigTimes))
	b.WriteString(" " + pick(r, bigPurposes))
	b.WriteString(" serta " + pick(r, bigVerbs) + " " + pick(r, bigObjects) + " " + pick(r, bigManners))
	if r.IntN(4) == 0 {
		b.WriteString(" dengan melibatkan " + pick(r, bigSubjects))
	}
	return b.String() + "."
}

const (
	bigN = 300
)

// Deleted and inserted Pasal of the revision (v1 numbers).
var (
	bigDeleted  = []int{120, 260}
	bigInsAfter = []int{40, 150, 220} // a new Pasal after each of these v1 Pasal
)

func genBig(r *rand.Rand) *bigDoc {
	d := &bigDoc{}
	for i := range 15 {
		d.babs = append(d.babs, bigBabNames[i])
	}
	deleted := map[int]bool{}
	for _, n := range bigDeleted {
		deleted[n] = true
	}
	for n := 1; n <= bigN; n++ {
		p := &bigPasal{id: n, bab: (n - 1) / 20, title: pick(r, bigTitleA) + " " + pick(r, bigTitleB)}
		if r.IntN(12) == 0 {
			p.plain = sentence(r, 0, 0)
		} else {
			k := 1 + r.IntN(5) // 1..5, mean 3
			for j := 1; j <= k; j++ {
				ref, ayatRef := 0, 0
				if n > 1 && r.IntN(4) == 0 {
					// a reference to an earlier Pasal that v2 does not delete
					for ref == 0 || deleted[ref] {
						ref = 1 + r.IntN(n-1)
					}
				} else if j > 1 && r.IntN(4) == 0 {
					ayatRef = 1 + r.IntN(j-1)
				}
				ay := bigAyat{text: sentence(r, ref, ayatRef)}
				if r.IntN(5) == 0 {
					ay.text = strings.TrimSuffix(ay.text, ".") + " yang meliputi:"
					h := 2 + r.IntN(4)
					for m := 0; m < h; m++ {
						end := ";"
						if m == h-1 {
							end = "."
						}
						ay.huruf = append(ay.huruf, pick(r, bigHuruf)+" "+pick(r, bigManners)+end)
					}
				}
				p.ayat = append(p.ayat, ay)
			}
		}
		d.pasal = append(d.pasal, p)
	}
	d.renumber()
	return d
}

func (d *bigDoc) renumber() {
	d.number = map[int]int{}
	for i, p := range d.pasal {
		d.number[p.id] = i + 1
	}
}

func (p *bigPasal) clone() *bigPasal {
	c := *p
	c.ayat = nil
	for _, a := range p.ayat {
		c.ayat = append(c.ayat, bigAyat{a.text, append([]string(nil), a.huruf...)})
	}
	return &c
}

// resolve replaces the {P:n} placeholders with "Pasal N" for this version.
func (d *bigDoc) resolve(s string) string {
	for {
		i := strings.Index(s, "{P:")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], '}') + i
		id, _ := strconv.Atoi(s[i+3 : j])
		n, ok := d.number[id]
		if !ok {
			panic(fmt.Sprintf("reference to Pasal %d, which this version lacks", id))
		}
		s = s[:i] + "Pasal " + strconv.Itoa(n) + s[j+1:]
	}
}

func (p *bigPasal) texts() []*string {
	var out []*string
	if p.plain != "" {
		out = append(out, &p.plain)
	}
	for i := range p.ayat {
		out = append(out, &p.ayat[i].text)
		for j := range p.ayat[i].huruf {
			out = append(out, &p.ayat[i].huruf[j])
		}
	}
	return out
}

func (d *bigDoc) words() int {
	n := 0
	for _, p := range d.pasal {
		for _, t := range p.texts() {
			n += len(strings.Fields(*t))
		}
	}
	return n
}

// reviseBig makes v2: 3 Pasal inserted, 2 deleted, an ayat added at the end
// of 5 Pasal, about 2 % of the words of v1 replaced, and every reference
// renumbered. It returns v2 and the mapping table.
func reviseBig(r *rand.Rand, v1 *bigDoc) (*bigDoc, string) {
	v2 := &bigDoc{babs: v1.babs}
	deleted := map[int]bool{}
	for _, n := range bigDeleted {
		deleted[n] = true
	}
	insAfter := map[int]int{}
	for i, n := range bigInsAfter {
		insAfter[n] = 1001 + i
	}
	changed := map[int]bool{}
	ayatAdded := map[int]bool{}
	wordsChanged := map[int]int{}
	for _, p := range v1.pasal {
		if !deleted[p.id] {
			v2.pasal = append(v2.pasal, p.clone())
		}
		if id, ok := insAfter[p.id]; ok {
			np := &bigPasal{id: id, bab: p.bab, title: "KETENTUAN TAMBAHAN " + pick(r, bigTitleB)}
			for j := 1; j <= 3; j++ {
				np.ayat = append(np.ayat, bigAyat{text: sentence(r, 0, 0)})
			}
			v2.pasal = append(v2.pasal, np)
		}
	}
	byID := map[int]*bigPasal{}
	for _, p := range v2.pasal {
		byID[p.id] = p
	}
	// an ayat added at the end of 5 Pasal that have ayat
	for added := 0; added < 5; {
		id := 1 + r.IntN(bigN)
		p := byID[id]
		if p == nil || p.plain != "" || changed[id] {
			continue
		}
		p.ayat = append(p.ayat, bigAyat{text: "Ketentuan lebih lanjut mengenai " + pick(r, bigObjects) + " sebagaimana dimaksud pada ayat (1) diatur dalam petunjuk teknis yang ditetapkan oleh PARA PIHAK."})
		changed[id] = true
		ayatAdded[id] = true
		added++
	}
	// about 2 % of the words of v1 replaced by other words,
	// in 60 Pasal, as a real revision concentrates its edits
	target := v1.words() * 2 / 100
	var edited []int
	for len(edited) < 60 {
		id := 1 + r.IntN(bigN)
		if byID[id] != nil && !slices.Contains(edited, id) {
			edited = append(edited, id)
		}
	}
	for done := 0; done < target; {
		id := edited[r.IntN(len(edited))]
		p := byID[id]
		ts := p.texts()
		t := ts[r.IntN(len(ts))]
		ws := strings.Split(*t, " ")
		i := r.IntN(len(ws))
		w := ws[i]
		// keep references, numbers and punctuation-bearing words intact
		if strings.ContainsAny(w, "{}():;.,0123456789") || w == "Pasal" || w == "ayat" || strings.ToUpper(w) == w {
			continue
		}
		nw := pick(r, bigSwaps)
		if nw == w {
			continue
		}
		ws[i] = nw
		*t = strings.Join(ws, " ")
		changed[id] = true
		wordsChanged[id]++
		done++
	}
	v2.renumber()
	// the mapping table
	var b strings.Builder
	b.WriteString("# old\tnew\tcategory\tdetail\n")
	b.WriteString("# Pasal numbers of big-v1.docx (old) and big-v2.docx (new); - = none. Categories:\n")
	b.WriteString("# unchanged, renumbered (same text, new number), references (only the numbers of\n")
	b.WriteString("# cross-references changed), changed (words or ayat changed), inserted, deleted.\n")
	b.WriteString("# detail of a changed Pasal: \"words N\" (N words replaced) and/or \"ayat added\" (a new last ayat).\n")
	type row struct {
		old, new int
		cat      string
		detail   string
	}
	var rows []row
	for _, p := range v1.pasal {
		if deleted[p.id] {
			rows = append(rows, row{p.id, 0, "deleted", ""})
			continue
		}
		q := byID[p.id]
		n := v2.number[p.id]
		var cat string
		switch {
		case changed[p.id]:
			cat = "changed"
		case !sameTexts(v1, p, v2, q):
			cat = "references"
		case n != p.id:
			cat = "renumbered"
		default:
			cat = "unchanged"
		}
		var det []string
		if wordsChanged[p.id] > 0 {
			det = append(det, fmt.Sprintf("words %d", wordsChanged[p.id]))
		}
		if ayatAdded[p.id] {
			det = append(det, "ayat added")
		}
		rows = append(rows, row{p.id, n, cat, strings.Join(det, ", ")})
	}
	for _, id := range []int{1001, 1002, 1003} {
		rows = append(rows, row{0, v2.number[id], "inserted", ""})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		ki, kj := rows[i].new, rows[j].new
		if ki == 0 {
			ki = rows[i].old
		}
		if kj == 0 {
			kj = rows[j].old
		}
		return ki < kj
	})
	num := func(n int) string {
		if n == 0 {
			return "-"
		}
		return strconv.Itoa(n)
	}
	counts := map[string]int{}
	for _, rw := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", num(rw.old), num(rw.new), rw.cat, rw.detail)
		counts[rw.cat]++
	}
	fmt.Fprintf(os.Stderr, "big: v1 %d Pasal, %d words; v2 %d Pasal, %d words; %d words replaced; categories %v\n",
		len(v1.pasal), v1.words(), len(v2.pasal), v2.words(), target, counts)
	return v2, b.String()
}

// sameTexts reports whether two Pasal have the same text once their
// references are resolved in their own versions.
func sameTexts(d1 *bigDoc, p *bigPasal, d2 *bigDoc, q *bigPasal) bool {
	a, b := p.texts(), q.texts()
	if len(a) != len(b) || p.title != q.title {
		return false
	}
	for i := range a {
		if d1.resolve(*a[i]) != d2.resolve(*b[i]) {
			return false
		}
	}
	return true
}

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"}

func mdDiv(b *strings.Builder, style string, paras ...string) {
	b.WriteString("::: {custom-style=\"" + style + "\"}\n")
	for i, p := range paras {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p + "\n")
	}
	b.WriteString(":::\n\n")
}

func renderMD(d *bigDoc, title string) string {
	var b strings.Builder
	mdDiv(&b, "Judul", title, "ANTARA", "PEMERINTAH KOTA SAMARINDA", "DENGAN", "UNIVERSITAS MULAWARMAN")
	b.WriteString("PARA PIHAK sepakat untuk mengadakan Perjanjian Kerja Sama dengan ketentuan sebagai berikut:\n\n")
	bab := -1
	for _, p := range d.pasal {
		if p.bab != bab {
			bab = p.bab
			mdDiv(&b, "BAB", "BAB "+romans[bab], d.babs[bab])
		}
		mdDiv(&b, "Pasal", "Pasal "+strconv.Itoa(d.number[p.id]), p.title)
		if p.plain != "" {
			b.WriteString(d.resolve(p.plain) + "\n\n")
		}
		for i, a := range p.ayat {
			mdDiv(&b, "Ayat", fmt.Sprintf("\\(%d\\) %s", i+1, d.resolve(a.text)))
			if len(a.huruf) > 0 {
				var hs []string
				for j, h := range a.huruf {
					hs = append(hs, fmt.Sprintf("%c\\. %s", 'a'+j, d.resolve(h)))
				}
				mdDiv(&b, "Huruf", hs...)
			}
		}
	}
	b.WriteString("Demikian Perjanjian Kerja Sama ini dibuat dan ditandatangani oleh PARA PIHAK.\n")
	return b.String()
}

// hugeMD: 4,000 Pasal, each a heading and 3 short ayat: 16,000 paragraphs.
// Ayat k of Pasal n reads "(k) " + hugeSentences[(3n+k) mod 7] + " Pasal n."
var hugeSentences = []string{
	"Ketentuan ini berlaku bagi PARA PIHAK sebagaimana diatur dalam",
	"Pelaksanaan kegiatan dilaporkan secara berkala menurut",
	"Biaya yang timbul dibebankan sesuai dengan",
	"Tim Pelaksana menyusun rencana kerja berdasarkan",
	"Data dan informasi dikelola secara terpadu menurut",
	"Perubahan jadwal disepakati secara tertulis sesuai dengan",
	"Hasil evaluasi disampaikan kepada PARA PIHAK berdasarkan",
}

func hugeMD() string {
	var b strings.Builder
	for n := 1; n <= 4000; n++ {
		fmt.Fprintf(&b, "::: {custom-style=\"Pasal\"}\nPasal %d\n:::\n\n::: {custom-style=\"Ayat\"}\n", n)
		for k := 1; k <= 3; k++ {
			if k > 1 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "\\(%d\\) %s Pasal %d.\n", k, hugeSentences[(3*n+k)%7], n)
		}
		b.WriteString(":::\n\n")
	}
	return b.String()
}
