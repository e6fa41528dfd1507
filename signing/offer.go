package signing

import (
	"io"

	"github.com/go-pdf/fpdf"
)

// OfferLetter is the content of a surat penawaran: the proposing
// institution offers a cooperation to the Wali Kota (Inisiasi / Penawaran);
// the demo data and the tests use it as the uploaded offer letter.
type OfferLetter struct {
	Institution string
	City        string
	Number      string
	Addressee   string
	Title       string
	Body        string
	Signatory   string
	Date        string
}

// WriteOfferLetter typesets the letter as a one-page F4 PDF.
func WriteOfferLetter(w io.Writer, l OfferLetter) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: F4})
	pdf.SetMargins(25, 20, 25)
	pdf.SetTitle("Surat Penawaran Kerja Sama", true)
	pdf.AddPage()
	pdf.SetFont("Times", "B", 14)
	pdf.CellFormat(0, 7, l.Institution, "", 1, "C", false, 0, "")
	pdf.SetFont("Times", "", 11)
	pdf.CellFormat(0, 6, l.City, "B", 1, "C", false, 0, "")
	pdf.Ln(8)
	pdf.CellFormat(0, 6, "Nomor   : "+l.Number, "", 1, "", false, 0, "")
	pdf.CellFormat(0, 6, "Perihal : Penawaran Kerja Sama "+l.Title, "", 1, "", false, 0, "")
	pdf.Ln(6)
	pdf.MultiCell(0, 6, "Kepada Yth.\n"+l.Addressee+"\ndi tempat", "", "L", false)
	pdf.Ln(6)
	pdf.MultiCell(0, 6, l.Body, "", "J", false)
	pdf.Ln(14)
	pdf.SetX(120)
	pdf.MultiCell(0, 6, l.City+", "+l.Date+"\n\n\n\n"+l.Signatory, "", "L", false)
	return pdf.Output(w)
}
