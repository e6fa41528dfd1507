package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// coopStat is what the statistics need of one cooperation, kept in the
// index so that the statistics page decodes no JSON.
type coopStat struct {
	// stage, kind and partners are indexes into sepakat.Stages,
	// statKinds and sepakat.InstitutionKinds (-1: unknown), so that the
	// counting needs no map of strings.
	stage    int
	kind     int
	affair   string
	year     int
	partners []int
	// stays are the finished stays in a stage: entered at from, left at to.
	stays []stay
	// since is when the cooperation entered its current stage.
	since time.Time
}

// stay is one finished stay in a stage, from day to day (sepakat.CivilDay
// numbers of its dates in the location of its start), precomputed so that
// the statistics count working days without time arithmetic.
type stay struct {
	stage    int // index into sepakat.Stages
	from, to int64
}

// statKinds are the kinds the statistics count, in order.
var statKinds = []sepakat.CooperationKind{sepakat.KindKSDD, sepakat.KindKSDPK}

func newCoopStat(c *sepakat.Cooperation) coopStat {
	st := coopStat{stage: c.Stage.Index(), kind: slices.Index(statKinds, c.Kind), affair: c.Affair, year: c.CreatedAt.Year()}
	if !c.SubmittedAt.IsZero() {
		st.year = c.SubmittedAt.Year()
	}
	for _, p := range c.Partners {
		if k := slices.Index(sepakat.InstitutionKinds, p.Kind); k >= 0 && !slices.Contains(st.partners, k) {
			st.partners = append(st.partners, k)
		}
	}
	st.since = c.CreatedAt
	if n := len(c.History); n > 0 {
		st.since = c.History[n-1].At
	}
	for i := 0; i+1 < len(c.History); i++ {
		h, next := c.History[i], c.History[i+1]
		if next.At.After(h.At) {
			st.stays = append(st.stays, stay{stage: h.To.Index(), from: sepakat.CivilDay(h.At), to: sepakat.CivilDay(next.At.In(h.At.Location()))})
		}
	}
	return st
}

// Statistics counts every cooperation (office roles and the admin).
func (db *DB) Statistics(ctx context.Context, cal *sepakat.Calendar, standards map[sepakat.Stage]int) (*sepakat.Statistics, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !isSystem(a) && !a.Role.IsOffice() && a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Statistik hanya untuk Bagian Kerja Sama.")
	}
	if cal == nil {
		cal = sepakat.DefaultCalendar()
	}
	n := len(sepakat.Stages)
	var (
		byStage   = make([]int, n)
		byKind    = make([]int, len(statKinds)+1) // the last: not filled in
		byPartner = make([]int, len(sepakat.InstitutionKinds))
		byAffair  = map[string]int{}
		byYear    = map[int]int{}
		days      = make([]int, n)
		stays     = make([]int, n)
	)
	count := cal.Counter()
	out := &sepakat.Statistics{}
	db.index.mu.RLock()
	for _, e := range db.index.sorted {
		out.Total++
		if e.stat.stage >= 0 {
			byStage[e.stat.stage]++
		}
		if e.stat.kind >= 0 {
			byKind[e.stat.kind]++
		} else {
			byKind[len(statKinds)]++
		}
		for _, k := range e.stat.partners {
			byPartner[k]++
		}
		byAffair[e.stat.affair]++
		byYear[e.stat.year]++
		for _, s := range e.stat.stays {
			if s.stage >= 0 {
				stays[s.stage]++
				days[s.stage] += count.BetweenDays(s.from, s.to)
			}
		}
	}
	db.index.mu.RUnlock()

	for i, s := range sepakat.Stages {
		out.ByStage = append(out.ByStage, sepakat.Count{Key: string(s), Label: s.Label(), Count: byStage[i]})
		if s == sepakat.StageSelesai || s == sepakat.StageDitolak {
			continue
		}
		d := sepakat.StageDuration{Stage: s, Label: s.Label(), Stays: stays[i], StandardDays: standards[s]}
		if d.Stays > 0 {
			d.AverageDays = float64(days[i]) / float64(d.Stays)
		}
		d.Over = d.StandardDays > 0 && d.AverageDays > float64(d.StandardDays)
		out.Durations = append(out.Durations, d)
	}
	for i, k := range statKinds {
		out.ByKind = append(out.ByKind, sepakat.Count{Key: string(k), Label: k.Label(), Count: byKind[i]})
	}
	if n := byKind[len(statKinds)]; n > 0 {
		out.ByKind = append(out.ByKind, sepakat.Count{Key: "", Label: "(belum diisi)", Count: n})
	}
	for i, k := range sepakat.InstitutionKinds {
		out.ByPartnerKind = append(out.ByPartnerKind, sepakat.Count{Key: string(k), Label: k.Label(), Count: byPartner[i]})
	}
	for a, n := range byAffair {
		out.ByAffair = append(out.ByAffair, sepakat.Count{Key: a, Label: sepakat.AffairLabel(a), Count: n})
	}
	slices.SortFunc(out.ByAffair, func(x, y sepakat.Count) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Label, y.Label))
	})
	for y, n := range byYear {
		out.ByYear = append(out.ByYear, sepakat.Count{Key: strconv.Itoa(y), Label: strconv.Itoa(y), Count: n})
	}
	slices.SortFunc(out.ByYear, func(x, y sepakat.Count) int { return cmp.Compare(x.Key, y.Key) })
	return out, nil
}

// publicStages are the stages of a signed cooperation.
var publicStages = []sepakat.Stage{sepakat.StagePemantauan, sepakat.StageEvaluasi, sepakat.StageSelesai}

// PublicCooperations lists the signed cooperations for anyone: code,
// title, parties, term, the numbers of their documents and the signing.
func (db *DB) PublicCooperations(ctx context.Context) ([]sepakat.PublicCooperation, error) {
	var out []sepakat.PublicCooperation
	err := db.view(func(tx *bolt.Tx) error {
		numbers := map[int64][]string{}
		if b := tx.Bucket(bucketDocuments); b != nil {
			err := b.ForEach(func(_, v []byte) error {
				var d sepakat.Document
				if err := json.Unmarshal(v, &d); err != nil {
					return err
				}
				if d.Number != "" {
					numbers[d.CooperationID] = append(numbers[d.CooperationID], d.Number)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("public cooperations: documents: %w", err)
			}
		}
		b := tx.Bucket(bucketCooperations)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c sepakat.Cooperation
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode cooperation %d: %w", btoi(k), err)
			}
			if !slices.Contains(publicStages, c.Stage) {
				return nil
			}
			p := sepakat.PublicCooperation{
				Code: c.Code, Title: c.Title, Term: c.Preparation.Term, Stage: c.Stage,
				Numbers: numbers[c.ID], Parties: []string{},
			}
			if c.Applicant.Name != "" {
				p.Parties = append(p.Parties, c.Applicant.Name)
			}
			for _, pa := range c.Partners {
				p.Parties = append(p.Parties, pa.Name)
			}
			for _, h := range c.History {
				if h.To == sepakat.StagePemantauan {
					p.SignedAt = h.At
				}
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y sepakat.PublicCooperation) int {
		return cmp.Or(y.SignedAt.Compare(x.SignedAt), cmp.Compare(x.Code, y.Code))
	})
	return out, nil
}
