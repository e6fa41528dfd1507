package templates

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/internal/testtool"
)

func mustExample(tb testing.TB, kind string) Data {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", kind+"-example.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var d Data
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustBuiltin(tb testing.TB, kind string) []byte {
	tb.Helper()
	b, err := Builtin(kind)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// mustText reads a .docx back with the drafting package.
func mustText(tb testing.TB, b []byte) string {
	tb.Helper()
	doc, err := drafting.Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(doc.Text(drafting.Accept), "\u00a0", " ")), " ")
}

// expectedValues lists the texts a document filled with d must contain.
func expectedValues(d Data) []string {
	want := []string{d.Title, strings.ToUpper(d.Title), d.Location, d.Purpose, d.Objective, d.Funding,
		Term(d.TermYears), Rupiah(d.Value), "Pada hari ini"}
	want = append(want, d.LegalBasis...)
	want = append(want, d.Scope...)
	if d.FrameworkAgreement != "" {
		want = append(want, d.FrameworkAgreement)
	}
	for _, p := range d.Parties {
		want = append(want, p.Name, p.Position, strings.ToUpper(p.Position), p.Institution, strings.ToUpper(p.Institution), p.Address, "NOMOR : "+p.Number)
		want = append(want, p.Rights...)
		want = append(want, p.Obligations...)
	}
	return want
}

func TestFillBuiltin(t *testing.T) {
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			d := mustExample(t, kind)
			out, err := Fill(mustBuiltin(t, kind), d)
			if err != nil {
				t.Fatal(err)
			}
			text := mustText(t, out)
			if strings.Contains(text, "{{") || strings.Contains(text, "}}") {
				t.Errorf("placeholder left in:\n%s", text)
			}
			for _, w := range expectedValues(d) {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing from the filled %s", w, kind)
				}
			}
			for _, w := range []string{"MAKSUD DAN TUJUAN", "RUANG LINGKUP", "PELAKSANAAN", "JANGKA WAKTU", "PEMBIAYAAN",
				"KEADAAN KAHAR", "PENYELESAIAN PERSELISIHAN", "PENGAKHIRAN", "PENUTUP"} {
				if !strings.Contains(text, w) {
					t.Errorf("Pasal %s missing", w)
				}
			}
			if kind == "pks" && !strings.Contains(text, "HAK DAN KEWAJIBAN") {
				t.Error("Pasal HAK DAN KEWAJIBAN missing")
			}
			// Every scope item in a paragraph of its own, in order.
			doc, _ := drafting.Read(bytes.NewReader(out), int64(len(out)))
			lines := strings.Split(doc.Text(drafting.Accept), "\n")
			next := 0
			for _, l := range lines {
				if next < len(d.Scope) && strings.HasSuffix(itemBody(l), d.Scope[next]) {
					next++
				}
			}
			if next != len(d.Scope) {
				t.Errorf("only %d of %d scope items found as their own paragraphs:\n%s", next, len(d.Scope), strings.Join(lines, "\n"))
			}
			for _, f := range drafting.Lint(doc, drafting.LintOptions{Kind: kind}) {
				if f.Severity == drafting.SeverityError {
					t.Errorf("lint: Pasal %d: %s «%s»", f.Pasal, f.Message, f.Quote)
				}
			}
			checkWithTools(t, out, d)
		})
	}
}

func TestFillSpelledValues(t *testing.T) {
	out, err := Fill(mustBuiltin(t, "kb"), mustExample(t, "kb"))
	if err != nil {
		t.Fatal(err)
	}
	text := mustText(t, out)
	for _, w := range []string{
		"Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam (23 November 2026)",
		"jangka waktu 5 (lima) tahun",
		"Rp1.500.000.000,00 (satu miliar lima ratus juta rupiah)",
		"teknologi & sumber daya",
		"TENTANG KERJA SAMA DI BIDANG PENDIDIKAN",
		"I. Dr. H. Andi Harun, S.T., S.H., M.Si., Wali Kota Samarinda, berkedudukan di Jalan Kesuma Bangsa Nomor 1, Samarinda, dalam hal ini bertindak untuk dan atas nama Pemerintah Kota Samarinda, selanjutnya disebut PIHAK KESATU.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing", w)
		}
	}
}

// itemBody is an enumeration item's line without its closing punctuation.
func itemBody(line string) string {
	return strings.TrimRight(strings.TrimSuffix(strings.TrimSpace(line), "; dan"), ";.")
}

// checkWithTools opens the filled document with LibreOffice and pandoc.
func checkWithTools(t *testing.T, out []byte, d Data) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "filled.docx")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ") }

	pandoc := testtool.Require(t, "pandoc")
	b, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", file).Output()
	if err != nil {
		t.Fatalf("pandoc: %v", err)
	}
	ptext := norm(string(b))
	soffice := testtool.Require(t, "soffice")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text", "--outdir", dir, file)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	b, err = os.ReadFile(filepath.Join(dir, "filled.txt"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no text: %v", err)
	}
	ltext := norm(string(bytes.TrimPrefix(b, []byte("\ufeff"))))
	for name, text := range map[string]string{"pandoc": ptext, "LibreOffice": ltext} {
		if strings.Contains(text, "{{") {
			t.Errorf("%s still sees a placeholder", name)
		}
		for _, w := range expectedValues(d) {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not see %q", name, w)
			}
		}
	}
}

// rewriteMain returns a copy of a .docx with its main part changed by f.
func rewriteMain(tb testing.TB, docx []byte, f func(string) string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == mainPart {
			b = []byte(f(string(b)))
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// rewriteParts returns a copy of a .docx with parts added.
func rewriteParts(tb testing.TB, docx []byte, add map[string]string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			tb.Fatal(err)
		}
	}
	for name, content := range add {
		w, _ := zw.Create(name)
		io.WriteString(w, content)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestFillSplitRuns splits placeholders over several runs, as Word does
// after an edit or a spell check, and still expects them filled.
func TestFillSplitRuns(t *testing.T) {
	orig := mustBuiltin(t, "kb")
	split := rewriteMain(t, orig, func(s string) string {
		const rpr = `</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>`
		s = strings.Replace(s, "{{PIHAK_KEDUA_NAMA}}", "{{PIHAK_"+rpr+"KEDUA"+rpr+"_NAMA}}", -1)
		s = strings.Replace(s, "{{JUDUL_KAPITAL}}", "{"+`</w:t></w:r><w:r><w:t xml:space="preserve">`+"{JUDUL_KAP"+`</w:t></w:r><w:r><w:t>`+"ITAL}}", 1)
		// Two split placeholders in one paragraph, sharing a run.
		s = strings.Replace(s, "{{PIHAK_KESATU_NAMA}}, {{PIHAK_KESATU_JABATAN}}",
			"{{PIHAK_KESATU_"+rpr+"NAMA}}, {{PIHAK_"+rpr+"KESATU_JABATAN}}", 1)
		s = strings.Replace(s, "{{RUANG_LINGKUP}}", "{{RUANG_"+rpr+"LINGKUP}}", 1)
		return s
	})
	if bytes.Equal(split, orig) {
		t.Fatal("nothing split")
	}
	if doc, _ := readMain(split); bytes.Contains(doc, []byte("{{JUDUL_KAPITAL}}")) || bytes.Contains(doc, []byte("{{PIHAK_KEDUA_NAMA}}")) {
		t.Fatal("the split did not split")
	}
	names, err := Placeholders(split)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Placeholders(orig)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("Placeholders of the split template = %v, want %v", names, want)
	}
	d := mustExample(t, "kb")
	out, err := Fill(split, d)
	if err != nil {
		t.Fatal(err)
	}
	text := mustText(t, out)
	if strings.Contains(text, "{{") {
		t.Errorf("placeholder left in:\n%s", text)
	}
	for _, w := range expectedValues(d) {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing", w)
		}
	}
	checkWithTools(t, out, d)
}

func TestFillRefuses(t *testing.T) {
	kb := mustBuiltin(t, "kb")
	unknown := rewriteMain(t, kb, func(s string) string {
		return strings.Replace(s, "{{KOTA}}", "{{KOTA_LAHIR}}", 1)
	})
	if _, err := Fill(unknown, mustExample(t, "kb")); err == nil || !strings.Contains(err.Error(), "placeholder tidak dikenal: {{KOTA_LAHIR}}") {
		t.Errorf("unknown placeholder: err = %v", err)
	}
	if err := Validate(unknown); err == nil || !strings.Contains(err.Error(), "{{KOTA_LAHIR}}") {
		t.Errorf("Validate: err = %v", err)
	}
	malformed := rewriteMain(t, kb, func(s string) string {
		return strings.Replace(s, "{{KOTA}}", "{{ kota }}", 1)
	})
	if err := Validate(malformed); err == nil || !strings.Contains(err.Error(), "tidak valid") {
		t.Errorf("malformed placeholder: err = %v", err)
	}
	for _, kind := range Kinds {
		if err := Validate(mustBuiltin(t, kind)); err != nil {
			t.Errorf("Validate(%s): %v", kind, err)
		}
	}

	d := mustExample(t, "kb")
	d.Purpose = " "
	d.Scope = nil
	if _, err := Fill(kb, d); err == nil || !strings.Contains(err.Error(), "{{MAKSUD}}") || !strings.Contains(err.Error(), "{{RUANG_LINGKUP}}") {
		t.Errorf("missing data: err = %v", err)
	}
	// The KB does not use the PKS fields: they may stay empty.
	if _, err := Fill(kb, mustExample(t, "kb")); err != nil {
		t.Errorf("KB without rights and obligations: %v", err)
	}
	pksData := mustExample(t, "pks")
	pksData.FrameworkAgreement = ""
	if _, err := Fill(mustBuiltin(t, "pks"), pksData); err == nil || !strings.Contains(err.Error(), "{{KESEPAKATAN_BERSAMA}}") {
		t.Errorf("PKS without its KB: err = %v", err)
	}
	d = mustExample(t, "kb")
	d.Parties = d.Parties[:1]
	if _, err := Fill(kb, d); err == nil || !strings.Contains(err.Error(), "2 pihak") {
		t.Errorf("one party: err = %v", err)
	}
	d = mustExample(t, "kb")
	d.Date = "23-11-2026"
	if _, err := Fill(kb, d); err == nil || !strings.Contains(err.Error(), "date") {
		t.Errorf("bad date: err = %v", err)
	}
	withHeader := rewriteParts(t, kb, map[string]string{"word/header1.xml": `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>{{JUDUL}}</w:t></w:r></w:p></w:hdr>`})
	if err := Validate(withHeader); err == nil || !strings.Contains(err.Error(), "word/header1.xml") {
		t.Errorf("placeholder in a header: err = %v", err)
	}
	d = mustExample(t, "kb")
	d.Parties[1].Address = "Jalan Kuaro\nSamarinda"
	if _, err := Fill(kb, d); err == nil || !strings.Contains(err.Error(), "baris baru") {
		t.Errorf("newline in a value: err = %v", err)
	}
	d = mustExample(t, "kb")
	d.Scope[1] = "penelitian\x01"
	if _, err := Fill(kb, d); err == nil || !strings.Contains(err.Error(), "karakter kontrol") {
		t.Errorf("control character in a value: err = %v", err)
	}
	if _, err := Fill([]byte("not a zip"), mustExample(t, "kb")); err == nil {
		t.Error("not a .docx: no error")
	}
	if _, err := Builtin("mou"); err == nil {
		t.Error(`Builtin("mou"): no error`)
	}
}

// TestFillListPlaceholderTwice uses the scope both inline (before) and as
// a list paragraph: the inline use gets the joined items, the list one
// paragraph per item.
func TestFillListPlaceholderTwice(t *testing.T) {
	tmpl := rewriteMain(t, mustBuiltin(t, "kb"), func(s string) string {
		return strings.Replace(s, "Ruang lingkup Kesepakatan Bersama ini meliputi:", "Ruang lingkup ({{RUANG_LINGKUP}}) meliputi:", 1)
	})
	d := mustExample(t, "kb")
	out, err := Fill(tmpl, d)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := drafting.Read(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text(drafting.Accept)
	if !strings.Contains(text, "Ruang lingkup ("+strings.Join(d.Scope, "; ")+") meliputi:") {
		t.Errorf("inline use not joined:\n%s", text)
	}
	for _, it := range d.Scope {
		if !slices.ContainsFunc(strings.Split(text, "\n"), func(l string) bool { return strings.HasSuffix(itemBody(l), it) }) {
			t.Errorf("%q not a paragraph of its own", it)
		}
	}
}

// TestFillEscapes checks that XML special characters and quotes in values
// come out as typed.
func TestFillEscapes(t *testing.T) {
	d := mustExample(t, "kb")
	d.Title = `Kerja Sama "Smart City" & <Kota> Cerdas 'Terpadu'`
	d.Parties[1].Name = "Prof. Dr. O'Neil & Rekan"
	out, err := Fill(mustBuiltin(t, "kb"), d)
	if err != nil {
		t.Fatal(err)
	}
	text := mustText(t, out)
	for _, w := range []string{d.Title, strings.ToUpper(d.Title), d.Parties[1].Name} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing", w)
		}
	}
}

// TestFillRandomSplits splits every run of the templates at random places
// (as Word does after edits, spell checks and revision marks) and expects
// the filled text to be exactly that of the unsplit template.
func TestFillRandomSplits(t *testing.T) {
	wt := regexp.MustCompile(`(<w:t(?:\s[^>]*)?>)([^<]*)</w:t>`)
	r := rand.New(rand.NewPCG(7, 11))
	for _, kind := range Kinds {
		tmpl, d := mustBuiltin(t, kind), mustExample(t, kind)
		want, err := Fill(tmpl, d)
		if err != nil {
			t.Fatal(err)
		}
		wantText := mustText(t, want)
		for i := range 25 {
			split := rewriteMain(t, tmpl, func(s string) string {
				return wt.ReplaceAllStringFunc(s, func(m string) string {
					sm := wt.FindStringSubmatch(m)
					text := sm[2]
					var b strings.Builder
					b.WriteString(sm[1])
					for j := 0; j < len(text); j++ {
						// Never inside an entity such as &amp;.
						if j > 0 && r.IntN(4) == 0 && !strings.Contains(text[strings.LastIndex(text[:j], "&")+1:j], "&") &&
							(strings.LastIndex(text[:j], "&") < strings.LastIndex(text[:j], ";") || !strings.Contains(text[:j], "&")) {
							b.WriteString(`</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">`)
						}
						b.WriteByte(text[j])
					}
					b.WriteString("</w:t>")
					return b.String()
				})
			})
			out, err := Fill(split, d)
			if err != nil {
				t.Fatalf("%s, split %d: %v", kind, i, err)
			}
			if got := mustText(t, out); got != wantText {
				t.Fatalf("%s, split %d: text differs from the unsplit fill:\n%s\nwant\n%s", kind, i, got, wantText)
			}
		}
	}
}

// TestFillLibreOfficeTemplate fills a template an administrator saved with
// LibreOffice (its own run structure, rsids and numbering) and checks the
// values and the numbered scope items.
func TestFillLibreOfficeTemplate(t *testing.T) {
	soffice := testtool.Require(t, "soffice")
	dir := t.TempDir()
	src := filepath.Join(dir, "kb.docx")
	if err := os.WriteFile(src, mustBuiltin(t, "kb"), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", outDir, src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	tmpl, err := os.ReadFile(filepath.Join(outDir, "kb.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(tmpl); err != nil {
		t.Fatal(err)
	}
	d := mustExample(t, "kb")
	out, err := Fill(tmpl, d)
	if err != nil {
		t.Fatal(err)
	}
	text := mustText(t, out)
	for _, w := range expectedValues(d) {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing", w)
		}
	}
	doc, _ := readMain(out)
	for _, id := range regexp.MustCompile(`w14:paraId="[^"]*"`).FindAll(doc, -1) {
		if n := bytes.Count(doc, id); n > 1 {
			t.Errorf("%s used %d times", id, n)
		}
	}
	for i, it := range d.Scope {
		label := string(rune('a'+i)) + ". " + it
		if !strings.Contains(text, label) {
			t.Errorf("%q missing", label)
		}
	}
}
