package drafting

import (
	"io"
	"strings"
	"time"

	"github.com/sepakat/sepakat"
)

// Renumber implements the renumbering half of sepakat.DraftAssistant.
func (e Engine) Renumber(r io.ReaderAt, size int64, author string, w io.Writer) (sepakat.RenumberSummary, error) {
	d, err := e.Limits.Read(r, size)
	if err != nil {
		return sepakat.RenumberSummary{}, UploadError(err)
	}
	rn, err := Renumber(d)
	if err != nil {
		return sepakat.RenumberSummary{}, err
	}
	p, a := rn.Renumbered()
	sum := sepakat.RenumberSummary{Pasal: p, Ayat: a, References: len(rn.References), Dangling: len(rn.Dangling)}
	return sum, rn.WriteDocx(w, true, author, time.Now())
}

// Lint implements the checking half of sepakat.DraftAssistant with the
// default required elements.
func (e Engine) Lint(r io.ReaderAt, size int64, kind sepakat.DocumentKind) ([]sepakat.LintFinding, error) {
	d, err := e.Limits.Read(r, size)
	if err != nil {
		return nil, UploadError(err)
	}
	k := strings.ToLower(string(kind))
	if kind == sepakat.DocumentNK {
		k = "kb" // a Nota Kesepakatan is a variant of the KB
	}
	fs := Lint(d, LintOptions{Kind: k})
	out := make([]sepakat.LintFinding, len(fs))
	for i, f := range fs {
		out[i] = sepakat.LintFinding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Pasal: f.Pasal, Ayat: f.Ayat, Quote: f.Quote, Paragraph: f.Paragraph}
	}
	return out, nil
}
