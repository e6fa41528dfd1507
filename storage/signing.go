package storage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var (
	_ sepakat.SigningService = (*DB)(nil)
	_ sepakat.SigningMethods = (*DB)(nil)
)

// The signing schedules live in the buckets of schema version 6:
//
//	signings           cooperation id → sepakat.Signing (method, state, proposals, history)
//	signing_proposals  proposal id → cooperation id
//	calendar_tokens    SHA-256 of a feed token → calendarToken (user id, created)
//
// Proposal IDs come from the signing_proposals sequence. Moves are written
// with their audit entry ("signing.*" on the cooperation's object) and the
// notifications of the other side in one transaction.

// calendarToken is what the calendar_tokens bucket keeps of a feed token.
type calendarToken struct {
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

func errProposalNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Usulan jadwal tidak ditemukan.")
}

// getSigning reads the schedule of cooperation id: a fresh method_pending
// record when none was written yet.
func getSigning(tx *bolt.Tx, id int64) (*sepakat.Signing, error) {
	s := &sepakat.Signing{CooperationID: id, State: sepakat.SigningMethodPending, Proposals: []sepakat.Proposal{}, History: []sepakat.SigningEvent{}}
	if b := tx.Bucket(bucketSignings); b != nil {
		if _, err := getJSON(b, itob(id), s); err != nil {
			return nil, err
		}
	}
	if s.State == "" {
		s.State = sepakat.SigningMethodPending
	}
	return s, nil
}

// SigningMethodOf returns the cooperation's signing method (MethodUnset
// before one is chosen). It checks no rights.
func (db *DB) SigningMethodOf(ctx context.Context, cooperationID int64) (sepakat.SigningMethod, error) {
	var m sepakat.SigningMethod
	err := db.view(func(tx *bolt.Tx) error {
		s, err := getSigning(tx, cooperationID)
		if err == nil {
			m = s.Method
		}
		return err
	})
	return m, err
}

// FindSigning returns the schedule of a cooperation the caller sees.
func (db *DB) FindSigning(ctx context.Context, cooperationID int64) (*sepakat.Signing, *sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	var s *sepakat.Signing
	var c *sepakat.Cooperation
	err = db.view(func(tx *bolt.Tx) error {
		if c, err = visibleCooperation(tx, a, cooperationID); err != nil {
			return err
		}
		s, err = getSigning(tx, cooperationID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return s, c, nil
}

// ChooseSigningMethod chooses desk to desk or in person.
func (db *DB) ChooseSigningMethod(ctx context.Context, cooperationID int64, m sepakat.SigningMethod) (*sepakat.Signing, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	action := sepakat.ActionChooseDesk
	if m == sepakat.MethodInPerson {
		action = sepakat.ActionChooseInPerson
	}
	s, _, err := db.moveSigning(ctx, cooperationID, 0, sepakat.SigningMove{Action: action})
	return s, err
}

// ProposeSigning adds a proposal of the PPKSD.
func (db *DB) ProposeSigning(ctx context.Context, cooperationID int64, in sepakat.ProposalInput) (*sepakat.Signing, error) {
	s, _, err := db.moveSigning(ctx, cooperationID, 0, sepakat.SigningMove{Action: sepakat.ActionPropose, Proposal: in})
	return s, err
}

// RespondSigning answers proposal proposalID.
func (db *DB) RespondSigning(ctx context.Context, proposalID int64, action sepakat.SigningAction, counter sepakat.ProposalInput, reason string) (*sepakat.Signing, *sepakat.Cooperation, error) {
	switch action {
	case sepakat.ActionAccept, sepakat.ActionRevise, sepakat.ActionSwitchToDesk:
	default:
		return nil, nil, sepakat.Errorf(sepakat.EINVALID, "Jawaban harus accept (terima), revise (usulkan perubahan) atau switch_to_desk (beralih ke meja ke meja).")
	}
	return db.moveSigning(ctx, 0, proposalID, sepakat.SigningMove{Action: action, ProposalID: proposalID, Proposal: counter, Reason: reason})
}

// moveSigning applies one move in a write transaction: on cooperationID,
// or on the cooperation of proposalID when that is given.
func (db *DB) moveSigning(ctx context.Context, cooperationID, proposalID int64, m sepakat.SigningMove) (*sepakat.Signing, *sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	var s *sepakat.Signing
	var c *sepakat.Cooperation
	err = db.update(func(tx *tx) error {
		if proposalID != 0 {
			v := tx.Bucket(bucketProposals).Get(itob(proposalID))
			if v == nil {
				return errProposalNotFound()
			}
			cooperationID = btoi(v)
		}
		var err error
		if c, err = visibleCooperation(tx.Tx, a, cooperationID); err != nil {
			if proposalID != 0 && sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
				return errProposalNotFound()
			}
			return err
		}
		if s, err = getSigning(tx.Tx, c.ID); err != nil {
			return err
		}
		if m.Action == sepakat.ActionPropose || m.Action == sepakat.ActionRevise {
			// Check the move before taking an id from the sequence.
			if _, _, err := sepakat.NextSigningState(a, c, s.State, m.Action); err != nil {
				return err
			}
			if m.NewProposalID, err = nextID(tx.Bucket(bucketProposals)); err != nil {
				return err
			}
		}
		from := s.State
		if err := s.Apply(a, c, m, tx.now); err != nil {
			return err
		}
		if m.NewProposalID != 0 {
			if err := tx.Bucket(bucketProposals).Put(itob(m.NewProposalID), itob(c.ID)); err != nil {
				return fmt.Errorf("put proposal: %w", err)
			}
		}
		if err := putJSON(tx.Bucket(bucketSignings), itob(c.ID), s); err != nil {
			return fmt.Errorf("put signing: %w", err)
		}
		ev := s.History[len(s.History)-1]
		if err := tx.notifySigning(a, c, s, ev); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s → %s", from, s.State)
		if p := s.Proposal(ev.ProposalID); p != nil {
			detail += fmt.Sprintf("; usulan %d: %s–%s di %s (penanda tangan %s)", p.ID,
				p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339), p.Venue, p.Signatory)
		}
		if ev.Note != "" {
			detail += ": " + truncate(ev.Note, 500)
		}
		return tx.appendAudit(a, "signing."+string(m.Action), cooperationObject(c.ID), detail)
	})
	if err != nil {
		return nil, nil, err
	}
	return s, c, nil
}

// notifySigning tells the other side of a move: the cooperation's PPKSD of
// the protocol office's and the office's moves, the protocol office of the
// PPKSD's (and the PPKSD of each other's), never the mover.
func (tx *tx) notifySigning(a *sepakat.User, c *sepakat.Cooperation, s *sepakat.Signing, ev sepakat.SigningEvent) error {
	officers := []int64{c.PPKSD1ID, c.PPKSD2ID}
	protokol, err := usersWhere(tx.Tx, func(u *sepakat.User) bool { return u.Role == sepakat.RoleProtokol })
	if err != nil {
		return err
	}
	var recipients []int64
	switch ev.By.Side {
	case sepakat.SideApplicant:
		recipients = officers
		if s.Method == sepakat.MethodInPerson || ev.Action == sepakat.ActionChooseDesk && ev.From != sepakat.SigningMethodPending {
			recipients = append(recipients, protokol...)
		}
	case sepakat.SideOffice:
		recipients = officers
		if s.Method == sepakat.MethodInPerson {
			recipients = append(recipients, protokol...)
		}
	case sepakat.SideProtocol:
		recipients = append(officers, protokol...)
	}
	recipients = slices.DeleteFunc(recipients, func(id int64) bool { return id == a.ID })
	msg := fmt.Sprintf("Penandatanganan kerja sama %s %q: %s %s.", displayCode(c), truncate(c.Title, 120), a.Name, ev.Action.Label())
	if p := s.Proposal(ev.ProposalID); p != nil && (ev.Action == sepakat.ActionPropose || ev.Action == sepakat.ActionRevise || ev.Action == sepakat.ActionAccept) {
		msg += fmt.Sprintf(" Jadwal: %s, %s.", p.Start.Format("02-01-2006 15.04"), p.Venue)
	}
	if ev.Note != "" && ev.Action != sepakat.ActionPropose {
		msg += " Alasan: " + truncate(ev.Note, 300)
	}
	if ev.Action == sepakat.ActionSwitchToDesk {
		msg += " Penandatanganan dilakukan meja ke meja."
	}
	return tx.notify(recipients, msg, linkCooperation(c.ID)+"#penandatanganan", c.ID)
}

// FindCalendar lists the current proposal of every in-person signing the
// caller sees (switched ones too, marked), by start time.
func (db *DB) FindCalendar(ctx context.Context) ([]sepakat.CalendarEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []sepakat.CalendarEntry{}
	err = db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSignings)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			c, err := getCooperation(tx, btoi(k))
			if err != nil {
				return err
			}
			if !sepakat.CanView(a, c) {
				return nil
			}
			s, err := getSigning(tx, c.ID)
			if err != nil {
				return err
			}
			p := s.Current()
			if p == nil {
				return nil
			}
			out = append(out, sepakat.CalendarEntry{
				CooperationID: c.ID, CooperationCode: displayCode(c), Title: c.Title, Partners: c.PartnerNames(),
				State: s.State, Method: s.Method, Switched: s.Switched, Sequence: s.Sequence, Proposal: *p, UpdatedAt: s.UpdatedAt,
			})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y sepakat.CalendarEntry) int { return x.Proposal.Start.Compare(y.Proposal.Start) })
	return out, nil
}

// canHaveCalendar: the protocol office and the cooperation office.
func canHaveCalendar(u *sepakat.User) bool {
	return u.Role == sepakat.RoleProtokol || u.Role.IsOffice()
}

// NewCalendarToken makes a new private feed token for the caller and drops
// the earlier one. Only its SHA-256 is stored: the token is shown once.
func (db *DB) NewCalendarToken(ctx context.Context) (string, error) {
	a, err := actor(ctx)
	if err != nil {
		return "", err
	}
	if !canHaveCalendar(a) {
		return "", sepakat.Errorf(sepakat.EFORBIDDEN, "Kalender penandatanganan hanya untuk Bagian Protokol dan kantor kerja sama.")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err = db.update(func(tx *tx) error {
		b := tx.Bucket(bucketCalendarTokens)
		if err := deleteUserTokens(b, a.ID); err != nil {
			return err
		}
		if err := putJSON(b, tokenKey(token), calendarToken{UserID: a.ID, CreatedAt: tx.now}); err != nil {
			return fmt.Errorf("put calendar token: %w", err)
		}
		return tx.appendAudit(a, "calendar.token", fmt.Sprintf("user/%d", a.ID), "tautan kalender pribadi dibuat ulang")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// deleteUserTokens removes every token of user id (at most one normally).
func deleteUserTokens(b *bolt.Bucket, id int64) error {
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var t calendarToken
		if _, err := getJSON(b, k, &t); err != nil {
			return err
		}
		if t.UserID == id {
			keys = append(keys, slices.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// CalendarTokenCreated tells when the caller's current token was made.
func (db *DB) CalendarTokenCreated(ctx context.Context) (time.Time, error) {
	a, err := actor(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var at time.Time
	err = db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCalendarTokens)
		return b.ForEach(func(k, v []byte) error {
			var t calendarToken
			if _, err := getJSON(b, k, &t); err != nil {
				return err
			}
			if t.UserID == a.ID {
				at = t.CreatedAt
			}
			return nil
		})
	})
	return at, err
}

// CalendarFeedUser returns the active protocol or office user a feed token
// belongs to, or ENOTFOUND. It needs no caller.
func (db *DB) CalendarFeedUser(ctx context.Context, token string) (*sepakat.User, error) {
	notFound := sepakat.Errorf(sepakat.ENOTFOUND, "Kalender tidak ditemukan.")
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 100 {
		return nil, notFound
	}
	var u *sepakat.User
	err := db.view(func(tx *bolt.Tx) error {
		var t calendarToken
		ok, err := getJSON(tx.Bucket(bucketCalendarTokens), tokenKey(token), &t)
		if err != nil {
			return err
		}
		if !ok {
			return notFound
		}
		r, ok, err := getUser(tx, t.UserID)
		if err != nil {
			return err
		}
		if !ok || !r.Active || !canHaveCalendar(&r.User) {
			return notFound
		}
		u = r.toUser()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
