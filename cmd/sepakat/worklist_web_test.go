package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// TestWorklistThroughServer: the demo's dashboards list what waits for
// each person, oldest first, the overdue marked; the reminder job, run
// with a fixed clock, notifies once per overdue item.
func TestWorklistThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	type body struct {
		Items []struct {
			Key     string    `json:"key"`
			Kind    string    `json:"kind"`
			Title   string    `json:"title"`
			Started time.Time `json:"started"`
			Due     time.Time `json:"due"`
			Days    int       `json:"days"`
			Overdue bool      `json:"overdue"`
		} `json:"items"`
		Overdue int `json:"overdue"`
	}
	kinds := map[string]map[string]bool{}
	for _, login := range []string{"kasubbag", "akp", "arnp", "ppksd1", "protokol", "tkksd"} {
		cookie := apiLoginCookie(t, base, login, DemoPassword)
		var b body
		if code := apiCall(t, cookie, "GET", base+"/api/v1/worklist", nil, &b); code != http.StatusOK {
			t.Fatalf("%s: %d", login, code)
		}
		kinds[login] = map[string]bool{}
		overdue := 0
		for i, w := range b.Items {
			kinds[login][w.Kind] = true
			if i > 0 && w.Started.Before(b.Items[i-1].Started) {
				t.Errorf("%s: not oldest first at %d", login, i)
			}
			if w.Days > 0 && w.Due.IsZero() || w.Days == 0 && w.Overdue {
				t.Errorf("%s: deadline of %+v", login, w)
			}
			if w.Overdue {
				overdue++
			}
		}
		if overdue != b.Overdue {
			t.Errorf("%s: %d overdue, counted %d", login, overdue, b.Overdue)
		}
		code, page := getText(t, cookie, base+"/")
		if code != http.StatusOK || !strings.Contains(page, `id="menunggu-anda"`) ||
			strings.Count(page, `class="lewat-tenggat"`) != b.Overdue || strings.Count(page, `data-key=`) != len(b.Items) {
			t.Errorf("%s's dashboard: %d, %d items, %d overdue", login, code, len(b.Items), b.Overdue)
		}
	}
	t.Logf("kinds: %v", kinds)
	// The office has applications and stages; the PPKSD their
	// cooperations' next actions.
	if !kinds["kasubbag"]["application"] || !kinds["tkksd"]["draft_review"] || !kinds["ppksd1"]["signing_counter"] {
		t.Errorf("kasubbag: %v", kinds["kasubbag"])
	}
	ppksdStages := false
	for k := range kinds["ppksd1"] {
		ppksdStages = ppksdStages || strings.HasPrefix(k, "stage_")
	}
	if !ppksdStages || kinds["ppksd1"]["application"] {
		t.Errorf("ppksd1: %v", kinds["ppksd1"])
	}

	// The reminder job with a fixed clock: a year on, everything with a
	// standard is overdue; reminded once.
	r := deadlineReminders{db: m.DB}
	later := time.Now().AddDate(1, 0, 0)
	n, err := r.SendReminders(context.Background(), later)
	if err != nil || n == 0 {
		t.Fatalf("first run: %d %v", n, err)
	}
	if n2, err := r.SendReminders(context.Background(), later.Add(time.Hour)); err != nil || n2 != 0 {
		t.Fatalf("second run: %d %v", n2, err)
	}
	kasubbag, err := m.DB.FindUsers(sepakat.SystemContext(context.Background()), sepakat.UserFilter{Role: sepakat.RoleKasubbag})
	if err != nil {
		t.Fatal(err)
	}
	notes, _, err := m.DB.FindNotifications(sepakat.NewContextWithUser(context.Background(), kasubbag[0]), 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range notes {
		found = found || strings.HasPrefix(x.Message, "Lewat tenggat")
	}
	if !found {
		t.Fatal("kasubbag got no reminder")
	}
}
