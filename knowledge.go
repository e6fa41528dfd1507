package sepakat

import (
	"context"
	"time"
)

// Template kinds: the built-in templates an admin may replace by uploading
// a new version.
const (
	// TemplateKB is the template of a Kesepakatan Bersama (and Nota
	// Kesepahaman).
	TemplateKB = "kb"
	// TemplatePKS is the template of a Perjanjian Kerja Sama.
	TemplatePKS = "pks"
)

// TemplateKinds are the kinds of template, in the order pages show them.
var TemplateKinds = []string{TemplateKB, TemplatePKS}

// TemplateKindOf is the kind of template a first draft of kind is made
// from: KB and NK from the KB template, PKS from the PKS template.
func TemplateKindOf(kind DocumentKind) string {
	if kind == DocumentKB || kind == DocumentNK {
		return TemplateKB
	}
	return TemplatePKS
}

// ValidateTemplateKind checks that kind is "kb" or "pks".
func ValidateTemplateKind(kind string) error {
	if kind != TemplateKB && kind != TemplatePKS {
		return Errorf(EINVALID, "Jenis templat tidak dikenal: %q. Pilih kb atau pks.", kind)
	}
	return nil
}

// TemplateVersion is one uploaded version of a document template. Versions
// of a kind are numbered from 1 without gaps; the latest one is used for
// first drafts instead of the built-in template.
type TemplateVersion struct {
	Kind           string    `json:"kind"` // TemplateKB or TemplatePKS
	Version        int       `json:"version"`
	File           File      `json:"file"`
	Note           string    `json:"note"`
	UploadedBy     int64     `json:"uploaded_by"`
	UploadedByName string    `json:"uploaded_by_name"`
	UploadedAt     time.Time `json:"uploaded_at"`
}

// TemplateService keeps the versions of the document templates.
type TemplateService interface {
	// AddTemplate records f, already stored and validated, as the next
	// version of kind (admin or Kasubbag).
	AddTemplate(ctx context.Context, kind string, f File, note string) (*TemplateVersion, error)
	// FindTemplates returns every version of every kind, by kind then
	// version (any verified user).
	FindTemplates(ctx context.Context) ([]*TemplateVersion, error)
	// LatestTemplate returns the latest version of kind, if any.
	LatestTemplate(ctx context.Context, kind string) (*TemplateVersion, bool, error)
}
