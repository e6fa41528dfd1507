package drafting

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v      int
		format string
		want   string
	}{
		{1, "decimal", "1"},
		{12, "", "12"},
		{0, "decimal", "0"},
		{-3, "decimal", "-3"},
		{1, "lowerLetter", "a"},
		{26, "lowerLetter", "z"},
		{27, "lowerLetter", "aa"},
		{28, "lowerLetter", "bb"},
		{53, "lowerLetter", "aaa"},
		{3, "upperLetter", "C"},
		{0, "lowerLetter", "0"},
		{100000, "lowerLetter", "100000"},
		{4, "upperRoman", "IV"},
		{1994, "upperRoman", "MCMXCIV"},
		{9, "lowerRoman", "ix"},
		{0, "upperRoman", "0"},
		{4000, "upperRoman", "4000"},
		{7, "decimalZero", "07"},
		{12, "decimalZero", "12"},
		{5, "none", ""},
		{3, "decimalEnclosedParen", "(3)"},
		{2, "decimalEnclosedCircle", "②"},
		{5, "ordinal", "5"},
		{5, "chineseCounting", "5"},
	}
	for _, c := range cases {
		if got := formatNumber(c.v, c.format); got != c.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", c.v, c.format, got, c.want)
		}
	}
	for text, want := range map[string]string{"\uF0B7": "•", "-": "-", "": "", "o": "o", "\u25AA": "\u25AA"} {
		if got := bulletLabel(text); got != want {
			t.Errorf("bulletLabel(%q) = %q, want %q", text, got, want)
		}
	}
}

// lvl writes a w:lvl.
func lvl(ilvl, start int, format, text, extra string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/>%s</w:lvl>`, ilvl, start, format, text, extra)
}

// num writes a w:num.
func num(id, abstract int, overrides string) string {
	return fmt.Sprintf(`<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>`, id, abstract, overrides)
}

// np writes a list paragraph.
func np(numID, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s</w:p>`, ilvl, numID, wr(text))
}

// sp writes a paragraph of a style.
func sp(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>` + wr(text) + `</w:p>`
}

func numberingTestPart(content string) docPart {
	return docPart{"word/numbering.xml", xmlDecl + `<w:numbering ` + nsDecls + `>` + content + `</w:numbering>`}
}

func stylesTestPart(content string) docPart {
	return docPart{"word/styles.xml", xmlDecl + `<w:styles ` + nsDecls + `>` + content + `</w:styles>`}
}

// labels returns the label and text of each paragraph of the view.
func labels(d *Document, c Changes) []string {
	var out []string
	for _, p := range d.Paragraphs(c) {
		out = append(out, p.Line())
	}
	return out
}

func TestNumberingLabels(t *testing.T) {
	legal := `<w:abstractNum w:abstractNumId="0">` +
		lvl(0, 1, "decimal", "Pasal %1", `<w:suff w:val="nothing"/>`) +
		lvl(1, 1, "decimal", "(%2)", "") +
		lvl(2, 1, "lowerLetter", "%3.", "") +
		lvl(3, 1, "decimal", "%4.", "") +
		`</w:abstractNum>`
	never := `<w:abstractNum w:abstractNumId="1">` + lvl(0, 1, "decimal", "%1.", "") + lvl(1, 1, "lowerLetter", "%2)", `<w:lvlRestart w:val="0"/>`) + `</w:abstractNum>`
	lgl := `<w:abstractNum w:abstractNumId="2">` + lvl(0, 1, "upperRoman", "%1.", "") + lvl(1, 1, "decimal", "%1.%2", `<w:isLgl/>`) + lvl(2, 1, "decimal", "%1.%2.%3", "") + `</w:abstractNum>`
	bullets := `<w:abstractNum w:abstractNumId="3">` + lvl(0, 1, "bullet", "\uF0B7", `<w:rPr><w:rFonts w:ascii="Symbol"/></w:rPr>`) + lvl(1, 1, "bullet", "-", "") + lvl(2, 1, "none", "", "") + `</w:abstractNum>`
	// Word 2010 writes custom formats in mc:AlternateContent.
	custom := `<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>`
	nums := num(1, 0, "") + num(2, 0, "") +
		num(3, 0, `<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>`) +
		num(4, 1, "") + num(5, 2, "") + num(6, 3, "") + num(7, 4, "") +
		num(8, 0, `<w:lvlOverride w:ilvl="0">`+lvl(0, 1, "upperRoman", "BAB %1", "")+`</w:lvlOverride>`) +
		num(9, 0, `<w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride>`)
	body := np(1, 0, "") + np(1, 1, "Satu.") + np(1, 1, "Dua:") + np(1, 2, "huruf") + np(1, 2, "huruf") + np(1, 3, "angka") + np(1, 2, "huruf") + np(1, 1, "Tiga.") +
		np(1, 0, "") + np(1, 1, "Satu lagi:") + np(1, 2, "huruf") +
		// Another w:num of the same definition continues it.
		np(2, 0, "") +
		// A w:num with a startOverride restarts at its first use only...
		np(3, 0, "") + np(3, 1, "ayat") + np(3, 0, "") +
		// ...and the other instances continue from there.
		np(1, 0, "") +
		// Level 1 restarted at 5 by the override of num 9.
		np(9, 1, "lima") + np(9, 1, "enam") +
		np(4, 0, "") + np(4, 1, "") + np(4, 1, "") + np(4, 0, "") + np(4, 1, "") +
		np(5, 0, "") + np(5, 1, "") + np(5, 2, "") + np(5, 1, "") +
		np(6, 0, "butir") + np(6, 1, "sub") + np(6, 2, "tanpa") +
		np(7, 0, "") + np(7, 0, "") +
		np(8, 0, "") + np(8, 0, "") +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>` + wr("numId 0") + `</w:p>` +
		np(99, 0, "tidak ada") + np(1, 9, "level 9")
	d := bodyDoc(t, body, numberingTestPart(legal+never+lgl+bullets+custom+nums))
	want := []string{
		"Pasal 1", "(1) Satu.", "(2) Dua:", "a. huruf", "b. huruf", "1. angka", "c. huruf", "(3) Tiga.",
		"Pasal 2", "(1) Satu lagi:", "a. huruf",
		"Pasal 3",
		"Pasal 1", "(1) ayat", "Pasal 2",
		"Pasal 3",
		"(5) lima", "(6) enam",
		"1.", "a)", "b)", "2.", "c)",
		"I.", "1.1", "I.1.1", "1.2",
		"• butir", "- sub", "tanpa",
		"01", "02",
		"BAB I", "BAB II",
		"numId 0", "tidak ada", "level 9",
	}
	if got := labels(d, Accept); !reflect.DeepEqual(got, want) {
		t.Errorf("labels:\n got %q\nwant %q", got, want)
	}
}

func TestNumberingFromStyles(t *testing.T) {
	abstract := `<w:abstractNum w:abstractNumId="0">` +
		lvl(0, 1, "decimal", "Pasal %1", `<w:pStyle w:val="PasalJudul"/>`) +
		lvl(1, 1, "decimal", "(%2)", `<w:pStyle w:val="Ayat"/>`) +
		`</w:abstractNum>` +
		// A definition that only links to a numbering style.
		`<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="DaftarPKS"/></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="2"><w:styleLink w:val="DaftarPKS"/>` + lvl(0, 1, "upperRoman", "BAB %1", "") + `</w:abstractNum>`
	nums := num(1, 0, "") + num(20, 2, "") + num(21, 1, "")
	styles := `<w:style w:type="paragraph" w:styleId="PasalJudul"><w:name w:val="Pasal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:jc w:val="center"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Ayat"><w:name w:val="Ayat"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="AyatKhusus"><w:name w:val="Ayat Khusus"/><w:basedOn w:val="Ayat"/></w:style>` +
		`<w:style w:type="numbering" w:styleId="DaftarPKS"><w:name w:val="Daftar PKS"/><w:pPr><w:numPr><w:numId w:val="20"/></w:numPr></w:pPr></w:style>`
	body := sp("PasalJudul", "") + sp("Ayat", "Satu.") + sp("AyatKhusus", "Dua.") +
		// Direct numId 0 removes the style's numbering.
		`<w:p><w:pPr><w:pStyle w:val="Ayat"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>` + wr("Tanpa nomor.") + `</w:p>` +
		sp("PasalJudul", "") +
		np(21, 0, "") + np(21, 0, "")
	d := bodyDoc(t, body, numberingTestPart(abstract+nums), stylesTestPart(styles))
	want := []string{"Pasal 1", "(1) Satu.", "(2) Dua.", "Tanpa nomor.", "Pasal 2", "BAB I", "BAB II"}
	if got := labels(d, Accept); !reflect.DeepEqual(got, want) {
		t.Errorf("labels:\n got %q\nwant %q", got, want)
	}
	if p := d.Body[0]; p.NumID != 1 || p.Level != 0 || p.Align != "center" {
		t.Errorf("style numbering: numId %d level %d align %q", p.NumID, p.Level, p.Align)
	}
	if p := d.Body[2]; p.NumID != 1 || p.Level != 1 {
		t.Errorf("basedOn numbering: numId %d level %d", p.NumID, p.Level)
	}
	if p := d.Body[3]; p.NumID != 0 {
		t.Errorf("numId 0: %d", p.NumID)
	}
}

func TestNumberingCountsTheView(t *testing.T) {
	markIns := `<w:rPr><w:ins w:id="1" w:author="Kota"/></w:rPr>`
	pasal := func(ins bool, title string) string {
		mark, run := "", wr(title)
		if ins {
			mark = markIns
			run = `<w:ins w:id="2" w:author="Kota">` + wr(title) + `</w:ins>`
		}
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>` + mark + `</w:pPr></w:p>` +
			`<w:p><w:pPr>` + mark + `</w:pPr>` + run + `</w:p>`
	}
	abstract := `<w:abstractNum w:abstractNumId="0">` + lvl(0, 1, "decimal", "Pasal %1", "") + `</w:abstractNum>` + num(1, 0, "")
	body := pasal(false, "RUANG LINGKUP") + pasal(true, "PEMBIAYAAN") + pasal(false, "PELAPORAN")
	d := bodyDoc(t, body, numberingTestPart(abstract))
	checkLines(t, d, Accept, "Pasal 1", "RUANG LINGKUP", "Pasal 2", "PEMBIAYAAN", "Pasal 3", "PELAPORAN")
	checkLines(t, d, Reject, "Pasal 1", "RUANG LINGKUP", "Pasal 2", "PELAPORAN")
	rej := d.Paragraphs(Reject)
	if rej[2].Kind != KindPasal || rej[2].Pasal != 2 || rej[3].Pasal != 2 {
		t.Errorf("reject view structure: %v %d", rej[2].Kind, rej[2].Pasal)
	}
}

// normalisedLines splits a text into lines with spaces collapsed, as the
// expected texts of the fixtures are written.
func normalisedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimPrefix(s, "\uFEFF"), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestNumberingAgainstLibreOffice compares the labels of the numbered PKS
// with LibreOffice's own rendering of the same files (NAME.lo.txt, made by
// soffice --convert-to txt).
func TestNumberingAgainstLibreOffice(t *testing.T) {
	for _, name := range []string{"pks-numbered-v1", "pks-numbered-v2"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(testtool.Testdata(t, "drafting", name+".lo.txt"))
			if err != nil {
				t.Fatal(err)
			}
			d, err := Open(testtool.Testdata(t, "drafting", name+".docx"))
			if err != nil {
				t.Fatal(err)
			}
			diffLines(t, normalisedLines(d.Text(Accept)), normalisedLines(string(want)))
		})
	}
}

// diffLines reports the first lines where got and want differ.
func diffLines(t *testing.T, got, want []string) {
	t.Helper()
	n := 0
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
			if n++; n == 5 {
				t.Fatalf("and more (%d lines, want %d)", len(got), len(want))
			}
		}
	}
}
