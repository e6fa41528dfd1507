package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// keyRemindersSent holds the keys of the work items already reminded.
var keyRemindersSent = []byte("deadline_reminders_sent")

var officeRoleList = []sepakat.Role{sepakat.RoleAKP, sepakat.RoleARNP, sepakat.RoleKasubbag}

// stageActions says what a stage's next action is, for the office and for
// the PPKSD.
var stageActions = map[sepakat.Stage]string{
	sepakat.StagePerencanaan:     "Perencanaan: Studi Kelayakan dan KAK diisi, ditelaah dan diputuskan",
	sepakat.StageInisiasi:        "Inisiasi: dokumen penawaran diunggah, ditelaah dan dinyatakan lengkap",
	sepakat.StagePersiapan:       "Persiapan: rancangan dibahas, diperbaiki dan disetujui",
	sepakat.StagePenomoran:       "Penomoran: rancangan akhir diberi nomor dan tanggal",
	sepakat.StagePenandatanganan: "Penandatanganan: naskah ditandatangani dan pindaiannya diunggah",
}

// workItems derives every open work item from the stored data, with its
// deadline at now; days are counted in now's location (the office's zone).
func (db *DB) workItems(tx *bolt.Tx, now time.Time, cal *sepakat.Calendar, ts []sepakat.TimeStandard) ([]sepakat.WorkItem, error) {
	if cal == nil {
		cal = sepakat.DefaultCalendar()
	}
	std := func(item string) int { n, _ := sepakat.ItemStandard(ts, item); return n }
	stages := sepakat.StageStandards(ts)
	var items []sepakat.WorkItem
	add := func(w sepakat.WorkItem, days int) {
		w.Key = w.Kind + ":" + w.Key + ":" + strconv.FormatInt(w.Started.Unix(), 10)
		// Working days are counted in now's location: the office's zone.
		w.Started = w.Started.In(now.Location())
		w.SetDeadline(cal, days, now)
		items = append(items, w)
	}

	// Registrations to verify (SOP 15 steps 7–10).
	if b := tx.Bucket(bucketRegistrations); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var r sepakat.Registration
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode registration %d: %w", btoi(k), err)
			}
			if r.Status != sepakat.RegistrationSubmitted {
				return nil
			}
			add(sepakat.WorkItem{Key: strconv.FormatInt(r.ID, 10), Kind: "registration_verification",
				Title: r.Institution.Name, Action: "Verifikasi registrasi PPKSD",
				Link: fmt.Sprintf("/verifikasi-data/%d", r.ID), Started: r.SubmittedAt, Roles: officeRoleList}, std("registration_verification"))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// Applications to accept, and stages to finish.
	stageOf := map[int64]*coopEntry{}
	db.index.mu.RLock()
	for _, e := range db.index.sorted {
		stageOf[e.summary.ID] = e
		s := e.summary.Stage
		title := e.summary.Title
		if e.summary.Code != "" {
			title = e.summary.Code + " " + title
		}
		w := sepakat.WorkItem{Key: strconv.FormatInt(e.summary.ID, 10), Title: title, Link: fmt.Sprintf("/kerjasama/%d", e.summary.ID),
			CooperationID: e.summary.ID, Started: e.stat.since}
		switch {
		case s == sepakat.StagePermohonan:
			w.Kind, w.Action, w.Roles = "application", "Telaah dan terima permohonan", officeRoleList
			add(w, std("registration_verification"))
		case stageActions[s] != "":
			w.Kind, w.Action, w.Roles = "stage_"+string(s), stageActions[s], officeRoleList
			w.Users = []int64{e.access.PPKSD1ID, e.access.PPKSD2ID}
			add(w, stages[s])
		}
	}
	db.index.mu.RUnlock()

	// Drafts with an open review session, final drafts awaiting approval.
	if b := tx.Bucket(bucketDocuments); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var d sepakat.Document
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("decode document %d: %w", btoi(k), err)
			}
			e := stageOf[d.CooperationID]
			if e == nil || e.summary.Stage != sepakat.StagePersiapan || len(d.Versions) == 0 || d.Final != 0 {
				return nil
			}
			w := sepakat.WorkItem{Key: strconv.FormatInt(d.ID, 10), Title: d.Title,
				Link: fmt.Sprintf("/dokumen/%d", d.ID), CooperationID: d.CooperationID,
				Started: d.Versions[len(d.Versions)-1].CreatedAt}
			switch {
			case d.ApprovalOpen:
				w.Kind, w.Action, w.Roles = "final_approval", "Setujui rancangan akhir", []sepakat.Role{sepakat.RoleKasubbag}
				approved := map[int64]bool{}
				for _, a := range d.Approvals {
					if !a.Void {
						approved[a.UserID] = true
					}
				}
				for _, id := range []int64{e.access.PPKSD1ID, e.access.PPKSD2ID} {
					if !approved[id] {
						w.Users = append(w.Users, id)
					}
				}
				add(w, std("final_approval"))
			case d.Session == sepakat.SessionOpen:
				w.Kind, w.Action, w.Roles = "draft_review", "Beri usulan atas rancangan dan tanggapi", []sepakat.Role{sepakat.RoleARNP, sepakat.RoleKasubbag}
				for _, g := range d.Grants {
					if g.Right == sepakat.RightComment {
						w.Users = append(w.Users, g.UserID)
					}
				}
				add(w, std("draft_review"))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// Signing proposals awaiting the protocol office or the PPKSD (no SOP
	// time standard: listed without a deadline).
	if b := tx.Bucket(bucketSignings); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var s sepakat.Signing
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("decode signing %d: %w", btoi(k), err)
			}
			e := stageOf[s.CooperationID]
			p := s.Current()
			if e == nil || p == nil || e.summary.Stage != sepakat.StagePenandatanganan {
				return nil
			}
			w := sepakat.WorkItem{Key: strconv.FormatInt(p.ID, 10), Title: e.summary.Title,
				Link: fmt.Sprintf("/kerjasama/%d", s.CooperationID), CooperationID: s.CooperationID, Started: p.At}
			switch s.State {
			case sepakat.SigningAwaitingProtocol:
				w.Kind, w.Action, w.Roles = "signing_proposal", "Jawab usulan jadwal penandatanganan tatap muka", []sepakat.Role{sepakat.RoleProtokol}
			case sepakat.SigningAwaitingPPKSD:
				w.Kind, w.Action, w.Users = "signing_counter", "Jawab usulan jadwal dari Bagian Protokol", []int64{e.access.PPKSD1ID, e.access.PPKSD2ID}
			default:
				return nil
			}
			add(w, 0)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sepakat.SortWorkItems(items)
	return items, nil
}

// Worklist lists what waits for the caller at now, oldest first, with the
// overdue items marked.
func (db *DB) Worklist(ctx context.Context, now time.Time, cal *sepakat.Calendar, ts []sepakat.TimeStandard) ([]sepakat.WorkItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []sepakat.WorkItem
	err = db.view(func(tx *bolt.Tx) error {
		items, err := db.workItems(tx, now, cal, ts)
		if err != nil {
			return err
		}
		for _, w := range items {
			if w.For(a) {
				out = append(out, w)
			}
		}
		return nil
	})
	return out, err
}

// SendDeadlineReminders notifies, once per item, the people an overdue
// item waits for (system only). It returns the number of items reminded.
func (db *DB) SendDeadlineReminders(ctx context.Context, now time.Time, cal *sepakat.Calendar, ts []sepakat.TimeStandard) (int, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	if !isSystem(a) {
		return 0, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya sistem yang mengirim pengingat tenggat.")
	}
	n := 0
	err = db.update(func(tx *tx) error {
		items, err := db.workItems(tx.Tx, now, cal, ts)
		if err != nil {
			return err
		}
		sent := map[string]int64{}
		if _, err := getJSON(tx.Bucket(bucketMeta), keyRemindersSent, &sent); err != nil {
			return err
		}
		open := map[string]bool{}
		for _, w := range items {
			open[w.Key] = true
			if !w.Overdue || sent[w.Key] != 0 {
				continue
			}
			roles := w.Roles
			ids, err := usersWhere(tx.Tx, func(u *sepakat.User) bool { return slices.Contains(roles, u.Role) })
			if err != nil {
				return err
			}
			for _, id := range w.Users {
				if id != 0 && !slices.Contains(ids, id) {
					if u, found, err := getUser(tx.Tx, id); err == nil && found && u.Active {
						ids = append(ids, id)
					}
				}
			}
			msg := fmt.Sprintf("Lewat tenggat %d hari kerja (%s): %s — %s.", w.Days, w.Due.Format("02-01-2006"), w.Action, w.Title)
			if err := tx.notify(ids, msg, w.Link, w.CooperationID); err != nil {
				return err
			}
			sent[w.Key] = now.Unix()
			n++
		}
		// Forget the items that are done, so the list stays small.
		for k := range sent {
			if !open[k] {
				delete(sent, k)
			}
		}
		return putJSON(tx.Bucket(bucketMeta), keyRemindersSent, sent)
	})
	return n, err
}
