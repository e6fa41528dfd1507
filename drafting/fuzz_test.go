package drafting

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzBodies are body contents that exercise each path of the reader.
var fuzzBodies = []string{
	wp(wr("Pasal 1")) + wp(wr("(1) Ayat.")) + wp(wr("a. huruf")) + wp(wr("1. angka")) + wp(wr("BAB II")),
	wp(wr("Sebelum ")+textBox("DRAF")+wr("sesudah")) + wp(`<mc:AlternateContent><mc:Choice Requires="w14">`+wr("x")+`</mc:Choice><mc:Fallback>`+wr("y")+`</mc:Fallback></mc:AlternateContent>`),
	wp(`<w:del w:id="1" w:author="A"><w:r><w:delText>lama</w:delText></w:r></w:del><w:ins w:id="2" w:author="B">`+wr("baru")+`</w:ins>`) +
		`<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr>` + wr("gabung") + `</w:p>` + wp(wr("x")) +
		wp(`<w:moveFrom w:id="4">`+wr("a")+`</w:moveFrom><w:moveTo w:id="5">`+wr("b")+`</w:moveTo>`),
	`<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:trPr/><w:tc><w:tcPr/>` + wp(wr("sel")) + `<w:tbl><w:tr><w:tc>` + wp(wr("dalam")) + `</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
	wp(wr("a") + `<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>REF x</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>hasil</w:t><w:fldChar w:fldCharType="end"/></w:r>` + `<w:fldSimple w:instr="PAGE">` + wr("1") + `</w:fldSimple>`),
	`<w:sdt><w:sdtContent>` + wp(`<w:smartTag>`+wr("s")+`</w:smartTag><w:hyperlink>`+wr("h")+`</w:hyperlink><w:customXml>`+wr("c")+`</w:customXml>`) + `</w:sdtContent></w:sdt>`,
	`<w:commentRangeStart w:id="1"/>` + wp(wr("dikomentari")+`<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>`),
	np(1, 0, "") + np(1, 1, "satu") + np(1, 2, "huruf") + np(2, 0, "") + sp("Ayat", "gaya"),
}

var fuzzNumbering = `<w:abstractNum w:abstractNumId="0">` + lvl(0, 1, "decimal", "Pasal %1", "") + lvl(1, 1, "decimal", "(%2)", "") + lvl(2, 1, "lowerLetter", "%3.", "") + `</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="L"/></w:abstractNum>` +
	num(1, 0, "") + num(2, 1, `<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>`)

var fuzzStyles = `<w:style w:type="paragraph" w:styleId="Ayat"><w:name w:val="Ayat"/><w:basedOn w:val="Ayat"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="numbering" w:styleId="L"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>`

var fuzzComments = xmlDecl + `<w:comments ` + nsDecls + `><w:comment w:id="1" w:author="A"><w:p w14:paraId="01">` + wr("komentar") + `</w:p></w:comment></w:comments>`

// storedPackage writes parts uncompressed and without checksums (a CRC of 0
// is not checked), so that the fuzzer's changes to the XML reach the parser.
func storedPackage(tb testing.TB, parts ...docPart) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store, CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(p.data))})
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(p.data))
	}
	zw.Close()
	return buf.Bytes()
}

// wordParts is a package around a main part, with numbering, styles and
// comments.
func wordParts(document string) []docPart {
	rels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>` +
		`</Relationships>`
	return []docPart{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels("word/document.xml")},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", rels},
		numberingTestPart(fuzzNumbering),
		stylesTestPart(fuzzStyles),
		{"word/comments.xml", fuzzComments},
	}
}

// checkRead reads data and checks what must hold of any input: an error
// wraps one of the sentinels on one line, a document gives its views, and
// neither takes long (the fuzzer has no time limit of its own: a hang would
// only show as a stalled exec count).
func checkRead(t *testing.T, data []byte) {
	done := make(chan struct{})
	timer := time.AfterFunc(20*time.Second, func() {
		select {
		case <-done:
		default:
			panic(fmt.Sprintf("reading %d bytes took over 20 s: %q", len(data), data))
		}
	})
	defer func() { close(done); timer.Stop() }()
	checkDocument(t, data)
}

func checkDocument(t *testing.T, data []byte) {
	l := Limits{MaxEntries: 200, MaxPartSize: 4 << 20, MaxTotalSize: 16 << 20, MaxRatio: 200}
	d, err := l.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		known := false
		for _, s := range []error{ErrNotDocx, ErrLegacyDoc, ErrEncrypted, ErrMacroEnabled, ErrDamaged, ErrTooLarge, ErrExternalEntity} {
			known = known || errors.Is(err, s)
		}
		if !known || strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %q: not a sentinel, or not one line", err)
		}
		return
	}
	for _, c := range []Changes{Accept, Reject} {
		text := d.Text(c)
		if text != "" && !strings.HasSuffix(text, "\n") {
			t.Fatalf("Text(%s) does not end in a newline", c)
		}
		ps := d.Paragraphs(c)
		for _, p := range ps {
			if p.Pasal < 0 || p.Ayat < 0 || strings.Contains(p.Line(), "\n") {
				t.Fatalf("paragraph %+v", p)
			}
		}
		if strings.Count(text, "\n") > len(ps) {
			t.Fatalf("%d lines from %d paragraphs", strings.Count(text, "\n"), len(ps))
		}
	}
	for _, c := range d.TrackedChanges() {
		if c.Paragraph < 0 || c.Paragraph >= len(d.Body) || c.Pasal < 0 || c.Ayat < 0 {
			t.Fatalf("tracked change %+v of %d paragraphs", c, len(d.Body))
		}
	}
	listed := 0
	var walk func(ts []CommentThread, depth int)
	walk = func(ts []CommentThread, depth int) {
		for _, c := range ts {
			listed++
			if c.Paragraph < -1 || c.Paragraph >= len(d.Body) || depth > maxReplyDepth {
				t.Fatalf("comment %+v at depth %d of %d paragraphs", c, depth, len(d.Body))
			}
			walk(c.Replies, depth+1)
		}
	}
	walk(d.CommentThreads(), 0)
	if listed != len(d.Comments) {
		t.Fatalf("%d comments in threads, %d read", listed, len(d.Comments))
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "drafting", "*.doc*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 100<<10 {
			f.Add(b)
		}
	}
	for _, body := range fuzzBodies {
		f.Add(testPackage(f, documentXML(body)))
		f.Add(storedPackage(f, wordParts(documentXML(body))...))
	}
	f.Add(oleFile("EncryptedPackage"))
	f.Fuzz(checkRead)
}

// FuzzReadDocumentXML fuzzes the main part inside a valid package, where
// the checksums of a zip do not stand in the way.
func FuzzReadDocumentXML(f *testing.F) {
	for _, body := range fuzzBodies {
		f.Add(documentXML(body))
	}
	f.Fuzz(func(t *testing.T, document string) {
		checkRead(t, storedPackage(t, wordParts(document)...))
	})
}
