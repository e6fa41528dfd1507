package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var (
	_ sepakat.MonitoringService = (*DB)(nil)
	_ sepakat.ReminderService   = (*DB)(nil)
)

// Monitoring lives in the bucket of schema version 7:
//
//	monitoring_entries  cooperation id + entry id → MonitoringEntry
//	                    cooperation id + "reminders" → reminderState
//
// Entry ids come from the bucket's sequence. The files of an entry are
// referenced in filerefs under the cooperation's object, so that whoever
// sees the cooperation may download them.

// reminderSuffix ends the key of a cooperation's reminder state; entry
// keys are 16 bytes long, the reminder key longer.
const reminderSuffix = "reminders"

// reminderState records which reminders of a cooperation were sent, so
// that the background job sends each one once.
type reminderState struct {
	// MonitoringDue is the due date of the last monitoring reminder.
	MonitoringDue time.Time `json:"monitoring_due,omitzero"`
	// Expiry is the last expiry flag announced, with the end it was
	// computed for.
	Expiry    sepakat.ExpiryFlag `json:"expiry,omitempty"`
	ExpiryEnd time.Time          `json:"expiry_end,omitzero"`
}

func entryKey(coop, entry int64) []byte { return append(itob(coop), itob(entry)...) }

func reminderKey(coop int64) []byte { return append(itob(coop), reminderSuffix...) }

func errEntryNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Data pemantauan tidak ditemukan.")
}

// monitoringEntries reads the entries of cooperation id, oldest first.
func monitoringEntries(tx *bolt.Tx, id int64) ([]*sepakat.MonitoringEntry, error) {
	b := tx.Bucket(bucketMonitoring)
	out := []*sepakat.MonitoringEntry{}
	if b == nil {
		return out, nil
	}
	prefix := itob(id)
	cur := b.Cursor()
	for k, v := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		if len(k) != 16 {
			continue
		}
		var e sepakat.MonitoringEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("decode monitoring entry: %w", err)
		}
		out = append(out, &e)
	}
	return out, nil
}

// lastEntryAt is when the newest entry was made; zero when none.
func lastEntryAt(entries []*sepakat.MonitoringEntry) time.Time {
	var last time.Time
	for _, e := range entries {
		if e.CreatedAt.After(last) {
			last = e.CreatedAt
		}
	}
	return last
}

func getMonitoringEntry(tx *bolt.Tx, coop, entry int64) (*sepakat.MonitoringEntry, error) {
	b := tx.Bucket(bucketMonitoring)
	if b == nil {
		return nil, errEntryNotFound()
	}
	var e sepakat.MonitoringEntry
	found, err := getJSON(b, entryKey(coop, entry), &e)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errEntryNotFound()
	}
	return &e, nil
}

// FindMonitoring returns the entries of cooperation id and its schedule to
// whoever sees the cooperation.
func (db *DB) FindMonitoring(ctx context.Context, id int64) ([]*sepakat.MonitoringEntry, sepakat.MonitoringStatus, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, sepakat.MonitoringStatus{}, err
	}
	var entries []*sepakat.MonitoringEntry
	var st sepakat.MonitoringStatus
	err = db.view(func(tx *bolt.Tx) error {
		c, err := visibleCooperation(tx, a, id)
		if err != nil {
			return err
		}
		if entries, err = monitoringEntries(tx, id); err != nil {
			return err
		}
		st = sepakat.NewMonitoringStatus(c, lastEntryAt(entries), db.now())
		return nil
	})
	if err != nil {
		return nil, sepakat.MonitoringStatus{}, err
	}
	return entries, st, nil
}

// FindMonitoringEntry returns one entry of cooperation id.
func (db *DB) FindMonitoringEntry(ctx context.Context, id, entry int64) (*sepakat.MonitoringEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var e *sepakat.MonitoringEntry
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := visibleCooperation(tx, a, id); err != nil {
			return err
		}
		e, err = getMonitoringEntry(tx, id, entry)
		return err
	})
	return e, err
}

// monitoringRecipients are the office staff and the granted TKKSD members
// of c, but not a.
func monitoringRecipients(tx *bolt.Tx, a *sepakat.User, c *sepakat.Cooperation) ([]int64, error) {
	ids, err := officeUsers(tx)
	if err != nil {
		return nil, err
	}
	for _, g := range c.Grants {
		ids = append(ids, g.UserID)
	}
	return slices.DeleteFunc(ids, func(id int64) bool { return id == a.ID }), nil
}

// AddMonitoringEntry adds an entry to the monitoring of cooperation id and
// notifies the office and the granted TKKSD members.
func (db *DB) AddMonitoringEntry(ctx context.Context, id int64, in sepakat.MonitoringInput) (*sepakat.MonitoringEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var e *sepakat.MonitoringEntry
	_, err = db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := sepakat.CheckAddMonitoring(a, c); err != nil {
			return err
		}
		b := tx.Bucket(bucketMonitoring)
		eid, err := nextID(b)
		if err != nil {
			return err
		}
		e = &sepakat.MonitoringEntry{
			ID: eid, CooperationID: c.ID, MonitoringInput: in, Files: []sepakat.MonitoringFile{}, NextFile: 1,
			Notes: []sepakat.ReviewNote{}, NextNote: 1, AuthorID: a.ID, AuthorName: a.Name, CreatedAt: tx.now, UpdatedAt: tx.now,
		}
		if err := putJSON(b, entryKey(c.ID, eid), e); err != nil {
			return fmt.Errorf("put monitoring entry: %w", err)
		}
		if err := tx.appendAudit(a, "cooperation.monitoring.add", cooperationObject(c.ID),
			fmt.Sprintf("data pemantauan %d: %s", eid, truncate(in.Activity, 200))); err != nil {
			return err
		}
		to, err := monitoringRecipients(tx.Tx, a, c)
		if err != nil {
			return err
		}
		return tx.notify(to, fmt.Sprintf("Data pemantauan baru pada kerja sama %s %q.", displayCode(c), truncate(c.Title, 120)),
			linkMonitoring(c.ID), c.ID)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func linkMonitoring(id int64) string { return linkCooperation(id) + "#pemantauan" }

// changeEntry loads entry of cooperation id in one write transaction after
// check, lets change modify it and stores it.
func (db *DB) changeEntry(a *sepakat.User, id, entry int64, check func(*sepakat.User, *sepakat.Cooperation) error,
	change func(tx *tx, c *sepakat.Cooperation, e *sepakat.MonitoringEntry) error) (*sepakat.MonitoringEntry, error) {
	var e *sepakat.MonitoringEntry
	_, err := db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := check(a, c); err != nil {
			return err
		}
		var err error
		if e, err = getMonitoringEntry(tx.Tx, c.ID, entry); err != nil {
			return err
		}
		if err := change(tx, c, e); err != nil {
			return err
		}
		e.UpdatedAt = tx.now
		if err := putJSON(tx.Bucket(bucketMonitoring), entryKey(c.ID, e.ID), e); err != nil {
			return fmt.Errorf("put monitoring entry: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// AddMonitoringFile adds a stored, checked file to entry of cooperation
// id.
func (db *DB) AddMonitoringFile(ctx context.Context, id, entry int64, file sepakat.File) (*sepakat.MonitoringEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkStoredFile(&file, a, sepakat.MaxMonitoringFileSize, "pemantauan", monitoringTypes...); err != nil {
		return nil, err
	}
	return db.changeEntry(a, id, entry, sepakat.CheckAddMonitoring, func(tx *tx, c *sepakat.Cooperation, e *sepakat.MonitoringEntry) error {
		if e.AuthorID != a.ID && !c.IsOfficer(a.ID) {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya PPKSD kerja sama ini yang dapat menambah berkas pemantauan.")
		}
		f, err := tx.attachFile(c, &e.Files, &e.NextFile, file, "Berkas satu data pemantauan")
		if err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.monitoring.file", cooperationObject(c.ID),
			fmt.Sprintf("data pemantauan %d, berkas %d (%s): %s (%s, %d bita)", e.ID, f.N, f.Kind, file.Name, file.SHA256, file.Size))
	})
}

// AddMonitoringNote adds a reviewer's note to entry of cooperation id and
// notifies the PPKSD.
func (db *DB) AddMonitoringNote(ctx context.Context, id, entry int64, text string) (*sepakat.MonitoringEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckNoteText(&text, "Catatan"); err != nil {
		return nil, err
	}
	return db.changeEntry(a, id, entry, sepakat.CheckReviewNote, func(tx *tx, c *sepakat.Cooperation, e *sepakat.MonitoringEntry) error {
		n, err := addNote(&e.Notes, &e.NextNote, a, text, tx.now, "Catatan satu data pemantauan")
		if err != nil {
			return err
		}
		return tx.auditNotify(a, c, "cooperation.monitoring.note", fmt.Sprintf("data pemantauan %d, catatan %d: %s", e.ID, n, truncate(text, 200)),
			[]int64{c.PPKSD1ID, c.PPKSD2ID}, fmt.Sprintf("%s memberi catatan pada data pemantauan kerja sama %s; tuliskan tindak lanjutnya.", a.Name, displayCode(c)),
			linkMonitoring(c.ID))
	})
}

// FollowUpMonitoringNote writes the PPKSD's follow-up of note n of entry
// and notifies the note's author. A follow-up may be rewritten.
func (db *DB) FollowUpMonitoringNote(ctx context.Context, id, entry int64, n int, text string) (*sepakat.MonitoringEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckNoteText(&text, "Tindak lanjut"); err != nil {
		return nil, err
	}
	return db.changeEntry(a, id, entry, sepakat.CheckFollowUp, func(tx *tx, c *sepakat.Cooperation, e *sepakat.MonitoringEntry) error {
		note, err := followUp(e.Notes, n, a, text, tx.now)
		if err != nil {
			return err
		}
		return tx.auditNotify(a, c, "cooperation.monitoring.follow_up", fmt.Sprintf("data pemantauan %d, tindak lanjut catatan %d: %s", e.ID, n, truncate(text, 200)),
			[]int64{note.AuthorID}, fmt.Sprintf("%s menuliskan tindak lanjut atas catatan Anda pada data pemantauan kerja sama %s.", a.Name, displayCode(c)),
			linkMonitoring(c.ID))
	})
}

// SendReminders is the background job of monitoring and expiry: for every
// cooperation in pemantauan or evaluasi it notifies the PPKSD once per due
// date when a monitoring entry is due at now, and the office and the
// PPKSD once per flag when the term ends within six months or has ended.
// Each notice is audited as the system's.
func (db *DB) SendReminders(ctx context.Context, now time.Time) (int, error) {
	sent := 0
	err := db.update(func(tx *tx) error {
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		mb := tx.Bucket(bucketMonitoring)
		cur := tx.Bucket(bucketCooperations).Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			var c sepakat.Cooperation
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode cooperation: %w", err)
			}
			if !sepakat.MonitoringOpen(c.Stage) {
				continue
			}
			var st reminderState
			if _, err := getJSON(mb, reminderKey(c.ID), &st); err != nil {
				return err
			}
			changed := false
			entries, err := monitoringEntries(tx.Tx, c.ID)
			if err != nil {
				return err
			}
			ppksd := []int64{c.PPKSD1ID, c.PPKSD2ID}
			if due, ok := sepakat.MonitoringDue(&c, lastEntryAt(entries)); ok && !now.Before(due) && !due.Equal(st.MonitoringDue) {
				msg := fmt.Sprintf("Data pemantauan kerja sama %s %q jatuh tempo pada %s; isikan data pemantauan enam bulanan.",
					displayCode(&c), truncate(c.Title, 120), sepakat.FormatDate(due))
				if err := tx.notify(ppksd, msg, linkMonitoring(c.ID), c.ID); err != nil {
					return err
				}
				if err := tx.appendAudit(nil, "cooperation.monitoring.reminder", cooperationObject(c.ID),
					"pengingat pemantauan, jatuh tempo "+due.Format(time.DateOnly)); err != nil {
					return err
				}
				st.MonitoringDue, changed = due, true
				sent++
			}
			if e, ok := sepakat.CooperationExpiry(&c, now); ok && e.Flag != sepakat.ExpiryNone && (e.Flag != st.Expiry || !e.End.Equal(st.ExpiryEnd)) {
				msg := fmt.Sprintf("Jangka waktu kerja sama %s %q berakhir pada %s; putuskan perpanjangan atau pengakhiran kerja sama.",
					displayCode(&c), truncate(c.Title, 120), sepakat.FormatDate(e.End))
				if e.Flag == sepakat.ExpiryEnded {
					msg = fmt.Sprintf("Jangka waktu kerja sama %s %q telah berakhir pada %s; perpanjang atau akhiri kerja sama ini.",
						displayCode(&c), truncate(c.Title, 120), sepakat.FormatDate(e.End))
				}
				if err := tx.notify(append(slices.Clone(office), ppksd...), msg, linkCooperation(c.ID), c.ID); err != nil {
					return err
				}
				if err := tx.appendAudit(nil, "cooperation.expiry", cooperationObject(c.ID),
					fmt.Sprintf("%s, berakhir %s", e.Flag, e.End.Format(time.DateOnly))); err != nil {
					return err
				}
				st.Expiry, st.ExpiryEnd, changed = e.Flag, e.End, true
				sent++
			}
			if changed {
				if err := putJSON(mb, reminderKey(c.ID), st); err != nil {
					return fmt.Errorf("put reminder state: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("send reminders: %w", err)
	}
	return sent, nil
}
