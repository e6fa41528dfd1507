package storage

import (
	"context"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// The routing sheets of desk-to-desk signing live in the bucket of schema
// version 6:
//
//	routing_sheets  cooperation id → RoutingSheet
//
// and the office's default desks under the meta key routing_defaults (none
// stored: sepakat.DefaultDesks).
var keyRoutingDefaults = []byte("routing_defaults")

var _ sepakat.RoutingService = (*Routing)(nil)

// Routing implements sepakat.RoutingService on the database. It reads the
// signing method of a cooperation through a sepakat.SigningMethods (the
// signing service), asked before the write transaction of a change: a
// method switched in between is found at the next request.
type Routing struct {
	db      *DB
	methods sepakat.SigningMethods
}

// Routing returns the routing service of db, which learns the signing
// method of cooperations from methods.
func (db *DB) Routing(methods sepakat.SigningMethods) *Routing {
	return &Routing{db: db, methods: methods}
}

func routingObject(id int64) string { return cooperationObject(id) }

// checkRoutingState refuses a routing sheet for a cooperation that is not
// in the signing stage or not signed desk to desk.
func checkRoutingState(c *sepakat.Cooperation, m sepakat.SigningMethod) error {
	if c.Stage != sepakat.StagePenandatanganan {
		return sepakat.Errorf(sepakat.ECONFLICT, "Lembar edaran hanya ada pada tahap Penandatanganan (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	if m != sepakat.MethodDesk {
		if m == sepakat.MethodUnset {
			return sepakat.Errorf(sepakat.ECONFLICT, "Metode penandatanganan belum dipilih; lembar edaran hanya untuk penandatanganan meja ke meja.")
		}
		return sepakat.Errorf(sepakat.ECONFLICT, "Kerja sama ini ditandatangani secara tatap muka; lembar edaran hanya untuk penandatanganan meja ke meja.")
	}
	return nil
}

// routingCooperation loads cooperation id as a may see it, refusing whoever
// may not see its routing sheet (the protocol office: EFORBIDDEN).
func routingCooperation(tx *bolt.Tx, a *sepakat.User, id int64) (*sepakat.Cooperation, error) {
	c, err := getCooperation(tx, id)
	if err != nil {
		return nil, err
	}
	if isSystem(a) {
		return c, nil
	}
	if !sepakat.CanView(a, c) {
		return nil, errCooperationNotFound()
	}
	if !sepakat.CanSeeRouting(a, c) {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Lembar edaran penandatanganan tidak untuk peran Anda.")
	}
	return c, nil
}

// method asks the signing service for the cooperation's method.
func (r *Routing) method(ctx context.Context, id int64) (sepakat.SigningMethod, error) {
	if r.methods == nil {
		return sepakat.MethodUnset, nil
	}
	m, err := r.methods.SigningMethodOf(ctx, id)
	if err != nil {
		return "", fmt.Errorf("signing method of cooperation %d: %w", id, err)
	}
	return m, nil
}

func getRoutingSheet(tx *bolt.Tx, id int64) (*sepakat.RoutingSheet, error) {
	var s sepakat.RoutingSheet
	found, err := getJSON(tx.Bucket(bucketRoutingSheets), itob(id), &s)
	if err != nil || !found {
		return nil, err
	}
	return &s, nil
}

func routingDefaults(tx *bolt.Tx) ([]sepakat.Desk, error) {
	var desks []sepakat.Desk
	found, err := getJSON(tx.Bucket(bucketMeta), keyRoutingDefaults, &desks)
	if err != nil {
		return nil, err
	}
	if !found || len(desks) == 0 {
		return sepakat.DefaultDesks(), nil
	}
	return desks, nil
}

// sheetFor returns the stored sheet of c, or creates it from the defaults
// (stored and audited).
func (tx *tx) sheetFor(a *sepakat.User, c *sepakat.Cooperation) (*sepakat.RoutingSheet, error) {
	s, err := getRoutingSheet(tx.Tx, c.ID)
	if err != nil || s != nil {
		return s, err
	}
	desks, err := routingDefaults(tx.Tx)
	if err != nil {
		return nil, err
	}
	if s, err = sepakat.NewRoutingSheet(c.ID, desks, a.ID, tx.now); err != nil {
		return nil, err
	}
	if err := putJSON(tx.Bucket(bucketRoutingSheets), itob(c.ID), s); err != nil {
		return nil, fmt.Errorf("put routing sheet: %w", err)
	}
	return s, tx.appendAudit(a, "routing.create", routingObject(c.ID), fmt.Sprintf("lembar edaran %d meja: %s", len(s.Desks), deskNames(s.Desks)))
}

func deskNames(desks []sepakat.Desk) string {
	names := make([]string, len(desks))
	for i, d := range desks {
		names[i] = d.Name
	}
	return strings.Join(names, " → ")
}

// changeSheet runs change on the sheet of cooperation id (created first if
// needed) in one write transaction, after the checks every use shares.
func (r *Routing) changeSheet(ctx context.Context, id int64, change func(tx *tx, a *sepakat.User, c *sepakat.Cooperation, s *sepakat.RoutingSheet) error) (*sepakat.RoutingSheet, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	// Visibility and rights first (404, 403), then the method (409).
	if err := r.db.view(func(tx *bolt.Tx) error {
		_, err := routingCooperation(tx, a, id)
		return err
	}); err != nil {
		return nil, err
	}
	m, err := r.method(ctx, id)
	if err != nil {
		return nil, err
	}
	var out *sepakat.RoutingSheet
	err = r.db.update(func(tx *tx) error {
		c, err := routingCooperation(tx.Tx, a, id)
		if err != nil {
			return err
		}
		if err := checkRoutingState(c, m); err != nil {
			return err
		}
		s, err := tx.sheetFor(a, c)
		if err != nil {
			return err
		}
		if change != nil {
			if err := change(tx, a, c, s); err != nil {
				return err
			}
		}
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RoutingSheet returns the sheet of cooperation id to whoever may see it,
// creating it from the default desks on first use.
func (r *Routing) RoutingSheet(ctx context.Context, id int64) (*sepakat.RoutingSheet, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	// The common case, a sheet that exists, needs no write transaction.
	var s *sepakat.RoutingSheet
	var c *sepakat.Cooperation
	err = r.db.view(func(tx *bolt.Tx) error {
		if c, err = routingCooperation(tx, a, id); err != nil {
			return err
		}
		s, err = getRoutingSheet(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if s != nil {
		m, err := r.method(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := checkRoutingState(c, m); err != nil {
			return nil, err
		}
		return s, nil
	}
	return r.changeSheet(ctx, id, nil)
}

// MarkDesk marks desk n of the sheet of cooperation id received,
// initialled or signed, by an office member; the last desk's mark notifies
// the PPKSD.
func (r *Routing) MarkDesk(ctx context.Context, id int64, n int, kind sepakat.MarkKind, note string) (*sepakat.RoutingSheet, error) {
	return r.changeSheet(ctx, id, func(tx *tx, a *sepakat.User, c *sepakat.Cooperation, s *sepakat.RoutingSheet) error {
		if !isSystem(a) && !sepakat.CanMarkRouting(a, c) {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Bagian Kerja Sama (AKP, ARNP, Kasubbag) yang menandai lembar edaran.")
		}
		wasDone := s.Done()
		if err := s.Mark(n, kind, sepakat.Mark{ByID: a.ID, ByName: a.Name, At: tx.now, Note: note}); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketRoutingSheets), itob(id), s); err != nil {
			return fmt.Errorf("put routing sheet: %w", err)
		}
		d := s.Desks[n-1]
		detail := fmt.Sprintf("meja %d (%s) %s", n, d.Name, kind.Label())
		if note = strings.TrimSpace(note); note != "" {
			detail += ": " + truncate(note, 200)
		}
		if err := tx.appendAudit(a, "routing.mark", routingObject(id), detail); err != nil {
			return err
		}
		if s.Done() && !wasDone {
			msg := fmt.Sprintf("Penandatanganan meja ke meja %s selesai: semua %d meja pada lembar edaran telah memaraf atau menandatangani. Unggah pindaian dokumen yang telah ditandatangani.", displayCode(c), len(s.Desks))
			return tx.notify([]int64{c.PPKSD1ID, c.PPKSD2ID}, msg, linkCooperation(id), id)
		}
		return nil
	})
}

// SetRoutingDesks replaces the desks of the sheet of cooperation id before
// its first mark, by an office member.
func (r *Routing) SetRoutingDesks(ctx context.Context, id int64, desks []sepakat.Desk) (*sepakat.RoutingSheet, error) {
	return r.changeSheet(ctx, id, func(tx *tx, a *sepakat.User, c *sepakat.Cooperation, s *sepakat.RoutingSheet) error {
		if !isSystem(a) && !sepakat.CanMarkRouting(a, c) {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Bagian Kerja Sama (AKP, ARNP, Kasubbag) yang mengatur meja lembar edaran.")
		}
		if err := s.SetDesks(desks); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketRoutingSheets), itob(id), s); err != nil {
			return fmt.Errorf("put routing sheet: %w", err)
		}
		return tx.appendAudit(a, "routing.desks", routingObject(id), fmt.Sprintf("%d meja: %s", len(s.Desks), deskNames(s.Desks)))
	})
}

// RoutingDefaults returns the default desks to the admin and the office.
func (r *Routing) RoutingDefaults(ctx context.Context) ([]sepakat.Desk, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !isSystem(a) && a.Role != sepakat.RoleAdmin && !a.Role.IsOffice() {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak berwenang melihat pengaturan lembar edaran.")
	}
	var desks []sepakat.Desk
	err = r.db.view(func(tx *bolt.Tx) error {
		desks, err = routingDefaults(tx)
		return err
	})
	return desks, err
}

// SetRoutingDefaults replaces the default desks (admin only). Sheets made
// before keep their desks.
func (r *Routing) SetRoutingDefaults(ctx context.Context, desks []sepakat.Desk) ([]sepakat.Desk, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !isSystem(a) && a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin yang mengubah daftar meja bawaan lembar edaran.")
	}
	ds, err := sepakat.NormalizeDesks(desks)
	if err != nil {
		return nil, err
	}
	err = r.db.update(func(tx *tx) error {
		if err := putJSON(tx.Bucket(bucketMeta), keyRoutingDefaults, ds); err != nil {
			return fmt.Errorf("put routing defaults: %w", err)
		}
		return tx.appendAudit(a, "routing.defaults", "settings/routing", fmt.Sprintf("%d meja: %s", len(ds), deskNames(ds)))
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// ImportRoutingSheet stores a whole sheet with its marks as given, after
// checking it (sepakat.RoutingSheet.Validate), for the system only: demo
// data and restores. The cooperation must be in the signing stage, signed
// desk to desk.
func (r *Routing) ImportRoutingSheet(ctx context.Context, s *sepakat.RoutingSheet) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if !isSystem(a) {
		return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya sistem yang dapat memuat lembar edaran utuh.")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	m, err := r.method(ctx, s.CooperationID)
	if err != nil {
		return err
	}
	return r.db.update(func(tx *tx) error {
		c, err := getCooperation(tx.Tx, s.CooperationID)
		if err != nil {
			return err
		}
		if err := checkRoutingState(c, m); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketRoutingSheets), itob(c.ID), s); err != nil {
			return fmt.Errorf("put routing sheet: %w", err)
		}
		f, n := s.Progress()
		return tx.appendAudit(a, "routing.import", routingObject(c.ID), fmt.Sprintf("lembar edaran %d meja, %d selesai", n, f))
	})
}
