package sepakat

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// LintElement is a part every agreement of some kinds must contain, for
// the drafting checker, such as "jangka waktu". It mirrors
// drafting.RequiredElement.
type LintElement struct {
	Name string `json:"name"`
	// Keywords: any of them (case-insensitive) in a Pasal title or a
	// heading marks the element present; with InText, anywhere in the text.
	Keywords []string `json:"keywords"`
	// Kinds are the kinds of agreement ("kb", "pks") that need it; empty
	// means every kind.
	Kinds []string `json:"kinds,omitempty"`
	// InText counts the keywords anywhere in the body.
	InText bool `json:"in_text,omitempty"`
	// Severity when missing: "error" (when empty) or "warning".
	Severity string `json:"severity,omitempty"`
}

// Limits of the list of required elements.
const (
	maxLintElements     = 100
	maxLintElementsText = 20000
)

// ValidateLintElements checks a list of required elements: each with a
// name and a keyword, kinds among kb and pks, a known severity.
func ValidateLintElements(es []LintElement) error {
	if len(es) > maxLintElements {
		return Errorf(EINVALID, "Daftar unsur wajib terlalu panjang (paling banyak %d unsur).", maxLintElements)
	}
	for _, e := range es {
		if strings.TrimSpace(e.Name) == "" {
			return Errorf(EINVALID, "Setiap unsur wajib harus bernama.")
		}
		if len(e.Keywords) == 0 {
			return Errorf(EINVALID, "Unsur %q tidak memiliki kata kunci.", e.Name)
		}
		for _, k := range e.Keywords {
			if strings.TrimSpace(k) == "" {
				return Errorf(EINVALID, "Unsur %q memiliki kata kunci kosong.", e.Name)
			}
		}
		for _, k := range e.Kinds {
			if k != TemplateKB && k != TemplatePKS {
				return Errorf(EINVALID, "Unsur %q: jenis %q tidak dikenal (pilih kb atau pks).", e.Name, k)
			}
		}
		if e.Severity != "" && e.Severity != "error" && e.Severity != "warning" {
			return Errorf(EINVALID, "Unsur %q: tingkat %q tidak dikenal.", e.Name, e.Severity)
		}
	}
	return nil
}

// ParseLintElements reads the list of required elements as the admin
// writes it, one element a line:
//
//	nama: kata kunci, kata kunci | jenis,jenis | tanda
//
// The kinds (kb, pks) are optional: none means every kind. The marks,
// optional too, are "peringatan" (a missing element is a warning, not an
// error) and "teks" (the keywords count anywhere in the text, not only in
// headings), separated by commas. Blank lines and lines starting with #
// are skipped.
func ParseLintElements(text string) ([]LintElement, error) {
	if len(text) > maxLintElementsText {
		return nil, Errorf(EINVALID, "Daftar unsur wajib terlalu panjang.")
	}
	if !utf8.ValidString(text) {
		return nil, Errorf(EINVALID, "Daftar unsur wajib bukan teks yang sah.")
	}
	var out []LintElement
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		name, kws, found := strings.Cut(parts[0], ":")
		if !found {
			return nil, Errorf(EINVALID, "Baris %d: tulis \"nama: kata kunci, kata kunci | pks,kb\".", i+1)
		}
		e := LintElement{Name: strings.TrimSpace(name), Keywords: splitList(kws)}
		if len(parts) > 1 {
			for _, k := range splitList(parts[1]) {
				e.Kinds = append(e.Kinds, strings.ToLower(k))
			}
		}
		if len(parts) > 2 {
			for _, m := range splitList(parts[2]) {
				switch strings.ToLower(m) {
				case "peringatan":
					e.Severity = "warning"
				case "teks":
					e.InText = true
				default:
					return nil, Errorf(EINVALID, "Baris %d: tanda %q tidak dikenal (pakai peringatan atau teks).", i+1, m)
				}
			}
		}
		if len(parts) > 3 {
			return nil, Errorf(EINVALID, "Baris %d: terlalu banyak tanda |.", i+1)
		}
		if err := ValidateLintElements([]LintElement{e}); err != nil {
			return nil, Errorf(EINVALID, "Baris %d: %s", i+1, ErrorMessage(err))
		}
		out = append(out, e)
	}
	return out, ValidateLintElements(out)
}

// FormatLintElements writes elements in the format of ParseLintElements.
func FormatLintElements(es []LintElement) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s: %s", e.Name, strings.Join(e.Keywords, ", "))
		var marks []string
		if e.Severity == "warning" {
			marks = append(marks, "peringatan")
		}
		if e.InText {
			marks = append(marks, "teks")
		}
		if len(e.Kinds) > 0 || len(marks) > 0 {
			fmt.Fprintf(&b, " | %s", strings.Join(e.Kinds, ","))
		}
		if len(marks) > 0 {
			fmt.Fprintf(&b, " | %s", strings.Join(marks, ","))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// LintSettingsService keeps the required elements of the drafting checker.
type LintSettingsService interface {
	// ElementsSettings returns the stored list; nil means the checker's
	// defaults apply (office staff and the admin).
	ElementsSettings(ctx context.Context) ([]LintElement, error)
	// SetElementsSettings stores the list; an empty list brings back the
	// defaults (admin or Kasubbag).
	SetElementsSettings(ctx context.Context, es []LintElement) error
}
