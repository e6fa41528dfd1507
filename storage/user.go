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

// userRecord is a user as stored: the domain User plus its password hash,
// which the domain type keeps out of JSON.
type userRecord struct {
	sepakat.User
	PasswordHash string `json:"password_hash"`
}

// toUser returns the domain user without its password hash.
func (r *userRecord) toUser() *sepakat.User {
	u := r.User
	u.PasswordHash = ""
	return &u
}

var errWrongLogin = sepakat.Errorf(sepakat.EUNAUTHORIZED, "Nama pengguna atau kata sandi salah.")

// actor returns the acting user of ctx, or EUNAUTHORIZED.
func actor(ctx context.Context) (*sepakat.User, error) {
	u := sepakat.UserFromContext(ctx)
	if u == nil || !u.Active {
		return nil, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Silakan masuk terlebih dahulu.")
	}
	return u, nil
}

func errUserNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Pengguna tidak ditemukan.")
}

// getUser reads user id; ok is false when absent.
func getUser(tx *bolt.Tx, id int64) (*userRecord, bool, error) {
	var r userRecord
	ok, err := getJSON(tx.Bucket(bucketUsers), itob(id), &r)
	if err != nil || !ok {
		return nil, false, err
	}
	return &r, true, nil
}

// mustGetUser reads user id or returns ENOTFOUND.
func mustGetUser(tx *bolt.Tx, id int64) (*userRecord, error) {
	r, ok, err := getUser(tx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errUserNotFound()
	}
	return r, nil
}

// putUser saves a user record.
func putUser(tx *bolt.Tx, r *userRecord) error {
	if err := putJSON(tx.Bucket(bucketUsers), itob(r.ID), r); err != nil {
		return fmt.Errorf("put user: %w", err)
	}
	return nil
}

// findUserIDBy looks name up in the login, email and NIP indexes, in that order.
func findUserIDBy(tx *bolt.Tx, name string) int64 {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return 0
	}
	for _, b := range [][]byte{bucketUsersLogin, bucketUsersEmail, bucketUsersNIP} {
		if v := tx.Bucket(b).Get([]byte(name)); v != nil {
			return btoi(v)
		}
	}
	return 0
}

// eachUser calls fn for every user in ID order.
func eachUser(tx *bolt.Tx, fn func(r *userRecord) error) error {
	return tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		var r userRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode user %d: %w", btoi(k), err)
		}
		return fn(&r)
	})
}

// claimUnique points the index entries of u (login, email, NIP) at u.ID,
// after checking that none belongs to another user. Since logins, emails
// and NIPs are all accepted at login, a login may not equal another user's
// NIP either.
func claimUnique(tx *bolt.Tx, id int64, login, email, nip string) error {
	taken := func(bucket []byte, key string) bool {
		v := tx.Bucket(bucket).Get([]byte(key))
		return key != "" && v != nil && btoi(v) != id
	}
	if taken(bucketUsersLogin, login) || taken(bucketUsersNIP, login) {
		return sepakat.Errorf(sepakat.ECONFLICT, "Nama pengguna %q sudah dipakai. Pilih nama pengguna lain.", login)
	}
	if taken(bucketUsersEmail, email) {
		return sepakat.Errorf(sepakat.ECONFLICT, "Email %s sudah terdaftar pada akun lain.", email)
	}
	if taken(bucketUsersNIP, nip) || taken(bucketUsersLogin, nip) {
		return sepakat.Errorf(sepakat.ECONFLICT, "NIP %s sudah terdaftar pada akun lain.", nip)
	}
	for _, x := range []struct {
		bucket []byte
		key    string
	}{{bucketUsersLogin, login}, {bucketUsersEmail, email}, {bucketUsersNIP, nip}} {
		if x.key == "" {
			continue
		}
		if err := tx.Bucket(x.bucket).Put([]byte(x.key), itob(id)); err != nil {
			return fmt.Errorf("put user index: %w", err)
		}
	}
	return nil
}

// releaseIndex removes key from an index bucket.
func releaseIndex(tx *bolt.Tx, bucket []byte, key string) error {
	if key == "" {
		return nil
	}
	return tx.Bucket(bucket).Delete([]byte(key))
}

// Authenticate returns the active user whose login, email or NIP is login
// and whose password matches; EUNAUTHORIZED with one message otherwise, in
// about the same time whether or not the account exists.
func (db *DB) Authenticate(ctx context.Context, login, password string) (*sepakat.User, error) {
	var r *userRecord
	err := db.view(func(tx *bolt.Tx) error {
		id := findUserIDBy(tx, login)
		if id == 0 {
			return nil
		}
		var err error
		r, _, err = getUser(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if r == nil {
		burnPasswordCheck(password)
		return nil, errWrongLogin
	}
	if !checkPassword(r.PasswordHash, password) || !r.Active {
		return nil, errWrongLogin
	}
	return r.toUser(), nil
}

// RecordLogin writes the audit entry of a successful login of u.
func (db *DB) RecordLogin(ctx context.Context, u *sepakat.User) error {
	if u == nil {
		return sepakat.Errorf(sepakat.EUNAUTHORIZED, "Silakan masuk terlebih dahulu.")
	}
	return db.update(func(tx *tx) error {
		return tx.appendAudit(u, "user.login", userObject(u.ID), "")
	})
}

// SignUp creates an unverified PPKSD account. No caller is needed.
func (db *DB) SignUp(ctx context.Context, n sepakat.NewUser) (*sepakat.User, error) {
	n.Role = sepakat.RolePPKSD
	if err := n.Validate(); err != nil {
		return nil, err
	}
	u, err := db.createUser(n, nil, "user.signup")
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser creates an account of any role; admin only. Staff accounts are
// verified from the start; a PPKSD account still needs its registration.
func (db *DB) CreateUser(ctx context.Context, n sepakat.NewUser) (*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin yang dapat membuat akun.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return db.createUser(n, a, "user.create")
}

// createUser hashes the password (outside the transaction: it is slow) and
// saves the account. A nil actor means the new user acts themselves.
func (db *DB) createUser(n sepakat.NewUser, a *sepakat.User, action string) (*sepakat.User, error) {
	hash, err := hashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	var r *userRecord
	err = db.update(func(tx *tx) error {
		id, err := nextID(tx.Bucket(bucketUsers))
		if err != nil {
			return err
		}
		r = &userRecord{User: sepakat.User{
			ID: id, Login: n.Login, Email: n.Email, NIP: n.NIP, Name: n.Name, Role: n.Role,
			Active: true, Verified: n.Role != sepakat.RolePPKSD,
			CreatedAt: tx.now, UpdatedAt: tx.now,
		}, PasswordHash: hash}
		if err := claimUnique(tx.Tx, id, n.Login, n.Email, n.NIP); err != nil {
			return err
		}
		if err := putUser(tx.Tx, r); err != nil {
			return err
		}
		by := a
		if by == nil {
			by = r.toUser()
		}
		return tx.appendAudit(by, action, userObject(id), fmt.Sprintf("%s (%s)", n.Login, n.Role))
	})
	if err != nil {
		return nil, err
	}
	return r.toUser(), nil
}

// canSeeUser applies the user visibility rule: oneself; admins and office
// staff see everyone; a verified PPKSD sees the verified PPKSD of the same
// institution.
func canSeeUser(a *sepakat.User, u *sepakat.User) bool {
	switch {
	case a.ID == u.ID:
		return true
	case a.Role == sepakat.RoleAdmin || a.Role.IsOffice():
		return true
	case a.Role == sepakat.RolePPKSD && a.Verified && a.InstitutionID != 0:
		return u.Role == sepakat.RolePPKSD && u.Verified && u.InstitutionID == a.InstitutionID
	}
	return false
}

// FindUserByID returns a user the caller may see, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var r *userRecord
	err = db.view(func(tx *bolt.Tx) error {
		r, err = mustGetUser(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	u := r.toUser()
	if !canSeeUser(a, u) {
		return nil, errUserNotFound()
	}
	return u, nil
}

// FindUsers lists the users the caller may see that match f, by name.
func (db *DB) FindUsers(ctx context.Context, f sepakat.UserFilter) ([]*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(strings.ToLower(f.Query))
	var out []*sepakat.User
	err = db.view(func(tx *bolt.Tx) error {
		return eachUser(tx, func(r *userRecord) error {
			u := r.toUser()
			if !canSeeUser(a, u) ||
				(f.Role != "" && u.Role != f.Role) ||
				(f.InstitutionID != 0 && u.InstitutionID != f.InstitutionID) ||
				(f.VerifiedOnly && !u.Verified) ||
				!matchWords(strings.ToLower(strings.Join([]string{u.Login, u.Email, u.NIP, u.Name, u.Profile.FullName}, " ")), words) {
				return nil
			}
			out = append(out, u)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	slices.SortFunc(out, func(x, y *sepakat.User) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), cmp.Compare(x.ID, y.ID))
	})
	return out, nil
}

// matchWords reports whether text (lowercase) contains every word.
func matchWords(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// UpdateUser changes an account; admin only. An admin cannot deactivate
// their own account or take away their own admin role.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd sepakat.UserUpdate) (*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin yang dapat mengubah akun.")
	}
	if id == a.ID && upd.Active != nil && !*upd.Active {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Anda tidak dapat menonaktifkan akun Anda sendiri.")
	}
	if id == a.ID && upd.Role != nil && *upd.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Anda tidak dapat mencabut peran admin dari akun Anda sendiri.")
	}
	var hash string
	if upd.Password != nil {
		if err := sepakat.ValidatePassword(*upd.Password); err != nil {
			return nil, err
		}
		if hash, err = hashPassword(*upd.Password); err != nil {
			return nil, err
		}
	}

	var r *userRecord
	err = db.update(func(tx *tx) error {
		if r, err = mustGetUser(tx.Tx, id); err != nil {
			return err
		}
		old := r.User
		// Check the changed fields with the same rules as a new account.
		n := sepakat.NewUser{Login: r.Login, Email: r.Email, NIP: r.NIP, Name: r.Name, Role: r.Role, Password: "unchanged-password"}
		if upd.Name != nil {
			n.Name = *upd.Name
		}
		if upd.Email != nil {
			n.Email = *upd.Email
		}
		if upd.NIP != nil {
			n.NIP = *upd.NIP
		}
		if upd.Role != nil {
			n.Role = *upd.Role
		}
		if err := n.Validate(); err != nil {
			return err
		}
		if err := claimUnique(tx.Tx, id, "", n.Email, n.NIP); err != nil {
			return err
		}
		if old.Email != n.Email {
			if err := releaseIndex(tx.Tx, bucketUsersEmail, old.Email); err != nil {
				return err
			}
		}
		if old.NIP != n.NIP {
			if err := releaseIndex(tx.Tx, bucketUsersNIP, old.NIP); err != nil {
				return err
			}
		}
		r.Name, r.Email, r.NIP, r.Role = n.Name, n.Email, n.NIP, n.Role
		if r.Role != sepakat.RolePPKSD {
			r.Verified = true
		} else if old.Role != sepakat.RolePPKSD {
			r.Verified = r.InstitutionID != 0
		}
		if upd.Active != nil {
			r.Active = *upd.Active
		}
		if hash != "" {
			r.PasswordHash = hash
		}
		r.UpdatedAt = tx.now
		if err := putUser(tx.Tx, r); err != nil {
			return err
		}
		return tx.appendAudit(a, "user.update", userObject(id), describeUserUpdate(&old, &r.User, hash != ""))
	})
	if err != nil {
		return nil, err
	}
	return r.toUser(), nil
}

// describeUserUpdate lists what an admin changed, for the audit log.
func describeUserUpdate(old, u *sepakat.User, password bool) string {
	var d []string
	if old.Name != u.Name {
		d = append(d, "name")
	}
	if old.Email != u.Email {
		d = append(d, "email "+old.Email+" → "+u.Email)
	}
	if old.NIP != u.NIP {
		d = append(d, "nip")
	}
	if old.Role != u.Role {
		d = append(d, "role "+string(old.Role)+" → "+string(u.Role))
	}
	if old.Active != u.Active {
		d = append(d, fmt.Sprintf("active %t → %t", old.Active, u.Active))
	}
	if password {
		d = append(d, "password reset")
	}
	return strings.Join(d, "; ")
}

// UpdateProfile changes the caller's own biodata.
func (db *DB) UpdateProfile(ctx context.Context, p sepakat.Profile) (*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var r *userRecord
	err = db.update(func(tx *tx) error {
		if r, err = mustGetUser(tx.Tx, a.ID); err != nil {
			return err
		}
		r.Profile = p
		r.UpdatedAt = tx.now
		if err := putUser(tx.Tx, r); err != nil {
			return err
		}
		return tx.appendAudit(a, "user.profile", userObject(a.ID), "")
	})
	if err != nil {
		return nil, err
	}
	return r.toUser(), nil
}

// ChangePassword changes the caller's own password after checking the old one.
func (db *DB) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	var current string
	err = db.view(func(tx *bolt.Tx) error {
		r, err := mustGetUser(tx, a.ID)
		if err != nil {
			return err
		}
		current = r.PasswordHash
		return nil
	})
	if err != nil {
		return err
	}
	if !checkPassword(current, oldPassword) {
		return sepakat.Errorf(sepakat.EINVALID, "Kata sandi lama salah.")
	}
	if err := sepakat.ValidatePassword(newPassword); err != nil {
		return err
	}
	if oldPassword == newPassword {
		return sepakat.Errorf(sepakat.EINVALID, "Kata sandi baru harus berbeda dari kata sandi lama.")
	}
	hash, err := hashPassword(newPassword)
	if err != nil {
		return err
	}
	return db.update(func(tx *tx) error {
		r, err := mustGetUser(tx.Tx, a.ID)
		if err != nil {
			return err
		}
		if r.PasswordHash != current {
			return sepakat.Errorf(sepakat.ECONFLICT, "Kata sandi baru saja diubah. Silakan coba lagi.")
		}
		r.PasswordHash = hash
		r.UpdatedAt = tx.now
		if err := putUser(tx.Tx, r); err != nil {
			return err
		}
		return tx.appendAudit(a, "user.password", userObject(a.ID), "")
	})
}

func userObject(id int64) string { return fmt.Sprintf("user/%d", id) }

// truncate shortens s to at most n runes, for messages.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
