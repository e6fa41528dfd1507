package templates

import (
	"archive/zip"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nguyenthenguyen/docx"
)

//go:embed kb.docx pks.docx
var builtin embed.FS

// Kinds are the kinds of built-in template, for [Builtin].
var Kinds = []string{"kb", "pks"}

// Builtin returns the built-in template of a kind: "kb" (Kesepakatan
// Bersama) or "pks" (Perjanjian Kerja Sama).
func Builtin(kind string) ([]byte, error) {
	if !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("template tidak dikenal: %q (pilih kb atau pks)", kind)
	}
	return builtin.ReadFile(kind + ".docx")
}

// Party is one party of an agreement.
type Party struct {
	Name        string   `json:"name"`        // the signatory: "Dr. H. Andi Harun, S.T., S.H., M.Si."
	Position    string   `json:"position"`    // "Wali Kota Samarinda"
	Institution string   `json:"institution"` // the party itself, for which the signatory acts: "Pemerintah Kota Samarinda"
	Address     string   `json:"address"`     // where the party has its seat
	Number      string   `json:"number"`      // the party's own number of the document
	Rights      []string `json:"rights,omitempty"`
	Obligations []string `json:"obligations,omitempty"`
}

// Data is what a template is filled with. The first party (PIHAK KESATU)
// is usually the city; the second its partner.
type Data struct {
	Title      string   `json:"title"`       // what the agreement is about, after "tentang"
	Date       string   `json:"date"`        // date of signing, "2026-11-23"
	Location   string   `json:"location"`    // where it is signed: "Balai Kota Samarinda"
	Parties    []Party  `json:"parties"`     // exactly two: PIHAK KESATU, PIHAK KEDUA
	LegalBasis []string `json:"legal_basis"` // laws and regulations considered, one per item
	Purpose    string   `json:"purpose"`     // maksud, continuing "Maksud … ini adalah"
	Objective  string   `json:"objective"`   // tujuan, continuing "Tujuan … ini adalah"
	Scope      []string `json:"scope"`       // ruang lingkup, one per item
	TermYears  int      `json:"term_years"`  // jangka waktu in years
	Value      int64    `json:"value"`       // estimated cost in whole rupiah
	// ValueText is written for {{NILAI}} when Value is 0: a first draft
	// made before the cost is known says "Rp.... (.... rupiah)".
	ValueText string `json:"value_text,omitempty"`
	Funding   string `json:"funding"` // sumber dana, after "dibebankan kepada"
	// FrameworkAgreement names the KB a PKS implements, after "telah
	// menandatangani": "Kesepakatan Bersama Nomor … tentang …".
	FrameworkAgreement string `json:"framework_agreement,omitempty"`
}

// value is the replacement of one placeholder: text, or items for a list.
type value struct {
	text  string
	items []string
	list  bool
}

// placeholderDoc describes every known placeholder, for error messages and
// the README.
var placeholderDoc = map[string]string{
	"JUDUL":                         "title",
	"JUDUL_KAPITAL":                 "title in capitals",
	"TANGGAL":                       "date, 23 November 2026",
	"TANGGAL_TERBILANG":             "date spelled out: Pada hari ini Senin tanggal …",
	"KOTA":                          "location",
	"NOMOR_PIHAK_KESATU":            "parties[0].number",
	"NOMOR_PIHAK_KEDUA":             "parties[1].number",
	"DASAR_HUKUM":                   "legal_basis (list)",
	"MAKSUD":                        "purpose",
	"TUJUAN":                        "objective",
	"RUANG_LINGKUP":                 "scope (list)",
	"JANGKA_WAKTU":                  "term_years: 5 (lima) tahun",
	"NILAI":                         "value: Rp… (… rupiah)",
	"SUMBER_DANA":                   "funding",
	"KESEPAKATAN_BERSAMA":           "framework_agreement",
	"PIHAK_KESATU_NAMA":             "parties[0].name",
	"PIHAK_KESATU_JABATAN":          "parties[0].position",
	"PIHAK_KESATU_JABATAN_KAPITAL":  "parties[0].position in capitals",
	"PIHAK_KESATU_INSTANSI":         "parties[0].institution",
	"PIHAK_KESATU_INSTANSI_KAPITAL": "parties[0].institution in capitals",
	"PIHAK_KESATU_ALAMAT":           "parties[0].address",
	"PIHAK_KESATU_HAK":              "parties[0].rights (list)",
	"PIHAK_KESATU_KEWAJIBAN":        "parties[0].obligations (list)",
	"PIHAK_KEDUA_NAMA":              "parties[1].name",
	"PIHAK_KEDUA_JABATAN":           "parties[1].position",
	"PIHAK_KEDUA_JABATAN_KAPITAL":   "parties[1].position in capitals",
	"PIHAK_KEDUA_INSTANSI":          "parties[1].institution",
	"PIHAK_KEDUA_INSTANSI_KAPITAL":  "parties[1].institution in capitals",
	"PIHAK_KEDUA_ALAMAT":            "parties[1].address",
	"PIHAK_KEDUA_HAK":               "parties[1].rights (list)",
	"PIHAK_KEDUA_KEWAJIBAN":         "parties[1].obligations (list)",
}

// Known returns every placeholder a template may use (without braces),
// each with what fills it.
func Known() map[string]string {
	m := make(map[string]string, len(placeholderDoc))
	for k, v := range placeholderDoc {
		m[k] = v
	}
	return m
}

// values computes the replacement of every placeholder data can fill; a
// placeholder with no data is absent.
func (d Data) values() map[string]value {
	v := map[string]value{}
	text := func(name, s string) {
		if s = strings.TrimSpace(s); s != "" {
			v[name] = value{text: s}
		}
	}
	list := func(name string, items []string) {
		var clean []string
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				clean = append(clean, it)
			}
		}
		if len(clean) > 0 {
			v[name] = value{items: clean, list: true}
		}
	}
	text("JUDUL", d.Title)
	text("JUDUL_KAPITAL", strings.ToUpper(d.Title))
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(d.Date)); err == nil {
		text("TANGGAL", ShortDate(t))
		text("TANGGAL_TERBILANG", SpelledDate(t))
	}
	text("KOTA", d.Location)
	list("DASAR_HUKUM", d.LegalBasis)
	text("MAKSUD", d.Purpose)
	text("TUJUAN", d.Objective)
	list("RUANG_LINGKUP", d.Scope)
	if d.TermYears > 0 {
		text("JANGKA_WAKTU", Term(d.TermYears))
	}
	if d.Value > 0 {
		text("NILAI", Rupiah(d.Value))
	} else {
		text("NILAI", d.ValueText)
	}
	text("SUMBER_DANA", d.Funding)
	text("KESEPAKATAN_BERSAMA", d.FrameworkAgreement)
	for i, which := range []string{"KESATU", "KEDUA"} {
		if i >= len(d.Parties) {
			break
		}
		p := d.Parties[i]
		text("NOMOR_PIHAK_"+which, p.Number)
		pre := "PIHAK_" + which + "_"
		text(pre+"NAMA", p.Name)
		text(pre+"JABATAN", p.Position)
		text(pre+"JABATAN_KAPITAL", strings.ToUpper(p.Position))
		text(pre+"INSTANSI", p.Institution)
		text(pre+"INSTANSI_KAPITAL", strings.ToUpper(p.Institution))
		text(pre+"ALAMAT", p.Address)
		list(pre+"HAK", p.Rights)
		list(pre+"KEWAJIBAN", p.Obligations)
	}
	return v
}

// check refuses data that is wrong whatever the template.
func (d Data) check() error {
	var errs []string
	if len(d.Parties) != 2 {
		errs = append(errs, fmt.Sprintf("parties: harus tepat 2 pihak, ada %d", len(d.Parties)))
	}
	if s := strings.TrimSpace(d.Date); s != "" {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			errs = append(errs, fmt.Sprintf("date: %q bukan tanggal YYYY-MM-DD", s))
		}
	}
	if d.TermYears < 0 {
		errs = append(errs, "term_years: tidak boleh negatif")
	}
	if d.Value < 0 {
		errs = append(errs, "value: tidak boleh negatif")
	}
	all := append([]string{d.Title, d.Location, d.Purpose, d.Objective, d.Funding, d.FrameworkAgreement}, d.LegalBasis...)
	all = append(all, d.Scope...)
	for _, p := range d.Parties {
		all = append(append(append(all, p.Name, p.Position, p.Institution, p.Address, p.Number), p.Rights...), p.Obligations...)
	}
	for _, s := range all {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff }) {
			errs = append(errs, fmt.Sprintf("teks tidak boleh berisi baris baru, tab atau karakter kontrol: %q", s))
		}
	}
	if len(errs) > 0 {
		return errors.New("data tidak lengkap atau salah: " + strings.Join(errs, "; "))
	}
	return nil
}

const mainPart = "word/document.xml"

var (
	// placeholderRE is a well-formed placeholder.
	placeholderRE = regexp.MustCompile(`\{\{([A-Z][A-Z0-9_]*)\}\}`)
	// textOrParaRE finds, in document order, the w:t elements (group 1:
	// start tag, group 2: content) and the paragraph boundaries that a
	// placeholder cannot cross.
	textOrParaRE = regexp.MustCompile(`(<w:t(?:\s[^>]*)?>)([^<]*)</w:t>|<w:p[\s>/]|</w:p>`)
	// paraIDRE finds Word's paragraph ids, dropped from repeated copies.
	paraIDRE = regexp.MustCompile(`\s(?:w14:paraId|w14:textId|w:rsidR|w:rsidRDefault|w:rsidP)="[^"]*"`)
	// paraStartRE finds paragraph starts, for the enclosing paragraph.
	paraStartRE = regexp.MustCompile(`<w:p[\s>]`)
)

// readMain returns the main document part of a .docx.
func readMain(template []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		if bytes.HasPrefix(template, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			return nil, errors.New("template bukan .docx: berkas .doc lama atau dilindungi kata sandi")
		}
		return nil, fmt.Errorf("template bukan .docx: %w", err)
	}
	// Only the body is filled: a placeholder elsewhere would stay as typed.
	var elsewhere []string
	for _, zf := range zr.File {
		if zf.Name == mainPart || !otherTextPartRE.MatchString(zf.Name) {
			continue
		}
		b, err := readZipFile(zf)
		if err != nil {
			return nil, fmt.Errorf("template rusak: %s: %w", zf.Name, err)
		}
		if bytes.Contains(b, []byte("{{")) {
			elsewhere = append(elsewhere, zf.Name)
		}
	}
	if len(elsewhere) > 0 {
		return nil, fmt.Errorf("placeholder hanya boleh di badan dokumen, tidak di %s", strings.Join(elsewhere, ", "))
	}
	zf, err := zr.Open(mainPart)
	if err != nil {
		return nil, fmt.Errorf("template bukan .docx: %s tidak ada", mainPart)
	}
	defer zf.Close()
	return io.ReadAll(zf)
}

// otherTextPartRE matches the parts besides the body that hold text.
var otherTextPartRE = regexp.MustCompile(`^word/(header|footer)\d*\.xml$|^word/(footnotes|endnotes|comments)\.xml$`)

func readZipFile(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// normalise moves every placeholder that Word split over several w:t
// elements of one paragraph into the element where it starts, by splicing
// bytes: the other elements lose the placeholder's pieces, and every
// changed element gets xml:space="preserve". Nothing else changes.
func normalise(doc []byte) []byte {
	type elem struct {
		tagStart, tagEnd, start, end int // start tag and content byte ranges
	}
	var out bytes.Buffer
	last := 0
	var para []elem
	flush := func() {
		defer func() { para = para[:0] }()
		if len(para) < 2 {
			return
		}
		var joined []byte
		offs := make([]int, len(para)+1)
		for i, e := range para {
			offs[i] = len(joined)
			joined = append(joined, doc[e.start:e.end]...)
		}
		offs[len(para)] = len(joined)
		owner := make([]int, len(joined))
		for i := range para {
			for k := offs[i]; k < offs[i+1]; k++ {
				owner[k] = i
			}
		}
		changed := false
		for _, m := range placeholderRE.FindAllIndex(joined, -1) {
			if owner[m[0]] == owner[m[1]-1] {
				continue
			}
			changed = true
			for k := m[0]; k < m[1]; k++ {
				owner[k] = owner[m[0]]
			}
		}
		if !changed {
			return
		}
		for i, e := range para {
			var content []byte
			for k := range joined {
				if owner[k] == i {
					content = append(content, joined[k])
				}
			}
			if bytes.Equal(content, doc[e.start:e.end]) {
				continue
			}
			out.Write(doc[last:e.tagStart])
			out.WriteString(`<w:t xml:space="preserve">`)
			out.Write(content)
			last = e.end
		}
	}
	for _, m := range textOrParaRE.FindAllSubmatchIndex(doc, -1) {
		if m[2] < 0 {
			flush()
			continue
		}
		para = append(para, elem{tagStart: m[2], tagEnd: m[3], start: m[4], end: m[5]})
	}
	flush()
	out.Write(doc[last:])
	return out.Bytes()
}

// placeholdersIn lists the distinct placeholders of a normalised main part
// in order of first use, and any "{{" that does not open a well-formed one.
func placeholdersIn(doc []byte) (names []string, malformed []string) {
	seen := map[string]bool{}
	for _, m := range textOrParaRE.FindAllSubmatch(doc, -1) {
		if m[2] == nil {
			continue
		}
		text := string(m[2])
		for _, p := range placeholderRE.FindAllStringSubmatch(text, -1) {
			if !seen[p[1]] {
				seen[p[1]] = true
				names = append(names, p[1])
			}
		}
		if rest := placeholderRE.ReplaceAllString(text, ""); strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
			malformed = append(malformed, strings.TrimSpace(rest))
		}
	}
	return names, malformed
}

// Placeholders lists the distinct placeholders of a template, without
// braces, in order of first use; placeholders Word split over several runs
// are found too.
func Placeholders(template []byte) ([]string, error) {
	doc, err := readMain(template)
	if err != nil {
		return nil, err
	}
	names, _ := placeholdersIn(normalise(doc))
	return names, nil
}

// Validate checks a template an administrator uploads: a .docx whose every
// placeholder is known and well formed.
func Validate(template []byte) error {
	doc, err := readMain(template)
	if err != nil {
		return err
	}
	names, malformed := placeholdersIn(normalise(doc))
	return checkNames(names, malformed)
}

func checkNames(names, malformed []string) error {
	var unknown []string
	for _, n := range names {
		if _, ok := placeholderDoc[n]; !ok {
			unknown = append(unknown, "{{"+n+"}}")
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("placeholder tidak dikenal: %s", strings.Join(unknown, ", "))
	}
	if len(malformed) > 0 {
		return fmt.Errorf("placeholder tidak valid (tulis {{NAMA_PLACEHOLDER}} dengan huruf besar): %q", malformed)
	}
	return nil
}

// escapeXML escapes a value for the content of a w:t element.
var escapeXML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace

// Fill fills a template with data and returns the new .docx. It normalises
// the runs so that split placeholders are found, refuses a template with
// an unknown placeholder and data missing for a placeholder the template
// uses, and escapes the values. A list placeholder (legal basis, scope,
// rights, obligations) standing alone in its paragraph makes one copy of
// that paragraph per item, so a numbered list stays numbered; elsewhere
// its items are joined with "; ".
func Fill(template []byte, data Data) ([]byte, error) {
	if err := data.check(); err != nil {
		return nil, err
	}
	doc, err := readMain(template)
	if err != nil {
		return nil, err
	}
	doc = normalise(doc)
	names, malformed := placeholdersIn(doc)
	if err := checkNames(names, malformed); err != nil {
		return nil, err
	}
	vals := data.values()
	var missing []string
	for _, n := range names {
		if _, ok := vals[n]; !ok {
			missing = append(missing, fmt.Sprintf("{{%s}} (%s)", n, placeholderDoc[n]))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("data kosong untuk %s", strings.Join(missing, ", "))
	}
	for _, n := range names {
		if v := vals[n]; v.list {
			doc = repeatParagraphs(doc, n, len(v.items))
		}
	}

	r, err := docx.ReadDocxFromMemory(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		return nil, fmt.Errorf("membaca template: %w", err)
	}
	defer r.Close()
	ed := r.Editable()
	ed.SetContent(string(doc))
	for _, n := range names {
		ph := "{{" + n + "}}"
		v := vals[n]
		if !v.list {
			ed.ReplaceRaw(ph, escapeXML(v.text), -1)
			continue
		}
		// The paragraphs repeated per item, then any other use.
		for i, it := range v.items {
			ed.ReplaceRaw(itemMarker(n, i), escapeXML(punctuateItem(it, len(v.items)-1-i, n != "DASAR_HUKUM")), -1)
		}
		ed.ReplaceRaw(ph, escapeXML(strings.Join(v.items, "; ")), -1)
	}
	var out bytes.Buffer
	if err := ed.Write(&out); err != nil {
		return nil, fmt.Errorf("menulis dokumen: %w", err)
	}
	// docx.Write ignores some write errors: read the result back.
	filled, err := readMain(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("menulis dokumen: %w", err)
	}
	if left, bad := placeholdersIn(filled); len(left)+len(bad) > 0 {
		return nil, fmt.Errorf("placeholder tidak terisi: %v", append(left, bad...))
	}
	return out.Bytes(), nil
}

// itemMarker stands for item i of the list placeholder name in a repeated
// paragraph; it is not a well-formed placeholder, so nothing else takes it.
func itemMarker(name string, i int) string { return fmt.Sprintf("{{%s#%d}}", name, i) }

// repeatParagraphs makes n copies of each paragraph whose whole text is
// the placeholder of a list, copy i holding itemMarker(name, i).
// Paragraphs holding the placeholder among other text are left alone.
func repeatParagraphs(doc []byte, name string, n int) []byte {
	ph := "{{" + name + "}}"
	var out bytes.Buffer
	last := 0
	for from := 0; ; {
		i := bytes.Index(doc[from:], []byte(ph))
		if i < 0 {
			break
		}
		at := from + i
		from = at + len(ph)
		starts := paraStartRE.FindAllIndex(doc[last:at], -1)
		if len(starts) == 0 {
			continue
		}
		ps := last + starts[len(starts)-1][0]
		pe := bytes.Index(doc[at:], []byte("</w:p>"))
		if pe < 0 {
			break
		}
		pe = at + pe + len("</w:p>")
		p := doc[ps:pe]
		if paragraphText(p) != ph || bytes.Contains(p[1:], []byte("<w:p ")) || bytes.Contains(p[1:], []byte("<w:p>")) {
			continue
		}
		out.Write(doc[last:ps])
		for i := range n {
			c := bytes.Replace(p, []byte(ph), []byte(itemMarker(name, i)), 1)
			if i > 0 { // paragraph ids must stay unique: Word makes new ones
				c = paraIDRE.ReplaceAll(c, nil)
			}
			out.Write(c)
		}
		last, from = pe, pe
	}
	out.Write(doc[last:])
	return out.Bytes()
}

// paragraphText is the text of the w:t elements of a paragraph, trimmed.
func paragraphText(p []byte) string {
	var b strings.Builder
	for _, m := range textOrParaRE.FindAllSubmatch(p, -1) {
		b.Write(m[2])
	}
	return strings.TrimSpace(b.String())
}

// punctuateItem ends an item of an enumeration as UU 12/2011 Lampiran II
// asks; toGo is the number of items after it. Every item but the last ends
// with a semicolon, the last with a full stop; in a cumulative enumeration
// (all but the legal basis, which is listed like a "Mengingat") the one
// before the last ends with "; dan". An item already ending in "; dan",
// "; atau" or "; dan/atau" keeps it.
func punctuateItem(item string, toGo int, cumulative bool) string {
	for _, conn := range []string{"; dan", "; atau", "; dan/atau"} {
		if toGo > 0 && strings.HasSuffix(item, conn) {
			return item
		}
	}
	body := item
	for _, conn := range []string{"; dan/atau", "; dan", "; atau"} {
		body = strings.TrimSuffix(body, conn)
	}
	body = strings.TrimRight(body, " ;.,")
	switch {
	case toGo == 0:
		return body + "."
	case toGo == 1 && cumulative:
		return body + "; dan"
	}
	return body + ";"
}
