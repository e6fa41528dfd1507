package signing

import "github.com/go-pdf/fpdf"

// orF4 is the paper, or F4 when none was chosen.
func (p Paper) orF4() Paper {
	if p.Width == 0 {
		return PaperF4
	}
	return p
}

// serifStyles are the fpdf styles of the faces FontSerif.load returns, in
// its order: regular, bold, italic, bold italic.
var serifStyles = [...]string{"", "B", "I", "BI"}

// newSerifDocument starts an uncompressed PDF on paper, in millimetres, with
// the margins left, top and right, credited to Sepakat and titled title,
// with the first styles faces of the embedded serif font (see serifStyles)
// registered as bodyFamily.
func newSerifDocument(paper Paper, left, top, right float64, title string, styles int) (*fpdf.Fpdf, error) {
	ff, err := FontSerif.load()
	if err != nil {
		return nil, err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: paper.Width, Ht: paper.Height}})
	pdf.SetCompression(false)
	pdf.SetMargins(left, top, right)
	pdf.SetCreator("Sepakat", true)
	pdf.SetProducer("Sepakat", true)
	pdf.SetTitle(title, true)
	for i, st := range serifStyles[:styles] {
		pdf.AddUTF8FontFromBytes(bodyFamily, st, ff[i])
	}
	return pdf, nil
}
