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

// Lint implements the checking half of sepakat.DraftAssistant: the
// required elements are elements, or DefaultElements when nil.
func (e Engine) Lint(r io.ReaderAt, size int64, kind sepakat.DocumentKind, elements []sepakat.LintElement, kbEnd time.Time) ([]sepakat.LintFinding, error) {
	d, err := e.Limits.Read(r, size)
	if err != nil {
		return nil, UploadError(err)
	}
	k := strings.ToLower(string(kind))
	if kind == sepakat.DocumentNK {
		k = "kb" // a Nota Kesepakatan is a variant of the KB
	}
	var es []RequiredElement
	if elements != nil {
		es = make([]RequiredElement, len(elements))
		for i, el := range elements {
			es[i] = RequiredElement{Name: el.Name, Keywords: el.Keywords, Kinds: el.Kinds, InText: el.InText, Severity: el.Severity}
		}
	}
	fs := Lint(d, LintOptions{Kind: k, Elements: es, KBEnd: kbEnd})
	out := make([]sepakat.LintFinding, len(fs))
	for i, f := range fs {
		out[i] = sepakat.LintFinding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Pasal: f.Pasal, Ayat: f.Ayat, Quote: f.Quote, Paragraph: f.Paragraph}
	}
	return out, nil
}

// AgreementEnd implements sepakat.DraftAssistant: see the function
// AgreementEnd.
func (e Engine) AgreementEnd(r io.ReaderAt, size int64) (time.Time, bool, error) {
	d, err := e.Limits.Read(r, size)
	if err != nil {
		return time.Time{}, false, UploadError(err)
	}
	end, ok := AgreementEnd(d)
	return end, ok, nil
}

// DefaultElements returns the checker's default required elements.
func (Engine) DefaultElements() []sepakat.LintElement {
	out := make([]sepakat.LintElement, len(DefaultElements))
	for i, e := range DefaultElements {
		out[i] = sepakat.LintElement{Name: e.Name, Keywords: e.Keywords, Kinds: e.Kinds, InText: e.InText, Severity: e.Severity}
	}
	return out
}
