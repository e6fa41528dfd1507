package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// Links that notifications point to; the web package serves them.
const linkMyRegistration = "/registrasi"

func linkVerification(id int64) string { return fmt.Sprintf("/verifikasi-data/%d", id) }

func registrationObject(id int64) string { return fmt.Sprintf("registration/%d", id) }

func errRegistrationNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Registrasi tidak ditemukan.")
}

func getRegistration(tx *bolt.Tx, id int64) (*sepakat.Registration, error) {
	var r sepakat.Registration
	ok, err := getJSON(tx.Bucket(bucketRegistrations), itob(id), &r)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRegistrationNotFound()
	}
	return &r, nil
}

func putRegistration(tx *bolt.Tx, r *sepakat.Registration) error {
	if err := putJSON(tx.Bucket(bucketRegistrations), itob(r.ID), r); err != nil {
		return fmt.Errorf("put registration: %w", err)
	}
	return nil
}

// registrationOf returns the registration that names userID as officer 1 or
// 2, or nil.
func registrationOf(tx *bolt.Tx, userID int64) (*sepakat.Registration, error) {
	v := tx.Bucket(bucketRegUsers).Get(itob(userID))
	if v == nil {
		return nil, nil
	}
	return getRegistration(tx, btoi(v))
}

// canSeeRegistration: office staff and the registration's two officers.
func canSeeRegistration(a *sepakat.User, r *sepakat.Registration) bool {
	return a.Role.IsOffice() || a.ID == r.Officer1.UserID || a.ID == r.Officer2.UserID
}

// registrationFiles lists the blobs a registration references.
func registrationFiles(r *sepakat.Registration) []string {
	var shas []string
	for _, f := range []*sepakat.File{r.Letter, r.Officer1.Photo, r.Officer2.Photo} {
		if f != nil {
			shas = append(shas, f.SHA256)
		}
	}
	return shas
}

// MyRegistration returns the caller's registration, as officer 1 or 2.
func (db *DB) MyRegistration(ctx context.Context) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var r *sepakat.Registration
	err = db.view(func(tx *bolt.Tx) error {
		r, err = registrationOf(tx, a.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, sepakat.Errorf(sepakat.ENOTFOUND, "Anda belum memiliki registrasi.")
	}
	return r, nil
}

// editableRegistration returns the caller's registration for a change by
// officer 1: EFORBIDDEN for officer 2, ECONFLICT once it is sent.
func editableRegistration(tx *bolt.Tx, a *sepakat.User) (*sepakat.Registration, error) {
	r, err := registrationOf(tx, a.ID)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, sepakat.Errorf(sepakat.ENOTFOUND, "Anda belum memiliki registrasi. Simpan data registrasi terlebih dahulu.")
	}
	if r.Officer1.UserID != a.ID {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Registrasi ini diisi oleh PPKSD-1 (%s); Anda hanya dapat melihatnya.", r.Officer1.Name)
	}
	if !r.Editable() {
		return nil, sepakat.Errorf(sepakat.ECONFLICT, "Registrasi berstatus %q dan tidak dapat diubah lagi.", r.Status.Label())
	}
	return r, nil
}

// officerFrom fills an officer from its account, with the typed values
// taking precedence over the profile.
func officerFrom(u *userRecord, in sepakat.Officer) sepakat.Officer {
	o := sepakat.Officer{
		UserID:   u.ID,
		Login:    u.Login,
		Email:    u.Email,
		Name:     cmp.Or(in.Name, u.Profile.FullName, u.Name),
		NIK:      cmp.Or(in.NIK, u.Profile.NIK),
		NIP:      cmp.Or(in.NIP, u.NIP),
		Position: cmp.Or(in.Position, u.Profile.Position),
		Phone:    cmp.Or(in.Phone, u.Profile.Phone),
	}
	return o
}

// resolveOfficer2 finds the account named by login (login or email) and
// checks that it may be PPKSD-2 of registration regID.
func resolveOfficer2(tx *bolt.Tx, login string, callerID, regID int64) (*userRecord, error) {
	id := findUserIDBy(tx, login)
	if id == 0 {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Akun PPKSD-2 %q tidak ditemukan. Minta PPKSD-2 mendaftar akun terlebih dahulu.", login)
	}
	if id == callerID {
		return nil, sepakat.Errorf(sepakat.EINVALID, "PPKSD-2 harus orang lain, bukan Anda sendiri.")
	}
	u, err := mustGetUser(tx, id)
	if err != nil {
		return nil, err
	}
	if u.Role != sepakat.RolePPKSD || !u.Active {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Akun %q bukan akun PPKSD yang aktif.", login)
	}
	if u.Verified || u.InstitutionID != 0 {
		return nil, sepakat.Errorf(sepakat.EINVALID, "PPKSD-2 %q sudah terverifikasi untuk sebuah instansi.", login)
	}
	if v := tx.Bucket(bucketRegUsers).Get(itob(id)); v != nil && btoi(v) != regID {
		return nil, sepakat.Errorf(sepakat.EINVALID, "PPKSD-2 %q sudah tercantum pada registrasi lain.", login)
	}
	return u, nil
}

// SaveRegistration creates the caller's registration, with the caller as
// PPKSD-1, or updates it while it is a draft or returned.
func (db *DB) SaveRegistration(ctx context.Context, in sepakat.RegistrationInput) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RolePPKSD {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Registrasi hanya diisi oleh PPKSD.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var r *sepakat.Registration
	err = db.update(func(tx *tx) error {
		me, err := mustGetUser(tx.Tx, a.ID)
		if err != nil {
			return err
		}
		r, err = registrationOf(tx.Tx, a.ID)
		if err != nil {
			return err
		}
		if r == nil {
			if me.Verified {
				return sepakat.Errorf(sepakat.ECONFLICT, "Akun Anda sudah terverifikasi; registrasi tidak diperlukan lagi.")
			}
			id, err := nextID(tx.Bucket(bucketRegistrations))
			if err != nil {
				return err
			}
			r = &sepakat.Registration{ID: id, Status: sepakat.RegistrationDraft, CreatedAt: tx.now}
			r.History = append(r.History, sepakat.RegistrationEvent{At: tx.now, ByID: a.ID, ByName: a.Name, Status: sepakat.RegistrationDraft, Comment: "Registrasi dibuat."})
			if err := tx.Bucket(bucketRegUsers).Put(itob(a.ID), itob(id)); err != nil {
				return fmt.Errorf("put registration user: %w", err)
			}
		} else if r, err = editableRegistration(tx.Tx, a); err != nil {
			return err
		}
		before := registrationFiles(r)

		r.Institution = in.Institution
		r.Institution.ID = 0
		photo1 := r.Officer1.Photo
		r.Officer1 = officerFrom(me, in.Officer1)
		r.Officer1.Photo = photo1

		old2 := r.Officer2
		if in.Officer2Login == "" {
			r.Officer2 = sepakat.Officer{}
		} else {
			u2, err := resolveOfficer2(tx.Tx, in.Officer2Login, a.ID, r.ID)
			if err != nil {
				return err
			}
			r.Officer2 = officerFrom(u2, in.Officer2)
			if u2.ID == old2.UserID {
				r.Officer2.Photo = old2.Photo
			}
		}
		if old2.UserID != 0 && old2.UserID != r.Officer2.UserID {
			if err := tx.Bucket(bucketRegUsers).Delete(itob(old2.UserID)); err != nil {
				return fmt.Errorf("delete registration user: %w", err)
			}
		}
		if r.Officer2.UserID != 0 {
			if err := tx.Bucket(bucketRegUsers).Put(itob(r.Officer2.UserID), itob(r.ID)); err != nil {
				return fmt.Errorf("put registration user: %w", err)
			}
		}
		r.UpdatedAt = tx.now
		if err := tx.setFileRefs(registrationObject(r.ID), before, registrationFiles(r)); err != nil {
			return err
		}
		if err := putRegistration(tx.Tx, r); err != nil {
			return err
		}
		return tx.appendAudit(a, "registration.save", registrationObject(r.ID), r.Institution.Name)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AttachRegistrationFile sets a file slot (letter, photo1, photo2) of the
// caller's registration. The blob must already be stored.
func (db *DB) AttachRegistrationFile(ctx context.Context, slot sepakat.RegistrationSlot, f sepakat.File) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := slot.Validate(); err != nil {
		return nil, err
	}
	if !db.blobs.Exists(f.SHA256) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas belum diunggah.")
	}
	f.Name = truncate(strings.TrimSpace(f.Name), 200)
	f.UploadedBy = a.ID
	var r *sepakat.Registration
	err = db.update(func(tx *tx) error {
		if r, err = editableRegistration(tx.Tx, a); err != nil {
			return err
		}
		before := registrationFiles(r)
		if f.UploadedAt.IsZero() {
			f.UploadedAt = tx.now
		}
		file := f
		switch slot {
		case sepakat.SlotLetter:
			r.Letter = &file
		case sepakat.SlotPhoto1:
			r.Officer1.Photo = &file
		case sepakat.SlotPhoto2:
			if r.Officer2.UserID == 0 {
				return sepakat.Errorf(sepakat.EINVALID, "Isi akun PPKSD-2 terlebih dahulu sebelum mengunggah fotonya.")
			}
			r.Officer2.Photo = &file
		}
		r.UpdatedAt = tx.now
		if err := tx.setFileRefs(registrationObject(r.ID), before, registrationFiles(r)); err != nil {
			return err
		}
		if err := putRegistration(tx.Tx, r); err != nil {
			return err
		}
		return tx.appendAudit(a, "registration.file", registrationObject(r.ID), fmt.Sprintf("%s: %s (%s)", slot, f.Name, f.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// SubmitRegistration sends the caller's complete registration for
// verification and notifies the office staff.
func (db *DB) SubmitRegistration(ctx context.Context) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var r *sepakat.Registration
	err = db.update(func(tx *tx) error {
		if r, err = editableRegistration(tx.Tx, a); err != nil {
			return err
		}
		if missing := r.Missing(); len(missing) > 0 {
			return sepakat.Errorf(sepakat.EINVALID, "Registrasi belum lengkap: %s.", strings.Join(missing, ", "))
		}
		if _, err := resolveOfficer2(tx.Tx, r.Officer2.Login, a.ID, r.ID); err != nil {
			return err
		}
		r.Status = sepakat.RegistrationSubmitted
		r.SubmittedAt = tx.now
		r.UpdatedAt = tx.now
		r.History = append(r.History, sepakat.RegistrationEvent{At: tx.now, ByID: a.ID, ByName: a.Name, Status: r.Status, Comment: "Registrasi dikirim untuk diverifikasi."})
		if err := putRegistration(tx.Tx, r); err != nil {
			return err
		}
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Registrasi PPKSD dari %s menunggu verifikasi.", r.Institution.Name)
		if err := tx.notify(office, msg, linkVerification(r.ID), 0); err != nil {
			return err
		}
		return tx.appendAudit(a, "registration.submit", registrationObject(r.ID), r.Institution.Name)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// FindRegistrations lists registrations, latest change first: office staff
// see all, a PPKSD their own, others none.
func (db *DB) FindRegistrations(ctx context.Context, f sepakat.RegistrationFilter) ([]*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []*sepakat.Registration
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRegistrations).ForEach(func(k, v []byte) error {
			var r sepakat.Registration
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode registration: %w", err)
			}
			if canSeeRegistration(a, &r) && (f.Status == "" || r.Status == f.Status) {
				out = append(out, &r)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find registrations: %w", err)
	}
	slices.SortFunc(out, func(x, y *sepakat.Registration) int {
		return cmp.Or(y.UpdatedAt.Compare(x.UpdatedAt), cmp.Compare(y.ID, x.ID))
	})
	return out, nil
}

// FindRegistrationByID returns a registration the caller may see.
func (db *DB) FindRegistrationByID(ctx context.Context, id int64) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var r *sepakat.Registration
	err = db.view(func(tx *bolt.Tx) error {
		r, err = getRegistration(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !canSeeRegistration(a, r) {
		return nil, errRegistrationNotFound()
	}
	return r, nil
}

// DecideRegistration approves a submitted registration — creating the
// institution and verifying both officers — or returns it with a reason.
// Office staff only.
func (db *DB) DecideRegistration(ctx context.Context, id int64, approve bool, reason string) (*sepakat.Registration, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	var r *sepakat.Registration
	err = db.update(func(tx *tx) error {
		if r, err = getRegistration(tx.Tx, id); err != nil {
			return err
		}
		if !canSeeRegistration(a, r) {
			return errRegistrationNotFound()
		}
		if !a.Role.IsOffice() {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya AKP, ARNP atau Kasubbag yang dapat memverifikasi registrasi.")
		}
		if r.Status != sepakat.RegistrationSubmitted {
			return sepakat.Errorf(sepakat.ECONFLICT, "Registrasi berstatus %q; hanya registrasi yang menunggu verifikasi yang dapat diputuskan.", r.Status.Label())
		}
		if !approve && utf8.RuneCountInString(reason) < 5 {
			return sepakat.Errorf(sepakat.EINVALID, "Tuliskan alasan pengembalian (paling sedikit 5 huruf).")
		}
		if utf8.RuneCountInString(reason) > 2000 {
			return sepakat.Errorf(sepakat.EINVALID, "Alasan terlalu panjang (paling banyak 2000 huruf).")
		}
		recipients := []int64{r.Officer1.UserID, r.Officer2.UserID}
		var msg, action string
		if approve {
			if err := tx.approveRegistration(r); err != nil {
				return err
			}
			r.Status = sepakat.RegistrationApproved
			msg = fmt.Sprintf("Registrasi %s telah disetujui. Anda sekarang dapat mengajukan kerja sama.", r.Institution.Name)
			action = "registration.approve"
		} else {
			r.Status = sepakat.RegistrationReturned
			r.Reason = reason
			msg = fmt.Sprintf("Registrasi %s dikembalikan untuk diperbaiki: %s", r.Institution.Name, truncate(reason, 300))
			action = "registration.return"
		}
		r.UpdatedAt = tx.now
		r.History = append(r.History, sepakat.RegistrationEvent{At: tx.now, ByID: a.ID, ByName: a.Name, Status: r.Status, Comment: reason})
		if err := putRegistration(tx.Tx, r); err != nil {
			return err
		}
		if err := tx.notify(recipients, msg, linkMyRegistration, 0); err != nil {
			return err
		}
		return tx.appendAudit(a, action, registrationObject(r.ID), reason)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// approveRegistration creates the institution of r and verifies both
// officers, filling their empty profile fields from the registration.
func (tx *tx) approveRegistration(r *sepakat.Registration) error {
	b := tx.Bucket(bucketInstitutions)
	id, err := nextID(b)
	if err != nil {
		return err
	}
	r.Institution.ID = id
	if err := putJSON(b, itob(id), r.Institution); err != nil {
		return fmt.Errorf("put institution: %w", err)
	}
	for _, o := range []sepakat.Officer{r.Officer1, r.Officer2} {
		u, err := mustGetUser(tx.Tx, o.UserID)
		if err != nil {
			return err
		}
		u.Verified = true
		u.InstitutionID = id
		p := &u.Profile
		p.FullName = cmp.Or(p.FullName, o.Name)
		p.NIK = cmp.Or(p.NIK, o.NIK)
		p.Phone = cmp.Or(p.Phone, o.Phone)
		p.Position = cmp.Or(p.Position, o.Position)
		u.UpdatedAt = tx.now
		if err := putUser(tx.Tx, u); err != nil {
			return err
		}
	}
	return nil
}

func errInstitutionNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Instansi tidak ditemukan.")
}

func getInstitution(tx *bolt.Tx, id int64) (*sepakat.Institution, error) {
	var in sepakat.Institution
	ok, err := getJSON(tx.Bucket(bucketInstitutions), itob(id), &in)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errInstitutionNotFound()
	}
	return &in, nil
}

// FindInstitutionByID returns an institution to office staff, admins and
// the verified PPKSD of that institution.
func (db *DB) FindInstitutionByID(ctx context.Context, id int64) (*sepakat.Institution, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Role.IsOffice() && a.Role != sepakat.RoleAdmin &&
		!(a.Role == sepakat.RolePPKSD && a.Verified && a.InstitutionID == id) {
		return nil, errInstitutionNotFound()
	}
	var in *sepakat.Institution
	err = db.view(func(tx *bolt.Tx) error {
		in, err = getInstitution(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// UpdateInstitution changes the settings of the caller's own institution
// (a verified PPKSD). The ID in the input is ignored.
func (db *DB) UpdateInstitution(ctx context.Context, in sepakat.Institution) (*sepakat.Institution, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RolePPKSD || !a.Verified || a.InstitutionID == 0 {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya PPKSD terverifikasi yang dapat mengubah data instansinya.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	in.ID = a.InstitutionID
	err = db.update(func(tx *tx) error {
		if _, err := getInstitution(tx.Tx, in.ID); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketInstitutions), itob(in.ID), in); err != nil {
			return fmt.Errorf("put institution: %w", err)
		}
		return tx.appendAudit(a, "institution.update", fmt.Sprintf("institution/%d", in.ID), in.Name)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}
