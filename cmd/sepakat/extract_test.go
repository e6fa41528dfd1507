package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// commentsJSON is the JSON contract of `sepakat comments --json`.
type commentsJSON struct {
	Comments []threadJSON `json:"comments"`
}

type threadJSON struct {
	ID        string       `json:"id"`
	Author    string       `json:"author"`
	Initials  *string      `json:"initials"`
	Date      string       `json:"date"`
	Text      string       `json:"text"`
	Quote     string       `json:"quote"`
	Resolved  *bool        `json:"resolved"`
	Paragraph *int         `json:"paragraph"`
	Pasal     int          `json:"pasal"`
	Ayat      int          `json:"ayat"`
	Huruf     *string      `json:"huruf"`
	Replies   []threadJSON `json:"replies"`
}

// changesJSON is the JSON contract of `sepakat changes --json`.
type changesJSON struct {
	Changes []struct {
		Kind      string  `json:"kind"`
		Author    string  `json:"author"`
		Date      string  `json:"date"`
		Text      *string `json:"text"`
		Paragraph *int    `json:"paragraph"`
		Pasal     int     `json:"pasal"`
		Ayat      int     `json:"ayat"`
		Huruf     *string `json:"huruf"`
	} `json:"changes"`
}

// TestCommentsCommand lists the comments of comments.docx (see
// testdata/drafting/README.md) as text and as JSON.
func TestCommentsCommand(t *testing.T) {
	file := docxFixture(t, "comments.docx")
	out, errOut, status := sepakatCmd(t, "comments", file)
	if status != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	want := `#1 ARNP Kota (2026-01-05T09:00:00Z) [Pasal 7 ayat (1)]
  "Rp 500.000.000,00 (lima ratus juta rupiah)"
  Mohon disesuaikan dengan pagu anggaran tahun 2026.
  #3 PPKSD Unmul (2026-01-06T14:30:00Z) [Pasal 7 ayat (1)]
    Setuju, akan disesuaikan menjadi Rp 750.000.000,00.

#2 PPKSD Unmul (2026-01-06T14:30:00Z) [Pasal 7 ayat (2)]
  "Pembayaran dilakukan secara bertahap sesuai dengan kemajuan pelaksanaan kegiatan. (3) Pembayaran setiap tahap dilakukan dalam jangka waktu paling lambat 30 (tiga puluh) hari setelah PIHAK KESATU menerima tagihan yang lengkap dan benar."
  Tahapan pembayaran perlu dirinci dalam lampiran.

#4 ARNP Kota (2026-01-05T10:15:00Z) [Pasal 8 ayat (1)]
  "setiap 3 (tiga) bulan"
  Apakah tidak terlalu sering? Usul 6 (enam) bulan.
`
	if out != want {
		t.Errorf("text output differs:\n%s", testtool.FirstLineDiff(want, out))
	}

	// --json, before or after the file.
	for _, args := range [][]string{{"comments", file, "--json"}, {"comments", "--json", file}} {
		out, errOut, status := sepakatCmd(t, args...)
		if status != 0 {
			t.Fatalf("%v: exit %d: %s", args, status, errOut)
		}
		var j commentsJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%v: JSON: %v\n%s", args, err, out)
		}
		if !strings.HasPrefix(out, "{\n  \"comments\": [\n    {\n") {
			t.Errorf("%v: JSON not indented:\n%.80s", args, out)
		}
		var got []string
		var walk func(ts []threadJSON, depth int)
		walk = func(ts []threadJSON, depth int) {
			for _, c := range ts {
				if c.Resolved == nil || c.Paragraph == nil || c.Initials == nil || c.Huruf == nil || c.Replies == nil {
					t.Errorf("comment %s: a field is missing: %+v", c.ID, c)
					continue
				}
				got = append(got, strings.Repeat(">", depth)+c.ID+" "+c.Author+" "+c.Date+" "+fmt.Sprintf("%d(%d)", c.Pasal, c.Ayat)+" "+c.Text)
				walk(c.Replies, depth+1)
			}
		}
		walk(j.Comments, 0)
		wantThreads := []string{
			"1 ARNP Kota 2026-01-05T09:00:00Z 7(1) Mohon disesuaikan dengan pagu anggaran tahun 2026.",
			">3 PPKSD Unmul 2026-01-06T14:30:00Z 7(1) Setuju, akan disesuaikan menjadi Rp 750.000.000,00.",
			"2 PPKSD Unmul 2026-01-06T14:30:00Z 7(2) Tahapan pembayaran perlu dirinci dalam lampiran.",
			"4 ARNP Kota 2026-01-05T10:15:00Z 8(1) Apakah tidak terlalu sering? Usul 6 (enam) bulan.",
		}
		if !reflect.DeepEqual(got, wantThreads) {
			t.Errorf("%v: threads\n got %q\nwant %q", args, got, wantThreads)
		}
		if q := j.Comments[1].Quote; !strings.HasPrefix(q, "Pembayaran dilakukan secara bertahap") {
			t.Errorf("quote of comment 2: %q", q)
		}
	}

	// A document without comments.
	out, _, status = sepakatCmd(t, "comments", docxFixture(t, "pks-v1.docx"))
	if status != 0 || out != "No comments.\n" {
		t.Errorf("no comments: exit %d, %q", status, out)
	}
	out, _, _ = sepakatCmd(t, "comments", docxFixture(t, "pks-v1.docx"), "--json")
	if out != "{\n  \"comments\": []\n}\n" {
		t.Errorf("no comments, JSON: %q", out)
	}
}

// TestCommentsCommandResolved: a resolved comment and a reply to a reply,
// in a package written by the test. Neither pandoc nor LibreOffice 7.4 can
// write one: LibreOffice's export keeps no commentsExtended.xml, and
// setting an annotation's Resolved property through UNO crashes the
// headless soffice.
func TestCommentsCommandResolved(t *testing.T) {
	file := filepath.Join(t.TempDir(), "selesai.docx")
	if err := os.WriteFile(file, reviewedDocx(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, status := sepakatCmd(t, "comments", file)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	want := `#5 ARNP Kota (2026-01-05T09:00:00Z) [Pasal 2 ayat (1) huruf b] resolved
  "dua puluh"
  Angka diganti.
  Mohon dicek.
  #6 PPKSD Unmul (2026-01-06T07:30:00Z) [Pasal 2 ayat (1) huruf b]
    Sudah.
    #7 ARNP Kota [Pasal 2 ayat (1) huruf b]
      Terima kasih.
`
	if out != want {
		t.Errorf("text output differs:\n%s\ngot:\n%s", testtool.FirstLineDiff(want, out), out)
	}
	out, _, _ = sepakatCmd(t, "comments", file, "--json")
	var j commentsJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Comments) != 1 || !*j.Comments[0].Resolved || *j.Comments[0].Huruf != "b" ||
		len(j.Comments[0].Replies) != 1 || *j.Comments[0].Replies[0].Resolved || len(j.Comments[0].Replies[0].Replies) != 1 {
		t.Errorf("JSON: %s", out)
	}

	out, _, _ = sepakatCmd(t, "changes", file)
	wantChanges := "paragraph-format  PPKSD Unmul  2026-01-06T14:30:00Z  Pasal 2 ayat (1) huruf b\n" +
		"format            ARNP Kota    2026-01-05T09:00:00Z  Pasal 2 ayat (1) huruf b  \"dua puluh\"\n"
	if out != wantChanges {
		t.Errorf("changes:\n%s", testtool.FirstLineDiff(wantChanges, out))
	}
}

// reviewedDocx writes a small Word package: Pasal 2, ayat (1), huruf a and
// b; on "dua puluh" in b a resolved comment (5), a reply to it (6, its date
// only in commentsExtensible.xml) and a reply to the reply (7, undated);
// "dua puluh" is also reformatted (w:rPrChange) and its paragraph's
// properties changed (w:pPrChange).
func reviewedDocx(t *testing.T) []byte {
	t.Helper()
	const decl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex"`
	p := func(text string) string { return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>` }
	rel := func(id, typ, target string) string {
		return `<Relationship Id="` + id + `" Type="` + typ + `" Target="` + target + `"/>`
	}
	comment := func(id, author, date, paraIDs string, texts ...string) string {
		s := `<w:comment w:id="` + id + `" w:author="` + author + `"`
		if date != "" {
			s += ` w:date="` + date + `"`
		}
		s += `>`
		for i, text := range texts {
			s += `<w:p w14:paraId="` + paraIDs + string(rune('0'+i)) + `"><w:r><w:t>` + text + `</w:t></w:r></w:p>`
		}
		return s + `</w:comment>`
	}
	const office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			rel("rId1", office+"officeDocument", "word/document.xml") + `</Relationships>`},
		{"word/_rels/document.xml.rels", decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			rel("rId1", office+"comments", "comments.xml") +
			rel("rId2", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", "commentsExtended.xml") +
			rel("rId3", "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds", "commentsIds.xml") +
			rel("rId4", "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible", "commentsExtensible.xml") +
			`</Relationships>`},
		{"word/document.xml", decl + `<w:document ` + ns + `><w:body>` + p("Pasal 2") + p("(1) Para pihak:") + p("a. satu;") +
			`<w:p><w:pPr><w:jc w:val="both"/><w:pPrChange w:id="1" w:author="PPKSD Unmul" w:date="2026-01-06T14:30:00Z"><w:pPr/></w:pPrChange></w:pPr>` +
			`<w:r><w:t xml:space="preserve">b. </w:t></w:r>` +
			`<w:commentRangeStart w:id="5"/><w:commentRangeStart w:id="6"/><w:commentRangeStart w:id="7"/>` +
			`<w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="ARNP Kota" w:date="2026-01-05T09:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>dua puluh</w:t></w:r>` +
			`<w:commentRangeEnd w:id="5"/><w:commentRangeEnd w:id="6"/><w:commentRangeEnd w:id="7"/>` +
			`<w:r><w:commentReference w:id="5"/></w:r><w:r><w:commentReference w:id="6"/></w:r><w:r><w:commentReference w:id="7"/></w:r>` +
			`<w:r><w:t xml:space="preserve"> hari.</w:t></w:r></w:p>` +
			`<w:sectPr/></w:body></w:document>`},
		{"word/comments.xml", decl + `<w:comments ` + ns + `>` +
			comment("5", "ARNP Kota", "2026-01-05T09:00:00Z", "0000005", "Angka diganti.", "Mohon dicek.") +
			comment("6", "PPKSD Unmul", "", "0000006", "Sudah.") +
			comment("7", "ARNP Kota", "", "0000007", "Terima kasih.") +
			`</w:comments>`},
		{"word/commentsExtended.xml", decl + `<w15:commentsEx ` + ns + `>` +
			`<w15:commentEx w15:paraId="00000051" w15:done="1"/>` +
			`<w15:commentEx w15:paraId="00000060" w15:paraIdParent="00000051" w15:done="0"/>` +
			`<w15:commentEx w15:paraId="00000070" w15:paraIdParent="00000060" w15:done="0"/>` +
			`</w15:commentsEx>`},
		{"word/commentsIds.xml", decl + `<w16cid:commentsIds ` + ns + `>` +
			`<w16cid:commentId w16cid:paraId="00000051" w16cid:durableId="3A000005"/>` +
			`<w16cid:commentId w16cid:paraId="00000060" w16cid:durableId="3A000006"/>` +
			`</w16cid:commentsIds>`},
		{"word/commentsExtensible.xml", decl + `<w16cex:commentsExtensible ` + ns + `>` +
			`<w16cex:commentExtensible w16cex:durableId="3A000006" w16cex:dateUtc="2026-01-06T07:30:00Z"/>` +
			`</w16cex:commentsExtensible>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range parts {
		w, err := zw.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestChangesCommand lists the tracked changes of tracked.docx (see
// testdata/drafting/README.md) as text and as JSON.
func TestChangesCommand(t *testing.T) {
	file := docxFixture(t, "tracked.docx")
	out, errOut, status := sepakatCmd(t, "changes", file)
	if status != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 18 {
		t.Fatalf("%d lines, want 18:\n%s", len(lines), out)
	}
	wantLines := map[int]string{
		0:  `delete               ARNP Kota    2026-01-05T09:00:00Z  Pasal 7 ayat (1)  "Rp 500.000.000,00 (lima ratus juta rupiah)"`,
		2:  `delete               ARNP Kota    2026-01-05T09:00:00Z  Pasal 7 ayat (2)  "secara bertahap "`,
		6:  `paragraph-insert     PPKSD Unmul  2026-01-06T14:30:00Z  Pasal 7 ayat (4)`,
		11: `insert               PPKSD Unmul  2026-01-06T14:30:00Z  Pasal 8 ayat (2)  " serta kendala yang dihadapi"`,
		16: `paragraph-move-from  ARNP Kota    2026-01-05T09:00:00Z  Pasal 9`,
		17: `move-from            ARNP Kota    2026-01-05T09:00:00Z  Pasal 9           "Lampiran Perjanjian Kerja Sama ini merupakan bagian yang tidak terpisahkan dari Perjanjian Kerja Sama ini."`,
	}
	for i, w := range wantLines {
		if lines[i] != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, lines[i], w)
		}
	}

	for _, args := range [][]string{{"changes", file, "--json"}, {"changes", "--json", file}} {
		out, errOut, status := sepakatCmd(t, args...)
		if status != 0 {
			t.Fatalf("%v: exit %d: %s", args, status, errOut)
		}
		var j changesJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%v: JSON: %v\n%s", args, err, out)
		}
		if !strings.HasPrefix(out, "{\n  \"changes\": [\n    {\n") {
			t.Errorf("%v: JSON not indented:\n%.80s", args, out)
		}
		count := map[string]int{}
		for _, c := range j.Changes {
			if c.Text == nil || c.Paragraph == nil || c.Huruf == nil {
				t.Errorf("a field is missing: %+v", c)
			}
			count[c.Kind+" "+c.Author]++
		}
		wantCount := map[string]int{
			"insert ARNP Kota": 2, "delete ARNP Kota": 4, "insert PPKSD Unmul": 4, "delete PPKSD Unmul": 2,
			"paragraph-insert PPKSD Unmul": 1, "paragraph-delete ARNP Kota": 1,
			"move-to ARNP Kota": 1, "move-from ARNP Kota": 1, "paragraph-move-to ARNP Kota": 1, "paragraph-move-from ARNP Kota": 1,
		}
		if !reflect.DeepEqual(count, wantCount) {
			t.Errorf("%v: counts\n got %v\nwant %v", args, count, wantCount)
		}
		if c := j.Changes[13]; c.Kind != "delete" || c.Pasal != 8 || c.Ayat != 3 || c.Date != "2026-01-05T09:00:00Z" ||
			*c.Text != "(3) Laporan keuangan disampaikan setiap akhir tahun anggaran kepada Inspektorat Daerah." {
			t.Errorf("%v: change 14: %+v", args, c)
		}
	}

	out, _, status = sepakatCmd(t, "changes", docxFixture(t, "comments.docx"))
	if status != 0 || out != "No tracked changes.\n" {
		t.Errorf("no changes: exit %d, %q", status, out)
	}
	out, _, _ = sepakatCmd(t, "changes", "--json", docxFixture(t, "comments.docx"))
	if out != "{\n  \"changes\": []\n}\n" {
		t.Errorf("no changes, JSON: %q", out)
	}
}

// TestExtractCommandErrors: refused files give exit status 1 and one line
// on stderr naming the file; a wrong command line gives the usage and
// status 2.
func TestExtractCommandErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ file, want string }{
		{docxFixture(t, "notzip.docx"), "not a Word document"},
		{docxFixture(t, "legacy.doc"), "Word 97-2003"},
		{docxFixture(t, "encrypted.docx"), "password"},
		{docxFixture(t, "macro.docm"), "macro"},
		{docxFixture(t, "badxml.docx"), "damaged"},
		{docxFixture(t, "entity.docx"), "entit"},
		{filepath.Join(dir, "tidak-ada.docx"), "no such file"},
		{dir, "directory"},
	}
	for _, tc := range cases {
		for _, args := range [][]string{{"comments", tc.file}, {"changes", tc.file, "--json"}} {
			out, errOut, status := sepakatCmd(t, args...)
			if status != 1 || out != "" {
				t.Errorf("%v: exit %d, stdout %q", args, status, out)
			}
			lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
			if len(lines) != 1 || !strings.Contains(errOut, filepath.Base(tc.file)) || !strings.Contains(strings.ToLower(errOut), strings.ToLower(tc.want)) {
				t.Errorf("%v: stderr %q, want one line naming %s and saying %q", args, errOut, filepath.Base(tc.file), tc.want)
			}
		}
	}
	good := docxFixture(t, "comments.docx")
	for _, args := range [][]string{{"comments"}, {"changes", good, good}, {"comments", good, "--format", "json"}} {
		out, errOut, status := sepakatCmd(t, args...)
		if status != 2 || out != "" || !strings.Contains(errOut, "usage: sepakat "+args[0]) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, status, out, errOut)
		}
	}
}
