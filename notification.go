package sepakat

import (
	"context"
	"time"
)

// Notification is an entry in a user's in-app inbox (NOTIFIKASI).
type Notification struct {
	ID            int64     `json:"id"`
	UserID        int64     `json:"user_id"`
	Message       string    `json:"message"`
	Link          string    `json:"link,omitempty"`
	CooperationID int64     `json:"cooperation_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	ReadAt        time.Time `json:"read_at,omitzero"`
}

// Unread reports whether the notification was not read yet.
func (n *Notification) Unread() bool { return n.ReadAt.IsZero() }

// NotificationService is the caller's inbox. Notifications are written by
// the other services, in the same transaction as the event they announce.
type NotificationService interface {
	// FindNotifications returns the caller's newest notifications (at most
	// limit) and the number unread.
	FindNotifications(ctx context.Context, limit int) ([]*Notification, int, error)
	// UnreadCount returns the caller's number of unread notifications.
	UnreadCount(ctx context.Context) (int, error)
	// MarkNotificationRead marks one of the caller's notifications read.
	MarkNotificationRead(ctx context.Context, id int64) error
	// MarkAllNotificationsRead marks all the caller's notifications read.
	MarkAllNotificationsRead(ctx context.Context) error
}
