package signing

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Attachment is a lampiran PDF printed after the document.
type Attachment struct {
	Name string
	R    io.ReadSeeker
}

// AttachmentError tells which attachment was refused and why. Unwrap gives
// the *sepakat.Error with the message for the user in Bahasa Indonesia.
type AttachmentError struct {
	Name   string
	Reason string // in English, for the command line
	Err    error
}

func (e *AttachmentError) Error() string { return e.Name + ": " + e.Reason }

// Unwrap returns the user-facing error.
func (e *AttachmentError) Unwrap() error { return e.Err }

// checkAttachments validates every attachment and counts its pages.
func checkAttachments(atts []Attachment) ([]int, error) {
	pages := make([]int, len(atts))
	conf := pdfConfig()
	for i, a := range atts {
		problem, _, err := checkPDF(a.R)
		if err != nil {
			return nil, err
		}
		if problem != pdfOK {
			if _, err := a.R.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			_, userErr := ValidatePDF(a.R, 0)
			return nil, &AttachmentError{Name: a.Name, Reason: problemText[problem], Err: userErr}
		}
		if _, err := a.R.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		n, err := api.PageCount(a.R, conf)
		if err != nil {
			return nil, &AttachmentError{Name: a.Name, Reason: problemText[pdfDamaged], Err: err}
		}
		pages[i] = n
	}
	return pages, nil
}

var problemText = map[pdfProblem]string{
	pdfNotPDF:    "not a PDF; export or scan the lampiran as PDF; nothing was printed",
	pdfEncrypted: "the PDF is encrypted or password-protected; save it again without a password; nothing was printed",
	pdfDamaged:   "the PDF is damaged or incomplete and cannot be read; export it again; nothing was printed",
	pdfNoPages:   "the PDF has no pages; nothing was printed",
}

func pdfConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// finish appends the attachments to the typeset document, numbers their
// pages on from the document's, and watermarks a draft.
func finish(w io.Writer, doc []byte, s Settings, opt Options, docPages int, atts []Attachment, extra []int) error {
	if err := ensureConfig(); err != nil {
		return err
	}
	conf := pdfConfig()
	cur := doc
	total := docPages + sum(extra)
	if len(atts) > 0 {
		rs := []io.ReadSeeker{bytes.NewReader(doc)}
		for _, a := range atts {
			if _, err := a.R.Seek(0, io.SeekStart); err != nil {
				return err
			}
			rs = append(rs, a.R)
		}
		var merged bytes.Buffer
		if err := api.MergeRaw(rs, &merged, false, conf); err != nil {
			return fmt.Errorf("merge lampiran: %w", err)
		}
		dims, err := api.PageDims(bytes.NewReader(merged.Bytes()), conf)
		if err != nil {
			return fmt.Errorf("merge lampiran: %w", err)
		}
		numbers, err := numberStamps(dims[docPages:], docPages+1, total, s.Font)
		if err != nil {
			return err
		}
		wm, err := api.PDFMultiWatermarkForReadSeeker(bytes.NewReader(numbers), 1, docPages+1, "scalefactor:1 abs, rotation:0, position:c", true, false, types.POINTS)
		if err != nil {
			return fmt.Errorf("number lampiran pages: %w", err)
		}
		var out bytes.Buffer
		if err := api.AddWatermarks(bytes.NewReader(merged.Bytes()), &out, nil, wm, conf); err != nil {
			return fmt.Errorf("number lampiran pages: %w", err)
		}
		cur = out.Bytes()
	}
	if opt.Draft {
		stamp, err := draftStamp(s.Paper)
		if err != nil {
			return err
		}
		wm, err := api.PDFWatermarkForReadSeeker(bytes.NewReader(stamp), 1, "scalefactor:1 abs, rotation:0, position:c", false, false, types.POINTS)
		if err != nil {
			return fmt.Errorf("draft watermark: %w", err)
		}
		var out bytes.Buffer
		if err := api.AddWatermarks(bytes.NewReader(cur), &out, nil, wm, conf); err != nil {
			return fmt.Errorf("draft watermark: %w", err)
		}
		cur = out.Bytes()
	}
	_, err := w.Write(cur)
	return err
}

// numberStamps makes one page per lampiran page, of its size, holding only
// "Halaman x dari y" at the foot, to be stamped over it.
func numberStamps(dims []types.Dim, first, total int, font Font) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: dims[0].Width, Ht: dims[0].Height}})
	pdf.SetAutoPageBreak(false, 0)
	ff, err := font.load()
	if err != nil {
		return nil, err
	}
	pdf.AddUTF8FontFromBytes(bodyFamily, "", ff[0])
	for i, d := range dims {
		pdf.AddPageFormat("P", fpdf.SizeType{Wd: d.Width, Ht: d.Height})
		pdf.SetFont(bodyFamily, "", 9)
		s := fmt.Sprintf("Halaman %d dari %d", first+i, total)
		w := pdf.GetStringWidth(s)
		pdf.Text((d.Width-w)/2, d.Height-pageNumberFromBottom/mmPerPt, s)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("number lampiran pages: %w", err)
	}
	return buf.Bytes(), nil
}

// draftStamp makes the watermark of drafts as a page of the paper's size:
// "DRAFT" across it diagonally, light grey, in a sans face that is
// embedded. pdfcpu lays it under the text of every page. (No transparency:
// pdfcpu 0.15 misplaces a stamp whose content sets an alpha state.)
func draftStamp(paper Paper) ([]byte, error) {
	ff, err := FontSans.load()
	if err != nil {
		return nil, err
	}
	w, h := paper.Width, paper.Height
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: w, Ht: h}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes(sansFamily, "B", ff[1])
	pdf.AddPage()
	pdf.SetFont(sansFamily, "B", 150)
	pdf.SetTextColor(215, 215, 215)
	pdf.TransformBegin()
	pdf.TransformRotate(55, w/2, h/2)
	tw := pdf.GetStringWidth("DRAFT")
	// The baseline sits half a cap height below the centre.
	pdf.Text(w/2-tw/2, h/2+150*mmPerPt*0.36, "DRAFT")
	pdf.TransformEnd()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("draft watermark: %w", err)
	}
	return buf.Bytes(), nil
}

// quietZone centres img on a white square px wide.
func quietZone(img image.Image, px int) image.Image {
	out := image.NewGray(image.Rect(0, 0, px, px))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	b := img.Bounds()
	off := image.Pt((px-b.Dx())/2, (px-b.Dy())/2)
	draw.Draw(out, b.Add(off), img, b.Min, draw.Src)
	return out
}

// PageCount returns the number of pages of a PDF.
func PageCount(r io.ReadSeeker) (int, error) {
	if err := ensureConfig(); err != nil {
		return 0, err
	}
	return api.PageCount(r, pdfConfig())
}
