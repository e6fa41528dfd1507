package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// renumberVersion makes the next version of d from version v with its
// numbering fixed ("Rapikan penomoran"), as tracked changes by the caller.
func (s *Server) renumberVersion(ctx context.Context, d *sepakat.Document, v *sepakat.Version) (*sepakat.Version, sepakat.RenumberSummary, error) {
	u := sepakat.UserFromContext(ctx)
	if !sepakat.CanManageDocument(u) {
		return nil, sepakat.RenumberSummary{}, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya ARNP atau Kasubbag yang dapat merapikan penomoran.")
	}
	src, done, err := s.openStored(ctx, v.File)
	if err != nil {
		return nil, sepakat.RenumberSummary{}, err
	}
	defer done()
	var buf bytes.Buffer
	sum, err := s.Assist.Renumber(src.r, src.size, u.Name, &buf)
	if err != nil {
		return nil, sum, err
	}
	f, err := s.storeDraft(ctx, buf.Bytes(), fmt.Sprintf("rapikan-versi-%d.docx", v.Number))
	if err != nil {
		return nil, sum, err
	}
	note := fmt.Sprintf("Penomoran dirapikan dari versi %d: %d Pasal, %d ayat, %d rujukan diperbarui", v.Number, sum.Pasal, sum.Ayat, sum.References)
	if sum.Dangling > 0 {
		note += fmt.Sprintf("; %d rujukan tidak menunjuk Pasal/ayat yang ada", sum.Dangling)
	}
	nv, err := s.recordVersion(ctx, d, f, note)
	return nv, sum, err
}

func (s *Server) apiRenumber(c *gin.Context) {
	d, _, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	nv, sum, err := s.renumberVersion(c.Request.Context(), d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, gin.H{"number": nv.Number, "sha256": nv.SHA256, "summary": sum})
}

// lintVersion checks version v of d.
func (s *Server) lintVersion(ctx context.Context, d *sepakat.Document, v *sepakat.Version) ([]sepakat.LintFinding, error) {
	src, done, err := s.openStored(ctx, v.File)
	if err != nil {
		return nil, err
	}
	defer done()
	// The stored list applies to every reader of the draft, whatever their
	// right to read the settings.
	var elements []sepakat.LintElement
	if s.LintSettings != nil {
		if elements, err = s.LintSettings.ElementsSettings(sepakat.SystemContext(ctx)); err != nil {
			return nil, err
		}
	}
	kbEnd, err := s.kbEnd(ctx, d)
	if err != nil {
		return nil, err
	}
	fs, err := s.Assist.Lint(src.r, src.size, d.Kind, elements, kbEnd)
	fs = nonNil(fs)
	return fs, err
}

// kbEnd is when the KB a PKS implements ends (its final version, else its
// latest), or zero when d is not such a PKS or the KB does not say.
func (s *Server) kbEnd(ctx context.Context, d *sepakat.Document) (time.Time, error) {
	if d.Kind != sepakat.DocumentPKS || d.ImplementsID == 0 {
		return time.Time{}, nil
	}
	kb, _, err := s.Documents.FindDocumentByID(sepakat.SystemContext(ctx), d.ImplementsID)
	if err != nil || len(kb.Versions) == 0 {
		return time.Time{}, nil
	}
	v := kb.Latest()
	if kb.Final > 0 {
		v = &kb.Versions[kb.Final-1]
	}
	src, done, err := s.openStored(ctx, v.File)
	if err != nil {
		return time.Time{}, err
	}
	defer done()
	end, ok, err := s.Assist.AgreementEnd(src.r, src.size)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return end, nil
}

func countErrors(fs []sepakat.LintFinding) (errs, warns int) {
	for _, f := range fs {
		if f.Severity == "error" {
			errs++
		} else {
			warns++
		}
	}
	return
}

func (s *Server) apiLint(c *gin.Context) {
	d, _, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	fs, err := s.lintVersion(c.Request.Context(), d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, w := countErrors(fs)
	ok(c, http.StatusOK, gin.H{"findings": fs, "errors": e, "warnings": w})
}

// firstDraft makes version 1 of d from its template and the cooperation's
// data ("Buat draf pertama").
func (s *Server) firstDraft(ctx context.Context, d *sepakat.Document, coop *sepakat.Cooperation) (*sepakat.Version, error) {
	if !sepakat.CanManageDocument(sepakat.UserFromContext(ctx)) {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya ARNP atau Kasubbag yang dapat membuat draf pertama.")
	}
	if len(d.Versions) > 0 {
		return nil, sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini sudah memiliki versi; draf pertama hanya dibuat untuk dokumen yang masih kosong.")
	}
	tpl, note, err := s.draftTemplate(ctx, d.Kind)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := s.Assist.FirstDraft(d.Kind, coop, tpl, &buf); err != nil {
		return nil, err
	}
	f, err := s.storeDraft(ctx, buf.Bytes(), fmt.Sprintf("draf-pertama-%s.docx", d.Kind))
	if err != nil {
		return nil, err
	}
	return s.recordVersion(ctx, d, f, "Draf pertama dari templat "+d.Kind.Label()+note)
}

func (s *Server) apiFirstDraft(c *gin.Context) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.firstDraft(c.Request.Context(), d, coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, gin.H{"number": v.Number, "sha256": v.SHA256})
}

// apiAssignNumber gives a final document its number from the register:
// {"partner_number","date":"2026-11-23"}.
func (s *Server) apiAssignNumber(c *gin.Context) {
	docAPI(s, c, http.StatusCreated, func(ctx context.Context, d *sepakat.Document, req struct {
		PartnerNumber string `json:"partner_number"`
		Date          string `json:"date"`
	}) (any, error) {
		date, err := time.Parse(time.DateOnly, req.Date)
		if err != nil {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Tanggal harus ditulis TTTT-BB-HH, misalnya 2026-11-23.")
		}
		e, warning, err := s.assignNumber(ctx, d.ID, req.PartnerNumber, date)
		if err != nil {
			return nil, err
		}
		return gin.H{"entry": e, "number": e.Number, "warning": warning}, nil
	})
}

// assignNumber gives document id its number from the register, then writes
// the numbers and the date into its final text and stores that as the
// numbered final text. The number stays given when the text cannot take it
// (no "NOMOR :" line): warning then says why.
func (s *Server) assignNumber(ctx context.Context, id int64, partner string, date time.Time) (*sepakat.RegisterEntry, string, error) {
	e, err := s.Register.AssignNumber(ctx, id, partner, date)
	if err != nil {
		return nil, "", err
	}
	d, _, err := s.Documents.FindDocumentByID(ctx, id)
	if err != nil {
		return e, "", err
	}
	data, err := s.stampFinal(ctx, d)
	if err != nil {
		if code := sepakat.ErrorCode(err); code == sepakat.ECONFLICT || code == sepakat.EINVALID {
			return e, sepakat.ErrorMessage(err), nil
		}
		return e, "", err
	}
	f, err := s.storeDraft(ctx, data, fmt.Sprintf("%s-bernomor.docx", d.Kind))
	if err != nil {
		return e, "", err
	}
	if _, err := s.Numbered.SetNumberedFile(ctx, id, f); err != nil {
		return e, "", err
	}
	return e, "", nil
}

// stampFinal writes the document's numbers and date into its final version.
func (s *Server) stampFinal(ctx context.Context, d *sepakat.Document) ([]byte, error) {
	src, done, err := s.openStored(ctx, d.Versions[d.Final-1].File)
	if err != nil {
		return nil, err
	}
	defer done()
	var buf bytes.Buffer
	if err := s.Stamper.StampNumbers(src.r, src.size, d.Number, d.PartnerNumber, d.NumberDate, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *Server) apiCancelNumber(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Register.CancelNumber(c.Request.Context(), id, req.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, e)
}

// registerYear reads ?year= (or ?tahun=), this year by default.
func registerYear(c *gin.Context) (int, error) {
	q := c.Query("year")
	if q == "" {
		q = c.Query("tahun")
	}
	if q == "" {
		return time.Now().In(jakarta).Year(), nil
	}
	y, err := strconv.Atoi(q)
	if err != nil || y < 2000 || y > 9999 {
		return 0, sepakat.Errorf(sepakat.EINVALID, "Tahun register tidak sah: %q.", q)
	}
	return y, nil
}

func (s *Server) apiRegister(c *gin.Context) {
	y, err := registerYear(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.Register.FindRegister(c.Request.Context(), y)
	if err != nil {
		s.fail(c, err)
		return
	}
	es = nonNil(es)
	ok(c, http.StatusOK, gin.H{"year": y, "entries": es})
}

// handleRegisterCSV downloads the buku register of a year as CSV.
func (s *Server) handleRegisterCSV(c *gin.Context) {
	y, err := registerYear(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.Register.FindRegister(c.Request.Context(), y)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := sepakat.WriteRegisterCSV(&buf, es); err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, fmt.Sprintf("buku-register-%d.csv", y))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func (s *Server) apiRegisterSettings(c *gin.Context) {
	st, err := s.Register.RegisterSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, st)
}

func (s *Server) apiRegisterSettingsSave(c *gin.Context) {
	var st sepakat.RegisterSettings
	if err := bindJSON(c, &st); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Register.SetRegisterSettings(c.Request.Context(), st); err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, st)
}
