package signing

import "io"

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
	pdf := startLetter("Surat Penawaran Kerja Sama", l.Institution, l.City)
	pdf.CellFormat(0, 6, "Nomor   : "+l.Number, "", 1, "", false, 0, "")
	pdf.CellFormat(0, 6, "Perihal : Penawaran Kerja Sama "+l.Title, "", 1, "", false, 0, "")
	pdf.Ln(6)
	pdf.MultiCell(0, 6, "Kepada Yth.\n"+l.Addressee+"\ndi tempat", "", "L", false)
	pdf.Ln(6)
	pdf.MultiCell(0, 6, l.Body, "", "J", false)
	return signLetter(w, pdf, l.City+", "+l.Date+"\n\n\n\n"+l.Signatory)
}
