package sepakat

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// TimeStandard is the time standard of one step, or one group of steps, of
// the SOPs 15–20/PDK/2021 (column "Waktu"): how many working days (hari
// kerja) the actor has for it. Where the SOP gives one total for several
// steps ("total untuk kegiatan nomor 5 s.d. nomor 7"), the group is one
// standard.
type TimeStandard struct {
	SOP      string `json:"sop"`      // e.g. "16/PDK/2021"
	Steps    string `json:"steps"`    // the step numbers, e.g. "5–7"
	Activity string `json:"activity"` // what is done (kegiatan)
	Actor    string `json:"actor"`    // who does it (pelaksana)
	Days     int    `json:"days"`     // working days
	// Stage is the stage of the cooperation the step belongs to; Item the
	// kind of work item it applies to (e.g. "registration_verification",
	// "feasibility_study_review", "draft_session", "numbering").
	Stage Stage  `json:"stage"`
	Item  string `json:"item"`
	// Loop is true for a step taken only on a revision or a rejection: it
	// does not count towards the stage's standard.
	Loop bool `json:"loop,omitempty"`
}

// MaxTimeStandardDays caps one standard.
const MaxTimeStandardDays = 120

//go:embed sop_time_standards.json
var timeStandardsJSON []byte

// DefaultTimeStandards returns the time standards shipped with Sepakat,
// transcribed from SOP 15–20/PDK/2021.
func DefaultTimeStandards() []TimeStandard {
	var ts []TimeStandard
	if err := json.Unmarshal(timeStandardsJSON, &ts); err != nil {
		panic(fmt.Errorf("sop_time_standards.json: %w", err)) // embedded data, checked by the tests
	}
	return ts
}

// ValidateTimeStandards checks a list of standards and trims its texts.
func ValidateTimeStandards(ts []TimeStandard) ([]TimeStandard, error) {
	if len(ts) == 0 || len(ts) > 200 {
		return nil, Errorf(EINVALID, "Daftar standar waktu harus berisi 1 sampai 200 langkah.")
	}
	out := make([]TimeStandard, len(ts))
	for i, t := range ts {
		t.SOP, t.Steps = strings.TrimSpace(t.SOP), strings.TrimSpace(t.Steps)
		t.Activity, t.Actor, t.Item = strings.TrimSpace(t.Activity), strings.TrimSpace(t.Actor), strings.TrimSpace(t.Item)
		if t.Activity == "" || t.Actor == "" || t.Item == "" {
			return nil, Errorf(EINVALID, "Langkah %d: kegiatan, pelaksana dan jenis pekerjaan wajib diisi.", i+1)
		}
		if t.Days < 0 || t.Days > MaxTimeStandardDays {
			return nil, Errorf(EINVALID, "Langkah %d: standar waktu harus 0 sampai %d hari kerja.", i+1, MaxTimeStandardDays)
		}
		if err := t.Stage.Validate(); err != nil {
			return nil, Errorf(EINVALID, "Langkah %d: tahap %q tidak dikenal.", i+1, string(t.Stage))
		}
		out[i] = t
	}
	return out, nil
}

// StageStandards sums the standards of each stage's steps, leaving out the
// revision and rejection steps (Loop): the working days a stage should take.
func StageStandards(ts []TimeStandard) map[Stage]int {
	m := map[Stage]int{}
	for _, t := range ts {
		if !t.Loop {
			m[t.Stage] += t.Days
		}
	}
	return m
}

// ItemStandard returns the working days of the first non-loop step of the
// kind of work item, and false when no step has that item.
func ItemStandard(ts []TimeStandard, item string) (int, bool) {
	for _, t := range ts {
		if t.Item == item && !t.Loop {
			return t.Days, true
		}
	}
	return 0, false
}

// ValidateHolidays checks holiday lists: known years, dates in their year,
// a source for each year, no year twice. It returns them sorted by year.
func ValidateHolidays(years []HolidayYear) ([]HolidayYear, error) {
	seen := map[int]bool{}
	out := make([]HolidayYear, 0, len(years))
	for _, y := range years {
		if y.Year < 2000 || y.Year > 2100 {
			return nil, Errorf(EINVALID, "Tahun %d di luar 2000–2100.", y.Year)
		}
		if seen[y.Year] {
			return nil, Errorf(EINVALID, "Tahun %d tercantum dua kali.", y.Year)
		}
		seen[y.Year] = true
		y.Source = strings.TrimSpace(y.Source)
		if y.Source == "" {
			return nil, Errorf(EINVALID, "Tahun %d: sumber resmi (SKB tiga menteri) wajib diisi.", y.Year)
		}
		for i, h := range y.Holidays {
			h.Name = strings.TrimSpace(h.Name)
			d, err := time.Parse(time.DateOnly, h.Date)
			if err != nil || d.Year() != y.Year {
				return nil, Errorf(EINVALID, "Tahun %d: tanggal %q harus berbentuk TTTT-BB-HH pada tahun itu.", y.Year, h.Date)
			}
			if h.Name == "" {
				return nil, Errorf(EINVALID, "Tahun %d: nama hari libur %s wajib diisi.", y.Year, h.Date)
			}
			y.Holidays[i] = h
		}
		out = append(out, y)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].Year < out[i].Year {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out, nil
}

// SettingsService keeps the admin's settings of deadlines: the SOP time
// standards and the holiday lists. Everyone logged in may read them; only
// the admin changes them.
type SettingsService interface {
	TimeStandards(ctx context.Context) ([]TimeStandard, error)
	SetTimeStandards(ctx context.Context, ts []TimeStandard) ([]TimeStandard, error)
	Holidays(ctx context.Context) ([]HolidayYear, error)
	SetHolidays(ctx context.Context, years []HolidayYear) ([]HolidayYear, error)
}
