package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// Notification list limits.
const (
	defaultNotificationLimit = 20
	maxNotificationLimit     = 200
)

// Notifications are stored under user id + notification id (both 8-byte
// big-endian), so that one user's inbox is a contiguous, ordered range. The
// unread count of each user is kept beside them.

func notificationKey(userID, id int64) []byte {
	return append(itob(userID), itob(id)...)
}

func errNotificationNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Notifikasi tidak ditemukan.")
}

// notify writes one notification to each recipient, inside the transaction
// of the event it announces. Duplicate and zero recipients are skipped.
func (tx *tx) notify(recipients []int64, message, link string, cooperationID int64) error {
	b := tx.Bucket(bucketNotifications)
	seen := map[int64]bool{0: true}
	for _, userID := range recipients {
		if seen[userID] {
			continue
		}
		seen[userID] = true
		id, err := nextID(b)
		if err != nil {
			return err
		}
		n := sepakat.Notification{ID: id, UserID: userID, Message: message, Link: link, CooperationID: cooperationID, CreatedAt: tx.now}
		if err := putJSON(b, notificationKey(userID, id), n); err != nil {
			return fmt.Errorf("put notification: %w", err)
		}
		if err := tx.addUnread(userID, 1); err != nil {
			return err
		}
		if err := tx.hookNotification(n); err != nil {
			return err
		}
	}
	return nil
}

// addUnread adds delta to the unread count of userID (never below zero).
func (tx *tx) addUnread(userID int64, delta int64) error {
	b := tx.Bucket(bucketUnread)
	n := unreadCount(b, userID) + delta
	if n < 0 {
		n = 0
	}
	if err := b.Put(itob(userID), itob(n)); err != nil {
		return fmt.Errorf("put unread count: %w", err)
	}
	return nil
}

func unreadCount(b *bolt.Bucket, userID int64) int64 {
	v := b.Get(itob(userID))
	if v == nil {
		return 0
	}
	return btoi(v)
}

// usersWhere returns the IDs of the active users for whom match is true.
func usersWhere(tx *bolt.Tx, match func(u *sepakat.User) bool) ([]int64, error) {
	var ids []int64
	err := eachUser(tx, func(r *userRecord) error {
		if r.Active && match(&r.User) {
			ids = append(ids, r.ID)
		}
		return nil
	})
	return ids, err
}

// officeUsers returns the active AKP, ARNP and Kasubbag.
func officeUsers(tx *bolt.Tx) ([]int64, error) {
	return usersWhere(tx, func(u *sepakat.User) bool { return u.Role.IsOffice() })
}

// FindNotifications returns the caller's newest notifications (at most
// limit; 0 means 20) and the number unread.
func (db *DB) FindNotifications(ctx context.Context, limit int) ([]*sepakat.Notification, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = defaultNotificationLimit
	}
	limit = min(limit, maxNotificationLimit)
	var out []*sepakat.Notification
	var unread int64
	err = db.view(func(tx *bolt.Tx) error {
		unread = unreadCount(tx.Bucket(bucketUnread), a.ID)
		prefix := itob(a.ID)
		c := tx.Bucket(bucketNotifications).Cursor()
		// Start after the user's last key and walk backwards.
		k, v := c.Seek(itob(a.ID + 1))
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; len(out) < limit && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			var n sepakat.Notification
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("decode notification: %w", err)
			}
			out = append(out, &n)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find notifications: %w", err)
	}
	return out, int(unread), nil
}

// UnreadCount returns the caller's number of unread notifications, read from
// a kept counter.
func (db *DB) UnreadCount(ctx context.Context) (int, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.view(func(tx *bolt.Tx) error {
		n = unreadCount(tx.Bucket(bucketUnread), a.ID)
		return nil
	})
	return int(n), err
}

// MarkNotificationRead marks one of the caller's notifications read; another
// user's notification is ENOTFOUND.
func (db *DB) MarkNotificationRead(ctx context.Context, id int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return db.update(func(tx *tx) error {
		b := tx.Bucket(bucketNotifications)
		key := notificationKey(a.ID, id)
		var n sepakat.Notification
		ok, err := getJSON(b, key, &n)
		if err != nil {
			return err
		}
		if !ok {
			return errNotificationNotFound()
		}
		if !n.Unread() {
			return nil
		}
		n.ReadAt = tx.now
		if err := putJSON(b, key, n); err != nil {
			return fmt.Errorf("put notification: %w", err)
		}
		return tx.addUnread(a.ID, -1)
	})
}

// MarkAllNotificationsRead marks all the caller's notifications read.
func (db *DB) MarkAllNotificationsRead(ctx context.Context) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return db.update(func(tx *tx) error {
		if unreadCount(tx.Bucket(bucketUnread), a.ID) == 0 {
			return nil
		}
		b := tx.Bucket(bucketNotifications)
		type change struct {
			key []byte
			n   sepakat.Notification
		}
		var changes []change
		prefix := itob(a.ID)
		c := b.Cursor()
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var n sepakat.Notification
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("decode notification: %w", err)
			}
			if n.Unread() {
				n.ReadAt = tx.now
				changes = append(changes, change{slices.Clone(k), n})
			}
		}
		for _, ch := range changes {
			if err := putJSON(b, ch.key, ch.n); err != nil {
				return fmt.Errorf("put notification: %w", err)
			}
		}
		return tx.Bucket(bucketUnread).Put(itob(a.ID), itob(0))
	})
}

// SetNotificationHook makes the storage tell h of every notification after
// the transaction that wrote it commits, with the recipient, when the
// recipient is active and has an email address (nil: nobody is told). The
// storage only keeps notifications; sending them is h's business.
func (db *DB) SetNotificationHook(h sepakat.NotificationHook) {
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	db.notifyHook = h
}

// hookNotification arranges for n to reach the notification hook after the
// commit.
func (tx *tx) hookNotification(n sepakat.Notification) error {
	h := tx.db.notifyHook
	if h == nil {
		return nil
	}
	r, ok, err := getUser(tx.Tx, n.UserID)
	if err != nil || !ok || !r.Active || r.Email == "" {
		return err
	}
	u := r.toUser()
	tx.afterCommit = append(tx.afterCommit, func() { h.Notified(&n, u) })
	return nil
}
