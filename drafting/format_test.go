package drafting

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// rp writes a run with the given run properties (the inside of w:rPr).
func rp(props, text string) string {
	return `<w:r><w:rPr>` + props + `</w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// pp writes a paragraph with the given paragraph properties (the inside of
// w:pPr).
func pp(props, content string) string {
	return `<w:p><w:pPr>` + props + `</w:pPr>` + content + `</w:p>`
}

// runFormats returns "text=format" for every run of the paragraphs.
func runFormats(ps []*Paragraph) []string {
	var out []string
	for _, p := range ps {
		for _, r := range p.Runs {
			out = append(out, r.Text+"="+r.Format.String())
		}
	}
	return out
}

// formatStyles are styles exercising each source of run formatting.
var formatStyles = `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial"/><w:u w:val="single"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:u w:val="none"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Tebal"><w:name w:val="Tebal"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Judul"><w:name w:val="Judul"/><w:basedOn w:val="Tebal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i w:val="true"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Garis"><w:name w:val="Garis"/><w:rPr><w:u w:val="double"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>` +
	`<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:basedOn w:val="Emph"/><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Emph"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Polos"><w:name w:val="Polos"/><w:rPr><w:b w:val="off"/><w:i w:val="0"/></w:rPr></w:style>`

func TestRunFormat(t *testing.T) {
	cases := []struct {
		name, body string
		styles     bool
		want       []string
	}{
		{"direct", wp(rp(`<w:b/>`, "b") + rp(`<w:i/>`, "i") + rp(`<w:u w:val="single"/>`, "u") + rp(`<w:u/>`, "u2") +
			rp(`<w:b w:val="1"/><w:i w:val="on"/><w:u w:val="dotted"/>`, "biu") + rp(`<w:bCs/><w:iCs/>`, "cs") + wr("plain")),
			false, []string{"b=bold", "i=italic", "u=underline", "u2=underline", "biu=bold+italic+underline", "cs=plain", "plain=plain"}},
		{"direct off", wp(rp(`<w:b w:val="0"/><w:i w:val="false"/><w:u w:val="none"/>`, "off")), false, []string{"off=plain"}},
		// The default paragraph style Normal turns off the underline of the
		// document defaults; a paragraph without a style gets Normal.
		{"defaults under Normal", wp(wr("normal")), true, []string{"normal=plain"}},
		{"docDefaults", pp(`<w:pStyle w:val="Garis"/>`, wr("garis")), true, []string{"garis=underline"}},
		{"paragraph style", pp(`<w:pStyle w:val="Tebal"/>`, wr("tebal")), true, []string{"tebal=bold"}},
		{"paragraph style basedOn", pp(`<w:pStyle w:val="Judul"/>`, wr("judul")), true, []string{"judul=bold+italic"}},
		{"direct off over style", pp(`<w:pStyle w:val="Judul"/>`, rp(`<w:b w:val="0"/>`, "miring")+rp(`<w:i w:val="off"/><w:u w:val="wave"/>`, "tebal")), true,
			[]string{"miring=italic", "tebal=bold+underline"}},
		{"u none over style", pp(`<w:pStyle w:val="Garis"/>`, rp(`<w:u w:val="none"/>`, "polos")), true, []string{"polos=plain"}},
		{"character style", wp(rp(`<w:rStyle w:val="Strong"/>`, "kuat") + rp(`<w:rStyle w:val="Emph"/>`, "tekan")), true,
			[]string{"kuat=bold+italic", "tekan=italic"}},
		{"character style over paragraph style", pp(`<w:pStyle w:val="Judul"/>`, rp(`<w:rStyle w:val="Polos"/>`, "polos")), true, []string{"polos=plain"}},
		{"direct over character style", wp(rp(`<w:rStyle w:val="Strong"/><w:b w:val="0"/>`, "x")), true, []string{"x=italic"}},
		{"paragraph mark rPr is not the runs'", pp(`<w:rPr><w:b/></w:rPr>`, wr("x")), true, []string{"x=plain"}},
		{"unknown style falls back to Normal", pp(`<w:pStyle w:val="Hilang"/>`, rp(`<w:rStyle w:val="Hilang"/>`, "x")), true, []string{"x=plain"}},
		{"basedOn loop", pp(`<w:pStyle w:val="Loop"/>`, wr("x")), true, []string{"x=underline"}},
		{"table cell", `<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc>` +
			pp(`<w:pStyle w:val="Tebal"/>`, wr("sel")+rp(`<w:i/>`, "miring")) + `</w:tc></w:tr></w:tbl>`, true,
			[]string{"sel=bold", "miring=bold+italic"}},
		{"text box", wp(wr("a") + textBox("kotak")), false, []string{"a=plain", "kotak=plain"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var extra []docPart
			if c.styles {
				extra = append(extra, stylesTestPart(formatStyles))
			}
			d := bodyDoc(t, c.body, extra...)
			if got := runFormats(d.Body); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Body runs:\n got %q\nwant %q", got, c.want)
			}
			if got := runFormats(d.Paragraphs(Accept)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Paragraphs(Accept) runs:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestRunFormatJoinedParagraphs joins a bold paragraph into a plain one by
// a deleted mark: their runs have the same (empty) properties but must not
// be merged, since their formats differ.
func TestRunFormatJoinedParagraphs(t *testing.T) {
	d := bodyDoc(t, `<w:p><w:pPr><w:pStyle w:val="Tebal"/><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>`+wr("tebal ")+`</w:p>`+
		wp(wr("biasa")), stylesTestPart(formatStyles))
	ps := d.Paragraphs(Accept)
	if len(ps) != 1 {
		t.Fatalf("%d paragraphs, want 1", len(ps))
	}
	if got, want := runFormats(ps), []string{"tebal =bold", "biasa=plain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
	// Reject keeps both paragraphs, each with its own format.
	if got, want := runFormats(d.Paragraphs(Reject)), []string{"tebal =bold", "biasa=plain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Reject runs %q, want %q", got, want)
	}
	// Runs of the same format still merge across the join.
	d = bodyDoc(t, `<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>`+wr("satu ")+`</w:p>`+wp(wr("dua")))
	if got, want := runFormats(d.Paragraphs(Accept)), []string{"satu dua=plain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
}

func TestRunFormatString(t *testing.T) {
	for f, want := range map[RunFormat]string{0: "plain", Bold: "bold", Italic | Underline: "italic+underline", Bold | Italic | Underline: "bold+italic+underline"} {
		if got := f.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", f, got, want)
		}
	}
	if f := Bold | Italic; !f.Has(Bold) || !f.Has(Bold|Italic) || f.Has(Underline) || f.Has(Bold|Underline) {
		t.Errorf("Has is wrong for %s", f)
	}
}

// pageBreakStyles give page breaks before paragraphs.
var pageBreakStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Bab"><w:name w:val="Bab"/><w:pPr><w:pageBreakBefore/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="SubBab"><w:name w:val="SubBab"/><w:basedOn w:val="Bab"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Lanjut"><w:name w:val="Lanjut"/><w:basedOn w:val="Bab"/><w:pPr><w:pageBreakBefore w:val="0"/></w:pPr></w:style>`

const pageBr = `<w:r><w:br w:type="page"/></w:r>`

func TestPageBreakBefore(t *testing.T) {
	cases := []struct {
		name, body string
		want       []bool // PageBreakBefore of each body paragraph
	}{
		{"none", wwp("a") + wwp("b"), []bool{false, false}},
		{"break run at start", wwp("a") + wp(pageBr+wr("b")) + wwp("c"), []bool{false, true, false}},
		{"break in the run before its text", wwp("a") + wp(`<w:r><w:br w:type="page"/><w:t>b</w:t></w:r>`), []bool{false, true}},
		{"break after blank text", wwp("a") + wp(wr(" ")+`<w:r><w:tab/><w:br w:type="page"/></w:r>`+wr("b")), []bool{false, true}},
		{"break alone in a paragraph", wwp("a") + wp(pageBr) + wwp("b"), []bool{false, true, false}},
		{"break mid-paragraph marks the next", wp(wr("a")+pageBr+wr("b")) + wwp("c") + wwp("d"), []bool{false, true, false}},
		{"break at the end of a run's text", wp(`<w:r><w:t>a</w:t><w:br w:type="page"/></w:r>`) + wwp("b"), []bool{false, true}},
		{"break at the end marks the next table paragraph", wp(wr("a")+pageBr) + `<w:tbl><w:tr><w:tc>` + wwp("sel") + `</w:tc></w:tr></w:tbl>`, []bool{false, true}},
		{"line and column breaks are not page breaks", wp(`<w:r><w:br/><w:br w:type="textWrapping"/><w:br w:type="column"/></w:r>`+wr("a")) + wwp("b"), []bool{false, false}},
		{"lastRenderedPageBreak ignored", wp(`<w:r><w:lastRenderedPageBreak/><w:t>a</w:t></w:r>`) + wp(wr("b")+`<w:r><w:lastRenderedPageBreak/><w:t>c</w:t></w:r>`) + wwp("d"), []bool{false, false, false}},
		{"direct pageBreakBefore", pp(`<w:pageBreakBefore/>`, wr("a")) + pp(`<w:pageBreakBefore w:val="1"/>`, wr("b")) + pp(`<w:pageBreakBefore w:val="false"/>`, wr("c")), []bool{true, true, false}},
		{"style pageBreakBefore", pp(`<w:pStyle w:val="Bab"/>`, wr("a")) + pp(`<w:pStyle w:val="SubBab"/>`, wr("b")) + wwp("c"), []bool{true, true, false}},
		{"style turned off", pp(`<w:pStyle w:val="Lanjut"/>`, wr("a")) + pp(`<w:pStyle w:val="Bab"/><w:pageBreakBefore w:val="0"/>`, wr("b")), []bool{false, false}},
		{"deleted break ignored", wwp("a") + wp(`<w:del w:id="1" w:author="A">`+pageBr+`</w:del>`+wr("b")), []bool{false, false}},
		{"inserted break counts", wwp("a") + wp(`<w:ins w:id="1" w:author="A">`+pageBr+`</w:ins>`+wr("b")), []bool{false, true}},
		{"break after deleted text is at the start", wwp("a") + wp(`<w:del w:id="1" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del>`+pageBr+wr("b")), []bool{false, true}},
		{"break in a field instruction ignored", wwp("a") + wp(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`+wr("b")), []bool{false, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := bodyDoc(t, c.body, stylesTestPart(pageBreakStyles))
			var got, view []bool
			for _, p := range d.Body {
				got = append(got, p.PageBreakBefore)
			}
			for _, p := range d.Paragraphs(Accept) {
				view = append(view, p.PageBreakBefore)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Body: got %v, want %v", got, c.want)
			}
			if !reflect.DeepEqual(view, c.want) {
				t.Errorf("Paragraphs(Accept): got %v, want %v", view, c.want)
			}
		})
	}
}

func TestPageBreakTextBox(t *testing.T) {
	box := `<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>` +
		wp(wr("x")+pageBr+wr("y")) + wp(pageBr+wr("z")) +
		`</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
	d := bodyDoc(t, wp(wr("a")+box+wr("b"))+wwp("c"))
	for _, p := range d.Body {
		if p.PageBreakBefore {
			t.Errorf("paragraph %q (text box %v) has PageBreakBefore", p.Text(Accept), p.TextBox)
		}
	}
	if len(d.Body) != 4 {
		t.Errorf("%d paragraphs, want 4", len(d.Body))
	}
}

func TestPageBreakHeader(t *testing.T) {
	hdr := docPart{"word/header1.xml", xmlDecl + `<w:hdr ` + nsDecls + `>` + wp(pageBr+wr("kepala")) + `</w:hdr>`}
	d := bodyDoc(t, wp(wr("a")+pageBr)+wwp("b"), hdr)
	if len(d.Headers) != 1 || d.Headers[0].PageBreakBefore {
		t.Errorf("header paragraphs %+v: want one without PageBreakBefore", d.Headers)
	}
	if d.Body[0].PageBreakBefore || !d.Body[1].PageBreakBefore {
		t.Errorf("body breaks %v %v, want false true", d.Body[0].PageBreakBefore, d.Body[1].PageBreakBefore)
	}
}

// TestPageBreakJoined: a paragraph joined into the next by a removed mark
// gives the joined paragraph its own PageBreakBefore.
func TestPageBreakJoined(t *testing.T) {
	delMark := `<w:rPr><w:del w:id="1" w:author="A"/></w:rPr>`
	d := bodyDoc(t, wwp("a")+pp(`<w:pageBreakBefore/>`+delMark, wr("b "))+wwp("c")+wwp("d")+pp(delMark, wr("e "))+pp(`<w:pageBreakBefore/>`, wr("f")))
	type para struct {
		Text  string
		Break bool
	}
	var got []para
	for _, p := range d.Paragraphs(Accept) {
		got = append(got, para{p.Text(Accept), p.PageBreakBefore})
	}
	want := []para{{"a", false}, {"b c", true}, {"d", false}, {"e f", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paragraphs(Accept):\n got %+v\nwant %+v", got, want)
	}
	got = got[:0]
	for _, p := range d.Paragraphs(Reject) {
		got = append(got, para{p.Text(Reject), p.PageBreakBefore})
	}
	want = []para{{"a", false}, {"b ", true}, {"c", false}, {"d", false}, {"e ", false}, {"f", true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paragraphs(Reject):\n got %+v\nwant %+v", got, want)
	}
}

// tableStyles are table styles with and without borders.
var tableStyles = `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
	`<w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>` +
	`<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>` +
	`<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="GridTurunan"><w:name w:val="Grid Turunan"/><w:basedOn w:val="TableGrid"/></w:style>` +
	`<w:style w:type="table" w:styleId="TanpaGaris"><w:name w:val="Tanpa Garis"/><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:insideH w:val="none"/></w:tblBorders></w:tblPr></w:style>`

// tableXML writes a one-row table with the given w:tblPr content and a
// plain grid of two columns.
func tableXML(tblPr string) string {
	return `<w:tbl><w:tblPr>` + tblPr + `</w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="5000"/></w:tblGrid>` +
		`<w:tr><w:tc>` + wwp("a") + `</w:tc><w:tc>` + wwp("b") + `</w:tc></w:tr></w:tbl>`
}

func TestTableGrid(t *testing.T) {
	body := `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>` +
		`<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="1in"/><w:gridCol/><w:gridCol w:w="x"/><w:gridCol w:w="3000"/>` +
		`<w:tblGridChange w:id="9"><w:tblGrid><w:gridCol w:w="777"/></w:tblGrid></w:tblGridChange></w:tblGrid>` +
		`<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>` + wwp("a") + `</w:tc>` +
		`<w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr>` + wwp("b") + `</w:tc>` +
		`<w:tc>` + wwp("c") + `</w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="0"/></w:tcPr>` + wwp("d") + `</w:tc>` +
		`<w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr>` +
		`<w:tbl><w:tblGrid><w:gridCol w:w="10"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="7"/></w:tcPr>` + wwp("dalam") + `</w:tc></w:tr></w:tbl>` +
		`</w:tc></w:tr></w:tbl>`
	d := bodyDoc(t, body)
	if len(d.Tables) != 1 {
		t.Fatalf("%d tables, want 1", len(d.Tables))
	}
	tbl := d.Tables[0]
	if want := []int{2000, 1440, 0, 0, 3000}; !reflect.DeepEqual(tbl.Grid, want) {
		t.Errorf("Grid %v, want %v", tbl.Grid, want)
	}
	var spans [][]int
	for _, r := range tbl.Rows {
		var row []int
		for _, c := range r.Cells {
			row = append(row, c.Span)
		}
		spans = append(spans, row)
	}
	if want := [][]int{{1, 3, 1}, {1, 4}}; !reflect.DeepEqual(spans, want) {
		t.Errorf("spans %v, want %v", spans, want)
	}
	// The raw properties are kept as before: tblPr then tblGrid, and tcPr.
	if p := string(tbl.Props); !strings.HasPrefix(p, "<w:tblPr><w:tblW") || !strings.HasSuffix(p, "</w:tblGridChange></w:tblGrid>") {
		t.Errorf("Props %q", p)
	}
	if p := string(tbl.Rows[0].Cells[1].Props); p != `<w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr>` {
		t.Errorf("cell Props %q", p)
	}
	if tbl.Rows[0].Cells[2].Props != nil {
		t.Errorf("cell without tcPr has Props %q", tbl.Rows[0].Cells[2].Props)
	}
	if got := d.Text(Accept); got != "a\nb\nc\nd\ndalam\n" {
		t.Errorf("text %q", got)
	}
}

func TestTableBorders(t *testing.T) {
	cases := []struct {
		name, tblPr string
		styles      bool
		want        bool
	}{
		{"no properties", ``, false, false},
		{"direct single", `<w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders>`, false, true},
		{"direct start (Strict name)", `<w:tblBorders><w:start w:val="double"/></w:tblBorders>`, false, true},
		{"direct all nil or none", `<w:tblBorders><w:top w:val="nil"/><w:left w:val="none"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`, false, false},
		{"cell margins are not borders", `<w:tblCellMar><w:top w:w="0" w:type="dxa"/></w:tblCellMar>`, false, false},
		{"style", `<w:tblStyle w:val="TableGrid"/>`, true, true},
		{"style basedOn", `<w:tblStyle w:val="GridTurunan"/>`, true, true},
		{"style without borders", `<w:tblStyle w:val="TanpaGaris"/>`, true, false},
		{"default table style", ``, true, false},
		{"unknown style", `<w:tblStyle w:val="Hilang"/>`, true, false},
		{"style without a styles part", `<w:tblStyle w:val="TableGrid"/>`, false, false},
		{"direct nil over every side of the style", `<w:tblStyle w:val="TableGrid"/><w:tblBorders><w:top w:val="nil"/><w:start w:val="nil"/><w:bottom w:val="nil"/><w:end w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`, true, false},
		{"direct nil over some sides of the style", `<w:tblStyle w:val="TableGrid"/><w:tblBorders><w:top w:val="nil"/></w:tblBorders>`, true, true},
		{"direct over a style without borders", `<w:tblStyle w:val="TanpaGaris"/><w:tblBorders><w:insideV w:val="single"/></w:tblBorders>`, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var extra []docPart
			if c.styles {
				extra = append(extra, stylesTestPart(tableStyles))
			}
			d := bodyDoc(t, tableXML(c.tblPr), extra...)
			if len(d.Tables) != 1 {
				t.Fatalf("%d tables", len(d.Tables))
			}
			if got := d.Tables[0].Borders; got != c.want {
				t.Errorf("Borders = %v, want %v", got, c.want)
			}
			if want := []int{4000, 5000}; !reflect.DeepEqual(d.Tables[0].Grid, want) {
				t.Errorf("Grid %v, want %v", d.Tables[0].Grid, want)
			}
		})
	}
}

// TestTableBordersDefaultStyle: a table naming no style takes the borders
// of the default table style.
func TestTableBordersDefaultStyle(t *testing.T) {
	styles := `<w:style w:type="table" w:styleId="Biasa"><w:name w:val="Biasa"/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="Bergaris"><w:name w:val="Bergaris"/><w:basedOn w:val="Biasa"/>` +
		`<w:tblPr><w:tblBorders><w:insideV w:val="dotted"/></w:tblBorders></w:tblPr></w:style>`
	d := bodyDoc(t, tableXML(``)+tableXML(`<w:tblStyle w:val="Biasa"/>`)+tableXML(`<w:tblBorders><w:insideV w:val="none"/></w:tblBorders>`), stylesTestPart(styles))
	var got []bool
	for _, tbl := range d.Tables {
		got = append(got, tbl.Borders)
	}
	if want := []bool{true, false, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("Borders %v, want %v", got, want)
	}
}

// TestRunFormatPandoc reads a document written by pandoc, an independent
// writer: its strong and emphasis spans must come out bold and italic.
func TestRunFormatPandoc(t *testing.T) {
	pandoc := testtool.Require(t, "pandoc")
	dir := t.TempDir()
	md, docx := filepath.Join(dir, "in.md"), filepath.Join(dir, "out.docx")
	if err := os.WriteFile(md, []byte("**tebal** *miring* biasa ***keduanya***\n\n# Judul\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pandoc, "-f", "markdown", "-t", "docx", "-o", docx, md).CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, out)
	}
	d, err := Open(docx)
	if err != nil {
		t.Fatal(err)
	}
	ps := d.Paragraphs(Accept)
	if len(ps) != 2 {
		t.Fatalf("%d paragraphs, want 2", len(ps))
	}
	// Words with their formats; spaces are runs of their own in pandoc's
	// output and may be merged with either neighbour.
	var got []string
	for _, r := range ps[0].Runs {
		for _, w := range strings.Fields(r.Text) {
			got = append(got, w+"="+r.Format.String())
		}
	}
	if want := []string{"tebal=bold", "miring=italic", "biasa=plain", "keduanya=bold+italic"}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
	// pandoc's Heading 1 style (basedOn Normal) is bold in its w:rPr: the
	// heading's run has no w:rPr of its own.
	if got, want := runFormats(ps[1:]), []string{"Judul=bold"}; !reflect.DeepEqual(got, want) {
		t.Errorf("heading runs %q, want %q", got, want)
	}
}
