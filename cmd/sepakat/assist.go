package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/templates"
)

// assistant is the service's drafting help: the Word engine's renumbering
// and checking, and first drafts from the built-in templates.
type assistant struct{ drafting.Engine }

var _ sepakat.DraftAssistant = assistant{}

// firstNumber finds the first whole number in a text ("5 (lima) tahun").
var firstNumber = regexp.MustCompile(`\d+`)

// FirstDraft fills the template of kind with what the application holds:
// the proposing institution as PIHAK KESATU, the first partner as PIHAK
// KEDUA, the purpose, scope, term and funding of the Persiapan form. What
// the form does not hold (names of the signatories, numbers) is left for
// the ARNP to type.
// The template is the uploaded one when given, else the built-in one.
func (assistant) FirstDraft(kind sepakat.DocumentKind, c *sepakat.Cooperation, tpl []byte, w io.Writer) error {
	if tpl == nil {
		var err error
		if tpl, err = templates.Builtin(sepakat.TemplateKindOf(kind)); err != nil {
			return err
		}
	}
	partner := sepakat.Partner{Name: "(nama mitra)"}
	if len(c.Partners) > 0 {
		partner = c.Partners[0]
	}
	years := 5
	if m := firstNumber.FindString(c.Preparation.Term); m != "" {
		if n, err := strconv.Atoi(m); err == nil && n > 0 && n < 100 {
			years = n
		}
	}
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var scope []string
	for _, s := range strings.FieldsFunc(c.Preparation.Scope, func(r rune) bool { return r == '\n' || r == ';' }) {
		if s = oneLine(s); s != "" {
			scope = append(scope, s)
		}
	}
	// What the application does not hold is left as "...." for the ARNP
	// to fill; the checker flags every one of them.
	const blank = "...."
	var roles [2][]string
	for i, part := range strings.SplitN(c.Preparation.Roles, ";", 2) {
		if part = oneLine(part); part != "" {
			roles[i] = []string{part}
		}
	}
	for i := range roles {
		if roles[i] == nil {
			roles[i] = []string{blank}
		}
	}
	data := templates.Data{
		Title:    oneLine(c.Title),
		Date:     time.Now().Format(time.DateOnly),
		Location: oneLine(firstNonEmptyString(c.Applicant.City, blank)),
		Parties: []templates.Party{
			{Name: blank, Position: blank, Institution: oneLine(c.Applicant.Name), Address: firstNonEmptyString(oneLine(c.Applicant.Address), blank),
				Number: blank, Rights: []string{blank}, Obligations: roles[0]},
			{Name: blank, Position: blank, Institution: oneLine(partner.Name), Address: firstNonEmptyString(oneLine(partner.Address), blank),
				Number: blank, Rights: []string{blank}, Obligations: roles[1]},
		},
		// The law of regional cooperation.
		LegalBasis: []string{
			"Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
			"Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah",
			"Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020 tentang Tata Cara Kerja Sama Daerah dengan Daerah Lain dan Kerja Sama Daerah dengan Pihak Ketiga",
		},
		FrameworkAgreement: "Kesepakatan Bersama Nomor " + blank + " tentang " + oneLine(c.Title),
		ValueText:          "Rp" + blank + " (" + blank + " rupiah)",
		Purpose:            oneLine(c.Preparation.Purpose),
		Objective:          oneLine(c.Preparation.Benefits),
		Scope:              scope,
		TermYears:          years,
		Funding:            oneLine(c.Preparation.Funding),
	}
	out, err := templates.Fill(tpl, data)
	if err != nil {
		return sepakat.Errorf(sepakat.EINVALID, "Draf pertama tidak dapat dibuat dari data permohonan: %s. Lengkapi data permohonan lalu coba lagi.", oneLine(err.Error()))
	}
	_, err = w.Write(out)
	return err
}

// maxTemplateSize bounds an uploaded template read whole into memory.
const maxTemplateSize = 20 << 20

// ValidateTemplate checks an uploaded template: a .docx whose every
// placeholder is known and well formed.
func (assistant) ValidateTemplate(kind string, r io.ReaderAt, size int64) error {
	if err := sepakat.ValidateTemplateKind(kind); err != nil {
		return err
	}
	if size > maxTemplateSize {
		return sepakat.Errorf(sepakat.ETOOLARGE, "Templat terlalu besar: paling besar %d MB.", maxTemplateSize>>20)
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read template: %w", err)
	}
	if err := templates.Validate(data); err != nil {
		return sepakat.Errorf(sepakat.EINVALID, "Templat ditolak: %s. Gunakan hanya placeholder yang dikenal (lihat daftar di halaman Pengetahuan Kerja Sama).", err.Error())
	}
	return nil
}

// BuiltinTemplate returns the built-in template of a kind.
func (assistant) BuiltinTemplate(kind string) ([]byte, error) {
	if err := sepakat.ValidateTemplateKind(kind); err != nil {
		return nil, err
	}
	return templates.Builtin(kind)
}

// TemplatePlaceholders lists the placeholders a template may use, sorted.
func (assistant) TemplatePlaceholders() []string {
	names := slices.Collect(maps.Keys(templates.Known()))
	slices.Sort(names)
	return names
}

func firstNonEmptyString(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
