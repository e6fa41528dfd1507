package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

func linkCooperation(id int64) string { return fmt.Sprintf("/kerjasama/%d", id) }

func cooperationObject(id int64) string { return fmt.Sprintf("cooperation/%d", id) }

func errCooperationNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Kerja sama tidak ditemukan.")
}

func getCooperation(tx *bolt.Tx, id int64) (*sepakat.Cooperation, error) {
	var c sepakat.Cooperation
	ok, err := getJSON(tx.Bucket(bucketCooperations), itob(id), &c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errCooperationNotFound()
	}
	return &c, nil
}

// putCooperation saves c and marks it for the index update after commit.
func (tx *tx) putCooperation(c *sepakat.Cooperation) error {
	if err := putJSON(tx.Bucket(bucketCooperations), itob(c.ID), c); err != nil {
		return fmt.Errorf("put cooperation: %w", err)
	}
	tx.changed = append(tx.changed, c)
	return nil
}

// visibleCooperation loads cooperation id for a, or ENOTFOUND when a may not
// see it.
func visibleCooperation(tx *bolt.Tx, a *sepakat.User, id int64) (*sepakat.Cooperation, error) {
	c, err := getCooperation(tx, id)
	if err != nil {
		return nil, err
	}
	if !sepakat.CanView(a, c) {
		return nil, errCooperationNotFound()
	}
	return c, nil
}

// checkEditApplication tells apart a PPKSD who could edit the application
// were it still a draft (ECONFLICT) from anyone else (EFORBIDDEN).
func checkEditApplication(a *sepakat.User, c *sepakat.Cooperation) error {
	if sepakat.CanEditApplication(a, c) {
		return nil
	}
	draft := *c
	draft.Stage = sepakat.StageRegistrasi
	if sepakat.CanEditApplication(a, &draft) {
		return sepakat.Errorf(sepakat.ECONFLICT, "Permohonan sudah diajukan dan tidak dapat diubah lagi (tahap %s).", c.Stage.Label())
	}
	return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya PPKSD pemohon yang dapat mengubah permohonan ini.")
}

// checkPPKSD2 checks that id may be PPKSD-2 of c: a verified, active PPKSD
// of c's institution other than its PPKSD-1.
func checkPPKSD2(tx *bolt.Tx, c *sepakat.Cooperation, id int64) error {
	if id == 0 {
		return nil
	}
	if id == c.PPKSD1ID {
		return sepakat.Errorf(sepakat.EINVALID, "PPKSD-2 harus orang lain, bukan PPKSD-1.")
	}
	u, ok, err := getUser(tx, id)
	if err != nil {
		return err
	}
	if !ok || u.Role != sepakat.RolePPKSD || !u.Verified || !u.Active || u.InstitutionID != c.InstitutionID {
		return sepakat.Errorf(sepakat.EINVALID, "PPKSD-2 harus PPKSD terverifikasi yang aktif dari instansi yang sama.")
	}
	return nil
}

// applyApplication copies the form into c, pre-filling the applicant from
// c's institution when its name is empty.
func applyApplication(tx *bolt.Tx, c *sepakat.Cooperation, in sepakat.ApplicationInput) error {
	if err := checkPPKSD2(tx, c, in.PPKSD2ID); err != nil {
		return err
	}
	if in.Applicant.Name == "" {
		inst, err := getInstitution(tx, c.InstitutionID)
		if err != nil {
			return err
		}
		in.Applicant = *inst
	}
	c.Title = in.Title
	c.Affair = in.Affair
	c.Kind = in.Kind
	c.Applicant = in.Applicant
	c.PPKSD2ID = in.PPKSD2ID
	c.Partners = in.Partners
	c.Preparation = in.Preparation
	return nil
}

// CreateCooperation starts an application (stage registrasi) by a verified,
// active PPKSD, who becomes PPKSD-1.
func (db *DB) CreateCooperation(ctx context.Context, in sepakat.ApplicationInput) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RolePPKSD || !a.Verified || a.InstitutionID == 0 {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya PPKSD terverifikasi yang dapat mengajukan kerja sama.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var c *sepakat.Cooperation
	err = db.update(func(tx *tx) error {
		id, err := nextID(tx.Bucket(bucketCooperations))
		if err != nil {
			return err
		}
		c = &sepakat.Cooperation{
			ID: id, Stage: sepakat.StageRegistrasi, InstitutionID: a.InstitutionID,
			PPKSD1ID: a.ID, CreatedBy: a.ID, CreatedAt: tx.now, UpdatedAt: tx.now,
		}
		if err := applyApplication(tx.Tx, c, in); err != nil {
			return err
		}
		if err := tx.putCooperation(c); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.create", cooperationObject(id), c.Title)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCooperation changes the application while it is a draft.
func (db *DB) UpdateCooperation(ctx context.Context, id int64, in sepakat.ApplicationInput) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := checkEditApplication(a, c); err != nil {
			return err
		}
		if err := applyApplication(tx.Tx, c, in); err != nil {
			return err
		}
		c.UpdatedAt = tx.now
		if err := tx.putCooperation(c); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.update", cooperationObject(id), c.Title)
	})
}

// changeCooperation loads cooperation id, as actor a may see it, inside one
// write transaction, lets change modify and store it, and returns it once the
// transaction has committed.
func (db *DB) changeCooperation(a *sepakat.User, id int64, change func(tx *tx, c *sepakat.Cooperation) error) (*sepakat.Cooperation, error) {
	var c *sepakat.Cooperation
	err := db.update(func(tx *tx) error {
		var err error
		if c, err = visibleCooperation(tx.Tx, a, id); err != nil {
			return err
		}
		return change(tx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// SubmitCooperation submits a complete application whose integrity pact was
// accepted: it gives the cooperation its code (kept on a re-submission after
// a return) and moves it to permohonan.
func (db *DB) SubmitCooperation(ctx context.Context, id int64, integrityPact bool) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := checkEditApplication(a, c); err != nil {
			return err
		}
		if !integrityPact {
			return sepakat.Errorf(sepakat.EINVALID, "Pakta integritas harus disetujui sebelum permohonan diajukan.")
		}
		if missing := c.Missing(); len(missing) > 0 {
			return sepakat.Errorf(sepakat.EINVALID, "Permohonan belum lengkap: %s.", strings.Join(missing, ", "))
		}
		if err := checkPPKSD2(tx.Tx, c, c.PPKSD2ID); err != nil {
			return err
		}
		if c.Code == "" {
			if c.Code, err = tx.nextCode(); err != nil {
				return err
			}
		}
		c.IntegrityPact = tx.now
		c.SubmittedAt = tx.now
		c.UpdatedAt = tx.now
		c.History = append(c.History, sepakat.StageChange{
			From: c.Stage, To: sepakat.StagePermohonan, ByID: a.ID, ByName: a.Name, At: tx.now,
			Note: "Permohonan diajukan dengan pakta integritas.",
		})
		c.Stage = sepakat.StagePermohonan
		if err := tx.putCooperation(c); err != nil {
			return err
		}
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Permohonan kerja sama %s %q dari %s telah diajukan.", c.Code, truncate(c.Title, 120), c.Applicant.Name)
		if err := tx.notify(office, msg, linkCooperation(c.ID), c.ID); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.submit", cooperationObject(id), c.Code)
	})
}

// nextCode returns the next cooperation code KSD-YYYY-NNNN of the year of
// the transaction's time, from a per-year sequence kept in meta.
func (tx *tx) nextCode() (string, error) {
	year := tx.now.Year()
	b := tx.Bucket(bucketMeta)
	key := []byte(fmt.Sprintf("%s%d", codeSequencePrefix, year))
	var n int64
	if v := b.Get(key); v != nil {
		n = btoi(v)
	}
	n++
	if err := b.Put(key, itob(n)); err != nil {
		return "", fmt.Errorf("put code sequence: %w", err)
	}
	return fmt.Sprintf("KSD-%04d-%04d", year, n), nil
}

// FindCooperationByID returns a cooperation the caller may see.
func (db *DB) FindCooperationByID(ctx context.Context, id int64) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var c *sepakat.Cooperation
	err = db.view(func(tx *bolt.Tx) error {
		c, err = visibleCooperation(tx, a, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindCooperations lists the cooperations the caller may see, newest change
// first, from the in-memory index, and the total that matched.
func (db *DB) FindCooperations(ctx context.Context, f sepakat.CooperationFilter) ([]sepakat.CooperationSummary, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Stage != "" {
		if err := f.Stage.Validate(); err != nil {
			return nil, 0, err
		}
	}
	list, total := db.index.find(a, f)
	return list, total, nil
}

// CountByStage counts the cooperations the caller may see per stage.
func (db *DB) CountByStage(ctx context.Context) (map[sepakat.Stage]int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.index.countByStage(a), nil
}

// TransitionCooperation moves a cooperation per the Transitions table and
// notifies those concerned: its PPKSD (unless they moved it), the office
// staff when a PPKSD moved it, and Protokol when it reaches the signing.
func (db *DB) TransitionCooperation(ctx context.Context, id int64, to sepakat.Stage, note string) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Catatan terlalu panjang (paling banyak 2000 huruf).")
	}
	return db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := sepakat.CheckGenericMove(a, c, to, note); err != nil {
			return err
		}
		if err := checkInitiationMove(tx.Tx, c, to); err != nil {
			return err
		}
		if err := checkPlanMove(tx.Tx, c, to); err != nil {
			return err
		}
		return tx.moveCooperation(a, c, to, note)
	})
}

// moveCooperation moves c to the stage to on behalf of a, inside the
// transaction of the change that causes it, with the history entry, the
// notifications and the audit entry of TransitionCooperation. The caller
// has checked that the move is allowed.
func (tx *tx) moveCooperation(a *sepakat.User, c *sepakat.Cooperation, to sepakat.Stage, note string) error {
	from := c.Stage
	c.History = append(c.History, sepakat.StageChange{From: from, To: to, ByID: a.ID, ByName: a.Name, At: tx.now, Note: note})
	c.Stage = to
	c.UpdatedAt = tx.now
	if err := tx.putCooperation(c); err != nil {
		return err
	}

	recipients := []int64{c.PPKSD1ID, c.PPKSD2ID}
	if a.Role == sepakat.RolePPKSD {
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		recipients = append(recipients, office...)
	}
	if to == sepakat.StagePenandatanganan {
		protokol, err := usersWhere(tx.Tx, func(u *sepakat.User) bool { return u.Role == sepakat.RoleProtokol })
		if err != nil {
			return err
		}
		recipients = append(recipients, protokol...)
	}
	recipients = slices.DeleteFunc(recipients, func(id int64) bool { return id == a.ID })
	msg := fmt.Sprintf("Kerja sama %s %q berpindah dari tahap %s ke tahap %s.", displayCode(c), truncate(c.Title, 120), from.Label(), to.Label())
	if note != "" {
		msg += " Catatan: " + truncate(note, 300)
	}
	if err := tx.notify(recipients, msg, linkCooperation(c.ID), c.ID); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s → %s", from, to)
	if note != "" {
		detail += ": " + note
	}
	return tx.appendAudit(a, "cooperation.transition", cooperationObject(c.ID), detail)
}

// displayCode is the code of c, or its number while it has none.
func displayCode(c *sepakat.Cooperation) string {
	if c.Code != "" {
		return c.Code
	}
	return fmt.Sprintf("#%d", c.ID)
}

// checkGrant tells apart office staff facing a finished cooperation
// (ECONFLICT) from anyone else who may not grant (EFORBIDDEN).
func checkGrant(a *sepakat.User, c *sepakat.Cooperation) error {
	if sepakat.CanGrant(a, c) {
		return nil
	}
	if a.Role.IsOffice() && c.Stage.Final() {
		return sepakat.Errorf(sepakat.ECONFLICT, "Kerja sama pada tahap %s tidak dapat diubah hak aksesnya.", c.Stage.Label())
	}
	return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya AKP, ARNP atau Kasubbag yang dapat memberi hak akses TKKSD.")
}

// GrantAccess gives an active TKKSD member access to a cooperation. Granting
// twice is not an error and changes nothing.
func (db *DB) GrantAccess(ctx context.Context, id int64, userID int64) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := checkGrant(a, c); err != nil {
			return err
		}
		u, ok, err := getUser(tx.Tx, userID)
		if err != nil {
			return err
		}
		if !ok || u.Role != sepakat.RoleTKKSD || !u.Active {
			return sepakat.Errorf(sepakat.EINVALID, "Hak akses hanya dapat diberikan kepada anggota TKKSD yang aktif.")
		}
		if c.IsGranted(userID) {
			return nil
		}
		c.Grants = append(c.Grants, sepakat.Grant{UserID: u.ID, Name: u.Name, GrantedBy: a.ID, GrantedAt: tx.now})
		c.UpdatedAt = tx.now
		if err := tx.putCooperation(c); err != nil {
			return err
		}
		msg := fmt.Sprintf("Anda diberi hak akses untuk kerja sama %s %q.", displayCode(c), truncate(c.Title, 120))
		if err := tx.notify([]int64{u.ID}, msg, linkCooperation(c.ID), c.ID); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.grant", cooperationObject(id), u.Login)
	})
}

// RevokeAccess takes back a TKKSD member's access to a cooperation.
func (db *DB) RevokeAccess(ctx context.Context, id int64, userID int64) (*sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := checkGrant(a, c); err != nil {
			return err
		}
		if !c.IsGranted(userID) {
			return sepakat.Errorf(sepakat.EINVALID, "Pengguna ini tidak memiliki hak akses pada kerja sama ini.")
		}
		u, err := mustGetUser(tx.Tx, userID)
		if err != nil {
			return err
		}
		c.Grants = slices.DeleteFunc(c.Grants, func(g sepakat.Grant) bool { return g.UserID == userID })
		c.UpdatedAt = tx.now
		if err := tx.putCooperation(c); err != nil {
			return err
		}
		msg := fmt.Sprintf("Hak akses Anda untuk kerja sama %s %q dicabut.", displayCode(c), truncate(c.Title, 120))
		if err := tx.notify([]int64{u.ID}, msg, linkCooperation(c.ID), c.ID); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.revoke", cooperationObject(id), u.Login)
	})
}
