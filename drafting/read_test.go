package drafting

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/sepakat/sepakat/internal/testtool"
)

// A Word document is built in the tests from hand-written XML: docPart is one
// entry of the zip, in order.
type docPart struct{ name, data string }

// zipParts writes the parts as a zip, deflated.
func zipParts(tb testing.TB, parts ...docPart) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const (
	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	// nsDecls declares the prefixes the test documents use.
	nsDecls = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"` +
		` xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:v="urn:schemas-microsoft-com:vml"` +
		` mc:Ignorable="w14 w15"`
	testSectPr = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>`
)

// documentXML wraps body content in w:document and w:body.
func documentXML(body string) string {
	return xmlDecl + `<w:document ` + nsDecls + `><w:body>` + body + testSectPr + `</w:body></w:document>`
}

// relTypes gives the relationship type of the parts that testPackage links
// from the main part, by file name.
var relTypes = map[string]string{
	"styles.xml":           "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
	"numbering.xml":        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
	"comments.xml":         "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
	"commentsExtended.xml": "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
	"header1.xml":          "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
	"footer1.xml":          "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
	"footnotes.xml":        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
	"endnotes.xml":         "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
}

// testPackage builds a complete package around a main part
// (word/document.xml) and other parts of word/ linked from it.
func testPackage(tb testing.TB, document string, extra ...docPart) []byte {
	tb.Helper()
	var rels strings.Builder
	rels.WriteString(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, p := range extra {
		if t, ok := relTypes[strings.TrimPrefix(p.name, "word/")]; ok {
			fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s" Target="%s"/>`, i+1, t, strings.TrimPrefix(p.name, "word/"))
		}
	}
	rels.WriteString(`<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>`)
	rels.WriteString(`</Relationships>`)
	parts := []docPart{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels("word/document.xml")},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", rels.String()},
	}
	return zipParts(tb, append(parts, extra...)...)
}

const contentTypes = xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

func packageRels(main string) string {
	return xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + main + `"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`
}

// mustRead reads a package built in the test.
func mustReadDocx(tb testing.TB, b []byte) *Document {
	tb.Helper()
	d, err := Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return d
}

// bodyDoc reads a document whose body is the given XML.
func bodyDoc(tb testing.TB, body string, extra ...docPart) *Document {
	tb.Helper()
	return mustReadDocx(tb, testPackage(tb, documentXML(body), extra...))
}

// p and r write a paragraph and a run.
func wp(content string) string { return `<w:p>` + content + `</w:p>` }
func wr(text string) string    { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

func textLines(d *Document, c Changes) []string {
	return strings.Split(strings.TrimSuffix(d.Text(c), "\n"), "\n")
}

func checkLines(t *testing.T, d *Document, c Changes, want ...string) {
	t.Helper()
	if got := textLines(d, c); !reflect.DeepEqual(got, want) {
		t.Errorf("Text(%s):\n got %q\nwant %q", c, got, want)
	}
}

func TestReadBasic(t *testing.T) {
	styles := xmlDecl + `<w:styles ` + nsDecls + `>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Judul"><w:name w:val="Judul Dokumen"/><w:basedOn w:val="Tengah"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Tengah"><w:name w:val="Tengah"/><w:pPr><w:jc w:val="center"/><w:ind w:left="720" w:hanging="360"/></w:pPr></w:style>` +
		`</w:styles>`
	core := xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<cp:lastModifiedBy>Bagian Hukum</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-12T08:30:00Z</dcterms:modified></cp:coreProperties>`
	pPr := `<w:pPr><w:pStyle w:val="Judul"/><w:ind w:firstLine="100"/></w:pPr>`
	rPr := `<w:rPr><w:b/></w:rPr>`
	body := `<w:p>` + pPr + `<w:r>` + rPr + `<w:t>PERJANJIAN KERJA SAMA</w:t></w:r></w:p>` +
		wp(wr("Para pihak sepakat.")) +
		`<w:p><w:pPr><w:jc w:val="right"/></w:pPr>` + wr("Kanan") + `</w:p>`
	doc := documentXML(body)
	b := zipParts(t,
		docPart{"[Content_Types].xml", contentTypes},
		docPart{"_rels/.rels", packageRels("word/document.xml")},
		docPart{"word/document.xml", doc},
		docPart{"word/_rels/document.xml.rels", xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		docPart{"word/styles.xml", styles},
		docPart{"docProps/core.xml", core},
		docPart{"word/media/image1.png", "\x89PNG not really"},
	)
	d := mustReadDocx(t, b)
	checkLines(t, d, Accept, "PERJANJIAN KERJA SAMA", "Para pihak sepakat.", "Kanan")
	if len(d.Body) != 3 {
		t.Fatalf("%d paragraphs", len(d.Body))
	}
	p0 := d.Body[0]
	if p0.Style != "Judul" || p0.StyleName != "Judul Dokumen" || p0.Align != "center" {
		t.Errorf("style: %q %q %q", p0.Style, p0.StyleName, p0.Align)
	}
	if want := (Indent{Left: 720, FirstLine: 100}); p0.Indent != want {
		t.Errorf("indent %+v, want %+v (direct firstLine excludes the style's hanging)", p0.Indent, want)
	}
	if string(p0.Props) != pPr {
		t.Errorf("paragraph props %q", p0.Props)
	}
	if len(p0.Runs) != 1 || string(p0.Runs[0].Props) != rPr {
		t.Errorf("runs %+v", p0.Runs)
	}
	if d.Body[1].Props != nil || d.Body[1].Runs[0].Props != nil {
		t.Errorf("absent props should be nil")
	}
	if d.Body[1].Align != "both" || d.Body[1].Style != "" || d.Body[1].StyleName != "" {
		t.Errorf("default style: align %q style %q", d.Body[1].Align, d.Body[1].Style)
	}
	if d.Body[2].Align != "right" {
		t.Errorf("direct jc: %q", d.Body[2].Align)
	}
	if d.LastModifiedBy != "Bagian Hukum" || !d.Modified.Equal(time.Date(2026, 1, 12, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("core: %q %v", d.LastModifiedBy, d.Modified)
	}

	pk := d.pkg
	if pk == nil {
		t.Fatal("no pkgInfo")
	}
	if pk.mainPart != "word/document.xml" || pk.wPrefix != "w" || pk.wNS != uriWordTransitional {
		t.Errorf("pkg: main %q prefix %q ns %q", pk.mainPart, pk.wPrefix, pk.wNS)
	}
	if want := `<w:document ` + nsDecls + `>`; string(pk.rootStart) != want {
		t.Errorf("rootStart %q", pk.rootStart)
	}
	if string(pk.prolog) != xmlDecl {
		t.Errorf("prolog %q", pk.prolog)
	}
	if string(pk.sectPr) != testSectPr {
		t.Errorf("sectPr %q", pk.sectPr)
	}
	if pk.prefixes["w"] != uriWordTransitional || pk.prefixes["mc"] != uriMC || len(pk.prefixes) != 9 {
		t.Errorf("prefixes %v", pk.prefixes)
	}
	var names []string
	for _, f := range pk.files {
		names = append(names, f.Name)
	}
	if want := []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "docProps/core.xml", "word/media/image1.png"}; !reflect.DeepEqual(names, want) {
		t.Errorf("files %v", names)
	}
	if string(pk.files[2].Data) != doc || string(pk.files[6].Data) != "\x89PNG not really" {
		t.Errorf("file contents not kept")
	}
}

func TestReadPrefixes(t *testing.T) {
	const wns = `http://schemas.openxmlformats.org/wordprocessingml/2006/main`
	cases := map[string]string{
		"other prefix": `<kb:document xmlns:kb="` + wns + `"><kb:body><kb:p><kb:pPr><kb:pStyle kb:val="Judul"/></kb:pPr><kb:r><kb:t>Pasal 1</kb:t></kb:r></kb:p><kb:sectPr/></kb:body></kb:document>`,
		"default ns":   `<document xmlns="` + wns + `"><body><p><pPr><pStyle val="Judul"/></pPr><r><t>Pasal 1</t></r></p><sectPr/></body></document>`,
		// A prefix redeclared on an inner element.
		"inner declaration": `<w:document xmlns:w="urn:not-word"><x:body xmlns:x="` + wns + `"><x:p><x:pPr><x:pStyle x:val="Judul"/></x:pPr><x:r><x:t>Pasal 1</x:t></x:r></x:p></x:body></w:document>`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			b := testPackage(t, doc)
			d, err := Read(bytes.NewReader(b), int64(len(b)))
			if name == "inner declaration" {
				// The root is not w:document in the Word namespace.
				if !errors.Is(err, ErrDamaged) {
					t.Fatalf("err %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, d, Accept, "Pasal 1")
			if d.Body[0].Style != "Judul" || d.Paragraphs(Accept)[0].Kind != KindPasal {
				t.Errorf("style %q", d.Body[0].Style)
			}
			wantPrefix := map[string]string{"other prefix": "kb", "default ns": ""}[name]
			if d.pkg.wPrefix != wantPrefix || d.pkg.prefixes[wantPrefix] != wns {
				t.Errorf("prefix %q, prefixes %v", d.pkg.wPrefix, d.pkg.prefixes)
			}
		})
	}
}

func TestReadStrict(t *testing.T) {
	const sns = `http://purl.oclc.org/ooxml/wordprocessingml/main`
	doc := xmlDecl + `<w:document xmlns:w="` + sns + `" w:conformance="strict"><w:body>` +
		`<w:p><w:pPr><w:jc w:val="start"/><w:ind w:start="1.27cm" w:end="36pt" w:hanging="0.25in"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Ketentuan</w:t></w:r></w:p>` +
		`</w:body></w:document>`
	numbering := xmlDecl + `<w:numbering xmlns:w="` + sns + `"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Pasal %1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	rels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	drels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/numbering" Target="numbering.xml"/></Relationships>`
	b := zipParts(t, docPart{"[Content_Types].xml", contentTypes}, docPart{"_rels/.rels", rels}, docPart{"word/document.xml", doc}, docPart{"word/_rels/document.xml.rels", drels}, docPart{"word/numbering.xml", numbering})
	d := mustReadDocx(t, b)
	checkLines(t, d, Accept, "Pasal 1 Ketentuan")
	p0 := d.Body[0]
	if p0.Align != "start" || p0.Indent != (Indent{Left: 720, Right: 720, Hanging: 360}) || p0.NumID != 1 {
		t.Errorf("strict props: %q %+v %d", p0.Align, p0.Indent, p0.NumID)
	}
	if d.pkg.wNS != sns {
		t.Errorf("wNS %q", d.pkg.wNS)
	}
}

func TestReadBOMAndUTF16(t *testing.T) {
	doc := documentXML(wp(wr("Pasal 1")) + wp(wr("Kata “kunci” – é")))
	t.Run("utf-8 bom", func(t *testing.T) {
		d := mustReadDocx(t, testPackage(t, "\xEF\xBB\xBF"+doc))
		checkLines(t, d, Accept, "Pasal 1", "Kata “kunci” – é")
		if string(d.pkg.prolog) != xmlDecl {
			t.Errorf("prolog %q: BOM not stripped", d.pkg.prolog)
		}
	})
	t.Run("utf-16", func(t *testing.T) {
		u := strings.Replace(doc, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
		b := []byte{0xFF, 0xFE}
		for _, c := range utf16.Encode([]rune(u)) {
			b = binary.LittleEndian.AppendUint16(b, c)
		}
		d := mustReadDocx(t, testPackage(t, string(b)))
		checkLines(t, d, Accept, "Pasal 1", "Kata “kunci” – é")
		if !bytes.Contains(d.pkg.prolog, []byte(`encoding="UTF-8"`)) {
			t.Errorf("prolog %q", d.pkg.prolog)
		}
		for _, f := range d.pkg.files {
			if f.Name == "word/document.xml" && !bytes.HasPrefix(f.Data, []byte("<?xml")) {
				t.Errorf("main part kept as UTF-16 in the package")
			}
		}
	})
}

func TestReadMovedMainPart(t *testing.T) {
	rels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/isi/utama%20dokumen.xml"/></Relationships>`
	drels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../gaya/styles.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="/isi/kaki.xml"/></Relationships>`
	styles := xmlDecl + `<w:styles ` + nsDecls + `><w:style w:type="paragraph" w:styleId="J"><w:name w:val="Judul"/></w:style></w:styles>`
	footer := xmlDecl + `<w:ftr ` + nsDecls + `>` + wp(wr("Halaman 1")) + `</w:ftr>`
	ct := strings.Replace(contentTypes, "/word/document.xml", "/isi/utama dokumen.xml", 1)
	b := zipParts(t,
		docPart{"[Content_Types].xml", ct},
		docPart{"_rels/.rels", rels},
		docPart{"isi/utama dokumen.xml", documentXML(`<w:p><w:pPr><w:pStyle w:val="J"/></w:pPr>` + wr("Isi") + `</w:p>`)},
		docPart{"isi/_rels/utama dokumen.xml.rels", drels},
		docPart{"gaya/styles.xml", styles},
		docPart{"isi/kaki.xml", footer},
	)
	d := mustReadDocx(t, b)
	checkLines(t, d, Accept, "Isi")
	if d.Body[0].StyleName != "Judul" {
		t.Errorf("styles not found through ../: %q", d.Body[0].StyleName)
	}
	if len(d.Footers) != 1 || d.Footers[0].Text(Accept) != "Halaman 1" || d.Footers[0].Part != PartFooter {
		t.Errorf("footer through absolute target: %+v", d.Footers)
	}
	if d.pkg.mainPart != "isi/utama dokumen.xml" {
		t.Errorf("mainPart %q", d.pkg.mainPart)
	}
}

func TestReadSplitRuns(t *testing.T) {
	bold := `<w:rPr><w:b/></w:rPr>`
	body := `<w:p><w:r w:rsidR="001"><w:t>PERJAN</w:t></w:r><w:proofErr w:type="spellStart"/>` +
		`<w:r w:rsidR="002"><w:t xml:space="preserve">JIAN </w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/>` +
		`<w:r w:rsidR="003"><w:t>KER</w:t></w:r><w:bookmarkEnd w:id="0"/>` +
		`<w:r w:rsidR="004"><w:rPr><w:b/></w:rPr><w:t>JA</w:t></w:r>` +
		`<w:r w:rsidR="005"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> SAMA</w:t></w:r></w:p>`
	d := bodyDoc(t, body)
	runs := d.Body[0].Runs
	if len(runs) != 2 || runs[0].Text != "PERJANJIAN KER" || runs[1].Text != "JA SAMA" || string(runs[1].Props) != bold {
		t.Errorf("runs %+v", runs)
	}
	checkLines(t, d, Accept, "PERJANJIAN KERJA SAMA")
}

func TestReadSpecialCharacters(t *testing.T) {
	body := wp(`<w:r><w:t>Satu</w:t><w:tab/><w:t>dua</w:t><w:br/><w:t>tiga</w:t><w:cr/><w:t>empat</w:t>` +
		`<w:t xml:space="preserve"> e</w:t><w:noBreakHyphen/><w:t>mail ka</w:t><w:softHyphen/><w:t>ta </w:t>` +
		`<w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:char="2713"/>` +
		`<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>baris&#10;baru&#9;tab&amp;&lt;&gt;</w:t>` +
		`<w:footnoteReference w:id="1"/><w:lastRenderedPageBreak/></w:r>`)
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "Satu dua tiga empat e-mail kata ·ü✓ baris baru tab&<>")
}

func TestReadFields(t *testing.T) {
	body := wp(wr("Lihat ")+
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref1 \h </w:instrText></w:r>`+
		// A nested field inside the instruction is hidden too.
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>99</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`+
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Pasal 3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`+
		wr(" dan ")+
		`<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>`+
		wr(".")) +
		// A field whose result spans two paragraphs.
		wp(`<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>TOC \o</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>Daftar isi 1</w:t></w:r>`) +
		wp(wr("Daftar isi 2")+`<w:r><w:fldChar w:fldCharType="end"/></w:r>`) +
		wp(wr("Sesudah"))
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "Lihat Pasal 3 dan 7.", "Daftar isi 1", "Daftar isi 2", "Sesudah")
}

func TestReadContainers(t *testing.T) {
	body := `<w:sdt><w:sdtPr><w:alias w:val="Nomor"/><w:text/></w:sdtPr><w:sdtContent>` + wp(wr("NOMOR: 1/2026")) + `</w:sdtContent></w:sdt>` +
		wp(wr("Kota ")+`<w:smartTag w:uri="urn:x" w:element="place"><w:smartTagPr><w:attr w:name="a" w:val="b"/></w:smartTagPr>`+wr("Samarinda")+`</w:smartTag>`+
			wr(", ")+`<w:hyperlink r:id="rIdX" w:history="1">`+wr("tautan")+`</w:hyperlink>`+
			wr(", ")+`<w:customXml w:element="pihak"><w:customXmlPr/>`+wr("PIHAK KESATU")+`</w:customXml>`+
			`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>`+wr(" dan isian")+`</w:sdtContent></w:sdt>`+
			`<w:dir w:val="ltr">`+wr(".")+`</w:dir>`) +
		`<w:customXml w:element="blok">` + wp(wr("Dalam blok")) + `</w:customXml>`
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "NOMOR: 1/2026", "Kota Samarinda, tautan, PIHAK KESATU dan isian.", "Dalam blok")
}

// textBox returns a run holding a text box both as DrawingML (mc:Choice) and
// as VML (mc:Fallback), as Word writes it.
func textBox(text string) string {
	return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>` +
		wp(wr(text)) +
		`</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>` + wp(wr(text)) + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
}

func TestReadTextBox(t *testing.T) {
	body := wp(wr("Sebelum ")+textBox("DRAF")+wr("sesudah")) +
		wp(wr("Berikut")) +
		// A Choice without a text box: the Fallback is read, once.
		wp(`<mc:AlternateContent><mc:Choice Requires="w14">`+wr("pilihan")+`</mc:Choice><mc:Fallback>`+wr("cadangan")+`</mc:Fallback></mc:AlternateContent>`) +
		// Only a Fallback.
		wp(`<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+wp(wr("VML"))+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`)
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "Sebelum sesudah", "DRAF", "Berikut", "cadangan", "VML")
	ps := d.Paragraphs(Accept)
	if len(ps) != 6 || !ps[1].TextBox || ps[0].TextBox || !ps[5].TextBox || ps[4].TextBox || ps[4].Line() != "" {
		t.Errorf("text box paragraphs misplaced")
	}
}

func TestReadTracked(t *testing.T) {
	ins := func(a, s string) string {
		return `<w:ins w:id="1" w:author="` + a + `" w:date="2026-01-05T09:00:00Z">` + wr(s) + `</w:ins>`
	}
	del := func(a, s string) string {
		return `<w:del w:id="2" w:author="` + a + `" w:date="2026-01-06T09:00:00Z"><w:r><w:delText xml:space="preserve">` + s + `</w:delText></w:r></w:del>`
	}
	markIns := `<w:pPr><w:rPr><w:ins w:id="3" w:author="Kota" w:date="2026-01-07T00:00:00Z"/></w:rPr></w:pPr>`
	markDel := `<w:pPr><w:rPr><w:del w:id="4" w:author="Unmul" w:date="2026-01-08T00:00:00Z"/></w:rPr></w:pPr>`
	body := wp(wr("Biaya sebesar Rp ")+del("Unmul", "500")+ins("Kota", "750")+wr(".000.000,00.")) +
		// A paragraph inserted as a whole (its mark and its text).
		`<w:p>` + markIns + ins("Kota", "Ayat baru.") + `</w:p>` +
		wp(wr("Ayat lama.")) +
		// A paragraph deleted as a whole joins the next on accept.
		`<w:p>` + markDel + del("Unmul", "Dihapus.") + `</w:p>` +
		wp(wr("Tetap.")) +
		// Moved text.
		wp(`<w:moveFrom w:id="5" w:author="Kota" w:date="2026-01-09T00:00:00Z">`+wr("dipindah")+`</w:moveFrom>`+wr(" di sini ")+`<w:moveTo w:id="6" w:author="Kota">`+wr("ke sini")+`</w:moveTo>`) +
		// Inserted, then deleted by someone else: never there.
		wp(wr("Ada")+`<w:ins w:id="7" w:author="A"><w:del w:id="8" w:author="B"><w:r><w:delText> hantu</w:delText></w:r></w:del></w:ins>`+wr(".")) +
		// Two paragraphs merged by deleting the mark between them.
		`<w:p>` + markDel + wr("Gabung ") + `</w:p>` + wp(wr("jadi satu."))
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "Biaya sebesar Rp 750.000.000,00.", "Ayat baru.", "Ayat lama.", "Tetap.", " di sini ke sini", "Ada.", "Gabung jadi satu.")
	checkLines(t, d, Reject, "Biaya sebesar Rp 500.000.000,00.", "Ayat lama.", "Dihapus.", "Tetap.", "dipindah di sini ", "Ada.", "Gabung ", "jadi satu.")

	runs := d.Body[0].Runs
	if len(runs) != 4 || !reflect.DeepEqual(runs[1], Run{Text: "500", Rev: RevDeleted, Author: "Unmul", Date: "2026-01-06T09:00:00Z"}) ||
		!reflect.DeepEqual(runs[2], Run{Text: "750", Rev: RevInserted, Author: "Kota", Date: "2026-01-05T09:00:00Z"}) {
		t.Errorf("runs %+v", runs)
	}
	if p1 := d.Body[1]; p1.Mark != RevInserted || p1.MarkAuthor != "Kota" || p1.MarkDate != "2026-01-07T00:00:00Z" {
		t.Errorf("mark %v %q %q", p1.Mark, p1.MarkAuthor, p1.MarkDate)
	}
	if d.Body[3].Mark != RevDeleted {
		t.Errorf("deleted mark %v", d.Body[3].Mark)
	}
	mv := d.Body[5].Runs
	if mv[0].Rev != RevMovedFrom || mv[2].Rev != RevMovedTo || mv[2].Author != "Kota" {
		t.Errorf("moves %+v", mv)
	}
	if got := d.Body[6].Text(Reject); got != "Ada." {
		t.Errorf("inserted-then-deleted text kept: %q", got)
	}

	// The views keep the revisions of what they keep, and the Reject view's
	// Line shows its own text.
	rej := d.Paragraphs(Reject)
	if rej[0].Runs[1].Rev != RevDeleted || rej[0].Line() != "Biaya sebesar Rp 500.000.000,00." {
		t.Errorf("reject view: %+v", rej[0].Runs)
	}
	// The Body is not changed by making views.
	if len(d.Body[0].Runs) != 4 || d.Body[0].Label != "" {
		t.Errorf("Body changed")
	}
}

func TestParagraphsJoinKeepsNextProperties(t *testing.T) {
	markDel := `<w:rPr><w:del w:id="4" w:author="Unmul"/></w:rPr>`
	body := `<w:p><w:pPr><w:pStyle w:val="A"/>` + markDel + `</w:pPr><w:commentRangeStart w:id="1"/>` + wr("satu ") + `<w:commentRangeEnd w:id="1"/></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="B"/><w:jc w:val="center"/></w:pPr>` + wr("dua") + `</w:p>` +
		// A deleted mark at the end of a cell does not join across the cell.
		`<w:tbl><w:tr><w:tc><w:p><w:pPr>` + markDel + `</w:pPr>` + wr("sel") + `</w:p></w:tc></w:tr></w:tbl>` +
		wp(wr("luar"))
	d := bodyDoc(t, body)
	ps := d.Paragraphs(Accept)
	if len(ps) != 3 || ps[0].Text(Accept) != "satu dua" || ps[0].Style != "B" || ps[0].Align != "center" || !reflect.DeepEqual(ps[0].Comments, []string{"1"}) {
		t.Fatalf("joined: %d paragraphs, %+v", len(ps), ps[0])
	}
	if ps[1].Line() != "sel" || ps[2].Line() != "luar" {
		t.Errorf("cell joined: %q %q", ps[1].Line(), ps[2].Line())
	}
	if len(d.Paragraphs(Reject)) != 4 {
		t.Errorf("reject joins nothing")
	}
}

func TestReadTables(t *testing.T) {
	tblPr := `<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>`
	tblGrid := `<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>`
	trPr := `<w:trPr><w:tblHeader/></w:trPr>`
	tcPr := `<w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>`
	nested := `<w:tbl><w:tblPr/><w:tr><w:tc>` + wp(wr("dalam")) + `</w:tc></w:tr></w:tbl>`
	body := wp(wr("Pasal 5")) +
		`<w:tbl>` + tblPr + tblGrid +
		`<w:tr>` + trPr + `<w:tc>` + tcPr + wp(wr("No")) + `</w:tc><w:tc>` + wp(wr("Kegiatan")) + `</w:tc></w:tr>` +
		`<w:tr><w:tc>` + wp(wr("1")) + `</w:tc><w:sdt><w:sdtContent><w:tc>` + wp(wr("(1) Analisis")) + nested + wp(wr("sesudah")) + `</w:tc></w:sdtContent></w:sdt></w:tr>` +
		`</w:tbl>` +
		wp(wr("(1) Ayat.")) +
		`<w:tbl><w:tr><w:tc>` + wp(wr("kedua")) + `</w:tc></w:tr></w:tbl>`
	d := bodyDoc(t, body)
	checkLines(t, d, Accept, "Pasal 5", "No", "Kegiatan", "1", "(1) Analisis", "dalam", "sesudah", "(1) Ayat.", "kedua")
	if len(d.Tables) != 2 {
		t.Fatalf("%d tables (nested ones are flattened)", len(d.Tables))
	}
	t0 := d.Tables[0]
	if string(t0.Props) != tblPr+tblGrid || len(t0.Rows) != 2 || string(t0.Rows[0].Props) != trPr || t0.Rows[1].Props != nil ||
		len(t0.Rows[0].Cells) != 2 || string(t0.Rows[0].Cells[0].Props) != tcPr || t0.Rows[0].Cells[1].Props != nil {
		t.Errorf("table 0: %+v", t0)
	}
	want := []*CellRef{nil, {0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {0, 1, 1}, {0, 1, 1}, nil, {1, 0, 0}}
	ps := d.Paragraphs(Accept)
	for i, p := range ps {
		if !reflect.DeepEqual(p.Table, want[i]) {
			t.Errorf("paragraph %d %q: cell %v, want %v", i, p.Line(), p.Table, want[i])
		}
	}
	// Table paragraphs are text, but carry their Pasal.
	if ps[4].Kind != KindText || ps[4].Pasal != 5 || ps[7].Kind != KindAyat {
		t.Errorf("kinds: %v %d %v", ps[4].Kind, ps[4].Pasal, ps[7].Kind)
	}
}

func TestReadComments(t *testing.T) {
	comments := xmlDecl + `<w:comments ` + nsDecls + `>` +
		`<w:comment w:id="1" w:author="ARNP Kota" w:initials="AK" w:date="2026-01-05T09:00:00Z">` +
		`<w:p w14:paraId="0A000001">` + wr("Mohon disesuaikan") + `</w:p><w:p w14:paraId="0A000002">` + wr("dengan pagu.") + `</w:p></w:comment>` +
		`<w:comment w:id="2" w:author="PPKSD Unmul" w:date="2026-01-06T14:30:00Z"><w:p w14:paraId="0B000001">` + wr("Setuju.") + `</w:p></w:comment>` +
		`<w:comment w:id="3" w:author="PPKSD Unmul"><w:p w14:paraId="0C000001">` + wr("Tanpa jangkar.") + `</w:p></w:comment>` +
		`</w:comments>`
	ext := xmlDecl + `<w15:commentsEx ` + nsDecls + `>` +
		`<w15:commentEx w15:paraId="0A000002" w15:done="0"/>` +
		`<w15:commentEx w15:paraId="0b000001" w15:paraIdParent="0A000002" w15:done="0"/>` +
		`</w15:commentsEx>`
	body := wp(wr("Biaya sebesar ")+`<w:commentRangeStart w:id="1"/><w:commentRangeStart w:id="2"/>`+wr("Rp 500")+`<w:del w:id="9" w:author="x"><w:r><w:delText>XX</w:delText></w:r></w:del>`+wr(".000")) +
		wp(wr("ayat berikut")+`<w:commentRangeEnd w:id="1"/><w:commentRangeEnd w:id="2"/>`+wr(" sisa")+`<w:r><w:commentReference w:id="1"/></w:r><w:r><w:commentReference w:id="2"/></w:r>`) +
		wp(wr("tanpa komentar")) +
		`<w:commentRangeStart w:id="3"/>` + wp(wr("Paragraf utuh")) + `<w:commentRangeEnd w:id="3"/>` + wp(wr("x")+`<w:r><w:commentReference w:id="3"/></w:r>`)
	d := bodyDoc(t, body, docPart{"word/comments.xml", comments}, docPart{"word/commentsExtended.xml", ext})
	want := []Comment{
		{ID: "1", Author: "ARNP Kota", Initials: "AK", Date: "2026-01-05T09:00:00Z", Text: "Mohon disesuaikan\ndengan pagu.", Anchor: "Rp 500.000 ayat berikut"},
		{ID: "2", Author: "PPKSD Unmul", Date: "2026-01-06T14:30:00Z", Text: "Setuju.", ParentID: "1", Anchor: "Rp 500.000 ayat berikut"},
		{ID: "3", Author: "PPKSD Unmul", Text: "Tanpa jangkar.", Anchor: "Paragraf utuh"},
	}
	if !reflect.DeepEqual(d.Comments, want) {
		t.Errorf("comments:\n got %+v\nwant %+v", d.Comments, want)
	}
	wantIDs := [][]string{{"1", "2"}, {"1", "2"}, nil, {"3"}, {"3"}}
	for i, p := range d.Body {
		if !reflect.DeepEqual(p.Comments, wantIDs[i]) {
			t.Errorf("paragraph %d comments %v, want %v", i, p.Comments, wantIDs[i])
		}
	}
}

func TestReadHeadersFootnotes(t *testing.T) {
	hdr := xmlDecl + `<w:hdr ` + nsDecls + `>` + wp(wr("KOP SURAT")) + `</w:hdr>`
	ftr := xmlDecl + `<w:ftr ` + nsDecls + `>` + wp(wr("Halaman ")+`<w:fldSimple w:instr="PAGE">`+wr("1")+`</w:fldSimple>`) + `</w:ftr>`
	notes := func(el string) string {
		return xmlDecl + `<w:` + el + `s ` + nsDecls + `>` +
			`<w:` + el + ` w:type="separator" w:id="-1">` + wp(`<w:r><w:separator/></w:r>`) + `</w:` + el + `>` +
			`<w:` + el + ` w:type="continuationSeparator" w:id="0">` + wp(`<w:r><w:continuationSeparator/></w:r>`) + `</w:` + el + `>` +
			`<w:` + el + ` w:id="1">` + wp(`<w:r><w:`+el+`Ref/></w:r>`+wr(" Catatan "+el)) + `</w:` + el + `>` +
			`</w:` + el + `s>`
	}
	d := bodyDoc(t, wp(wr("Isi")+`<w:r><w:footnoteReference w:id="1"/></w:r>`),
		docPart{"word/header1.xml", hdr}, docPart{"word/footer1.xml", ftr},
		docPart{"word/footnotes.xml", notes("footnote")}, docPart{"word/endnotes.xml", notes("endnote")})
	checkLines(t, d, Accept, "Isi")
	check := func(name string, ps []*Paragraph, part Part, want string) {
		t.Helper()
		if len(ps) != 1 || ps[0].Part != part || ps[0].Text(Accept) != want {
			var got []string
			for _, p := range ps {
				got = append(got, p.Text(Accept))
			}
			t.Errorf("%s: %q", name, got)
		}
	}
	check("headers", d.Headers, PartHeader, "KOP SURAT")
	check("footers", d.Footers, PartFooter, "Halaman 1")
	check("footnotes", d.Footnotes, PartFootnote, " Catatan footnote")
	check("endnotes", d.Endnotes, PartEndnote, " Catatan endnote")
}

func TestOpen(t *testing.T) {
	name := filepath.Join(t.TempDir(), "pks.docx")
	if err := os.WriteFile(name, testPackage(t, documentXML(wp(wr("Pasal 1")))), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != name || d.Text(Accept) != "Pasal 1\n" {
		t.Errorf("Open: %q %q", d.Name, d.Text(Accept))
	}
	if _, err := Open(name + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// oleFile returns the start of an OLE compound file whose directory holds
// the given stream names.
func oleFile(streams ...string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	for _, s := range streams {
		b = append(b, utf16le(s)...)
		b = append(b, make([]byte, 128-2*len(s))...)
	}
	return b
}

func TestReadRefusals(t *testing.T) {
	good := documentXML(wp(wr("Pasal 1")))
	withCT := func(ct string) []byte {
		return zipParts(t, docPart{"[Content_Types].xml", strings.Replace(contentTypes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", ct, 1)},
			docPart{"_rels/.rels", packageRels("word/document.xml")}, docPart{"word/document.xml", good})
	}
	truncated := testPackage(t, good)
	truncated = truncated[:len(truncated)/2]
	cases := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", nil, ErrNotDocx},
		{"text", []byte("Pasal 1\nPara pihak"), ErrNotDocx},
		{"pdf", []byte("%PDF-1.7\n..."), ErrNotDocx},
		{"legacy doc", oleFile("Root Entry", "WordDocument", "1Table"), ErrLegacyDoc},
		{"encrypted", oleFile("Root Entry", "EncryptionInfo", "EncryptedPackage"), ErrEncrypted},
		{"macro content type", withCT(ctMacroDocument), ErrMacroEnabled},
		{"macro template", withCT(ctMacroTemplate), ErrMacroEnabled},
		{"vba project", testPackage(t, good, docPart{"word/vbaProject.bin", "\xD0\xCF\x11\xE0"}), ErrMacroEnabled},
		{"no officeDocument", zipParts(t, docPart{"[Content_Types].xml", contentTypes}, docPart{"word/document.xml", good}), ErrDamaged},
		{"opendocument", zipParts(t, docPart{"mimetype", "application/vnd.oasis.opendocument.text"}, docPart{"content.xml", "<office:document-content/>"}), ErrDamaged},
		{"missing main part", zipParts(t, docPart{"[Content_Types].xml", contentTypes}, docPart{"_rels/.rels", packageRels("word/document.xml")}), ErrDamaged},
		{"syntax error", testPackage(t, strings.Replace(good, "</w:body>", "</w:bodi>", 1)), ErrDamaged},
		{"unclosed", testPackage(t, strings.TrimSuffix(good, "</w:body></w:document>")), ErrDamaged},
		{"unknown entity", testPackage(t, strings.Replace(good, "Pasal 1", "Pasal &nbsp;1", 1)), ErrDamaged},
		{"bad styles", testPackage(t, good, docPart{"word/styles.xml", "<w:styles " + nsDecls + "><w:style>"}), ErrDamaged},
		{"not a document", testPackage(t, xmlDecl+`<w:styles `+nsDecls+`/>`), ErrDamaged},
		{"spreadsheet", testPackage(t, xmlDecl+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`), ErrDamaged},
		{"truncated zip", truncated, ErrDamaged},
		{"bad crc", badCRC(t, good), ErrDamaged},
		{"doctype", testPackage(t, strings.Replace(good, xmlDecl, xmlDecl+`<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>`, 1)), ErrExternalEntity},
		{"entity in styles", testPackage(t, good, docPart{"word/styles.xml", xmlDecl + `<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><w:styles ` + nsDecls + `/>`}), ErrExternalEntity},
		{"doctype in unparsed part", testPackage(t, good, docPart{"customXml/item1.xml", `<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><x/>`}), ErrExternalEntity},
		{"duplicate part", zipParts(t, docPart{"_rels/.rels", packageRels("word/document.xml")}, docPart{"word/document.xml", good}, docPart{"word/document.xml", good}), ErrDamaged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Read(bytes.NewReader(c.file), int64(len(c.file)))
			if !errors.Is(err, c.want) {
				t.Fatalf("Read = %v, %v; want %v", d, err, c.want)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, c.want.Error()) || msg == c.want.Error() {
				t.Errorf("message %q: want the sentinel's text and a detail, on one line", msg)
			}
			t.Log(err)
		})
	}
}

// badCRC returns a package whose main part fails its checksum.
func badCRC(tb testing.TB, doc string) []byte {
	b := testPackage(tb, doc)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			off, _ := f.DataOffset()
			raw := bytes.Clone(b)
			// Store the same bytes under another CRC: rewrite the central
			// directory's CRC field by searching for the original value.
			crc := binary.LittleEndian.AppendUint32(nil, f.CRC32)
			i := bytes.LastIndex(raw, crc)
			raw[i] ^= 0xFF
			_ = off
			return raw
		}
	}
	tb.Fatal("no main part")
	return nil
}

func TestReadLimits(t *testing.T) {
	good := documentXML(wp(wr("Pasal 1")))
	big := documentXML(wp(wr(strings.Repeat("Pasal 1 ", 300_000)))) // 2.4 MB, compresses ~1000:1
	random := make([]byte, 3<<20)
	for i := range random {
		random[i] = byte(crc32.ChecksumIEEE([]byte{byte(i), byte(i >> 8), byte(i >> 16)}))
	}
	cases := []struct {
		name   string
		limits Limits
		file   []byte
		want   error
	}{
		{"entries", Limits{MaxEntries: 4}, testPackage(t, good, docPart{"a.xml", "<a/>"}), ErrTooLarge},
		{"part size", Limits{MaxPartSize: 1000}, testPackage(t, good, docPart{"word/media/x.bin", strings.Repeat("x", 1001)}), ErrTooLarge},
		{"total size", Limits{MaxTotalSize: 3000}, testPackage(t, good, docPart{"word/media/x.bin", strings.Repeat("x", 2000)}), ErrTooLarge},
		{"ratio", Limits{}, testPackage(t, big), ErrTooLarge},
		{"ratio not below 1 MiB", Limits{}, testPackage(t, good, docPart{"word/media/x.bin", strings.Repeat("x", 1<<20)}), nil},
		{"incompressible", Limits{}, testPackage(t, good, docPart{"word/media/x.bin", string(random)}), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.limits.Read(bytes.NewReader(c.file), int64(len(c.file)))
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
		})
	}
}

// zeroBomb returns a deflate stream of n MiB of zeros, built by repeating
// one compressed MiB (a sync flush leaves it byte-aligned), so that the
// test does not spend time compressing gigabytes.
func zeroBomb(tb testing.TB, mib int) []byte {
	var one bytes.Buffer
	fw, _ := flate.NewWriter(&one, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	chunk := bytes.Clone(one.Bytes())
	out := make([]byte, 0, len(chunk)*mib+8)
	for range mib {
		out = append(out, chunk...)
	}
	return append(out, 0x03, 0x00) // an empty final block
}

// bombPackage is a package whose media docPart is the stream, with the given
// uncompressed size claimed in the zip headers.
func bombPackage(tb testing.TB, stream []byte, claimed uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []docPart{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", packageRels("word/document.xml")}, {"word/document.xml", documentXML(wp(wr("x")))}} {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.data))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/media/zeros.bin", Method: zip.Deflate, CompressedSize64: uint64(len(stream)), UncompressedSize64: claimed})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(stream)
	zw.Close()
	return buf.Bytes()
}

func TestReadZipBomb(t *testing.T) {
	gib10 := zeroBomb(t, 10<<10) // 10 GiB of zeros in ~10 MB
	mib100 := zeroBomb(t, 100)
	for _, c := range []struct {
		name    string
		stream  []byte
		claimed uint64
		want    error
	}{
		{"10 GiB, truthful header", gib10, 10 << 30, ErrTooLarge},
		{"10 GiB, header claiming 60 MiB", gib10, 60 << 20, ErrTooLarge},
		{"10 GiB, header claiming 1 KiB", gib10, 1 << 10, ErrTooLarge},
		{"100 MiB claimed, ratio over 200:1", mib100, 100 << 20, ErrTooLarge},
		{"100 MiB, header claiming 50 MiB", mib100, 50 << 20, ErrTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bombPackage(t, c.stream, c.claimed)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Read(bytes.NewReader(b), int64(len(b)))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 || elapsed > 5*time.Second {
				t.Errorf("refusal cost %d MB and %v", alloc>>20, elapsed)
			}
			t.Logf("%v in %v", err, elapsed)
		})
	}
}

func TestReadManyEntries(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []docPart{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", packageRels("word/document.xml")}, {"word/document.xml", documentXML(wp(wr("x")))}} {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.data))
	}
	for i := range 100_000 {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("x/%d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	b := buf.Bytes()
	start := time.Now()
	_, err := Read(bytes.NewReader(b), int64(len(b)))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err %v", err)
	}
	if e := time.Since(start); e > time.Second {
		t.Errorf("took %v", e)
	}
	// The count in the end record may lie (it is 16 bits): the headers are
	// counted.
	lie := bytes.Clone(b)
	eocd := bytes.LastIndex(lie, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint16(lie[eocd+8:], 3)
	binary.LittleEndian.PutUint16(lie[eocd+10:], 3)
	if _, err := Read(bytes.NewReader(lie), int64(len(lie))); !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrDamaged) {
		t.Fatalf("lying count: %v", err)
	}
}

// BenchmarkReadHuge reads the 16,000-paragraph fixture and makes its
// accepted view. It reports the heap in use after each read (the process's
// peak resident size is measured outside, with /usr/bin/time -v).
func BenchmarkReadHuge(b *testing.B) {
	name := filepath.Join("..", "testdata", "drafting", "huge.docx")
	data, err := os.ReadFile(name)
	if err != nil {
		b.Skipf("fixture missing: %v", err)
	}
	b.ReportAllocs()
	var most uint64
	for b.Loop() {
		d, err := Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		if n := len(d.Paragraphs(Accept)); n < 16000 {
			b.Fatalf("%d paragraphs", n)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		most = max(most, ms.HeapInuse)
	}
	b.ReportMetric(float64(most)/(1<<20), "heap-inuse-MB")
}

// fixtureDocs lists the readable fixtures of testdata/drafting.
var fixtureDocs = []string{
	"pks-v1", "pks-v2", "pks-numbered-v1", "pks-numbered-v2", "pks-lo-v1", "pks-lo-v2",
	"big-v1", "big-v2", "huge", "tracked", "comments", "tables",
	"strict", "prefixed", "default-ns", "bom", "moved-main", "split-runs",
}

// fixtureLines is the body text of a view as the expected texts of the
// fixtures are written (testdata/drafting/README.md): one line per
// paragraph with spaces collapsed, blank lines left out.
func fixtureLines(d *Document, c Changes) []string {
	var out []string
	for _, p := range d.Paragraphs(c) {
		if l := strings.Join(strings.Fields(p.Line()), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestFixtures(t *testing.T) {
	dir := testtool.Testdata(t, "drafting")
	for _, name := range fixtureDocs {
		t.Run(name, func(t *testing.T) {
			d, err := Open(filepath.Join(dir, name+".docx"))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range []Changes{Accept, Reject} {
				want, err := os.ReadFile(filepath.Join(dir, name+"."+c.String()+".txt"))
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				n++
				diffLines(t, fixtureLines(d, c), normalisedLines(string(want)))
			}
			if n == 0 {
				t.Fatalf("no expected text for %s", name)
			}
		})
	}
}

// TestFixtureTextBox checks that the text box of split-runs.docx, given
// both as DrawingML and as VML, is read once, as a paragraph of its own.
func TestFixtureTextBox(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "split-runs.docx"))
	if err != nil {
		t.Fatal(err)
	}
	var boxes []string
	for _, p := range d.Paragraphs(Accept) {
		if p.TextBox {
			boxes = append(boxes, p.Line())
		}
	}
	if len(boxes) != 1 || boxes[0] != "DRAF – TIDAK UNTUK DIEDARKAN" {
		t.Errorf("text boxes %q", boxes)
	}
}

func TestFixtureRefusals(t *testing.T) {
	for name, want := range map[string]error{
		"notzip.docx":         ErrNotDocx,
		"legacy.doc":          ErrLegacyDoc,
		"legacy-as-docx.docx": ErrLegacyDoc,
		"encrypted.docx":      ErrEncrypted,
		"macro.docm":          ErrMacroEnabled,
		"nomain.docx":         ErrDamaged,
		"badxml.docx":         ErrDamaged,
		"truncated.docx":      ErrDamaged,
		"entity.docx":         ErrExternalEntity,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Open(testtool.Testdata(t, "drafting", name))
			if !errors.Is(err, want) {
				t.Fatalf("err %v, want %v", err, want)
			}
			if strings.Contains(err.Error(), name) || strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q names the file or spans lines", err)
			}
		})
	}
}

// pandocWords are the words of a text for comparing with pandoc: list
// markers ("1.", "a.", "(2)", "•") and table rules dropped, punctuation
// trimmed from each word.
func pandocWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if isListMarker(w) {
			continue
		}
		w = strings.TrimFunc(w, func(c rune) bool { return unicode.IsPunct(c) || unicode.IsSymbol(c) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

var reListMarker = regexp.MustCompile(`^(\(?[0-9]{1,4}[.)]|\(?[a-zA-Z]{1,3}[.)]|\([0-9a-z]{1,4}\)|[-+|=:•]+)$`)

func isListMarker(w string) bool { return reListMarker.MatchString(w) }

// TestFixturesPandoc reads the fixtures with pandoc as an independent reader
// and compares the words of the body, both views.
func TestFixturesPandoc(t *testing.T) {
	pandoc := testtool.Require(t, "pandoc")
	dir := testtool.Testdata(t, "drafting")
	for _, name := range fixtureDocs {
		switch name {
		case "strict", "prefixed":
			continue // pandoc 2.17 cannot read these
		case "split-runs":
			continue // pandoc drops its text box and fldSimple result (README.md)
		case "huge":
			if testing.Short() {
				continue // pandoc takes 5 s over it
			}
		}
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name+".docx")
			d, err := Open(file)
			if err != nil {
				t.Fatal(err)
			}
			views := []Changes{Accept}
			if name == "tracked" {
				views = append(views, Reject)
			}
			for _, c := range views {
				out, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", "--track-changes="+c.String(), file).Output()
				if err != nil {
					t.Fatalf("pandoc: %v", err)
				}
				var ours strings.Builder
				for _, p := range d.Paragraphs(c) {
					// Labels are left out: pandoc writes its own list
					// markers for numbered paragraphs.
					ours.WriteString(p.Text(c) + "\n")
				}
				got, want := pandocWords(ours.String()), pandocWords(string(out))
				for i := 0; i < len(got) || i < len(want); i++ {
					if i >= len(got) || i >= len(want) || got[i] != want[i] {
						lo := max(0, i-5)
						t.Fatalf("%s: words differ at %d:\n ours   %q\n pandoc %q", c, i, got[lo:min(len(got), i+6)], want[lo:min(len(want), i+6)])
					}
				}
			}
		})
	}
}

// pathologicalCases are documents made to cost more than their size.
func pathologicalCases() []struct {
	name string
	body string
	want error
} {
	markDel := `<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>` + wr("kata ") + `</w:p>`
	nested := func(open, close string, n int) string {
		return strings.Repeat(open, n) + wr("x") + strings.Repeat(close, n)
	}
	cases := []struct {
		name string
		body string
		want error
	}{
		// 100,000 paragraphs joined into one on accept.
		{"joined paragraphs", strings.Repeat(markDel, 100_000) + wwp("akhir"), nil},
		// 20,000 comment ranges that never end, then 20,000 paragraphs.
		{"open comment ranges", strings.Repeat(`<w:commentRangeStart w:id="1"/>`, 1) + strings.Repeat(`<w:commentRangeStart w:id="x"/>`, 20_000) + strings.Repeat(wwp("a"), 20_000), nil},
		// 2,000 ranges each spanning 2,000 paragraphs: 4 million marks.
		{"long comment ranges", commentRanges(2000), ErrTooLarge},
		// 20,000 references to comments in one paragraph.
		{"many references", wp(strings.Repeat(`<w:r><w:commentReference w:id="7"/></w:r>`, 20_000)), nil},
		// Markup compatibility nested 900 deep.
		{"nested alternatives", wp(nested(`<mc:AlternateContent><mc:Choice Requires="w14">`, `</mc:Choice></mc:AlternateContent>`, 450)), ErrTooLarge},
		// 20,000 alternatives inside one alternative.
		{"many alternatives", wp(`<mc:AlternateContent><mc:Choice Requires="w14">` + strings.Repeat(`<mc:AlternateContent><mc:Choice Requires="w14">`+wr("y")+`</mc:Choice></mc:AlternateContent>`, 20_000) + `</mc:Choice></mc:AlternateContent>`), nil},
		// Nesting beyond the reader's depth limit.
		{"deep nesting", wp(nested(`<w:hyperlink>`, `</w:hyperlink>`, 5000)), ErrTooLarge},
		// 50,000 fields begun and never ended.
		{"open fields", wp(strings.Repeat(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`, 50_000) + wr("x")), nil},
	}
	return cases
}

// readPathological reads one case with the ratio limit lifted (repetitive
// XML compresses far beyond the default) and both views of its text.
func readPathological(b []byte) error {
	d, err := Limits{MaxRatio: 1 << 20}.Read(bytes.NewReader(b), int64(len(b)))
	if d != nil {
		d.Text(Accept)
		d.Text(Reject)
	}
	return err
}

// TestReadPathological reads each pathological document: it must be read or
// refused as expected, and never hang (a quadratic reader would take
// minutes; BenchmarkReadPathological measures the real cost, about 0.1 to
// 1 s a case on a quiet 2-core machine).
func TestReadPathological(t *testing.T) {
	for _, c := range pathologicalCases() {
		t.Run(c.name, func(t *testing.T) {
			b := testPackage(t, documentXML(c.body))
			start := time.Now()
			err := readPathological(b)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if e := time.Since(start); e > time.Minute {
				t.Errorf("took %v", e)
			}
		})
	}
}

// BenchmarkReadPathological measures the cost of each pathological case.
func BenchmarkReadPathological(b *testing.B) {
	for _, c := range pathologicalCases() {
		b.Run(c.name, func(b *testing.B) {
			data := testPackage(b, documentXML(c.body))
			for b.Loop() {
				readPathological(data)
			}
		})
	}
}

// wwp is a paragraph of one run.
func wwp(text string) string { return wp(wr(text)) }

// commentRanges returns n comment ranges that all span the same n
// paragraphs.
func commentRanges(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<w:commentRangeStart w:id="%d"/>`, i)
	}
	b.WriteString(strings.Repeat(wwp("a"), n))
	for i := range n {
		fmt.Fprintf(&b, `<w:commentRangeEnd w:id="%d"/>`, i)
	}
	return b.String()
}

// TestFixtureComments checks comments.docx against its description in
// testdata/drafting/README.md.
func TestFixtureComments(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "comments.docx"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, author, date, parent, text, anchor string }{
		{"1", "ARNP Kota", "2026-01-05T09:00:00Z", "", "Mohon disesuaikan dengan pagu anggaran tahun 2026.", "Rp 500.000.000,00 (lima ratus juta rupiah)"},
		{"3", "PPKSD Unmul", "2026-01-06T14:30:00Z", "1", "Setuju, akan disesuaikan menjadi Rp 750.000.000,00.", "Rp 500.000.000,00 (lima ratus juta rupiah)"},
		{"2", "PPKSD Unmul", "2026-01-06T14:30:00Z", "", "Tahapan pembayaran perlu dirinci dalam lampiran.", "Pembayaran dilakukan secara bertahap"},
		{"4", "ARNP Kota", "2026-01-05T10:15:00Z", "", "Apakah tidak terlalu sering? Usul 6 (enam) bulan.", "setiap 3 (tiga) bulan"},
	}
	if len(d.Comments) != len(want) {
		t.Fatalf("%d comments", len(d.Comments))
	}
	for i, w := range want {
		c := d.Comments[i]
		if c.ID != w.id || c.Author != w.author || c.Date != w.date || c.ParentID != w.parent || c.Text != w.text || !strings.HasPrefix(c.Anchor, w.anchor) {
			t.Errorf("comment %d: %+v", i, c)
		}
	}
	if a := d.Comments[2].Anchor; !strings.HasSuffix(a, "yang lengkap dan benar.") || !strings.Contains(a, " (3) ") {
		t.Errorf("two-paragraph anchor %q", a)
	}
	// The paragraphs the ranges touch, by Pasal and ayat.
	got := map[string][]string{}
	for _, p := range d.Paragraphs(Accept) {
		for _, id := range p.Comments {
			got[id] = append(got[id], fmt.Sprintf("%d(%d)", p.Pasal, p.Ayat))
		}
	}
	wantAt := map[string][]string{"1": {"7(1)"}, "3": {"7(1)"}, "2": {"7(2)", "7(3)"}, "4": {"8(1)"}}
	if !reflect.DeepEqual(got, wantAt) {
		t.Errorf("comment places %v, want %v", got, wantAt)
	}
}

// TestFixtureTracked checks the revisions of tracked.docx against its
// description in testdata/drafting/README.md.
func TestFixtureTracked(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "tracked.docx"))
	if err != nil {
		t.Fatal(err)
	}
	const a, b = "ARNP Kota", "PPKSD Unmul"
	var got []string
	for _, p := range d.Body {
		if p.Mark != RevNone {
			got = append(got, fmt.Sprintf("mark %d %s", p.Mark, p.MarkAuthor))
		}
		for _, r := range p.Runs {
			if r.Rev != RevNone {
				got = append(got, fmt.Sprintf("%d %s %s", r.Rev, r.Author, r.Text))
			}
		}
	}
	want := []string{
		"2 " + a + " Rp 500.000.000,00 (lima ratus juta rupiah)",
		"1 " + a + " Rp 750.000.000,00 (tujuh ratus lima puluh juta rupiah)",
		"2 " + a + " secara bertahap ",
		"2 " + b + " 30 (tiga puluh) hari",
		"1 " + b + " 14 (empat belas) hari kerja",
		"1 " + b + "  dan benar",
		"mark 1 " + b,
		"1 " + b + " (4) Pembayaran dilakukan melalui pemindahbukuan ke rekening resmi PIHAK KEDUA.",
		"2 " + b + "  dan Sekretariat Daerah",
		"2 " + a + " 3 (tiga)",
		"1 " + a + " 6 (enam)",
		"1 " + b + "  serta kendala yang dihadapi",
		"mark 2 " + a,
		"2 " + a + " (3) Laporan keuangan disampaikan setiap akhir tahun anggaran kepada Inspektorat Daerah.",
		"mark 4 " + a,
		"4 " + a + " Lampiran Perjanjian Kerja Sama ini merupakan bagian yang tidak terpisahkan dari Perjanjian Kerja Sama ini.",
		"mark 3 " + a,
		"3 " + a + " Lampiran Perjanjian Kerja Sama ini merupakan bagian yang tidak terpisahkan dari Perjanjian Kerja Sama ini.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("revisions:\n got %q\nwant %q", got, want)
	}
	for _, p := range d.Body {
		for _, r := range p.Runs {
			if r.Rev != RevNone && r.Date != map[string]string{a: "2026-01-05T09:00:00Z", b: "2026-01-06T14:30:00Z"}[r.Author] {
				t.Errorf("date %q for %s", r.Date, r.Author)
			}
		}
	}
}

// TestFixtureTables checks the tables of tables.docx: two tables, the
// merged cells of the second as the README describes them.
func TestFixtureTables(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "tables.docx"))
	if err != nil {
		t.Fatal(err)
	}
	var cells [][]int
	for _, tb := range d.Tables {
		var row []int
		for _, r := range tb.Rows {
			row = append(row, len(r.Cells))
		}
		cells = append(cells, row)
		if !bytes.Contains(tb.Props, []byte("<w:tblGrid>")) && !bytes.Contains(tb.Props, []byte("<w:tblGrid ")) {
			t.Errorf("table props without the grid: %q", tb.Props)
		}
	}
	if want := [][]int{{4, 4, 4, 4, 4}, {4, 1, 4, 4, 4, 2}}; !reflect.DeepEqual(cells, want) {
		t.Errorf("cells per row %v, want %v", cells, want)
	}
	if span := d.Tables[1].Rows[1].Cells[0].Props; !bytes.Contains(span, []byte(`w:gridSpan w:val="4"`)) {
		t.Errorf("gridSpan cell props %q", span)
	}
}
