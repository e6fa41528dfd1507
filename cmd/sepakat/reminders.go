package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/sepakat/sepakat"
)

// reminderInterval is how often the server looks for due monitoring
// entries and expiring terms.
const reminderInterval = time.Hour

// startReminders runs r.SendReminders once at start and then every
// interval, until the returned stop function is called (it waits for a
// run under way to end).
func startReminders(r sepakat.ReminderService, logger *slog.Logger, interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if n, err := r.SendReminders(ctx, time.Now()); err != nil {
				logger.Error("reminders", "err", err)
			} else if n > 0 {
				logger.Info("reminders sent", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}
