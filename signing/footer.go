package signing

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

// Footer geometry in millimetres, measured from the bottom of the sheet.
const (
	pageNumberFromBottom = 10.0
	parafBoxW            = 26.0
	parafBoxH            = 14.0
	qrSize               = 22.0
)

// footers draws, on every page, the page number over total pages, the
// paraf boxes (except on the signature page and in a redline), and a
// final's number, short hash and QR code.
func (t *typesetter) footers(total int) error {
	pdf := t.pdf
	pages := pdf.PageNo()
	qrName := ""
	if t.opt.VerifyURL != "" {
		name, err := t.registerQR(t.opt.VerifyURL)
		if err != nil {
			return err
		}
		qrName = name
	}
	for n := 1; n <= pages; n++ {
		pdf.SetPage(n)
		t.pageNumber(n, total)
		if !t.opt.Redline && n != t.signaturePage {
			t.parafBoxes()
		}
		if t.opt.final() {
			t.finalFooter(qrName)
		}
	}
	return pdf.Error()
}

// pageNumber writes "Halaman n dari total" centred at the foot.
func (t *typesetter) pageNumber(n, total int) {
	pdf := t.pdf
	t.font(0, 9)
	t.colour(colourText)
	s := fmt.Sprintf("Halaman %d dari %d", n, total)
	w := pdf.GetStringWidth(s)
	pdf.Text((t.s.Paper.Width-w)/2, t.s.Paper.Height-pageNumberFromBottom, s)
}

// partyNames returns the captions of the paraf boxes, in signing order.
func (t *typesetter) partyNames() []string {
	var names []string
	for i, p := range t.doc.Parties {
		name := p.Heading
		if name == "" {
			name = ordinalParty(i)
		}
		names = append(names, trimComma(name))
	}
	if len(names) == 0 {
		names = []string{ordinalParty(0), ordinalParty(1)}
	}
	return names
}

func ordinalParty(i int) string {
	switch i {
	case 0:
		return "PIHAK KESATU"
	case 1:
		return "PIHAK KEDUA"
	case 2:
		return "PIHAK KETIGA"
	}
	return fmt.Sprintf("PIHAK %d", i+1)
}

func trimComma(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ',' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// parafBoxes draws one box per party at the right of the foot, each with
// its caption, for the parties to initial the page.
func (t *typesetter) parafBoxes() {
	pdf := t.pdf
	names := t.partyNames()
	right := t.s.Paper.Width - t.s.Margins.Right
	x := right - float64(len(names))*parafBoxW
	y := t.s.Paper.Height - t.s.Margins.Bottom + 8
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.25)
	t.font(bold, 6.5)
	t.colour(colourText)
	for i, name := range names {
		bx := x + float64(i)*parafBoxW
		caption := "Paraf " + name
		for pdf.GetStringWidth(caption) > parafBoxW-1 && len(caption) > 6 {
			caption = caption[:len(caption)-1]
		}
		pdf.Rect(bx, y, parafBoxW, 4, "D")
		pdf.Text(bx+(parafBoxW-pdf.GetStringWidth(caption))/2, y+2.9, caption)
		pdf.Rect(bx, y+4, parafBoxW, parafBoxH, "D")
	}
	pdf.SetLineWidth(0.2)
}

// finalFooter writes the number and short hash of a final, and its QR code.
func (t *typesetter) finalFooter(qrName string) {
	pdf := t.pdf
	x := t.left
	top := t.s.Paper.Height - t.s.Margins.Bottom + 6
	if qrName != "" {
		pdf.ImageOptions(qrName, x, top, qrSize, qrSize, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		x += qrSize + 2
	}
	t.font(0, 7)
	t.colour(colourText)
	y := top + 5
	if t.opt.Number != "" {
		pdf.Text(x, y, "Nomor: "+t.opt.Number)
		y += 3.5
	}
	if t.opt.Hash != "" {
		h := t.opt.Hash
		if len(h) > 16 {
			h = h[:16]
		}
		pdf.Text(x, y, "SHA-256: "+h)
		y += 3.5
	}
	if qrName != "" {
		pdf.Text(x, y, "Pindai kode QR untuk")
		pdf.Text(x, y+3, "memeriksa keaslian dokumen")
	}
}

// registerQR makes the QR code of url as a PNG image for fpdf.
func (t *typesetter) registerQR(url string) (string, error) {
	code, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	// Four modules of quiet zone on each side, eight pixels a module.
	side := code.Bounds().Dx()
	px := (side + 8) * 8
	scaled, err := barcode.Scale(code, side*8, side*8)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	img := quietZone(scaled, px)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	t.pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	return "qr", t.pdf.Error()
}
