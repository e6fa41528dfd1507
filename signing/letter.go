package signing

import (
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
)

// F4 is the Folio paper of Indonesian government documents, 215 × 330 mm.
var F4 = fpdf.SizeType{Wd: 215, Ht: 330}

// AssignmentLetter is the content of a surat tugas naming the two PPKSD of an
// institution; the demo data uses it as the scanned letter of a registration.
type AssignmentLetter struct {
	Institution string
	City        string
	Number      string
	Officers    [2]string
	Positions   [2]string
	Signatory   string
	Date        string
}

// WriteAssignmentLetter typesets the letter as a one-page F4 PDF.
func WriteAssignmentLetter(w io.Writer, l AssignmentLetter) error {
	pdf := startLetter("Surat Tugas PPKSD", l.Institution, l.City)
	pdf.SetFont("Times", "BU", 13)
	pdf.CellFormat(0, 7, "SURAT TUGAS", "", 1, "C", false, 0, "")
	pdf.SetFont("Times", "", 11)
	pdf.CellFormat(0, 6, "Nomor: "+l.Number, "", 1, "C", false, 0, "")
	pdf.Ln(6)
	pdf.MultiCell(0, 6, "Yang bertanda tangan di bawah ini menugaskan kepada:", "", "J", false)
	for i := range 2 {
		pdf.Ln(2)
		pdf.CellFormat(10, 6, fmt.Sprintf("%d.", i+1), "", 0, "", false, 0, "")
		pdf.CellFormat(30, 6, "Nama", "", 0, "", false, 0, "")
		pdf.CellFormat(0, 6, ": "+l.Officers[i], "", 1, "", false, 0, "")
		pdf.CellFormat(10, 6, "", "", 0, "", false, 0, "")
		pdf.CellFormat(30, 6, "Jabatan", "", 0, "", false, 0, "")
		pdf.CellFormat(0, 6, ": "+l.Positions[i], "", 1, "", false, 0, "")
	}
	pdf.Ln(4)
	pdf.MultiCell(0, 6, "untuk bertindak sebagai Petugas Penghubung Kerja Sama Daerah (PPKSD) dalam pengajuan dan pembahasan kerja sama daerah melalui Sepakat, serta melaksanakan tugas ini dengan penuh tanggung jawab.", "", "J", false)
	return signLetter(w, pdf, l.City+", "+l.Date+"\n"+"Kepala,\n\n\n\n"+l.Signatory)
}

// startLetter begins a one-page F4 letter titled title under the letterhead
// of institution in city, with the city underlined.
func startLetter(title, institution, city string) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: F4})
	pdf.SetMargins(25, 20, 25)
	pdf.SetTitle(title, true)
	pdf.AddPage()
	pdf.SetFont("Times", "B", 14)
	pdf.CellFormat(0, 7, institution, "", 1, "C", false, 0, "")
	pdf.SetFont("Times", "", 11)
	pdf.CellFormat(0, 6, city, "B", 1, "C", false, 0, "")
	pdf.Ln(8)
	return pdf
}

// signLetter ends the letter with the signature block on the right and
// writes it to w.
func signLetter(w io.Writer, pdf *fpdf.Fpdf, signature string) error {
	pdf.Ln(14)
	pdf.SetX(120)
	pdf.MultiCell(0, 6, signature, "", "L", false)
	return pdf.Output(w)
}
