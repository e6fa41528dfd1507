package sepakat

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// WorkItem is one thing that waits for someone: a registration to verify,
// an application to accept, a stage to finish, a draft under review, an
// approval, a signing proposal. Its deadline is when it started plus the
// time standard of its SOP step (TimeStandard.Item) in working days; items
// whose step has no time standard have no deadline.
type WorkItem struct {
	// Key names the item and its start: reminders go out once per key.
	Key           string    `json:"key"`
	Kind          string    `json:"kind"` // the TimeStandard.Item, or another kind without a standard
	Title         string    `json:"title"`
	Action        string    `json:"action"` // what is to be done, in Bahasa Indonesia
	Link          string    `json:"link"`
	CooperationID int64     `json:"cooperation_id,omitempty"`
	Started       time.Time `json:"started"`
	Days          int       `json:"days,omitempty"` // the time standard; 0: none
	Due           time.Time `json:"due,omitzero"`
	Overdue       bool      `json:"overdue"`
	// Roles and Users are who it waits for: anyone of the roles, and the
	// users named.
	Roles []Role  `json:"-"`
	Users []int64 `json:"-"`
}

// For reports whether the item waits for u.
func (w *WorkItem) For(u *User) bool {
	return u != nil && (slices.Contains(w.Roles, u.Role) || slices.Contains(w.Users, u.ID))
}

// SetDeadline sets the deadline of an item that takes days working days
// from its start (none when days ≤ 0), and whether it is overdue at now.
func (w *WorkItem) SetDeadline(cal *Calendar, days int, now time.Time) {
	w.Days = days
	if days <= 0 {
		return
	}
	w.Due = cal.AddWorkingDays(w.Started, days)
	w.Overdue = now.After(w.Due)
}

// SortWorkItems orders the oldest first (then by key).
func SortWorkItems(items []WorkItem) {
	slices.SortFunc(items, func(x, y WorkItem) int {
		return cmp.Or(x.Started.Compare(y.Started), cmp.Compare(x.Key, y.Key))
	})
}

// WorklistService tells each person what waits for them, and reminds them
// once when an item becomes overdue.
type WorklistService interface {
	// Worklist lists what waits for the caller at now, oldest first.
	Worklist(ctx context.Context, now time.Time, cal *Calendar, standards []TimeStandard) ([]WorkItem, error)
	// SendDeadlineReminders notifies the people an overdue item waits for,
	// once per item (system only); it returns how many items were reminded.
	SendDeadlineReminders(ctx context.Context, now time.Time, cal *Calendar, standards []TimeStandard) (int, error)
}
