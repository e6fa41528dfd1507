package sepakat_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// TestWorkdayCounter answers as WorkingDaysBetween, across weekends,
// holidays, year ends and time zones.
func TestWorkdayCounter(t *testing.T) {
	c := sepakat.DefaultCalendar()
	w := c.Counter()
	wib := time.FixedZone("WIB", 7*3600)
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, wib)
	for range 5000 {
		from := start.Add(time.Duration(r.Int64N(int64(500 * 24 * time.Hour))))
		to := from.Add(time.Duration(r.Int64N(int64(120*24*time.Hour))) - 5*24*time.Hour)
		if got, want := w.Between(from, to.UTC()), c.WorkingDaysBetween(from, to.UTC()); got != want {
			t.Fatalf("%s → %s: %d, want %d", from, to, got, want)
		}
	}
}
