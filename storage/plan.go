package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.PlanService = (*DB)(nil)

// The Perencanaan record lives in the bucket of schema version 7:
//
//	plans  cooperation id → Plan (Studi Kelayakan, KAK, their opinions and decisions)

// loadPlan reads the record of cooperation id; an empty one when none was
// saved yet.
func loadPlan(tx *bolt.Tx, id int64) (*sepakat.Plan, error) {
	p := &sepakat.Plan{CooperationID: id}
	if b := tx.Bucket(bucketPlans); b != nil { // nil: read-only open of an older database
		if _, err := getJSON(b, itob(id), p); err != nil {
			return nil, fmt.Errorf("get plan: %w", err)
		}
	}
	p.CooperationID = id
	p.Normalize()
	return p, nil
}

// FindPlan returns the Perencanaan record of cooperation id to whoever sees
// the cooperation.
func (db *DB) FindPlan(ctx context.Context, id int64) (*sepakat.Plan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var p *sepakat.Plan
	err = db.view(func(tx *bolt.Tx) error {
		c, err := visibleCooperation(tx, a, id)
		if err != nil {
			return err
		}
		p, err = loadPlan(tx, c.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// changePlan loads the record of cooperation id inside one write
// transaction, checks that a may take action on document k now, lets
// change modify it, and stores it.
func (db *DB) changePlan(a *sepakat.User, id int64, k sepakat.PlanKind, action sepakat.PlanAction, change func(tx *tx, c *sepakat.Cooperation, p *sepakat.Plan, d *sepakat.PlanDoc) error) (*sepakat.Plan, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	var p *sepakat.Plan
	_, err := db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		var err error
		if p, err = loadPlan(tx.Tx, c.ID); err != nil {
			return err
		}
		if err := sepakat.CheckPlan(a, c, p, k, action); err != nil {
			return err
		}
		d := p.Doc(k)
		if err := change(tx, c, p, d); err != nil {
			return err
		}
		d.UpdatedAt, d.UpdatedBy = tx.now, a.Name
		if err := putJSON(tx.Bucket(bucketPlans), itob(c.ID), p); err != nil {
			return fmt.Errorf("put plan: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// planLink is the page of document k of cooperation id.
func planLink(id int64, k sepakat.PlanKind) string {
	return fmt.Sprintf("/kerjasama/%d/%s", id, k.Slug())
}

// SavePlan saves the sections of document k as a draft; sections not in in
// are kept.
func (db *DB) SavePlan(ctx context.Context, id int64, k sepakat.PlanKind, in sepakat.PlanFieldsInput) (*sepakat.Plan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changePlan(a, id, k, sepakat.PlanActionSave, func(tx *tx, c *sepakat.Cooperation, p *sepakat.Plan, d *sepakat.PlanDoc) error {
		if err := in.Validate(k); err != nil {
			return err
		}
		var changed []string
		for _, f := range k.Fields() {
			v, ok := in[f.Key]
			if !ok || v == d.Fields[f.Key] {
				continue
			}
			d.Fields[f.Key] = v
			changed = append(changed, f.Label)
		}
		detail := fmt.Sprintf("%s disimpan sebagai draf", k.Label())
		if len(changed) > 0 {
			detail += "; bagian yang berubah: " + strings.Join(changed, ", ")
		}
		return tx.appendAudit(a, "cooperation.plan."+string(k)+".save", cooperationObject(c.ID), detail)
	})
}

// planReviewers are the active AKP and ARNP and the TKKSD members granted
// on c.
func planReviewers(tx *bolt.Tx, c *sepakat.Cooperation) ([]int64, error) {
	return usersWhere(tx, func(u *sepakat.User) bool {
		return u.Role == sepakat.RoleAKP || u.Role == sepakat.RoleARNP || u.Role == sepakat.RoleKasubbag ||
			(u.Role == sepakat.RoleTKKSD && c.IsGranted(u.ID))
	})
}

// SubmitPlan submits document k with every section filled: a new round of
// review starts and the reviewers (and Kasubbag) are notified.
func (db *DB) SubmitPlan(ctx context.Context, id int64, k sepakat.PlanKind) (*sepakat.Plan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changePlan(a, id, k, sepakat.PlanActionSubmit, func(tx *tx, c *sepakat.Cooperation, p *sepakat.Plan, d *sepakat.PlanDoc) error {
		if m := d.Missing(); len(m) > 0 {
			return sepakat.Errorf(sepakat.EINVALID, "%s belum dapat diajukan; bagian yang masih kosong: %s.", k.Label(), strings.Join(m, ", "))
		}
		d.Round++
		d.State = sepakat.PlanSubmitted
		d.Submissions = append(d.Submissions, sepakat.PlanSubmission{Round: d.Round, ByID: a.ID, ByName: a.Name, At: tx.now})
		if err := tx.appendAudit(a, "cooperation.plan."+string(k)+".submit", cooperationObject(c.ID),
			fmt.Sprintf("%s diajukan (putaran %d)", k.Label(), d.Round)); err != nil {
			return err
		}
		reviewers, err := planReviewers(tx.Tx, c)
		if err != nil {
			return err
		}
		reviewers = slices.DeleteFunc(reviewers, func(id int64) bool { return id == a.ID })
		msg := fmt.Sprintf("%s kerja sama %s %q diajukan (putaran %d) dan menunggu pendapat Anda.", k.Label(), displayCode(c), truncate(c.Title, 120), d.Round)
		return tx.notify(reviewers, msg, planLink(c.ID, k), c.ID)
	})
}

// AddPlanOpinion records a reviewer's opinion on the submitted document k;
// the first opinion of a round marks it reviewed.
func (db *DB) AddPlanOpinion(ctx context.Context, id int64, k sepakat.PlanKind, in sepakat.OpinionInput) (*sepakat.Plan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changePlan(a, id, k, sepakat.PlanActionOpinion, func(tx *tx, c *sepakat.Cooperation, p *sepakat.Plan, d *sepakat.PlanDoc) error {
		if err := in.Validate(); err != nil {
			return err
		}
		d.Opinions = append(d.Opinions, sepakat.PlanOpinion{
			Round: d.Round, ReviewerID: a.ID, Reviewer: a.Name, Role: a.Role, Opinion: in.Opinion, Note: in.Note, At: tx.now,
		})
		d.State = sepakat.PlanReviewed
		detail := fmt.Sprintf("pendapat atas %s (putaran %d): %s", k.Label(), d.Round, in.Opinion.Label())
		if in.Note != "" {
			detail += ": " + in.Note
		}
		return tx.appendAudit(a, "cooperation.plan."+string(k)+".opinion", cooperationObject(c.ID), detail)
	})
}

// DecidePlan records Kasubbag's decision on the submitted document k and
// notifies the PPKSD. Revise returns the document to them; rejected moves
// the cooperation to Ditolak through the Transitions table in the same
// transaction.
func (db *DB) DecidePlan(ctx context.Context, id int64, k sepakat.PlanKind, in sepakat.DecisionInput) (*sepakat.Plan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changePlan(a, id, k, sepakat.PlanActionDecide, func(tx *tx, c *sepakat.Cooperation, p *sepakat.Plan, d *sepakat.PlanDoc) error {
		if err := in.Validate(); err != nil {
			return err
		}
		d.Decisions = append(d.Decisions, sepakat.PlanDecision{
			Round: d.Round, Decision: in.Decision, Note: in.Note, ByID: a.ID, ByName: a.Name, At: tx.now,
		})
		d.State = in.Decision.State()
		detail := fmt.Sprintf("keputusan atas %s (putaran %d): %s", k.Label(), d.Round, in.Decision.Label())
		if in.Note != "" {
			detail += ": " + in.Note
		}
		if err := tx.appendAudit(a, "cooperation.plan."+string(k)+".decision", cooperationObject(c.ID), detail); err != nil {
			return err
		}
		if in.Decision == sepakat.DecisionRejected {
			note := fmt.Sprintf("%s ditolak: %s", k.Label(), in.Note)
			if err := sepakat.CheckTransition(a, c, sepakat.StageDitolak, note); err != nil {
				return err
			}
			// moveCooperation notifies the PPKSD with the note.
			return tx.moveCooperation(a, c, sepakat.StageDitolak, note)
		}
		msg := fmt.Sprintf("%s kerja sama %s %q: %s.", k.Label(), displayCode(c), truncate(c.Title, 120), in.Decision.Label())
		switch {
		case in.Decision == sepakat.DecisionRevise:
			msg += " Perbaiki dan ajukan kembali."
		case k == sepakat.PlanSK:
			msg += " Kerangka Acuan Kerja kini dapat diisi."
		}
		if in.Note != "" {
			msg += " Catatan: " + truncate(in.Note, 300)
		}
		recipients := slices.DeleteFunc([]int64{c.PPKSD1ID, c.PPKSD2ID}, func(id int64) bool { return id == 0 || id == a.ID })
		return tx.notify(recipients, msg, planLink(c.ID, k), c.ID)
	})
}

// checkPlanMove refuses the generic move perencanaan → inisiasi while a
// Perencanaan started in Sepakat (the Studi Kelayakan submitted at least
// once) has not both documents accepted. A cooperation planned outside
// Sepakat moves freely.
func checkPlanMove(tx *bolt.Tx, c *sepakat.Cooperation, to sepakat.Stage) error {
	if c.Stage != sepakat.StagePerencanaan || to != sepakat.StageInisiasi {
		return nil
	}
	p, err := loadPlan(tx, c.ID)
	if err != nil {
		return err
	}
	if p.SK.Round == 0 || p.Complete() {
		return nil
	}
	return sepakat.Errorf(sepakat.ECONFLICT, "Lanjut ke Inisiasi setelah Studi Kelayakan dan KAK diterima Kasubbag (Studi Kelayakan: %s; KAK: %s).",
		strings.ToLower(p.SK.State.Label()), strings.ToLower(p.KAK.State.Label()))
}
