package main

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

type countingReminders struct{ runs atomic.Int32 }

func (r *countingReminders) SendReminders(context.Context, time.Time) (int, error) {
	r.runs.Add(1)
	return 0, nil
}

// TestStartReminders: the job runs at start and on every tick, and stop
// ends it (no run after stop returns).
func TestStartReminders(t *testing.T) {
	r := &countingReminders{}
	stop := startReminders(r, slog.New(slog.NewTextHandler(io.Discard, nil)), 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for r.runs.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	n := r.runs.Load()
	if n < 3 {
		t.Fatalf("%d runs", n)
	}
	time.Sleep(30 * time.Millisecond)
	if r.runs.Load() != n {
		t.Fatal("the job ran after stop")
	}
}
