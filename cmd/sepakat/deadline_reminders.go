package main

import (
	"context"
	"fmt"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// deadlineReminders reminds, once per item, the people an overdue work item
// waits for (a sepakat.ReminderService for startReminders): the deadlines
// come from the stored time standards and holidays, counted in the
// office's time zone.
type deadlineReminders struct {
	db   *storage.DB
	zone *time.Location
}

// SendReminders sends the reminders of the items overdue at now.
func (r deadlineReminders) SendReminders(ctx context.Context, now time.Time) (int, error) {
	sys := sepakat.SystemContext(ctx)
	st := r.db.Settings()
	years, err := st.Holidays(sys)
	if err != nil {
		return 0, fmt.Errorf("deadline reminders: %w", err)
	}
	cal, err := sepakat.NewCalendar(years)
	if err != nil {
		return 0, fmt.Errorf("deadline reminders: %w", err)
	}
	ts, err := st.TimeStandards(sys)
	if err != nil {
		return 0, fmt.Errorf("deadline reminders: %w", err)
	}
	zone := r.zone
	if zone == nil {
		zone = time.FixedZone("WIB", 7*3600)
	}
	return r.db.SendDeadlineReminders(sys, now.In(zone), cal, ts)
}
