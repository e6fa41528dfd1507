package signing

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sepakat/sepakat"
)

// PlanPrinter prints the Studi Kelayakan and the KAK of Perencanaan on its
// paper; it implements sepakat.PlanPrinter.
type PlanPrinter struct {
	Paper Paper
}

var _ sepakat.PlanPrinter = PlanPrinter{}

// PrintPlan implements sepakat.PlanPrinter.
func (p PlanPrinter) PrintPlan(_ context.Context, w io.Writer, pp sepakat.PlanPrint) error {
	return WritePlan(w, p.Paper.orF4(), pp)
}

// Geometry of the planning documents, in millimetres.
const (
	planMarginLeft  = 30.0
	planMarginRight = 25.0
	planTop         = 25.0
	planBottom      = 25.0
	planLine        = 6.0 // line height of the body (12 pt, one and a half spaced)
)

// WritePlan typesets a Studi Kelayakan or a KAK on paper for the head of
// the proposing agency to sign: the title, the cooperation's code, title,
// proposing agency and partners, the numbered sections in justified text,
// and a signature block for the head of the agency with the place and a
// blank for the date. Pages are numbered "Halaman x dari y".
func WritePlan(w io.Writer, paper Paper, p sepakat.PlanPrint) error {
	pdf, err := newSerifDocument(paper, planMarginLeft, planTop, planMarginRight, p.Kind.Label()+" "+p.Code, 4)
	if err != nil {
		return err
	}
	pdf.SetAutoPageBreak(true, planBottom)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont(bodyFamily, "I", 9)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s %s — Halaman %d dari {nb}", p.Kind.Label(), p.Code, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	width := paper.Width - planMarginLeft - planMarginRight

	pdf.SetFont(bodyFamily, "B", 14)
	pdf.MultiCell(width, 7, p.Kind.PrintTitle(), "", "C", false)
	pdf.SetFont(bodyFamily, "B", 12)
	pdf.MultiCell(width, 6, p.Title, "", "C", false)
	pdf.Ln(4)

	label := 42.0
	rows := [][2]string{{"Kode kerja sama", firstNonEmptyStr(p.Code, "—")}, {"Instansi pemrakarsa", p.Institution}}
	if p.Partners != "" {
		rows = append(rows, [2]string{"Calon mitra", p.Partners})
	}
	pdf.SetFont(bodyFamily, "", 11)
	for _, r := range rows {
		y := pdf.GetY()
		pdf.SetX(planMarginLeft)
		pdf.CellFormat(label, 5.5, r[0], "", 0, "L", false, 0, "")
		pdf.CellFormat(4, 5.5, ":", "", 0, "L", false, 0, "")
		pdf.SetXY(planMarginLeft+label+4, y)
		pdf.MultiCell(width-label-4, 5.5, r[1], "", "L", false)
	}
	pdf.Ln(2)
	pdf.SetLineWidth(0.4)
	pdf.Line(planMarginLeft, pdf.GetY(), paper.Width-planMarginRight, pdf.GetY())
	pdf.Ln(5)

	for i, s := range p.Sections {
		pdf.SetFont(bodyFamily, "B", 12)
		pdf.MultiCell(width, planLine, fmt.Sprintf("%s. %s", romanNumeral(i+1), strings.ToUpper(s.Label)), "", "L", false)
		pdf.SetFont(bodyFamily, "", 12)
		text := strings.TrimSpace(s.Text)
		if text == "" {
			pdf.SetFont(bodyFamily, "I", 12)
			text = "(belum diisi)"
		}
		for _, para := range strings.Split(text, "\n") {
			if para = strings.TrimSpace(para); para == "" {
				continue
			}
			pdf.SetX(planMarginLeft + 8)
			pdf.MultiCell(width-8, planLine, para, "", "J", false)
		}
		pdf.Ln(3)
	}

	// The signature block: place and date, the head's position, room for
	// the signature and stamp, and lines for the name and NIP.
	const blockH = 60.0
	if pdf.GetY()+blockH > paper.Height-planBottom {
		pdf.AddPage()
	}
	pdf.Ln(6)
	x := planMarginLeft + width/2
	bw := width / 2
	place := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(p.City, "Kota "), "Kabupaten "))
	if place == "" {
		place = "…………………"
	}
	pdf.SetFont(bodyFamily, "", 12)
	for _, line := range []string{place + ", ……………………… " + yearOf(p.PrintedAt)} {
		pdf.SetX(x)
		pdf.MultiCell(bw, planLine, line, "", "C", false)
	}
	pdf.SetX(x)
	pdf.MultiCell(bw, planLine, p.HeadTitle+",", "", "C", false)
	pdf.Ln(25)
	pdf.SetFont(bodyFamily, "B", 12)
	pdf.SetX(x)
	pdf.MultiCell(bw, planLine, "(………………………………………)", "", "C", false)
	pdf.SetFont(bodyFamily, "", 12)
	pdf.SetX(x)
	pdf.MultiCell(bw, planLine, "NIP. ………………………………", "", "C", false)

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

func firstNonEmptyStr(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func yearOf(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return fmt.Sprint(t.Year())
}

// romanNumeral writes 1–39 in Roman numerals (the sections' numbers).
func romanNumeral(n int) string {
	var b strings.Builder
	for _, r := range []struct {
		v int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= r.v {
			b.WriteString(r.s)
			n -= r.v
		}
	}
	return b.String()
}
