package sepakat

import (
	"context"
	"time"
)

// Count is one bar of a statistic: a key, its label and how many.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// StageDuration is how long the cooperations stayed in one stage, in
// working days, against the stage's standard (the sum of its SOP steps,
// StageStandards). Only finished stays count: the cooperation has moved on.
type StageDuration struct {
	Stage        Stage   `json:"stage"`
	Label        string  `json:"label"`
	Stays        int     `json:"stays"`
	AverageDays  float64 `json:"average_days"`
	StandardDays int     `json:"standard_days"`
	// Over is true when the average exceeds a non-zero standard.
	Over bool `json:"over"`
}

// Statistics are the numbers of the statistics page (/statistik).
type Statistics struct {
	Total         int             `json:"total"`
	ByStage       []Count         `json:"by_stage"`
	ByKind        []Count         `json:"by_kind"`
	ByPartnerKind []Count         `json:"by_partner_kind"`
	ByAffair      []Count         `json:"by_affair"`
	ByYear        []Count         `json:"by_year"`
	Durations     []StageDuration `json:"durations"`
}

// AffairLabel is the label of a cooperation's affair: the label of a
// GovernmentAffair, the text itself otherwise, "(belum diisi)" when empty.
func AffairLabel(a string) string {
	if a == "" {
		return "(belum diisi)"
	}
	if GovernmentAffair(a).Validate() == nil {
		return GovernmentAffair(a).Label()
	}
	return a
}

// PublicCooperation is what the public list of signed cooperations
// (/kerjasama-publik) shows: nothing private.
type PublicCooperation struct {
	Code    string   `json:"code"`
	Title   string   `json:"title"`
	Parties []string `json:"parties"`
	// Term is the term (jangka waktu) as written on the application.
	Term     string    `json:"term"`
	Numbers  []string  `json:"numbers"`
	Stage    Stage     `json:"stage"`
	SignedAt time.Time `json:"signed_at,omitzero"`
}

// StatisticsService counts the cooperations.
type StatisticsService interface {
	// Statistics counts every cooperation (office roles and the admin);
	// stays are counted in working days of cal and compared with
	// standards (StageStandards).
	Statistics(ctx context.Context, cal *Calendar, standards map[Stage]int) (*Statistics, error)
	// PublicCooperations lists the signed cooperations (Pemantauan and
	// later), newest signing first, for anyone.
	PublicCooperations(ctx context.Context) ([]PublicCooperation, error)
}
