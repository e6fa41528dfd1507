package signing_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat/internal/testtool"
	"github.com/sepakat/sepakat/signing"
)

// printTimeout is how long one Print may take before a test calls it an
// endless loop.
const printTimeout = 90 * time.Second

// printed is the outcome of one Print call.
type printed struct {
	pdf []byte
	res signing.Result
	err error
}

// tryPrint runs signing.Print in a goroutine, failing the test on a panic
// or when it does not return within printTimeout.
func tryPrint(tb testing.TB, doc *signing.Document, s signing.Settings, opt signing.Options, atts []signing.Attachment) printed {
	tb.Helper()
	type outcome struct {
		printed
		panicked string
	}
	ch := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				o.panicked = fmt.Sprintf("%v\n%s", p, debug.Stack())
			}
			ch <- o
		}()
		var buf bytes.Buffer
		o.res, o.err = signing.Print(&buf, doc, s, opt, atts)
		o.pdf = buf.Bytes()
	}()
	select {
	case o := <-ch:
		if o.panicked != "" {
			tb.Fatalf("Print panicked: %s", o.panicked)
		}
		return o.printed
	case <-time.After(printTimeout):
		tb.Fatalf("Print did not return within %v", printTimeout)
	}
	return printed{}
}

// mustPrint prints doc and fails the test on an error.
func mustPrint(tb testing.TB, doc *signing.Document, s signing.Settings, opt signing.Options, atts []signing.Attachment) ([]byte, signing.Result) {
	tb.Helper()
	p := tryPrint(tb, doc, s, opt, atts)
	if p.err != nil {
		tb.Fatalf("Print: %v", p.err)
	}
	if p.res.Pages < 1 || len(p.pdf) == 0 {
		tb.Fatalf("Print wrote %d bytes, result %+v", len(p.pdf), p.res)
	}
	return p.pdf, p.res
}

// writePDF stores pdf in a temporary file and returns its path.
func writePDF(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// run runs a poppler tool and returns its standard output.
func run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	prog := testtool.Require(tb, name)
	out, err := exec.Command(prog, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			tb.Fatalf("%s %v: %v: %s", name, args, err, ee.Stderr)
		}
		tb.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// pdfPages returns the page count pdfinfo reports.
func pdfPages(tb testing.TB, path string) int {
	tb.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(run(tb, "pdfinfo", path))
	if m == nil {
		tb.Fatalf("pdfinfo %s: no page count", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pageText returns the text of page i (from 1) as pdftotext extracts it.
func pageText(tb testing.TB, path string, i int, layout bool) string {
	tb.Helper()
	args := []string{"-f", strconv.Itoa(i), "-l", strconv.Itoa(i)}
	if layout {
		args = append(args, "-layout")
	}
	return run(tb, "pdftotext", append(args, path, "-")...)
}

// allText returns the text of every page.
func allText(tb testing.TB, path string) string {
	tb.Helper()
	return run(tb, "pdftotext", path, "-")
}

func para(role signing.Role, text string) signing.Block {
	return signing.Block{Para: &signing.Paragraph{Role: role, Spans: []signing.Span{{Text: text}}}}
}

// filler is a paragraph of body text with n words, numbered from first.
func filler(first, n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("w%05d", first+i)
	}
	return strings.Join(words, " ")
}

// bodyDoc is a document of n paragraphs of 40 numbered words each.
func bodyDoc(n int) *signing.Document {
	doc := &signing.Document{Title: "Uji"}
	for i := range n {
		doc.Blocks = append(doc.Blocks, para(signing.RoleBody, filler(i*40, 40)))
	}
	return doc
}

var twoParties = []signing.Party{
	{Heading: "PIHAK KESATU,", Position: "WALI KOTA YOGYAKARTA,", Name: "Hasto Wardoyo", NIP: "196801011990031001"},
	{Heading: "PIHAK KEDUA,", Position: "BUPATI SLEMAN,", Name: "Harda Kiswaya", NIP: "197002021995031002"},
}

// numberedWords returns the w00000-style tokens of text, in order.
func numberedWords(text string) []string {
	return regexp.MustCompile(`w\d{5}`).FindAllString(text, -1)
}

func TestParsePaper(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want signing.Paper
		ok   bool
	}{
		{"f4", signing.PaperF4, true},
		{"F4", signing.PaperF4, true},
		{" folio ", signing.PaperF4, true},
		{"a4", signing.PaperA4, true},
		{"A4", signing.PaperA4, true},
		{"", signing.Paper{}, false},
		{"a5", signing.Paper{}, false},
		{"letter", signing.Paper{}, false},
		{"f 4", signing.Paper{}, false},
	} {
		got, err := signing.ParsePaper(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParsePaper(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if !tc.ok && err == nil {
			t.Errorf("ParsePaper(%q) = %+v; want an error", tc.in, got)
		}
	}
	if signing.PaperF4.Width != 215 || signing.PaperF4.Height != 330 || signing.PaperA4.Width != 210 || signing.PaperA4.Height != 297 {
		t.Errorf("paper sizes: F4 %+v, A4 %+v", signing.PaperF4, signing.PaperA4)
	}
}

func TestParseMeterai(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want signing.Meterai
		ok   bool
	}{
		{"", signing.MeteraiNone, true},
		{"none", signing.MeteraiNone, true},
		{"kesatu", signing.MeteraiKesatu, true},
		{"First", signing.MeteraiKesatu, true},
		{"KEDUA", signing.MeteraiKedua, true},
		{"second", signing.MeteraiKedua, true},
		{" both ", signing.MeteraiBoth, true},
		{"semua", 0, false},
		{"ketiga", 0, false},
		{"1", 0, false},
	} {
		got, err := signing.ParseMeterai(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseMeterai(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if !tc.ok && err == nil {
			t.Errorf("ParseMeterai(%q) = %v; want an error", tc.in, got)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*signing.Settings)
		ok     bool
	}{
		{"default", func(*signing.Settings) {}, true},
		{"a4", func(s *signing.Settings) { s.Paper = signing.PaperA4 }, true},
		{"sans", func(s *signing.Settings) { s.Font = signing.FontSans }, true},
		{"smallest font", func(s *signing.Settings) { s.FontSize = 6 }, true},
		{"largest font", func(s *signing.Settings) { s.FontSize = 24 }, true},
		{"bottom 30", func(s *signing.Settings) { s.Margins.Bottom = 30 }, true},
		{"margins 5", func(s *signing.Settings) { s.Margins.Top, s.Margins.Left, s.Margins.Right = 5, 5, 5 }, true},
		{"bottom 29", func(s *signing.Settings) { s.Margins.Bottom = 29 }, false},
		{"top 4", func(s *signing.Settings) { s.Margins.Top = 4 }, false},
		{"left 4", func(s *signing.Settings) { s.Margins.Left = 4 }, false},
		{"right 0", func(s *signing.Settings) { s.Margins.Right = 0 }, false},
		{"negative top", func(s *signing.Settings) { s.Margins.Top = -10 }, false},
		{"wide margins", func(s *signing.Settings) { s.Margins.Left, s.Margins.Right = 70, 70 }, false},
		{"tall margins", func(s *signing.Settings) { s.Margins.Top, s.Margins.Bottom = 150, 90 }, false},
		{"no font", func(s *signing.Settings) { s.Font = "" }, false},
		{"mono font", func(s *signing.Settings) { s.Font = "mono" }, false},
		{"Serif capitalised", func(s *signing.Settings) { s.Font = "Serif" }, false},
		{"font 5", func(s *signing.Settings) { s.FontSize = 5 }, false},
		{"font 25", func(s *signing.Settings) { s.FontSize = 25 }, false},
		{"font 0", func(s *signing.Settings) { s.FontSize = 0 }, false},
		{"spacing 0.9", func(s *signing.Settings) { s.LineSpacing = 0.9 }, false},
		{"spacing 3.5", func(s *signing.Settings) { s.LineSpacing = 3.5 }, false},
		{"zero paper", func(s *signing.Settings) { s.Paper = signing.Paper{} }, false},
		{"narrow paper", func(s *signing.Settings) { s.Paper.Width = 99 }, false},
		{"NaN font size", func(s *signing.Settings) { s.FontSize = math.NaN() }, false},
		{"NaN paper width", func(s *signing.Settings) { s.Paper.Width = math.NaN() }, false},
		{"infinite paper height", func(s *signing.Settings) { s.Paper.Height = math.Inf(1) }, false},
		{"NaN line spacing", func(s *signing.Settings) { s.LineSpacing = math.NaN() }, false},
		{"NaN margin", func(s *signing.Settings) { s.Margins.Left = math.NaN() }, false},
	} {
		s := signing.DefaultSettings()
		tc.change(&s)
		err := s.Validate()
		if tc.ok && err != nil {
			t.Errorf("%s: Validate() = %v; want nil", tc.name, err)
		}
		if !tc.ok {
			if err == nil {
				t.Errorf("%s: Validate() = nil; want an error", tc.name)
				continue
			}
			// Print refuses the same settings and writes nothing.
			var buf bytes.Buffer
			if _, perr := signing.Print(&buf, bodyDoc(1), s, signing.Options{}, nil); perr == nil || buf.Len() > 0 {
				t.Errorf("%s: Print = %v with %d bytes; want the settings refused", tc.name, perr, buf.Len())
			}
		}
	}
}

func TestPrintPageSize(t *testing.T) {
	for _, tc := range []struct {
		paper signing.Paper
		want  string
	}{
		{signing.PaperF4, "Page size:       609.45 x 935.43 pts\n"},
		{signing.PaperA4, "Page size:       595.28 x 841.89 pts (A4)\n"},
	} {
		s := signing.DefaultSettings()
		s.Paper = tc.paper
		pdf, _ := mustPrint(t, bodyDoc(3), s, signing.Options{}, nil)
		info := run(t, "pdfinfo", writePDF(t, pdf))
		if !strings.Contains(info, tc.want) {
			t.Errorf("%s: want %q, pdfinfo says:\n%s", tc.paper.Name, tc.want, info)
		}
	}
}

func TestPrintPageNumbers(t *testing.T) {
	pdf, res := mustPrint(t, bodyDoc(60), signing.DefaultSettings(), signing.Options{}, nil)
	path := writePDF(t, pdf)
	n := pdfPages(t, path)
	if res.Pages < 3 || res.Pages != n || res.DocumentPages != n {
		t.Fatalf("Result %+v, pdfinfo %d pages; want the same count, at least 3", res, n)
	}
	for i := 1; i <= n; i++ {
		want := fmt.Sprintf("Halaman %d dari %d", i, n)
		if text := pageText(t, path, i, false); !strings.Contains(text, want) {
			t.Errorf("page %d lacks %q:\n%s", i, want, text)
		}
	}
	// Every word is printed exactly once, in order.
	got := numberedWords(allText(t, path))
	if want := numberedWords(filler(0, 60*40)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("words: got %d, want %d, or out of order", len(got), len(want))
	}
}

func TestPrintParafBoxes(t *testing.T) {
	kesatu, kedua := "Paraf PIHAK KESATU", "Paraf PIHAK KEDUA"
	withParties := func() *signing.Document {
		doc := bodyDoc(40)
		doc.Blocks = append(doc.Blocks, para(signing.RoleBody, "Demikian perjanjian ini dibuat."))
		doc.Closing = 1
		doc.Parties = twoParties
		return doc
	}
	t.Run("parties", func(t *testing.T) {
		pdf, res := mustPrint(t, withParties(), signing.DefaultSettings(), signing.Options{}, nil)
		path := writePDF(t, pdf)
		if res.Pages < 2 {
			t.Fatalf("want several pages, got %+v", res)
		}
		for i := 1; i <= res.Pages; i++ {
			text := pageText(t, path, i, false)
			has := strings.Contains(text, kesatu) && strings.Contains(text, kedua)
			hasAny := strings.Contains(text, "Paraf")
			if i < res.Pages && !has {
				t.Errorf("page %d lacks the paraf boxes:\n%s", i, text)
			}
			if i == res.Pages {
				if hasAny {
					t.Errorf("signature page %d has paraf boxes:\n%s", i, text)
				}
				for _, want := range []string{"Hasto Wardoyo", "Harda Kiswaya", "NIP. 196801011990031001", "NIP. 197002021995031002", "WALI KOTA YOGYAKARTA", "BUPATI SLEMAN", "Demikian perjanjian ini dibuat."} {
					if !strings.Contains(text, want) {
						t.Errorf("signature page lacks %q:\n%s", want, text)
					}
				}
			}
		}
	})
	t.Run("redline", func(t *testing.T) {
		pdf, res := mustPrint(t, withParties(), signing.DefaultSettings(), signing.Options{Redline: true}, nil)
		path := writePDF(t, pdf)
		text := allText(t, path)
		for _, no := range []string{"Paraf", "Hasto Wardoyo", "NIP."} {
			if strings.Contains(text, no) {
				t.Errorf("redline has %q", no)
			}
		}
		if pdfPages(t, path) != res.Pages {
			t.Errorf("pdfinfo disagrees with %+v", res)
		}
	})
	t.Run("no parties", func(t *testing.T) {
		pdf, res := mustPrint(t, bodyDoc(40), signing.DefaultSettings(), signing.Options{}, nil)
		path := writePDF(t, pdf)
		if res.Pages < 2 {
			t.Fatalf("want several pages, got %+v", res)
		}
		for i := 1; i <= res.Pages; i++ {
			text := pageText(t, path, i, false)
			if !strings.Contains(text, kesatu) || !strings.Contains(text, kedua) {
				t.Errorf("page %d lacks the paraf boxes:\n%s", i, text)
			}
		}
	})
	t.Run("nip omitted", func(t *testing.T) {
		doc := bodyDoc(1)
		doc.Parties = []signing.Party{{Heading: "PIHAK KESATU,", Name: "A"}, {Heading: "PIHAK KEDUA,", Name: "B"}}
		pdf, _ := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
		if text := allText(t, writePDF(t, pdf)); strings.Contains(text, "NIP") {
			t.Errorf("NIP printed without one:\n%s", text)
		}
	})
}

// footerLine reports whether a line of pdftotext -layout output belongs to
// the footer (page number, paraf boxes, final's details).
func footerLine(l string) bool {
	l = strings.TrimSpace(l)
	return l == "" || strings.Contains(l, "Halaman") || strings.Contains(l, "Paraf") ||
		strings.HasPrefix(l, "Nomor:") || strings.HasPrefix(l, "SHA-256")
}

// lastBodyLine returns the last line of a page above its footer.
func lastBodyLine(text string) string {
	last := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if l := sc.Text(); !footerLine(l) {
			last = strings.TrimSpace(l)
		}
	}
	return last
}

func TestPrintKeepWithNext(t *testing.T) {
	for _, tc := range []struct {
		name string
		tail []signing.Block
	}{
		{"heading, body", []signing.Block{para(signing.RoleHeading, "Pasal 7"), para(signing.RoleBody, filler(0, 120))}},
		{"heading, one-line body", []signing.Block{para(signing.RoleHeading, "Pasal 7"), para(signing.RoleBody, "Cukup jelas."), para(signing.RoleBody, filler(0, 60))}},
		{"heading, ayat", []signing.Block{para(signing.RoleHeading, "Pasal 7"), {Para: &signing.Paragraph{Role: signing.RoleAyat, Label: "(1)", Spans: []signing.Span{{Text: filler(0, 120)}}}}}},
		{"heading, table of one-line rows", []signing.Block{para(signing.RoleHeading, "Pasal 7"), {Table: &signing.Table{Borders: true, Rows: [][][]signing.Paragraph{{cellOf("a"), cellOf("b")}, {cellOf("c"), cellOf("d")}}}}}},
		{"heading, heading title, body", []signing.Block{para(signing.RoleHeading, "Pasal 7"), para(signing.RoleHeadingTitle, "KEWAJIBAN PARA PIHAK"), para(signing.RoleBody, filler(0, 120))}},
		{"heading, table with a tall first row", []signing.Block{para(signing.RoleHeading, "Pasal 7"), {Table: &signing.Table{Borders: true, Rows: [][][]signing.Paragraph{{cellOf(filler(0, 30)), cellOf(filler(30, 60))}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { keepWithNext(t, tc.tail) })
	}
}

// keepWithNext prints documents of more and more one-line paragraphs
// followed by tail, whose heading thus falls at every height near the foot
// of the first page, and checks that no page ends with a heading.
func keepWithNext(t *testing.T, tail []signing.Block) {
	tried := 0
	for k := 25; k <= 60; k++ {
		doc := &signing.Document{}
		for i := range k {
			doc.Blocks = append(doc.Blocks, para(signing.RoleBody, fmt.Sprintf("Baris pengisi %d.", i)))
		}
		doc.Blocks = append(doc.Blocks, tail...)
		pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
		path := writePDF(t, pdf)
		if res.Pages > 1 {
			tried++
		}
		seen := false
		for i := 1; i <= res.Pages; i++ {
			text := pageText(t, path, i, true)
			seen = seen || strings.Contains(text, "Pasal 7")
			if last := lastBodyLine(text); last == "Pasal 7" || last == "KEWAJIBAN PARA PIHAK" {
				t.Errorf("%d filler lines: page %d ends with the heading %q", k, i, last)
			}
		}
		if !seen {
			t.Errorf("%d filler lines: heading missing", k)
		}
	}
	if tried < 20 {
		t.Fatalf("only %d documents ran over a page; the test does not probe the page foot", tried)
	}
}

func TestPrintEmptyDocument(t *testing.T) {
	for _, doc := range []*signing.Document{
		{},
		{Closing: 5},
		{Parties: twoParties},
		{Closing: -1, Parties: twoParties},
		{Blocks: []signing.Block{{}}},
		{Blocks: []signing.Block{{Para: &signing.Paragraph{}}}},
		{Blocks: []signing.Block{{Table: &signing.Table{}}}},
	} {
		pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
		if res.Pages != 1 {
			t.Errorf("%+v: %d pages, want 1", doc, res.Pages)
		}
		if _, err := signing.ValidatePDF(bytes.NewReader(pdf), int64(len(pdf))); err != nil {
			t.Errorf("%+v: invalid PDF: %v", doc, err)
		}
	}
}

func TestPrintLongWord(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789"[i%36])
	}
	long := b.String()
	for _, p := range []*signing.Paragraph{
		{Role: signing.RoleBody, Spans: []signing.Span{{Text: long}}},
		{Role: signing.RoleAyat, Label: "(1)", Spans: []signing.Span{{Text: long, Bold: true}}},
		{Role: signing.RoleHeading, Spans: []signing.Span{{Text: long}}},
	} {
		pdf, res := mustPrint(t, &signing.Document{Blocks: []signing.Block{{Para: p}}}, signing.DefaultSettings(), signing.Options{}, nil)
		path := writePDF(t, pdf)
		var got strings.Builder
		for i := 1; i <= res.Pages; i++ {
			for _, l := range strings.Split(pageText(t, path, i, false), "\n") {
				l = strings.TrimSpace(l)
				if footerLine(l) || l == "(1)" {
					continue
				}
				got.WriteString(strings.TrimPrefix(l, "(1) "))
			}
		}
		if got.String() != long {
			t.Errorf("role %v: the cut word comes out as %d characters, want the 5000 in order", p.Role, len(got.String()))
		}
	}
}

func TestPrintTallCell(t *testing.T) {
	var cell []signing.Paragraph
	var want []string
	for i := range 400 {
		cell = append(cell, signing.Paragraph{Role: signing.RoleCell, Spans: []signing.Span{{Text: fmt.Sprintf("w%05d", i)}}})
		want = append(want, fmt.Sprintf("w%05d", i))
	}
	for _, borders := range []bool{false, true} {
		doc := &signing.Document{Blocks: []signing.Block{
			para(signing.RoleBody, "Sebelum tabel."),
			{Table: &signing.Table{Widths: []float64{1}, Rows: [][][]signing.Paragraph{{cell}}, Borders: borders}},
			para(signing.RoleBody, "Sesudah tabel."),
		}}
		pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
		path := writePDF(t, pdf)
		if res.Pages < 7 {
			t.Errorf("400 lines on %d pages; want them split over at least 7", res.Pages)
		}
		text := allText(t, path)
		if got := numberedWords(text); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("borders %v: %d cell lines out of 400, or out of order", borders, len(got))
		}
		if strings.Index(text, "Sebelum tabel.") > strings.Index(text, "w00000") || strings.Index(text, "Sesudah tabel.") < strings.Index(text, "w00399") {
			t.Errorf("borders %v: the table is not between its neighbours", borders)
		}
	}
}

func cellOf(text string) []signing.Paragraph {
	return []signing.Paragraph{{Role: signing.RoleCell, Spans: []signing.Span{{Text: text}}}}
}

func TestPrintTableShapes(t *testing.T) {
	rows := [][][]signing.Paragraph{
		{cellOf("w00000")},
		{cellOf("w00001"), cellOf("w00002")},
		{},
		{cellOf("w00003"), cellOf("w00004"), cellOf("w00005")},
		{cellOf("w00006"), cellOf("w00007"), cellOf("w00008"), cellOf("w00009"), cellOf("w00010")},
		{nil, cellOf("w00011")},
	}
	for _, tc := range []struct {
		name      string
		widths    []float64
		checkText bool
	}{
		{"three widths", []float64{1, 2, 3}, true},
		{"no widths", nil, true},
		{"zero widths", []float64{0, 0, 0}, true},
		{"negative width", []float64{-1, 2, 1}, false},
		{"all negative", []float64{-1, -2, -3}, true},
		{"infinite width", []float64{math.Inf(1), 1, 1}, false},
		{"NaN width", []float64{math.NaN(), 1, 1}, false},
	} {
		for _, borders := range []bool{false, true} {
			doc := &signing.Document{Blocks: []signing.Block{{Table: &signing.Table{Widths: tc.widths, Rows: rows, Borders: borders}}}}
			pdf, _ := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
			if _, err := signing.ValidatePDF(bytes.NewReader(pdf), int64(len(pdf))); err != nil {
				t.Errorf("%s: invalid PDF: %v", tc.name, err)
			}
			if !tc.checkText {
				continue
			}
			got := numberedWords(allText(t, writePDF(t, pdf)))
			if len(got) != 12 {
				t.Errorf("%s, borders %v: %d cells of 12 printed: %v", tc.name, borders, len(got), got)
			}
		}
	}
}

func TestPrintUnicode(t *testing.T) {
	const text = "± § “kutip” — en–dash em—dash"
	for _, font := range []signing.Font{signing.FontSerif, signing.FontSans} {
		s := signing.DefaultSettings()
		s.Font = font
		doc := &signing.Document{Blocks: []signing.Block{
			{Para: &signing.Paragraph{Role: signing.RoleBody, Align: signing.AlignLeft, Spans: []signing.Span{{Text: text}}}},
			{Para: &signing.Paragraph{Role: signing.RoleHeading, Spans: []signing.Span{{Text: text}}}},
		}}
		pdf, _ := mustPrint(t, doc, s, signing.Options{}, nil)
		lines := strings.Split(pageText(t, writePDF(t, pdf), 1, false), "\n")
		n := 0
		for _, l := range lines {
			if strings.TrimSpace(l) == text {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%s: %q printed %d times of 2; page text:\n%s", font, text, n, strings.Join(lines, "\n"))
		}
	}
}

// randomText returns n random words, some with Indonesian punctuation.
func randomText(r *rand.Rand, n int) string {
	vocab := []string{"PIHAK", "KESATU", "kerja", "sama", "daerah", "Pasal", "ayat", "(1)", "huruf", "a.", "§", "“kutip”", "—", "Rp10.000,00", "tanggung-jawab", "ÉÀÜ", "\t", "\n", "  "}
	words := make([]string, n)
	for i := range words {
		if r.IntN(50) == 0 {
			words[i] = strings.Repeat("x", r.IntN(400)+1)
			continue
		}
		words[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(words, " ")
}

func randomParagraph(r *rand.Rand) signing.Paragraph {
	p := signing.Paragraph{
		Role:            signing.Role(r.IntN(9)),
		Align:           signing.Align(r.IntN(5)),
		PageBreakBefore: r.IntN(15) == 0,
		Changed:         r.IntN(5) == 0,
	}
	if r.IntN(3) == 0 {
		p.Label = []string{"(1)", "a.", "1.", "(12)", "Pasal 1000"}[r.IntN(5)]
	}
	if r.IntN(6) == 0 {
		p.Indent = r.Float64()*300 - 50
	}
	if r.IntN(6) == 0 {
		p.Hanging = r.Float64() * 200
	}
	for range r.IntN(5) {
		p.Spans = append(p.Spans, signing.Span{
			Text:      randomText(r, r.IntN(80)),
			Bold:      r.IntN(2) == 0,
			Italic:    r.IntN(3) == 0,
			Underline: r.IntN(4) == 0,
			Change:    signing.Change(r.IntN(3)),
		})
	}
	return p
}

func randomDocument(r *rand.Rand) *signing.Document {
	doc := &signing.Document{Title: randomText(r, 3), Closing: r.IntN(4) - 1}
	for range r.IntN(40) {
		if r.IntN(6) > 0 {
			p := randomParagraph(r)
			doc.Blocks = append(doc.Blocks, signing.Block{Para: &p})
			continue
		}
		tb := &signing.Table{Borders: r.IntN(2) == 0, PageBreakBefore: r.IntN(10) == 0}
		for range r.IntN(5) {
			tb.Widths = append(tb.Widths, r.Float64()*10-1)
		}
		for range r.IntN(6) {
			var row [][]signing.Paragraph
			for range r.IntN(5) {
				var cell []signing.Paragraph
				for range r.IntN(4) {
					cell = append(cell, randomParagraph(r))
				}
				row = append(row, cell)
			}
			tb.Rows = append(tb.Rows, row)
		}
		doc.Blocks = append(doc.Blocks, signing.Block{Table: tb})
	}
	for i := range r.IntN(4) {
		doc.Parties = append(doc.Parties, signing.Party{
			Heading:  []string{"", "PIHAK KESATU,", "PIHAK KEDUA,", "PIHAK KETIGA,"}[r.IntN(4)],
			Position: randomText(r, r.IntN(8)),
			Name:     fmt.Sprintf("Nama %d", i),
			NIP:      []string{"", "196801011990031001"}[r.IntN(2)],
		})
	}
	return doc
}

func TestPrintRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	iterations := 200
	if testing.Short() {
		iterations = 40
	}
	for i := range iterations {
		doc := randomDocument(r)
		s := signing.DefaultSettings()
		if r.IntN(3) == 0 {
			s.Paper = signing.PaperA4
		}
		if r.IntN(3) == 0 {
			s.Font = signing.FontSans
		}
		s.FontSize = 6 + r.Float64()*18
		s.LineSpacing = 1 + r.Float64()*2
		s.Meterai = signing.Meterai(r.IntN(4))
		opt := signing.Options{Redline: r.IntN(4) == 0}
		if r.IntN(4) == 0 {
			opt.Number, opt.Hash = "000.1/2/3", strings.Repeat("ab", 32)
		}
		p := tryPrint(t, doc, s, opt, nil)
		if p.err != nil {
			t.Errorf("document %d: Print: %v", i, p.err)
			continue
		}
		if _, err := signing.ValidatePDF(bytes.NewReader(p.pdf), int64(len(p.pdf))); err != nil {
			t.Errorf("document %d: invalid PDF: %v", i, err)
		}
		if p.res.Pages < 1 || p.res.Pages != p.res.DocumentPages {
			t.Errorf("document %d: result %+v", i, p.res)
		}
	}
}

func TestPrintTextOrder(t *testing.T) {
	doc := &signing.Document{}
	next := 0
	for i := range 30 {
		n := 10 + (i*37)%90
		role := []signing.Role{signing.RoleBody, signing.RoleAyat, signing.RoleHuruf, signing.RoleBody, signing.RoleAngka}[i%5]
		p := &signing.Paragraph{Role: role, Spans: []signing.Span{{Text: filler(next, n/2)}, {Text: " " + filler(next+n/2, n-n/2), Bold: i%3 == 0}}}
		if role != signing.RoleBody {
			p.Label = fmt.Sprintf("(%d)", i)
		}
		doc.Blocks = append(doc.Blocks, signing.Block{Para: p})
		next += n
	}
	doc.Parties = twoParties
	pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
	if res.Pages < 2 {
		t.Fatalf("want several pages, got %+v", res)
	}
	var got []string
	for _, l := range strings.Split(allText(t, writePDF(t, pdf)), "\n") {
		if footerLine(l) || strings.Contains(l, "PIHAK") {
			continue
		}
		got = append(got, strings.Fields(l)...)
	}
	var words []string
	for _, w := range got {
		if !strings.HasPrefix(w, "(") {
			words = append(words, w)
		}
	}
	want := strings.Fields(filler(0, next))
	// The signature blocks follow the text.
	if len(words) < len(want) || strings.Join(words[:len(want)], " ") != strings.Join(want, " ") {
		t.Errorf("the words come out in another order or incomplete:\n%s", testtool.FirstLineDiff(strings.Join(want, "\n"), strings.Join(words, "\n")))
	}
}

func TestPrintQRCode(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	const url = "https://sepakat.example.go.id/verifikasi/0123456789abcdef?v=2"
	decode := func(opt signing.Options) (string, int) {
		pdf, _ := mustPrint(t, bodyDoc(2), signing.DefaultSettings(), opt, nil)
		dir := t.TempDir()
		run(t, "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", writePDF(t, pdf), filepath.Join(dir, "p"))
		out, err := exec.Command(zbarimg, "--raw", "-q", filepath.Join(dir, "p.png")).Output()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return string(out), ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	if out, code := decode(signing.Options{VerifyURL: url, Number: "000.1/2/3"}); code != 0 || strings.TrimSuffix(out, "\n") != url {
		t.Errorf("with VerifyURL: zbarimg exit %d, decoded %q; want %q", code, out, url)
	}
	if out, code := decode(signing.Options{Number: "000.1/2/3", Hash: strings.Repeat("0f", 32)}); code != 4 || out != "" {
		t.Errorf("without VerifyURL: zbarimg exit %d, decoded %q; want nothing found (exit 4)", code, out)
	}
}

func TestPrintFinalFooter(t *testing.T) {
	const number = "000.5.1/1234/KB/2026"
	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	doc := bodyDoc(40)
	doc.Parties = twoParties
	pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{Number: number, Hash: hash}, nil)
	path := writePDF(t, pdf)
	if res.Pages < 2 {
		t.Fatalf("want several pages, got %+v", res)
	}
	for i := 1; i <= res.Pages; i++ {
		text := pageText(t, path, i, false)
		if !strings.Contains(text, number) || !strings.Contains(text, hash[:16]) {
			t.Errorf("page %d lacks the number or short hash:\n%s", i, text)
		}
		if strings.Contains(text, hash[:17]) {
			t.Errorf("page %d shows more than 16 characters of the hash", i)
		}
	}
	// A document that is not a final has no such footer.
	pdf, _ = mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
	if text := allText(t, writePDF(t, pdf)); strings.Contains(text, "SHA-256") || strings.Contains(text, "Nomor:") {
		t.Errorf("a non-final has the final's footer")
	}
}

// watermarkGrey counts the pixels of page i rendered in the DRAFT
// watermark's grey (215), without anti-aliasing so that text edges do not
// make that grey.
func watermarkGrey(t *testing.T, pdf []byte, page int) (grey, total int) {
	t.Helper()
	dir := t.TempDir()
	p := strconv.Itoa(page)
	run(t, "pdftoppm", "-r", "30", "-gray", "-aa", "no", "-aaVector", "no", "-f", p, "-l", p, "-singlefile", writePDF(t, pdf), filepath.Join(dir, "p"))
	data, err := os.ReadFile(filepath.Join(dir, "p.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	var w, h, maxval int
	var magic string
	n, err := fmt.Sscan(string(data), &magic, &w, &h, &maxval)
	if err != nil || n != 4 || magic != "P5" || maxval != 255 {
		t.Fatalf("not a binary PGM: %q", data[:min(len(data), 20)])
	}
	pix := data[len(data)-w*h:]
	for _, v := range pix {
		if v >= 212 && v <= 218 {
			grey++
		}
	}
	return grey, w * h
}

func TestPrintDraftWatermark(t *testing.T) {
	doc := bodyDoc(40)
	doc.Parties = twoParties
	draft, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{Draft: true}, nil)
	plain, plainRes := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{}, nil)
	if res != plainRes {
		t.Errorf("draft %+v, plain %+v: the watermark changed the pagination", res, plainRes)
	}
	if n := pdfPages(t, writePDF(t, draft)); n != res.Pages {
		t.Errorf("draft has %d pages, result says %d", n, res.Pages)
	}
	for i := 1; i <= res.Pages; i++ {
		g, total := watermarkGrey(t, draft, i)
		pg, _ := watermarkGrey(t, plain, i)
		if g < total/50 || pg > total/500 {
			t.Errorf("page %d: %d watermark-grey pixels in the draft, %d in the plain print, of %d", i, g, pg, total)
		}
	}
	// The watermark is under the text, which stays extractable.
	if text := allText(t, writePDF(t, draft)); !strings.Contains(text, "w00000") || !strings.Contains(text, "Hasto Wardoyo") {
		t.Errorf("draft text lost")
	}
}

func TestPrintAttachments(t *testing.T) {
	open := func(name string) signing.Attachment {
		data, err := os.ReadFile(testtool.Testdata(t, "print", name))
		if err != nil {
			t.Fatal(err)
		}
		return signing.Attachment{Name: name, R: bytes.NewReader(data)}
	}
	for _, draft := range []bool{false, true} {
		doc := bodyDoc(30)
		doc.Parties = twoParties
		pdf, res := mustPrint(t, doc, signing.DefaultSettings(), signing.Options{Draft: draft}, []signing.Attachment{open("lampiran-1.pdf"), open("lampiran-2.pdf")})
		path := writePDF(t, pdf)
		if res.DocumentPages < 2 || res.Pages != res.DocumentPages+3 {
			t.Fatalf("draft %v: result %+v; want 3 pages more than the document's", draft, res)
		}
		if n := pdfPages(t, path); n != res.Pages {
			t.Errorf("draft %v: pdfinfo %d pages, result %+v", draft, n, res)
		}
		for i := 1; i <= res.Pages; i++ {
			text := pageText(t, path, i, false)
			want := fmt.Sprintf("Halaman %d dari %d", i, res.Pages)
			if !strings.Contains(text, want) || strings.Count(text, "Halaman") != 1 {
				t.Errorf("draft %v: page %d lacks %q or has two numbers:\n%s", draft, i, want, text)
			}
		}
		for i, want := range []string{"LAMPIRAN I", "", "LAMPIRAN II"} {
			if text := pageText(t, path, res.DocumentPages+1+i, false); want != "" && !strings.Contains(text, want) {
				t.Errorf("draft %v: page %d lacks %q", draft, res.DocumentPages+1+i, want)
			}
		}
	}
	for _, bad := range []string{"damaged.pdf", "encrypted.pdf", "not-a-pdf.pdf"} {
		var buf bytes.Buffer
		_, err := signing.Print(&buf, bodyDoc(3), signing.DefaultSettings(), signing.Options{}, []signing.Attachment{open("lampiran-1.pdf"), open(bad)})
		var ae *signing.AttachmentError
		if !errors.As(err, &ae) || ae.Name != bad || !strings.Contains(err.Error(), bad) {
			t.Errorf("%s: got %v; want an *AttachmentError naming it", bad, err)
		}
		if ae != nil && (ae.Reason == "" || errors.Unwrap(err) == nil) {
			t.Errorf("%s: %#v lacks a reason or the user's error", bad, ae)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", bad, buf.Len())
		}
	}
}

func TestPrintFontsEmbedded(t *testing.T) {
	doc := bodyDoc(3)
	doc.Blocks = append(doc.Blocks, signing.Block{Para: &signing.Paragraph{Role: signing.RoleBody, Spans: []signing.Span{
		{Text: "tebal", Bold: true}, {Text: " miring", Italic: true}, {Text: " keduanya", Bold: true, Italic: true},
	}}})
	doc.Parties = twoParties
	s := signing.DefaultSettings()
	s.Meterai = signing.MeteraiBoth
	for _, opt := range []signing.Options{{}, {Draft: true}, {Number: "1", Hash: "ab", VerifyURL: "https://x.example"}} {
		pdf, _ := mustPrint(t, doc, s, opt, nil)
		out := run(t, "pdffonts", writePDF(t, pdf))
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 4 {
			t.Fatalf("%+v: pdffonts lists too few fonts:\n%s", opt, out)
		}
		for _, l := range lines[2:] {
			f := strings.Fields(l)
			if len(f) < 6 || f[len(f)-5] != "yes" {
				t.Errorf("%+v: font not embedded: %s", opt, l)
			}
		}
	}
}
