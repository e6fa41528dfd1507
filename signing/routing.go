package signing

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"

	"github.com/sepakat/sepakat"
)

// RoutingPrinter prints routing sheets (lembar edaran) on its paper; it
// implements sepakat.RoutingPrinter.
type RoutingPrinter struct {
	Paper Paper
}

var _ sepakat.RoutingPrinter = RoutingPrinter{}

// PrintRoutingSheet implements sepakat.RoutingPrinter.
func (p RoutingPrinter) PrintRoutingSheet(_ context.Context, w io.Writer, r sepakat.RoutingPrint) error {
	return WriteRoutingSheet(w, p.Paper.orF4(), r)
}

// Geometry of the routing sheet, in millimetres.
const (
	routingMargin  = 20.0
	routingTop     = 18.0
	routingQR      = 30.0
	routingRowH    = 19.0
	routingHeadH   = 8.0
	routingFootRes = 22.0 // room kept at the foot for the progress and page number
)

// routingColumns are the table's columns: caption and width.
var routingColumns = []struct {
	caption string
	width   float64
}{
	{"No", 9}, {"Meja/Pejabat", 46}, {"Tindakan", 22}, {"Diterima", 30}, {"Selesai", 39}, {"Paraf", 29},
}

// WriteRoutingSheet typesets the routing sheet r on paper: the title, the
// cooperation's code, title and document numbers, a QR code that opens its
// page, and a table of the desks in order (No, Meja/Pejabat, Tindakan,
// Diterima, Selesai, Paraf box) with who marked each and when, overdue
// desks in red, and the progress.
func WriteRoutingSheet(w io.Writer, paper Paper, r sepakat.RoutingPrint) error {
	pdf, err := newSerifDocument(paper, routingMargin, routingTop, routingMargin, "Lembar Edaran Penandatanganan "+r.Code, 3)
	if err != nil {
		return err
	}
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	qrName := ""
	if r.URL != "" {
		if qrName, err = registerRoutingQR(pdf, r.URL); err != nil {
			return err
		}
	}
	at := r.PrintedAt
	if at.IsZero() {
		at = time.Now()
	}

	rs := &routingSheet{pdf: pdf, paper: paper, r: r, qr: qrName, printed: at}
	rs.header()
	rs.table()
	total := pdf.PageNo()
	for n := 1; n <= total; n++ {
		pdf.SetPage(n)
		rs.footer(n, total)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("routing sheet: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write routing sheet: %w", err)
	}
	return nil
}

type routingSheet struct {
	pdf     *fpdf.Fpdf
	paper   Paper
	r       sepakat.RoutingPrint
	qr      string
	printed time.Time
	y       float64
}

func (rs *routingSheet) width() float64 { return rs.paper.Width - 2*routingMargin }

// header draws the title, the cooperation's data and the QR code, on a new
// page.
func (rs *routingSheet) header() {
	pdf := rs.pdf
	pdf.AddPage()
	left := routingMargin
	right := rs.paper.Width - routingMargin
	y := routingTop
	textW := rs.width()
	if rs.qr != "" {
		pdf.ImageOptions(rs.qr, right-routingQR, y, routingQR, routingQR, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetFont(bodyFamily, "", 7)
		for i, line := range []string{"Pindai untuk membuka", "halaman kerja sama"} {
			lw := pdf.GetStringWidth(line)
			pdf.Text(right-routingQR/2-lw/2, y+routingQR+3+float64(i)*3, line)
		}
		textW -= routingQR + 5
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont(bodyFamily, "B", 14)
	title := "LEMBAR EDARAN PENANDATANGANAN"
	pdf.Text(left+(textW-pdf.GetStringWidth(title))/2, y+6, title)
	pdf.SetFont(bodyFamily, "", 11)
	sub := "Penandatanganan Meja ke Meja"
	pdf.Text(left+(textW-pdf.GetStringWidth(sub))/2, y+12, sub)
	y += 20
	label := 34.0
	rows := [][2]string{
		{"Kode kerja sama", rs.r.Code},
		{"Judul", rs.r.Title},
	}
	if len(rs.r.Numbers) > 0 {
		rows = append(rows, [2]string{"Nomor dokumen", strings.Join(rs.r.Numbers, "; ")})
	} else {
		rows = append(rows, [2]string{"Nomor dokumen", "belum bernomor"})
	}
	if rs.r.Partners != "" {
		rows = append(rows, [2]string{"Mitra", rs.r.Partners})
	}
	rows = append(rows, [2]string{"Dicetak", routingDateTime(rs.printed)})
	for _, row := range rows {
		pdf.SetFont(bodyFamily, "", 10.5)
		pdf.Text(left, y, row[0])
		pdf.Text(left+label, y, ":")
		lines := pdf.SplitText(row[1], textW-label-3)
		if row[0] == "Judul" || row[0] == "Kode kerja sama" {
			pdf.SetFont(bodyFamily, "B", 10.5)
			lines = pdf.SplitText(row[1], textW-label-3)
		}
		for i, line := range lines {
			pdf.Text(left+label+3, y+float64(i)*5, line)
		}
		y += 5*float64(max(1, len(lines))) + 1
	}
	rs.y = max(y+2, routingTop+routingQR+12)
}

// table draws the desks, continuing on new pages (headed again) as needed.
func (rs *routingSheet) table() {
	rs.tableHead()
	for _, d := range rs.r.Status.Desks {
		if rs.y+routingRowH > rs.paper.Height-routingFootRes {
			rs.pdf.AddPage()
			rs.y = routingTop
			rs.tableHead()
		}
		rs.row(d)
	}
}

func (rs *routingSheet) tableHead() {
	pdf := rs.pdf
	pdf.SetFont(bodyFamily, "B", 9.5)
	pdf.SetFillColor(230, 230, 230)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.25)
	x := routingMargin
	for _, c := range routingColumns {
		pdf.Rect(x, rs.y, c.width, routingHeadH, "FD")
		pdf.Text(x+(c.width-pdf.GetStringWidth(c.caption))/2, rs.y+5.3, c.caption)
		x += c.width
	}
	rs.y += routingHeadH
}

// row draws one desk: number, name and time standard, action, the marks
// with who and when, and an empty box for the paraf.
func (rs *routingSheet) row(d sepakat.DeskStatus) {
	pdf := rs.pdf
	x := routingMargin
	y := rs.y
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.25)
	cells := make([]float64, len(routingColumns))
	for i, c := range routingColumns {
		cells[i] = x
		pdf.Rect(x, y, c.width, routingRowH, "D")
		x += c.width
	}
	pad := 1.5
	text := func(col int, dy float64, size float64, style string, s string) {
		pdf.SetFont(bodyFamily, style, size)
		pdf.Text(cells[col]+pad, y+dy, s)
	}
	lines := func(col int, size float64, style string, s string, from float64, max int) float64 {
		pdf.SetFont(bodyFamily, style, size)
		ls := pdf.SplitText(s, routingColumns[col].width-2*pad)
		if len(ls) > max {
			ls = ls[:max]
		}
		for i, l := range ls {
			pdf.Text(cells[col]+pad, y+from+float64(i)*size*0.42, l)
		}
		return from + float64(len(ls))*size*0.42
	}
	pdf.SetTextColor(0, 0, 0)
	text(0, 5, 10, "", fmt.Sprintf("%d.", d.Number))
	after := lines(1, 10, "B", d.Name, 5, 2)
	lines(1, 8, "", fmt.Sprintf("Standar %d hari kerja", d.TimeStandard), after+0.5, 1)
	text(2, 5, 10, "", d.Action.Label())
	if d.Received != nil {
		rs.markCell(cells[3], routingColumns[3].width, y, d.Received)
	} else {
		text(3, 5, 9, "", "—")
	}
	switch {
	case d.Finished() != nil:
		rs.markCell(cells[4], routingColumns[4].width, y, d.Finished())
	case d.Overdue:
		pdf.SetTextColor(200, 0, 0)
		lines(4, 8.5, "B", fmt.Sprintf("terlambat %d hari kerja", d.LateDays), 5, 2)
		lines(4, 8, "", "batas "+routingDate(d.Due), 13, 1)
		pdf.SetTextColor(0, 0, 0)
	case d.State == sepakat.DeskHolding:
		lines(4, 8, "", "batas "+routingDate(d.Due), 5, 1)
	default:
		text(4, 5, 9, "", "—")
	}
	// The paraf box: the official initials or signs inside it.
	bx := cells[5] + 3
	pdf.SetLineWidth(0.2)
	pdf.SetDrawColor(120, 120, 120)
	pdf.Rect(bx, y+2.5, routingColumns[5].width-6, routingRowH-5, "D")
	pdf.SetDrawColor(0, 0, 0)
	rs.y += routingRowH
}

// markCell writes a mark in a cell at x, y: the date, the time and who.
func (rs *routingSheet) markCell(x, w, y float64, m *sepakat.Mark) {
	pdf := rs.pdf
	at := m.At.In(rs.printed.Location())
	pdf.SetFont(bodyFamily, "", 9)
	pdf.Text(x+1.5, y+5, routingDate(at))
	pdf.SetFont(bodyFamily, "", 8)
	pdf.Text(x+1.5, y+8.6, fmt.Sprintf("pukul %02d.%02d", at.Hour(), at.Minute()))
	pdf.SetFont(bodyFamily, "I", 8)
	for i, l := range pdf.SplitText(m.ByName, w-3) {
		if i == 2 {
			break
		}
		pdf.Text(x+1.5, y+12.2+float64(i)*3.4, l)
	}
}

// footer writes the progress and the page number at the foot of page n.
func (rs *routingSheet) footer(n, total int) {
	pdf := rs.pdf
	st := rs.r.Status
	pdf.SetTextColor(0, 0, 0)
	if n == total {
		y := rs.paper.Height - routingFootRes + 4
		if n == 1 || rs.y+10 < y {
			y = min(y, rs.y+8)
		}
		pdf.SetFont(bodyFamily, "B", 10)
		msg := fmt.Sprintf("Kemajuan: %d dari %d meja selesai (%d%%)", st.Finished, st.Total, st.Percent)
		pdf.Text(routingMargin, y, msg)
		// The progress bar.
		bw := 60.0
		bx := rs.paper.Width - routingMargin - bw
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetLineWidth(0.25)
		pdf.Rect(bx, y-3.2, bw, 4, "D")
		if st.Total > 0 && st.Finished > 0 {
			pdf.SetFillColor(60, 130, 60)
			pdf.Rect(bx, y-3.2, bw*float64(st.Finished)/float64(st.Total), 4, "F")
		}
		pdf.SetFont(bodyFamily, "", 8.5)
		note := "Meja menerima dokumen setelah meja sebelumnya selesai; batas waktu dihitung dalam hari kerja sejak dokumen diterima."
		if st.Overdue > 0 {
			note = fmt.Sprintf("%d meja melewati standar waktu. ", st.Overdue) + note
		}
		for i, l := range pdf.SplitText(note, rs.width()) {
			pdf.Text(routingMargin, y+5+float64(i)*3.8, l)
		}
	}
	pdf.SetFont(bodyFamily, "", 9)
	s := fmt.Sprintf("Halaman %d dari %d", n, total)
	pdf.Text((rs.paper.Width-pdf.GetStringWidth(s))/2, rs.paper.Height-pageNumberFromBottom, s)
}

// registerRoutingQR registers the QR code of url as an image of pdf.
func registerRoutingQR(pdf *fpdf.Fpdf, url string) (string, error) {
	code, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	side := code.Bounds().Dx()
	scaled, err := barcode.Scale(code, side*8, side*8)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, quietZone(scaled, (side+8)*8)); err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	pdf.RegisterImageOptionsReader("qr-routing", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	return "qr-routing", pdf.Error()
}

var routingMonths = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// formatDate writes t as "2 November 2026".
func routingDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), routingMonths[t.Month()-1], t.Year())
}

// formatDateTime writes t as "2 November 2026 09.30".
func routingDateTime(t time.Time) string {
	return fmt.Sprintf("%s %02d.%02d", routingDate(t), t.Hour(), t.Minute())
}
