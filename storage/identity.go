package storage

import (
	"context"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// identityKey is the key of a single sign-on identity in bucketIdentities.
func identityKey(issuer, subject string) []byte {
	return []byte(issuer + "\x00" + subject)
}

var errSignOnUnknown = sepakat.Errorf(sepakat.EFORBIDDEN,
	"Akun SSO Anda belum terhubung dengan akun Sepakat: tidak ada akun dengan email atau NIP yang sama. "+
		"Daftar terlebih dahulu sebagai PPKSD dengan email atau NIP yang sama, atau minta admin Bagian Kerja Sama membuatkan akun.")

var errSignOnInactive = sepakat.Errorf(sepakat.EFORBIDDEN,
	"Akun Sepakat Anda tidak aktif. Hubungi admin Bagian Kerja Sama.")

// SignOn returns the active user linked to the identity. The first time an
// identity is seen it is linked to the account with the same verified
// email, else the same NIP, and the link is kept (later sign-ons match the
// subject first, so a changed email does not matter). Links and sign-ons are
// in the audit log (user.sso_link, user.sso_login).
func (db *DB) SignOn(ctx context.Context, id sepakat.ExternalIdentity) (*sepakat.User, error) {
	if id.Issuer == "" || id.Subject == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Identitas SSO tidak lengkap.")
	}
	var u *sepakat.User
	err := db.update(func(tx *tx) error {
		key := identityKey(id.Issuer, id.Subject)
		b := tx.Bucket(bucketIdentities)
		var userID int64
		linkedBy := ""
		if v := b.Get(key); v != nil {
			userID = btoi(v)
		} else {
			userID, linkedBy = matchIdentity(tx.Tx, id)
			if userID == 0 {
				return errSignOnUnknown
			}
		}
		r, ok, err := getUser(tx.Tx, userID)
		if err != nil {
			return err
		}
		if !ok {
			return errSignOnUnknown
		}
		if !r.Active {
			return errSignOnInactive
		}
		u = r.toUser()
		if linkedBy != "" {
			if err := b.Put(key, itob(userID)); err != nil {
				return fmt.Errorf("put identity: %w", err)
			}
			detail := fmt.Sprintf("%s subject %s, by %s", id.Issuer, id.Subject, linkedBy)
			if err := tx.appendAudit(u, "user.sso_link", userObject(u.ID), truncate(detail, 500)); err != nil {
				return err
			}
		}
		return tx.appendAudit(u, "user.sso_login", userObject(u.ID), truncate(id.Issuer, 300))
	})
	if err != nil {
		if sepakat.ErrorCode(err) != sepakat.EINTERNAL {
			return nil, err
		}
		return nil, fmt.Errorf("sign on: %w", err)
	}
	return u, nil
}

// matchIdentity finds the account of a new identity: by verified email,
// else by NIP. It returns 0 when none matches.
func matchIdentity(tx *bolt.Tx, id sepakat.ExternalIdentity) (int64, string) {
	if email := strings.ToLower(strings.TrimSpace(id.Email)); email != "" && id.EmailVerified {
		if v := tx.Bucket(bucketUsersEmail).Get([]byte(email)); v != nil {
			return btoi(v), "email " + email
		}
	}
	if nip := strings.TrimSpace(id.NIP); nip != "" {
		if v := tx.Bucket(bucketUsersNIP).Get([]byte(nip)); v != nil {
			return btoi(v), "NIP " + nip
		}
	}
	return 0, ""
}
