package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// TestAdminHolidaysMoveDeadlines checks that the holiday lists the admin
// keeps are the ones the routing sheet counts working days in: declaring
// the working days since the demo's overdue desk received the document
// holidays takes its lateness away.
func TestAdminHolidaysMoveDeadlines(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	api := base + "/api/v1"
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	admin := apiLoginCookie(t, base, "admin", DemoPassword)
	routing := fmt.Sprintf("%s/cooperations/%d/routing", api, findCooperationID(t, m, demoRoutingTitle))

	var before routingJSON
	if st := apiCall(t, kasubbag, "GET", routing, nil, &before); st != http.StatusOK {
		t.Fatalf("routing: %d", st)
	}
	desk := before.Desks[2]
	if !desk.Overdue || desk.LateDays < 1 {
		t.Fatalf("the demo's third desk should be overdue: %+v", desk)
	}

	// Every day of the last three weeks becomes a holiday of its year.
	var body struct {
		Years []sepakat.HolidayYear `json:"years"`
	}
	if st := apiCall(t, admin, "GET", api+"/holidays", nil, &body); st != http.StatusOK {
		t.Fatalf("holidays: %d", st)
	}
	now := time.Now().In(m.Server.Zone)
	for d := now.AddDate(0, 0, -21); !d.After(now); d = d.AddDate(0, 0, 1) {
		i := len(body.Years)
		for j, y := range body.Years {
			if y.Year == d.Year() {
				i = j
			}
		}
		if i == len(body.Years) {
			body.Years = append(body.Years, sepakat.HolidayYear{Year: d.Year(), Source: "uji"})
		}
		body.Years[i].Holidays = append(body.Years[i].Holidays, sepakat.Holiday{Date: d.Format(time.DateOnly), Name: "Libur uji"})
	}
	if st := apiCall(t, admin, "PUT", api+"/holidays", body, nil); st != http.StatusOK {
		t.Fatalf("save holidays: %d", st)
	}

	var after routingJSON
	if st := apiCall(t, kasubbag, "GET", routing, nil, &after); st != http.StatusOK {
		t.Fatalf("routing: %d", st)
	}
	if d := after.Desks[2]; d.Overdue || d.LateDays != 0 || d.Due == desk.Due {
		t.Errorf("after the admin's holidays the desk is still late: %+v (before: %+v)", d, desk)
	}
}
