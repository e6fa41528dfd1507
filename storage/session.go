package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// sessionRecord is a session as stored under the SHA-256 of its token.
type sessionRecord struct {
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func errSessionExpired() error {
	return sepakat.Errorf(sepakat.EUNAUTHORIZED, "Sesi Anda telah berakhir. Silakan masuk kembali.")
}

// tokenKey is the stored key of a session token: its SHA-256. A leaked
// database therefore holds no usable token.
func tokenKey(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// CreateSession starts a session of ttl for userID, who must be the caller
// (or the caller an admin) and active, and returns its random token. Expired
// sessions are purged on the way.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	a, err := actor(ctx)
	if err != nil {
		return "", err
	}
	if a.ID != userID && a.Role != sepakat.RoleAdmin {
		return "", sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak dapat membuat sesi untuk pengguna lain.")
	}
	if ttl <= 0 {
		return "", sepakat.Errorf(sepakat.EINVALID, "Masa berlaku sesi harus lebih dari nol.")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("session token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err = db.update(func(tx *tx) error {
		r, err := mustGetUser(tx.Tx, userID)
		if err != nil {
			return err
		}
		if !r.Active {
			return errWrongLogin
		}
		b := tx.Bucket(bucketSessions)
		if err := purgeExpiredSessions(b, tx.now); err != nil {
			return err
		}
		return putJSON(b, tokenKey(token), sessionRecord{UserID: userID, CreatedAt: tx.now, ExpiresAt: tx.now.Add(ttl)})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// purgeExpiredSessions deletes the sessions that expired before now.
func purgeExpiredSessions(b *bolt.Bucket, now time.Time) error {
	var expired [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var s sessionRecord
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("decode session: %w", err)
		}
		if !now.Before(s.ExpiresAt) {
			expired = append(expired, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("purge sessions: %w", err)
	}
	for _, k := range expired {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("purge sessions: %w", err)
		}
	}
	return nil
}

// FindSessionUser returns the active user of a live session, or
// EUNAUTHORIZED. It does not write.
func (db *DB) FindSessionUser(ctx context.Context, token string) (*sepakat.User, error) {
	if token == "" {
		return nil, errSessionExpired()
	}
	now := db.now()
	var u *sepakat.User
	err := db.view(func(tx *bolt.Tx) error {
		var s sessionRecord
		ok, err := getJSON(tx.Bucket(bucketSessions), tokenKey(token), &s)
		if err != nil {
			return err
		}
		if !ok || !now.Before(s.ExpiresAt) {
			return errSessionExpired()
		}
		r, ok, err := getUser(tx, s.UserID)
		if err != nil {
			return err
		}
		if !ok || !r.Active {
			return errSessionExpired()
		}
		u = r.toUser()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// DeleteSession ends the session of token; an unknown token is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.update(func(tx *tx) error {
		return tx.Bucket(bucketSessions).Delete(tokenKey(token))
	})
}
